// libFuzzer target: the Cookie header parser (web/form.h parse_cookies and cookie).
// Properties beyond "no crash": names are unique and not empty, and cookie(header, name) is the
// value parse_cookies gives for that name (the first of a repeated name).
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "web/form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  const auto cookies = dialogdag::web::parse_cookies(header);
  std::set<std::string> names;
  for (const auto& [name, value] : cookies) {
    if (name.empty() || !names.insert(name).second) std::abort();
    if (dialogdag::web::cookie(header, name) != value) std::abort();
  }
  return 0;
}
