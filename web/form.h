// Parsing what browsers send (form bodies, query strings, cookies) and escaping what pages
// print. Pure functions, fuzzed (issue 8) and safe on any input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scheduler/result.h"

namespace dialogdag::web {

// The fields of an application/x-www-form-urlencoded body or a query string, in order; a name
// may repeat (attendee_name, panel, ...).
class FormFields {
 public:
  FormFields() = default;
  explicit FormFields(std::vector<std::pair<std::string, std::string>> pairs)
      : pairs_(std::move(pairs)) {}

  // The first value of `name`, if any.
  std::optional<std::string> first(std::string_view name) const;
  // The first value of `name`, or "" when absent.
  std::string value(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> all(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

constexpr std::size_t kMaxFormFields = 1'000;

// Parses "a=1&b=x+y&b=%C3%A6". '+' is a space. Errors (one line): bad percent-encoding, a name
// or value that is not valid UTF-8 or holds a NUL or other control character except tab, CR and
// LF in values, more than kMaxFormFields fields. An empty text gives no fields.
Result<FormFields> parse_form(std::string_view text);

// The cookies of a Cookie header: "a=1; b=2". Malformed pairs are skipped; the first of a
// repeated name wins. Values are taken literally (no decoding).
std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header);
std::optional<std::string> cookie(std::string_view header, std::string_view name);

// Whether `text` is valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool valid_utf8(std::string_view text);

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

// Percent-encodes everything but unreserved characters (RFC 3986), for URLs built from data.
std::string url_encode(std::string_view text);

}  // namespace dialogdag::web
