#include "data/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <exception>

namespace dialogdag::data {
namespace {

bool digits(std::string_view text, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i)
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
  return true;
}

int number(std::string_view text, size_t from, size_t count) {
  int value = 0;
  for (size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

std::optional<date::year_month_day> parse_ymd(std::string_view text) {
  if (text.size() != 10 || !digits(text, 0, 4) || text[4] != '-' || !digits(text, 5, 2) ||
      text[7] != '-' || !digits(text, 8, 2))
    return std::nullopt;
  const date::year_month_day ymd{date::year{number(text, 0, 4)},
                                 date::month{static_cast<unsigned>(number(text, 5, 2))},
                                 date::day{static_cast<unsigned>(number(text, 8, 2))}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string format_ymd(date::year_month_day ymd) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

}  // namespace

std::string format_instant(Instant instant) {
  const auto day = std::chrono::floor<date::days>(instant);
  const date::hh_mm_ss<std::chrono::seconds> time{instant - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02dZ",
                format_ymd(date::year_month_day{day}).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

std::optional<Instant> parse_instant(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z' || !digits(text, 11, 2) ||
      text[13] != ':' || !digits(text, 14, 2) || text[16] != ':' || !digits(text, 17, 2))
    return std::nullopt;
  const auto ymd = parse_ymd(text.substr(0, 10));
  const int h = number(text, 11, 2), m = number(text, 14, 2), s = number(text, 17, 2);
  if (!ymd || h > 23 || m > 59 || s > 59) return std::nullopt;
  return Instant{date::sys_days{*ymd}.time_since_epoch() + std::chrono::hours{h} +
                 std::chrono::minutes{m} + std::chrono::seconds{s}};
}

bool valid_day(std::string_view text) { return parse_ymd(text).has_value(); }

std::string day_of(Instant instant) {
  return format_ymd(date::year_month_day{std::chrono::floor<date::days>(instant)});
}

std::string add_days(std::string_view day, int days) {
  const auto ymd = parse_ymd(day);
  return format_ymd(date::year_month_day{date::sys_days{*ymd} + date::days{days}});
}

bool known_time_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

StoreResult<Instant> local_to_instant(std::string_view day, core::Minutes minutes,
                                      const std::string& zone) {
  const auto ymd = parse_ymd(day);
  if (!ymd) return invalid("day \"" + std::string(day) + "\" is not a date YYYY-MM-DD");
  if (minutes < 0 || minutes >= 24 * 60)
    return invalid("time " + std::to_string(minutes) + " is not a time of day");
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    return invalid("time zone \"" + zone + "\" is unknown");
  }
  const date::local_seconds local{date::local_days{*ymd}.time_since_epoch() +
                                  std::chrono::minutes{minutes}};
  return std::chrono::floor<std::chrono::seconds>(tz->to_sys(local, date::choose::earliest));
}

StoreResult<LocalTime> instant_to_local(Instant instant, const std::string& zone) {
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    return invalid("time zone \"" + zone + "\" is unknown");
  }
  const auto local = tz->to_local(instant);
  const auto day = date::floor<date::days>(local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  return LocalTime{date::format("%F", date::year_month_day{day}), static_cast<core::Minutes>(minutes)};
}

}  // namespace dialogdag::data
