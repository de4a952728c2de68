// libFuzzer target: the form and query-string parser (web/form.h).
// Properties beyond "no crash": whatever parses is valid UTF-8 without forbidden control
// characters, and encoding the parsed fields with url_encode and parsing again gives the same
// fields (what a page writes into a link reads back unchanged).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "web/form.h"

using dialogdag::web::parse_form;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto form = parse_form(text);
  if (!form.ok()) return 0;
  std::string encoded;
  for (const auto& [name, value] : form.value().pairs()) {
    if (!dialogdag::web::valid_utf8(name) || !dialogdag::web::valid_utf8(value)) std::abort();
    (void)dialogdag::web::html_escape(value);
    encoded += (encoded.empty() ? "" : "&") + dialogdag::web::url_encode(name) + "=" +
               dialogdag::web::url_encode(value);
  }
  const auto again = parse_form(encoded);
  if (!again.ok() || again.value().pairs() != form.value().pairs()) std::abort();
  return 0;
}
