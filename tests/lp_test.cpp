// The LP wrapper (scheduler/lp.h): its bound is the optimum where CLP finds it, and never below;
// its integer points come from CBC, and "none" is only said where there is none.
#include <doctest/doctest.h>

#include "scheduler/lp.h"

#include <cstdint>
#include <vector>

using namespace dialogdag::sched;

TEST_CASE("an LP's bound is its optimum, for rows bounded above, below and on both sides") {
  // Maximise 2x + y + z: x + y <= 1.5, y - z >= -0.25, x + z = 1, all in [0, 1].
  // Optimum x = 1, z = 0, y = 0.5: 2.5.
  LinearProgram lp;
  const int x = lp.add_column(2, 0, 1), y = lp.add_column(1, 0, 1), z = lp.add_column(1, 0, 1);
  lp.add_row({{x, 1}, {y, 1}}, -kNoLimit, 1.5);
  lp.add_row({{y, 1}, {z, -1}}, -0.25, kNoLimit);
  lp.add_row({{x, 1}, {z, 1}}, 1, 1);
  CHECK(lp.maximum_bound(1.0) == doctest::Approx(2.5).epsilon(1e-9));
  CHECK(lp.maximum_bound(1.0) >= 2.5 - 1e-12);
}

TEST_CASE("a fractional optimum bounds the integer one from above: three pairwise exclusive "
          "choices") {
  // x + y <= 1, y + z <= 1, x + z <= 1: integer points have at most one, the LP has 1.5.
  LinearProgram lp;
  const int x = lp.add_column(1, 0, 1), y = lp.add_column(1, 0, 1), z = lp.add_column(1, 0, 1);
  lp.add_row({{x, 1}, {y, 1}}, -kNoLimit, 1);
  lp.add_row({{y, 1}, {z, 1}}, -kNoLimit, 1);
  lp.add_row({{x, 1}, {z, 1}}, -kNoLimit, 1);
  CHECK(lp.maximum_bound(1.0) == doctest::Approx(1.5).epsilon(1e-9));
}

TEST_CASE("an infeasible programme gives no bound and no point, and an empty one gives 0") {
  LinearProgram lp;
  const int x = lp.add_column(1, 0, 1);
  lp.add_row({{x, 1}}, 2, kNoLimit);
  CHECK(lp.maximum_bound(1.0) == kNoLimit);
  CHECK(LinearProgram().maximum_bound(1.0) == 0);
  CHECK(lp.best_integer_point(0, 1000).end == LinearProgram::IntegerSearch::End::kNone);
  CHECK(LinearProgram().best_integer_point(0, 1000).end ==
        LinearProgram::IntegerSearch::End::kBest);
  CHECK(LinearProgram().best_integer_point(1, 1000).end ==
        LinearProgram::IntegerSearch::End::kNone);
}

TEST_CASE("the best integer point reaching a target is found where one exists, and \"none\" is "
          "proven where the LP alone cannot refute it") {
  // The three pairwise exclusive choices again, the first worth 1.5: the LP reaches 1.75 (each
  // at 0.5), whole values 1.5 (x alone).
  LinearProgram lp;
  const int x = lp.add_column(1.5, 0, 1, true), y = lp.add_column(1, 0, 1, true),
            z = lp.add_column(1, 0, 1, true);
  lp.add_row({{x, 1}, {y, 1}}, -kNoLimit, 1);
  lp.add_row({{y, 1}, {z, 1}}, -kNoLimit, 1);
  lp.add_row({{x, 1}, {z, 1}}, -kNoLimit, 1);
  REQUIRE(lp.maximum_bound(1.0) == doctest::Approx(1.75));
  CHECK(lp.best_integer_point(1.6, 1000).end == LinearProgram::IntegerSearch::End::kNone);

  // Asked for at least 1: the best point (1.5), not merely one that reaches 1.
  const LinearProgram::IntegerSearch best = lp.best_integer_point(1, 1000);
  REQUIRE(best.end == LinearProgram::IntegerSearch::End::kBest);
  REQUIRE(best.point.size() == 3);
  CHECK(best.point[x] == doctest::Approx(1));
  CHECK(best.point[y] == doctest::Approx(0));
  CHECK(best.point[z] == doctest::Approx(0));
}

TEST_CASE("columns not marked integer may take fractions in an integer point") {
  // Maximise x + f: x integer in [0, 1], f in [0, 1], x + 2f <= 1.5 and x + f <= 1.25. The best
  // is x = 1, f = 0.25: 1.25; with whole values f would be 0.
  LinearProgram lp;
  const int x = lp.add_column(1, 0, 1, true), f = lp.add_column(1, 0, 1);
  lp.add_row({{x, 1}, {f, 2}}, -kNoLimit, 1.5);
  lp.add_row({{x, 1}, {f, 1}}, -kNoLimit, 1.25);
  const LinearProgram::IntegerSearch point = lp.best_integer_point(1.2, 1000);
  REQUIRE(point.end == LinearProgram::IntegerSearch::End::kBest);
  CHECK(point.point[x] == doctest::Approx(1));
  CHECK(point.point[f] == doctest::Approx(0.25));
}

// A set packing that CBC settles only by branching: 80 columns worth 1 to 9 (`worth`), rows of
// three columns that exclude each other, drawn by a fixed generator.
LinearProgram set_packing(std::vector<int>& worth) {
  LinearProgram lp;
  std::uint64_t state = 12345;
  auto below = [&](int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  };
  const int columns = 80;
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

// The worth of a search's point in set_packing's terms.
double worth_of(const std::vector<int>& worth, const LinearProgram::IntegerSearch& search) {
  double total = 0;
  for (size_t j = 0; j < worth.size(); ++j) total += worth[j] * search.point[j];
  return total;
}

TEST_CASE("CBC asks keep_going at its events, and stops the search when told") {
  std::vector<int> worth;
  const LinearProgram lp = set_packing(worth);
  int asked = 0;
  const LinearProgram::IntegerSearch settled =
      lp.best_integer_point(0, 100'000, [&] { return ++asked > 0; });
  CHECK(settled.end == LinearProgram::IntegerSearch::End::kBest);
  CHECK(asked > 0);

  const LinearProgram::IntegerSearch stopped =
      lp.best_integer_point(0, 100'000, [] { return false; });
  CHECK(stopped.end == LinearProgram::IntegerSearch::End::kStopped);
}

TEST_CASE("with CBC's primal heuristics on, the best point's worth and the proofs are the same") {
  std::vector<int> worth;
  const LinearProgram lp = set_packing(worth);
  const LinearProgram::IntegerSearch off = lp.best_integer_point(0, 100'000);
  const LinearProgram::IntegerSearch on =
      lp.best_integer_point(0, 100'000, {}, LinearProgram::Heuristics::kOn);
  REQUIRE(off.end == LinearProgram::IntegerSearch::End::kBest);
  REQUIRE(on.end == LinearProgram::IntegerSearch::End::kBest);
  CHECK(worth_of(worth, on) == doctest::Approx(worth_of(worth, off)));
  CHECK(lp.best_integer_point(worth_of(worth, off) + 1, 100'000, {},
                              LinearProgram::Heuristics::kOn)
            .end == LinearProgram::IntegerSearch::End::kNone);
}

TEST_CASE("the feasibility pump's time is asked for, and a spent one changes no answer") {
  // The pump sends no events while it runs; its limit comes from `seconds_left`, asked before
  // the branch and bound and at each event. With no time left for it, CBC still finds and
  // proves the best point on its own.
  std::vector<int> worth;
  const LinearProgram lp = set_packing(worth);
  const LinearProgram::IntegerSearch alone = lp.best_integer_point(0, 100'000);
  REQUIRE(alone.end == LinearProgram::IntegerSearch::End::kBest);
  int asked = 0;
  const LinearProgram::IntegerSearch spent = lp.best_integer_point(
      0, 100'000, [] { return true; }, LinearProgram::Heuristics::kOn, [&] {
        ++asked;
        return 0.0;
      });
  CHECK(asked > 0);
  REQUIRE(spent.end == LinearProgram::IntegerSearch::End::kBest);
  CHECK(worth_of(worth, spent) == doctest::Approx(worth_of(worth, alone)));
}

TEST_CASE("a search the caller stops proves nothing: never \"none\" where a point might exist") {
  // CBC refutes one above the best worth when left alone; stopped at once, it must not claim it.
  std::vector<int> worth;
  const LinearProgram lp = set_packing(worth);
  const LinearProgram::IntegerSearch best = lp.best_integer_point(0, 100'000);
  REQUIRE(best.end == LinearProgram::IntegerSearch::End::kBest);
  const double most = worth_of(worth, best);
  REQUIRE(lp.best_integer_point(most + 1, 100'000).end ==
          LinearProgram::IntegerSearch::End::kNone);
  int asked = 0;
  const LinearProgram::IntegerSearch stopped =
      lp.best_integer_point(most + 1, 100'000, [&] { return ++asked < 0; });
  CHECK(stopped.end == LinearProgram::IntegerSearch::End::kStopped);
  CHECK(asked > 0);
}
