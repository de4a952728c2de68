// Reading and writing the JSON formats of shared/spec/scheduling-format.md.
//
// Reading is strict: unknown fields, wrong types, duplicate keys, duplicate or dangling ids,
// slot indexes out of range, an empty slot list, `between` naming one participant twice ... each
// give Error with one line that names the field and the participant or meeting, e.g.
//   participants[2] "acme": unknown field "unavailble"
//   meetings[4] "m5": between names unknown participant "acem"
// No input, however malformed, makes these functions throw or crash.
#pragma once

#include <string>
#include <string_view>

#include "scheduler/model.h"
#include "scheduler/result.h"

namespace dialogdag::sched {

// Parses a "dialogdag-instance/1" document.
Result<Instance> read_instance(std::string_view json_text);

// Checks the invariants that read_instance guarantees on an Instance built in code.
// Returns the first problem found, in the same wording as read_instance.
Result<Instance> validate_instance(Instance instance);

// Parses a "dialogdag-schedule/1" document against the instance it schedules: meeting and room
// ids are resolved to indexes. Unknown meeting or room ids are errors. Does not check any
// scheduling constraint (that is check_schedule's job), only that the document is well formed.
Result<Schedule> read_schedule(std::string_view json_text, const Instance& instance);

// A schedule's `reason` and `cause`, read without its instance (e.g. to show why a stored run
// found no schedule). Empty when the text has none or is not readable.
struct Verdict {
  std::string reason;
  Cause cause;
};
Verdict read_verdict(std::string_view json_text);

// Writes the instance / schedule as pretty JSON (2-space indent, trailing newline). Key order is
// fixed, so equal values give byte-identical text.
std::string write_instance(const Instance& instance);
std::string write_schedule(const Schedule& schedule, const Instance& instance);

}  // namespace dialogdag::sched
