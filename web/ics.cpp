#include "web/ics.h"

#include <cstdio>
#include <ctime>
#include <string_view>

namespace dialogdag::web {
namespace {

std::string utc_stamp(std::chrono::sys_seconds instant) {
  const std::time_t seconds = instant.time_since_epoch().count();
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[24];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &parts);
  return text;
}

// Appends "NAME:value" folded at 75 octets (RFC 5545 3.1): continuation lines start with one
// space; a fold never splits a UTF-8 sequence.
void put(std::string& out, std::string_view name, std::string_view value) {
  std::string line(name);
  line += ':';
  line += value;
  std::size_t start = 0, limit = 75;
  while (line.size() - start > limit) {
    std::size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    limit = 74;  // the leading space counts
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

}  // namespace

std::string ics_escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters are not allowed in TEXT values: drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        out += c;
    }
  }
  return out;
}

std::string calendar_file(const std::string& calendar_name, const std::vector<CalendarEvent>& events,
                          std::chrono::sys_seconds stamp) {
  std::string out;
  put(out, "BEGIN", "VCALENDAR");
  put(out, "VERSION", "2.0");
  put(out, "PRODID", "-//dialogdag//dialogdag 0.1//NB");
  put(out, "CALSCALE", "GREGORIAN");
  put(out, "METHOD", "PUBLISH");
  put(out, "X-WR-CALNAME", ics_escape(calendar_name));
  for (const CalendarEvent& event : events) {
    put(out, "BEGIN", "VEVENT");
    put(out, "UID", ics_escape(event.uid));
    put(out, "DTSTAMP", utc_stamp(stamp));
    put(out, "DTSTART", utc_stamp(event.start));
    put(out, "DTEND", utc_stamp(event.end));
    put(out, "SEQUENCE", std::to_string(event.sequence));
    put(out, "SUMMARY", ics_escape(event.summary));
    if (!event.location.empty()) put(out, "LOCATION", ics_escape(event.location));
    if (!event.description.empty()) put(out, "DESCRIPTION", ics_escape(event.description));
    // A URI value is not TEXT: it must not carry line breaks or spaces at all.
    if (!event.url.empty() && event.url.find_first_of(" \r\n\t") == std::string::npos)
      put(out, "URL", event.url);
    put(out, "END", "VEVENT");
  }
  put(out, "END", "VCALENDAR");
  return out;
}

}  // namespace dialogdag::web
