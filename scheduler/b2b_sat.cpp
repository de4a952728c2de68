// Exact break minimisation by SAT for the B2B shape (see b2b_sat.h).
//
// The formula (one per fairness mode below), variables in the ids' order:
//   x(m, s)     meeting m in slot s, for the slots it may take; exactly one per meeting;
//   le(m, s)    meeting m in slot s or earlier (order encoding), for meetings others come after:
//               x(n, s) -> le(m, s - 1) for every m in n's `after` list;
//   per resource (participant or person) and slot at most one meeting; per slot at most
//   `tables` meetings (sequential counter);
//   busy(p, s) <-> some meeting of p is in s;  seen(p, s) <-> p is busy in s or earlier;
//   end(p, s)  <-> busy(p, s) and not busy(p, s - 1) and seen(p, s - 2): a break of p ends in s.
//   Every break ends exactly once, so p's ends are exactly its breaks.
// Implied constraints (true of every schedule; they make the proofs short): each participant is
// busy in exactly as many slots as it has meetings; a slot has at most 2 x tables busy
// participants; a participant without a break fills one window of consecutive slots (window
// start variables, active when none of its ends is set).
//
// The search: first "no break at all?" on a formula of its own with the break ends as units
// (without_breaks), which either finds an optimal schedule or proves one break; then lower
// bounds by cores (by_cores: OLL), starting from the schedule given (the phases of CaDiCaL
// follow it) or a first one found here; a model at the bound is optimal. Where
// the cores stop short (conflict limit or clock), a large neighbourhood search lowers the upper
// bound (improve_by_neighbourhoods). A call stopped by its conflict limit or the clock proves
// nothing; the best schedule and the bound are what is known then.
//
// Fairness (break counts of any two participants differ by at most d). Two encodings:
//   kEachWithinSpread: every participant has at most d breaks. Every such schedule is fair (the
//     fewest anyone has is at least 0). Conversely, a fair schedule with fewer breaks in total
//     than there are participants has a participant without a break, so the fewest is 0 and
//     everyone has at most d: it is one of these. Hence, with N participants and T the optimum
//     of this restricted problem: if T < N, T is also the fair optimum; and every fair schedule
//     has at least min(lb, N) breaks for any lb proven here. When some participant has at most
//     one meeting (no break in any schedule), the two problems are the same outright.
//   kExact: per participant an exact count of its ends (totalizer, both directions), and for
//     every k: if anyone has at least k + d + 1 breaks, everyone has at least k + 1. Used only
//     where the restricted problem cannot decide (its optimum is N or more, or it has no
//     schedule while every participant could have a break).
// The fairness clauses hang on an activation literal, so that the same formula also tells
// "no schedule at all" (infeasible) from "no fair schedule" (unfair).
#include "scheduler/b2b_sat.h"

#include <algorithm>
#include <cadical.hpp>
#include <cstdint>
#include <functional>
#include <vector>

#include "scheduler/cnf.h"

namespace dialogdag::sched {
namespace {

enum class Fairness { kNone, kEachWithinSpread, kExact };

constexpr int kSat = 10, kUnsat = 20;
constexpr int kTrimRounds = 3;
constexpr int kNeighbourhoodSize = 8;  // participants freed: 2 .. 2 + this - 1
constexpr std::int64_t kNeighbourhoodConflicts = 5000;

class StopTerminator : public CaDiCaL::Terminator {
 public:
  explicit StopTerminator(const std::function<bool()>& stop) : stop_(stop) {}
  bool terminate() override { return stop_ && stop_(); }

 private:
  const std::function<bool()>& stop_;
};

class Encoding {
 public:
  // `configuration`: one of CaDiCaL's named configurations ("sat", "unsat"), or nullptr.
  Encoding(const BreaksProblem& p, Fairness fairness, const BreaksBudget& budget,
           const char* configuration = nullptr)
      : p_(p), stop_(budget.stop), cnf_(solver_) {
    if (configuration) solver_.configure(configuration);
    solver_.set("quiet", 1);  // CaDiCaL prints some findings to stdout otherwise
    solver_.connect_terminator(&stop_);
    const int meetings = static_cast<int>(p.between.size());
    x_.assign(meetings, std::vector<int>(p.slots, 0));
    std::vector<std::vector<std::vector<int>>> at(p.resource_count,
                                                  std::vector<std::vector<int>>(p.slots));
    std::vector<std::vector<int>> in_slot(p.slots);
    std::vector<std::vector<int>> meetings_of(p.participants);
    for (int m : p.meeting_order) {
      std::vector<int> vars;
      for (int s : p.slots_of[m]) {
        const int var = x_[m][s] = cnf_.fresh();
        vars.push_back(var);
        for (int res : p.resources[m]) at[res][s].push_back(var);
        in_slot[s].push_back(var);
      }
      cnf_.clause(vars);
      cnf_.at_most_one(vars);
      for (int who : p.between[m]) meetings_of[who].push_back(m);
    }

    // Order: le(m, s) for meetings that others come after.
    std::vector<char> before_someone(meetings, 0);
    for (int m = 0; m < meetings; ++m)
      for (int b : p.after[m]) before_someone[b] = 1;
    std::vector<std::vector<int>> le(meetings);
    for (int m : p.meeting_order) {
      if (!before_someone[m]) continue;
      le[m].assign(p.slots, 0);
      int previous = 0;  // 0: constant false
      for (int s = 0; s < p.slots; ++s) le[m][s] = previous = either(previous, x_[m][s]);
    }
    for (int m : p.meeting_order)
      for (int b : p.after[m])
        for (int s : p.slots_of[m]) {
          const int earlier = s > 0 ? le[b][s - 1] : 0;
          if (earlier)
            cnf_.clause({-x_[m][s], earlier});
          else
            cnf_.clause({-x_[m][s]});
        }

    std::vector<int> resource_order = p.participant_order;
    for (int person = p.participants; person < p.resource_count; ++person)
      resource_order.push_back(person);
    for (int res : resource_order)
      for (const auto& vars : at[res]) cnf_.at_most_one(vars);
    if (p.tables >= 0)
      for (const auto& vars : in_slot) cnf_.at_most(vars, p.tables);

    // Busy slots and break ends.
    ends_of_.resize(p.participants);
    std::vector<std::vector<int>> busy_at(p.slots);
    for (int who : p.participant_order) {
      const int n = static_cast<int>(meetings_of[who].size());
      if (n == 0) continue;
      std::vector<int> busy(p.slots, 0), seen(p.slots, 0);
      for (int s = 0; s < p.slots; ++s) {
        std::vector<int> here;
        for (int m : meetings_of[who])
          if (x_[m][s]) here.push_back(x_[m][s]);
        busy[s] = any_of(here);
        seen[s] = either(s > 0 ? seen[s - 1] : 0, busy[s]);
        if (n < 2 || s < 2 || !busy[s] || !seen[s - 2]) continue;  // one meeting: no break
        const int end = cnf_.fresh();
        cnf_.clause({-end, busy[s]});
        cnf_.clause({-end, seen[s - 2]});
        if (busy[s - 1]) {
          cnf_.clause({-end, -busy[s - 1]});
          cnf_.clause({end, -busy[s], busy[s - 1], -seen[s - 2]});
        } else {
          cnf_.clause({end, -busy[s], -seen[s - 2]});
        }
        ends_of_[who].push_back(end);
        ends_.push_back(end);
      }
      for (int s = 0; s < p.slots; ++s)
        if (busy[s]) busy_at[s].push_back(busy[s]);
      if (n < 2) continue;
      // Implied: exactly as many busy slots as meetings.
      std::vector<int> used;
      for (int s = 0; s < p.slots; ++s)
        if (busy[s]) used.push_back(busy[s]);
      // (with fewer usable slots than meetings, at_least[n] is a variable forced false).
      const std::vector<int> at_least = cnf_.totalizer(used, n + 1, true);
      cnf_.clause({at_least[n]});
      cnf_.clause({-at_least[n + 1]});
      if (ends_of_[who].empty()) continue;
      // Without a break, the participant's meetings fill one window of consecutive slots.
      const int compact = cnf_.fresh();
      std::vector<int> why{compact};
      for (int end : ends_of_[who]) cnf_.clause({-compact, -end}), why.push_back(end);
      cnf_.clause(why);
      std::vector<int> starts(p.slots, 0), any{-compact};
      for (int t = 0; t + n <= p.slots; ++t) {
        bool possible = true;
        for (int s = t; s < t + n; ++s) possible = possible && busy[s];
        if (!possible) continue;
        starts[t] = cnf_.fresh();
        any.push_back(starts[t]);
        cnf_.clause({-starts[t], compact});
        for (int s = t; s < t + n; ++s) cnf_.clause({-starts[t], busy[s]});
      }
      cnf_.clause(any);
      for (int s = 0; s < p.slots; ++s) {
        if (!busy[s]) continue;
        std::vector<int> c{-compact, -busy[s]};
        for (int t = std::max(0, s - n + 1); t <= s; ++t)
          if (starts[t]) c.push_back(starts[t]);
        cnf_.clause(c);
      }
    }

    // Implied: a meeting makes exactly two participants busy, so a slot with at most `tables`
    // meetings has at most 2 x tables busy participants. With the busy counts above, this is
    // what proves most lower bounds of the benchmark (the meeting-level counters alone leave
    // CaDiCaL to rediscover it; without them, on the other hand, it finds schedules slower).
    if (p.tables >= 0)
      for (const auto& busy : busy_at)
        if (static_cast<int>(busy.size()) > 2 * p.tables)
          cnf_.clause({-cnf_.totalizer(busy, 2 * p.tables + 1)[2 * p.tables + 1]});
    if (fairness == Fairness::kNone || !p.spread) return;
    fair_ = cnf_.fresh();
    const int d = *p.spread;
    if (fairness == Fairness::kEachWithinSpread) {
      for (int who : p.participant_order)
        if (static_cast<int>(ends_of_[who].size()) > d)
          cnf_.clause({-fair_, -cnf_.totalizer(ends_of_[who], d + 1)[d + 1]});
      return;
    }
    // kExact: at_least[p][j] <-> p has at least j breaks.
    std::vector<std::vector<int>> at_least(p.participants);
    int most = 0;
    for (int who : p.participant_order) {
      const int n = static_cast<int>(ends_of_[who].size());
      at_least[who] = cnf_.totalizer(ends_of_[who], n, true);
      most = std::max(most, n);
    }
    for (int k = 0; k + d + 1 <= most; ++k) {
      const int someone_high = cnf_.fresh();  // someone has at least k + d + 1 breaks
      for (int who : p.participant_order)
        if (static_cast<int>(ends_of_[who].size()) >= k + d + 1)
          cnf_.clause({-at_least[who][k + d + 1], someone_high});
      for (int who : p.participant_order) {
        if (static_cast<int>(ends_of_[who].size()) >= k + 1)
          cnf_.clause({-fair_, -someone_high, at_least[who][k + 1]});
        else
          cnf_.clause({-fair_, -someone_high});
      }
    }
  }

  // Solves with the fairness rule (when `fair`) and `assumptions`, the search starting from
  // `phases` (slot per meeting; may be empty). kSat, kUnsat or 0 (stopped: proves nothing).
  int solve(const std::vector<int>& assumptions, bool fair, const std::vector<int>& phases,
            std::int64_t conflicts) {
    if (!phases.empty())
      for (int m : p_.meeting_order)
        for (int s : p_.slots_of[m]) solver_.phase(phases[m] == s ? x_[m][s] : -x_[m][s]);
    if (fair && fair_) solver_.assume(fair_);
    for (int lit : assumptions) solver_.assume(lit);
    solver_.limit("conflicts", static_cast<int>(std::min<std::int64_t>(conflicts, 2'000'000'000)));
    return solver_.solve();
  }
  // REQUIRES: the last solve() returned kUnsat.
  bool failed(int lit) { return solver_.failed(lit); }
  const std::vector<int>& ends() const { return ends_; }
  // Adds what a proven lower bound of at least one says, so that the cores start from it.
  void at_least_one_break() { cnf_.clause(ends_); }
  int at(int m, int s) const { return x_[m][s]; }
  // Counts breaks up to `limit`: returns at_least[j], j = 1..limit.
  std::vector<int> counting(long limit) { return cnf_.totalizer(ends_, static_cast<int>(limit)); }
  Cnf& cnf() { return cnf_; }

  // REQUIRES: the last solve() returned kSat.
  std::vector<int> model() {
    std::vector<int> slot(p_.between.size(), -1);
    for (int m : p_.meeting_order)
      for (int s : p_.slots_of[m])
        if (solver_.val(x_[m][s]) > 0) slot[m] = s;
    return slot;
  }

 private:
  // A literal equivalent to a or b (0 = constant false).
  int either(int a, int b) {
    if (!a) return b;
    if (!b) return a;
    return any_of({a, b});
  }
  // A literal equivalent to the disjunction of `lits` (0 when empty).
  int any_of(const std::vector<int>& lits) {
    if (lits.empty()) return 0;
    if (lits.size() == 1) return lits[0];
    const int var = cnf_.fresh();
    std::vector<int> why{-var};
    for (int lit : lits) cnf_.clause({-lit, var}), why.push_back(lit);
    cnf_.clause(why);
    return var;
  }

  const BreaksProblem& p_;
  CaDiCaL::Solver solver_;
  StopTerminator stop_;
  Cnf cnf_;
  std::vector<std::vector<int>> x_;        // [meeting][slot], 0 where the slot is not possible
  std::vector<std::vector<int>> ends_of_;  // per participant
  std::vector<int> ends_;                  // all, in participant order
  int fair_ = 0;                           // activation literal of the fairness clauses
};

long total_breaks(const BreaksProblem& p, const std::vector<int>& slot) {
  long total = 0;
  for (int b : breaks_per_participant(p, slot)) total += b;
  return total;
}

// "A schedule without a single break?", asked of a formula of its own in which every break end
// is a unit clause. CaDiCaL simplifies a formula with its units, not with assumptions (which is
// how the cores ask the same question), and that settles the question much sooner either way.
// B2B originals (d = 2): refuted on ticf-13crafc in 5-10 s where the cores' first call took
// about 50 s, on forum-13crafc in 1.4 s instead of 5 s; a schedule without breaks on
// ticf-14crafa in 2.3 s instead of 17.5 s. CaDiCaL's "sat" configuration gave the best total
// over the 20 originals ("unsat" refutes faster, but finds the schedules slower). A schedule
// without breaks keeps any fairness rule, so the rule is left out. Returns kSat (the schedule
// in `slot`), kUnsat (every schedule has a break), or 0 (stopped: proves nothing).
int without_breaks(const BreaksProblem& p, const BreaksBudget& budget, std::vector<int>& slot) {
  Encoding formula(p, Fairness::kNone, budget, "sat");
  for (int end : formula.ends()) formula.cnf().clause({-end});
  const int result = formula.solve({}, false, p.hint, budget.conflicts_per_call);
  if (result == kSat) slot = formula.model();
  return result;
}

// Lower bounds by cores (minimise_by_cores in cnf.h) with every break end as a cost; a model at
// the bound is an optimal schedule. Raises `lb` to the cores found; stops at lb >= `stop_at`.
// Returns whether a call stopped short. `best` and `ub` are the best schedule (empty when none)
// and its breaks; a model replaces them.
bool by_cores(Encoding& formula, const BreaksProblem& p, const BreaksBudget& budget,
              std::vector<int>& best, long& ub, long& lb, long stop_at) {
  auto ask = [&](const std::vector<int>& assumptions) {
    return formula.solve(assumptions, true, best, budget.conflicts_per_call);
  };
  auto failed = [&](int lit) { return formula.failed(lit); };
  const CoresOutcome cores =
      minimise_by_cores(formula.cnf(), formula.ends(), ub, lb, stop_at, kTrimRounds, ask, failed);
  lb = std::max(lb, cores.cores);
  if (cores.end == CoresEnd::kModel) {
    std::vector<int> slot = formula.model();
    const long breaks = total_breaks(p, slot);
    if (best.empty() || breaks < ub) {
      best = std::move(slot);
      ub = breaks;
      if (budget.improved) budget.improved(best, ub, lb);
    }
  }
  return cores.end == CoresEnd::kStopped;
}

// Where the cores stop short of a schedule at the bound: a large neighbourhood search. Each
// round keeps every meeting where `best` has it except those of a few participants (some with
// breaks, some drawn at random) and, every other round, those in a window of slots; it asks
// for a schedule with fewer breaks than `best`, with a small conflict limit; a model is a better
// schedule. A fixed number of rounds, drawn from a
// fixed seed, so that the result depends on the instance only (and on the clock when it stops
// the search). Ends when ub reaches lb.
void improve_by_neighbourhoods(Encoding& formula, const BreaksProblem& p,
                               const BreaksBudget& budget, std::vector<int>& best, long& ub,
                               long lb) {
  if (ub <= lb) return;
  const std::vector<int> at_least = formula.counting(ub);
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  auto below = [&](int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  };
  const int meetings = static_cast<int>(best.size());
  for (int round = 0; round < budget.neighbourhood_rounds && ub > lb; ++round) {
    if (budget.stop && budget.stop()) return;
    const std::vector<int> breaks = breaks_per_participant(p, best);
    std::vector<int> breaking;
    for (int who : p.participant_order)
      if (breaks[who] > 0) breaking.push_back(who);
    std::vector<char> free_participant(p.participants, 0), free_slot(p.slots, 0);
    const int size = 2 + round % kNeighbourhoodSize;
    for (int k = 0; k < size; ++k) {
      const bool aimed = !breaking.empty() && k % 2 == 0;
      free_participant[aimed ? breaking[below(static_cast<int>(breaking.size()))]
                             : p.participant_order[below(p.participants)]] = 1;
    }
    if (round % 2 == 1) {  // and every meeting in a window of slots
      const int width = std::min(p.slots, 2 + below(5));
      const int first = below(p.slots - width + 1);
      for (int s = first; s < first + width; ++s) free_slot[s] = 1;
    }
    std::vector<int> assumptions{-at_least[ub]};
    for (int m = 0; m < meetings; ++m)
      if (!free_participant[p.between[m][0]] && !free_participant[p.between[m][1]] &&
          !free_slot[best[m]])
        assumptions.push_back(formula.at(m, best[m]));
    const int result = formula.solve(assumptions, true, best, kNeighbourhoodConflicts);
    if (result != kSat) continue;
    best = formula.model();
    ub = total_breaks(p, best);
    if (budget.improved) budget.improved(best, ub, lb);
  }
}

}  // namespace

std::vector<int> breaks_per_participant(const BreaksProblem& p, const std::vector<int>& slot) {
  std::vector<std::vector<char>> busy(p.participants, std::vector<char>(p.slots, 0));
  for (size_t m = 0; m < slot.size(); ++m)
    if (slot[m] >= 0)
      for (int who : p.between[m]) busy[who][slot[m]] = 1;
  std::vector<int> breaks(p.participants, 0);
  for (int who = 0; who < p.participants; ++who) {
    bool seen = false;
    for (int s = 0; s < p.slots; ++s) {
      if (busy[who][s] && seen && !busy[who][s - 1]) ++breaks[who];
      seen = seen || busy[who][s];
    }
  }
  return breaks;
}

BreaksOutcome minimise_breaks(const BreaksProblem& p, const BreaksBudget& budget) {
  long lb = std::max(0L, p.known_bound);
  std::vector<int> best = p.hint;
  long ub = best.empty() ? 0 : total_breaks(p, best);

  auto finish = [&](BreaksVerdict verdict) {
    BreaksOutcome out;
    out.verdict = verdict;
    out.bound = lb;
    if (verdict == BreaksVerdict::kOptimal || verdict == BreaksVerdict::kFeasible)
      out.slot = best, out.breaks = ub;
    return out;
  };
  // A first schedule from `formula` when there is none yet: kSat when there is one now.
  auto start = [&](Encoding& formula) {
    if (!best.empty()) return kSat;
    const int result = formula.solve({}, true, best, budget.conflicts_per_call);
    if (result == kSat) {
      best = formula.model();
      ub = total_breaks(p, best);
      if (budget.improved) budget.improved(best, ub, lb);
    }
    return result;
  };
  // The verdict when `formula` has no schedule with the fairness rule: is there one without?
  auto no_fair_schedule = [&](Encoding& formula) {
    if (!p.spread) return finish(BreaksVerdict::kInfeasible);
    const int result = formula.solve({}, false, best, budget.conflicts_per_call);
    return finish(result == kUnsat ? BreaksVerdict::kInfeasible
                  : result == kSat ? BreaksVerdict::kUnfair
                                   : BreaksVerdict::kUnknown);
  };
  auto done = [&] { return finish(lb >= ub ? BreaksVerdict::kOptimal : BreaksVerdict::kFeasible); };
  // Where the caller's clock has run out: what is known so far. Asked before each formula is
  // built, which cannot be stopped (35-160 ms each on the originals on a 2-core machine).
  auto out_of_time = [&] { return budget.stop && budget.stop(); };
  auto as_far_as_known = [&] { return best.empty() ? finish(BreaksVerdict::kUnknown) : done(); };

  std::vector<int> count(p.participants, 0);
  for (const auto& pair : p.between)
    for (int who : pair) ++count[who];
  const bool someone_never_breaks =
      std::any_of(count.begin(), count.end(), [](int n) { return n < 2; });

  // The whole search on one encoding: a first schedule, the cores, then the neighbourhoods.
  auto search = [&](Fairness fairness) {
    if (out_of_time()) return as_far_as_known();
    Encoding formula(p, fairness, budget);
    if (lb >= 1) formula.at_least_one_break();
    const int result = start(formula);
    if (result == kUnsat) return no_fair_schedule(formula);
    if (result != kSat) return finish(BreaksVerdict::kUnknown);
    if (budget.first_schedule_only) return done();
    by_cores(formula, p, budget, best, ub, lb, ub);
    improve_by_neighbourhoods(formula, p, budget, best, ub, lb);
    return done();
  };

  if (budget.first_schedule_only && !best.empty()) return done();
  if (out_of_time()) return as_far_as_known();
  // Not a single break: a schedule without any is optimal (and fair); where there is none,
  // every schedule has a break, and the cores below start from that. Only with a schedule at
  // hand: without one, finding any comes first (the search below, from a first model).
  if (lb == 0 && !best.empty() && ub > 0) {
    std::vector<int> slot;
    const int result = without_breaks(p, budget, slot);
    if (result == kSat) {
      best = std::move(slot);
      ub = 0;
      if (budget.improved) budget.improved(best, ub, lb);
      return finish(BreaksVerdict::kOptimal);
    }
    if (result == kUnsat) lb = 1;
  }
  // Without a fairness rule, or where "everyone within d" is the fairness rule itself.
  if (!p.spread || someone_never_breaks)
    return search(p.spread ? Fairness::kEachWithinSpread : Fairness::kNone);

  // Fairness, and every participant could have a break: the restricted problem first (see the
  // top of this file), then the exact encoding where it cannot decide.
  const long participants = p.participants;
  {
    if (out_of_time()) return as_far_as_known();
    Encoding formula(p, Fairness::kEachWithinSpread, budget);
    if (lb >= 1) formula.at_least_one_break();
    const int result = start(formula);
    if (result == 0) return finish(BreaksVerdict::kUnknown);
    if (result == kSat && budget.first_schedule_only) return done();
    if (result == kSat) {
      long restricted_lb = lb;
      const bool stopped = by_cores(formula, p, budget, best, ub, restricted_lb, participants);
      lb = std::max(lb, std::min(restricted_lb, participants));
      if (stopped) improve_by_neighbourhoods(formula, p, budget, best, ub, lb);
      if (lb >= ub || stopped) return done();
    } else {
      lb = std::max(lb, participants);  // no fair schedule has fewer breaks than participants
    }
  }
  return search(Fairness::kExact);
}

}  // namespace dialogdag::sched
