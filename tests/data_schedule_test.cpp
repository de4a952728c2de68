// From the database to the scheduler and back: event-local times and UTC instants (also on the
// days the clocks change), the slot grid and instance of an event with a plenary between two
// windows, storing a run, locking, re-running and publishing.
#include <doctest/doctest.h>

#include <algorithm>

#include "data/audit_log.h"
#include "data/schedule_store.h"
#include "data/time.h"
#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "scheduler/validation.h"
#include "tests/data_test_support.h"

namespace dialogdag::data {
namespace {

using testing::open_db;
using testing::supplier;
using testing::TempDir;

std::string utc(const std::string& day, core::Minutes minutes) {
  auto instant = local_to_instant(day, minutes, "Europe/Oslo");
  REQUIRE_MESSAGE(instant.ok(), (instant.ok() ? "" : instant.error()));
  return format_instant(instant.value());
}

TEST_CASE("event-local times become UTC instants, right on the days the clocks change") {
  CHECK(utc("2027-03-27", 9 * 60) == "2027-03-27T08:00:00Z");       // CET, UTC+1
  CHECK(utc("2027-03-28", 9 * 60) == "2027-03-28T07:00:00Z");       // spring forward: CEST, UTC+2
  CHECK(utc("2027-03-28", 1 * 60 + 30) == "2027-03-28T00:30:00Z");  // before the change
  CHECK(utc("2027-03-28", 2 * 60 + 30) == "2027-03-28T01:00:00Z");  // in the gap: when it ends
  CHECK(utc("2027-03-28", 3 * 60) == "2027-03-28T01:00:00Z");
  CHECK(utc("2027-10-31", 2 * 60 + 30) == "2027-10-31T00:30:00Z");  // repeated: first (summer)
  CHECK(utc("2027-10-31", 9 * 60) == "2027-10-31T08:00:00Z");       // fall back: CET again
  CHECK(utc("2027-10-30", 9 * 60) == "2027-10-30T07:00:00Z");
  CHECK(format_instant(*parse_instant("2027-10-31T08:00:00Z")) == "2027-10-31T08:00:00Z");
  CHECK_FALSE(parse_instant("2027-10-31 08:00:00").has_value());
  CHECK(local_to_instant("2027-02-29", 600, "Europe/Oslo").kind() == Failure::kInvalid);
  CHECK(local_to_instant("2027-03-01", 600, "Mars/Olympus").kind() == Failure::kInvalid);
  CHECK(add_days("2027-12-30", 3) == "2028-01-02");
}

TEST_CASE("instants are shown as local times, right on the days the clocks change") {
  auto local = [](const char* instant) {
    auto result = instant_to_local(*parse_instant(instant), "Europe/Oslo");
    REQUIRE(result.ok());
    return result.value().day + " " + core::format_clock(result.value().minutes);
  };
  CHECK(local("2027-03-27T08:00:00Z") == "2027-03-27 09:00");
  CHECK(local("2027-03-28T07:00:00Z") == "2027-03-28 09:00");  // summer time
  CHECK(local("2027-03-28T00:30:00Z") == "2027-03-28 01:30");
  CHECK(local("2027-10-31T08:00:00Z") == "2027-10-31 09:00");  // winter time again
  CHECK(local("2027-12-31T23:30:00Z") == "2028-01-01 00:30");  // a new local day
  CHECK(instant_to_local(*parse_instant("2027-03-27T08:00:00Z"), "Mars/Olympus").kind() ==
        Failure::kInvalid);
}

// A day on the spring-forward Sunday: windows 09:00-10:30 and 12:00-13:30 with a plenary
// 10:30-12:00 between them; 25 min meetings, 5 min changeover.
std::int64_t make_dst_event(Db& db, const std::string& day) {
  OrganisationStore organisations(db);
  auto host = organisations.find_or_create("Høylandet kommune", "test");
  REQUIRE(host.ok());
  EventInfo e;
  e.slug = "dst-" + day;
  e.title = "Sommertid";
  e.day = day;
  e.retention_until = add_days(day, 180);
  e.status = EventStatus::kOpen;
  e.meeting_length = 25;
  e.changeover = 5;
  e.host_organisation_id = host.value();
  EventStore events(db);
  auto id = events.create(e, "test");
  REQUIRE(id.ok());
  REQUIRE(events.set_programme(
      id.value(),
      {{10 * 60 + 30, 12 * 60, "Plenum", "Innkjøpsleder", core::ItemKind::kPlenary, true}},
      "test"));
  REQUIRE(events.set_windows(
      id.value(), {{9 * 60, 10 * 60 + 30, "formiddag"}, {12 * 60, 13 * 60 + 30, "ettermiddag"}},
      "test"));
  REQUIRE(events.put_room(id.value(), {"r1", "Rom 1", 6, false, ""}, "test"));
  REQUIRE(events.put_room(id.value(), {"r2", "Rom 2", 6, false, ""}, "test"));
  REQUIRE(events.put_panel(
      id.value(),
      {"a", "Panel A", {}, {{"lead@x.example", "Leder", core::Role::kProcurement}}, "r1"}, "test"));
  REQUIRE(events.put_panel(id.value(),
                           {"b",
                            "Panel B",
                            {},
                            {{"nestleder@x.example", "Nestleder", core::Role::kProcurement},
                             {"t@x.example", "Tekniker", core::Role::kTechnical}},
                            "r2"},
                           "test"));
  return id.value();
}

sched::Schedule solve(const sched::Instance& instance, std::uint64_t seed) {
  sched::SolveOptions options;
  options.seed = seed;
  options.time_limit_ms = 5000;
  return sched::solve(instance, options, [] { return std::int64_t{0}; });
}

TEST_CASE("the slot grid and instance of a DST-change day with a plenary between two windows") {
  TempDir dir;
  auto db = open_db(dir.file("dst.db"));
  const std::string day = "2027-03-28";
  const std::int64_t id = make_dst_event(*db, day);
  RegistrationStore registrations(*db);
  for (int n = 1; n <= 5; ++n) {
    auto in =
        supplier(n, n % 2 ? std::vector<std::string>{"a", "b"} : std::vector<std::string>{"a"});
    if (n == 3) in.available_from = 12 * 60;  // the ferry comes at noon
    REQUIRE(registrations.register_supplier(id, in).ok());
  }
  ScheduleStore schedules(*db);
  auto setup = schedules.load_day(id);
  REQUIRE(setup.ok());
  const auto grid = core::slot_grid(setup.value());
  std::vector<std::string> starts;
  for (const auto& slot : grid)
    starts.push_back(core::format_clock(slot.start) + " " + slot.session);
  CHECK(starts == std::vector<std::string>{"09:00 formiddag", "09:30 formiddag", "10:00 formiddag",
                                           "12:00 ettermiddag", "12:30 ettermiddag",
                                           "13:00 ettermiddag"});

  auto instance = schedules.load_instance(id);
  REQUIRE_MESSAGE(instance.ok(), (instance.ok() ? "" : instance.error()));
  REQUIRE(instance.value().slots.size() == 6);
  CHECK(instance.value().slots[3].start == "12:00");
  CHECK(instance.value().slots[3].session == "ettermiddag");
  CHECK(instance.value().meetings.size() == 8);  // 3 suppliers x 2 panels + 2 x 1
  CHECK(sched::validate_instance(instance.value()).ok());

  const auto schedule = solve(instance.value(), 7);
  REQUIRE(schedule.assignments.size() == 8);
  CHECK(sched::check_schedule(instance.value(), schedule, std::nullopt).valid());
  auto run = schedules.store_run(id, instance.value(), schedule, std::nullopt, "test");
  REQUIRE_MESSAGE(run.ok(), (run.ok() ? "" : run.error()));
  CHECK(schedules.latest_run(id)->seed == 7);
  CHECK(schedules.latest_run(id)->placed == 8);

  const auto meetings = schedules.meetings(id);
  REQUIRE(meetings.size() == 8);
  for (const auto& m : meetings) {
    CAPTURE(m.start);
    CHECK(m.status == "proposed");
    CHECK(m.starts_at == utc(day, m.start));
    // After the change at 02:00 the whole conference day is CEST, UTC+2.
    const int hour = std::stoi(m.starts_at.substr(11, 2)),
              minute = std::stoi(m.starts_at.substr(14, 2));
    CHECK(hour * 60 + minute == m.start - 120);
    CHECK(m.room == (m.panel == "a" ? "r1" : "r2"));
  }
}

TEST_CASE("locked meetings stay on a re-run and publishing makes numbered versions") {
  TempDir dir;
  auto db = open_db(dir.file("lock.db"));
  const std::int64_t id = make_dst_event(*db, "2027-10-31");  // fall back: the day is CET
  RegistrationStore registrations(*db);
  for (int n = 1; n <= 4; ++n)
    REQUIRE(registrations.register_supplier(id, supplier(n, {"a"})).ok());
  ScheduleStore schedules(*db);
  auto instance = schedules.load_instance(id);
  REQUIRE(instance.ok());
  REQUIRE(
      schedules.store_run(id, instance.value(), solve(instance.value(), 1), std::nullopt, "test")
          .ok());
  auto meetings = schedules.meetings(id);
  REQUIRE(meetings.size() == 4);
  for (const auto& m : meetings) CHECK(m.starts_at == utc("2027-10-31", m.start));
  CHECK(meetings[0].starts_at.substr(11, 5) == core::format_clock(meetings[0].start - 60));

  // Move the first meeting to the last slot of the day and lock it there.
  const std::int64_t moved = meetings[0].id;
  const std::string reference = meetings[0].reference;
  const core::Minutes last = 13 * 60;
  const bool last_taken = std::any_of(meetings.begin(), meetings.end(),
                                      [&](const MeetingRow& m) { return m.start == last; });
  if (last_taken) {
    CHECK(schedules.move(moved, last, std::string("r1"), "test").kind() == Failure::kConflict);
  } else {
    REQUIRE(schedules.move(moved, last, std::string("r1"), "test").ok());
  }
  CHECK(schedules.move(moved, 13 * 60 + 10, std::nullopt, "test").kind() == Failure::kInvalid);
  REQUIRE(schedules.set_locked(moved, true, "test").ok());
  const core::Minutes locked_start = last_taken ? meetings[0].start : last;

  auto locked = schedules.load_locked(id);
  REQUIRE(locked.size() == 1);
  CHECK(locked[0].supplier == reference);
  CHECK(locked[0].start == locked_start);

  auto again = schedules.load_instance(id);
  REQUIRE(again.ok());
  REQUIRE(
      schedules.store_run(id, again.value(), solve(again.value(), 99), std::nullopt, "test").ok());
  meetings = schedules.meetings(id);
  REQUIRE(meetings.size() == 4);
  const auto kept = std::find_if(meetings.begin(), meetings.end(),
                                 [&](const MeetingRow& m) { return m.id == moved; });
  REQUIRE(kept != meetings.end());
  CHECK(kept->start == locked_start);
  CHECK(kept->locked);
  CHECK(schedules.latest_run(id)->run_number == 2);

  CHECK(schedules.publish(id, std::nullopt, "test").value() == 1);
  CHECK(schedules.publish(id, std::nullopt, "test").value() == 2);
  for (const auto& m : schedules.meetings(id)) CHECK(m.status == "published");
  CHECK(EventStore(*db).get(id).value().status == EventStatus::kPublished);

  // A run that found no schedule is recorded and leaves the meetings alone.
  sched::Schedule none;
  none.status = sched::Status::kInfeasible;
  none.reason = "test: nothing fits";
  none.seed = 5;
  REQUIRE(schedules.store_run(id, again.value(), none, std::nullopt, "test").ok());
  CHECK(schedules.latest_run(id)->status == "infeasible");
  CHECK(schedules.meetings(id).size() == 4);

  const auto audit = AuditLog(*db).entries(id);
  CHECK(std::count_if(audit.begin(), audit.end(),
                      [](const AuditEntry& e) { return e.action == "schedule.publish"; }) == 2);
}

TEST_CASE("a run of an event that changed while the scheduler worked stores nothing") {
  TempDir dir;
  auto db = open_db(dir.file("stale.db"));
  const std::int64_t id = make_dst_event(*db, "2027-03-28");
  RegistrationStore registrations(*db);
  std::vector<std::string> tokens;
  for (int n = 1; n <= 3; ++n)
    tokens.push_back(registrations.register_supplier(id, supplier(n, {"a"})).value().manage_token);
  ScheduleStore schedules(*db);
  auto instance = schedules.load_instance(id);
  REQUIRE(instance.ok());
  const sched::Schedule first = solve(instance.value(), 1);
  REQUIRE(schedules.store_run(id, instance.value(), first, std::nullopt, "test").ok());
  REQUIRE(schedules.meetings(id).size() == 3);

  // Refused, and the meetings are as the change left them.
  auto expect_refused = [&](const sched::Instance& old) {
    const auto before = schedules.meetings(id);
    auto stored = schedules.store_run(id, old, solve(old, 2), std::nullopt, "test");
    REQUIRE_FALSE(stored.ok());
    CHECK(stored.kind() == Failure::kConflict);
    CHECK(stored.failure().code == "schedule.stale");
    CHECK(schedules.latest_run(id)->run_number == 1);
    const auto now = schedules.meetings(id);
    REQUIRE(now.size() == before.size());
    for (std::size_t i = 0; i < now.size(); ++i) {
      CHECK(now[i].id == before[i].id);
      CHECK(now[i].start == before[i].start);
    }
  };
  SUBCASE("a supplier cancels") {
    REQUIRE(registrations.cancel(tokens[2]).ok());
    expect_refused(instance.value());
  }
  SUBCASE("a meeting is locked") {
    REQUIRE(schedules.set_locked(schedules.meetings(id)[0].id, true, "test").ok());
    expect_refused(instance.value());
  }
  SUBCASE("a supplier registers") {
    REQUIRE(registrations.register_supplier(id, supplier(4, {"a"})).ok());
    auto stored =
        schedules.store_run(id, instance.value(), solve(instance.value(), 2), std::nullopt, "t");
    CHECK(stored.failure().code == "schedule.stale");
    // The same run, from the event as it is now, is stored.
    auto now = schedules.load_instance(id);
    REQUIRE(now.ok());
    CHECK(schedules.store_run(id, now.value(), solve(now.value(), 2), std::nullopt, "t").ok());
    CHECK(schedules.meetings(id).size() == 4);
  }
}

TEST_CASE("a move is refused with the reason's code and changes nothing") {
  TempDir dir;
  auto db = open_db(dir.file("move.db"));
  const std::int64_t id = make_dst_event(*db, "2027-06-10");
  RegistrationStore registrations(*db);
  REQUIRE(registrations.register_supplier(id, supplier(1, {"a"})).ok());
  auto late = supplier(2, {"a"});
  late.available_from = 12 * 60;  // the ferry comes at noon
  auto late_booking = registrations.register_supplier(id, late);
  REQUIRE(late_booking.ok());
  ScheduleStore schedules(*db);
  auto instance = schedules.load_instance(id);
  REQUIRE(instance.ok());
  REQUIRE(schedules.store_run(id, instance.value(), solve(instance.value(), 1), std::nullopt, "t")
              .ok());
  auto meetings = schedules.meetings(id);
  REQUIRE(meetings.size() == 2);
  const bool ferry_first = meetings[0].reference == late_booking.value().reference;
  const MeetingRow ferry = ferry_first ? meetings[0] : meetings[1];
  const MeetingRow early = ferry_first ? meetings[1] : meetings[0];
  REQUIRE(ferry.start >= 12 * 60);

  auto refusal = [&](std::int64_t meeting, core::Minutes start, std::optional<std::string> room) {
    auto result = schedules.move(meeting, start, room, "t");
    REQUIRE_FALSE(result.ok());
    return result.error().substr(0, result.error().find(':'));
  };
  CHECK(refusal(early.id, ferry.start, "r2") == "panel_busy");
  CHECK(refusal(ferry.id, 9 * 60, "r1") == "supplier_away");
  CHECK(refusal(early.id, 9 * 60 + 10, "r1") == "not_a_slot");
  CHECK(refusal(early.id, early.start, "attic") == "unknown_room");
  CHECK(refusal(999999, early.start, "r1") == "no_meeting");
  CHECK(schedules.move(early.id, ferry.start, "r2", "t").kind() == Failure::kConflict);
  CHECK(schedules.meetings(id) == meetings);
}

TEST_CASE("suppliers see the latest published version, with the change a later publish made") {
  TempDir dir;
  auto db = open_db(dir.file("publish.db"));
  const std::int64_t id = make_dst_event(*db, "2027-06-10");
  RegistrationStore registrations(*db);
  auto booking = registrations.register_supplier(id, supplier(1, {"a"}));
  REQUIRE(booking.ok());
  const std::int64_t registration = booking.value().registration_id;
  ScheduleStore schedules(*db);
  auto instance = schedules.load_instance(id);
  REQUIRE(instance.ok());
  REQUIRE(schedules.store_run(id, instance.value(), solve(instance.value(), 1), std::nullopt, "t")
              .ok());
  const MeetingRow first = schedules.meetings(id).at(0);
  CHECK(schedules.supplier_meetings(registration).empty());  // a proposal is not theirs to see

  REQUIRE(schedules.publish(id, std::nullopt, "t").ok());
  auto seen = schedules.supplier_meetings(registration);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].meeting.start == first.start);
  CHECK_FALSE(seen[0].was);

  const core::Minutes later = first.start == 13 * 60 ? 12 * 60 : 13 * 60;
  REQUIRE(schedules.move(first.id, later, std::string("r1"), "t").ok());
  CHECK(schedules.meeting(first.id).value().status == "proposed");
  // A re-run after publishing does not reach the supplier either.
  auto again = schedules.load_instance(id);
  REQUIRE(again.ok());
  const auto previous = schedules.current_schedule(id, again.value());
  CHECK(sched::check_schedule(again.value(), previous).valid());
  REQUIRE(schedules.store_run(id, again.value(), solve(again.value(), 2), std::nullopt, "t").ok());
  seen = schedules.supplier_meetings(registration);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].meeting.start == first.start);

  REQUIRE(schedules.move(schedules.meetings(id).at(0).id, later, std::string("r1"), "t").ok());
  REQUIRE(schedules.publish(id, std::nullopt, "t").ok());
  seen = schedules.supplier_meetings(registration);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].meeting.start == later);
  REQUIRE(seen[0].was);
  CHECK(seen[0].was->start == first.start);
  CHECK_FALSE(seen[0].changed_at.empty());
  CHECK(schedules.versions(id).size() == 2);

  // Publishing the same again keeps telling them what changed last.
  REQUIRE(schedules.publish(id, std::nullopt, "t").ok());
  seen = schedules.supplier_meetings(registration);
  REQUIRE(seen[0].was);
  CHECK(seen[0].was->start == first.start);
}

TEST_CASE(
    "an instant booking stays where the supplier booked it on a re-run and after publishing") {
  TempDir dir;
  auto db = open_db(dir.file("instant.db"));
  const std::int64_t id = make_dst_event(*db, "2027-06-10");
  EventStore events(*db);
  auto event = events.get(id).value();
  event.booking_mode = BookingMode::kInstant;
  REQUIRE(events.update(event, "t").ok());
  RegistrationStore registrations(*db);
  auto booking = registrations.register_supplier(id, supplier(1, {"a"}, {12 * 60 + 30}));
  REQUIRE_MESSAGE(booking.ok(), (booking.ok() ? "" : booking.error()));
  ScheduleStore schedules(*db);
  REQUIRE(schedules.meetings(id).size() == 1);
  CHECK(schedules.meetings(id)[0].status == "booked");
  CHECK(schedules.supplier_meetings(booking.value().registration_id).size() ==
        1);  // theirs at once

  auto instance = schedules.load_instance(id);
  REQUIRE(instance.ok());
  REQUIRE(schedules.store_run(id, instance.value(), solve(instance.value(), 3), std::nullopt, "t")
              .ok());
  REQUIRE(schedules.publish(id, std::nullopt, "t").ok());
  const auto meetings = schedules.meetings(id);
  REQUIRE(meetings.size() == 1);
  CHECK(meetings[0].start == 12 * 60 + 30);
  CHECK(meetings[0].status == "booked");
  CHECK_FALSE(meetings[0].locked);
}

}  // namespace
}  // namespace dialogdag::data
