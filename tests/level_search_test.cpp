// CBC's levels on a second thread (scheduler/level_search.h): its answers are those of
// best_integer_point asked alone, its refutations are known without waiting, and it ends at the
// first level with a point.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "scheduler/level_search.h"
#include "scheduler/lp.h"

using namespace dialogdag::sched;

namespace {

// A set packing that CBC settles by cuts and branching: 60 columns worth 1 to 9, rows of three
// columns that exclude each other, drawn by a fixed generator. `worth` gets the columns' worth.
LinearProgram set_packing(std::vector<int>& worth) {
  LinearProgram lp;
  std::uint64_t state = 777;
  auto below = [&](int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  };
  const int columns = 60;
  for (int j = 0; j < columns; ++j) {
    worth.push_back(1 + below(9));
    lp.add_column(worth.back(), 0, 1, true);
  }
  for (int i = 0; i < 3 * columns; ++i) {
    const int a = below(columns), b = below(columns), c = below(columns);
    if (a != b && b != c && a != c) lp.add_row({{a, 1}, {b, 1}, {c, 1}}, -kNoLimit, 1);
  }
  return lp;
}

double worth_of(const std::vector<int>& worth, const std::vector<double>& point) {
  double total = 0;
  for (size_t j = 0; j < worth.size(); ++j) total += worth[j] * point[j];
  return total;
}

}  // namespace

TEST_CASE("levels above the best are refuted, and the first level with a point gives CBC's "
          "own answer there") {
  std::vector<int> worth;
  const LinearProgram lp = set_packing(worth);
  const LinearProgram::IntegerSearch alone = lp.best_integer_point(0, 1000);
  REQUIRE(alone.end == LinearProgram::IntegerSearch::End::kBest);
  const long best = static_cast<long>(worth_of(worth, alone.point) + 0.5);

  LevelSearch levels(lp, best + 3, 1000);
  for (long level = best + 3; level > best; --level) {
    const std::optional<LinearProgram::IntegerSearch> refuted = levels.answer(level);
    REQUIRE(refuted);
    CHECK(refuted->end == LinearProgram::IntegerSearch::End::kNone);
    CHECK(levels.most_refuted_below() <= level - 1);
  }
  const std::optional<LinearProgram::IntegerSearch> found = levels.answer(best);
  REQUIRE(found);
  CHECK(found->end == LinearProgram::IntegerSearch::End::kBest);
  CHECK(worth_of(worth, found->point) == doctest::Approx(static_cast<double>(best)));
  const LinearProgram::IntegerSearch at_best = lp.best_integer_point(best, 1000);
  CHECK(found->end == at_best.end);
  CHECK(found->point == at_best.point);
  // Nothing below the first level with a point, and no refutation of it.
  CHECK(levels.most_refuted_below() == best);
  CHECK(!levels.answer(best - 1));
  // Above the top: never asked.
  CHECK(!levels.answer(best + 4));
}
