// Staff console, scheduling, over real HTTP: the dashboard, running the scheduler, the proposal
// grid, lock/move/unlock with refusals, re-runs, publishing to the suppliers' pages, the
// instance and schedule as JSON, and what another organisation cannot see.
#include <doctest/doctest.h>

#include <algorithm>

#include "data/demo.h"
#include "data/event_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "scheduler/validation.h"
#include "staff_test_support.h"
#include "web/form.h"

using namespace dialogdag;
using namespace dialogdag::test;

namespace {

// Presses the dashboard's "run the scheduler" button; the answer as it comes.
http::response<http::string_body> post_run(Client& client, const StaffFixture& app) {
  const auto dashboard = client.get(app.event_path());
  REQUIRE(dashboard.result() == http::status::ok);
  return client.post_form(app.event_path() + "/schedule",
                          "_csrf=" + web::url_encode(csrf_of(dashboard.body())));
}

// Runs the scheduler through the dashboard's button; REQUIREs the redirect to the proposal.
void run_scheduler(Client& client, const StaffFixture& app) {
  const auto run = post_run(client, app);
  REQUIRE(run.result() == http::status::see_other);
  REQUIRE(contains(std::string(run[http::field::location]), app.event_path() + "/schedule"));
}

http::response<http::string_body> post_meeting(Client& client, const StaffFixture& app,
                                               std::int64_t meeting, const std::string& fields) {
  const auto page = client.get(app.event_path() + "/schedule");
  REQUIRE(page.result() == http::status::ok);
  return client.post_form(app.event_path() + "/meetings/" + std::to_string(meeting),
                          "_csrf=" + web::url_encode(csrf_of(page.body())) + "&" + fields);
}

http::response<http::string_body> publish(Client& client, const StaffFixture& app) {
  const auto page = client.get(app.event_path() + "/schedule");
  REQUIRE(page.result() == http::status::ok);
  return client.post_form(app.event_path() + "/publish",
                          "_csrf=" + web::url_encode(csrf_of(page.body())));
}

std::vector<data::MeetingRow> meetings_of(StaffFixture& app) {
  return data::ScheduleStore(app.db()).meetings(app.event_id());
}

data::MeetingRow meeting_of(StaffFixture& app, std::int64_t id) {
  auto meeting = data::ScheduleStore(app.db()).meeting(id);
  REQUIRE(meeting.ok());
  return meeting.value();
}

// A registration of `company` for the panel "felles", one person; `seed` makes its
// organisation number and e-mail its own. Tests change what their case needs.
data::RegistrationInput felles_request(const std::string& company, int seed) {
  data::RegistrationInput input;
  input.company = company;
  input.orgnr = valid_orgnr(seed);
  input.contact_name = "Kontakt";
  input.email = "kontakt" + std::to_string(seed) + "@leverandor.no";
  input.phone = "+47 900 00 000";
  input.attendees = {{"Person", "Salg"}};
  input.panels = {"felles"};
  input.consent = true;
  return input;
}

// Of the registrations with manage tokens `tokens`, the (last) one with no current meeting;
// empty when each has one.
std::string token_without_meeting(StaffFixture& app, const std::vector<std::string>& tokens) {
  const auto meetings = meetings_of(app);
  std::string found;
  for (const auto& token : tokens) {
    const auto r = data::RegistrationStore(app.db()).find_by_token(token).value();
    if (std::none_of(meetings.begin(), meetings.end(),
                     [&](const data::MeetingRow& m) { return m.reference == r.reference; }))
      found = token;
  }
  return found;
}

// The schedule page's "not placed" section (up to the changes section).
std::string unplaced_part(const std::string& page) {
  const auto start = page.find("id=\"unplaced\"");
  REQUIRE(start != std::string::npos);
  return page.substr(start, page.find("id=\"changes\"") - start);
}

// One afternoon window of four slots: 12:30, 13:05, 13:40 and 14:15.
void use_four_slots(StaffFixture& app) {
  REQUIRE(data::EventStore(app.db())
              .set_windows(app.event_id(), {{12 * 60 + 30, 14 * 60 + 45, "afternoon"}}, "test"));
}

// Publishes the schedule as staff and returns the page the supplier with `token` then reads.
std::string published_booking_page(Client& staff, const StaffFixture& app,
                                   const std::string& token) {
  REQUIRE(publish(staff, app).result() == http::status::see_other);
  return Client(app.port()).get("/b/" + token).body();
}

}  // namespace

TEST_CASE("the dashboard shows registrations, demand against capacity and warnings") {
  StaffFixture app;
  app.register_suppliers(3);  // one panel, two slots: one too many
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto page = client->get(app.event_path());
  REQUIRE(page.result() == http::status::ok);
  const std::string& html = page.body();
  CHECK(contains(html, "Dialogkonferanse trygghetsalarmer"));
  for (const char* company : {"Leverandør 1 AS", "Leverandør 2 AS", "Leverandør 3 AS"})
    CHECK(contains(html, company));
  CHECK(contains(html, "Person 1 (Salg)"));
  CHECK(contains(html, "Felles panel"));
  CHECK(contains(html, "Panelet Felles panel (felles): 3 ønsker om møte, 2 tider."));
  CHECK_FALSE(contains(html, "requests for"));
  CHECK(contains(html, "For mange ønsker: 1 får ikke møte"));
  CHECK(contains(html, "12:30, 13:05"));
  CHECK(contains(html, "Planleggeren er ikke kjørt ennå."));
  CHECK(contains(html, app.event_path() + "/programme"));
  CHECK(contains(html, app.event_path() + "/agenda"));
  CHECK(contains(html, app.event_path() + "/export.csv"));
  CHECK(contains(html, app.event_path() + "/audit"));
}

TEST_CASE("running the scheduler puts every supplier's meeting on the proposal grid") {
  StaffFixture app;
  app.register_suppliers(2);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto page = client->get(app.event_path() + "/schedule");
  REQUIRE(page.result() == http::status::ok);
  const std::string& html = page.body();
  CHECK(contains(html, "<table class=\"timetable\">"));
  CHECK(contains(html, "Leverandør 1 AS"));
  CHECK(contains(html, "Leverandør 2 AS"));
  CHECK(contains(html, "Plenum:</span> Velkommen"));  // the plenary, shaded across the grid
  CHECK(contains(html, "Lunsj:</span> Lunsj"));
  CHECK(contains(html, "Alle ønskede møter er plassert."));
  CHECK(contains(html, "Kjøring 1"));
  CHECK(contains(html, "Planen er ikke publisert ennå."));
  CHECK(contains(html, "Møter per leverandør: 1–1."));
  const auto meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  for (const auto& m : meetings) {
    CHECK(m.status == "proposed");
    CHECK(contains(html, "id=\"meeting-" + std::to_string(m.id) + "\""));
  }
}

TEST_CASE("a request that does not fit is listed as not placed, with the solver's reason") {
  StaffFixture app;
  app.register_suppliers(3);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto html = client->get(app.event_path() + "/schedule").body();
  const auto placed = meetings_of(app);
  REQUIRE(placed.size() == 2);
  const std::string unplaced = unplaced_part(html);
  CHECK(contains(unplaced, "<th scope=\"col\">Grunn</th>"));
  int listed = 0;
  for (const char* company : {"Leverandør 1 AS", "Leverandør 2 AS", "Leverandør 3 AS"})
    listed += contains(unplaced, company) ? 1 : 0;
  CHECK(listed == 1);
  // In plain Norwegian first, the scheduler's English sentence below it, marked as English.
  CHECK(contains(unplaced, "Felles panel har 3 ønsker om møte og 2 tider. Loddtrekningen (frø "));
  CHECK(contains(unplaced, "<summary>Planleggerens forklaring (på engelsk)</summary><p lang=\"en\">"));
  // In English the same words, from the same cause.
  const auto english = unplaced_part(client->get(app.event_path() + "/schedule?lang=en").body());
  CHECK_FALSE(contains(english, "Loddtrekningen"));
  CHECK(contains(english, "Felles panel has 3 requests for 2 slots. The lottery (seed "));
  CHECK(contains(english, "own explanation</summary><p lang=\"en\">"));
}

TEST_CASE("a supplier whose travel window misses every slot is told so in Norwegian when not placed") {
  StaffFixture app;
  app.register_suppliers(1);
  data::RegistrationInput input = felles_request("Sen Ankomst AS", 51);
  input.available_from = 13 * 60 + 50;  // the last slot starts 13:05
  REQUIRE(data::RegistrationStore(app.db()).register_supplier(app.event_id(), input));
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto html = client->get(app.event_path() + "/schedule").body();
  CHECK(contains(html, "Sen Ankomst AS ("));
  CHECK(contains(html, "kan ikke ta noen av de 2 tidene (kommer 13:50, drar –, kan ikke: –)."));
}

TEST_CASE("a meeting its room cannot seat is told so in Norwegian, with the room and the seats") {
  StaffFixture app;
  app.register_suppliers(1);
  data::RegistrationInput input = felles_request("Stor Gjeng AS", 52);
  input.attendees = {{"Person En", "Salg"}, {"Person To", "Teknikk"}};
  const auto booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), input);
  REQUIRE(booking);
  // The panel's home room shrinks after the registration: two members and two guests need 4.
  data::EventStore events(app.db());
  auto day = events.load_day(app.event_id());
  REQUIRE(day);
  core::EventRoom namsos;
  for (const auto& room : day.value().rooms)
    if (room.key == "namsos") namsos = room;
  REQUIRE(namsos.key == "namsos");
  namsos.seats = 3;
  REQUIRE(events.put_room(app.event_id(), namsos, "test"));
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto html = client->get(app.event_path() + "/schedule").body();
  const std::string unplaced = unplaced_part(html);
  CHECK(contains(unplaced, "Stor Gjeng AS"));
  CHECK(contains(unplaced, namsos.name + " har 3 plasser, men møtet trenger 4"));
  CHECK_FALSE(contains(unplaced, "er tatt av andre møter"));
  const auto english = client->get(app.event_path() + "/schedule?lang=en").body();
  CHECK(contains(english, namsos.name + " seats 3, but the meeting needs 4 (the panel and the "
                                        "supplier"));
  CHECK(contains(english, "seats 3, but the meeting needs 4 seats"));  // the solver's sentence
  // Once published, the supplier reads the same cause, not "more requests than times".
  const auto page = published_booking_page(*client, app, booking.value().manage_token);
  CHECK(contains(page, "Du fikk ikke et en-til-en-møte: møterommet til panelet har 3 plasser, og "
                       "panelet (2) og dere (2) er flere enn det."));
  CHECK_FALSE(contains(page, "flere ønsker om møte enn ledige tider"));
}

TEST_CASE("a fair-breaks rule that locked meetings put out of reach: the run says why, nothing moves") {
  StaffFixture app;
  data::EventStore events(app.db());
  use_four_slots(app);
  app.register_suppliers(2);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  auto meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  // The panel's two meetings are locked at the first and the last slot: a gap nobody can fill.
  data::ScheduleStore schedules(app.db());
  REQUIRE(schedules.move(meetings[1].id, 14 * 60 + 15, std::string("namsos"), "test"));
  REQUIRE(schedules.move(meetings[0].id, 12 * 60 + 30, std::string("namsos"), "test"));
  for (const auto& m : meetings) REQUIRE(schedules.set_locked(m.id, true, "test"));
  auto event = events.get(app.event_id()).value();
  event.max_break_spread = 0;
  REQUIRE(events.update(event, "test"));
  const auto before = meetings_of(app);

  run_scheduler(*client, app);
  CHECK(schedules.latest_run(app.event_id())->status == "infeasible");
  for (const auto& page : {client->get(app.event_path()).body(),
                           client->get(app.event_path() + "/schedule").body()}) {
    CHECK(contains(page, "ingen plan mulig"));
    CHECK(contains(page, "Felles panel får minst 1 pause(r) uansett: de låste møtene gir et hull"));
    CHECK(contains(page, "(høyst 0 i forskjell) kan derfor ikke holdes"));
    CHECK(contains(page, "<p lang=\"en\">Felles panel (felles) has at least 1 break"));
  }
  const auto english = client->get(app.event_path() + "?lang=en").body();
  CHECK(contains(english, "Felles panel has at least 1 break(s) whatever happens: the locked "
                          "meetings leave a gap"));
  CHECK(contains(english, "the fairness rule (break counts within 0 of each other) cannot hold"));
  const auto after = meetings_of(app);
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < after.size(); ++i) CHECK(after[i].start == before[i].start);
}

TEST_CASE("locked meetings that a shared panel member can no longer attend both: the run says so") {
  StaffFixture app;
  data::EventStore events(app.db());
  // Teknisk panel without Kari Lead for now: its meeting may run beside the joint panel's.
  core::Panel tech{"teknisk", "Teknisk panel", {"Vikna"},
                   {{"ola@vikna.kommune.no", "Ola", core::Role::kProcurement}}, "vikna"};
  REQUIRE(events.put_panel(app.event_id(), tech, "test").ok());
  app.register_suppliers(1);
  data::RegistrationInput input = felles_request("Teknikk AS", 53);
  input.panels = {"teknisk"};
  REQUIRE(data::RegistrationStore(app.db()).register_supplier(app.event_id(), input));
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  data::ScheduleStore schedules(app.db());
  for (const auto& m : meetings) {
    REQUIRE(schedules.move(m.id, 12 * 60 + 30, m.room, "test"));
    REQUIRE(schedules.set_locked(m.id, true, "test"));
  }
  // Kari Lead joins Teknisk panel too: she cannot sit in both meetings at 12:30.
  tech.members.push_back({"lead@namsos.kommune.no", "Kari Lead", core::Role::kProcurement});
  REQUIRE(events.put_panel(app.event_id(), tech, "test").ok());

  run_scheduler(*client, app);
  CHECK(schedules.latest_run(app.event_id())->status == "infeasible");
  CHECK(contains(client->get(app.event_path()).body(),
                 "De låste møtene kan ikke holdes alle sammen: ingen plan har plass til dem "
                 "samtidig"));
  CHECK(contains(client->get(app.event_path() + "?lang=en").body(),
                 "The locked meetings cannot all be held"));
  for (const auto& m : meetings) CHECK(meeting_of(app, m.id).start == 12 * 60 + 30);
}

TEST_CASE("a meeting the fair-breaks rule keeps out is told so in Norwegian") {
  StaffFixture app;
  data::EventStore events(app.db());
  use_four_slots(app);
  app.register_suppliers(1);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto first = meetings_of(app);
  REQUIRE(first.size() == 1);
  data::ScheduleStore schedules(app.db());
  REQUIRE(schedules.move(first[0].id, 12 * 60 + 30, std::string("namsos"), "test"));
  REQUIRE(schedules.set_locked(first[0].id, true, "test"));
  // A supplier who can only come at 13:40 would leave the panel a break after 12:30.
  data::RegistrationInput input = felles_request("Bare Ettermiddag AS", 54);
  input.available_from = 13 * 60 + 40;
  input.available_until = 14 * 60 + 10;
  const auto booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), input);
  REQUIRE(booking);
  auto event = events.get(app.event_id()).value();
  event.max_break_spread = 0;
  REQUIRE(events.update(event, "test"));

  run_scheduler(*client, app);
  CHECK(meetings_of(app).size() == 1);
  const auto html = client->get(app.event_path() + "/schedule").body();
  const std::string unplaced = unplaced_part(html);
  CHECK(contains(unplaced, "Bare Ettermiddag AS"));
  CHECK(contains(unplaced, "Det finnes ledig tid, men møtet ville gitt noen flere pauser enn "
                           "regelen om rettferdige pauser tillater (høyst 0 i forskjell)."));
  // Two requests for four times: once published, the supplier is not told that demand was
  // too high.
  const auto page = published_booking_page(*client, app, booking.value().manage_token);
  CHECK(contains(page, "Du fikk dessverre ikke et en-til-en-møte. Møteplanen er publisert, og "
                       "reglene for dagen ga ikke plass til møtet ditt"));
  CHECK_FALSE(contains(page, "flere ønsker om møte enn ledige tider"));
}

TEST_CASE("a meeting freed after the latest run says to run the scheduler again") {
  StaffFixture app;
  app.register_suppliers(2);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  REQUIRE(data::RegistrationStore(app.db())
              .register_supplier(app.event_id(), felles_request("Sent Påmeldt AS", 53)));
  const auto html = client->get(app.event_path() + "/schedule").body();
  CHECK(contains(html, "Møtet kom til eller ble frigjort etter siste kjøring. Kjør planleggeren "
                       "igjen for å plassere det."));
}

TEST_CASE(
    "staff lock, move and unlock a meeting; a move that breaks a rule is refused with the reason") {
  StaffFixture app;
  app.register_suppliers(2);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  auto meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  const auto first = meetings[0], second = meetings[1];
  const std::string other_slot = core::format_clock(second.start);

  SUBCASE("lock and unlock") {
    CHECK(post_meeting(*client, app, first.id, "action=lock").result() == http::status::see_other);
    CHECK(meeting_of(app, first.id).locked);
    const auto page = client->get(app.event_path() + "/schedule").body();
    CHECK(contains(page, "<span class=\"lock-mark\">Låst</span>"));
    CHECK(contains(page, "Lås opp"));
    CHECK(post_meeting(*client, app, first.id, "action=unlock").result() ==
          http::status::see_other);
    CHECK_FALSE(meeting_of(app, first.id).locked);
  }
  SUBCASE("a move to a free room at the same time") {
    const auto moved =
        post_meeting(*client, app, first.id,
                     "action=move&slot=" + core::format_clock(first.start) + "&room=vikna");
    CHECK(moved.result() == http::status::see_other);
    CHECK(meeting_of(app, first.id).room == "vikna");
    CHECK(meeting_of(app, first.id).start == first.start);
  }
  SUBCASE("the panel is busy then") {
    const auto refused =
        post_meeting(*client, app, first.id, "action=move&slot=" + other_slot + "&room=vikna");
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(contains(refused.body(), "id=\"error-summary\""));
    CHECK(contains(refused.body(), "href=\"#slot-" + std::to_string(first.id) + "\""));
    CHECK(contains(refused.body(), "Panelet har et annet møte kl. " + other_slot + "."));
    CHECK(contains(refused.body(), "aria-invalid=\"true\""));
    CHECK(meeting_of(app, first.id).start == first.start);  // nothing changed
  }
  SUBCASE("a supplier meeting in person cannot go to a digital room") {
    const auto refused =
        post_meeting(*client, app, first.id,
                     "action=move&slot=" + core::format_clock(first.start) + "&room=teams");
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(contains(refused.body(), "Digitalt er et digitalt rom, og leverandøren møter fysisk."));
    CHECK(meeting_of(app, first.id).room == first.room);
  }
  SUBCASE("a time that is no meeting time of the day") {
    const auto refused =
        post_meeting(*client, app, first.id, "action=move&slot=12%3A45&room=namsos");
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(contains(refused.body(), "12:45 er ikke en møtetid denne dagen."));
  }
  SUBCASE("a time that is no time at all") {
    const auto refused = post_meeting(*client, app, first.id, "action=move&slot=soon&room=namsos");
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(contains(refused.body(), "Velg en av dagens møtetider."));
  }
  SUBCASE("a room that is not in the event") {
    const auto refused =
        post_meeting(*client, app, first.id,
                     "action=move&slot=" + core::format_clock(first.start) + "&room=attic");
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(contains(refused.body(), "Rommet finnes ikke i denne konferansen."));
  }
  SUBCASE("an unknown action") {
    const auto refused = post_meeting(*client, app, first.id, "action=delete");
    CHECK(refused.result() == http::status::unprocessable_entity);
    CHECK(contains(refused.body(), "Ukjent handling."));
  }
  SUBCASE("a meeting that does not exist") {
    CHECK(post_meeting(*client, app, 999999, "action=lock").result() == http::status::not_found);
  }
}

TEST_CASE("a re-run after a cancellation moves no locked meeting and places the waiting supplier") {
  StaffFixture app;
  const auto tokens = app.register_suppliers(3);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  auto meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  // Move the first meeting to another room and lock it there; the second supplier cancels.
  const auto kept = meetings[0], leaving = meetings[1];
  REQUIRE(post_meeting(*client, app, kept.id,
                       "action=move&slot=" + core::format_clock(kept.start) + "&room=vikna")
              .result() == http::status::see_other);
  REQUIRE(post_meeting(*client, app, kept.id, "action=lock").result() == http::status::see_other);
  data::RegistrationStore registrations(app.db());
  std::string waiting;
  for (const auto& token : tokens) {
    const auto r = registrations.find_by_token(token).value();
    if (r.reference == leaving.reference) REQUIRE(registrations.cancel(token).ok());
    if (r.reference != leaving.reference && r.reference != kept.reference) waiting = r.reference;
  }
  REQUIRE_FALSE(waiting.empty());

  run_scheduler(*client, app);
  meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  const auto still = std::find_if(meetings.begin(), meetings.end(),
                                  [&](const auto& m) { return m.id == kept.id; });
  REQUIRE(still != meetings.end());
  CHECK(still->start == kept.start);
  CHECK(still->room == "vikna");
  CHECK(still->locked);
  CHECK(std::any_of(meetings.begin(), meetings.end(),
                    [&](const auto& m) { return m.reference == waiting; }));
  CHECK(std::none_of(meetings.begin(), meetings.end(),
                     [&](const auto& m) { return m.reference == leaving.reference; }));
  CHECK(contains(client->get(app.event_path() + "/schedule").body(), "Kjøring 2"));
}

TEST_CASE("a locked meeting the day no longer has a slot for stops the run with a sentence staff can act on") {
  StaffFixture app;
  app.register_suppliers(1);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto meeting = meetings_of(app).at(0);
  REQUIRE(post_meeting(*client, app, meeting.id, "action=lock").result() == http::status::see_other);
  // The window now starts ten minutes later: no slot starts at the locked time any more.
  const core::Minutes start = meeting.start;
  REQUIRE(data::EventStore(app.db())
              .set_windows(app.event_id(), {{start + 10, 14 * 60, "afternoon"}}, "test")
              .ok());

  const auto refused = post_run(*client, app);
  CHECK(refused.result() == http::status::unprocessable_entity);
  const std::string said = "Det låste møtet mellom Leverandør 1 AS (" + meeting.reference +
                           ") og panelet Felles panel (felles) starter " + core::format_clock(start) +
                           ", som ikke lenger er starten på et møtetidspunkt i dagens plan.";
  CHECK(contains(refused.body(), said));
  CHECK_FALSE(contains(refused.body(), "which is not the start"));
  CHECK(contains(client->get(app.event_path() + "/schedule").body(), said));
  const auto english = client->get(app.event_path() + "/schedule?lang=en").body();
  CHECK(contains(english, "starts at " + core::format_clock(start) +
                              ", which is no longer the start of a slot of the day. Unlock the meeting"));
  CHECK(meeting_of(app, meeting.id).locked);  // nothing changed
}

TEST_CASE(
    "publishing shows suppliers their time and room; a re-run or move before the next publish does "
    "not") {
  StaffFixture app;
  const auto tokens = app.register_suppliers(1);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  Client supplier(app.port());
  run_scheduler(*client, app);
  const auto meeting = meetings_of(app).at(0);
  const std::string time = core::format_clock(meeting.start);

  auto before = supplier.get("/b/" + tokens[0]).body();
  CHECK_FALSE(contains(before, "Møterom Namsos"));
  CHECK_FALSE(contains(before, time + "–"));

  const auto published = publish(*client, app);
  REQUIRE(published.result() == http::status::see_other);
  CHECK(contains(client->get(std::string(published[http::field::location])).body(),
                 "Versjon 1 er publisert."));
  auto after = supplier.get("/b/" + tokens[0]).body();
  CHECK(contains(after, time + "–"));
  CHECK(contains(after, "Møterom Namsos"));
  CHECK_FALSE(contains(after, "Møtetiden din er endret"));

  // A re-run after publishing leaves the supplier's published time in place.
  run_scheduler(*client, app);
  after = supplier.get("/b/" + tokens[0]).body();
  CHECK(contains(after, time + "–"));
  CHECK(contains(after, "Møterom Namsos"));

  // A move shows on the supplier's page only after the next publish, flagged as a change.
  const auto current = meetings_of(app).at(0);
  const std::string other = current.start == 12 * 60 + 30 ? "13:05" : "12:30";
  REQUIRE(post_meeting(*client, app, current.id,
                       "action=move&slot=" + web::url_encode(other) + "&room=namsos")
              .result() == http::status::see_other);
  const auto proposal = client->get(app.event_path() + "/schedule").body();
  CHECK(contains(proposal, "Flyttet"));
  after = supplier.get("/b/" + tokens[0]).body();
  CHECK(contains(after, core::format_clock(current.start) + "–"));
  CHECK_FALSE(contains(after, other + "–"));

  REQUIRE(publish(*client, app).result() == http::status::see_other);
  after = supplier.get("/b/" + tokens[0]).body();
  CHECK(contains(after, other + "–"));
  CHECK(contains(after, "Møtetiden din er endret"));
  CHECK(contains(after, "Før: " + core::format_clock(current.start) +
                            ", Møterom Namsos. Nå: " + other + ", Møterom Namsos."));
  CHECK(contains(client->get(app.event_path() + "/schedule").body(),
                 "Ingen endringer siden versjon 2"));
}

TEST_CASE("instance.json and schedule.json pass the independent checker") {
  StaffFixture app;
  app.register_suppliers(3);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto instance_reply = client->get(app.event_path() + "/instance.json");
  const auto schedule_reply = client->get(app.event_path() + "/schedule.json");
  REQUIRE(instance_reply.result() == http::status::ok);
  REQUIRE(schedule_reply.result() == http::status::ok);
  CHECK(contains(std::string(instance_reply[http::field::content_type]), "application/json"));
  auto instance = sched::read_instance(instance_reply.body());
  REQUIRE_MESSAGE(instance.ok(), (instance.ok() ? "" : instance.error()));
  auto schedule = sched::read_schedule(schedule_reply.body(), instance.value());
  REQUIRE_MESSAGE(schedule.ok(), (schedule.ok() ? "" : schedule.error()));
  const auto report = sched::check_schedule(instance.value(), schedule.value());
  for (const auto& violation : report.violations) CAPTURE(violation);
  CHECK(report.valid());
  CHECK(schedule.value().assignments.size() == 2);
  CHECK(schedule.value().unscheduled.size() == 1);
}

TEST_CASE("without a session the JSON documents answer 401 and the pages send to the login") {
  StaffFixture app;
  Client client(app.port());
  CHECK(client.get(app.event_path() + "/instance.json").result() == http::status::unauthorized);
  CHECK(client.get(app.event_path() + "/schedule.json").result() == http::status::unauthorized);
  CHECK(client.get(app.event_path() + "/schedule").result() == http::status::see_other);
  CHECK(client.get(app.event_path()).result() == http::status::see_other);
}

TEST_CASE(
    "another organisation's organiser gets 404 for every scheduling page, action and document") {
  StaffFixture app;
  app.register_suppliers(2);
  {
    auto namsos = logged_in(app.port(), "organiser@namsos.kommune.no");
    run_scheduler(*namsos, app);
  }
  const auto meeting = meetings_of(app).at(0);
  auto vikna = logged_in(app.port(), "organiser@vikna.kommune.no");
  const std::string csrf = web::url_encode(csrf_of(vikna->get("/staff/events").body()));
  CHECK(vikna->get(app.event_path()).result() == http::status::not_found);
  CHECK(vikna->get(app.event_path() + "/schedule").result() == http::status::not_found);
  CHECK(vikna->get(app.event_path() + "/instance.json").result() == http::status::not_found);
  CHECK(vikna->get(app.event_path() + "/schedule.json").result() == http::status::not_found);
  CHECK(vikna
            ->post_form(app.event_path() + "/meetings/" + std::to_string(meeting.id),
                        "_csrf=" + csrf + "&action=lock")
            .result() == http::status::not_found);
  CHECK(vikna->post_form(app.event_path() + "/schedule", "_csrf=" + csrf).result() ==
        http::status::not_found);
  CHECK(vikna->post_form(app.event_path() + "/publish", "_csrf=" + csrf).result() ==
        http::status::not_found);
  CHECK_FALSE(meeting_of(app, meeting.id).locked);
  CHECK(data::ScheduleStore(app.db()).versions(app.event_id()).empty());
  CHECK(data::ScheduleStore(app.db()).latest_run(app.event_id())->run_number == 1);
}

TEST_CASE("a day that cannot be scheduled is refused with the reason on the dashboard") {
  StaffFixture app;
  app.register_suppliers(1);
  REQUIRE(data::EventStore(app.db()).set_windows(app.event_id(), {}, "test").ok());
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto run = post_run(*client, app);
  CHECK(run.result() == http::status::unprocessable_entity);
  CHECK(contains(run.body(), "id=\"error-summary\""));
  CHECK(contains(run.body(), "Planleggeren kunne ikke kjøres"));
  CHECK_FALSE(data::ScheduleStore(app.db()).latest_run(app.event_id()).has_value());
}

TEST_CASE("a meeting of another organisation's event is a 404 under one's own event too") {
  StaffFixture app;
  app.register_suppliers(1);
  {
    auto namsos = logged_in(app.port(), "organiser@namsos.kommune.no");
    run_scheduler(*namsos, app);
  }
  const auto meeting = meetings_of(app).at(0);
  const std::string own_path = app.add_vikna_event();
  auto vikna = logged_in(app.port(), "organiser@vikna.kommune.no");
  const auto page = vikna->get(own_path);
  REQUIRE(page.result() == http::status::ok);
  const auto response =
      vikna->post_form(own_path + "/meetings/" + std::to_string(meeting.id),
                       "_csrf=" + web::url_encode(csrf_of(page.body())) + "&action=lock");
  CHECK(response.result() == http::status::not_found);
  CHECK_FALSE(meeting_of(app, meeting.id).locked);
}

TEST_CASE("the run form says, with the staff script, that the scheduler is working") {
  StaffFixture app;
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto dashboard = client->get(app.event_path()).body();
  CHECK(contains(dashboard, "<script src=\"/static/staff.js\" defer></script>"));
  CHECK(contains(dashboard, "data-running=\"Planleggeren arbeider. Det tar opptil 10 sekunder; "
                            "siden oppdateres når den er ferdig.\""));
  CHECK(contains(dashboard, "<p class=\"run-status\" role=\"status\"></p></form>"));
  CHECK(contains(client->get(app.event_path() + "?lang=en").body(),
                 "data-running=\"The scheduler is working."));
  CHECK(client->get("/static/staff.js").result() == http::status::ok);
  // The public pages load no script.
  CHECK_FALSE(contains(client->get("/").body(), "<script"));
}

TEST_CASE("a run that ended at the time limit says that its schedule is not proven the best") {
  StaffFixture app;
  app.register_suppliers(2);
  data::ScheduleStore schedules(app.db());
  const auto instance = schedules.load_instance(app.event_id());
  REQUIRE(instance);
  sched::SolveOptions options;
  sched::Schedule solved = sched::solve(instance.value(), options, [] { return 0; });
  solved.status = sched::Status::kFeasible;  // as when the 10 s ran out before the proof
  REQUIRE(schedules.store_run(app.event_id(), instance.value(), solved, std::nullopt, "test"));
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  CHECK(contains(client->get(app.event_path()).body(),
                 "gyldig plan, men ikke bevist best mulig innen tidsgrensen"));
  CHECK(contains(client->get(app.event_path() + "/schedule?lang=en").body(),
                 "valid schedule, but not proven the best possible within the time limit"));
}

TEST_CASE("the proposal speaks English when asked") {
  StaffFixture app;
  app.register_suppliers(1);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto page = client->get(app.event_path() + "/schedule?lang=en").body();
  CHECK(contains(page, "Proposed schedule"));
  CHECK(contains(page, "Plenary:</span> Velkommen"));
  CHECK(contains(page, "The schedule is not published yet."));
  CHECK(contains(page, "Publish the schedule to suppliers"));
}

TEST_CASE("the demo day's first scheduler run places every requested meeting") {
  StaffFixture app;
  const auto demo = data::create_demo(app.db(), "test");
  REQUIRE_MESSAGE(demo.ok(), (demo.ok() ? "" : demo.error()));
  auto client = logged_in(app.port(), demo.value().staff_email, demo.value().staff_password);
  const std::string path = "/staff/events/" + std::to_string(demo.value().event_id);
  const auto dashboard = client->get(path);
  REQUIRE(dashboard.result() == http::status::ok);
  const auto run =
      client->post_form(path + "/schedule", "_csrf=" + web::url_encode(csrf_of(dashboard.body())));
  REQUIRE(run.result() == http::status::see_other);

  const auto page = client->get(path + "/schedule");
  REQUIRE(page.result() == http::status::ok);
  CHECK(contains(page.body(), "Alle ønskede møter er plassert."));
  CHECK(contains(page.body(), "21 plassert, 0 ikke plassert"));
  const auto meetings = data::ScheduleStore(app.db()).meetings(demo.value().event_id);
  CHECK(meetings.size() == 21);
  for (const char* company : {"Namdal Trygghet AS", "Kystlink Helse AS", "Tryggheim Digital AS",
                              "Agder Trygghetsløsninger AS"})
    CHECK(contains(page.body(), company));
}

namespace {

// Registers one supplier directly in the store; returns its booking reference.
std::string register_one(StaffFixture& app, const std::string& company, int seed,
                         std::vector<std::string> panels, bool digital) {
  data::EventStore events(app.db());
  if (events.get(app.event_id()).value().status != data::EventStatus::kOpen)
    REQUIRE(events.set_status(app.event_id(), data::EventStatus::kOpen, "test"));
  data::RegistrationInput input;
  input.company = company;
  input.orgnr = valid_orgnr(seed);
  input.contact_name = "Kontakt " + company;
  input.email = "kontakt" + std::to_string(seed) + "@leverandor.no";
  input.phone = "+47 900 00 000";
  input.attendees = {{"Person " + std::to_string(seed), "Salg"}};
  input.panels = std::move(panels);
  input.digital = digital;
  input.attends_plenary = !digital;
  input.consent = true;
  auto booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), input);
  REQUIRE_MESSAGE(booking.ok(), (booking.ok() ? "" : booking.error()));
  return booking.value().reference;
}

}  // namespace

TEST_CASE("a digital supplier's meeting can move to no room, a meeting in person cannot") {
  StaffFixture app;
  app.register_suppliers(1);
  const std::string digital = register_one(app, "Digital Leverandør AS", 41, {"felles"}, true);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto meetings = meetings_of(app);
  REQUIRE(meetings.size() == 2);
  const auto online = std::find_if(meetings.begin(), meetings.end(),
                                   [&](const data::MeetingRow& m) { return m.reference == digital; });
  REQUIRE(online != meetings.end());
  const auto in_person = std::find_if(meetings.begin(), meetings.end(),
                                      [&](const data::MeetingRow& m) { return m.reference != digital; });

  const auto page = client->get(app.event_path() + "/schedule").body();
  const std::string no_room_option = "<option value=\"\">Uten rom (digitalt, lenke sendes av panelet)</option>";
  CHECK(count_of(page, no_room_option) == 1);  // only in the digital meeting's form

  const std::string slot = core::format_clock(online->start);
  const auto moved = post_meeting(*client, app, online->id, "action=move&slot=" + slot + "&room=");
  CHECK(moved.result() == http::status::see_other);
  CHECK_FALSE(meeting_of(app, online->id).room.has_value());

  const auto refused = post_meeting(*client, app, in_person->id,
                                    "action=move&slot=" + core::format_clock(in_person->start) + "&room=");
  CHECK(refused.result() == http::status::unprocessable_entity);
  CHECK(contains(refused.body(), "Leverandøren møter fysisk; velg et rom for møtet."));
  CHECK(meeting_of(app, in_person->id).room == in_person->room);
}

TEST_CASE("the fairness figures count the wait between a supplier's meetings") {
  StaffFixture app;
  register_one(app, "To Paneler AS", 42, {"felles", "teknisk"}, false);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  REQUIRE(meetings_of(app).size() == 2);  // 12:30 and 13:05 (the panels share a member)
  const auto page = client->get(app.event_path() + "/schedule").body();
  // Lunch ends 12:30 and the first meeting starts then; 13:00 to 13:05 is spent waiting.
  CHECK(contains(page, "<th scope=\"row\">To Paneler AS</th><td>2</td><td>5 min</td>"));
  CHECK(contains(page, "Lengste ventetid: 5 min"));
  CHECK(contains(page, "Ventetid før og mellom møtene"));
}

TEST_CASE("after publishing, a supplier without a meeting reads that, why, and whom to contact") {
  StaffFixture app;
  data::EventStore events(app.db());
  auto event = events.get(app.event_id()).value();
  event.lottery_seed = 2026;  // published before the draw
  REQUIRE(events.update(event, "test"));
  const auto tokens = app.register_suppliers(3);  // one panel, two slots: one gets no meeting
  data::RegistrationInput late = felles_request("Sen Ankomst AS", 52);
  late.available_from = 13 * 60 + 50;
  auto late_booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), late);
  REQUIRE(late_booking);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const std::string unplaced_token = token_without_meeting(app, tokens);
  REQUIRE_FALSE(unplaced_token.empty());
  Client supplier(app.port());
  CHECK(contains(supplier.get("/b/" + unplaced_token).body(), "Møtetidspunktet er ikke satt ennå."));
  CHECK(contains(supplier.get("/e/" + event.slug).body(),
                 "Trekningstallet for loddtrekningen er 2026."));
  CHECK(contains(supplier.get("/e/" + event.slug + "?lang=en").body(), "The lottery seed is 2026."));
  // One more registers after the run, and staff publish without running again.
  auto after = data::RegistrationStore(app.db()).register_supplier(
      app.event_id(), felles_request("Etternøler AS", 53));
  REQUIRE(after);

  REQUIRE(publish(*client, app).result() == http::status::see_other);
  // Three of the four suppliers could meet the panel, in two slots: the lottery decided, and
  // the one it left out drew third or fourth (the fourth comes at 13:50, after every slot).
  const auto page = supplier.get("/b/" + unplaced_token).body();
  CHECK(contains(page, "Du fikk dessverre ikke et en-til-en-møte. Det var flere ønsker om møte "
                       "enn ledige tider, og en loddtrekning avgjorde rekkefølgen: du fikk plass "));
  CHECK((contains(page, "plass 3 av 4,") || contains(page, "plass 4 av 4,")));
  CHECK(contains(page, "Trekningstallet var 2026; med det kan trekningen etterprøves."));
  CHECK(contains(page, "Har du spørsmål, ta kontakt med arrangøren: Namsos kommune."));
  CHECK_FALSE(contains(page, "ikke satt ennå"));
  const auto english = supplier.get("/b/" + unplaced_token + "?lang=en").body();
  CHECK(contains(english, "There were more requests than free times, and a lottery decided the "
                          "order: you drew position "));
  CHECK(contains(english, "The lottery seed was 2026; with it the draw can be checked."));
  const auto travel = supplier.get("/b/" + late_booking.value().manage_token + "?lang=en").body();
  CHECK(contains(travel, "You did not get a one-to-one meeting: none of the meeting times fits when you "
                         "said you can be there (arrival 13:50, departure –)."));

  // The one who registered after the run is not told that the day had no room.
  const auto latecomer = supplier.get("/b/" + after.value().manage_token).body();
  CHECK(contains(latecomer, "Du har ikke fått et en-til-en-møte: ønsket ditt om møte, eller "
                            "endringen av det, kom etter at møteplanen ble satt opp. Arrangøren kan "
                            "fortsatt finne en tid til deg; da står møtet her."));
  CHECK_FALSE(contains(latecomer, "ga ikke plass"));
}

TEST_CASE("a supplier who asks for another panel after the run is not sent the old run's lottery") {
  StaffFixture app;
  const auto tokens = app.register_suppliers(3);  // one panel, two slots: one gets no meeting
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const std::string left_out = token_without_meeting(app, tokens);
  REQUIRE_FALSE(left_out.empty());
  // It asks for the technical panel instead, and staff publish without running again.
  data::RegistrationStore registrations(app.db());
  const auto before = registrations.find_by_token(left_out).value();
  data::RegistrationInput change = felles_request(before.company, 54);
  change.orgnr = before.orgnr;
  change.email = before.email;
  change.panels = {"teknisk"};
  REQUIRE(registrations.update(left_out, change));
  REQUIRE(publish(*client, app).result() == http::status::see_other);
  Client supplier(app.port());
  const auto page = supplier.get("/b/" + left_out + "?lang=en").body();
  CHECK(contains(page, "You have no one-to-one meeting: your request for one, or your change to "
                       "it, came after the schedule was made."));
  CHECK_FALSE(contains(page, "lottery"));
}

TEST_CASE("a supplier without a meeting it asked for reads, per panel, why it has not got it") {
  // Two times, and Kari Lead sits on both panels: the day holds two meetings in all. One
  // supplier asks for both panels, another for the joint panel only; each gets one meeting
  // (one before anyone gets two), so the first one's second meeting has no time left.
  StaffFixture app;
  data::EventStore events(app.db());
  auto event = events.get(app.event_id()).value();
  event.lottery_seed = 77;
  REQUIRE(events.update(event, "test"));
  REQUIRE(events.set_status(app.event_id(), data::EventStatus::kOpen, "test").ok());
  data::RegistrationStore registrations(app.db());
  data::RegistrationInput both = felles_request("Begge Paneler AS", 61);
  both.panels = {"felles", "teknisk"};
  const auto asked_both = registrations.register_supplier(app.event_id(), both);
  const auto asked_one =
      registrations.register_supplier(app.event_id(), felles_request("Ett Panel AS", 62));
  // A third asks for both panels but arrives after the last time: no meeting at all.
  data::RegistrationInput late = felles_request("Sen Begge AS", 63);
  late.panels = {"felles", "teknisk"};
  late.available_from = 13 * 60 + 50;
  const auto arrives_late = registrations.register_supplier(app.event_id(), late);
  REQUIRE(asked_both);
  REQUIRE(asked_one);
  REQUIRE(arrives_late);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  const auto page = published_booking_page(*client, app, asked_both.value().manage_token);
  CHECK(contains(page, "<strong>Møter du ba om, men ikke fikk</strong>"));
  // Which panel it met is the solver's choice; the other one is named with the lottery's words.
  const bool met_joint = contains(page, "Felles panel, ");
  const std::string other = met_joint ? "Teknisk panel" : "Felles panel";
  CHECK(contains(page, "<li><strong>" + other + "</strong>: tidene der dere begge kunne, var tatt. Alle leverandører får "
                               "ett møte før noen får to, og en loddtrekning avgjorde "
                               "rekkefølgen: du fikk plass "));
  CHECK(contains(page, " av 3 (trekningstallet var 77)."));  // all three were in the draw
  CHECK_FALSE(contains(page, "Du fikk dessverre ikke et en-til-en-møte"));
  Client supplier(app.port());
  const auto english = supplier.get("/b/" + asked_both.value().manage_token + "?lang=en").body();
  CHECK(contains(english, "Meetings you asked for but did not get"));
  CHECK(contains(english, "<li><strong>" + other + "</strong>: the times when you could both meet were taken. Every "
                                  "supplier gets one meeting before anyone gets two"));
  // The one who asked for one panel and met it reads no such list.
  const auto met_all = supplier.get("/b/" + asked_one.value().manage_token).body();
  CHECK(contains(met_all, "Felles panel, "));
  CHECK_FALSE(contains(met_all, "Møter du ba om, men ikke fikk"));
  // Without any meeting: the notice, and under it each panel's own cause.
  const auto none = supplier.get("/b/" + arrives_late.value().manage_token).body();
  CHECK(contains(none, "Du fikk ikke et en-til-en-møte: ingen av møtetidene passer med når du "
                       "har sagt at du kan være der (ankomst 13:50"));
  CHECK(contains(none, "<li><strong>Felles panel</strong>: panelet og du har ingen ledig tid felles. Se når du har "
                       "sagt at du kan være der.</li>"));
  CHECK(contains(none, "<li><strong>Teknisk panel</strong>: panelet og du har ingen ledig tid felles."));
}

TEST_CASE("a supplier whose own meetings fill its short stay is told to stay longer, not the lottery") {
  StaffFixture app;
  REQUIRE(data::EventStore(app.db()).set_status(app.event_id(), data::EventStatus::kOpen, "test").ok());
  data::RegistrationInput input = felles_request("Kort Besøk AS", 64);
  input.panels = {"felles", "teknisk"};
  input.available_until = 13 * 60;  // only the 12:30 meeting fits
  const auto booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), input);
  REQUIRE(booking);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  run_scheduler(*client, app);
  CHECK(contains(unplaced_part(client->get(app.event_path() + "/schedule").body()),
                 "Leverandøren har sine andre møter på alle tidene der både panelet og "
                 "leverandøren kan (1)."));
  const auto page = published_booking_page(*client, app, booking.value().manage_token);
  CHECK(contains(page, "</strong>: på tidene der dere begge kunne, har du dine andre møter. Vil du ha "
                       "dette møtet også, må du kunne være der lenger: endre påmeldingen før "
                       "fristen, eller ta kontakt med arrangøren."));
  CHECK_FALSE(contains(page, "loddtrekning"));
}

TEST_CASE("instant booking names each slot refusal in its own words") {
  StaffFixture app;
  data::EventStore events(app.db());
  auto event = events.get(app.event_id()).value();
  event.booking_mode = data::BookingMode::kInstant;
  REQUIRE(events.update(event, "test"));
  REQUIRE(events.set_status(app.event_id(), data::EventStatus::kOpen, "test"));
  // The panels share no member here, and meet in one room, Møterom Namsos.
  REQUIRE(events.put_panel(app.event_id(),
                           {"teknisk", "Teknisk panel", {"Vikna"},
                            {{"per@vikna.kommune.no", "Per Teknisk", core::Role::kTechnical}}, "namsos"},
                           "test"));
  auto book = [&](const std::string& orgnr, const std::string& panel, const std::string& slot, bool digital) {
    Client browser(app.port());
    const auto form = browser.get("/e/trygghetsalarm/book");
    REQUIRE(form.result() == http::status::ok);
    return browser.post_form(
        "/e/trygghetsalarm/book",
        "_csrf=" + web::url_encode(csrf_of(form.body())) + "&company=Firma+" + orgnr + "&orgnr=" + orgnr +
            "&contact_name=Ola&email=ola%40firma.no&phone=%2B47+900+00+000&attendee_name=Ola"
            "&attendee_role=Salg&plenary=yes&meeting=yes&panel=" + panel + "&preferred_slot=" +
            web::url_encode(slot) + "&digital=" + (digital ? "yes" : "no") + "&consent=yes");
  };
  REQUIRE(book(valid_orgnr(61), "felles", "12:30", true).result() == http::status::see_other);
  // The only digital room is in use at 12:30.
  const auto no_room = book(valid_orgnr(62), "teknisk", "12:30", true);
  CHECK(no_room.result() == http::status::unprocessable_entity);
  CHECK(contains(no_room.body(), "Alle digitale møterom er opptatt på dette tidspunktet."));
  CHECK_FALSE(contains(no_room.body(), "nettopp tatt"));
  // Møterom Namsos is in use at 13:05.
  REQUIRE(book(valid_orgnr(63), "felles", "13:05", false).result() == http::status::see_other);
  const auto busy = book(valid_orgnr(64), "teknisk", "13:05", false);
  CHECK(busy.result() == http::status::unprocessable_entity);
  CHECK(contains(busy.body(), "Panelet er opptatt på dette tidspunktet"));
  CHECK_FALSE(contains(busy.body(), "nettopp tatt"));
  CHECK(data::RegistrationStore(app.db()).list(app.event_id()).size() == 2);
}

TEST_CASE("a run the setup does not allow is refused with the reason in Norwegian") {
  StaffFixture app;
  app.register_suppliers(1);
  const std::string digital = register_one(app, "Digital Leverandør AS", 71, {"felles"}, true);
  REQUIRE(data::EventStore(app.db()).delete_room(app.event_id(), "teams", "test"));
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto run = post_run(*client, app);
  CHECK(run.result() == http::status::unprocessable_entity);
  CHECK(contains(run.body(), "Digital Leverandør AS (" + digital +
                                 ") ønsker digitalt møte, men konferansen har ikke noe digitalt rom."));
  CHECK_FALSE(contains(run.body(), "wants a digital meeting"));
  CHECK(meetings_of(app).empty());
}
