// The store classes: passwords and sessions, organisations, events and their day, registrations.
#include <doctest/doctest.h>

#include "data/crypto.h"
#include "data/demo.h"
#include "data/event_store.h"
#include "data/minutes_store.h"
#include "data/organisation_store.h"
#include "data/registration_store.h"
#include "data/schedule_store.h"
#include "data/user_store.h"
#include "scheduler/validation.h"
#include "tests/data_test_support.h"

namespace dialogdag::data {
namespace {

using testing::at;
using testing::file_bytes;
using testing::open_db;
using testing::supplier;
using testing::TempDir;

TEST_CASE("Argon2id hashes verify the right password and reject every other") {
  const std::string hash = hash_password("korrekt hest batteri stift");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("korrekt") == std::string::npos);
  CHECK(verify_password(hash, "korrekt hest batteri stift"));
  CHECK_FALSE(verify_password(hash, "korrekt hest batteri stifT"));
  CHECK_FALSE(verify_password(hash, ""));
  CHECK_FALSE(verify_password("not a hash", "korrekt hest batteri stift"));
  std::string tampered = hash;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_password(tampered, "korrekt hest batteri stift"));
  CHECK(hash_password("korrekt hest batteri stift") != hash);  // salted
}

TEST_CASE("tokens and booking references have their shapes and do not repeat") {
  const std::string token = random_token();
  CHECK(token.size() == 43);
  CHECK(token != random_token());
  CHECK(token_digest(token).size() == 64);
  CHECK(token_digest(token) == token_digest(token));
  const std::string reference = booking_reference();
  REQUIRE(reference.size() == 12);
  CHECK(reference.rfind("DK-", 0) == 0);
  CHECK(reference[7] == '-');
  CHECK(reference.find_first_of("01OIL") == std::string::npos);
}

TEST_CASE(
    "staff users: create, log in, wrong password, duplicate e-mail, no clear password in the "
    "file") {
  TempDir dir;
  auto db = open_db(dir.file("users.db"));
  auto organisation = OrganisationStore(*db).find_or_create("Vikna kommune", "test");
  REQUIRE(organisation.ok());
  UserStore users(*db);
  const std::string password = "Plantet-Passord-8431";
  auto id = users.create(
      {"Kari@Vikna.example", "Kari Nordmann", password, organisation.value(), false}, "test");
  REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error()));

  auto logged_in = users.authenticate("kari@vikna.example", password);
  REQUIRE(logged_in.ok());
  CHECK(logged_in.value().id == id.value());
  CHECK(logged_in.value().organisation_id == organisation.value());
  CHECK_FALSE(logged_in.value().admin);

  auto wrong = users.authenticate("kari@vikna.example", "Plantet-Passord-8432");
  auto unknown = users.authenticate("nobody@vikna.example", password);
  REQUIRE_FALSE(wrong.ok());
  REQUIRE_FALSE(unknown.ok());
  CHECK(wrong.error() == unknown.error());  // no hint which one was wrong

  CHECK(
      users.create({"KARI@vikna.example", "Kari 2", password, organisation.value(), false}, "test")
          .kind() == Failure::kConflict);
  CHECK(users.create({"not-an-email", "X", password, organisation.value(), false}, "test").kind() ==
        Failure::kInvalid);
  CHECK(users.create({"ola@vikna.example", "Ola", "short", organisation.value(), false}, "test")
            .kind() == Failure::kInvalid);
  CHECK(users.create({"ola@vikna.example", "Ola", password, std::nullopt, false}, "test").kind() ==
        Failure::kInvalid);
  CHECK(users.create({"admin@dialogdag.example", "Admin", password, std::nullopt, true}, "test")
            .ok());

  {
    auto guard = db->lock();
    db->sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  CHECK(file_bytes(dir.file("users.db")).find(password) == std::string::npos);
  CHECK(file_bytes(dir.file("users.db-wal")).find(password) == std::string::npos);
}

TEST_CASE(
    "sessions: the token finds its user until it expires or is ended, only its digest is stored") {
  TempDir dir;
  auto db = open_db(dir.file("sessions.db"));
  Instant now = at("2027-02-01T08:00:00Z");
  db->set_clock([&] { return now; });
  auto user = UserStore(*db).create(
      {"admin@dialogdag.example", "Admin", "langt-passord-1", std::nullopt, true}, "test");
  REQUIRE(user.ok());
  UserStore users(*db);
  auto session = users.create_session(user.value(), std::chrono::hours{8});
  REQUIRE(session.ok());
  CHECK(users.session_user(session.value().token).value().id == user.value());
  CHECK(users.session_user(session.value().token + "x").kind() == Failure::kNotFound);
  {
    auto guard = db->lock();
    CHECK(db->sql()
              .execAndGet("SELECT count(*) FROM staff_session WHERE token_hash = '" +
                          token_digest(session.value().token) + "'")
              .getInt() == 1);
    CHECK(db->sql()
              .execAndGet("SELECT count(*) FROM staff_session WHERE token_hash = '" +
                          session.value().token + "'")
              .getInt() == 0);
  }
  now += std::chrono::hours{8};
  CHECK(users.session_user(session.value().token).kind() == Failure::kNotFound);

  auto second = users.create_session(user.value(), std::chrono::hours{1});
  REQUIRE(second.ok());
  CHECK(users.session_user(second.value().token).ok());
  users.end_session(second.value().token);
  CHECK(users.session_user(second.value().token).kind() == Failure::kNotFound);
}

TEST_CASE("staff users: listed by name, found by e-mail in any case, password replaced") {
  TempDir dir;
  auto db = open_db(dir.file("users-list.db"));
  UserStore users(*db);
  auto vikna = OrganisationStore(*db).find_or_create("Vikna kommune", "test");
  REQUIRE(vikna.ok());
  auto kari = users.create({"kari@vikna.example", "Kari", "langt-passord-1", vikna.value(), false},
                           "test");
  REQUIRE(kari.ok());
  REQUIRE(users.create({"anne@dialogdag.example", "Anne", "langt-passord-2", std::nullopt, true},
                       "test")
              .ok());
  const auto all = users.list();
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "Anne");
  CHECK(all[1].organisation_id == vikna.value());
  CHECK(users.find_by_email("KARI@Vikna.example").value().id == kari.value());
  CHECK(users.find_by_email("nobody@vikna.example").kind() == Failure::kNotFound);

  auto here = users.create_session(kari.value(), std::chrono::hours{1});
  auto elsewhere = users.create_session(kari.value(), std::chrono::hours{1});
  REQUIRE((here.ok() && elsewhere.ok()));
  CHECK(users.set_password(kari.value(), "kort", "test", here.value().token).kind() ==
        Failure::kInvalid);
  CHECK(users.set_password(999, "nytt-langt-passord", "test", std::nullopt).kind() ==
        Failure::kNotFound);
  REQUIRE(users.set_password(kari.value(), "nytt-langt-passord", "test", here.value().token).ok());
  CHECK(users.authenticate("kari@vikna.example", "langt-passord-1").kind() == Failure::kNotFound);
  CHECK(users.authenticate("kari@vikna.example", "nytt-langt-passord").ok());
  CHECK(users.session_user(here.value().token).ok());
  CHECK(users.session_user(elsewhere.value().token).kind() == Failure::kNotFound);
}

TEST_CASE("a user in a new organisation: both are created, or neither") {
  TempDir dir;
  auto db = open_db(dir.file("users-new-org.db"));
  UserStore users(*db);
  Organisation leka;
  leka.name = "Leka kommune";
  auto id = users.create_in_new_organisation(
      {"ola@leka.example", "Ola", "langt-passord-1", std::nullopt, false}, leka, "test");
  REQUIRE(id.ok());
  const auto organisation = OrganisationStore(*db).find_by_name("Leka kommune");
  REQUIRE(organisation.ok());
  CHECK(users.get(id.value()).value().organisation_id == organisation.value().id);

  Organisation naeroy;
  naeroy.name = "Nærøysund kommune";
  CHECK(users.create_in_new_organisation(
                 {"OLA@leka.example", "Ola 2", "langt-passord-1", std::nullopt, false}, naeroy, "test")
            .kind() == Failure::kConflict);
  CHECK(OrganisationStore(*db).find_by_name("Nærøysund kommune").kind() == Failure::kNotFound);
  CHECK(users.create_in_new_organisation(
                 {"per@leka.example", "Per", "langt-passord-1", std::nullopt, false}, leka, "test")
            .kind() == Failure::kConflict);
  CHECK(users.list().size() == 1);

  Organisation long_name;
  long_name.name = std::string(kMaxOrganisationName + 1, 'x');
  CHECK(OrganisationStore(*db).create(long_name, "test").kind() == Failure::kInvalid);
}

TEST_CASE("events: rules on create, a taken slug is a conflict, the day loads as a DaySetup") {
  TempDir dir;
  auto db = open_db(dir.file("events.db"));
  const std::int64_t id = testing::make_event(*db, "trygghet-2027");
  EventStore events(*db);

  auto event = events.find_by_slug("trygghet-2027");
  REQUIRE(event.ok());
  CHECK(event.value().id == id);
  CHECK(event.value().time_zone == "Europe/Oslo");
  CHECK(event.value().booking_mode == BookingMode::kInstant);
  CHECK(event.value().status == EventStatus::kOpen);
  CHECK(events.find_by_slug("missing").kind() == Failure::kNotFound);

  EventInfo copy = event.value();
  CHECK(events.create(copy, "test").kind() == Failure::kConflict);
  copy.slug = "Not A Slug";
  CHECK(events.create(copy, "test").kind() == Failure::kInvalid);
  copy.slug = "ok-slug";
  copy.time_zone = "Europe/Atlantis";
  CHECK(events.create(copy, "test").kind() == Failure::kInvalid);
  copy.time_zone = "Europe/Oslo";
  copy.day = "2027-02-30";
  CHECK(events.create(copy, "test").kind() == Failure::kInvalid);
  copy.day = "2027-02-20";
  copy.host_organisation_id = 4242;
  CHECK(events.create(copy, "test").kind() == Failure::kNotFound);

  auto day = events.load_day(id);
  REQUIRE(day.ok());
  CHECK(day.value().windows.size() == 1);
  CHECK(day.value().programme.size() == 1);
  CHECK(day.value().programme[0].kind == core::ItemKind::kLunch);
  REQUIRE(day.value().panels.size() == 2);
  CHECK(day.value().panels[0].key == "a");
  CHECK(day.value().panels[0].room == "r1");
  CHECK(day.value().panels[0].members[0].person == "lead@x.example");
  CHECK(day.value().panels[1].members[0].person == "lead@x.example");
  CHECK(day.value().rooms.size() == 3);
  CHECK(day.value().rooms[2].digital);
  CHECK_FALSE(day.value().rooms[2].seats.has_value());

  CHECK(events
            .set_programme(id,
                           {{600, 660, "A", "", core::ItemKind::kPlenary, true},
                            {650, 700, "B", "", core::ItemKind::kPlenary, true}},
                           "test")
            .kind() == Failure::kInvalid);
  CHECK(events.put_panel(id, {"c", "Panel C", {}, {}, std::string("nope")}, "test").kind() ==
        Failure::kNotFound);
}

TEST_CASE("event settings change through update, but not the grid once meetings are placed") {
  TempDir dir;
  auto db = open_db(dir.file("update.db"));
  const std::int64_t id = testing::make_event(*db, "endres");
  EventStore events(*db);
  auto osen = OrganisationStore(*db).find_or_create("Osen kommune", "test");
  REQUIRE(osen.ok());
  EventInfo e = events.get(id).value();
  e.title = "Ny tittel";
  e.lottery_seed = 18446744073709551615ull;
  e.co_organisers = {osen.value()};
  e.meeting_length = 25;
  REQUIRE(events.update(e, "test").ok());
  const EventInfo stored = events.get(id).value();
  CHECK(stored.title == "Ny tittel");
  CHECK(stored.lottery_seed == 18446744073709551615ull);
  CHECK(stored.co_organisers == std::vector<std::int64_t>{osen.value()});
  CHECK(events.list_for_organisation(osen.value()).size() == 1);
  CHECK(events.list_public().size() == 1);

  REQUIRE(RegistrationStore(*db).register_supplier(id, supplier(1, {"a"}, {13 * 60})).ok());
  e.meeting_length = 30;
  CHECK(events.update(e, "test").kind() == Failure::kConflict);
  e.meeting_length = 25;
  e.status = EventStatus::kDraft;
  CHECK(events.update(e, "test").ok());
  CHECK(events.list_public().empty());
  testing::make_event(*db, "annen");
  e.slug = "annen";
  CHECK(events.update(e, "test").kind() == Failure::kConflict);
  e.id = 4242;
  CHECK(events.update(e, "test").kind() == Failure::kNotFound);
}

TEST_CASE("an event opens only when it has a window, a panel and a valid day") {
  TempDir dir;
  auto db = open_db(dir.file("status.db"));
  auto host = OrganisationStore(*db).find_or_create("Osen kommune", "test");
  EventInfo e;
  e.slug = "status";
  e.title = "Status";
  e.day = "2027-03-11";
  e.retention_until = "2028-03-11";
  e.host_organisation_id = host.value();
  EventStore events(*db);
  const std::int64_t id = events.create(e, "test").value();
  auto refused = events.set_status(id, EventStatus::kOpen, "test");
  CHECK(refused.kind() == Failure::kConflict);
  CHECK(refused.error() ==
        "the event cannot open for booking: the event has no window for one-to-one meetings");
  REQUIRE(events.set_windows(id, {{13 * 60, 15 * 60, "ettermiddag"}}, "test"));
  CHECK(events.set_status(id, EventStatus::kOpen, "test").error() ==
        "the event cannot open for booking: the event has no panel for suppliers to meet");
  REQUIRE(events.put_panel(id, {"a", "Panel", {}, {}, std::nullopt}, "test"));
  REQUIRE(events.set_programme(
      id, {{12 * 60, 14 * 60, "Behovet", "", core::ItemKind::kPlenary, true}}, "test"));
  CHECK(events.set_status(id, EventStatus::kOpen, "test").error() ==
        "the event cannot open for booking: the window \"ettermiddag\" (13:00-15:00) overlaps "
        "the plenary item \"Behovet\" (12:00-14:00), which the suppliers attend");
  CHECK(events.get(id).value().status == EventStatus::kDraft);
  REQUIRE(events.set_programme(
      id, {{12 * 60, 13 * 60, "Behovet", "", core::ItemKind::kPlenary, true}}, "test"));
  CHECK(events.set_status(id, EventStatus::kOpen, "test").ok());
  CHECK(events.get(id).value().status == EventStatus::kOpen);
}

TEST_CASE("status steps follow the event's life and the scheduler's steps keep working") {
  TempDir dir;
  auto db = open_db(dir.file("steps.db"));
  const std::int64_t id = testing::make_event(*db, "steg");
  EventStore events(*db);
  CHECK(events.set_status(id, EventStatus::kOpen, "test").ok());  // already open: nothing to do
  CHECK(events.set_status(id, EventStatus::kClosed, "test").ok());
  CHECK(events.set_status(id, EventStatus::kOpen, "test").ok());
  CHECK(events.set_status(id, EventStatus::kClosed, "test").ok());
  CHECK(events.set_status(id, EventStatus::kScheduled, "test").ok());
  CHECK(events.set_status(id, EventStatus::kPublished, "test").ok());
  auto back = events.set_status(id, EventStatus::kDraft, "test");
  CHECK(back.kind() == Failure::kConflict);
  CHECK(back.error() == "an event cannot go from published to draft");
  CHECK(events.set_status(id, EventStatus::kArchived, "test").ok());
  CHECK(events.set_status(id, EventStatus::kOpen, "test").kind() == Failure::kConflict);
  CHECK(events.set_status(4242, EventStatus::kOpen, "test").kind() == Failure::kNotFound);
}

TEST_CASE("a room or panel in use is not deleted, and says what uses it") {
  TempDir dir;
  auto db = open_db(dir.file("delete.db"));
  const std::int64_t id = testing::make_event(*db, "slett");
  EventStore events(*db);
  REQUIRE(RegistrationStore(*db).register_supplier(id, supplier(1, {"a"}, {13 * 60})).ok());

  auto home = events.delete_room(id, "r1", "test");
  CHECK(home.kind() == Failure::kConflict);
  CHECK(home.error() ==
        "room \"Rom 1\" is the home room of panel \"Panel A\"; choose another home room first");
  auto panel = events.delete_panel(id, "a", "test");
  CHECK(panel.kind() == Failure::kConflict);
  CHECK(panel.error() == "panel \"Panel A\" has 1 meeting in the schedule and stays");
  CHECK(events.load_day(id).value().panels.size() == 2);

  CHECK(events.delete_room(id, "web", "test").ok());
  CHECK(events.delete_panel(id, "b", "test").ok());
  CHECK(events.delete_room(id, "r2", "test").ok());  // panel b, its only user, is gone
  const auto day = events.load_day(id).value();
  CHECK(day.rooms.size() == 1);
  CHECK(day.panels.size() == 1);
  CHECK(events.delete_room(id, "web", "test").kind() == Failure::kNotFound);
}

TEST_CASE("registrations: a reference, a manage link, one per organisation number per event") {
  TempDir dir;
  auto db = open_db(dir.file("registrations.db"));
  const std::int64_t id = testing::make_event(*db, "dialog", BookingMode::kRequest);
  RegistrationStore registrations(*db);

  auto in = supplier(1, {"a", "b"});
  in.orgnr = "123 456 785";
  in.attendees.push_back({"Ola Nordmann", "Teknisk"});
  in.available_from = 13 * 60 + 30;
  auto booking = registrations.register_supplier(id, in);
  REQUIRE_MESSAGE(booking.ok(), (booking.ok() ? "" : booking.error()));
  CHECK(booking.value().reference.rfind("DK-", 0) == 0);
  CHECK(booking.value().manage_token.size() == 43);

  auto found = registrations.find_by_token(booking.value().manage_token);
  REQUIRE(found.ok());
  CHECK(found.value().orgnr == "123456785");
  CHECK(found.value().panels == std::vector<std::string>{"a", "b"});
  CHECK(found.value().attendees.size() == 2);
  CHECK(found.value().available_from == 13 * 60 + 30);
  CHECK(registrations.find_by_token("guess").kind() == Failure::kNotFound);

  auto again = supplier(2);
  again.orgnr = "123456785";
  auto duplicate = registrations.register_supplier(id, again);
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.kind() == Failure::kConflict);
  CHECK(duplicate.error().find("already registered") != std::string::npos);
  CHECK(duplicate.error().find("Leverandør 1") == std::string::npos);  // never the other's details

  auto bad = supplier(3);
  bad.orgnr = "123456789";
  CHECK(registrations.register_supplier(id, bad).error().rfind("orgnr:", 0) == 0);
  auto crowd = supplier(4);
  crowd.attendees = {{"A", ""}, {"B", ""}, {"C", ""}};
  CHECK(registrations.register_supplier(id, crowd).error().rfind("attendee_name:", 0) == 0);
  auto no_consent = supplier(5);
  no_consent.consent = false;
  CHECK(registrations.register_supplier(id, no_consent).error().rfind("consent:", 0) == 0);
  auto unknown_panel = supplier(6, {"z"});
  CHECK(registrations.register_supplier(id, unknown_panel).error().rfind("panel:", 0) == 0);

  const auto requests = registrations.load_requests(id);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].key == booking.value().reference);
  CHECK(requests[0].people == 2);
  CHECK(requests[0].panels.size() == 2);

  CHECK(registrations.cancel(booking.value().manage_token).ok());
  CHECK(registrations.load_requests(id).empty());
  CHECK(registrations.find_by_token(booking.value().manage_token).value().cancelled);
}

TEST_CASE("nothing is accepted before registration opens, after the deadline, or in a draft") {
  TempDir dir;
  auto db = open_db(dir.file("deadline.db"));
  Instant now = at("2027-02-01T08:00:00Z");
  db->set_clock([&] { return now; });
  auto host = OrganisationStore(*db).find_or_create("Osen kommune", "test");
  EventInfo e;
  e.slug = "frist";
  e.title = "Frist";
  e.day = "2027-03-11";
  e.retention_until = "2028-03-11";
  e.status = EventStatus::kOpen;
  e.registration_opens = at("2027-02-01T09:00:00Z");
  e.registration_closes = at("2027-03-04T11:00:00Z");
  e.host_organisation_id = host.value();
  EventStore events(*db);
  auto id = events.create(e, "test");
  REQUIRE(id.ok());
  REQUIRE(events.set_windows(id.value(), {{13 * 60, 15 * 60, "ettermiddag"}}, "test"));
  REQUIRE(events.put_panel(id.value(), {"a", "Panel", {}, {}, std::nullopt}, "test"));
  RegistrationStore registrations(*db);
  CHECK(registrations.register_supplier(id.value(), supplier(1)).kind() == Failure::kConflict);
  now = at("2027-02-01T09:00:00Z");
  CHECK(registrations.register_supplier(id.value(), supplier(1)).ok());
  now = at("2027-03-04T11:00:00Z");
  CHECK(registrations.register_supplier(id.value(), supplier(2)).kind() == Failure::kConflict);
  now = at("2027-02-10T09:00:00Z");
  REQUIRE(events.set_status(id.value(), EventStatus::kDraft, "test"));
  CHECK(registrations.register_supplier(id.value(), supplier(3)).kind() == Failure::kConflict);
}

TEST_CASE("demo organisation numbers carry a correct MOD11 check digit") {
  CHECK(orgnr_with_check_digit(12345678) == "123456785");
  CHECK_FALSE(orgnr_with_check_digit(91234567).has_value());  // remainder 1: no check digit
  CHECK(orgnr_with_check_digit(91234568) == "912345688");
  CHECK_FALSE(orgnr_with_check_digit(100000000).has_value());
  for (std::uint32_t base = 90000000; base < 90000200; ++base)
    if (auto orgnr = orgnr_with_check_digit(base)) {
      CAPTURE(*orgnr);
      CHECK(core::normalise_orgnr(*orgnr) == *orgnr);
    }
}

TEST_CASE("minutes belong to a meeting and an answer shared with all is listed for everyone") {
  TempDir dir;
  auto db = open_db(dir.file("minutes.db"));
  const std::int64_t id = testing::make_event(*db, "minutes");
  REQUIRE(RegistrationStore(*db).register_supplier(id, supplier(1, {"a"}, {13 * 60})).ok());
  const auto meetings = ScheduleStore(*db).meetings(id);
  REQUIRE(meetings.size() == 1);
  MinutesStore minutes(*db);
  CHECK(minutes.read(meetings[0].id).kind() == Failure::kNotFound);
  REQUIRE(minutes.write(meetings[0].id, "Leverandøren viste mobil alarm.", std::nullopt, "test"));
  REQUIRE(minutes.write(meetings[0].id, "Leverandøren viste mobil alarm med GPS.", std::nullopt,
                        "test"));
  CHECK(minutes.read(meetings[0].id).value() == "Leverandøren viste mobil alarm med GPS.");
  CHECK(minutes.write(424242, "x", std::nullopt, "test").kind() == Failure::kNotFound);

  auto private_q = minutes.add_question(id, meetings[0].id, "Hvor mange brukere?", "Om lag 900.",
                                        std::nullopt, "test");
  auto public_q = minutes.add_question(id, std::nullopt, "Når kommer konkurransen?", "I mars.",
                                       std::nullopt, "test");
  REQUIRE(private_q.ok());
  REQUIRE(public_q.ok());
  CHECK(minutes.shared(id).empty());
  REQUIRE(minutes.share_with_all(public_q.value(), "test"));
  const auto shared = minutes.shared(id);
  REQUIRE(shared.size() == 1);
  CHECK(shared[0].question == "Når kommer konkurransen?");
  CHECK(shared[0].shared_at.has_value());
  CHECK(minutes.add_question(id, 424242, "?", "", std::nullopt, "test").kind() ==
        Failure::kNotFound);
  CHECK(minutes.add_question(id, std::nullopt, "  ", "", std::nullopt, "test").kind() ==
        Failure::kInvalid);
}

}  // namespace
}  // namespace dialogdag::data
