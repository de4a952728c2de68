// The independent checker: decides whether a schedule keeps every hard constraint of
// shared/spec/scheduling-format.md and recomputes every objective figure from scratch.
//
// It deliberately shares no code with the solver (only the model types), so that a bug in one
// cannot hide in the other. It trusts nothing in the schedule: assignments may name a meeting
// twice, a slot out of range, a missing or superfluous room; each is reported, never a crash.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scheduler/model.h"

namespace dialogdag::sched {

struct CheckReport {
  std::vector<std::string> violations;  // one sentence each; empty = the schedule is valid
  Objective objective;                  // recomputed from the assignments
  std::vector<int> breaks_by_participant;
  bool valid() const { return violations.empty(); }
};

// Checks `schedule` against `instance`. With `previous`, the `moved` figure counts meetings that
// `previous` placed and `schedule` places in another slot or room or not at all; without it,
// moved = 0. Besides the hard constraints, the report lists as violations: a status that
// contradicts the content (e.g. "infeasible" with assignments), an objective in the schedule that
// differs from the recomputed one, an optional meeting that is neither assigned nor listed in
// `unscheduled`, and a bound.breaks above the schedule's own breaks.
CheckReport check_schedule(const Instance& instance, const Schedule& schedule,
                           const std::optional<Schedule>& previous = std::nullopt);

}  // namespace dialogdag::sched
