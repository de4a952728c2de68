// Hostile input over real HTTP against the whole application (public site + staff console on a
// real SQLite file, tests/staff_test_support.h): forged and borrowed CSRF tokens, session
// fixation, password guessing, other people's tokens, ids and events, stored markup in every
// free-text field read back through every view and export, header injection, path traversal,
// oversized and malformed requests, and many half-open connections (issue 8).
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "data/event_store.h"
#include "data/registration_store.h"
#include "staff_test_support.h"
#include "web/form.h"

namespace dialogdag::test {
namespace {

using namespace std::chrono_literals;
using Fields = std::vector<std::pair<std::string, std::string>>;

// Markup that would run if any page printed it unescaped, in an attribute or in text.
constexpr const char* kXss = "<script>alert(1)</script>\"'><img src=x onerror=1>";

bool shows_raw_markup(const std::string& body) {
  return contains(body, "<script>alert(1)") || contains(body, "<img src=x") || contains(body, "'><img");
}

std::string encoded(const Fields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) body += (body.empty() ? "" : "&") + name + "=" + web::url_encode(value);
  return body;
}

// POSTs `fields` with the CSRF token of the page at `form_page`.
http::response<http::string_body> submit(Client& client, const std::string& form_page, const std::string& action,
                                         Fields fields) {
  const auto page = client.get(form_page);
  REQUIRE(page.result() == http::status::ok);
  fields.insert(fields.begin(), {"_csrf", csrf_of(page.body())});
  return client.post_form(action, encoded(fields));
}

Fields booking_fields(const std::string& company, const std::string& orgnr, const std::string& text) {
  return {{"company", company},   {"orgnr", orgnr},         {"contact_name", text},
          {"email", "kari@leverandor.no"}, {"phone", "+47 900 00 000"}, {"attendee_name", text},
          {"attendee_role", text}, {"plenary", "yes"},      {"meeting", "yes"},
          {"panel", "felles"},    {"available_from", "12:30"}, {"available_until", "14:00"},
          {"topics", text},       {"consent", "yes"}};
}

void open_event(StaffFixture& staff) {
  REQUIRE(data::EventStore(staff.db()).set_status(staff.event_id(), data::EventStatus::kOpen, "test").ok());
}

// Books through the public form as a new browser; returns the booking's token ("" when the
// answer is not a 303, with the status in `status`).
std::string book(unsigned short port, const Fields& fields, http::status* status = nullptr) {
  Client browser(port);
  const auto answer = submit(browser, "/e/trygghetsalarm/book", "/e/trygghetsalarm/book", fields);
  if (status) *status = answer.result();
  if (answer.result() != http::status::see_other) return "";
  const std::string location(answer[http::field::location]);
  REQUIRE(location.rfind("/b/", 0) == 0);
  return location.substr(3, location.find('?') - 3);
}

// A new connection that sends `bytes` as they are and returns everything the server sent until
// it closed the connection or `wait` passed.
std::string raw_exchange(unsigned short port, const std::string& bytes, std::chrono::milliseconds wait = 3s) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  timeval tick{0, 100'000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
  for (std::size_t sent = 0; sent < bytes.size();) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before it has read everything
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  char chunk[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    const auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n == 0) break;
    if (n > 0) answer.append(chunk, static_cast<std::size_t>(n));
    else if (errno != EAGAIN && errno != EWOULDBLOCK) break;
  }
  ::close(fd);
  return answer;
}

std::string status_line(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

bool server_answers(unsigned short port) {
  Client client(port);
  return client.get("/healthz").result() == http::status::ok;
}

// `text` with every `part` replaced by `by`.
std::string replaced(std::string text, const std::string& part, const std::string& by) {
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + by.size()))
    text.replace(at, part.size(), by);
  return text;
}

// The lines of a CSV or .ics text.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

}  // namespace

// ---- CSRF ----

TEST_CASE("a staff POST without a CSRF token, with a wrong one or with another session's is refused and changes nothing") {
  StaffFixture staff;
  auto namsos = logged_in(staff.port(), "organiser@namsos.kommune.no");
  auto other_session = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string others_token = csrf_of(other_session->get("/staff/events/new").body());
  const std::string own_token = csrf_of(namsos->get("/staff/events/new").body());
  CHECK(others_token != own_token);

  for (const std::string& body : std::vector<std::string>{"status=open", "_csrf=forged&status=open",
                                                         "_csrf=" + web::url_encode(others_token) + "&status=open",
                                                         "_csrf=&status=open"}) {
    CAPTURE(body);
    const auto refused = namsos->post_form(staff.event_path() + "/status?lang=en", body);
    CHECK(refused.result() == http::status::forbidden);
    CHECK(contains(refused.body(), "<h1>"));
  }
  CHECK(namsos->post_form("/staff/events/new", "_csrf=" + web::url_encode(others_token) +
                                                   "&title=Kapret&slug=kapret&day=2027-03-11&retention_until=2028-01-01")
            .result() == http::status::forbidden);
  CHECK(data::EventStore(staff.db()).get(staff.event_id()).value().status == data::EventStatus::kDraft);
  CHECK_FALSE(data::EventStore(staff.db()).find_by_slug("kapret").ok());
  // The right token works, so the refusals above were about the token.
  CHECK(namsos->post_form(staff.event_path() + "/status", "_csrf=" + web::url_encode(own_token) + "&status=open")
            .result() == http::status::see_other);
}

TEST_CASE("the login form and logout need the form's token") {
  StaffFixture staff;
  Client browser(staff.port());
  browser.get("/staff/login");
  const auto forged = browser.post_form("/staff/login", "_csrf=forged&email=organiser%40namsos.kommune.no&password=" +
                                                            web::url_encode(kPassword));
  CHECK(forged.result() == http::status::forbidden);
  CHECK(forged[http::field::set_cookie].find("dd_session") == std::string::npos);

  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  CHECK(client->post_form("/staff/logout", "_csrf=forged").result() == http::status::forbidden);
  CHECK(client->get("/staff/events").result() == http::status::ok);  // still logged in
}

TEST_CASE("a public booking without the form's token, with a wrong one or another browser's stores nothing") {
  StaffFixture staff;
  open_event(staff);
  Client browser(staff.port()), other(staff.port());
  browser.get("/e/trygghetsalarm/book");
  const std::string others_token = csrf_of(other.get("/e/trygghetsalarm/book").body());
  const Fields fields = booking_fields("Acme AS", valid_orgnr(1), "Kari");
  for (const std::string& token : {std::string(""), std::string("forged"), others_token}) {
    CAPTURE(token);
    auto with_token = fields;
    if (!token.empty()) with_token.insert(with_token.begin(), {"_csrf", token});
    CHECK(browser.post_form("/e/trygghetsalarm/book", encoded(with_token)).result() == http::status::forbidden);
  }
  CHECK(data::RegistrationStore(staff.db()).list(staff.event_id()).empty());
}

TEST_CASE("a booking is not changed or cancelled with another browser's token") {
  StaffFixture staff;
  open_event(staff);
  const std::string token = book(staff.port(), booking_fields("Acme AS", valid_orgnr(1), "Kari"));
  REQUIRE_FALSE(token.empty());
  Client attacker(staff.port()), victim_browser(staff.port());
  attacker.get("/e/trygghetsalarm/book");
  const std::string borrowed = csrf_of(victim_browser.get("/b/" + token + "/cancel").body());
  CHECK(attacker.post_form("/b/" + token + "/cancel", "_csrf=" + web::url_encode(borrowed)).result() ==
        http::status::forbidden);
  auto changed = booking_fields("Kapret AS", valid_orgnr(1), "Kari");
  changed.insert(changed.begin(), {"_csrf", borrowed});
  CHECK(attacker.post_form("/b/" + token, encoded(changed)).result() == http::status::forbidden);
  const auto stored = data::RegistrationStore(staff.db()).find_by_token(token);
  REQUIRE(stored.ok());
  CHECK(stored.value().company == "Acme AS");
  CHECK(contains(victim_browser.get("/b/" + token + "?lang=en").body(), "Acme AS"));
}

// ---- Sessions and passwords ----

TEST_CASE("a session id planted before login is not the one after, and a planted real session ends") {
  StaffFixture staff;
  // An attacker's own live session, planted in the victim's browser, and an invented one.
  auto attacker = logged_in(staff.port(), "organiser@vikna.kommune.no");
  const std::string planted = attacker->cookies.substr(attacker->cookies.find("dd_session=") + 11, 43);
  for (const std::string& fixed : {planted, std::string("fixed-by-attacker")}) {
    CAPTURE(fixed);
    Client victim(staff.port());
    const auto form = victim.get("/staff/login");
    victim.cookies += "; dd_session=" + fixed;
    const auto login = victim.post_form("/staff/login", "_csrf=" + web::url_encode(csrf_of(form.body())) +
                                                            "&email=organiser%40namsos.kommune.no&password=" +
                                                            web::url_encode(kPassword));
    REQUIRE(login.result() == http::status::see_other);
    const std::string set_cookie(login[http::field::set_cookie]);
    REQUIRE(set_cookie.rfind("dd_session=", 0) == 0);
    CHECK(set_cookie.substr(11, set_cookie.find(';') - 11) != fixed);
    CHECK(contains(set_cookie, "HttpOnly"));
    CHECK(contains(set_cookie, "SameSite=Strict"));
  }
  // The planted session was ended by the login, so the attacker is logged out too.
  CHECK(attacker->get("/staff/events").result() == http::status::see_other);
  Client invented(staff.port());
  invented.cookies = "dd_session=fixed-by-attacker";
  CHECK(invented.get("/staff/events").result() == http::status::see_other);
}

TEST_CASE("password guessing is throttled: 429 with Retry-After, even for the right password") {
  StaffFixture staff;
  Client guesser(staff.port());
  const std::string token = csrf_of(guesser.get("/staff/login").body());
  const auto attempt = [&](const std::string& password) {
    return guesser.post_form("/staff/login?lang=en", "_csrf=" + web::url_encode(token) +
                                                         "&email=organiser%40namsos.kommune.no&password=" +
                                                         web::url_encode(password));
  };
  int unauthorized = 0;
  http::response<http::string_body> last;
  for (int i = 0; i < 5; ++i) {
    last = attempt("guess number " + std::to_string(i));
    if (last.result() == http::status::unauthorized) ++unauthorized;
  }
  CHECK(unauthorized >= 4);
  const auto throttled = last.result() == http::status::too_many_requests ? last : attempt("one more guess");
  CHECK(throttled.result() == http::status::too_many_requests);
  CHECK(std::stoi(std::string(throttled[http::field::retry_after])) >= 1);
  const auto right = attempt(kPassword);
  CHECK(right.result() == http::status::too_many_requests);
  CHECK(right[http::field::set_cookie].find("dd_session") == std::string::npos);
  // Another address is not held up by this one.
  CHECK(logged_in(staff.port(), "organiser@vikna.kommune.no")->get("/staff/events").result() == http::status::ok);
}

// ---- Other people's tokens, ids and events ----

TEST_CASE("a booking token opens only its own booking; a guessed or changed token is 404") {
  StaffFixture staff;
  open_event(staff);
  const std::string a = book(staff.port(), booking_fields("Alfa Alarm AS", valid_orgnr(1), "Kari Alfa"));
  const std::string b = book(staff.port(), booking_fields("Beta Bevegelse AS", valid_orgnr(2), "Bjørn Beta"));
  REQUIRE_FALSE(a.empty());
  REQUIRE_FALSE(b.empty());
  Client browser(staff.port());
  const auto page = browser.get("/b/" + a);
  CHECK(contains(page.body(), "Alfa Alarm AS"));
  CHECK_FALSE(contains(page.body(), "Beta Bevegelse"));
  std::string changed = a;
  changed.back() = changed.back() == 'A' ? 'B' : 'A';
  for (const std::string& guess : {changed, std::string("1"), a.substr(0, 20), std::string(200, 'A'),
                                   std::string("..%2F..%2Fetc%2Fpasswd")}) {
    CAPTURE(guess);
    for (const char* tail : {"", "/edit", "/cancel", "/calendar.ics"})
      CHECK(browser.get("/b/" + guess + tail).result() == http::status::not_found);
  }
}

TEST_CASE("another organisation's event, its meetings and every export are 404 exactly like missing ones") {
  StaffFixture staff;
  staff.register_suppliers(2);
  const auto meetings = run_scheduler(staff);
  REQUIRE(meetings.size() == 2);
  const std::string mid = std::to_string(meetings[0].id);
  const std::int64_t registration = meetings[0].registration_id;
  // Vikna's own event, so that its organiser may use /staff/events/{their id}/... at all.
  const std::string own = staff.add_vikna_event();

  auto vikna = logged_in(staff.port(), "organiser@vikna.kommune.no");
  const std::string missing = "/staff/events/999999";
  const std::vector<std::string> tails = {
      "", "/settings", "/programme", "/windows", "/rooms", "/panels", "/panels/felles", "/schedule", "/record",
      "/agenda", "/agenda?panel=felles", "/agenda?supplier=" + std::to_string(registration), "/export.csv",
        "/export.json", "/calendar.ics", "/instance.json", "/schedule.json", "/audit", "/audit?format=csv",
      "/purge"};
  for (const auto& tail : tails) {
    CAPTURE(tail);
    const auto theirs = vikna->get(staff.event_path() + tail);
    const auto nothing = vikna->get(missing + tail);
    CHECK(theirs.result() == http::status::not_found);
    CHECK(nothing.result() == http::status::not_found);
    // The same page, but for the requested path in the language link.
    CHECK(replaced(theirs.body(), staff.event_path(), "PATH") == replaced(nothing.body(), missing, "PATH"));
    CHECK_FALSE(contains(theirs.body(), "Leverandør"));
  }
  // Namsos's meeting and supplier through Vikna's own event, and the minutes of Namsos's meeting.
  CHECK(vikna->get(own + "/agenda?supplier=" + std::to_string(registration)).result() == http::status::not_found);
  const std::string token = web::url_encode(csrf_of(vikna->get("/staff/events/new").body()));
  for (const std::string& event_path : {staff.event_path(), own, missing}) {
    CAPTURE(event_path);
    CHECK(vikna->post_form(event_path + "/meetings/" + mid, "_csrf=" + token + "&action=lock").result() ==
          http::status::not_found);
  }
  const auto minutes = vikna->get("/staff/meetings/" + mid + "/minutes");
  CHECK(minutes.result() == http::status::not_found);
  CHECK(replaced(minutes.body(), "/staff/meetings/" + mid, "PATH") ==
        replaced(vikna->get("/staff/meetings/999999/minutes").body(), "/staff/meetings/999999", "PATH"));
  CHECK(vikna->get("/staff/meetings/abc/minutes").result() == http::status::not_found);
  CHECK(vikna->post_form("/staff/meetings/" + mid + "/minutes", "_csrf=" + token + "&part=minutes&presented=x")
            .result() == http::status::not_found);
  const auto after = run_scheduler(staff);
  CHECK_FALSE(after[0].locked);
}

TEST_CASE("staff pages and exports without a session: pages go to the login, data is 401") {
  StaffFixture staff;
  Client stranger(staff.port());
  for (const char* tail : {"/export.csv", "/export.json", "/calendar.ics", "/instance.json", "/schedule.json"}) {
    CAPTURE(tail);
    CHECK(stranger.get(staff.event_path() + tail).result() == http::status::unauthorized);
  }
  const auto page = stranger.get(staff.event_path() + "/settings");
  CHECK(page.result() == http::status::see_other);
  CHECK(std::string(page[http::field::location]).rfind("/staff/login", 0) == 0);
}

// ---- Stored markup ----

TEST_CASE("markup typed into every free-text field is printed escaped by every page and export") {
  StaffFixture staff;
  open_event(staff);
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  // Staff setup: the event's texts, a room, the panel and its members.
  const std::string id = std::to_string(staff.event_id());
  const auto settings = submit(*client, staff.event_path() + "/settings", staff.event_path() + "?lang=en",
                               {{"title", kXss}, {"slug", "trygghetsalarm"}, {"subject", kXss}, {"need", kXss},
                                {"venue", kXss}, {"address", kXss}, {"day", "2027-03-11"},
                                {"time_zone", "Europe/Oslo"}, {"language", "nb"}, {"booking_mode", "request"},
                                {"opens_date", "2026-01-01"}, {"opens_time", "09:00"},
                                {"closes_date", "2027-03-01"}, {"closes_time", "12:00"}, {"max_people", "2"},
                                {"meetings_per_panel", "1"}, {"retention_until", "2027-12-31"},
                                {"doffin_ref", kXss}});
  REQUIRE_MESSAGE(settings.result() == http::status::see_other, settings.body());
  const auto rooms = submit(*client, staff.event_path() + "/rooms", staff.event_path() + "/rooms?lang=en",
                            {{"rows", "3"}, {"room-0-key", "namsos"}, {"room-0-name", kXss}, {"room-0-seats", "8"},
                             {"room-1-key", "vikna"}, {"room-1-name", "Møterom Vikna"}, {"room-1-seats", "6"},
                             {"room-2-key", "teams"}, {"room-2-name", "Digitalt"}, {"room-2-digital", "yes"},
                             {"room-2-link", "https://example.invalid/m"}});
  REQUIRE_MESSAGE(rooms.result() == http::status::see_other, rooms.body());
  const std::string panel_page = staff.event_path() + "/panels/felles";
  const auto panel = submit(*client, panel_page, panel_page + "?lang=en",
                            {{"name", kXss}, {"municipalities", kXss}, {"room", "namsos"}, {"rows", "2"},
                             {"member-0-name", kXss}, {"member-0-email", "lead@namsos.kommune.no"},
                             {"member-0-role", "procurement"}, {"member-1-name", kXss},
                             {"member-1-email", "tor@namsos.kommune.no"}, {"member-1-role", "minute_taker"}});
  REQUIRE_MESSAGE(panel.result() == http::status::see_other, panel.body());

  // A supplier's booking with markup in every free-text field.
  http::status status{};
  const std::string token = book(staff.port(), booking_fields(kXss, valid_orgnr(7), kXss), &status);
  REQUIRE_MESSAGE(!token.empty(), static_cast<int>(status));
  const auto meetings = run_scheduler(staff);
  REQUIRE(meetings.size() == 1);
  const std::string mid = std::to_string(meetings[0].id);
  const auto published = submit(*client, staff.event_path(), staff.event_path() + "/publish", {});
  CHECK(published.result() == http::status::see_other);
  const auto minutes = submit(*client, "/staff/meetings/" + mid + "/minutes", "/staff/meetings/" + mid + "/minutes",
                              {{"part", "minutes"}, {"presented", kXss}, {"follow_up", kXss}});
  REQUIRE_MESSAGE(minutes.result() == http::status::see_other, minutes.body());

  const std::string escaped = web::html_escape(kXss);
  Client visitor(staff.port());
  for (const std::string& page : {std::string("/"), std::string("/e/trygghetsalarm"), "/b/" + token}) {
    CAPTURE(page);
    const auto answer = visitor.get(page);
    CHECK(answer.result() == http::status::ok);
    CHECK_FALSE(shows_raw_markup(answer.body()));
    CHECK(contains(answer.body(), escaped));
  }
  // Publishing closed the booking: the form and the change page answer 409, escaped as well.
  for (const std::string& page : {std::string("/e/trygghetsalarm/book"), "/b/" + token + "/edit", "/b/" + token + "/cancel"}) {
    CAPTURE(page);
    CHECK_FALSE(shows_raw_markup(visitor.get(page).body()));
  }
  const std::string event = staff.event_path();
  const std::vector<std::string> staff_pages = {
      "/staff/events", event, event + "/settings", event + "/rooms", event + "/panels", event + "/panels/felles",
      event + "/schedule", event + "/record", event + "/agenda", event + "/agenda?panel=felles",
      event + "/agenda?room=namsos", event + "/agenda?supplier=" + std::to_string(meetings[0].registration_id),
      "/staff/meetings/" + mid + "/minutes", event + "/audit", event + "/purge"};
  for (const auto& page : staff_pages) {
    CAPTURE(page);
    const auto answer = client->get(page);
    CHECK(answer.result() == http::status::ok);
    CHECK_FALSE(shows_raw_markup(answer.body()));
    CHECK(contains(answer.body(), escaped));
  }
  // JSON: well-formed, the text exactly as typed.
  for (const std::string& page : {event + "/export.json", event + "/instance.json", event + "/schedule.json"}) {
    CAPTURE(page);
    const auto answer = client->get(page);
    CHECK(answer.result() == http::status::ok);
    CHECK(nlohmann::json::accept(answer.body()));
  }
  CHECK(contains(nlohmann::json::parse(client->get(event + "/export.json").body()).dump(), "onerror=1>"));
  const auto api = visitor.get("/api/v1/events/trygghetsalarm");
  CHECK(nlohmann::json::accept(api.body()));
  // Calendars: the text is one escaped property value, never a line of its own.
  for (const auto& [who, page] : std::vector<std::pair<Client*, std::string>>{
           {&visitor, "/e/trygghetsalarm/calendar.ics"}, {&visitor, "/b/" + token + "/calendar.ics"},
           {client.get(), event + "/calendar.ics"}}) {
    CAPTURE(page);
    const auto answer = who->get(page);
    CHECK(answer.result() == http::status::ok);
    for (const auto& line : lines_of(answer.body())) {
      CHECK(line.back() == '\r');
      CHECK(line.rfind("<", 0) != 0);
    }
  }
  // The CSV export and the audit CSV.
  for (const std::string& page : {event + "/export.csv", event + "/audit?format=csv"}) {
    CAPTURE(page);
    const auto answer = client->get(page);
    CHECK(answer.result() == http::status::ok);
    CHECK(contains(answer.body(), "<script>alert(1)"));  // CSV is data: kept as typed, quoted
  }
}

TEST_CASE("a formula in a company name is neutralised in the CSV export") {
  StaffFixture staff;
  open_event(staff);
  const std::vector<std::string> formulas = {"=cmd|' /C calc'!A0", "+SUM(1;2)", "-2+3", "@SUM(A1)"};
  for (std::size_t i = 0; i < formulas.size(); ++i)
    REQUIRE_FALSE(book(staff.port(), booking_fields(formulas[i], valid_orgnr(static_cast<int>(20 + i)), formulas[i]))
                      .empty());
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const auto csv = client->get(staff.event_path() + "/export.csv");
  REQUIRE(csv.result() == http::status::ok);
  for (const auto& line : lines_of(csv.body())) {
    CAPTURE(line);
    // No cell starts with a formula character, quoted or not.
    CHECK_FALSE(std::regex_search(line, std::regex(R"re((^|[;,\t])"?[=+\-@])re")));
  }
  CHECK(contains(csv.body(), "cmd|' /C calc'!A0"));
}

TEST_CASE("line breaks, semicolons and commas in texts cannot add lines or properties to a calendar") {
  StaffFixture staff;
  open_event(staff);
  // Line breaks where they are allowed (the topics, a text area) and in a one-line field.
  const std::string injected = "Alarm AS\r\nATTENDEE;CN=evil:mailto:evil@example.com\r\nEND:VEVENT";
  auto fields = booking_fields("Alarm; AS, Norge", valid_orgnr(31), injected);
  fields.push_back({"attendee_name", "Kari\nX-EVIL:2"});
  fields.push_back({"attendee_role", "Salg"});
  const std::string token = book(staff.port(), fields);
  REQUIRE_FALSE(token.empty());
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string event = staff.event_path();
  const auto settings = submit(*client, event + "/settings", event,
                               {{"title", "Dialog; trygghet, alarmer"}, {"slug", "trygghetsalarm"},
                                {"subject", "Trygghet"}, {"need", "Behov\r\nATTENDEE:mailto:evil@example.com"},
                                {"venue", "Rådhuset\r\nLOCATION:evil"}, {"address", "Gate 1;\r\nX-EVIL:1"},
                                {"day", "2027-03-11"}, {"time_zone", "Europe/Oslo"}, {"language", "nb"},
                                {"booking_mode", "request"}, {"opens_date", "2026-01-01"}, {"opens_time", "09:00"},
                                {"closes_date", "2027-03-01"}, {"closes_time", "12:00"}, {"max_people", "2"},
                                {"meetings_per_panel", "1"}, {"retention_until", "2027-12-31"}});
  REQUIRE(settings.result() == http::status::see_other);
  run_scheduler(staff);
  CHECK(submit(*client, event, event + "/publish", {}).result() == http::status::see_other);

  Client visitor(staff.port());
  for (const auto& [who, page] : std::vector<std::pair<Client*, std::string>>{
           {&visitor, "/e/trygghetsalarm/calendar.ics"}, {&visitor, "/b/" + token + "/calendar.ics"},
           {client.get(), event + "/calendar.ics"}}) {
    CAPTURE(page);
    const auto answer = who->get(page);
    REQUIRE(answer.result() == http::status::ok);
    const auto lines = lines_of(answer.body());
    int begins = 0, ends = 0;
    for (const auto& line : lines) {
      begins += line == "BEGIN:VEVENT\r";
      ends += line == "END:VEVENT\r";
      CAPTURE(line);
      CHECK(line.rfind("ATTENDEE", 0) != 0);
      CHECK(line.rfind("X-EVIL", 0) != 0);
      CHECK(line.rfind("LOCATION:evil", 0) != 0);
      CHECK(line.back() == '\r');  // every line ends in CRLF: no bare LF or CR inside a value
      CHECK(line.substr(0, line.size() - 1).find('\r') == std::string::npos);
    }
    CHECK(begins == ends);
  }
  const auto ics = replaced(client->get(event + "/calendar.ics").body(), "\r\n ", "");  // unfolded
  CHECK(contains(ics, "Dialog\\; trygghet\\, alarmer"));
  CHECK(contains(ics, "Alarm\\; AS\\, Norge"));
  CHECK(contains(ics, "\\nATTENDEE\\;CN=evil:mailto:evil@example.com\\nEND:VEV"));
}

// ---- Headers, paths, sizes, slow clients ----

TEST_CASE("CR and LF in a redirect target or a language choice never reach a header") {
  StaffFixture staff;
  const std::string attack = "%0d%0aSet-Cookie:%20evil=1%0d%0aX-Injected:%201";
  Client browser(staff.port());
  const auto form = browser.get("/staff/login?next=/staff/events" + attack + "&lang=en" + attack);
  CHECK(form.result() == http::status::ok);
  CHECK_FALSE(contains(form.body(), "X-Injected: 1"));
  const auto login = browser.post_form(
      "/staff/login?lang=en" + attack, "_csrf=" + web::url_encode(csrf_of(form.body())) +
                                           "&email=organiser%40namsos.kommune.no&password=" +
                                           web::url_encode(kPassword) + "&next=/staff/events" + attack);
  REQUIRE(login.result() == http::status::see_other);
  CHECK(std::string(login[http::field::location]) == "/staff/events");
  for (const auto& field : login.base()) {
    CHECK(field.name_string() != "X-Injected");
    CHECK(std::string(field.value()).find("evil=1") == std::string::npos);
  }
  // Off-site targets are not followed either.
  for (const char* next : {"//evil.example/", "https://evil.example/", "/\\evil.example", "/staff/../..//evil"}) {
    CAPTURE(next);
    auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
    const auto answer = client->get("/staff/login?next=" + web::url_encode(next));
    CHECK(answer.result() == http::status::see_other);
    const std::string location(answer[http::field::location]);
    CHECK(location.rfind("/staff", 0) == 0);
    CHECK(location.rfind("//", 0) != 0);
  }
  // A raw request with a line break in the query: the answer has no injected header.
  const auto raw = raw_exchange(staff.port(), "GET /?lang=en" + attack + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK_FALSE(contains(raw, "\r\nX-Injected"));
  CHECK_FALSE(contains(raw, "\r\nSet-Cookie: evil"));
}

TEST_CASE("static files cannot be left with .., encoded dots or encoded slashes") {
  StaffFixture staff;
  Client browser(staff.port());
  CHECK(browser.get("/static/style.css").result() == http::status::ok);
  for (const char* target :
       {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e%2f%2e%2e%2fCMakeLists.txt", "/static/..%5c..%5cCMakeLists.txt", "/static/%252e%252e%252fetc%252fpasswd",
        "/static/style.css%00.txt", "/static//etc/passwd", "/static/.", "/static/..", "/static/%2e"}) {
    CAPTURE(target);
    const auto answer = browser.get(target);
    CHECK(answer.result() != http::status::ok);
    CHECK_FALSE(contains(answer.body(), "root:"));
    CHECK_FALSE(contains(answer.body(), "cmake_minimum_required"));
  }
}

TEST_CASE("oversized and malformed requests get 413, 431 or 400 and the application goes on serving") {
  StaffFixture staff;
  const unsigned short port = staff.port();
  const std::string big_body(100 * 1024, 'a');
  CHECK(contains(status_line(raw_exchange(port, "POST /e/trygghetsalarm/book HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                                "application/x-www-form-urlencoded\r\nContent-Length: " +
                                                    std::to_string(big_body.size()) + "\r\n\r\n" + big_body)),
                 " 413"));
  CHECK(contains(status_line(raw_exchange(port, "POST /staff/login HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                                "99999999999\r\n\r\n")),
                 " 413"));
  CHECK(contains(status_line(raw_exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'b') +
                                                    "\r\n\r\n")),
                 " 431"));
  CHECK(contains(status_line(raw_exchange(port, "GET /" + std::string(20'000, 'c') + " HTTP/1.1\r\nHost: x\r\n\r\n")),
                 " 431"));
  CHECK(contains(status_line(raw_exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(17'000, 'd') +
                                                    "\r\n\r\n")),
                 " 431"));
  for (const std::string& garbage :
       {std::string("HELLO\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"), std::string("\x16\x03\x01\x02\x00\x01\x00", 7),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("GET / HTTP/1.1\r\nHo st: x\r\n\r\n"), std::string("GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n", 28)}) {
    CAPTURE(garbage);
    const std::string answer = raw_exchange(port, garbage, 2s);
    CHECK((answer.empty() || contains(status_line(answer), " 400")));
  }
  // Malformed bodies and queries reach the application: a clear 400, not a 500.
  auto client = logged_in(port, "organiser@namsos.kommune.no");
  CHECK(client->post_form(staff.event_path() + "/status", "_csrf=%zz&status=open").result() == http::status::bad_request);
  Client browser(port);
  CHECK(browser.get("/e/trygghetsalarm?lang=%ff%fe").result() != http::status::internal_server_error);
  CHECK(browser.get("/e/%ff%fe%00").result() == http::status::not_found);
  CHECK(server_answers(port));
}

TEST_CASE("200 half-open connections do not keep a real user waiting") {
  StaffFixture staff;
  open_event(staff);
  std::vector<int> slow;
  for (int i = 0; i < 200; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(staff.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const std::string partial = i % 2 == 0 ? "GET /e/trygghetsalarm HTTP/1.1\r\nHost: x\r\nX-Slow: " :
                                             "POST /e/trygghetsalarm/book HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\ncompany=";
    REQUIRE(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(partial.size()));
    slow.push_back(fd);
  }
  for (int round = 0; round < 3; ++round) {
    const auto started = std::chrono::steady_clock::now();
    Client user(staff.port());
    const auto page = user.get("/e/trygghetsalarm", false);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(page.result() == http::status::ok);
    CHECK(took < 2s);
  }
  for (const int fd : slow) ::close(fd);
  CHECK(server_answers(staff.port()));
}

}  // namespace dialogdag::test
