// libFuzzer target: the MiniZinc .dzn reader (scheduler/dzn.h read_dzn).
// Properties beyond "no crash, no exception": an instance that reads passes validate_instance
// and survives a round trip through the instance JSON format.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "scheduler/dzn.h"
#include "scheduler/json_io.h"

namespace sched = dialogdag::sched;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto instance = sched::read_dzn(text, "fuzz", 2);
  if (!instance.ok()) return 0;
  if (!sched::validate_instance(instance.value()).ok()) std::abort();
  const std::string written = sched::write_instance(instance.value());
  const auto again = sched::read_instance(written);
  if (!again.ok() || sched::write_instance(again.value()) != written) std::abort();
  return 0;
}
