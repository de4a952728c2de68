#include "web/form.h"

#include <cstdint>

namespace dialogdag::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one name or value; nullopt on a broken %XX.
std::optional<std::string> decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool has_bad_control(std::string_view text, bool allow_line_breaks) {
  for (unsigned char c : text) {
    if (c == 0x7f) return true;
    if (c >= 0x20) continue;
    if (allow_line_breaks && (c == '\t' || c == '\r' || c == '\n')) continue;
    return true;
  }
  return false;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> FormFields::first(std::string_view name) const {
  for (const auto& [key, value] : pairs_)
    if (key == name) return value;
  return std::nullopt;
}

std::string FormFields::value(std::string_view name) const { return first(name).value_or(""); }

std::vector<std::string> FormFields::all(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : pairs_)
    if (key == name) values.push_back(value);
  return values;
}

Result<FormFields> parse_form(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (part.empty()) continue;
    if (pairs.size() >= kMaxFormFields)
      return Error{"more than " + std::to_string(kMaxFormFields) + " form fields"};
    const auto eq = part.find('=');
    auto name = decode(part.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    if (!name || !value) return Error{"broken percent-encoding in the form"};
    if (!valid_utf8(*name) || !valid_utf8(*value)) return Error{"the form is not valid UTF-8"};
    if (has_bad_control(*name, false) || has_bad_control(*value, true))
      return Error{"the form holds control characters"};
    pairs.emplace_back(std::move(*name), std::move(*value));
  }
  return FormFields(std::move(pairs));
}

std::vector<std::pair<std::string, std::string>> parse_cookies(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> cookies;
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string name(trim(part.substr(0, eq)));
    std::string value(trim(part.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    bool seen = false;
    for (const auto& [key, v] : cookies) seen = seen || key == name;
    if (!seen && !name.empty()) cookies.emplace_back(std::move(name), std::move(value));
  }
  return cookies;
}

std::optional<std::string> cookie(std::string_view header, std::string_view name) {
  for (auto& [key, value] : parse_cookies(header))
    if (key == name) return value;
  return std::nullopt;
}

bool valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int length;
    std::uint32_t code;
    if (c >= 0xc2 && c <= 0xdf) length = 2, code = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef) length = 3, code = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4) length = 4, code = c & 0x07;
    else return false;
    if (i + length > n) return false;
    for (int k = 1; k < length; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      code = (code << 6) | (s[i + k] & 0x3f);
    }
    if ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
        (length == 4 && (code < 0x10000 || code > 0x10ffff)))
      return false;
    i += length;
  }
  return true;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace dialogdag::web
