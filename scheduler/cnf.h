// Clauses for CaDiCaL, with the cardinality encodings the exact paths of the solver use.
// Variables are numbered 1, 2, ... in the order fresh() hands them out, so that a caller that
// creates them in a fixed order (ids, not input positions) gets the same formula every time.
#pragma once

#include <algorithm>
#include <cadical.hpp>
#include <cstddef>
#include <vector>

namespace dialogdag::sched {

class Cnf {
 public:
  explicit Cnf(CaDiCaL::Solver& solver) : solver_(solver) {}
  int fresh() { return ++vars_; }
  void clause(const std::vector<int>& lits) {
    for (int lit : lits) solver_.add(lit);
    solver_.add(0);
  }
  // At most one of `lits` (sequential encoding for more than four).
  void at_most_one(const std::vector<int>& lits) {
    if (lits.size() <= 4) {
      for (size_t i = 0; i < lits.size(); ++i)
        for (size_t j = i + 1; j < lits.size(); ++j) clause({-lits[i], -lits[j]});
      return;
    }
    int prefix = lits[0];
    for (size_t i = 1; i < lits.size(); ++i) {
      const int next = fresh();
      clause({-prefix, next});
      clause({-lits[i], next});
      clause({-prefix, -lits[i]});
      prefix = next;
    }
  }
  // Sequential counter (Sinz): returns at_least[j] for j = 1..limit, each forced true when at
  // least j of `lits` are true. Assuming -at_least[j] bounds the count by j - 1.
  std::vector<int> counter(const std::vector<int>& lits, int limit) {
    std::vector<int> previous(static_cast<size_t>(limit) + 1, 0), current(previous.size(), 0);
    for (int lit : lits) {
      for (int j = 1; j <= limit; ++j) {
        current[j] = fresh();
        if (previous[j]) clause({-previous[j], current[j]});
        if (j == 1)
          clause({-lit, current[j]});
        else if (previous[j - 1])
          clause({-lit, -previous[j - 1], current[j]});
      }
      previous.swap(current);
    }
    for (int j = 1; j <= limit; ++j)
      if (!previous[j]) previous[j] = fresh(), clause({-previous[j]});  // fewer lits than j
    return previous;
  }
  void at_most(const std::vector<int>& lits, int k) {
    if (k < 0) return clause({});
    if (k >= static_cast<int>(lits.size())) return;
    clause({-counter(lits, k + 1)[k + 1]});
  }
  // Totalizer (Bailleux and Boufkhad), cut off at `limit`: returns out[j] for j = 1..limit
  // (out[0] unused), each forced true when at least j of `lits` are true. With `exact`, also
  // forced false when fewer than j are true, so that out[j] means "at least j" both ways.
  // Where there are fewer than j literals, out[j] is a variable forced false.
  std::vector<int> totalizer(const std::vector<int>& lits, int limit, bool exact = false) {
    std::vector<int> out = merge_range(lits, 0, lits.size(), limit, exact);
    out.insert(out.begin(), 0);
    while (static_cast<int>(out.size()) <= limit) {
      out.push_back(fresh());
      clause({-out.back()});
    }
    return out;
  }

 private:
  // The totalizer's node over lits[from, to): its outputs "at least 1..min(size, limit)".
  std::vector<int> merge_range(const std::vector<int>& lits, size_t from, size_t to, int limit,
                               bool exact) {
    if (to - from == 1) return {lits[from]};
    if (to == from) return {};
    const size_t middle = from + (to - from) / 2;
    const std::vector<int> a = merge_range(lits, from, middle, limit, exact);
    const std::vector<int> b = merge_range(lits, middle, to, limit, exact);
    const int na = static_cast<int>(a.size()), nb = static_cast<int>(b.size());
    const int size = std::min(limit, na + nb);
    std::vector<int> out(static_cast<size_t>(size));
    for (int& var : out) var = fresh();
    // at_a(i): "at least i of a", i = 0..na (0: always true; beyond na: always false).
    auto at_a = [&](int i) { return i == 0 ? 0 : a[i - 1]; };
    auto at_b = [&](int j) { return j == 0 ? 0 : b[j - 1]; };
    for (int i = 0; i <= na; ++i)
      for (int j = 0; j <= nb; ++j) {
        const int sum = i + j;
        if (sum >= 1 && sum <= size) {  // a >= i and b >= j  ->  out >= i + j
          std::vector<int> c{out[sum - 1]};
          if (i) c.push_back(-at_a(i));
          if (j) c.push_back(-at_b(j));
          clause(c);
        }
        // a < i + 1 and b < j + 1  ->  out < i + j + 1
        if (exact && sum + 1 <= size) {
          std::vector<int> c{-out[sum]};
          if (i < na) c.push_back(at_a(i + 1));
          if (j < nb) c.push_back(at_b(j + 1));
          clause(c);
        }
      }
    return out;
  }

  CaDiCaL::Solver& solver_;
  int vars_ = 0;
};

// How minimise_by_cores ended: a model (a schedule paying exactly `cores`), a call that stopped
// short (its conflict limit or the clock; it proves nothing), or the bound reached its limit.
enum class CoresEnd { kModel, kStopped, kLimit };
struct CoresOutcome {
  long cores = 0;  // cores found: a lower bound on the cost of every model of the clauses
  CoresEnd end = CoresEnd::kLimit;
};

// The core-guided search (OLL, Morgado et al. 2014), unweighted: each of `costs` is a literal
// that costs one when true. Each call assumes all current soft literals (at first the negated
// costs); an unsatisfiable call's failed assumptions (a core) cannot all hold, so every model
// pays at least one more: the bound rises by one. Trimming asks again with the core alone
// (`trim_rounds` times at most): CaDiCaL often names a smaller one, and a smaller core makes a
// tighter reformulation. The core's literals are then replaced by a totalizer over them that
// allows one of them to be paid ("at most 1" becomes the new soft literal, "at most j + 1"
// replaces "at most j" when that is in a core in turn). A satisfiable call is a model paying
// exactly the bound; the caller reads it from the solver. Totalizers count only up to what the
// gap `ub` - bound can still use (`ub`: the cost of the best model known).
// `ask(assumptions)` solves: 10 satisfiable, 20 unsatisfiable, anything else stopped;
// `failed(lit)` tells, after an unsatisfiable call, whether an assumption is in its core.
// Runs while max(`known`, cores) < min(`ub`, `stop_at`), `known` being a bound proven before.
// The clauses it adds (totalizers, units for cores of one) hold in every model of the others.
template <typename Ask, typename Failed>
CoresOutcome minimise_by_cores(Cnf& cnf, const std::vector<int>& costs, long ub, long known,
                               long stop_at, int trim_rounds, Ask&& ask, Failed&& failed) {
  struct Soft {
    int lit;        // assumed true
    int totalizer;  // -1: a cost's negation; else index into `totals`, lit = -out[bound]
    int bound;
  };
  std::vector<Soft> softs;
  for (int lit : costs) softs.push_back({-lit, -1, 0});
  std::vector<std::vector<int>> totals;
  CoresOutcome out;
  while (std::max(known, out.cores) < std::min(ub, stop_at)) {
    std::vector<int> assumptions;
    for (const Soft& soft : softs) assumptions.push_back(soft.lit);
    const int result = ask(assumptions);
    if (result == 10) {
      out.end = CoresEnd::kModel;
      return out;
    }
    if (result != 20) {
      out.end = CoresEnd::kStopped;
      return out;
    }
    std::vector<Soft> core, rest;
    for (const Soft& soft : softs) (failed(soft.lit) ? core : rest).push_back(soft);
    for (int round = 0; round < trim_rounds && core.size() > 1; ++round) {
      std::vector<int> lits;
      for (const Soft& soft : core) lits.push_back(soft.lit);
      if (ask(lits) != 20) break;  // a trimming call that stops keeps the core found so far
      std::vector<Soft> smaller;
      for (const Soft& soft : core) (failed(soft.lit) ? smaller : rest).push_back(soft);
      if (smaller.size() == core.size()) break;
      core = std::move(smaller);
    }
    ++out.cores;
    softs = std::move(rest);
    std::vector<int> paid;  // one of these is true in every model
    for (const Soft& soft : core) {
      paid.push_back(-soft.lit);
      if (soft.totalizer >= 0 && soft.bound + 1 < static_cast<int>(totals[soft.totalizer].size()))
        softs.push_back({-totals[soft.totalizer][soft.bound + 1], soft.totalizer, soft.bound + 1});
    }
    if (paid.size() == 1) {
      cnf.clause(paid);
      continue;
    }
    const int limit = static_cast<int>(std::min<long>(paid.size(), ub - out.cores + 1));
    totals.push_back(cnf.totalizer(paid, limit));
    if (limit >= 2) softs.push_back({-totals.back()[2], static_cast<int>(totals.size()) - 1, 2});
  }
  return out;
}

}  // namespace dialogdag::sched
