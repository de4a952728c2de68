// Staff console, agendas: the print views over real HTTP (whole day, door signs, supplier
// agendas, panels, panel members), who may see them, and what a supplier's agenda leaves out.
#include <doctest/doctest.h>

#include <chrono>

#include "data/event_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "scheduler/solver.h"
#include "scheduler/validation.h"
#include "staff_test_support.h"

using namespace dialogdag;
using namespace dialogdag::test;

namespace {

// A supplier with their own company, person and topics, asking to meet `panel`.
data::Booking register_supplier(StaffFixture& app, int seed, const std::string& company,
                                const std::string& person, const std::string& topics,
                                const std::string& panel = "felles") {
  data::EventStore events(app.db());
  if (events.get(app.event_id()).value().status != data::EventStatus::kOpen)
    REQUIRE(events.set_status(app.event_id(), data::EventStatus::kOpen, "test").ok());
  data::RegistrationInput input;
  input.company = company;
  input.orgnr = valid_orgnr(seed);
  input.contact_name = "Kontakt " + person;
  input.email = "kontakt" + std::to_string(seed) + "@example.no";
  input.phone = "+47 900 00 000";
  input.attendees = {{person, "Daglig leder"}};
  input.panels = {panel};
  input.topics = topics;
  input.consent = true;
  auto booking = data::RegistrationStore(app.db()).register_supplier(app.event_id(), input);
  REQUIRE_MESSAGE(booking.ok(), booking.error());
  return booking.value();
}

void publish(StaffFixture& app) {
  REQUIRE(data::ScheduleStore(app.db()).publish(app.event_id(), std::nullopt, "test").ok());
}

// "12:30–13:00": how the print views write a meeting's time.
std::string time_of(const data::MeetingRow& m) {
  return core::format_clock(m.start) + "–" + core::format_clock(m.end);
}

data::MeetingRow meeting_of(StaffFixture& app, std::int64_t registration_id) {
  const auto rows = data::ScheduleStore(app.db()).meetings_of(registration_id);
  REQUIRE(rows.size() == 1);
  return rows.front();
}

}  // namespace

TEST_CASE("the whole day lists the programme and every supplier's meeting by room") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "Mobilt nett");
  const auto c = register_supplier(app, 3, "Teknikk Nord AS", "Cecilie Dahl", "Integrasjon", "teknisk");
  run_scheduler(app);  // Kari Lead sits on both panels: two meetings fill the two slots
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const auto page = client->get(app.event_path() + "/agenda");
  REQUIRE(page.result() == http::status::ok);
  const std::string& html = page.body();
  CHECK(contains(html, "Velkommen"));
  CHECK(contains(html, "09:30–12:00"));
  CHECK(contains(html, "Lunsj"));
  CHECK(contains(html, "Møterom Namsos"));
  CHECK(contains(html, "Møterom Vikna"));
  for (const auto& booking : {a, c}) {
    CHECK(contains(html, booking.reference));
    CHECK(contains(html, time_of(meeting_of(app, booking.registration_id))));
  }
  CHECK(contains(html, "Alarmhuset AS"));
  CHECK(contains(html, "Teknikk Nord AS"));
}

TEST_CASE("the index links every print view: door signs, suppliers, panels and members") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string html = client->get(app.event_path() + "/agenda").body();
  CHECK(contains(html, "agenda?room=namsos&amp;lang=nb"));
  CHECK(contains(html, "agenda?room=teams&amp;lang=nb"));
  CHECK(contains(html, "agenda?all=rooms&amp;lang=nb"));
  CHECK(contains(html, "agenda?supplier=" + std::to_string(a.registration_id) + "&amp;lang=nb"));
  CHECK(contains(html, "agenda?all=suppliers&amp;lang=nb"));
  CHECK(contains(html, "agenda?panel=teknisk&amp;lang=nb"));
  CHECK(contains(html, "agenda?member=lead%40namsos.kommune.no&amp;lang=nb"));
  CHECK(contains(html, "agenda?all=members&amp;lang=nb"));
}

TEST_CASE("the agenda for supplier A contains nothing about supplier B") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "Mobilt nett i distriktet");
  const auto b = register_supplier(app, 2, "Bjølsen Omsorg AS", "Bjørn Berg", "Hemmelig batteriteknologi");
  run_scheduler(app);
  publish(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const auto page = client->get(app.event_path() + "/agenda?supplier=" +
                                std::to_string(a.registration_id));
  REQUIRE(page.result() == http::status::ok);
  const std::string& html = page.body();
  CHECK(contains(html, "Alarmhuset AS"));
  CHECK(contains(html, a.reference));
  CHECK(contains(html, "Anne Alm"));
  CHECK(contains(html, "Mobilt nett i distriktet"));
  CHECK(contains(html, time_of(meeting_of(app, a.registration_id))));
  CHECK(contains(html, "Møterom Namsos"));
  CHECK(contains(html, "Kari Lead"));  // the panel they meet
  CHECK(contains(html, "Velkommen"));  // the programme they attend

  CHECK_FALSE(contains(html, "Bjølsen"));
  CHECK_FALSE(contains(html, b.reference));
  CHECK_FALSE(contains(html, "Bjørn Berg"));
  CHECK_FALSE(contains(html, "Hemmelig batteriteknologi"));
  CHECK_FALSE(contains(html, "kontakt2@"));
  CHECK_FALSE(contains(html, time_of(meeting_of(app, b.registration_id))));
}

TEST_CASE("every supplier agenda printed together gives each supplier a sheet of their own") {
  StaffFixture app;
  register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  register_supplier(app, 2, "Bjølsen Omsorg AS", "Bjørn Berg", "");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string html = client->get(app.event_path() + "/agenda?all=suppliers").body();
  CHECK(count_of(html, "<section class=\"sheet supplier-agenda\">") == 2);
  CHECK(contains(html, "Agenda for Alarmhuset AS"));
  CHECK(contains(html, "Agenda for Bjølsen Omsorg AS"));
}

TEST_CASE("a door sign shows only the meetings held in its room") {
  StaffFixture app;
  const auto joint = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  const auto tech = register_supplier(app, 2, "Teknikk Nord AS", "Cecilie Dahl", "", "teknisk");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const auto vikna = client->get(app.event_path() + "/agenda?room=vikna");
  REQUIRE(vikna.result() == http::status::ok);
  CHECK(contains(vikna.body(), "Møterom Vikna"));
  CHECK(contains(vikna.body(), "Teknikk Nord AS"));
  CHECK(contains(vikna.body(), time_of(meeting_of(app, tech.registration_id))));
  CHECK_FALSE(contains(vikna.body(), "Alarmhuset AS"));

  const auto namsos = client->get(app.event_path() + "/agenda?room=namsos");
  REQUIRE(namsos.result() == http::status::ok);
  CHECK(contains(namsos.body(), "Alarmhuset AS"));
  CHECK(contains(namsos.body(), time_of(meeting_of(app, joint.registration_id))));
  CHECK_FALSE(contains(namsos.body(), "Teknikk Nord AS"));

  const std::string all = client->get(app.event_path() + "/agenda?all=rooms").body();
  CHECK(count_of(all, "<section class=\"sheet door-sign\">") == 3);
}

TEST_CASE("a panel's sheet lists its suppliers with the people coming and their topics") {
  StaffFixture app;
  register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "Mobilt nett i distriktet");
  register_supplier(app, 2, "Teknikk Nord AS", "Cecilie Dahl", "Integrasjon mot fagsystem", "teknisk");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const auto page = client->get(app.event_path() + "/agenda?panel=felles");
  REQUIRE(page.result() == http::status::ok);
  CHECK(contains(page.body(), "Felles panel"));
  CHECK(contains(page.body(), "Tor (referent)"));
  CHECK(contains(page.body(), "Alarmhuset AS"));
  CHECK(contains(page.body(), "Anne Alm, Daglig leder"));
  CHECK(contains(page.body(), "Mobilt nett i distriktet"));
  CHECK_FALSE(contains(page.body(), "Teknikk Nord AS"));
}

TEST_CASE("a panel member's sheet has every meeting they sit in, across panels") {
  StaffFixture app;
  register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  register_supplier(app, 2, "Teknikk Nord AS", "Cecilie Dahl", "", "teknisk");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const auto kari = client->get(app.event_path() + "/agenda?member=lead%40namsos.kommune.no");
  REQUIRE(kari.result() == http::status::ok);
  CHECK(contains(kari.body(), "Møter for Kari Lead"));
  CHECK(contains(kari.body(), "Alarmhuset AS"));
  CHECK(contains(kari.body(), "Teknikk Nord AS"));

  const auto tor = client->get(app.event_path() + "/agenda?member=tor%40namsos.kommune.no");
  REQUIRE(tor.result() == http::status::ok);
  CHECK(contains(tor.body(), "Alarmhuset AS"));
  CHECK_FALSE(contains(tor.body(), "Teknikk Nord AS"));
}

TEST_CASE("before publishing every print view is marked as a draft, and after it none is") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string supplier = "/agenda?supplier=" + std::to_string(a.registration_id);
  for (const std::string view : {"/agenda", "/agenda?room=namsos", supplier.c_str(),
                                 "/agenda?panel=felles", "/agenda?all=rooms"}) {
    CAPTURE(view);
    const std::string html = client->get(app.event_path() + view).body();
    CHECK(contains(html, "UTKAST – ikke publisert"));
    CHECK(contains(html, "Alarmhuset AS"));
  }

  publish(app);
  for (const std::string view : {"/agenda", "/agenda?room=namsos", supplier.c_str()}) {
    CAPTURE(view);
    const std::string html = client->get(app.event_path() + view).body();
    CHECK_FALSE(contains(html, "UTKAST"));
    CHECK(contains(html, time_of(meeting_of(app, a.registration_id))));
  }
}

TEST_CASE("after publishing the print views show what was published, not a later move") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  run_scheduler(app);
  publish(app);
  const auto published = meeting_of(app, a.registration_id);
  const core::Minutes other_slot = published.start == 12 * 60 + 30 ? 13 * 60 + 5 : 12 * 60 + 30;
  REQUIRE(data::ScheduleStore(app.db()).move(published.id, other_slot, published.room, "test").ok());
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const std::string html = client->get(app.event_path() + "/agenda?room=namsos").body();
  CHECK(contains(html, time_of(published)));
  CHECK_FALSE(contains(html, core::format_clock(other_slot) + "–"));
  CHECK(contains(html, "endret etter publisering"));
}

TEST_CASE("names are printed as text, never as markup") {
  StaffFixture app;
  register_supplier(app, 1, "<script>alert(1)</script> AS", "Anne <b>Alm</b>", "a & b");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string html = client->get(app.event_path() + "/agenda?panel=felles").body();
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; AS"));
  CHECK(contains(html, "Anne &lt;b&gt;Alm&lt;/b&gt;"));
  CHECK(contains(html, "a &amp; b"));
}

TEST_CASE("another organisation's organiser gets 404 for every print view of the event") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@vikna.kommune.no");
  for (const std::string& view :
       {std::string("/agenda"), std::string("/agenda?room=namsos"),
        "/agenda?supplier=" + std::to_string(a.registration_id), std::string("/agenda?panel=felles"),
        std::string("/agenda?member=tor%40namsos.kommune.no"), std::string("/agenda?all=suppliers")}) {
    CAPTURE(view);
    const auto response = client->get(app.event_path() + view);
    CHECK(response.result() == http::status::not_found);
    CHECK_FALSE(contains(response.body(), "Alarmhuset"));
    CHECK_FALSE(contains(response.body(), "Dialogkonferanse trygghetsalarmer"));
  }
  CHECK(client->get("/staff/events/999999/agenda").result() == http::status::not_found);
}

TEST_CASE("an unknown room, supplier, panel, member or kind of sheet is 404") {
  StaffFixture app;
  register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  for (const std::string view : {"/agenda?room=kjeller", "/agenda?supplier=999999",
                                 "/agenda?supplier=abc", "/agenda?supplier=", "/agenda?panel=ingen",
                                 "/agenda?member=nobody%40example.no", "/agenda?all=everything"}) {
    CAPTURE(view);
    CHECK(client->get(app.event_path() + view).result() == http::status::not_found);
  }
}

TEST_CASE("a supplier of another event has no agenda in this one") {
  StaffFixture app;
  data::EventStore events(app.db());
  data::EventInfo other = events.get(app.event_id()).value();
  other.slug = "annen-dag";
  other.title = "En annen dag";
  other.status = data::EventStatus::kDraft;
  const auto other_id = events.create(other, "test");
  REQUIRE(other_id.ok());
  REQUIRE(events.set_windows(other_id.value(), {{12 * 60 + 30, 14 * 60, "afternoon"}}, "test").ok());
  REQUIRE(events.put_room(other_id.value(), {"sal", "Salen", 8, false, ""}, "test").ok());
  REQUIRE(events.put_panel(other_id.value(), {"p", "Panel", {}, {{"x@y.no", "X", core::Role::kMinuteTaker}}, "sal"}, "test").ok());
  REQUIRE(events.set_status(other_id.value(), data::EventStatus::kOpen, "test").ok());
  data::RegistrationInput input;
  input.company = "Fremmed AS";
  input.orgnr = valid_orgnr(9);
  input.contact_name = "F";
  input.email = "f@example.no";
  input.phone = "+47 900 00 000";
  input.attendees = {{"F", ""}};
  input.panels = {"p"};
  input.consent = true;
  const auto stranger = data::RegistrationStore(app.db()).register_supplier(other_id.value(), input);
  REQUIRE_MESSAGE(stranger.ok(), stranger.error());

  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const auto response = client->get(app.event_path() + "/agenda?supplier=" +
                                    std::to_string(stranger.value().registration_id));
  CHECK(response.result() == http::status::not_found);
  CHECK_FALSE(contains(response.body(), "Fremmed AS"));
}

TEST_CASE("print views without a session send the browser to the login page") {
  StaffFixture app;
  Client client(app.port());
  const auto response = client.get(app.event_path() + "/agenda?room=namsos");
  CHECK(response.result() == http::status::see_other);
  CHECK(std::string(response[http::field::location]).rfind("/staff/login?next=", 0) == 0);
}

TEST_CASE("the print views speak English when asked") {
  StaffFixture app;
  const auto a = register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string html = client->get(app.event_path() + "/agenda?supplier=" +
                                       std::to_string(a.registration_id) + "&lang=en").body();
  CHECK(contains(html, "DRAFT – not published"));
  CHECK(contains(html, "Your day"));
  CHECK(contains(html, "Thursday 11 March 2027"));
}

TEST_CASE("every printed page carries the event, its date and the draft mark at its foot") {
  StaffFixture app;
  register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  run_scheduler(app);
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string stylesheet = app.event_path() + "/agenda.css?lang=nb";
  CHECK(contains(client->get(app.event_path() + "/agenda?room=namsos").body(),
                 "<link rel=\"stylesheet\" href=\"" + stylesheet + "\">"));

  const auto draft = client->get(stylesheet);
  REQUIRE(draft.result() == http::status::ok);
  CHECK(std::string(draft[http::field::content_type]).rfind("text/css", 0) == 0);
  CHECK(contains(draft.body(), "@bottom-left"));
  CHECK(contains(draft.body(), "Dialogkonferanse trygghetsalarmer"));
  CHECK(contains(draft.body(), "torsdag 11\\2e  mars 2027"));
  CHECK(contains(draft.body(), "UTKAST \\2013  ikke publisert"));

  publish(app);
  CHECK_FALSE(contains(client->get(stylesheet).body(), "UTKAST"));
}

TEST_CASE("the footer cannot be broken out of by an event title") {
  StaffFixture app;
  data::EventStore events(app.db());
  data::EventInfo event = events.get(app.event_id()).value();
  event.title = "Dag\"; } } body { display: none } /*";
  REQUIRE(events.update(event, "test").ok());
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");
  const std::string css = client->get(app.event_path() + "/agenda.css").body();
  CHECK(count_of(css, "\"") == 2);
  CHECK(count_of(css, "}") == 3);
  CHECK_FALSE(contains(css, "/*"));
}

TEST_CASE("the footer stylesheet is kept from other organisations and from visitors") {
  StaffFixture app;
  auto vikna = logged_in(app.port(), "organiser@vikna.kommune.no");
  const auto refused = vikna->get(app.event_path() + "/agenda.css");
  CHECK(refused.result() == http::status::not_found);
  CHECK_FALSE(contains(refused.body(), "trygghetsalarmer"));
  Client visitor(app.port());
  CHECK(visitor.get(app.event_path() + "/agenda.css").result() == http::status::unauthorized);
}

TEST_CASE("a supplier who cancels after publishing is no longer on the printed day") {
  StaffFixture app;
  register_supplier(app, 1, "Alarmhuset AS", "Anne Alm", "");
  const auto leaving = register_supplier(app, 2, "Bjølsen Omsorg AS", "Bjørn Berg", "");
  run_scheduler(app);
  publish(app);
  REQUIRE(data::RegistrationStore(app.db()).cancel(leaving.manage_token).ok());
  auto client = logged_in(app.port(), "organiser@namsos.kommune.no");

  const std::string day = client->get(app.event_path() + "/agenda").body();
  CHECK(contains(day, "Alarmhuset AS"));
  CHECK_FALSE(contains(day, "Bjølsen Omsorg AS"));
  CHECK_FALSE(contains(client->get(app.event_path() + "/agenda?room=namsos").body(), "Bjølsen"));
  CHECK(client->get(app.event_path() + "/agenda?supplier=" + std::to_string(leaving.registration_id))
            .result() == http::status::not_found);
}
