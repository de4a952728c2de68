// iCalendar (RFC 5545) files: a booking's meeting, a panel's day, the public programme.
// Times are written in UTC ("...Z"), which every calendar converts to local time correctly,
// including on the days the clocks change; no VTIMEZONE is needed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace dialogdag::web {

struct CalendarEvent {
  std::string uid;  // globally unique and stable: the same meeting keeps its uid across changes
  std::chrono::sys_seconds start;
  std::chrono::sys_seconds end;
  std::string summary;
  std::string location;     // room name and address; may be empty
  std::string description;  // may hold line breaks
  std::string url;          // e.g. the digital meeting link; may be empty
  int sequence = 0;         // bump when the event changes, so calendars update it
};

// A complete VCALENDAR with CRLF line ends, lines folded at 75 octets (never inside a UTF-8
// character), and text values escaped (backslash, comma, semicolon, line breaks), so that no
// value can start a property or component of its own. `stamp` is DTSTAMP for every event.
std::string calendar_file(const std::string& calendar_name, const std::vector<CalendarEvent>& events,
                          std::chrono::sys_seconds stamp);

// The text escaping of RFC 5545 3.3.11 (exposed for tests).
std::string ics_escape(std::string_view text);

}  // namespace dialogdag::web
