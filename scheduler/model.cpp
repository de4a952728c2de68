#include "scheduler/model.h"

namespace dialogdag::sched {

const char* to_string(Status status) {
  switch (status) {
    case Status::kOptimal: return "optimal";
    case Status::kFeasible: return "feasible";
    case Status::kInfeasible: return "infeasible";
    case Status::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace dialogdag::sched
