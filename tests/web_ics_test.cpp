// Calendar files: escaping, folding and UTC times.
#include <doctest/doctest.h>

#include "web/form.h"
#include "web/ics.h"

using namespace dialogdag::web;
using namespace std::chrono;

namespace {
// 2027-03-28T11:00:00Z: the day Europe/Oslo moves to summer time (13:00 local).
constexpr sys_seconds kSpringForward{seconds{1806231600}};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find("\r\n", start)) != std::string::npos; start = at + 2)
    lines.push_back(text.substr(start, at - start));
  return lines;
}

// Undoes folding: a line starting with a space continues the previous one.
std::vector<std::string> unfolded(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(text)) {
    if (!line.empty() && line[0] == ' ' && !out.empty()) out.back() += line.substr(1);
    else out.push_back(line);
  }
  return out;
}
}  // namespace

TEST_CASE("a meeting becomes one VEVENT with UTC times and CRLF line ends") {
  const std::string ics = calendar_file(
      "Dialogkonferanse", {{"m1@dialogdag", kSpringForward, kSpringForward + minutes(30),
                            "Møte med innkjøpspanelet", "Møterom Namsos", "", "", 0}},
      kSpringForward);
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
  CHECK(ics.find("DTSTART:20270328T110000Z\r\n") != std::string::npos);
  CHECK(ics.find("DTEND:20270328T113000Z\r\n") != std::string::npos);
  CHECK(ics.find("\n\n") == std::string::npos);
  for (const auto& line : lines_of(ics)) CHECK(line.size() <= 75);
  CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");
}

TEST_CASE("no value can inject a property or a component") {
  const std::string evil = "Acme\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:fake;x,y\\";
  const std::string ics = calendar_file(
      "x", {{"u", kSpringForward, kSpringForward + minutes(30), evil, evil, evil,
             "https://x.invalid/\r\nATTACH:evil", 0}},
      kSpringForward);
  int begins = 0;
  for (const auto& line : unfolded(ics)) begins += line == "BEGIN:VEVENT";
  CHECK(begins == 1);
  CHECK(ics.find("ATTACH") == std::string::npos);  // a URL with a line break is left out
  CHECK(ics_escape(evil) == "Acme\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:fake\\;x\\,y\\\\");
}

TEST_CASE("long lines fold at 75 octets without splitting a letter") {
  const std::string long_text(40, 'x');
  std::string norwegian;
  for (int i = 0; i < 60; ++i) norwegian += "æ";  // two bytes each
  const std::string ics = calendar_file(
      "x", {{"u", kSpringForward, kSpringForward, long_text + norwegian, "", "", "", 0}},
      kSpringForward);
  for (const auto& line : lines_of(ics)) {
    CHECK(line.size() <= 75);
    CHECK(valid_utf8(line));
  }
  bool found = false;
  for (const auto& line : unfolded(ics)) found = found || line == "SUMMARY:" + long_text + norwegian;
  CHECK(found);
}
