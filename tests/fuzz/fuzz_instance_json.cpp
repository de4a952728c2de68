// libFuzzer target: the instance JSON reader (scheduler/json_io.h read_instance).
// Properties beyond "no crash, no exception": an instance that reads passes
// validate_instance, and writing it and reading that text back gives the same text.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "scheduler/json_io.h"

namespace sched = dialogdag::sched;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto instance = sched::read_instance(text);
  if (!instance.ok()) return 0;
  if (!sched::validate_instance(instance.value()).ok()) std::abort();
  const std::string written = sched::write_instance(instance.value());
  const auto again = sched::read_instance(written);
  if (!again.ok() || sched::write_instance(again.value()) != written) std::abort();
  return 0;
}
