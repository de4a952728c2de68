#include "scheduler/lp.h"

#include <coin/Clp_C_Interface.h>

#include <algorithm>
#include <cfloat>
#include <memory>

namespace dialogdag::sched {

int LinearProgram::add_column(double objective, double lower, double upper) {
  objective_.push_back(objective);
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

double LinearProgram::maximum_bound(double max_seconds) const {
  if (columns() == 0) return 0;
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> indexes;
  std::vector<double> values;
  for (const auto& entries : column_entries_) {
    for (const auto& [row, value] : entries) indexes.push_back(row), values.push_back(value);
    starts.push_back(static_cast<CoinBigIndex>(indexes.size()));
  }
  auto clp_bound = [](const std::vector<double>& bounds) {
    std::vector<double> out(bounds);
    for (double& b : out) b = b == kNoLimit ? DBL_MAX : b == -kNoLimit ? -DBL_MAX : b;
    return out;
  };
  const std::vector<double> row_lower = clp_bound(row_lower_), row_upper = clp_bound(row_upper_);
  const std::unique_ptr<Clp_Simplex, void (*)(Clp_Simplex*)> model(Clp_newModel(),
                                                                   Clp_deleteModel);
  Clp_setLogLevel(model.get(), 0);
  Clp_loadProblem(model.get(), columns(), rows(), starts.data(), indexes.data(), values.data(),
                  column_lower_.data(), column_upper_.data(), objective_.data(), row_lower.data(),
                  row_upper.data());
  Clp_setOptimizationDirection(model.get(), -1);  // maximise
  Clp_setMaximumSeconds(model.get(), std::max(max_seconds, 0.01));
  Clp_dual(model.get(), 0);
  if (!Clp_isProvenOptimal(model.get())) return kNoLimit;
  const double* duals = Clp_dualRowSolution(model.get());
  std::vector<double> y(duals, duals + rows());
  // CLP's sign convention for a maximisation is its own business: both signs give valid
  // bounds, and the right one gives the optimum.
  const double one = dual_bound(y);
  for (double& v : y) v = -v;
  return std::min(one, dual_bound(y));
}

}  // namespace dialogdag::sched
