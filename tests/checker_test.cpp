#include "scheduler/checker.h"

#include <doctest/doctest.h>

#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test_instances.h"

// Slots of test::day() start at 09:00, 09:40, 10:20, 11:00, 11:40, 12:20, 13:00, 13:40, 14:20, ...

namespace dialogdag::sched {
namespace {

TEST_SUITE_BEGIN("checker");

using test::add_meeting;
using test::add_participant;
using test::add_room;
using test::day;

Assignment at(int meeting, int slot, std::optional<int> room = std::nullopt) {
  return Assignment{meeting, slot, room};
}

// A feasible schedule of `assignments` that claims the objective the checker recomputes, so that
// a test sees only the violation it is about. (The figures themselves are tested against
// hand-computed values below.)
Schedule feasible(const Instance& instance, std::vector<Assignment> assignments,
                  std::vector<Unscheduled> unscheduled = {}) {
  Schedule schedule;
  schedule.status = Status::kFeasible;
  schedule.assignments = std::move(assignments);
  schedule.unscheduled = std::move(unscheduled);
  schedule.objective = check_schedule(instance, schedule).objective;
  return schedule;
}

std::string joined(const CheckReport& report) {
  std::string text;
  for (const std::string& v : report.violations) text += v + "\n";
  return text;
}

bool mentions(const std::string& sentence, std::initializer_list<std::string_view> words) {
  if (sentence.empty()) return false;
  for (std::string_view word : words) {
    if (sentence.find(word) == std::string::npos) return false;
  }
  return true;
}

// The only violation of `report`, or "" when there is not exactly one.
std::string only_violation(const CheckReport& report) {
  return report.violations.size() == 1 ? report.violations[0] : "";
}

// Whether some violation of `report` mentions all `words`.
bool reports(const CheckReport& report, std::initializer_list<std::string_view> words) {
  for (const std::string& v : report.violations) {
    if (mentions(v, words)) return true;
  }
  return false;
}

// Two buyers and three suppliers with four required meetings between them.
struct Small {
  Instance instance = day(4);
  int b1 = add_participant(instance, "b1", ParticipantKind::kBuyer);
  int b2 = add_participant(instance, "b2", ParticipantKind::kBuyer);
  int s1 = add_participant(instance, "s1");
  int s2 = add_participant(instance, "s2");
  int s3 = add_participant(instance, "s3");
  int m0 = add_meeting(instance, "m0", b1, s1);
  int m1 = add_meeting(instance, "m1", b1, s2);
  int m2 = add_meeting(instance, "m2", b2, s1);
  int m3 = add_meeting(instance, "m3", b2, s3);

  // A valid placement of m0..m3 in slots 0 and 1.
  std::vector<Assignment> valid() const { return {at(m0, 0), at(m1, 1), at(m2, 1), at(m3, 0)}; }
};

// ---- Valid schedules and the objective ----

TEST_CASE("the checker accepts a valid schedule and recomputes its objective") {
  Small s;
  const int s4 = add_participant(s.instance, "s4");  // never meets: no coverage, 0 breaks
  const int o1 = add_meeting(s.instance, "o1", s.b1, s.s3, false);
  const int o2 = add_meeting(s.instance, "o2", s.b2, s.s2, false);
  const int o3 = add_meeting(s.instance, "o3", s.b1, s4, false);
  s.instance.meetings[o1].weight = 3;
  s.instance.meetings[o2].weight = 5;
  s.instance.meetings[s.m0].preferred = {0, 2};  // met
  s.instance.meetings[s.m3].preferred = {1};     // not met
  s.instance.meetings[o1].preferred = {3};       // met
  Schedule schedule;
  schedule.status = Status::kOptimal;
  // b1: slots 0, 1, 3 (1 break); b2: 0, 1, 3 (1); s1: 0, 1 (0); s2: 1, 3 (1); s3: 0, 3 (1).
  schedule.assignments = {at(s.m0, 0), at(s.m1, 1), at(s.m2, 1), at(s.m3, 0), at(o1, 3), at(o2, 3)};
  schedule.unscheduled = {{o3, "s4 is free only when b1 is busy"}};
  schedule.objective = {.coverage = 3, .weight = 8, .moved = 0, .breaks = 4, .preferred = 2};
  schedule.bound_breaks = 4;

  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(report.valid());
  CHECK(report.objective == schedule.objective);
  CHECK(report.breaks_by_participant == std::vector<int>{1, 1, 0, 1, 1, 0});
}

TEST_CASE("the checker accepts a valid schedule with rooms, members, sessions, pins and order") {
  Instance instance = day(4);
  const int namsos = add_room(instance, "namsos", 5);
  const int teams = add_room(instance, "teams");
  const int panel = add_participant(instance, "panel", ParticipantKind::kBuyer);
  const int board = add_participant(instance, "board", ParticipantKind::kBuyer);
  const int acme = add_participant(instance, "acme");
  const int bolt = add_participant(instance, "bolt");
  instance.participants[panel].members = {"kari", "ola"};
  instance.participants[board].members = {"kari"};
  instance.participants[panel].room = namsos;
  instance.participants[panel].people = 3;
  instance.participants[acme].people = 2;
  instance.participants[acme].unavailable = {0};
  instance.participants[acme].max_meetings = 2;
  for (Slot& slot : instance.slots) slot.session = "morning";
  const int m1 = add_meeting(instance, "m1", panel, acme);
  const int m2 = add_meeting(instance, "m2", board, bolt);
  const int m3 = add_meeting(instance, "m3", board, acme);
  instance.meetings[m1].session = "morning";
  instance.meetings[m1].fixed_slot = 1;
  instance.meetings[m1].fixed_room = namsos;
  instance.meetings[m3].after = {m1, m2};
  instance.fairness.max_break_spread = 1;  // board meets in slots 0 and 2, the others once

  const Schedule schedule =
      feasible(instance, {at(m1, 1, namsos), at(m2, 0, teams), at(m3, 2, teams)});
  const CheckReport report = check_schedule(instance, schedule);
  INFO(joined(report));
  CHECK(report.valid());
  CHECK(report.objective.coverage == 2);
}

TEST_CASE("the checker counts two breaks for meetings in slots 2, 3, 6 and 9") {
  Instance instance = day(10);
  const int buyer = add_participant(instance, "buyer", ParticipantKind::kBuyer);
  std::vector<Assignment> assignments;
  for (int slot : {2, 3, 6, 9}) {
    const int supplier = add_participant(instance, "s" + std::to_string(slot));
    assignments.push_back(
        at(add_meeting(instance, "m" + std::to_string(slot), buyer, supplier), slot));
  }
  const CheckReport report = check_schedule(instance, feasible(instance, assignments));
  CHECK(report.breaks_by_participant == std::vector<int>{2, 0, 0, 0, 0});
  CHECK(report.objective.breaks == 2);
  CHECK(report.objective.coverage == 4);
}

TEST_CASE("the checker counts as moved what the previous schedule placed elsewhere or not at all") {
  Instance instance = day(4);
  const int room_a = add_room(instance, "a");
  const int room_b = add_room(instance, "b");
  const int buyer = add_participant(instance, "buyer", ParticipantKind::kBuyer);
  std::vector<int> m;
  for (int i = 0; i < 5; ++i) {
    m.push_back(add_meeting(instance, "m" + std::to_string(i), buyer,
                            add_participant(instance, "s" + std::to_string(i)), false));
  }
  Schedule previous;
  previous.status = Status::kOptimal;
  previous.assignments = {
      at(m[0], 0, room_a),  // stays
      at(m[1], 1, room_a),  // moves to another slot
      at(m[2], 2, room_a),  // moves to another room
      at(m[3], 3, room_a),  // is dropped
      at(99, 0, room_a),    // no such meeting: ignored
  };
  // m4 is new: not counted.
  Schedule schedule =
      feasible(instance,
               {at(m[0], 0, room_a), at(m[1], 3, room_a), at(m[2], 2, room_b), at(m[4], 1, room_a)},
               {{m[3], "the supplier cancelled"}});
  schedule.objective.moved = 3;

  const CheckReport report = check_schedule(instance, schedule, previous);
  INFO(joined(report));
  CHECK(report.valid());
  CHECK(report.objective.moved == 3);
  CHECK(check_schedule(instance, schedule).objective.moved == 0);  // without previous
}

TEST_CASE("the checker checks a schedule of 5000 meetings in 100 slots") {
  Instance instance = day(100);
  for (int i = 0; i < 50; ++i) {
    add_participant(instance, "b" + std::to_string(i), ParticipantKind::kBuyer);
  }
  for (int i = 0; i < 50; ++i) add_participant(instance, "s" + std::to_string(i));
  instance.participants[0].members = {"kari"};
  instance.participants[60].members = {"ola"};
  std::vector<Assignment> assignments;
  for (int slot = 0; slot < 100; ++slot) {
    for (int b = 0; b < 50; ++b) {
      const int id = static_cast<int>(instance.meetings.size());
      assignments.push_back(
          at(add_meeting(instance, "m" + std::to_string(id), b, 50 + (b + slot) % 50), slot));
    }
  }
  instance.rooms.kind = Rooms::Kind::kTables;
  instance.rooms.tables = 50;
  const CheckReport report = check_schedule(instance, feasible(instance, assignments));
  INFO(joined(report));
  CHECK(report.valid());
  CHECK(report.objective.coverage == 50);
  CHECK(report.objective.breaks == 0);
}

// ---- Broken assignments ----

TEST_CASE("the checker reports an assignment naming a meeting that does not exist") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments.push_back(at(4, 2));
  assignments.push_back(at(-1, 2));
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  REQUIRE(report.violations.size() == 2);
  CHECK(mentions(report.violations[0], {"assignment 4", "meeting index 4", "4 meetings"}));
  CHECK(mentions(report.violations[1], {"assignment 5", "meeting index -1"}));
}

TEST_CASE("the checker reports a meeting assigned twice") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments.push_back(at(s.m1, 3));
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"m1\"", "more than once", "assignments 1 and 4"}));
}

TEST_CASE("the checker reports an assignment to a slot that does not exist") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments[2].slot = 4;
  assignments[3].slot = -7;
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  REQUIRE(report.violations.size() == 2);
  CHECK(mentions(report.violations[0], {"\"m2\"", "slot index 4", "4 slots"}));
  CHECK(mentions(report.violations[1], {"\"m3\"", "slot index -7"}));
}

TEST_CASE("the checker reports a room given when the instance has no room list") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments[1].room = 0;
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"m1\"", "slot 1 (09:40)", "room index 0", "no room list"}));
}

TEST_CASE("the checker reports a meeting without a room when the instance lists rooms") {
  Small s;
  add_room(s.instance, "namsos");
  add_room(s.instance, "teams");
  const Schedule schedule =
      feasible(s.instance, {at(s.m0, 0, 0), at(s.m1, 1, 0), at(s.m2, 1, 1), at(s.m3, 0)});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"m3\"", "slot 0 (09:00)", "has no room"}));
}

TEST_CASE("the checker reports a room that does not exist") {
  Small s;
  add_room(s.instance, "namsos");
  add_room(s.instance, "teams");
  const Schedule schedule =
      feasible(s.instance, {at(s.m0, 0, 0), at(s.m1, 1, 0), at(s.m2, 1, 2), at(s.m3, 0, 1)});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"m2\"", "slot 1 (09:40)", "room index 2", "2 rooms"}));
}

TEST_CASE("no schedule content makes the checker crash") {
  Small s;
  s.instance.meetings[s.m3].after = {s.m0};
  s.instance.participants[s.b1].members = {"kari"};
  s.instance.fairness.max_break_spread = 0;
  add_room(s.instance, "namsos", 1);
  constexpr int kHuge = std::numeric_limits<int>::max();
  constexpr int kLow = std::numeric_limits<int>::min();
  Schedule schedule;
  schedule.status = Status::kOptimal;
  schedule.assignments = {at(kHuge, 0, 0),    at(kLow, kLow, kLow), at(s.m0, kHuge, 0),
                          at(s.m1, 0, kHuge), at(s.m1, 0, kLow),    at(s.m2, 0, 0),
                          at(s.m2, 0, 0),     at(s.m3, 0, 0),       at(s.m3, kLow)};
  schedule.unscheduled = {{kHuge, ""}, {kLow, "x"}, {s.m2, ""}, {s.m2, "again"}};
  schedule.bound_breaks = kHuge;
  schedule.objective = {kLow, kHuge, kLow, kHuge, kLow};
  Schedule previous = schedule;
  const CheckReport report = check_schedule(s.instance, schedule, previous);
  CHECK_FALSE(report.valid());
  CHECK(report.breaks_by_participant.size() == s.instance.participants.size());
  CHECK(reports(report, {"assignment 0", "meeting index 2147483647"}));
  CHECK(reports(report, {"\"m0\"", "slot index 2147483647"}));
  CHECK(reports(report, {"\"m1\"", "room index 2147483647"}));
  CHECK(reports(report, {"\"m2\"", "more than once"}));
  CHECK(reports(report, {"\"m2\"", "listed in unscheduled more than once"}));
  CHECK(reports(report, {"unscheduled entry 0", "meeting index 2147483647"}));
}

// ---- Conflicts within one slot ----

TEST_CASE("the checker reports a participant in two meetings in one slot") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments[1].slot = 0;  // m1 (b1-s2) joins m0 (b1-s1) in slot 0
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"b1\"", "\"m0\"", "\"m1\"", "slot 0 (09:00)"}));
}

TEST_CASE("the checker reports a person on two buyer panels meeting in one slot") {
  Small s;
  s.instance.participants[s.b1].members = {"kari", "ola"};
  s.instance.participants[s.b2].members = {"per", "kari"};
  const std::vector<Assignment> assignments = {at(s.m0, 0), at(s.m1, 1), at(s.m2, 2), at(s.m3, 0)};
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"kari\"", "\"m0\"", "\"b1\"", "\"m3\"", "\"b2\"", "slot 0 (09:00)"}));
}

TEST_CASE("the checker reports a person on a buyer panel and a supplier team meeting in one slot") {
  Small s;
  s.instance.participants[s.b1].members = {"kari"};
  s.instance.participants[s.s3].members = {"kari"};
  // m0 = b1-s1 and m3 = b2-s3 share no participant, but kari sits on b1 and on s3.
  const std::vector<Assignment> assignments = {at(s.m0, 0), at(s.m1, 1), at(s.m2, 2), at(s.m3, 0)};
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"kari\"", "\"m0\"", "\"b1\"", "\"m3\"", "\"s3\"", "slot 0 (09:00)"}));
}

TEST_CASE("the checker sees no conflict in a person on both sides of one meeting") {
  Small s;
  s.instance.participants[s.b1].members = {"kari"};
  s.instance.participants[s.s1].members = {"kari"};
  const std::vector<Assignment> assignments = {at(s.m0, 0), at(s.m1, 1), at(s.m2, 2), at(s.m3, 0)};
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(report.valid());
}

TEST_CASE("the checker reports a room hosting two meetings in one slot") {
  Small s;
  const int namsos = add_room(s.instance, "namsos");
  const int teams = add_room(s.instance, "teams");
  const Schedule schedule = feasible(s.instance, {at(s.m0, 0, namsos), at(s.m1, 1, teams),
                                                  at(s.m2, 1, teams), at(s.m3, 0, teams)});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"teams\"", "\"m1\"", "\"m2\"", "slot 1 (09:40)"}));
}

TEST_CASE("the checker reports more meetings in one slot than there are tables") {
  Small s;
  s.instance.rooms.kind = Rooms::Kind::kTables;
  s.instance.rooms.tables = 1;
  const std::vector<Assignment> assignments = {at(s.m0, 0), at(s.m1, 1), at(s.m2, 2), at(s.m3, 0)};
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"slot 0 (09:00)", "2 meetings", "\"m0\"", "\"m3\"", "number of tables (1)"}));
}

// ---- Rooms ----

TEST_CASE("the checker reports a room too small for both participants") {
  Small s;
  const int namsos = add_room(s.instance, "namsos", 4);
  const int teams = add_room(s.instance, "teams");
  s.instance.participants[s.b2].people = 3;
  s.instance.participants[s.s1].people = 2;
  const Schedule schedule = feasible(s.instance, {at(s.m0, 0, namsos), at(s.m1, 1, teams),
                                                  at(s.m2, 1, namsos), at(s.m3, 0, teams)});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"namsos\"", "seats 4", "\"m2\"", "slot 1 (09:40)",
                                          "5 people", "\"b2\"", "\"s1\""}));
}

TEST_CASE("the checker reports a participant meeting outside its home room") {
  Small s;
  const int namsos = add_room(s.instance, "namsos");
  const int teams = add_room(s.instance, "teams");
  s.instance.participants[s.b1].room = namsos;
  const Schedule schedule = feasible(s.instance, {at(s.m0, 0, namsos), at(s.m1, 1, teams),
                                                  at(s.m2, 1, namsos), at(s.m3, 0, teams)});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"m1\"", "\"teams\"", "slot 1 (09:40)", "\"b1\"", "home room \"namsos\""}));
}

TEST_CASE("the checker reports a meeting between two home rooms in either room") {
  Small s;
  const int namsos = add_room(s.instance, "namsos");
  const int teams = add_room(s.instance, "teams");
  s.instance.participants[s.b1].room = namsos;
  s.instance.participants[s.s1].room = teams;
  for (int room : {namsos, teams}) {
    const Schedule schedule = feasible(s.instance, {at(s.m0, 0, room), at(s.m1, 1, namsos),
                                                    at(s.m2, 1, teams), at(s.m3, 0, 1 - room)});
    const CheckReport report = check_schedule(s.instance, schedule);
    INFO(joined(report));
    CHECK(mentions(only_violation(report), {"\"m0\"", "slot 0 (09:00)", "home room"}));
  }
}

TEST_CASE("the checker reports a meeting outside its fixed room") {
  Small s;
  const int namsos = add_room(s.instance, "namsos");
  const int teams = add_room(s.instance, "teams");
  s.instance.meetings[s.m3].fixed_room = namsos;
  const Schedule schedule = feasible(s.instance, {at(s.m0, 0, namsos), at(s.m1, 1, namsos),
                                                  at(s.m2, 1, teams), at(s.m3, 0, teams)});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"m3\"", "fixed to room \"namsos\"", "room \"teams\"", "slot 0 (09:00)"}));
}

// ---- Slots of one meeting ----

TEST_CASE("the checker reports a supplier placed in a slot it cannot attend") {
  Small s;
  s.instance.participants[s.s2].unavailable = {1, 3};
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"s2\"", "unavailable", "slot 1 (09:40)", "\"m1\""}));
}

TEST_CASE("the checker reports a meeting outside its session") {
  Small s;
  s.instance.slots[0].session = "morning";
  s.instance.slots[1].session = "afternoon";
  s.instance.meetings[s.m3].session = "afternoon";
  s.instance.meetings[s.m1].session = "afternoon";  // in slot 1: fine
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"m3\"", "session \"afternoon\"", "slot 0 (09:00)", "session \"morning\""}));
}

TEST_CASE("the checker names a slot without clock times by its index alone") {
  Small s;
  for (Slot& slot : s.instance.slots) slot = Slot{};
  s.instance.participants[s.s2].unavailable = {1};
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  const std::string violation = only_violation(report);
  CHECK(mentions(violation, {"\"s2\"", "slot 1", "\"m1\""}));
  CHECK(violation.find('(') == std::string::npos);
}

TEST_CASE("the checker reports a meeting outside its fixed slot") {
  Small s;
  s.instance.meetings[s.m2].fixed_slot = 3;
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"m2\"", "fixed to slot 3 (11:00)", "slot 1 (09:40)"}));
}

TEST_CASE("the checker reports a locked meeting that is not placed") {
  Small s;
  const int o = add_meeting(s.instance, "o", s.b1, s.s3, false);
  s.instance.meetings[o].fixed_slot = 2;
  const Schedule schedule = feasible(s.instance, s.valid(), {{o, "no room for it"}});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"o\"", "fixed to slot 2 (10:20)", "not placed"}));
}

TEST_CASE("the checker reports a meeting not after its predecessor") {
  Small s;
  s.instance.meetings[s.m2].after = {s.m3};
  s.instance.meetings[s.m3].after = {s.m0};  // same slot: not strictly earlier
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"m3\"", "after meeting \"m0\"", "slot 0 (09:00)"}));  // m2 after m3 holds
}

TEST_CASE("the checker reports a meeting placed while its predecessor is not") {
  Small s;
  const int o = add_meeting(s.instance, "o", s.b1, s.s3, false);
  s.instance.meetings[s.m1].after = {o};
  const Schedule schedule = feasible(s.instance, s.valid(), {{o, "s3 left early"}});
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"m1\"", "slot 1 (09:40)", "\"o\"", "not placed"}));
}

// ---- Participants ----

TEST_CASE("the checker reports a participant with more meetings than its max_meetings") {
  Small s;
  s.instance.participants[s.b1].max_meetings = 1;
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  CHECK(mentions(only_violation(report),
                 {"\"b1\"", "2 meetings", "\"m0\"", "\"m1\"", "max_meetings of 1"}));
}

TEST_CASE("the checker reports a break spread above the bound, counting idle participants") {
  Instance instance = day(4);
  const int b1 = add_participant(instance, "b1", ParticipantKind::kBuyer);
  const int b2 = add_participant(instance, "b2", ParticipantKind::kBuyer);
  const int a = add_participant(instance, "a");
  const int b = add_participant(instance, "b");
  add_participant(instance, "idle");  // no meetings: 0 breaks
  instance.fairness.max_break_spread = 0;
  // Everyone who meets does so in slots 0 and 2: one break each.
  const std::vector<Assignment> assignments = {
      at(add_meeting(instance, "m1", b1, a), 0), at(add_meeting(instance, "m2", b1, b), 2),
      at(add_meeting(instance, "m3", b2, b), 0), at(add_meeting(instance, "m4", b2, a), 2)};
  const CheckReport report = check_schedule(instance, feasible(instance, assignments));
  INFO(joined(report));
  CHECK(report.breaks_by_participant == std::vector<int>{1, 1, 1, 1, 0});
  CHECK(mentions(only_violation(report),
                 {"differ by 1", "has 1", "\"idle\" has 0", "max_break_spread of 0"}));

  instance.fairness.max_break_spread = 1;
  CHECK(check_schedule(instance, feasible(instance, assignments)).valid());
}

// ---- Completeness and status ----

TEST_CASE("the checker reports a required meeting that is not placed") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments.erase(assignments.begin() + 2);  // m2
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, assignments));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"required", "\"m2\"", "not placed"}));
}

TEST_CASE("the checker checks an infeasible verdict only for consistency") {
  Small s;
  Schedule verdict;
  verdict.status = Status::kInfeasible;
  verdict.reason = "b1 cannot meet both s1 and s2 in one slot";
  CHECK(check_schedule(s.instance, verdict).valid());  // required meetings unplaced: fine

  SUBCASE("with assignments") {
    verdict.assignments = {at(s.m0, 0), at(s.m1, 0)};  // also a conflict: not reported
    const CheckReport report = check_schedule(s.instance, verdict);
    INFO(joined(report));
    CHECK(mentions(only_violation(report), {"infeasible", "2 assignments"}));
  }
  SUBCASE("without a reason") {
    verdict.reason.clear();
    const CheckReport report = check_schedule(s.instance, verdict);
    INFO(joined(report));
    CHECK(mentions(only_violation(report), {"infeasible", "no reason"}));
  }
}

TEST_CASE("the checker accepts an unknown status with a reason and required meetings unplaced") {
  Small s;
  Schedule schedule = feasible(s.instance, {at(s.m0, 0), at(s.m1, 1)});
  schedule.status = Status::kUnknown;
  schedule.reason = "the time limit ran out";
  CHECK(check_schedule(s.instance, schedule).valid());

  schedule.reason.clear();
  CHECK(mentions(only_violation(check_schedule(s.instance, schedule)), {"unknown", "no reason"}));

  schedule.reason = "the time limit ran out";
  schedule.assignments[1].slot = 0;  // the other hard constraints still hold
  schedule.objective = check_schedule(s.instance, schedule).objective;
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"b1\"", "\"m0\"", "\"m1\"", "slot 0 (09:00)"}));
}

TEST_CASE("the checker reports an optional meeting neither assigned nor listed in unscheduled") {
  Small s;
  add_meeting(s.instance, "o", s.b1, s.s3, false);
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid()));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"optional", "\"o\"", "neither assigned nor listed"}));
}

TEST_CASE("the checker reports a meeting both assigned and listed in unscheduled") {
  Small s;
  const int o = add_meeting(s.instance, "o", s.b1, s.s3, false);
  std::vector<Assignment> assignments = s.valid();
  assignments.push_back(at(o, 3));
  const CheckReport report =
      check_schedule(s.instance, feasible(s.instance, assignments, {{o, "no slot"}}));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"o\"", "both assigned and listed"}));
}

TEST_CASE("the checker reports an unscheduled entry without a reason") {
  Small s;
  const int o = add_meeting(s.instance, "o", s.b1, s.s3, false);
  const CheckReport report = check_schedule(s.instance, feasible(s.instance, s.valid(), {{o, ""}}));
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"\"o\"", "empty reason"}));
}

TEST_CASE("the checker reports an unscheduled entry naming a required meeting when solved") {
  Small s;
  std::vector<Assignment> assignments = s.valid();
  assignments.pop_back();  // m3
  Schedule schedule = feasible(s.instance, assignments, {{s.m3, "s3 could not come"}});
  schedule.status = Status::kOptimal;
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  REQUIRE(report.violations.size() == 2);
  CHECK(reports(report, {"required", "\"m3\"", "listed in unscheduled", "optimal"}));
  CHECK(reports(report, {"required", "\"m3\"", "not placed"}));

  schedule.status = Status::kUnknown;
  schedule.reason = "the time limit ran out";
  CHECK(check_schedule(s.instance, schedule).valid());
}

// ---- Claimed figures ----

TEST_CASE("the checker reports an objective figure that differs from the assignments") {
  Small s;
  Schedule schedule = feasible(s.instance, s.valid());
  CHECK(schedule.objective.coverage == 3);
  schedule.objective.coverage = 2;
  schedule.objective.preferred = 1;
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  REQUIRE(report.violations.size() == 2);
  CHECK(mentions(report.violations[0], {"objective.coverage", "= 2", "give 3"}));
  CHECK(mentions(report.violations[1], {"objective.preferred", "= 1", "give 0"}));
}

TEST_CASE("the checker reports a break bound above the breaks of the assignments") {
  Small s;
  const std::vector<Assignment> assignments = {at(s.m0, 0), at(s.m1, 2), at(s.m2, 1),
                                               at(s.m3, 0)};  // b1: 0, 2 -> one break
  Schedule schedule = feasible(s.instance, assignments);
  REQUIRE(schedule.objective.breaks == 1);
  schedule.bound_breaks = 1;
  CHECK(check_schedule(s.instance, schedule).valid());
  schedule.bound_breaks = 2;
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"bound.breaks is 2", "only 1 breaks"}));
}

TEST_CASE("the checker reports an optimal schedule whose break bound differs from its breaks") {
  Small s;
  const std::vector<Assignment> assignments = {at(s.m0, 0), at(s.m1, 2), at(s.m2, 1), at(s.m3, 0)};
  Schedule schedule = feasible(s.instance, assignments);
  schedule.bound_breaks = 0;
  CHECK(check_schedule(s.instance, schedule).valid());  // feasible: a lower bound suffices
  schedule.status = Status::kOptimal;
  const CheckReport report = check_schedule(s.instance, schedule);
  INFO(joined(report));
  CHECK(mentions(only_violation(report), {"optimal", "bound.breaks 0", "1 breaks"}));
}

TEST_SUITE_END();

}  // namespace
}  // namespace dialogdag::sched
