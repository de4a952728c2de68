// Exact break minimisation by SAT (CaDiCaL) for instances of the B2B benchmark's shape: every
// meeting must be held, the only objective is the total number of breaks, under the fairness
// rule when there is one. The solver (solver.cpp) uses it where an instance has that shape and
// keeps its own search as the fallback.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace dialogdag::sched {

// The problem as the encoding sees it: meetings, their possible slots, and what they occupy.
// REQUIRES: every index in range; slots_of sorted; `after` acyclic is not required (a cycle is
// simply infeasible).
struct BreaksProblem {
  int slots = 0;
  int participants = 0;
  int resource_count = 0;  // resources 0..participants-1 are the participants, then persons
  int tables = -1;         // at most this many meetings per slot; -1 = no limit
  std::vector<std::array<int, 2>> between;  // per meeting: its two participants
  std::vector<std::vector<int>> resources;  // per meeting: participants and persons it occupies
  std::vector<std::vector<int>> slots_of;   // per meeting: the slots it may be held in
  std::vector<std::vector<int>> after;      // per meeting: meetings held in an earlier slot
  std::optional<int> spread;                // fairness: max - min breaks per participant
  // Variables are created in these orders (the ids' order), so that the order of the input
  // plays no part in the formula and hence in the result.
  std::vector<int> meeting_order;
  std::vector<int> participant_order;
  std::vector<int> hint;  // per meeting: a slot the search tries first, or -1; may be empty
  long known_bound = 0;   // a proven lower bound on breaks of every valid schedule
};

struct BreaksBudget {
  std::int64_t conflicts_per_call = 1'000'000;  // a call that reaches it proves nothing
  int neighbourhood_rounds = 3000;  // at most this many rounds of the neighbourhood search
  // Return as soon as a valid schedule is at hand (the hint, or the first model found): with
  // kFeasible, or kOptimal when it has no more breaks than the known bound. For a caller that
  // improves a first schedule in its own way before minimising.
  bool first_schedule_only = false;
  // The wall clock: true = stop at once. Asked by CaDiCaL during each call and before each
  // formula is built; once it says stop, the answer is the hint (or kUnknown without one).
  std::function<bool()> stop;
  // Optional: called with each better schedule (slot per meeting), its breaks and the bound.
  std::function<void(const std::vector<int>& slot, long breaks, long bound)> improved;
};

enum class BreaksVerdict {
  kOptimal,     // `slot` has the fewest breaks of any valid schedule (bound == breaks)
  kFeasible,    // `slot` is valid; `bound` is a proven lower bound, below its breaks
  kInfeasible,  // no schedule holds every meeting, even without the fairness rule
  kUnfair,      // schedules exist, but none keeps the fairness rule
  kUnknown,     // the budget ran out before any valid schedule was found
};

struct BreaksOutcome {
  BreaksVerdict verdict = BreaksVerdict::kUnknown;
  std::vector<int> slot;  // per meeting, with kOptimal and kFeasible
  long breaks = 0;
  long bound = 0;  // proven lower bound on breaks of every valid schedule (also with kUnknown)
};

BreaksOutcome minimise_breaks(const BreaksProblem& problem, const BreaksBudget& budget);

// Breaks of each participant in a complete assignment `slot` (per meeting).
std::vector<int> breaks_per_participant(const BreaksProblem& problem, const std::vector<int>& slot);

}  // namespace dialogdag::sched
