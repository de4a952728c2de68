// Validation of what people type (validation.h).

#include "scheduler/validation.h"

#include <cstddef>

namespace dialogdag::core {

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";  // U+00A0, common in pasted numbers

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of the separator (a space or a no-break space) at text[i], or 0.
std::size_t separator_at(std::string_view text, std::size_t i) {
  if (text[i] == ' ') return 1;
  if (text.substr(i).starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
  return 0;
}

// Leading and trailing blanks (space, tab, CR, LF, no-break space) removed.
std::string_view trimmed(std::string_view text) {
  for (;;) {
    if (text.empty()) return text;
    if (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
        text.front() == '\n') {
      text.remove_prefix(1);
    } else if (text.starts_with(kNoBreakSpace)) {
      text.remove_prefix(kNoBreakSpace.size());
    } else if (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
               text.back() == '\n') {
      text.remove_suffix(1);
    } else if (text.ends_with(kNoBreakSpace)) {
      text.remove_suffix(kNoBreakSpace.size());
    } else {
      return text;
    }
  }
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// A dot-separated part of an address: no empty parts, so no leading, trailing or double dots.
bool dots_well_placed(std::string_view text) {
  return !text.empty() && text.front() != '.' && text.back() != '.' &&
         text.find("..") == std::string_view::npos;
}

bool plausible_local_part(std::string_view local) {
  if (local.size() > 64 || !dots_well_placed(local)) return false;
  for (const char c : local) {
    if (is_non_ascii(c)) continue;  // internationalised addresses (RFC 6531)
    if (c <= ' ' || c == 0x7F) return false;
    if (std::string_view("\"(),:;<>@[\\]").find(c) != std::string_view::npos) return false;
  }
  return true;
}

// Host names: letters, digits, hyphens and non-ASCII letters (e.g. "bærum.kommune.no"), labels
// not starting or ending with a hyphen, at least two labels, and a top-level domain of two or
// more characters that is not all digits.
bool plausible_domain(std::string_view domain) {
  if (domain.size() > 253 || !dots_well_placed(domain)) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (!domain.empty()) {
    const std::size_t dot = domain.find('.');
    const std::string_view label = domain.substr(0, dot);
    if (label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (const char c : label) {
      if (!is_ascii_letter(c) && !is_digit(c) && c != '-' && !is_non_ascii(c)) return false;
    }
    ++labels;
    last = label;
    domain = dot == std::string_view::npos ? std::string_view() : domain.substr(dot + 1);
  }
  if (labels < 2 || last.size() < 2) return false;
  for (const char c : last) {
    if (!is_digit(c)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> normalise_orgnr(std::string_view text) {
  text = trimmed(text);
  std::string digits;
  for (std::size_t i = 0; i < text.size();) {
    if (is_digit(text[i])) {
      digits += text[i];
      ++i;
      continue;
    }
    // Spaces only between two digits (trimming removed them at the ends).
    const std::size_t step = separator_at(text, i);
    if (step == 0) return std::nullopt;
    i += step;
  }
  if (digits.size() != 9) return std::nullopt;
  static constexpr int kWeights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += (digits[i] - '0') * kWeights[i];
  const int r = sum % 11;
  if (r == 1) return std::nullopt;
  const int check = r == 0 ? 0 : 11 - r;
  if (digits[8] - '0' != check) return std::nullopt;
  return digits;
}

bool plausible_email(std::string_view text) {
  if (text.empty() || text.size() > 254) return false;
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return plausible_local_part(text.substr(0, at)) && plausible_domain(text.substr(at + 1));
}

std::optional<Minutes> parse_clock(std::string_view text) {
  if (text.size() != 5 || !is_digit(text[0]) || !is_digit(text[1]) || text[2] != ':' ||
      !is_digit(text[3]) || !is_digit(text[4])) {
    return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string format_clock(Minutes minutes) {
  // Outside the REQUIRES range this still writes something readable ("25:10", "-00:30") rather
  // than garbage; messages about invalid input rely on that.
  std::string text;
  long long value = minutes;
  if (value < 0) {
    text += '-';
    value = -value;
  }
  const long long hours = value / 60;
  const long long mins = value % 60;
  if (hours < 10) text += '0';
  text += std::to_string(hours);
  text += ':';
  text += static_cast<char>('0' + mins / 10);
  text += static_cast<char>('0' + mins % 10);
  return text;
}

}  // namespace dialogdag::core
