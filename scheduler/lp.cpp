#include "scheduler/lp.h"

#include <coin/CbcEventHandler.hpp>
#include <coin/CbcHeuristicFPump.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CbcSolver.hpp>
#include <coin/Clp_C_Interface.h>
#include <coin/CoinPackedVector.hpp>
#include <coin/OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cfloat>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>

namespace dialogdag::sched {

int LinearProgram::add_column(double objective, double lower, double upper, bool integer) {
  objective_.push_back(objective);
  integer_.push_back(integer ? 1 : 0);
  column_lower_.push_back(lower);
  column_upper_.push_back(upper);
  column_entries_.emplace_back();
  return columns() - 1;
}

int LinearProgram::add_row(const std::vector<std::pair<int, double>>& terms, double lower,
                           double upper) {
  const int row = rows();
  row_lower_.push_back(lower);
  row_upper_.push_back(upper);
  for (const auto& [column, value] : terms) column_entries_[column].emplace_back(row, value);
  return row;
}

double LinearProgram::dual_bound(std::vector<double> y) const {
  double bound = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] > 0 && row_upper_[i] == kNoLimit) y[i] = 0;
    if (y[i] < 0 && row_lower_[i] == -kNoLimit) y[i] = 0;
    if (y[i] != 0) bound += y[i] > 0 ? y[i] * row_upper_[i] : y[i] * row_lower_[i];
  }
  for (size_t j = 0; j < objective_.size(); ++j) {
    double reduced = objective_[j];
    for (const auto& [row, value] : column_entries_[j]) reduced -= y[row] * value;
    bound += reduced > 0 ? reduced * column_upper_[j] : reduced * column_lower_[j];
  }
  return bound;
}

namespace {

// The programme in the column-major arrays CLP and CBC load, infinite bounds as DBL_MAX.
struct ColumnMajor {
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> indexes;
  std::vector<double> values, row_lower, row_upper;
};

std::vector<double> coin_bounds(const std::vector<double>& bounds) {
  std::vector<double> out(bounds);
  for (double& b : out) b = b == kNoLimit ? DBL_MAX : b == -kNoLimit ? -DBL_MAX : b;
  return out;
}

ColumnMajor column_major(const std::vector<std::vector<std::pair<int, double>>>& column_entries,
                         const std::vector<double>& row_lower,
                         const std::vector<double>& row_upper) {
  ColumnMajor out;
  for (const auto& entries : column_entries) {
    for (const auto& [row, value] : entries) out.indexes.push_back(row), out.values.push_back(value);
    out.starts.push_back(static_cast<CoinBigIndex>(out.indexes.size()));
  }
  out.row_lower = coin_bounds(row_lower);
  out.row_upper = coin_bounds(row_upper);
  return out;
}

}  // namespace

double LinearProgram::maximum_bound(double max_seconds) const {
  if (columns() == 0) return 0;
  const ColumnMajor a = column_major(column_entries_, row_lower_, row_upper_);
  const std::unique_ptr<Clp_Simplex, void (*)(Clp_Simplex*)> model(Clp_newModel(),
                                                                   Clp_deleteModel);
  Clp_setLogLevel(model.get(), 0);
  Clp_loadProblem(model.get(), columns(), rows(), a.starts.data(), a.indexes.data(),
                  a.values.data(), column_lower_.data(), column_upper_.data(), objective_.data(),
                  a.row_lower.data(), a.row_upper.data());
  Clp_setOptimizationDirection(model.get(), -1);  // maximise
  Clp_setMaximumSeconds(model.get(), std::max(max_seconds, 0.01));
  // COIN-OR's libraries report some failures (out of memory, say) by C++ exceptions; the
  // solver's contract is not to throw, and an LP that did not finish proves nothing.
  try {
    Clp_dual(model.get(), 0);
  } catch (...) {
    return kNoLimit;
  }
  if (!Clp_isProvenOptimal(model.get())) return kNoLimit;
  const double* duals = Clp_dualRowSolution(model.get());
  std::vector<double> y(duals, duals + rows());
  // CLP's sign convention for a maximisation is its own business: both signs give valid
  // bounds, and the right one gives the optimum.
  const double one = dual_bound(y);
  for (double& v : y) v = -v;
  return std::min(one, dual_bound(y));
}

namespace {

// The caller's `keep_going` and `seconds_left`, whether it has said no (from then on CBC's
// answer proves nothing: a search cut short may end looking "infeasible"), and the model CBC's
// branch and bound runs on, while it runs.
struct StopRequest {
  const std::function<bool()>& keep_going;
  const std::function<double()>& seconds_left;
  bool stopped = false;
  CbcModel* searching = nullptr;
  bool asked() {
    if (!stopped && keep_going && !keep_going()) stopped = true;
    return stopped;
  }
  // The feasibility pump gets at most the seconds left, counted from its own start (in CPU
  // time, the clock of CBC's heuristics; 0 would mean no limit).
  void limit_pump() const {
    if (!seconds_left || !searching) return;
    const double seconds = std::max(seconds_left(), 0.001);
    for (int i = 0; i < searching->numberHeuristics(); ++i)
      if (auto* pump = dynamic_cast<CbcHeuristicFPump*>(searching->heuristic(i)))
        pump->setMaximumTime(seconds);
  }
};

// The search under way, for CbcMain1's callback, which is a plain function. Set and read only
// under best_integer_point's lock (one search at a time).
StopRequest* request_under_way = nullptr;

// CbcMain1's callback, at each of its stages: 3 is just before branch and bound (the pump and
// the other heuristics are in place), 4 just after it.
int at_stage(CbcModel* model, int stage) {
  if (!request_under_way) return 0;
  if (stage == 3) {
    request_under_way->searching = model;
    request_under_way->limit_pump();
  } else if (stage == 4) {
    request_under_way->searching = nullptr;
  }
  return 0;
}

class UnderWay {
 public:
  explicit UnderWay(StopRequest* request) { request_under_way = request; }
  ~UnderWay() { request_under_way = nullptr; }
  UnderWay(const UnderWay&) = delete;
  UnderWay& operator=(const UnderWay&) = delete;
};

// Asks the caller at each of CBC's events (a node done, a solution found, a pass of cuts, ...)
// and stops the search when it says no; otherwise sets the pump's limit anew. The pump runs
// between two events, so a "no" cannot reach it: on a generated day (150 suppliers, break spread
// 1, seed 4, with CBC asked before the SAT call with the hosts' count, see settle_lower_levels)
// it ran 7 s without an event, 3 s past the caller's limit, and the whole search ended 6 s past
// it; with the limit, 0.1-0.4 s. CBC runs on copies of its model, whose handlers are
// clone()s. A "stop" alone is not heeded while the root's cuts are generated (that loop went on
// for 0.8 s on a generated day); the event and a time limit of zero end that loop too.
class StopWhenAsked : public CbcEventHandler {
 public:
  explicit StopWhenAsked(StopRequest* request) : request_(request) {}
  CbcAction event(CbcEvent) override {
    if (!request_->asked()) {
      request_->limit_pump();
      return noAction;
    }
    if (model_) {
      model_->sayEventHappened();
      model_->setMaximumSeconds(0);
    }
    return stop;
  }
  CbcEventHandler* clone() const override { return new StopWhenAsked(*this); }

 private:
  StopRequest* request_;
};

}  // namespace

LinearProgram::IntegerSearch LinearProgram::best_integer_point(
    double at_least, int max_nodes, const std::function<bool()>& keep_going,
    Heuristics heuristics, const std::function<double()>& seconds_left) const {
  // CBC's command-line driver (CbcMain1) keeps some state of its own between calls; one search
  // at a time (the web server may run two events' schedules at once).
  static std::mutex one_at_a_time;
  const std::lock_guard<std::mutex> lock(one_at_a_time);
  // CbcMain1's callBack could end the search after preprocessing too, but that path leaks
  // CBC's copies of the model (LeakSanitizer, in the tests' sanitizer build): a stop waits for
  // the first event after preprocessing (about 0.1 s later on a 150-supplier day).
  StopRequest request{keep_going, seconds_left};
  if (columns() == 0)
    return {at_least <= 0 ? IntegerSearch::End::kBest : IntegerSearch::End::kNone, {}};
  const UnderWay under_way(&request);
  const ColumnMajor a = column_major(column_entries_, row_lower_, row_upper_);
  IntegerSearch out{IntegerSearch::End::kStopped, {}};
  try {  // as in maximum_bound: a search that did not finish proves nothing
    OsiClpSolverInterface programme;
    programme.messageHandler()->setLogLevel(0);
    programme.loadProblem(columns(), rows(), a.starts.data(), a.indexes.data(), a.values.data(),
                          column_lower_.data(), column_upper_.data(), objective_.data(),
                          a.row_lower.data(), a.row_upper.data());
    CoinPackedVector objective_row;
    for (int j = 0; j < columns(); ++j) {
      if (integer_[j]) programme.setInteger(j);
      if (objective_[j] != 0) objective_row.insert(j, objective_[j]);
    }
    programme.addRow(objective_row, at_least, DBL_MAX);
    programme.setObjSense(-1);  // maximise
    CbcModel model(programme);
    CbcSolverUsefulData settings;
    settings.noPrinting_ = true;
    settings.useSignalHandler_ = false;  // SIGINT and SIGTERM stay the application's
    CbcMain0(model, settings);
    StopWhenAsked stopper(&request);
    model.passInEventHandler(&stopper);
    const std::string nodes = std::to_string(max_nodes);
    // CBC's preprocessing stays on: without it one day in ten that CBC settles on the
    // preferred level (80 suppliers, seed 10) went unproven. Heuristics on: CBC's default set.
    // Its cut generators stay at their defaults: with Gomory, MIR, two-MIR and knapsack cuts off,
    // most of the generated days' questions ran 1.5-2x faster, but some slower, and on 100 days
    // the total was no better (144 s against 142) with one proof fewer (80 suppliers, seed 10).
    std::vector<const char*> arguments{"dialogdag", "-log", "0"};
    if (heuristics == Heuristics::kOff)
      arguments.insert(arguments.end(), {"-heuristicsOnOff", "off"});
    // No "-seconds": CBC's clock is CPU time of every thread of the process (or, with
    // "-timeMode elapsed", the wall clock), not the caller's. With the SAT search busy on another
    // thread (LevelSearch), CPU time ran twice as fast and a search stopped at half its time,
    // unproven; with the wall clock, a test whose clock stands still (the solver's exact tests)
    // still ended "feasible" where it proves "optimal" when the machine was busy enough (the
    // sanitizer build beside another test). Time comes through `keep_going` (the pump's
    // through `seconds_left`).
    arguments.insert(arguments.end(), {"-maxNodes", nodes.c_str(), "-solve", "-quit"});
    CbcMain1(static_cast<int>(arguments.size()), arguments.data(), model,
             at_stage, settings);
    if (model.isProvenInfeasible() && !request.stopped) {
      out.end = IntegerSearch::End::kNone;
      return out;
    }
    if (const double* point = model.bestSolution()) out.point.assign(point, point + columns());
    if (!out.point.empty() && model.isProvenOptimal() && !request.stopped)
      out.end = IntegerSearch::End::kBest;
  } catch (...) {
    return {IntegerSearch::End::kStopped, {}};
  }
  return out;
}

}  // namespace dialogdag::sched
