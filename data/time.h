// Time in storage: instants are UTC and stored as text "YYYY-MM-DDTHH:MM:SSZ" (sortable, readable
// with sqlite3); the event day is a local date "YYYY-MM-DD" in the event's IANA time zone, and
// times of the day are local minutes since midnight (core::Minutes). The conversion uses the
// operating system's time zone database (/usr/share/zoneinfo) through date-tz; it never
// downloads anything.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "data/status.h"
#include "scheduler/event.h"

namespace dialogdag::data {

using Instant = std::chrono::sys_seconds;

std::string format_instant(Instant instant);                  // "2027-03-11T08:00:00Z"
std::optional<Instant> parse_instant(std::string_view text);  // exactly that format

// "YYYY-MM-DD" that is a real calendar date.
bool valid_day(std::string_view text);
// The day (UTC) of an instant, "YYYY-MM-DD".
std::string day_of(Instant instant);
// day + n days, "YYYY-MM-DD". REQUIRES: valid_day(day).
std::string add_days(std::string_view day, int days);

// True when the OS time zone database knows `zone` (e.g. "Europe/Oslo").
bool known_time_zone(const std::string& zone);

// The instant of local time `minutes` on local date `day` in `zone`. On the spring-forward day
// a time inside the gap (02:30 in Oslo) does not exist: the instant the gap ends is returned
// (03:00 local); on the fall-back day a repeated time (02:30) is its first occurrence (summer
// time). Failure kInvalid names a bad day, time or zone.
StoreResult<Instant> local_to_instant(std::string_view day, core::Minutes minutes,
                                      const std::string& zone);

// The way back, for showing instants to people: the local date "YYYY-MM-DD" and time of day in
// `zone`. kInvalid names an unknown zone.
struct LocalTime {
  std::string day;
  core::Minutes minutes = 0;
};
StoreResult<LocalTime> instant_to_local(Instant instant, const std::string& zone);

}  // namespace dialogdag::data
