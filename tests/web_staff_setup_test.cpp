// Staff console, setup area: creating and editing an event over real HTTP against a real SQLite
// file: every form error answers 422 with its message and changes nothing; the slot preview;
// opening and closing; another organisation and a missing CSRF token change nothing.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "data/event_store.h"
#include "data/time.h"
#include "staff_test_support.h"

namespace dialogdag::test {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

bool has(const std::string& html, const std::string& text) { return html.find(text) != std::string::npos; }

// POSTs `fields` with the CSRF token of the page at `form_page`.
http::response<http::string_body> submit(Client& client, const std::string& form_page, const std::string& action,
                                         const Fields& fields) {
  const auto page = client.get(form_page);
  REQUIRE(page.result() == http::status::ok);
  std::string body = "_csrf=" + web::url_encode(csrf_of(page.body()));
  for (const auto& [name, value] : fields) body += "&" + name + "=" + web::url_encode(value);
  return client.post_form(action, body);
}

Fields new_event_fields(const std::string& title, const std::string& slug, const std::string& day) {
  return {{"title", title},          {"slug", slug},           {"subject", "Sensorer"},
          {"need", "Vi trenger sensorer."}, {"day", day},      {"time_zone", "Europe/Oslo"},
          {"language", "nb"},        {"booking_mode", "request"}, {"opens_date", "2027-04-01"},
          {"opens_time", "09:00"},   {"closes_date", "2027-05-01"}, {"closes_time", "12:00"},
          {"max_people", "2"},       {"meetings_per_panel", "1"}, {"retention_until", "2028-06-30"}};
}

Fields with(Fields fields, const std::string& name, const std::string& value) {
  for (auto& [n, v] : fields)
    if (n == name) v = value;
  return fields;
}

core::DaySetup day_of(StaffFixture& staff) { return data::EventStore(staff.db()).load_day(staff.event_id()).value(); }

}  // namespace

TEST_CASE("an organiser creates an event through the form and finds it, hosted by their municipality") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const auto created = submit(*client, "/staff/events/new", "/staff/events/new?lang=en",
                              new_event_fields("Dialogkonferanse sensorer", "sensorer-2027", "2027-06-10"));
  REQUIRE(created.result() == http::status::see_other);
  const auto event = data::EventStore(staff.db()).find_by_slug("sensorer-2027");
  REQUIRE(event.ok());
  CHECK(std::string(created[http::field::location]) == "/staff/events/" + std::to_string(event.value().id) + "?lang=en");
  CHECK(event.value().host_organisation_id == staff.namsos_id());
  CHECK(data::format_instant(*event.value().registration_opens) == "2027-04-01T07:00:00Z");  // 09:00 summer time
  const auto settings = client->get("/staff/events/" + std::to_string(event.value().id) + "/settings?lang=en");
  CHECK(settings.result() == http::status::ok);
  CHECK(has(settings.body(), "Dialogkonferanse sensorer"));
  CHECK(has(settings.body(), "value=\"09:00\""));
}

TEST_CASE("the new-event form refuses a missing title, a bad or taken address and a bad date, and saves nothing") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const Fields good = new_event_fields("Ny", "ny-konferanse", "2027-06-10");
  const std::vector<std::pair<Fields, std::string>> cases = {
      {with(good, "title", " "), "Enter a title."},
      {with(good, "slug", "Ny Konferanse"), "The address may have only lower-case letters"},
      {with(good, "slug", "trygghetsalarm"), "Another conference already uses the address /e/trygghetsalarm."},
      {with(good, "day", "2027-02-30"), "Write the date as YYYY-MM-DD"},
      {with(good, "time_zone", "Europe/Namsos"), "Unknown time zone"},
      {with(good, "closes_date", "2027-03-01"), "The deadline must be after registration opens."},
      {with(good, "max_people", "0"), "Enter a whole number from 1 to 50."},
  };
  for (const auto& [fields, message] : cases) {
    CAPTURE(message);
    const auto response = submit(*client, "/staff/events/new", "/staff/events/new?lang=en", fields);
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(has(response.body(), "class=\"error-summary\""));
    CHECK(has(response.body(), message));
    CHECK(has(response.body(), "aria-invalid=\"true\""));
    CHECK(has(response.body(), "value=\"2027-04-01\""));  // what was typed is still there
  }
  CHECK_FALSE(data::EventStore(staff.db()).find_by_slug("ny-konferanse").ok());
}

TEST_CASE("saving the settings changes the event, and bad input changes nothing") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string settings = staff.event_path() + "/settings";
  auto fields = new_event_fields("Ny tittel", "trygghetsalarm", "2027-03-11");
  const auto saved = submit(*client, settings, staff.event_path() + "?lang=en", fields);
  REQUIRE(saved.result() == http::status::see_other);
  CHECK(data::EventStore(staff.db()).get(staff.event_id()).value().title == "Ny tittel");
  CHECK(has(client->get(std::string(saved[http::field::location])).body(), "The changes are saved."));

  const auto refused = submit(*client, settings, staff.event_path() + "?lang=en", with(fields, "title", ""));
  CHECK(refused.result() == http::status::unprocessable_entity);
  CHECK(has(refused.body(), "Enter a title."));
  CHECK(data::EventStore(staff.db()).get(staff.event_id()).value().title == "Ny tittel");
}

TEST_CASE("staff set a fair-breaks rule in the settings; the scheduler gets it, and bad input changes nothing") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string settings = staff.event_path() + "/settings";
  const auto fields = new_event_fields("Trygghetsalarm", "trygghetsalarm", "2027-03-11");
  REQUIRE(submit(*client, settings, staff.event_path(), with(fields, "title", "Trygghetsalarm")).result() ==
          http::status::see_other);
  CHECK(!day_of(staff).max_break_spread);  // empty: no rule

  auto ruled = fields;
  ruled.push_back({"max_break_spread", "1"});
  REQUIRE(submit(*client, settings, staff.event_path(), ruled).result() == http::status::see_other);
  CHECK(day_of(staff).max_break_spread == 1);
  const auto page = client->get(settings + "?lang=en");
  CHECK(has(page.body(), "Fair breaks: the largest difference in number of breaks between two participants"));
  CHECK(has(page.body(), "name=\"max_break_spread\" value=\"1\""));

  for (const char* bad : {"x", "-1", "21", "1.5"}) {
    CAPTURE(bad);
    const auto refused = submit(*client, settings, staff.event_path() + "?lang=en", with(ruled, "max_break_spread", bad));
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(has(refused.body(), "Enter a whole number from 0 to 20, or leave it empty."));
    CHECK(day_of(staff).max_break_spread == 1);
  }

  REQUIRE(submit(*client, settings, staff.event_path(), with(ruled, "max_break_spread", "")).result() ==
          http::status::see_other);
  CHECK(!day_of(staff).max_break_spread);
}

TEST_CASE("overlapping programme items are refused with both named, and the programme stays") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string page = staff.event_path() + "/programme";
  const auto response = submit(*client, page, page + "?lang=en",
                               {{"rows", "2"}, {"item-0-start", "09:00"}, {"item-0-end", "10:00"},
                                {"item-0-title", "Velkommen"}, {"item-0-kind", "plenary"}, {"item-0-attend", "yes"},
                                {"item-1-start", "09:45"}, {"item-1-end", "10:30"}, {"item-1-title", "Behovet"},
                                {"item-1-kind", "plenary"}, {"item-1-attend", "yes"}});
  CHECK(response.result() == http::status::unprocessable_entity);
  CHECK(has(response.body(), "The programme items Velkommen (09:00-10:00) and Behovet (09:45-10:30) overlap."));
  const auto in_norwegian = submit(*client, page, page,
                                   {{"rows", "2"}, {"item-0-start", "09:00"}, {"item-0-end", "10:00"},
                                    {"item-0-title", "Velkommen"}, {"item-0-kind", "plenary"}, {"item-0-attend", "yes"},
                                    {"item-1-start", "09:45"}, {"item-1-end", "10:30"}, {"item-1-title", "Behovet"},
                                    {"item-1-kind", "plenary"}, {"item-1-attend", "yes"}});
  CHECK(in_norwegian.result() == http::status::unprocessable_entity);
  CHECK(has(in_norwegian.body(), "Programpunktene Velkommen (09:00-10:00) og Behovet (09:45-10:30) overlapper."));
  CHECK_FALSE(has(in_norwegian.body(), "overlap."));
  CHECK(day_of(staff).programme.size() == 2);
  CHECK(day_of(staff).programme[0].title == "Velkommen");

  const auto bad_time = submit(*client, page, page + "?lang=en",
                               {{"rows", "1"}, {"item-0-start", "9.30"}, {"item-0-end", "10:00"},
                                {"item-0-title", "Velkommen"}, {"item-0-kind", "plenary"}});
  CHECK(bad_time.result() == http::status::unprocessable_entity);
  CHECK(has(bad_time.body(), "Row 1: enter the start as HH:MM"));

  const auto saved = submit(*client, page, page,
                            {{"rows", "3"}, {"item-0-start", "09:30"}, {"item-0-end", "11:30"},
                             {"item-0-title", "Behovet"}, {"item-0-kind", "plenary"}, {"item-0-attend", "yes"},
                             {"item-1-start", "12:00"}, {"item-1-end", "12:30"}, {"item-1-title", "Lunsj"},
                             {"item-1-kind", "lunch"}, {"item-1-attend", "yes"}, {"item-1-remove", "yes"},
                             {"item-2-kind", "plenary"}});
  CHECK(saved.result() == http::status::see_other);
  REQUIRE(day_of(staff).programme.size() == 1);
  CHECK(day_of(staff).programme[0].end == 11 * 60 + 30);
}

TEST_CASE("windows outside the day, shorter than a meeting or over the plenary are refused and nothing changes") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string page = staff.event_path() + "/windows";
  auto windows = [&](const std::string& start, const std::string& end) {
    return Fields{{"meeting_length", "30"}, {"changeover", "5"}, {"rows", "1"}, {"window-0-name", "afternoon"},
                  {"window-0-start", start}, {"window-0-end", end}};
  };
  const std::vector<std::pair<Fields, std::string>> cases = {
      {windows("12:30", "24:30"), "Row 1: enter the end as HH:MM (00:00–23:59)."},
      {windows("14:00", "14:20"), "The window afternoon (14:00-14:20) is shorter than one meeting (30 min)."},
      {windows("11:00", "14:00"), "overlaps the plenary item Velkommen (09:30-12:00), which the suppliers attend."},
      {with(windows("12:30", "14:00"), "meeting_length", "3"), "Enter a whole number from 5 to 240."},
  };
  for (const auto& [fields, message] : cases) {
    CAPTURE(message);
    const auto response = submit(*client, page, page + "?lang=en", fields);
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(has(response.body(), message));
  }
  const auto short_nb = submit(*client, page, page, windows("14:00", "14:20"));
  CHECK(has(short_nb.body(), "Møtevinduet afternoon (14:00-14:20) er kortere enn ett møte (30 min)."));
  const auto plenary_nb = submit(*client, page, page, windows("11:00", "14:00"));
  CHECK(has(plenary_nb.body(),
            "Møtevinduet afternoon (11:00-14:00) overlapper plenumspunktet Velkommen (09:30-12:00), som "
            "leverandørene deltar på."));
  const auto day = day_of(staff);
  REQUIRE(day.windows.size() == 1);
  CHECK(day.windows[0].end == 14 * 60);
  CHECK(day.meeting_length == 30);
}

TEST_CASE("the slot preview says in words and lists what the saved settings give, and Preview shows typed ones unsaved") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string page = staff.event_path() + "/windows";
  const auto saved = client->get(page + "?lang=en");
  CHECK(has(saved.body(), "afternoon: 2 meetings of 30 min with 5 min changeover, 12:30–13:35, 3 rooms"));
  CHECK(has(saved.body(), "<li>13:05–13:35</li>"));
  CHECK(has(client->get(staff.event_path() + "/settings?lang=en").body(),
            "afternoon: 2 meetings of 30 min with 5 min changeover, 12:30–13:35, 3 rooms"));
  CHECK(has(client->get(staff.event_path() + "/settings").body(),
            "afternoon: 2 møter à 30 min med 5 min bytte, 12:30–13:35, 3 rom"));

  const auto preview = submit(*client, page, page + "?lang=en",
                              {{"meeting_length", "30"}, {"changeover", "5"}, {"rows", "1"},
                               {"window-0-name", "afternoon"}, {"window-0-start", "12:30"},
                               {"window-0-end", "15:00"}, {"action", "preview"}});
  CHECK(preview.result() == http::status::ok);
  CHECK(has(preview.body(), "Preview of what you typed (not saved)"));
  CHECK(has(preview.body(), "afternoon: 4 meetings of 30 min with 5 min changeover, 12:30–14:45, 3 rooms"));
  CHECK(day_of(staff).windows[0].end == 14 * 60);

  const auto stored = submit(*client, page, page,
                             {{"meeting_length", "25"}, {"changeover", "0"}, {"rows", "1"},
                              {"window-0-name", "afternoon"}, {"window-0-start", "12:30"},
                              {"window-0-end", "15:00"}, {"action", "save"}});
  CHECK(stored.result() == http::status::see_other);
  CHECK(day_of(staff).meeting_length == 25);
  CHECK(has(client->get(page + "?lang=en").body(), "afternoon: 6 meetings of 25 min with 0 min changeover, 12:30–15:00"));
}

TEST_CASE("a panel without a minute-taker is saved only when staff say so") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string page = staff.event_path() + "/panels/felles";
  const Fields fields = {{"name", "Felles panel"}, {"municipalities", "Namsos, Osen"}, {"room", "namsos"},
                         {"rows", "1"}, {"member-0-name", "Kari Lead"}, {"member-0-email", "lead@namsos.kommune.no"},
                         {"member-0-role", "need_owner"}};
  const auto warned = submit(*client, page, page + "?lang=en", fields);
  CHECK(warned.result() == http::status::unprocessable_entity);
  CHECK(has(warned.body(), "The panel has no minute-taker."));
  CHECK(day_of(staff).panels[0].members.size() == 2);

  auto confirmed = fields;
  confirmed.push_back({"without_minute_taker", "yes"});
  CHECK(submit(*client, page, page, confirmed).result() == http::status::see_other);
  const auto panel = day_of(staff).panels[0];
  CHECK(panel.members.size() == 1);
  CHECK(panel.municipalities == std::vector<std::string>{"Namsos", "Osen"});
  CHECK(has(client->get(staff.event_path() + "/panels?lang=en").body(), "No minute-taker"));

  const auto bad_email = submit(*client, page, page + "?lang=en",
                                with(fields, "member-0-email", "kari.namsos.no"));
  CHECK(bad_email.result() == http::status::unprocessable_entity);
  CHECK(has(bad_email.body(), "Row 1: enter a valid e-mail address"));
}

TEST_CASE("a panel is added by name, and a panel suppliers asked for is not deleted") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string panels = staff.event_path() + "/panels";
  const auto added = submit(*client, panels, panels, {{"name", "Høylandet og Osen"}});
  REQUIRE(added.result() == http::status::see_other);
  CHECK(std::string(added[http::field::location]) == panels + "/hoylandet-og-osen?lang=nb");
  CHECK(day_of(staff).panels.size() == 3);

  staff.register_suppliers(1);
  const auto refused = submit(*client, panels + "/felles", panels + "/felles/delete?lang=en", {});
  CHECK(refused.result() == http::status::conflict);
  CHECK(has(refused.body(), "Suppliers have asked to meet the panel &quot;Felles panel&quot; (1), so it stays."));
  CHECK(day_of(staff).panels.size() == 3);
  const auto refused_nb = submit(*client, panels + "/felles", panels + "/felles/delete", {});
  CHECK(has(refused_nb.body(), "Leverandører har bedt om møte med panelet «Felles panel» (1), så det blir stående."));
}

TEST_CASE("bad seats, a digital room without a link and removing a home room are refused, and the rooms stay") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string page = staff.event_path() + "/rooms";
  const Fields rooms = {{"rows", "4"},
                        {"room-0-key", "namsos"}, {"room-0-name", "Møterom Namsos"}, {"room-0-seats", "8"},
                        {"room-1-key", "vikna"}, {"room-1-name", "Møterom Vikna"}, {"room-1-seats", "6"},
                        {"room-2-key", "teams"}, {"room-2-name", "Digitalt"}, {"room-2-digital", "yes"},
                        {"room-2-link", "https://example.invalid/m"},
                        {"room-3-key", ""}, {"room-3-name", "Kantina"}, {"room-3-seats", "12"}};
  const std::vector<std::pair<Fields, std::string>> cases = {
      {with(rooms, "room-3-seats", "tolv"), "Row 4: the seats must be a whole number from 1 up, or empty."},
      {with(rooms, "room-3-seats", "0"), "Row 4: the seats must be a whole number from 1 up, or empty."},
      {with(rooms, "room-2-link", ""), "Row 3: a digital room needs a meeting link"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    CAPTURE(cases[i].second);
    const auto response = submit(*client, page, page + "?lang=en", cases[i].first);
    CHECK(response.result() == http::status::unprocessable_entity);
    CHECK(has(response.body(), cases[i].second));
  }
  auto remove_home = rooms;
  remove_home.push_back({"room-0-remove", "yes"});
  const auto home = submit(*client, page, page + "?lang=en", remove_home);
  CHECK(home.result() == http::status::unprocessable_entity);
  CHECK(has(home.body(), "Row 1: the room is the home room of the panel «Felles panel»"));
  CHECK(day_of(staff).rooms.size() == 3);

  CHECK(submit(*client, page, page, rooms).result() == http::status::see_other);
  const auto day = day_of(staff);
  REQUIRE(day.rooms.size() == 4);
  CHECK(day.rooms[3].key == "kantina");
  CHECK(day.rooms[3].seats == 12);
}

TEST_CASE("staff open the event, the public page says registration is open, and closing it says it is not") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string settings = staff.event_path() + "/settings";
  const auto opened = submit(*client, settings, staff.event_path() + "/status", {{"status", "open"}});
  CHECK(opened.result() == http::status::see_other);
  Client visitor(staff.port());
  CHECK(has(visitor.get("/e/trygghetsalarm?lang=en").body(), "Registration is open."));
  CHECK(has(client->get(settings + "?lang=en").body(), "Close booking"));

  const auto closed = submit(*client, settings, staff.event_path() + "/status", {{"status", "closed"}});
  CHECK(closed.result() == http::status::see_other);
  CHECK(has(visitor.get("/e/trygghetsalarm?lang=en").body(), "Registration is not open."));
}

TEST_CASE("an event without a window is not opened, and the page says why") {
  StaffFixture staff;
  REQUIRE(data::EventStore(staff.db()).set_windows(staff.event_id(), {}, "test"));
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string settings = staff.event_path() + "/settings";
  const auto refused = submit(*client, settings, staff.event_path() + "/status?lang=en", {{"status", "open"}});
  CHECK(refused.result() == http::status::conflict);
  CHECK(has(refused.body(), "The event cannot open for registration: it has no window for one-to-one meetings."));
  const auto refused_nb = submit(*client, settings, staff.event_path() + "/status", {{"status", "open"}});
  CHECK(has(refused_nb.body(), "Konferansen kan ikke åpne for påmelding: den har ikke noe vindu for en-til-en-møter."));
  CHECK(data::EventStore(staff.db()).get(staff.event_id()).value().status == data::EventStatus::kDraft);
}

TEST_CASE("the Vikna organiser gets 404 on Namsos's settings, and their POSTs change nothing") {
  StaffFixture staff;
  auto vikna = logged_in(staff.port(), "organiser@vikna.kommune.no");
  for (const char* tab : {"/settings", "/programme", "/windows", "/rooms", "/panels", "/panels/felles"})
    CHECK(vikna->get(staff.event_path() + tab).result() == http::status::not_found);
  const auto form = vikna->get("/staff/events/new");
  const std::string csrf = "_csrf=" + web::url_encode(csrf_of(form.body()));
  CHECK(vikna->post_form(staff.event_path(), csrf + "&title=Kapret&slug=kapret&day=2027-03-11&retention_until=2028-01-01")
            .result() == http::status::not_found);
  CHECK(vikna->post_form(staff.event_path() + "/status", csrf + "&status=open").result() == http::status::not_found);
  CHECK(vikna->post_form(staff.event_path() + "/windows", csrf + "&meeting_length=30&changeover=5&rows=0")
            .result() == http::status::not_found);
  const auto event = data::EventStore(staff.db()).get(staff.event_id()).value();
  CHECK(event.title == "Dialogkonferanse trygghetsalarmer");
  CHECK(event.status == data::EventStatus::kDraft);
  CHECK(day_of(staff).windows.size() == 1);
}

TEST_CASE("a settings form without its CSRF token is refused with 403 and nothing is saved") {
  StaffFixture staff;
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  CHECK(client->post_form(staff.event_path(), "title=Uten+token&slug=trygghetsalarm&day=2027-03-11").result() ==
        http::status::forbidden);
  CHECK(client->post_form(staff.event_path() + "/status", "status=open").result() == http::status::forbidden);
  CHECK(client->post_form("/staff/events/new", "title=X&slug=x&day=2027-03-11&retention_until=2028-01-01").result() ==
        http::status::forbidden);
  const auto event = data::EventStore(staff.db()).get(staff.event_id()).value();
  CHECK(event.title == "Dialogkonferanse trygghetsalarmer");
  CHECK(event.status == data::EventStatus::kDraft);
  CHECK_FALSE(data::EventStore(staff.db()).find_by_slug("x").ok());
}

TEST_CASE("saving the rooms with several removals is all or nothing: one refused removal keeps every room") {
  StaffFixture staff;
  REQUIRE(data::EventStore(staff.db()).put_room(staff.event_id(), {"kantina", "Kantina", 12, false, ""}, "test"));
  staff.register_suppliers(1);
  const auto meetings = run_scheduler(staff);
  REQUIRE(meetings.size() == 1);
  REQUIRE(data::ScheduleStore(staff.db()).move(meetings[0].id, meetings[0].start, "kantina", "test"));

  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string page = staff.event_path() + "/rooms";
  const Fields both_removed = {{"rows", "4"},
                               {"room-0-key", "namsos"}, {"room-0-name", "Møterom Namsos"}, {"room-0-seats", "8"},
                               {"room-1-key", "vikna"}, {"room-1-name", "Møterom Vikna"}, {"room-1-seats", "6"},
                               {"room-2-key", "teams"}, {"room-2-name", "Digitalt"}, {"room-2-digital", "yes"},
                               {"room-2-link", "https://example.invalid/m"}, {"room-2-remove", "yes"},
                               {"room-3-key", "kantina"}, {"room-3-name", "Kantina"}, {"room-3-seats", "12"},
                               {"room-3-remove", "yes"}};
  const auto refused = submit(*client, page, page, both_removed);
  CHECK(refused.result() == http::status::unprocessable_entity);
  CHECK(has(refused.body(), "Rommet «Kantina» har møter i møteplanen (1); flytt dem først. Ingenting er lagret."));
  CHECK(has(refused.body(), "href=\"#room-3-remove\""));
  CHECK(day_of(staff).rooms.size() == 4);  // the digital room is still there too

  const auto in_english = submit(*client, page, page + "?lang=en", both_removed);
  CHECK(has(in_english.body(), "The room &quot;Kantina&quot; holds meetings of the schedule (1); move them first. "
                               "Nothing was saved."));
  CHECK(day_of(staff).rooms.size() == 4);
}


TEST_CASE("the date cannot change while meetings are placed, and a saved change shows before and after in the log") {
  StaffFixture staff;
  staff.register_suppliers(1);
  run_scheduler(staff);
  auto client = logged_in(staff.port(), "organiser@namsos.kommune.no");
  const std::string settings = staff.event_path() + "/settings";
  auto fields = new_event_fields("Ny tittel", "trygghetsalarm", "2027-03-11");
  REQUIRE(submit(*client, settings, staff.event_path(), fields).result() == http::status::see_other);
  const auto log = client->get(staff.event_path() + "/audit").body();
  CHECK(has(log, "title: Dialogkonferanse trygghetsalarmer"));
  CHECK(has(log, "title: Ny tittel"));

  const auto refused = submit(*client, settings, staff.event_path(), with(fields, "day", "2027-03-18"));
  CHECK(refused.result() == http::status::unprocessable_entity);
  CHECK(has(refused.body(), "Dato, tidssone, møtelengde og byttetid kan ikke endres mens møter er plassert. "
                            "Ingenting er lagret."));
  CHECK(data::EventStore(staff.db()).get(staff.event_id()).value().day == "2027-03-11");
}

}  // namespace dialogdag::test
