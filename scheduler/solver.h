// The solver: places the meetings of an Instance (shared/spec/scheduling-format.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "scheduler/model.h"

namespace dialogdag::sched {

struct Progress {
  Objective best;             // of the best valid schedule found so far
  std::int64_t bound_breaks;  // proven lower bound on breaks
  std::int64_t elapsed_ms;
};

struct SolveOptions {
  std::uint64_t seed = 1;
  // Wall-clock budget in milliseconds; the solver returns its best schedule by then. The search
  // itself is bounded by work, not time, so below the limit the result depends only on the
  // instance and the seed (as long as the run stays under 80 % of the limit; past that the
  // break search stops exploring and only descends).
  std::int64_t time_limit_ms = 10'000;
  const Schedule* previous = nullptr;  // stability: meetings move from here only when it pays
  // Optional: called on the solving thread with the best valid schedule's objective, the proven
  // lower bound on breaks and the milliseconds since solve() started: when the first valid
  // schedule is ready, whenever it improves, and about once a second in between (from the clock
  // reads the search makes anyway). It only observes: the result is the same with or without
  // it. It must not throw.
  std::function<void(const Progress&)> progress;
};

// Returns a schedule that keeps every hard constraint (status optimal or feasible), or status
// infeasible with a reason when no schedule can place every required meeting, or status unknown
// with a reason when the time limit ran out before a schedule placing every required meeting was
// found. Never throws on a valid Instance.
//
// The clock is injected so that the core stays free of I/O: `now_ms` returns monotonic
// milliseconds.
using ClockMs = std::function<std::int64_t()>;
Schedule solve(const Instance& instance, const SolveOptions& options, ClockMs now_ms);

}  // namespace dialogdag::sched
