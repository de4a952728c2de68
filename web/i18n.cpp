#include "web/i18n.h"

#include <algorithm>
#include <cctype>

#include "web/form.h"

namespace dialogdag::web {
namespace {

struct Entry {
  std::string_view key, nb, en;
};

// Keep sorted by key (a test checks it): lookups are binary searches.
constexpr Entry kCatalog[] = {
    {"footer", "dialogdag – dialogkonferanser for offentlige anskaffelser",
     "dialogdag – dialogue conferences for public procurement"},
    {"lang.switch", "English", "Norsk (bokmål)"},
    {"lang.switch.label", "Språk", "Language"},
    {"not_found.text", "Vi finner ikke siden du ba om. Sjekk adressen, eller gå til forsiden.",
     "We cannot find the page you asked for. Check the address, or go to the front page."},
    {"not_found.title", "Fant ikke siden", "Page not found"},
    {"skip_to_content", "Hopp til hovedinnholdet", "Skip to main content"},
};

std::string_view query_language(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {};
  auto form = parse_form(target.substr(question + 1));
  if (!form.ok()) return {};
  for (const auto& [name, value] : form.value().pairs())
    if (name == "lang") return value == "en" ? "en" : value == "nb" ? "nb" : "";
  return {};
}

}  // namespace

Lang language_of(const Request& request) {
  const std::string_view from_query = query_language(request.target());
  if (!from_query.empty()) return from_query == "en" ? Lang::kEn : Lang::kNb;
  if (const auto chosen = cookie(request[http::field::cookie], "lang"))
    return *chosen == "en" ? Lang::kEn : Lang::kNb;
  // Accept-Language: whichever of English and Norwegian comes first (ignoring q-values,
  // which browsers send in order anyway).
  std::string accept(request[http::field::accept_language]);
  std::transform(accept.begin(), accept.end(), accept.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t english = std::string::npos;
  for (std::size_t at = accept.find("en"); at != std::string::npos; at = accept.find("en", at + 1))
    if (at == 0 || accept[at - 1] == ',' || accept[at - 1] == ' ') {
      english = at;
      break;
    }
  std::size_t norwegian = std::string::npos;
  for (const char* tag : {"nb", "no", "nn"}) norwegian = std::min(norwegian, accept.find(tag));
  return english < norwegian ? Lang::kEn : Lang::kNb;
}

std::string_view code(Lang lang) { return lang == Lang::kEn ? "en" : "nb"; }

std::string_view tr(Lang lang, std::string_view key) {
  const auto* end = std::end(kCatalog);
  const auto* at = std::lower_bound(std::begin(kCatalog), end, key,
                                    [](const Entry& e, std::string_view k) { return e.key < k; });
  if (at == end || at->key != key) return key;
  return lang == Lang::kEn ? at->en : at->nb;
}

std::vector<std::string_view> catalog_keys() {
  std::vector<std::string_view> keys;
  for (const Entry& entry : kCatalog) keys.push_back(entry.key);
  return keys;
}

}  // namespace dialogdag::web
