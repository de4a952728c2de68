// Tests of scheduler/json_io.h: the JSON contract of shared/spec/scheduling-format.md.

#include "scheduler/json_io.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "test_instances.h"

namespace {

using namespace dialogdag::sched;
using dialogdag::Result;
using json = nlohmann::json;

// The example instance of the spec, verbatim.
const char* const kSpecInstance = R"({
  "format": "dialogdag-instance/1",
  "name": "Dialogkonferanse trygghetsalarmer",
  "slots": [
    {"start": "12:30", "end": "13:00", "session": "afternoon"},
    {"start": "13:10", "end": "13:40", "session": "afternoon"}
  ],
  "rooms": [
    {"id": "namsos", "name": "Møterom Namsos", "capacity": 8},
    {"id": "teams", "name": "Digitalt møterom", "capacity": 20, "digital": true}
  ],
  "participants": [
    {"id": "panel", "name": "Felles innkjøpspanel", "kind": "buyer",
     "members": ["kari", "ola"], "room": "namsos", "people": 3, "unavailable": []},
    {"id": "acme", "name": "Acme Trygghet AS", "kind": "supplier", "people": 2,
     "unavailable": [0], "max_meetings": 1}
  ],
  "meetings": [
    {"id": "m1", "between": ["panel", "acme"], "required": false,
     "session": "afternoon", "preferred": [1], "weight": 1}
  ],
  "fairness": {"max_break_spread": 2}
})";

// The example schedule of the spec, with its meeting ids made to fit kSpecInstance.
const char* const kSpecSchedule = R"({
  "format": "dialogdag-schedule/1",
  "status": "optimal",
  "assignments": [{"meeting": "m1", "slot": 1, "room": "namsos"}],
  "unscheduled": [{"meeting": "m1", "reason": "acme is unavailable in every slot where panel is free"}],
  "objective": {"coverage": 12, "weight": 14, "moved": 0, "breaks": 3, "preferred": 9},
  "bound": {"breaks": 3},
  "solve_ms": 4,
  "seed": 1
})";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `text` with its first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "test input lacks ", from);
  return text.replace(at, from.size(), to);
}

Instance spec_instance() {
  const Result<Instance> result = read_instance(kSpecInstance);
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error()));
  return result.value();
}

// kSpecInstance after `change`.
std::string changed(const std::function<void(json&)>& change, const char* base = kSpecInstance) {
  json document = json::parse(base);
  change(document);
  return document.dump();
}

// The error of reading `text`: the read must not throw, must fail, and must say so in one line.
template <class Read>
std::string error_of(Read read) {
  std::string message;
  CHECK_NOTHROW([&] {
    const auto result = read();
    CHECK_FALSE(result.ok());
    if (!result.ok()) message = result.error();
  }());
  CHECK_FALSE(message.empty());
  CHECK_MESSAGE(!contains(message, "\n"), message);
  return message;
}

std::string instance_error(const std::string& text) {
  return error_of([&] { return read_instance(text); });
}

std::string schedule_error(const std::string& text, const Instance& instance) {
  return error_of([&] { return read_schedule(text, instance); });
}

struct BadCase {
  std::function<void(json&)> change;  // applied to the base document
  std::string expected;               // part of the message
};

void check_instance_errors(const std::vector<BadCase>& cases) {
  for (const BadCase& bad : cases) {
    const std::string message = instance_error(changed(bad.change));
    CHECK_MESSAGE(contains(message, bad.expected), "expected \"", bad.expected, "\" in: ", message);
  }
}

void check_schedule_errors(const std::vector<BadCase>& cases,
                           const Instance& instance = spec_instance()) {
  for (const BadCase& bad : cases) {
    const std::string message = schedule_error(changed(bad.change, kSpecSchedule), instance);
    CHECK_MESSAGE(contains(message, bad.expected), "expected \"", bad.expected, "\" in: ", message);
  }
}

void check_validate_errors(
    const std::vector<std::pair<std::function<void(Instance&)>, std::string>>& cases) {
  for (const auto& [change, expected] : cases) {
    Instance instance = spec_instance();
    change(instance);
    std::string message;
    CHECK_NOTHROW([&] {
      const Result<Instance> result = validate_instance(instance);
      CHECK_FALSE(result.ok());
      if (!result.ok()) message = result.error();
    }());
    CHECK_MESSAGE(contains(message, expected), "expected \"", expected, "\" in: ", message);
  }
}

// Field by field, since the model types have no operator==.
void check_same(const Instance& a, const Instance& b) {
  CHECK(a.name == b.name);
  REQUIRE(a.slots.size() == b.slots.size());
  for (std::size_t i = 0; i < a.slots.size(); ++i) {
    CAPTURE(i);
    CHECK(a.slots[i].start == b.slots[i].start);
    CHECK(a.slots[i].end == b.slots[i].end);
    CHECK(a.slots[i].session == b.slots[i].session);
  }
  CHECK(a.rooms.kind == b.rooms.kind);
  CHECK(a.rooms.tables == b.rooms.tables);
  REQUIRE(a.rooms.list.size() == b.rooms.list.size());
  for (std::size_t i = 0; i < a.rooms.list.size(); ++i) {
    CAPTURE(i);
    CHECK(a.rooms.list[i].id == b.rooms.list[i].id);
    CHECK(a.rooms.list[i].name == b.rooms.list[i].name);
    CHECK(a.rooms.list[i].capacity == b.rooms.list[i].capacity);
    CHECK(a.rooms.list[i].digital == b.rooms.list[i].digital);
  }
  REQUIRE(a.participants.size() == b.participants.size());
  for (std::size_t i = 0; i < a.participants.size(); ++i) {
    CAPTURE(i);
    const Participant& p = a.participants[i];
    const Participant& q = b.participants[i];
    CHECK(p.id == q.id);
    CHECK(p.name == q.name);
    CHECK(p.kind == q.kind);
    CHECK(p.kind_label == q.kind_label);
    CHECK(p.members == q.members);
    CHECK(p.room == q.room);
    CHECK(p.people == q.people);
    CHECK(p.unavailable == q.unavailable);
    CHECK(p.max_meetings == q.max_meetings);
  }
  REQUIRE(a.meetings.size() == b.meetings.size());
  for (std::size_t i = 0; i < a.meetings.size(); ++i) {
    CAPTURE(i);
    const Meeting& m = a.meetings[i];
    const Meeting& n = b.meetings[i];
    CHECK(m.id == n.id);
    CHECK(m.between[0] == n.between[0]);
    CHECK(m.between[1] == n.between[1]);
    CHECK(m.required == n.required);
    CHECK(m.session == n.session);
    CHECK(m.fixed_slot == n.fixed_slot);
    CHECK(m.fixed_room == n.fixed_room);
    CHECK(m.after == n.after);
    CHECK(m.preferred == n.preferred);
    CHECK(m.weight == n.weight);
  }
  CHECK(a.fairness.max_break_spread == b.fairness.max_break_spread);
}

void check_same(const Cause& a, const Cause& b) {
  CHECK(a.code == b.code);
  for (const auto& [key, id] : a.ids) CHECK(b.id(key) == id);
  for (const auto& [key, number] : a.numbers) CHECK(b.number(key) == number);
  CHECK(a.ids.size() == b.ids.size());
  CHECK(a.numbers.size() == b.numbers.size());
}

void check_same(const Schedule& a, const Schedule& b) {
  CHECK(a.status == b.status);
  CHECK(a.reason == b.reason);
  check_same(a.cause, b.cause);
  REQUIRE(a.assignments.size() == b.assignments.size());
  for (std::size_t i = 0; i < a.assignments.size(); ++i) {
    CAPTURE(i);
    CHECK(a.assignments[i].meeting == b.assignments[i].meeting);
    CHECK(a.assignments[i].slot == b.assignments[i].slot);
    CHECK(a.assignments[i].room == b.assignments[i].room);
  }
  REQUIRE(a.unscheduled.size() == b.unscheduled.size());
  for (std::size_t i = 0; i < a.unscheduled.size(); ++i) {
    CAPTURE(i);
    CHECK(a.unscheduled[i].meeting == b.unscheduled[i].meeting);
    CHECK(a.unscheduled[i].reason == b.unscheduled[i].reason);
    check_same(a.unscheduled[i].cause, b.unscheduled[i].cause);
  }
  CHECK(a.objective == b.objective);
  CHECK(a.bound_breaks == b.bound_breaks);
  CHECK(a.solve_ms == b.solve_ms);
  CHECK(a.seed == b.seed);
}

// Writes, reads back, and checks that nothing changed, and that writing again gives the same text.
void check_round_trip(const Instance& instance) {
  REQUIRE(validate_instance(instance).ok());
  const std::string text = write_instance(instance);
  const Result<Instance> back = read_instance(text);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error()), "\n", text);
  check_same(instance, back.value());
  CHECK(write_instance(back.value()) == text);
}

// An instance that uses every field, built in code.
Instance rich_instance() {
  using namespace dialogdag::test;
  Instance instance = day(4);
  instance.name = "Dialogkonferanse trygghetsalarmer – Trøndelag";
  for (Slot& slot : instance.slots) slot.session = "morning";
  instance.slots[3].session = "afternoon";
  const int namsos = add_room(instance, "namsos", 8);
  add_room(instance, "teams");
  instance.rooms.list[static_cast<std::size_t>(namsos)].name = "Møterom Namsos";
  instance.rooms.list[1].name = "Digitalt møterom";
  instance.rooms.list[1].digital = true;
  const int panel = add_participant(instance, "panel", ParticipantKind::kBuyer);
  const int acme = add_participant(instance, "acme");
  const int guest = add_participant(instance, "gjest", ParticipantKind::kOther);
  Participant& p = instance.participants[static_cast<std::size_t>(panel)];
  p.name = "Felles innkjøpspanel";
  p.members = {"kari", "ola", "åse"};
  p.room = namsos;
  p.people = 3;
  p.unavailable = {0, 2};
  instance.participants[static_cast<std::size_t>(acme)].max_meetings = 2;
  instance.participants[static_cast<std::size_t>(acme)].people = 0;
  instance.participants[static_cast<std::size_t>(guest)].kind_label = "observatør";
  const int m1 = add_meeting(instance, "m1", panel, acme);
  const int m2 = add_meeting(instance, "m2", acme, guest, false);
  const int m3 = add_meeting(instance, "m3", guest, panel, false);
  Meeting& second = instance.meetings[static_cast<std::size_t>(m2)];
  second.session = "morning";
  second.preferred = {1, 2};
  second.weight = 5;
  second.after = {m3, m1};
  second.fixed_room = 1;
  instance.meetings[static_cast<std::size_t>(m3)].fixed_slot = 3;
  instance.fairness.max_break_spread = 0;
  return instance;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reading good documents

TEST_CASE("the json spec's example instance reads into the expected model") {
  const Instance instance = spec_instance();
  CHECK(instance.name == "Dialogkonferanse trygghetsalarmer");
  REQUIRE(instance.slots.size() == 2);
  CHECK(instance.slots[0].start == "12:30");
  CHECK(instance.slots[0].end == "13:00");
  CHECK(instance.slots[1].start == "13:10");
  CHECK(instance.slots[1].session == "afternoon");

  CHECK(instance.rooms.kind == Rooms::Kind::kList);
  REQUIRE(instance.rooms.list.size() == 2);
  CHECK(instance.rooms.list[0].id == "namsos");
  CHECK(instance.rooms.list[0].name == "Møterom Namsos");
  CHECK(instance.rooms.list[0].capacity == 8);
  CHECK_FALSE(instance.rooms.list[0].digital);
  CHECK(instance.rooms.list[1].capacity == 20);
  CHECK(instance.rooms.list[1].digital);

  REQUIRE(instance.participants.size() == 2);
  const Participant& panel = instance.participants[0];
  CHECK(panel.id == "panel");
  CHECK(panel.name == "Felles innkjøpspanel");
  CHECK(panel.kind == ParticipantKind::kBuyer);
  CHECK(panel.kind_label == "buyer");
  CHECK(panel.members == std::vector<std::string>{"kari", "ola"});
  CHECK(panel.room == 0);
  CHECK(panel.people == 3);
  CHECK(panel.unavailable.empty());
  CHECK_FALSE(panel.max_meetings.has_value());
  const Participant& acme = instance.participants[1];
  CHECK(acme.kind == ParticipantKind::kSupplier);
  CHECK(acme.people == 2);
  CHECK(acme.unavailable == std::vector<int>{0});
  CHECK(acme.max_meetings == 1);
  CHECK_FALSE(acme.room.has_value());

  REQUIRE(instance.meetings.size() == 1);
  const Meeting& m1 = instance.meetings[0];
  CHECK(m1.id == "m1");
  CHECK(m1.between[0] == 0);
  CHECK(m1.between[1] == 1);
  CHECK_FALSE(m1.required);
  CHECK(m1.session == "afternoon");
  CHECK_FALSE(m1.fixed_slot.has_value());
  CHECK_FALSE(m1.fixed_room.has_value());
  CHECK(m1.after.empty());
  CHECK(m1.preferred == std::vector<int>{1});
  CHECK(m1.weight == 1);
  CHECK(instance.fairness.max_break_spread == 2);
}

TEST_CASE("the json spec's example schedule reads into the expected model") {
  const Result<Schedule> result = read_schedule(kSpecSchedule, spec_instance());
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error()));
  const Schedule& schedule = result.value();
  CHECK(schedule.status == Status::kOptimal);
  CHECK(schedule.reason.empty());
  REQUIRE(schedule.assignments.size() == 1);
  CHECK(schedule.assignments[0].meeting == 0);
  CHECK(schedule.assignments[0].slot == 1);
  CHECK(schedule.assignments[0].room == 0);
  REQUIRE(schedule.unscheduled.size() == 1);
  CHECK(schedule.unscheduled[0].reason == "acme is unavailable in every slot where panel is free");
  CHECK(schedule.objective == Objective{12, 14, 0, 3, 9});
  CHECK(schedule.bound_breaks == 3);
  CHECK(schedule.solve_ms == 4);
  CHECK(schedule.seed == 1);
}

TEST_CASE("a json instance with only slots gets the documented defaults") {
  const Result<Instance> result = read_instance(
      R"({"format": "dialogdag-instance/1", "slots": [{}, {"session": "x"}],
          "participants": [{"id": "a"}, {"id": "b"}], "meetings": [{"id": "m", "between": ["b", "a"]}]})");
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error()));
  const Instance& instance = result.value();
  CHECK(instance.name.empty());
  CHECK(instance.slots[0].start.empty());
  CHECK(instance.slots[1].session == "x");
  CHECK(instance.rooms.kind == Rooms::Kind::kUnlimited);
  CHECK(instance.participants[0].kind == ParticipantKind::kOther);
  CHECK(instance.participants[0].kind_label.empty());
  CHECK(instance.participants[0].people == 1);
  CHECK(instance.meetings[0].required);
  CHECK(instance.meetings[0].weight == 1);
  CHECK(instance.meetings[0].between[0] == 1);
  CHECK(instance.meetings[0].between[1] == 0);
  CHECK_FALSE(instance.fairness.max_break_spread.has_value());
}

TEST_CASE("json rooms given as a number become interchangeable tables") {
  const Result<Instance> result = read_instance(changed([](json& d) {
    d["rooms"] = 4;
    d["participants"][0].erase("room");
  }));
  REQUIRE(result.ok());
  CHECK(result.value().rooms.kind == Rooms::Kind::kTables);
  CHECK(result.value().rooms.tables == 4);
}

TEST_CASE("a json kind other than buyer or supplier is a plain participant keeping its label") {
  const Result<Instance> result =
      read_instance(changed([](json& d) { d["participants"][1]["kind"] = "Supplier"; }));
  REQUIRE(result.ok());
  CHECK(result.value().participants[1].kind == ParticipantKind::kOther);
  CHECK(result.value().participants[1].kind_label == "Supplier");
}

TEST_CASE("json unavailable and preferred slots are stored sorted without repeats") {
  const Result<Instance> result = read_instance(changed([](json& d) {
    d["participants"][1]["unavailable"] = {1, 0, 1};
    d["meetings"][0]["preferred"] = {1, 1, 0};
  }));
  REQUIRE(result.ok());
  CHECK(result.value().participants[1].unavailable == std::vector<int>{0, 1});
  CHECK(result.value().meetings[0].preferred == std::vector<int>{0, 1});
}

TEST_CASE("json after may name meetings that come later in the list") {
  const Result<Instance> result = read_instance(changed([](json& d) {
    d["meetings"][0]["after"] = {"m3", "m2"};
    d["meetings"].push_back({{"id", "m2"}, {"between", {"acme", "panel"}}});
    d["meetings"].push_back({{"id", "m3"}, {"between", {"acme", "panel"}}, {"after", {"m2"}}});
  }));
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error()));
  CHECK(result.value().meetings[0].after == std::vector<int>{2, 1});
  CHECK(result.value().meetings[2].after == std::vector<int>{1});
}

// ---------------------------------------------------------------------------------------------
// Writing and round trips

TEST_CASE("the json spec's example instance survives writing and reading back") {
  check_round_trip(spec_instance());
}

TEST_CASE("a json instance using every field survives writing and reading back") {
  check_round_trip(rich_instance());
}

TEST_CASE("json instances with tables, with no rooms and without clock times round-trip") {
  Instance tables = rich_instance();
  tables.rooms = Rooms{Rooms::Kind::kTables, 3, {}};
  tables.participants[0].room.reset();
  tables.meetings[1].fixed_room.reset();
  check_round_trip(tables);

  Instance unlimited = tables;
  unlimited.rooms = Rooms{};
  check_round_trip(unlimited);

  Instance no_tables = tables;
  no_tables.rooms.tables = 0;
  check_round_trip(no_tables);

  Instance b2b = dialogdag::test::day(3);
  for (Slot& slot : b2b.slots) slot = Slot{"", "", "morning"};
  check_round_trip(b2b);

  Instance empty_room_list = dialogdag::test::day(1);
  empty_room_list.rooms.kind = Rooms::Kind::kList;
  check_round_trip(empty_room_list);
}

TEST_CASE("Norwegian letters in json names are written as they are, not escaped") {
  const std::string text = write_instance(rich_instance());
  CHECK(contains(text, "\"Møterom Namsos\""));
  CHECK(contains(text, "\"Felles innkjøpspanel\""));
  CHECK(contains(text, "\"åse\""));
  CHECK(contains(text, "\"observatør\""));
  CHECK(contains(text, "– Trøndelag"));
  CHECK_FALSE(contains(text, "\\u"));
}

TEST_CASE("a written json instance has fixed key order, two-space indent and a final newline") {
  Instance instance = dialogdag::test::day(1);
  instance.name = "";
  dialogdag::test::add_participant(instance, "a");
  dialogdag::test::add_participant(instance, "b", ParticipantKind::kBuyer);
  dialogdag::test::add_meeting(instance, "m", 0, 1, false);
  instance.meetings[0].weight = 2;
  CHECK(write_instance(instance) == R"({
  "format": "dialogdag-instance/1",
  "slots": [
    {
      "start": "09:00",
      "end": "09:30"
    }
  ],
  "participants": [
    {
      "id": "a",
      "name": "a",
      "kind": "supplier"
    },
    {
      "id": "b",
      "name": "b",
      "kind": "buyer"
    }
  ],
  "meetings": [
    {
      "id": "m",
      "between": [
        "a",
        "b"
      ],
      "required": false,
      "weight": 2
    }
  ]
}
)");
}

TEST_CASE("a written json schedule has fixed key order and leaves out what is absent") {
  Instance instance = dialogdag::test::day(2);
  dialogdag::test::add_participant(instance, "a");
  dialogdag::test::add_participant(instance, "b");
  dialogdag::test::add_meeting(instance, "m", 0, 1);
  Schedule schedule;
  schedule.status = Status::kFeasible;
  schedule.assignments.push_back({0, 1, std::nullopt});
  schedule.objective = Objective{1, 0, 0, 0, 0};
  schedule.solve_ms = 12;
  schedule.seed = 7;
  CHECK(write_schedule(schedule, instance) == R"({
  "format": "dialogdag-schedule/1",
  "status": "feasible",
  "assignments": [
    {
      "meeting": "m",
      "slot": 1
    }
  ],
  "unscheduled": [],
  "objective": {
    "coverage": 1,
    "weight": 0,
    "moved": 0,
    "breaks": 0,
    "preferred": 0
  },
  "solve_ms": 12,
  "seed": 7
}
)");
}

TEST_CASE("a json schedule survives writing and reading back") {
  const Instance instance = rich_instance();
  Schedule schedule;
  schedule.status = Status::kInfeasible;
  schedule.reason = "m1 kan ikke plasseres: «panel» er opptatt";
  schedule.cause = {"fairness_out_of_reach", {{"participant", "panel"}}, {{"spread", 0}}};
  schedule.assignments = {{0, 1, 0}, {1, 3, 1}, {2, -4, std::nullopt}, {0, 99, 1}};
  schedule.unscheduled = {
      {1, "acme er ikke tilgjengelig", Cause{"unavailable", {{"participant", "acme"}}, {}}},
      {2, "", Cause{"room_too_small", {{"room", "namsos"}}, {{"seats", 4}, {"people", -1}}}},
      {0, "no cause", {}}};
  schedule.objective = Objective{2, -1, 3, 4, 5};
  schedule.bound_breaks = 2;
  schedule.solve_ms = INT64_MAX;
  schedule.seed = UINT64_MAX;

  const std::string text = write_schedule(schedule, instance);
  const Result<Schedule> back = read_schedule(text, instance);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error()), "\n", text);
  check_same(schedule, back.value());
  CHECK(write_schedule(back.value(), instance) == text);
  CHECK(contains(text, "«panel» er opptatt"));

  const Verdict verdict = read_verdict(text);
  CHECK(verdict.reason == schedule.reason);
  check_same(verdict.cause, schedule.cause);
  CHECK(read_verdict("not json").reason.empty());
  CHECK(read_verdict(R"({"reason": "x", "cause": 3})").cause.code.empty());

  for (Status status : {Status::kOptimal, Status::kFeasible, Status::kUnknown}) {
    schedule.status = status;
    schedule.bound_breaks.reset();
    const Result<Schedule> again = read_schedule(write_schedule(schedule, instance), instance);
    REQUIRE(again.ok());
    check_same(schedule, again.value());
  }
}

TEST_CASE("a json schedule without objective keys reads them as zero") {
  const Result<Schedule> result = read_schedule(
      R"({"format": "dialogdag-schedule/1", "status": "unknown", "objective": {"breaks": 2}})",
      spec_instance());
  REQUIRE(result.ok());
  CHECK(result.value().objective == Objective{0, 0, 0, 2, 0});
  CHECK(result.value().assignments.empty());
  CHECK_FALSE(result.value().bound_breaks.has_value());
  CHECK(result.value().seed == 0);
}

TEST_CASE("json schedule slots out of range are left for the checker") {
  const Result<Schedule> result =
      read_schedule(changed(
                        [](json& d) {
                          d["assignments"][0]["slot"] = 2147483647;
                          d["assignments"].push_back({{"meeting", "m1"}, {"slot", -2147483648LL}});
                        },
                        kSpecSchedule),
                    spec_instance());
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error()));
  CHECK(result.value().assignments[0].slot == 2147483647);
  CHECK(result.value().assignments[1].slot == -2147483647 - 1);
}

TEST_CASE("writing a json model with dangling indexes does not crash and does not read back") {
  Instance instance = spec_instance();
  instance.meetings[0].between[1] = 9;
  instance.meetings[0].after = {-3};
  instance.participants[0].room = 7;
  std::string text;
  CHECK_NOTHROW(text = write_instance(instance));
  CHECK_FALSE(read_instance(text).ok());

  Schedule schedule;
  schedule.assignments = {{5, 0, 9}};
  schedule.unscheduled = {{-1, "?"}};
  CHECK_NOTHROW(text = write_schedule(schedule, instance));
  CHECK_FALSE(read_schedule(text, spec_instance()).ok());

  Instance broken_utf8 = spec_instance();
  broken_utf8.name = "Tr\xf8ndelag";  // Latin-1, not UTF-8
  CHECK_NOTHROW(text = write_instance(broken_utf8));
  CHECK(read_instance(text).ok());
}

// ---------------------------------------------------------------------------------------------
// Malformed instances: each error names the field and whose it is

TEST_CASE("a json instance needs the instance format") {
  check_instance_errors({
      {[](json& d) { d.erase("format"); }, "format: is required (\"dialogdag-instance/1\")"},
      {[](json& d) { d["format"] = "dialogdag-instance/2"; },
       "format: must be \"dialogdag-instance/1\", not \"dialogdag-instance/2\""},
      {[](json& d) { d["format"] = 1; }, "format: must be \"dialogdag-instance/1\", not 1"},
      {[](json& d) { d = json::array(); }, "the document must be a JSON object"},
  });
  CHECK(contains(instance_error(kSpecSchedule), "format: must be \"dialogdag-instance/1\""));
}

TEST_CASE("an unknown field in a json instance is named with where it is") {
  check_instance_errors({
      {[](json& d) { d["xyz"] = 1; }, "unknown field \"xyz\""},
      {[](json& d) { d["slots"][1]["sesion"] = "x"; }, "slots[1]: unknown field \"sesion\""},
      {[](json& d) { d["rooms"][1]["seats"] = 2; }, "rooms[1] \"teams\": unknown field \"seats\""},
      {[](json& d) { d["participants"][1]["unavailble"] = json::array(); },
       "participants[1] \"acme\": unknown field \"unavailble\""},
      {[](json& d) { d["meetings"][0]["prefered"] = {0}; },
       "meetings[0] \"m1\": unknown field \"prefered\""},
      {[](json& d) { d["fairness"]["max_spread"] = 2; }, "fairness: unknown field \"max_spread\""},
  });
  CHECK(instance_error(changed([](json& d) { d["xyz"] = 1; })) == "unknown field \"xyz\"");
}

TEST_CASE("a duplicate key in a json instance is an error naming where it is") {
  const std::string base = kSpecInstance;
  CHECK(instance_error(replaced(base, "\"people\": 2,", "\"people\": 2, \"people\": 4,")) ==
        "participants[1] \"acme\": duplicate key \"people\"");
  CHECK(instance_error(replaced(base, "\"name\": \"Dialogkonferanse",
                                "\"name\": \"x\", \"name\": \"Dialogkonferanse")) ==
        "duplicate key \"name\"");
  CHECK(instance_error(replaced(base, "\"max_break_spread\": 2",
                                "\"max_break_spread\": 2, \"max_break_spread\": 3")) ==
        "fairness: duplicate key \"max_break_spread\"");
  CHECK(instance_error(replaced(base, "\"weight\": 1}", "\"weight\": 1, \"weight\": 2}")) ==
        "meetings[0] \"m1\": duplicate key \"weight\"");
  CHECK(instance_error(replaced(base, "\"session\": \"afternoon\"}",
                                "\"session\": \"afternoon\", \"end\": \"13:00\"}")) ==
        "slots[0]: duplicate key \"end\"");
  CHECK(
      instance_error(replaced(base, "{\"id\": \"teams\",", "{\"id\": \"x\", \"id\": \"teams\",")) ==
      "rooms[1] \"teams\": duplicate key \"id\"");
  CHECK(instance_error(replaced(base, "\"meetings\": [", "\"meetings\": [], \"meetings\": [")) ==
        "duplicate key \"meetings\"");
  CHECK(instance_error(replaced(base, "\"id\": \"panel\",",
                                "\"id\": \"panel\", \"extra\": [{\"k\": 1, \"k\": 2}],")) ==
        "participants[0] \"panel\": in extra[0]: duplicate key \"k\"");
  CHECK(instance_error(
            replaced(base, "\"fairness\":", "\"x\\ny\": {\"k\": 1, \"k\": 2}, \"fairness\":")) ==
        "\"x\\ny\": duplicate key \"k\"");
  // A key repeated in two different objects is fine.
  CHECK(read_instance(kSpecInstance).ok());
}

TEST_CASE("invalid json gives a one-line error with the byte position") {
  const std::string base = kSpecInstance;
  const std::string truncated = instance_error(base.substr(0, 40));
  CHECK(contains(truncated, "invalid JSON at byte 41 (line 3, column 3): "));
  CHECK(contains(truncated, "unexpected end of input"));

  CHECK(contains(instance_error("{\"format\": \"dialogdag-instance/1\",}"),
                 "invalid JSON at byte 35"));
  CHECK(contains(instance_error(""), "invalid JSON at byte 1"));
  CHECK(contains(instance_error("{} x"), "invalid JSON at byte 4"));
  CHECK(contains(instance_error("{\"a\": 1e400}"), "number overflow"));
  const std::string broken_utf8 = instance_error("{\"a\": \"\xff\"}");
  CHECK(contains(broken_utf8, "invalid JSON at byte 8 (line 1, column 8): "));
  CHECK_MESSAGE(!contains(broken_utf8, "\xff"), "the message itself stays valid UTF-8");
  CHECK(contains(instance_error("{\"a\": \"line\nbreak\"}"),
                 "invalid JSON at byte 12 (line 1, column 12): "));
  CHECK(contains(schedule_error("{\"format\": ", spec_instance()), "invalid JSON at byte"));
}

TEST_CASE("broken json slots are named by index") {
  check_instance_errors({
      {[](json& d) { d.erase("slots"); }, "slots: is required"},
      {[](json& d) { d["slots"] = json::array(); }, "slots: must not be empty"},
      {[](json& d) { d["slots"] = json::object(); }, "slots: must be an array, not an object"},
      {[](json& d) { d["slots"][0] = 3; }, "slots[0]: must be an object, not 3"},
      {[](json& d) { d["slots"][1]["start"] = "25:00"; },
       "slots[1]: start must be \"HH:MM\" from 00:00 to 23:59, not \"25:00\""},
      {[](json& d) { d["slots"][1]["end"] = "13:4"; },
       "slots[1]: end must be \"HH:MM\" from 00:00 to 23:59, not \"13:4\""},
      {[](json& d) { d["slots"][0]["start"] = ""; },
       "slots[0]: start must be \"HH:MM\" from 00:00 to 23:59, not \"\""},
      {[](json& d) { d["slots"][0]["start"] = 1230; },
       "slots[0]: start must be a string, not 1230"},
      {[](json& d) { d["slots"][1].erase("end"); },
       "slots[1]: start and end must be given together"},
      {[](json& d) {
         d["slots"][1] = {{"session", "afternoon"}};
       },
       "slots[1]: start and end must be given for every slot or for none"},
      {[](json& d) { d["slots"][0] = json::object(); },
       "slots[1]: start and end must be given for every slot or for none"},
      {[](json& d) { d["slots"][0]["end"] = "12:00"; },
       "slots[0]: end 12:00 must be after start 12:30"},
      {[](json& d) { d["slots"][0]["end"] = "12:30"; },
       "slots[0]: end 12:30 must be after start 12:30"},
      {[](json& d) {
         d["slots"][1] = {{"start", "12:50"}, {"end", "13:20"}};
       },
       "slots[1]: starts at 12:50, before slots[0] ends at 13:00"},
      {[](json& d) {
         d["slots"][1] = {{"start", "11:00"}, {"end", "11:30"}};
       },
       "slots[1]: starts at 11:00, before slots[0] ends at 13:00"},
      {[](json& d) { d["slots"][1]["end"] = "13:45"; },
       "slots[1]: lasts 35 minutes, but slots[0] lasts 30 (slots must be equally long)"},
      {[](json& d) { d["slots"][0]["session"] = 5; }, "slots[0]: session must be a string, not 5"},
  });
}

TEST_CASE("broken json rooms are named with their id") {
  check_instance_errors({
      {[](json& d) { d["rooms"] = -1; }, "rooms: must be >= 0, not -1"},
      {[](json& d) { d["rooms"] = 2.5; }, "rooms: must be an integer, not 2.5"},
      {[](json& d) { d["rooms"] = 4294967296ULL; }, "rooms: is too large (4294967296)"},
      {[](json& d) { d["rooms"] = "many"; },
       "rooms: must be an integer or a list of rooms, not \"many\""},
      {[](json& d) { d["rooms"][0] = "namsos"; }, "rooms[0]: must be an object, not \"namsos\""},
      {[](json& d) { d["rooms"][1].erase("id"); }, "rooms[1]: id is required"},
      {[](json& d) { d["rooms"][1]["id"] = 7; }, "rooms[1]: id must be a string, not 7"},
      {[](json& d) { d["rooms"][0]["id"] = ""; }, "rooms[0]: id must not be empty"},
      {[](json& d) { d["rooms"][1]["id"] = "namsos"; },
       "rooms[1] \"namsos\": id is already used by rooms[0]"},
      {[](json& d) { d["rooms"][0]["capacity"] = -1; },
       "rooms[0] \"namsos\": capacity must be >= 0, not -1"},
      {[](json& d) { d["rooms"][0]["capacity"] = "8"; },
       "rooms[0] \"namsos\": capacity must be an integer, not \"8\""},
      {[](json& d) { d["rooms"][1]["digital"] = "yes"; },
       "rooms[1] \"teams\": digital must be true or false, not \"yes\""},
      {[](json& d) { d["rooms"][1]["name"] = json::array(); },
       "rooms[1] \"teams\": name must be a string, not an array"},
  });
}

TEST_CASE("broken json participant fields are named with the participant") {
  check_instance_errors({
      {[](json& d) { d["participants"] = json::object(); },
       "participants: must be an array, not an object"},
      {[](json& d) { d["participants"][0] = json::array(); },
       "participants[0]: must be an object, not an array"},
      {[](json& d) { d["participants"][1].erase("id"); }, "participants[1]: id is required"},
      {[](json& d) { d["participants"][1]["id"] = 7; },
       "participants[1]: id must be a string, not 7"},
      {[](json& d) { d["participants"][1]["id"] = ""; }, "participants[1]: id must not be empty"},
      {[](json& d) { d["participants"][1]["id"] = "panel"; },
       "participants[1] \"panel\": id is already used by participants[0]"},
      {[](json& d) { d["participants"][0]["name"] = nullptr; },
       "participants[0] \"panel\": name must be a string, not null"},
      {[](json& d) { d["participants"][0]["kind"] = 3; },
       "participants[0] \"panel\": kind must be a string, not 3"},
      {[](json& d) { d["participants"][0]["members"] = "kari"; },
       "participants[0] \"panel\": members must be an array, not \"kari\""},
      {[](json& d) { d["participants"][0]["members"][1] = 3; },
       "participants[0] \"panel\": members[1] must be a string, not 3"},
      {[](json& d) {
         d["participants"][0]["members"] = {"kari", "ola", "kari"};
       },
       "participants[0] \"panel\": members names \"kari\" twice"},
      {[](json& d) {
         d["participants"][0]["members"] = {"kari", ""};
       },
       "participants[0] \"panel\": members[1] must not be empty"},
      {[](json& d) { d["participants"][0]["room"] = "oslo"; },
       "participants[0] \"panel\": room names unknown room \"oslo\""},
      {[](json& d) { d["participants"][0]["room"] = 0; },
       "participants[0] \"panel\": room must be a string, not 0"},
      {[](json& d) { d.erase("rooms"); },
       "participants[0] \"panel\": room names \"namsos\", but rooms is not a list of rooms"},
      {[](json& d) { d["rooms"] = 3; },
       "participants[0] \"panel\": room names \"namsos\", but rooms is not a list of rooms"},
      {[](json& d) { d["participants"][1]["people"] = -1; },
       "participants[1] \"acme\": people must be >= 0, not -1"},
      {[](json& d) { d["participants"][1]["people"] = "2"; },
       "participants[1] \"acme\": people must be an integer, not \"2\""},
      {[](json& d) { d["participants"][1]["people"] = 2.0; },
       "participants[1] \"acme\": people must be an integer, not 2.0"},
      {[](json& d) { d["participants"][1]["people"] = true; },
       "participants[1] \"acme\": people must be an integer, not true"},
      {[](json& d) { d["participants"][1]["people"] = 10000000000ULL; },
       "participants[1] \"acme\": people is too large (10000000000)"},
      {[](json& d) { d["participants"][1]["people"] = -10000000000LL; },
       "participants[1] \"acme\": people is too small (-10000000000)"},
      {[](json& d) {
         d["participants"][1]["unavailable"] = {0, 1, 30};
       },
       "participants[1] \"acme\": unavailable[2] = 30 is out of range (2 slots)"},
      {[](json& d) { d["participants"][1]["unavailable"] = {-1}; },
       "participants[1] \"acme\": unavailable[0] = -1 is out of range (2 slots)"},
      {[](json& d) {
         d["participants"][1]["unavailable"] = {0, "1"};
       },
       "participants[1] \"acme\": unavailable[1] must be an integer, not \"1\""},
      {[](json& d) { d["participants"][1]["unavailable"] = 0; },
       "participants[1] \"acme\": unavailable must be an array, not 0"},
      {[](json& d) { d["participants"][1]["max_meetings"] = -1; },
       "participants[1] \"acme\": max_meetings must be >= 0, not -1"},
      {[](json& d) { d["participants"][1]["max_meetings"] = 1.5; },
       "participants[1] \"acme\": max_meetings must be an integer, not 1.5"},
  });
}

TEST_CASE("broken json meeting fields are named with the meeting") {
  auto add_m2 = [](json& d) {
    d["meetings"].push_back({{"id", "m2"}, {"between", {"acme", "panel"}}});
  };
  check_instance_errors({
      {[](json& d) { d["meetings"] = 3; }, "meetings: must be an array, not 3"},
      {[](json& d) { d["meetings"][0] = nullptr; }, "meetings[0]: must be an object, not null"},
      {[](json& d) { d["meetings"][0].erase("id"); }, "meetings[0]: id is required"},
      {[&](json& d) {
         add_m2(d);
         d["meetings"][1]["id"] = "m1";
       },
       "meetings[1] \"m1\": id is already used by meetings[0]"},
      {[](json& d) { d["meetings"][0].erase("between"); },
       "meetings[0] \"m1\": between is required"},
      {[](json& d) { d["meetings"][0]["between"] = {"panel"}; },
       "meetings[0] \"m1\": between must be an array of two participant ids, not an array of 1"},
      {[](json& d) { d["meetings"][0]["between"] = "panel"; },
       "meetings[0] \"m1\": between must be an array of two participant ids, not \"panel\""},
      {[](json& d) {
         d["meetings"][0]["between"] = {"panel", 1};
       },
       "meetings[0] \"m1\": between[1] must be a string, not 1"},
      {[](json& d) {
         d["meetings"][0]["between"] = {"panel", "acem"};
       },
       "meetings[0] \"m1\": between names unknown participant \"acem\""},
      {[](json& d) {
         d["meetings"][0]["between"] = {"panel", "panel"};
       },
       "meetings[0] \"m1\": between names participant \"panel\" twice"},
      {[](json& d) { d["meetings"][0]["required"] = "no"; },
       "meetings[0] \"m1\": required must be true or false, not \"no\""},
      {[](json& d) { d["meetings"][0]["session"] = "evening"; },
       "meetings[0] \"m1\": session \"evening\" matches no slot's session"},
      {[](json& d) { d["meetings"][0]["session"] = json::object(); },
       "meetings[0] \"m1\": session must be a string, not an object"},
      {[](json& d) { d["meetings"][0]["fixed_slot"] = 2; },
       "meetings[0] \"m1\": fixed_slot = 2 is out of range (2 slots)"},
      {[](json& d) { d["meetings"][0]["fixed_slot"] = 1.5; },
       "meetings[0] \"m1\": fixed_slot must be an integer, not 1.5"},
      {[](json& d) { d["meetings"][0]["fixed_room"] = "oslo"; },
       "meetings[0] \"m1\": fixed_room names unknown room \"oslo\""},
      {[](json& d) {
         d["rooms"] = 4;
         d["participants"][0].erase("room");
         d["meetings"][0]["fixed_room"] = "namsos";
       },
       "meetings[0] \"m1\": fixed_room names \"namsos\", but rooms is not a list of rooms"},
      {[](json& d) { d["meetings"][0]["after"] = {"m9"}; },
       "meetings[0] \"m1\": after names unknown meeting \"m9\""},
      {[](json& d) { d["meetings"][0]["after"] = {"m1"}; },
       "meetings[0] \"m1\": after names the meeting itself"},
      {[&](json& d) {
         add_m2(d);
         d["meetings"][1]["after"] = {"m1", "m1"};
       },
       "meetings[1] \"m2\": after names meeting \"m1\" twice"},
      {[](json& d) { d["meetings"][0]["after"] = "m1"; },
       "meetings[0] \"m1\": after must be an array, not \"m1\""},
      {[](json& d) { d["meetings"][0]["after"] = {3}; },
       "meetings[0] \"m1\": after[0] must be a string, not 3"},
      {[](json& d) {
         d["meetings"][0]["preferred"] = {0, 5};
       },
       "meetings[0] \"m1\": preferred[1] = 5 is out of range (2 slots)"},
      {[](json& d) { d["meetings"][0]["preferred"] = {99999999999LL}; },
       "meetings[0] \"m1\": preferred[0] is too large (99999999999)"},
      {[](json& d) { d["meetings"][0]["weight"] = 0; },
       "meetings[0] \"m1\": weight must be >= 1, not 0"},
      {[](json& d) { d["meetings"][0]["weight"] = "1"; },
       "meetings[0] \"m1\": weight must be an integer, not \"1\""},
  });
}

TEST_CASE("broken json top-level name and fairness are named") {
  check_instance_errors({
      {[](json& d) { d["name"] = 3; }, "name: must be a string, not 3"},
      {[](json& d) { d["fairness"] = 2; }, "fairness: must be an object, not 2"},
      {[](json& d) { d["fairness"]["max_break_spread"] = -1; },
       "fairness: max_break_spread must be >= 0, not -1"},
      {[](json& d) { d["fairness"]["max_break_spread"] = "2"; },
       "fairness: max_break_spread must be an integer, not \"2\""},
  });
}

TEST_CASE("long or strange json ids are quoted and cut in messages, on one line") {
  const std::string message = instance_error(changed([](json& d) {
    d["meetings"][0]["between"] = {"panel", std::string(200, 'x') + "\n\"evil\""};
  }));
  CHECK(contains(message, "between names unknown participant \"xxxxxxxx"));
  CHECK(contains(message, "...\""));
  CHECK(message.size() < 200);

  // Ids may hold anything; here the meeting then names an unknown participant.
  CHECK(contains(instance_error(changed([](json& d) { d["participants"][1]["id"] = "a\"b\nc"; })),
                 "meetings[0] \"m1\": between names unknown participant \"acme\""));
  CHECK(contains(instance_error(changed([](json& d) {
                   d["participants"][1]["id"] = "a\"b\nc";
                   d["participants"][1]["people"] = "x";
                 })),
                 "participants[1] \"a\\\"b\\nc\": people must be an integer, not \"x\""));
}

// ---------------------------------------------------------------------------------------------
// Malformed schedules

TEST_CASE("broken json schedule fields are named with the assignment's meeting") {
  Instance tables = spec_instance();
  tables.rooms = Rooms{Rooms::Kind::kTables, 2, {}};
  tables.participants[0].room.reset();

  check_schedule_errors({
      {[](json& d) { d.erase("format"); }, "format: is required (\"dialogdag-schedule/1\")"},
      {[](json& d) { d["format"] = "dialogdag-instance/1"; },
       "format: must be \"dialogdag-schedule/1\", not \"dialogdag-instance/1\""},
      {[](json& d) { d["objectives"] = json::object(); }, "unknown field \"objectives\""},
      {[](json& d) { d.erase("status"); }, "status: is required"},
      {[](json& d) { d["status"] = "done"; },
       "status: must be \"optimal\", \"feasible\", \"infeasible\" or \"unknown\", not \"done\""},
      {[](json& d) { d["status"] = 1; }, "status: must be \"optimal\""},
      {[](json& d) { d["reason"] = false; }, "reason: must be a string, not false"},
      {[](json& d) { d["cause"] = "fairness"; },
       "cause must be an object, not \"fairness\""},
      {[](json& d) { d["cause"] = {{"code", "fairness_impossible"}, {"spread", true}}; },
       "cause.spread: must be a string or an integer, not true"},
      {[](json& d) { d["assignments"] = json::object(); },
       "assignments: must be an array, not an object"},
      {[](json& d) { d["assignments"][0] = 1; }, "assignments[0]: must be an object, not 1"},
      {[](json& d) { d["assignments"][0].erase("meeting"); },
       "assignments[0]: meeting is required"},
      {[](json& d) { d["assignments"][0]["meeting"] = "m9"; },
       "assignments[0]: meeting names unknown meeting \"m9\""},
      {[](json& d) { d["assignments"][0]["meeting"] = 0; },
       "assignments[0]: meeting must be a string, not 0"},
      {[](json& d) { d["assignments"][0]["rom"] = "namsos"; },
       "assignments[0] \"m1\": unknown field \"rom\""},
      {[](json& d) { d["assignments"][0].erase("slot"); },
       "assignments[0] \"m1\": slot is required"},
      {[](json& d) { d["assignments"][0]["slot"] = "1"; },
       "assignments[0] \"m1\": slot must be an integer, not \"1\""},
      {[](json& d) { d["assignments"][0]["slot"] = 1.0; },
       "assignments[0] \"m1\": slot must be an integer, not 1.0"},
      {[](json& d) { d["assignments"][0]["slot"] = 2147483648LL; },
       "assignments[0] \"m1\": slot is too large (2147483648)"},
      {[](json& d) { d["assignments"][0]["slot"] = -2147483649LL; },
       "assignments[0] \"m1\": slot is too small (-2147483649)"},
      {[](json& d) { d["assignments"][0]["room"] = "oslo"; },
       "assignments[0] \"m1\": room names unknown room \"oslo\""},
      {[](json& d) { d["assignments"][0]["room"] = 0; },
       "assignments[0] \"m1\": room must be a string, not 0"},
      {[](json& d) { d["unscheduled"][0]["meeting"] = "m7"; },
       "unscheduled[0]: meeting names unknown meeting \"m7\""},
      {[](json& d) { d["unscheduled"][0]["reason"] = 3; },
       "unscheduled[0] \"m1\": reason must be a string, not 3"},
      {[](json& d) { d["unscheduled"][0]["why"] = ""; },
       "unscheduled[0] \"m1\": unknown field \"why\""},
      {[](json& d) { d["unscheduled"][0]["cause"] = 3; },
       "unscheduled[0] \"m1\": cause must be an object, not 3"},
      {[](json& d) {
         d["unscheduled"][0]["cause"] = {{"room", "namsos"}};
       },
       "unscheduled[0] \"m1\": cause needs a \"code\""},
      {[](json& d) {
         d["unscheduled"][0]["cause"] = {{"code", 1}};
       },
       "unscheduled[0] \"m1\": cause.code must be a string, not 1"},
      {[](json& d) {
         d["unscheduled"][0]["cause"] = {{"code", "room_too_small"}, {"seats", 1.5}};
       },
       "unscheduled[0] \"m1\": cause.seats must be a string or an integer, not 1.5"},
      {[](json& d) {
         d["unscheduled"][0]["cause"] = {{"code", "room_too_small"}, {"seats", 2147483648LL}};
       },
       "unscheduled[0] \"m1\": cause.seats is too large (2147483648)"},
      {[](json& d) { d["objective"] = 3; }, "objective: must be an object, not 3"},
      {[](json& d) { d["objective"]["breaks"] = "3"; },
       "objective: breaks must be an integer, not \"3\""},
      {[](json& d) { d["objective"]["cost"] = 1; }, "objective: unknown field \"cost\""},
      {[](json& d) { d["bound"]["breaks"] = 1.5; }, "bound: breaks must be an integer, not 1.5"},
      {[](json& d) { d["bound"]["coverage"] = 1; }, "bound: unknown field \"coverage\""},
      {[](json& d) { d["solve_ms"] = -1; }, "solve_ms: must be >= 0, not -1"},
      {[](json& d) { d["solve_ms"] = "4"; }, "solve_ms: must be an integer, not \"4\""},
      {[](json& d) { d["solve_ms"] = 9223372036854775808ULL; },
       "solve_ms: is too large (9223372036854775808)"},
      {[](json& d) { d["seed"] = -1; },
       "seed: must be an integer from 0 to 18446744073709551615, not -1"},
      {[](json& d) { d["seed"] = "1"; },
       "seed: must be an integer from 0 to 18446744073709551615, not \"1\""},
  });
  check_schedule_errors({{[](json& d) { d["assignments"][0]["room"] = "namsos"; },
                          "assignments[0] \"m1\": room names \"namsos\", but the instance's "
                          "rooms is not a list of rooms"}},
                        tables);

  CHECK(
      contains(schedule_error(replaced(kSpecSchedule, "\"slot\": 1,", "\"slot\": 1, \"slot\": 2,"),
                              spec_instance()),
               "assignments[0] \"m1\": duplicate key \"slot\""));
  CHECK(contains(schedule_error(R"({"format": "dialogdag-schedule/1", "status": "optimal",
                                    "seed": 18446744073709551616})",
                                spec_instance()),
                 "seed: must be an integer from 0 to 18446744073709551615"));
}

TEST_CASE("a json schedule may give the largest seed") {
  const Result<Schedule> result = read_schedule(
      R"({"format": "dialogdag-schedule/1", "status": "optimal", "seed": 18446744073709551615})",
      spec_instance());
  REQUIRE(result.ok());
  CHECK(result.value().seed == UINT64_MAX);
}

// ---------------------------------------------------------------------------------------------
// validate_instance

TEST_CASE("validate_instance accepts hand-built instances that json reading would accept") {
  using namespace dialogdag::test;
  Instance instance = day(6);
  const int a = add_participant(instance, "a");
  const int b = add_participant(instance, "b", ParticipantKind::kBuyer);
  add_meeting(instance, "m", a, b);
  CHECK(validate_instance(instance).ok());
  CHECK(validate_instance(rich_instance()).ok());
}

TEST_CASE("validate_instance names the first broken invariant in the words of json reading") {
  check_validate_errors({
      {[](Instance& i) { i.slots.clear(); }, "slots: must not be empty"},
      {[](Instance& i) { i.slots[1].end = "13:50"; },
       "slots[1]: lasts 40 minutes, but slots[0] lasts 30 (slots must be equally long)"},
      {[](Instance& i) { i.slots[0].start = "7:00"; },
       "slots[0]: start must be \"HH:MM\" from 00:00 to 23:59, not \"7:00\""},
      {[](Instance& i) {
         i.rooms = Rooms{Rooms::Kind::kTables, -2, {}};
       },
       "rooms: must be >= 0, not -2"},
      {[](Instance& i) { i.rooms.list[1].id = "namsos"; },
       "rooms[1] \"namsos\": id is already used by rooms[0]"},
      {[](Instance& i) { i.rooms.list[0].capacity = -8; },
       "rooms[0] \"namsos\": capacity must be >= 0, not -8"},
      {[](Instance& i) { i.participants[1].id = ""; }, "participants[1]: id must not be empty"},
      {[](Instance& i) { i.participants[1].id = "panel"; },
       "participants[1] \"panel\": id is already used by participants[0]"},
      {[](Instance& i) { i.participants[0].kind = ParticipantKind::kSupplier; },
       "participants[0] \"panel\": kind \"buyer\" does not match"},
      {[](Instance& i) {
         i.participants[0].members = {"kari", "kari"};
       },
       "participants[0] \"panel\": members names \"kari\" twice"},
      {[](Instance& i) { i.participants[0].room = 2; },
       "participants[0] \"panel\": room = 2 is out of range (2 rooms)"},
      {[](Instance& i) { i.rooms = Rooms{}; },
       "participants[0] \"panel\": room is set, but rooms is not a list of rooms"},
      {[](Instance& i) { i.participants[1].people = -1; },
       "participants[1] \"acme\": people must be >= 0, not -1"},
      {[](Instance& i) {
         i.participants[1].unavailable = {1, 0};
       },
       "participants[1] \"acme\": unavailable must be sorted and without repeats"},
      {[](Instance& i) {
         i.participants[1].unavailable = {0, 0};
       },
       "participants[1] \"acme\": unavailable must be sorted and without repeats"},
      {[](Instance& i) {
         i.participants[1].unavailable = {0, 2};
       },
       "participants[1] \"acme\": unavailable[1] = 2 is out of range (2 slots)"},
      {[](Instance& i) { i.participants[1].max_meetings = -1; },
       "participants[1] \"acme\": max_meetings must be >= 0, not -1"},
      {[](Instance& i) { i.meetings[0].between[1] = 5; },
       "meetings[0] \"m1\": between[1] = 5 is out of range (2 participants)"},
      {[](Instance& i) { i.meetings[0].between[0] = -1; },
       "meetings[0] \"m1\": between[0] = -1 is out of range (2 participants)"},
      {[](Instance& i) { i.meetings[0].between[1] = 0; },
       "meetings[0] \"m1\": between names participant \"panel\" twice"},
      {[](Instance& i) { i.meetings[0].session = "morning"; },
       "meetings[0] \"m1\": session \"morning\" matches no slot's session"},
      {[](Instance& i) { i.meetings[0].fixed_slot = -1; },
       "meetings[0] \"m1\": fixed_slot = -1 is out of range (2 slots)"},
      {[](Instance& i) { i.meetings[0].fixed_room = 5; },
       "meetings[0] \"m1\": fixed_room = 5 is out of range (2 rooms)"},
      {[](Instance& i) {
         i.rooms = Rooms{Rooms::Kind::kTables, 1, {}};
         i.participants[0].room.reset();
         i.meetings[0].fixed_room = 0;
       },
       "meetings[0] \"m1\": fixed_room is set, but rooms is not a list of rooms"},
      {[](Instance& i) { i.meetings[0].after = {0}; },
       "meetings[0] \"m1\": after names the meeting itself"},
      {[](Instance& i) { i.meetings[0].after = {1}; },
       "meetings[0] \"m1\": after[0] = 1 is out of range (1 meeting)"},
      {[](Instance& i) {
         i.meetings[0].preferred = {1, 1};
       },
       "meetings[0] \"m1\": preferred must be sorted and without repeats"},
      {[](Instance& i) { i.meetings[0].weight = 0; },
       "meetings[0] \"m1\": weight must be >= 1, not 0"},
      {[](Instance& i) { i.meetings[0].id = ""; }, "meetings[0]: id must not be empty"},
      {[](Instance& i) { i.fairness.max_break_spread = -1; },
       "fairness: max_break_spread must be >= 0, not -1"},
  });
}

TEST_CASE("validate_instance rejects repeated meeting ids and after entries as json reading does") {
  Instance instance = spec_instance();
  dialogdag::test::add_meeting(instance, "m2", 1, 0);
  dialogdag::test::add_meeting(instance, "m3", 1, 0);
  instance.meetings[2].after = {0, 1, 0};
  const Result<Instance> repeated_after = validate_instance(instance);
  REQUIRE_FALSE(repeated_after.ok());
  CHECK(repeated_after.error() == "meetings[2] \"m3\": after names meeting \"m1\" twice");

  instance.meetings[2].after.clear();
  instance.meetings[2].id = "m2";
  const Result<Instance> repeated_id = validate_instance(instance);
  REQUIRE_FALSE(repeated_id.ok());
  CHECK(repeated_id.error() == "meetings[2] \"m2\": id is already used by meetings[1]");
}

// ---------------------------------------------------------------------------------------------
// Garbage

TEST_CASE("garbage json input never crashes and never throws") {
  const std::string deep_arrays(10000, '[');
  std::string deep_objects;
  for (int i = 0; i < 10000; ++i) deep_objects += "{\"a\":";
  const std::string deep_balanced = std::string(100000, '[') + std::string(100000, ']');
  const std::string at_limit = std::string(64, '[') + std::string(64, ']');
  const std::string deep_in_field =
      R"({"format": "dialogdag-instance/1", "slots": [{}], "name": )" + std::string(5000, '[');
  const std::string long_string = "\"" + std::string(1 << 20, 'x') + "\"";

  const std::vector<std::string> garbage = {
      "",
      " ",
      "null",
      "0",
      "-",
      "[",
      "{",
      "]",
      "}",
      "{\"format\"",
      "\"dialogdag-instance/1\"",
      "[1,2,3]",
      "tru",
      "nul",
      "[1,]",
      "{\"a\":}",
      "\"\\ud800\"",
      "\"\\u00\"",
      std::string("{\0}", 3),
      "\xff\xfe{}",
      "1e999",
      "-1e999",
      "99999999999999999999999999999999",
      "-99999999999999999999999999999999",
      R"({"format": "dialogdag-instance/1", "slots": 99999999999999999999999})",
      R"({"format": "dialogdag-instance/1", "slots": [[]]})",
      R"({"format": "dialogdag-instance/1", "slots": [{}], "participants": [1]})",
      R"({"format": "dialogdag-instance/1", "slots": [{}], "participants": [{"id": {}}]})",
      R"({"format": "dialogdag-instance/1", "slots": [{}], "rooms": [[]]})",
      R"({"format": "dialogdag-instance/1", "slots": [{}], "rooms": -0.0})",
      R"({"format": "dialogdag-instance/1", "slots": [{}], "meetings": [{"id": "m", "between": [[], {}]}]})",
      R"({"format": "dialogdag-instance/1", "slots": [{"start": "\u0000\u0000:00", "end": "xx:yy"}]})",
      R"({"format": "dialogdag-schedule/1", "status": "optimal", "assignments": [{"meeting": null}]})",
      R"({"format": "dialogdag-schedule/1", "status": "optimal", "unscheduled": 5})",
      R"({"format": "dialogdag-schedule/1", "status": "optimal", "bound": []})",
      deep_arrays,
      deep_objects,
      deep_balanced,
      at_limit,
      deep_in_field,
      long_string,
  };
  const Instance instance = spec_instance();
  for (const std::string& text : garbage) {
    CAPTURE(text.substr(0, 80));
    CHECK_FALSE(instance_error(text).empty());
    CHECK_FALSE(schedule_error(text, instance).empty());
  }
  CHECK(contains(instance_error(deep_arrays), "nest deeper than 64 levels"));
  CHECK(contains(instance_error(deep_objects), "nest deeper than 64 levels"));
  CHECK(contains(instance_error(deep_balanced), "invalid JSON at byte 65:"));
  CHECK(contains(instance_error(at_limit), "the document must be a JSON object"));
}

TEST_CASE("every truncation of the json spec example is an error, not a crash") {
  const std::string text = kSpecInstance;
  for (std::size_t length = 0; length < text.size(); ++length) {
    CAPTURE(length);
    std::optional<Result<Instance>> result;
    CHECK_NOTHROW(result.emplace(read_instance(text.substr(0, length))));
    CHECK_FALSE(result->ok());
  }
}

TEST_CASE("random byte changes to json documents never crash, and what reads is valid") {
  std::mt19937 random(20240601);
  const Instance instance = spec_instance();
  for (const std::string& base :
       {std::string(kSpecInstance), std::string(kSpecSchedule), write_instance(rich_instance())}) {
    for (int round = 0; round < 1000; ++round) {
      std::string text = base;
      const int changes = 1 + static_cast<int>(random() % 3);
      for (int c = 0; c < changes; ++c) {
        const std::size_t at = random() % text.size();
        static const char kBytes[] = "{}[]\",:0123456789-.eE \\tfn";
        text[at] = random() % 4 == 0 ? static_cast<char>(random() % 256)
                                     : kBytes[random() % (sizeof kBytes - 1)];
      }
      CAPTURE(text);
      std::optional<Result<Instance>> read;
      CHECK_NOTHROW(read.emplace(read_instance(text)));
      if (read && read->ok()) {
        CHECK(validate_instance(read->value()).ok());
        const Result<Instance> again = read_instance(write_instance(read->value()));
        REQUIRE(again.ok());
        check_same(read->value(), again.value());
      }
      std::optional<Result<Schedule>> schedule;
      CHECK_NOTHROW(schedule.emplace(read_schedule(text, instance)));
      if (schedule && schedule->ok()) {
        CHECK_NOTHROW(write_schedule(schedule->value(), instance));
      }
    }
  }
}
