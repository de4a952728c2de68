#include "scheduler/model.h"

namespace dialogdag::sched {

bool taken_by_own_meetings(const Cause& cause) {
  return cause.code == "slots_taken" && cause.number("slots") &&
         cause.number("supplier_busy") == cause.number("slots");
}

bool decided_by_lottery(const Cause& cause) {
  return cause.code == "slots_taken" && cause.number("position") && cause.number("of") &&
         !taken_by_own_meetings(cause);
}

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
