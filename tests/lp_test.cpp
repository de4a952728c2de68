// The LP wrapper (scheduler/lp.h): its bound is the optimum where CLP finds it, and never below.
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
