// The LP wrapper (scheduler/lp.h): its bound is the optimum where CLP finds it, and never below;
// its integer points come from CBC, and "none" is only said where there is none.
#include <doctest/doctest.h>

#include "scheduler/lp.h"

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

TEST_CASE("an infeasible LP gives no bound, and an empty one gives 0") {
  LinearProgram lp;
  const int x = lp.add_column(1, 0, 1);
  lp.add_row({{x, 1}}, 2, kNoLimit);
  CHECK(lp.maximum_bound(1.0) == kNoLimit);
  CHECK(LinearProgram().maximum_bound(1.0) == 0);
}

TEST_CASE("an integer point reaching a target is found where one exists, and refuted where the "
          "LP alone cannot refute it") {
  // The three pairwise exclusive choices again: the LP reaches 1.5, whole values reach 1.
  LinearProgram lp;
  const int x = lp.add_column(1, 0, 1, true), y = lp.add_column(1, 0, 1, true),
            z = lp.add_column(1, 0, 1, true);
  lp.add_row({{x, 1}, {y, 1}}, -kNoLimit, 1);
  lp.add_row({{y, 1}, {z, 1}}, -kNoLimit, 1);
  lp.add_row({{x, 1}, {z, 1}}, -kNoLimit, 1);
  REQUIRE(lp.maximum_bound(1.0) > 1.4);
  CHECK(lp.find_integer_point(2, 1000, 10.0).end == LinearProgram::IntegerSearch::End::kNone);

  const LinearProgram::IntegerSearch one = lp.find_integer_point(1, 1000, 10.0);
  REQUIRE(one.end == LinearProgram::IntegerSearch::End::kFound);
  REQUIRE(one.point.size() == 3);
  double chosen = 0;
  for (double v : one.point) {
    CHECK((v == doctest::Approx(0) || v == doctest::Approx(1)));
    chosen += v;
  }
  CHECK(chosen == doctest::Approx(1));
}

TEST_CASE("columns not marked integer may take fractions in an integer point") {
  // Maximise x + f: x integer in [0, 1], f in [0, 1], x + 2f <= 1.5 and x + f <= 1.25. With
  // x = 1, f = 0.25 the objective is 1.25; no point with whole f gets there.
  LinearProgram lp;
  const int x = lp.add_column(1, 0, 1, true), f = lp.add_column(1, 0, 1);
  lp.add_row({{x, 1}, {f, 2}}, -kNoLimit, 1.5);
  lp.add_row({{x, 1}, {f, 1}}, -kNoLimit, 1.25);
  const LinearProgram::IntegerSearch point = lp.find_integer_point(1.2, 1000, 10.0);
  REQUIRE(point.end == LinearProgram::IntegerSearch::End::kFound);
  CHECK(point.point[x] == doctest::Approx(1));
  CHECK(point.point[f] == doctest::Approx(0.25));
}
