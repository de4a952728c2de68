// Linear programmes, solved by CLP (COIN-OR, Debian's coinor-libclp-dev), for proven bounds,
// and their integer points, searched by CBC (COIN-OR's branch and cut, coinor-libcbc-dev).
// The solver uses them where a SAT search would have to refute a count (the preferred-slot
// level): a relaxation's optimum bounds every integer solution, and the LP answers in
// milliseconds where a refutation by SAT can take longer than any time limit; where the LP's
// bound is not tight, CBC's cuts and branching close the gap (seconds, where SAT took minutes).
#pragma once

#include <functional>
#include <limits>
#include <utility>
#include <vector>

namespace dialogdag::sched {

inline constexpr double kNoLimit = std::numeric_limits<double>::infinity();

// Maximise objective . x subject to row_lower <= A x <= row_upper and column bounds, all of
// them finite except row bounds (kNoLimit or -kNoLimit).
class LinearProgram {
 public:
  // `integer`: the column takes whole values in best_integer_point (maximum_bound ignores it).
  int add_column(double objective, double lower, double upper, bool integer = false);
  // REQUIRES: each column index came from add_column; each appears at most once.
  int add_row(const std::vector<std::pair<int, double>>& terms, double lower, double upper);
  int columns() const { return static_cast<int>(objective_.size()); }
  int rows() const { return static_cast<int>(row_lower_.size()); }

  // An upper bound on the maximum, or kNoLimit when CLP ends without an optimal basis within
  // `max_seconds` (or finds the programme infeasible). The bound is computed here from CLP's
  // dual values by weak duality, so it holds whatever the simplex's tolerances were: for any
  // row multipliers y, objective . x = y . A x + (objective - y A) . x, and each term is at
  // most what the bounds allow.
  double maximum_bound(double max_seconds) const;

  // The best point with whole values in the integer columns, among those whose objective is at
  // least `at_least`, by CBC's branch and cut. kNone: CBC's proof that there is no such point;
  // kBest: `point` is a maximum of the objective over all points with whole values; kStopped
  // (the node limit, which keeps the answer the same on every machine, or `keep_going`): `point`
  // is the best found so far (empty when none), and nothing is proven. Unlike maximum_bound,
  // the answer is CBC's own, reached in floating point with its tolerances: exact in practice
  // for programmes with small whole coefficients like the solver's, but not checked here.
  struct IntegerSearch {
    enum class End { kNone, kBest, kStopped } end;
    std::vector<double> point;  // per column
  };
  // `keep_going`, when given, is asked at each of CBC's events (each node, each point found, each
  // pass of cuts): false stops the search (kStopped, with the best point found so far). CBC gets
  // no time limit of its own (but for the feasibility pump's, see `seconds_left`): time is the
  // caller's, asked through `keep_going`, so the answer depends on the caller's clock and the
  // node limit only (see lp.cpp). With `heuristics` on,
  // CBC's primal heuristics (feasibility pump, rounding, local search) look for points beside
  // the branching: time lost where the cuts do the proving (the solver's preferred-slot
  // questions), the quickest way to a point where the LP's optimum is far from every integer
  // point (its breaks questions: cbc's command line on a model of the 80-supplier day, seed 18,
  // found a day without breaks at the root in 1.7 s with them, after 979 nodes and 73 s
  // without).
  // `seconds_left`, when given, is asked at each event too, and at the start of the branch and
  // bound: the most seconds the feasibility pump (which sends no events while it runs) may still
  // take, counted in CPU time from the pump's start. It should read no clock of its own where the
  // clock's readings count (the time left as of `keep_going`'s reading will do).
  enum class Heuristics { kOff, kOn };
  IntegerSearch best_integer_point(double at_least, int max_nodes,
                                   const std::function<bool()>& keep_going = {},
                                   Heuristics heuristics = Heuristics::kOff,
                                   const std::function<double()>& seconds_left = {}) const;

 private:
  // The bound weak duality gives for row multipliers y (see maximum_bound). Multipliers whose
  // sign would need an infinite row bound are taken as 0.
  double dual_bound(std::vector<double> y) const;

  std::vector<double> objective_, column_lower_, column_upper_;
  std::vector<char> integer_;
  std::vector<double> row_lower_, row_upper_;
  std::vector<std::vector<std::pair<int, double>>> column_entries_;  // per column: (row, value)
};

}  // namespace dialogdag::sched
