// Staff console, record area over real HTTP: exports (CSV, JSON, .ics), minutes, the
// question-and-answer log and its public side, the audit log, and the purge.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "data/event_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "data/user_store.h"
#include "scheduler/solver.h"
#include "staff_test_support.h"
#include "web/form.h"

using namespace dialogdag;
using namespace dialogdag::test;

namespace {

constexpr const char* kNamsos = "organiser@namsos.kommune.no";
constexpr const char* kVikna = "organiser@vikna.kommune.no";

// Runs the scheduler on the event as the Namsos organiser would and stores the run; returns the
// meetings it placed.
std::vector<data::MeetingRow> schedule(StaffFixture& app) {
  auto organiser = data::UserStore(app.db()).authenticate(kNamsos, kPassword);
  REQUIRE(organiser.ok());
  auto meetings = run_scheduler(app, organiser.value().id);
  REQUIRE_FALSE(meetings.empty());
  return meetings;
}

// An iCalendar text with its folded lines joined again (RFC 5545 3.1).
std::string unfolded(std::string ics) {
  for (auto at = ics.find("\r\n "); at != std::string::npos; at = ics.find("\r\n ", at)) ics.erase(at, 3);
  return ics;
}

// "DTSTART:YYYYMMDDTHHMM00Z\r\n" for a UTC time of day given in minutes.
std::string dtstart(const std::string& ymd, int utc_minutes) {
  auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  return "DTSTART:" + ymd + "T" + two(utc_minutes / 60) + two(utc_minutes % 60) + "00Z\r\n";
}

// Registers one more supplier, named `company`, on the open event.
void register_company(StaffFixture& app, const std::string& company, int seed) {
  data::RegistrationInput input;
  input.company = company;
  input.orgnr = valid_orgnr(seed);
  input.contact_name = "Formel Kontakt";
  input.email = "formel@leverandor.no";
  input.phone = "+47 911 11 111";
  input.attendees = {{"Formel Person", "Salg"}};
  input.panels = {"felles"};
  input.topics = "@SUM(A1)";
  input.consent = true;
  auto booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), input);
  REQUIRE_MESSAGE(booking.ok(), (booking.ok() ? "" : booking.error()));
}

std::string minutes_path(std::int64_t mid) { return "/staff/meetings/" + std::to_string(mid) + "/minutes"; }

// A POST with the page's CSRF token and the given (already encoded) fields.
http::response<http::string_body> post_from(Client& client, const std::string& page,
                                            const std::string& target, const std::string& fields) {
  const auto form = client.get(page);
  REQUIRE(form.result() == http::status::ok);
  return client.post_form(target, "_csrf=" + web::url_encode(csrf_of(form.body())) + "&" + fields);
}

}  // namespace

TEST_CASE("the exports answer 401 to a request without a session") {
  StaffFixture app;
  Client client(app.port());
  for (const char* part : {"/export.csv", "/export.json", "/calendar.ics", "/audit?format=csv"}) {
    CAPTURE(part);
    CHECK(client.get(app.event_path() + part).result() == http::status::unauthorized);
  }
  const auto page = client.get(app.event_path() + "/audit");
  CHECK(page.result() == http::status::see_other);
  CHECK(std::string(page[http::field::location]).rfind("/staff/login?next=", 0) == 0);
}

TEST_CASE("an organiser of another organisation gets 404 on every record page of the event") {
  StaffFixture app;
  app.register_suppliers(2);
  const auto meetings = schedule(app);
  auto vikna = logged_in(app.port(), kVikna);
  for (const std::string part : {"/record", "/export.csv", "/export.json", "/calendar.ics",
                                 "/calendar.ics?panel=felles", "/audit", "/audit?format=csv", "/purge"}) {
    CAPTURE(part);
    const auto response = vikna->get(app.event_path() + part);
    CHECK(response.result() == http::status::not_found);
    CHECK_FALSE(contains(response.body(), "Leverandør 1 AS"));
  }
  CHECK(vikna->get(minutes_path(meetings[0].id)).result() == http::status::not_found);
  const std::string token = web::url_encode(csrf_of(vikna->get("/staff/events").body()));
  CHECK(vikna->post_form(minutes_path(meetings[0].id),
                         "_csrf=" + token + "&part=minutes&presented=Vikna+skrev+her")
            .result() == http::status::not_found);
  CHECK(vikna->post_form(app.event_path() + "/purge", "_csrf=" + token + "&confirm=trygghetsalarm")
            .result() == http::status::not_found);
  // Nothing was written or deleted.
  auto namsos = logged_in(app.port(), kNamsos);
  CHECK_FALSE(contains(namsos->get(minutes_path(meetings[0].id)).body(), "Vikna skrev her"));
  CHECK(contains(namsos->get(app.event_path() + "/export.csv").body(), "Leverandør 1 AS"));
  // A meeting that does not exist is the same 404.
  CHECK(namsos->get(minutes_path(999999)).result() == http::status::not_found);
}

TEST_CASE("the CSV export opens in Norwegian Excel and neutralises a formula in a company name") {
  StaffFixture app;
  app.register_suppliers(2);
  register_company(app, "=HYPERLINK(\"x\")", 40);
  schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const auto csv = client->get(app.event_path() + "/export.csv");
  REQUIRE(csv.result() == http::status::ok);
  CHECK(std::string(csv[http::field::content_type]).rfind("text/csv; charset=utf-8", 0) == 0);
  CHECK(contains(std::string(csv[http::field::content_disposition]), "attachment; filename=\"dialogdag-trygghetsalarm.csv\""));
  const std::string& body = csv.body();
  CHECK(body.rfind("\xEF\xBB\xBF" "Referanse;Firma;Organisasjonsnummer;", 0) == 0);
  CHECK(count_of(body, "\r\n") == 4);  // header + three suppliers, each with one meeting
  CHECK(count_of(body, "\n") == 4);    // no bare line feeds
  CHECK(contains(body, ";\"'=HYPERLINK(\"\"x\"\")\";"));
  CHECK_FALSE(contains(body, ";=HYPERLINK"));
  CHECK(contains(body, ";'@SUM(A1);"));
  CHECK(contains(body, ";'+47 911 11 111;"));
  CHECK(contains(body, ";Leverandør 1 AS;"));
  CHECK(contains(body, ";Felles panel;2027-03-11;"));
}

TEST_CASE("the JSON export parses and holds the registrations, meetings, programme and panels") {
  StaffFixture app;
  app.register_suppliers(3);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const auto response = client->get(app.event_path() + "/export.json");
  REQUIRE(response.result() == http::status::ok);
  CHECK(std::string(response[http::field::content_type]) == "application/json");
  const auto doc = nlohmann::json::parse(response.body());
  CHECK(doc["format"] == "dialogdag-export/1");
  CHECK(doc["event"]["slug"] == "trygghetsalarm");
  CHECK(doc["registrations"].size() == 3);
  CHECK(doc["registrations"][0]["company"] == "Leverandør 1 AS");
  CHECK(doc["programme"].size() == 2);
  CHECK(doc["panels"][0]["members"][1]["role"] == "minute_taker");
  REQUIRE(doc["meetings"].size() == meetings.size());
  for (std::size_t i = 0; i < meetings.size(); ++i) {
    CHECK(doc["meetings"][i]["id"] == meetings[i].id);
    CHECK(doc["meetings"][i]["reference"] == meetings[i].reference);
    CHECK(doc["meetings"][i]["starts_at"] == meetings[i].starts_at);
    CHECK(doc["meetings"][i]["minutes"].is_null());
  }
}

TEST_CASE("the calendar holds the programme and every meeting at the right UTC instants") {
  StaffFixture app;
  app.register_suppliers(3);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const auto whole = client->get(app.event_path() + "/calendar.ics");
  REQUIRE(whole.result() == http::status::ok);
  CHECK(std::string(whole[http::field::content_type]) == "text/calendar; charset=utf-8");
  const std::string& ics = whole.body();
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(contains(ics, "END:VCALENDAR\r\n"));
  CHECK(count_of(ics, "BEGIN:VEVENT\r\n") == static_cast<int>(meetings.size()) + 2);
  // 11 March 2027 is winter time in Oslo (UTC+1): the plenary at 09:30 is 08:30Z.
  CHECK(contains(ics, "DTSTART:20270311T083000Z\r\n"));
  for (const auto& m : meetings) {
    CAPTURE(m.id);
    CHECK(contains(ics, "UID:meeting-" + std::to_string(m.id) + "@dialogdag\r\n"));
    CHECK(contains(ics, dtstart("20270311", m.start - 60)));
  }
  CHECK(contains(unfolded(ics), "AS (" + meetings[0].reference + ") – Felles panel"));

  const auto panel = client->get(app.event_path() + "/calendar.ics?panel=felles");
  REQUIRE(panel.result() == http::status::ok);
  CHECK(count_of(panel.body(), "BEGIN:VEVENT\r\n") == static_cast<int>(meetings.size()));
  CHECK_FALSE(contains(panel.body(), "DTSTART:20270311T083000Z"));
  CHECK(contains(std::string(panel[http::field::content_disposition]), "dialogdag-trygghetsalarm-felles.ics"));
  const auto other = client->get(app.event_path() + "/calendar.ics?panel=teknisk");
  CHECK(count_of(other.body(), "BEGIN:VEVENT\r\n") == 0);
  CHECK(client->get(app.event_path() + "/calendar.ics?panel=nobody").result() == http::status::not_found);
}

TEST_CASE("on a summer day the calendar's instants are two hours behind Oslo time") {
  StaffFixture app;
  data::EventStore events(app.db());
  auto event = events.get(app.event_id()).value();
  event.day = "2027-06-10";
  REQUIRE(events.update(event, "test").ok());
  app.register_suppliers(1);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const std::string ics = client->get(app.event_path() + "/calendar.ics").body();
  CHECK(contains(ics, "DTSTART:20270610T073000Z\r\n"));  // the plenary at 09:30 CEST
  CHECK(contains(ics, dtstart("20270610", meetings[0].start - 120)));
}

TEST_CASE("minutes follow the event's template and are shown again after saving") {
  StaffFixture app;
  app.register_suppliers(2);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const std::string path = minutes_path(meetings[0].id);
  const auto page = client->get(path);
  REQUIRE(page.result() == http::status::ok);
  for (const char* part : {"torsdag 11. mars 2027", "Felles panel", "Kari Lead", "Tor – referent",
                           "Hva leverandøren presenterte", "Spørsmål, og hva kjøper sa", "Oppfølging"})
    CHECK_MESSAGE(contains(page.body(), part), part);
  const std::string supplier = meetings[0].reference;
  CHECK(contains(page.body(), "(" + supplier + ")"));

  const auto saved = post_from(*client, path, path,
                               "part=minutes&presented=" + web::url_encode("Viste en alarm med <GPS>") +
                                   "&questions=" + web::url_encode("Spurte om batteritid.\nKjøper: minst 24 t.") +
                                   "&follow_up=Sender+datablad");
  CHECK(saved.result() == http::status::see_other);
  const auto again = client->get(std::string(saved[http::field::location]));
  CHECK(contains(again.body(), "Referatet er lagret."));
  CHECK(contains(again.body(), "Viste en alarm med &lt;GPS&gt;</textarea>"));
  CHECK(contains(again.body(), "Kjøper: minst 24 t.</textarea>"));
  CHECK(contains(again.body(), "Sender datablad</textarea>"));
  // The other supplier's minutes page has the same template, and none of this text.
  const auto other = client->get(minutes_path(meetings[1].id));
  CHECK(contains(other.body(), "Hva leverandøren presenterte"));
  CHECK_FALSE(contains(other.body(), "Viste en alarm"));
  // The record overview marks the minutes as written.
  CHECK(contains(client->get(app.event_path() + "/record").body(), "Referat skrevet"));
}

TEST_CASE("minutes that are too long come back with the error and the text kept") {
  StaffFixture app;
  app.register_suppliers(1);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const std::string path = minutes_path(meetings[0].id);
  const auto refused = post_from(*client, path, path,
                                 "part=minutes&presented=Kort&follow_up=" + std::string(20'001, 'x'));
  CHECK(refused.result() == http::status::unprocessable_entity);
  CHECK(contains(refused.body(), "id=\"error-summary\""));
  CHECK(contains(refused.body(), "href=\"#follow_up\""));
  CHECK(contains(refused.body(), "aria-invalid=\"true\" aria-describedby=\"follow_up-error\""));
  CHECK(contains(refused.body(), "Kort</textarea>"));
  CHECK(contains(client->get(path).body(), "></textarea>"));  // nothing was saved
  CHECK_FALSE(contains(client->get(path).body(), "Kort</textarea>"));
}

TEST_CASE("a question without question or answer is refused and nothing is logged") {
  StaffFixture app;
  app.register_suppliers(1);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const std::string path = minutes_path(meetings[0].id);
  const auto no_question = post_from(*client, path, path, "part=qa&qa-question=+&qa-answer=Ja&qa-share=yes");
  CHECK(no_question.result() == http::status::unprocessable_entity);
  CHECK(contains(no_question.body(), "href=\"#qa-question\">Skriv spørsmålet</a>"));
  CHECK(contains(no_question.body(), ">Ja</textarea>"));
  CHECK(contains(no_question.body(), "name=\"qa-share\" value=\"yes\" checked"));
  const auto no_answer = post_from(*client, path, path, "part=qa&qa-question=Hvor+mange%3F&qa-answer=");
  CHECK(no_answer.result() == http::status::unprocessable_entity);
  CHECK(contains(no_answer.body(), "href=\"#qa-answer\">Skriv svaret</a>"));
  CHECK(contains(no_answer.body(), ">Hvor mange?</textarea>"));
  CHECK(contains(client->get(path).body(), "Ingen spørsmål er ført ennå."));
}

TEST_CASE("an answer shared with all shows on the public event page and an unshared one does not") {
  StaffFixture app;
  app.register_suppliers(2);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const std::string path = minutes_path(meetings[0].id);
  CHECK(post_from(*client, path, path,
                  "part=qa&qa-question=" + web::url_encode("Må alarmen virke uten mobildekning?") +
                      "&qa-answer=" + web::url_encode("Ja, den skal falle tilbake til <SMS>.") + "&qa-share=yes")
            .result() == http::status::see_other);
  CHECK(post_from(*client, path, path,
                  "part=qa&qa-question=" + web::url_encode("Hemmelig spørsmål?") + "&qa-answer=Internt+svar")
            .result() == http::status::see_other);

  Client visitor(app.port());
  const auto event_page = visitor.get("/e/trygghetsalarm");
  REQUIRE(event_page.result() == http::status::ok);
  CHECK(contains(event_page.body(), "<h2 id=\"qa-title\">Spørsmål og svar</h2>"));
  CHECK(contains(event_page.body(), "Må alarmen virke uten mobildekning?"));
  CHECK(contains(event_page.body(), "Ja, den skal falle tilbake til &lt;SMS&gt;."));
  CHECK_FALSE(contains(event_page.body(), "Hemmelig spørsmål"));
  CHECK_FALSE(contains(event_page.body(), meetings[0].reference));

  // Sharing the second one later publishes it too.
  const auto log = client->get(path);
  std::smatch entry;
  const std::string body = log.body();
  REQUIRE(std::regex_search(body, entry, std::regex("name=\"entry\" value=\"([0-9]+)\"")));
  CHECK(post_from(*client, path, path, "part=share&entry=" + std::string(entry[1])).result() ==
        http::status::see_other);
  CHECK(contains(visitor.get("/e/trygghetsalarm").body(), "Hemmelig spørsmål?"));
  // An entry id that is not the event's is a 404.
  CHECK(post_from(*client, path, path, "part=share&entry=424242").result() == http::status::not_found);
}

TEST_CASE("the audit log names who did what in words, in either order, and exports as CSV") {
  StaffFixture app;
  app.register_suppliers(2);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const auto newest = client->get(app.event_path() + "/audit");
  REQUIRE(newest.result() == http::status::ok);
  const std::string& page = newest.body();
  CHECK(contains(page, "<caption>"));
  CHECK(contains(page, "<td>Nina Namsos</td><td>Kjørte møteplanleggeren</td>"));
  CHECK(contains(page, "<td>Leverandør " + meetings[0].reference));
  CHECK(contains(page, "Meldte seg på"));
  CHECK(contains(page, "Opprettet konferansen"));
  CHECK(contains(page, "<time datetime=\""));
  CHECK(page.find("Kjørte møteplanleggeren") < page.find("Opprettet konferansen"));

  const auto oldest = client->get(app.event_path() + "/audit?order=oldest");
  CHECK(oldest.body().find("Opprettet konferansen") < oldest.body().find("Kjørte møteplanleggeren"));

  const auto csv = client->get(app.event_path() + "/audit?format=csv&order=oldest");
  REQUIRE(csv.result() == http::status::ok);
  CHECK(csv.body().rfind("\xEF\xBB\xBF" "Når;Når (UTC);Hvem;Hva;Kode;Detaljer;Før;Etter\r\n", 0) == 0);
  CHECK(contains(csv.body(), ";Nina Namsos;Kjørte møteplanleggeren;schedule.run;"));
  // The log cannot be changed through the application.
  CHECK(client->post_form(app.event_path() + "/audit", "_csrf=x").result() == http::status::method_not_allowed);
}

TEST_CASE("a purge with the wrong confirmation changes nothing, with the right one removes the names") {
  StaffFixture app;
  app.register_suppliers(2);
  const auto meetings = schedule(app);
  auto client = logged_in(app.port(), kNamsos);
  const std::string purge = app.event_path() + "/purge";
  const auto page = client->get(purge);
  REQUIRE(page.result() == http::status::ok);
  CHECK(contains(page.body(), "31. desember 2027"));
  CHECK(contains(page.body(), "<strong>trygghetsalarm</strong>"));

  const auto wrong = post_from(*client, purge, purge, "confirm=trygghet");
  CHECK(wrong.result() == http::status::unprocessable_entity);
  CHECK(contains(wrong.body(), "href=\"#confirm\""));
  CHECK(contains(wrong.body(), "value=\"trygghet\" aria-invalid=\"true\""));
  CHECK(contains(client->get(app.event_path() + "/export.csv").body(), "Leverandør 1 AS"));

  const auto done = post_from(*client, purge, purge, "confirm=trygghetsalarm");
  CHECK(done.result() == http::status::ok);
  CHECK(contains(done.body(), "Personopplysningene er slettet."));
  const auto csv = client->get(app.event_path() + "/export.csv").body();
  CHECK_FALSE(contains(csv, "Leverandør 1 AS"));
  CHECK_FALSE(contains(csv, "kontakt1@leverandor.no"));
  CHECK(contains(csv, meetings[0].reference));  // the meetings and references stay
  const auto json = client->get(app.event_path() + "/export.json").body();
  CHECK_FALSE(contains(json, "Leverandør 1 AS"));
  CHECK_FALSE(contains(json, "Kari Lead"));
  CHECK(contains(client->get(app.event_path() + "/audit").body(), "Slettet personopplysninger"));
}

TEST_CASE("the minutes of a cancelled meeting can still be read, and no longer changed") {
  StaffFixture app;
  const auto tokens = app.register_suppliers(1);
  const auto meetings = schedule(app);
  REQUIRE(meetings.size() == 1);
  auto client = logged_in(app.port(), kNamsos);
  const std::string path = minutes_path(meetings[0].id);
  REQUIRE(post_from(*client, path, path, "part=minutes&presented=Viste+alarmen&questions=&follow_up=")
              .result() == http::status::see_other);
  REQUIRE(data::RegistrationStore(app.db()).cancel(tokens[0]));
  REQUIRE(data::ScheduleStore(app.db()).meetings(app.event_id()).empty());

  const auto page = client->get(path);
  CHECK(page.result() == http::status::ok);
  CHECK(contains(page.body(), "Møtet er avlyst. Referatet er bevart"));
  CHECK(contains(page.body(), "Viste alarmen"));
  CHECK_FALSE(contains(page.body(), "name=\"presented\""));

  const auto refused = client->post_form(
      path, "_csrf=" + web::url_encode(csrf_of(page.body())) + "&part=minutes&presented=Endret&questions=&follow_up=");
  CHECK(refused.result() == http::status::conflict);
  CHECK(contains(client->get(path).body(), "Viste alarmen"));
  CHECK(client->get(path + "?lang=en").body().find("The meeting was cancelled.") != std::string::npos);

  // The record page leads to them: a list of cancelled meetings that have minutes.
  const auto record = client->get(app.event_path() + "/record").body();
  CHECK(contains(record, "<h2>Avlyste møter med referat</h2>"));
  CHECK(contains(record, "<th scope=\"row\">Leverandør 1 AS</th>"));
  CHECK(contains(record, "href=\"" + path + "?lang=nb\""));
  CHECK(contains(record, "Ingen møter er satt opp ennå."));  // none live any more

  // Still another organisation's meeting is a 404.
  auto vikna = logged_in(app.port(), kVikna);
  CHECK(vikna->get(path).result() == http::status::not_found);
}

TEST_CASE("the audit log shows before and after of a move, a lock, the programme, the windows and a status change") {
  StaffFixture app;
  app.register_suppliers(1);  // opens the event: draft -> open
  const auto meetings = schedule(app);
  REQUIRE(meetings.size() == 1);
  auto client = logged_in(app.port(), kNamsos);
  const std::string schedule_page = app.event_path() + "/schedule";
  const auto moved = post_from(*client, schedule_page,
                               app.event_path() + "/meetings/" + std::to_string(meetings[0].id),
                               "action=move&slot=13%3A05&room=namsos");
  REQUIRE(moved.result() == http::status::see_other);
  REQUIRE(post_from(*client, schedule_page,
                    app.event_path() + "/meetings/" + std::to_string(meetings[0].id), "action=lock")
              .result() == http::status::see_other);
  const std::string programme = app.event_path() + "/programme";
  REQUIRE(post_from(*client, programme, programme,
                    "rows=2&item-0-start=09%3A30&item-0-end=11%3A30&item-0-title=Behovet"
                    "&item-0-kind=plenary&item-0-attend=yes&item-1-start=12%3A00&item-1-end=12%3A30"
                    "&item-1-title=Lunsj&item-1-kind=lunch")
              .result() == http::status::see_other);
  const std::string windows = app.event_path() + "/windows";
  REQUIRE(post_from(*client, windows, windows,
                    "meeting_length=30&changeover=5&rows=1&window-0-name=afternoon"
                    "&window-0-start=12%3A30&window-0-end=14%3A30")
              .result() == http::status::see_other);

  const auto page = client->get(app.event_path() + "/audit").body();
  CHECK(contains(page, "<th scope=\"col\">Før</th><th scope=\"col\">Etter</th>"));
  CHECK(contains(page, "<td>12:30, room namsos</td><td>13:05, room namsos</td>"));
  CHECK(contains(page, "<td>draft</td><td>open</td>"));
  CHECK(contains(page, "<td>not locked</td><td>locked</td>"));
  CHECK(contains(page, "<td>09:30-12:00 Velkommen (plenary); 12:00-12:30 Lunsj (lunch)</td>"
                       "<td>09:30-11:30 Behovet (plenary); 12:00-12:30 Lunsj (lunch, without suppliers)</td>"));
  CHECK(contains(page, "<td>12:30-14:00 afternoon</td><td>12:30-14:30 afternoon</td>"));
  CHECK_FALSE(contains(page, "Kari"));  // speakers are names: the log keeps none

  const auto csv = client->get(app.event_path() + "/audit?format=csv").body();
  CHECK(contains(csv, ";meeting.move;"));
  CHECK(contains(csv, ";12:30, room namsos;13:05, room namsos\r\n"));
  CHECK(contains(csv, ";event.status;open;draft;open\r\n"));
}
