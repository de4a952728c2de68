// The exact reference of the benchmark: a MIP model of a B2B-shaped instance in CPLEX LP format
// and its solution by Debian's CBC (coinor-cbc), to compare against our solver on the same
// instance and machine. Bench code: it writes files and runs a program.
//
// The model (every meeting required, one lexicographic level: total breaks under fairness d):
//   x[m][s]  binary, meeting m in slot s, for the slots m may take (its session, both
//            participants available, its fixed slot);
//   each meeting in exactly one slot; per person (member, or the participant itself) and slot at
//   most one meeting; per slot at most `tables` meetings (rooms = N tables);
//   busy[p][s] = sum of x over p's meetings (0/1 by the rule above);
//   late[p][s] in [0,1]: p has a meeting in slot s or later (late >= busy, late[s] >= late[s+1],
//            late[s] <= sum of busy from s on: exactly the "or");
//   brk[p][s] in [0,1], s >= 1: a break of p starts at slot s (busy at s-1, idle at s, busy
//            later): brk >= busy[s-1] - busy[s] + late[s+1] - 1, and brk <= each of the three,
//            so brk is exact at integer x and the fairness rows below count true breaks;
//   fairness: low <= sum brk[p] <= high for every participant, high - low <= d;
//   precedences (`after`): slot(a) + 1 <= slot(m);
//   minimise the sum of all brk.
#pragma once

#include <optional>
#include <string>

#include "scheduler/model.h"

namespace dialogdag::bench {

// Whether write_lp() models `instance` exactly: every meeting required, rooms unlimited or N
// tables, no weights, preferred slots or home rooms (the B2B shape). The reason when not.
std::optional<std::string> mip_unsupported(const sched::Instance& instance);

// The model above in CPLEX LP format; variable x_M_S is meeting M in slot S.
// REQUIRES: !mip_unsupported(instance).
std::string write_lp(const sched::Instance& instance);

struct MipResult {
  std::string status;  // "optimal", "feasible" (a schedule, stopped at the time limit),
                       // "infeasible", "unknown" (stopped without a schedule, or failed)
  std::optional<int> breaks;        // objective of the best solution found
  std::optional<double> bound;      // CBC's lower bound when it stopped early
  double seconds = 0;               // CBC's wall-clock time
  std::optional<sched::Schedule> schedule;  // the best solution as a schedule of `instance`
  std::string error;                // why CBC gave nothing (not installed, ...)
};

// Writes the LP to a temporary directory and runs `cbc` (single thread, `seconds` limit).
MipResult solve_with_cbc(const sched::Instance& instance, int seconds);

}  // namespace dialogdag::bench
