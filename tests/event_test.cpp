// The conference day becomes a scheduling instance and the schedule becomes meetings of the day
// again: the slot grid keeps clear of the plenary, the day's own rules are checked in plain
// words, availability, shared panel members, rooms and locks reach the solver intact.
#include "scheduler/event.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "scheduler/validation.h"

using namespace dialogdag::core;
namespace sched = dialogdag::sched;

namespace {

Minutes at(const char* clock) { return parse_clock(clock).value(); }

// A realistic day: morning window 08:00-09:30, plenary 09:30-12:00, lunch 12:00-12:30, afternoon
// window 12:30-16:30; 30-minute meetings with 5 minutes between. Two panels with their own home
// rooms that share Kari; a third room is digital.
DaySetup realistic_day() {
  DaySetup day;
  day.title = "Dialogkonferanse trygghetsalarmer";
  day.programme = {
      {at("09:30"), at("12:00"), "Dialogkonferansen", "Kari Nordmann", ItemKind::kPlenary, true},
      {at("12:00"), at("12:30"), "Lunsj", "", ItemKind::kLunch, true},
  };
  day.windows = {{at("08:00"), at("09:30"), "morning"}, {at("12:30"), at("16:30"), "afternoon"}};
  day.meeting_length = 30;
  day.changeover = 5;
  day.rooms = {
      {"namsos", "Møterom Namsos", 8, false, ""},
      {"vikna", "Møterom Vikna", 6, false, ""},
      {"teams", "Digitalt møterom", std::nullopt, true, "https://teams.example/abc"},
  };
  day.panels = {
      {"felles",
       "Felles innkjøpspanel",
       {"Namsos", "Osen", "Høylandet"},
       {{"kari@namsos.kommune.no", "Kari Nordmann", Role::kNeedOwner},
        {"ola@namsos.kommune.no", "Ola Hansen", Role::kProcurement},
        {"per@namsos.kommune.no", "Per Lie", Role::kMinuteTaker}},
       "namsos"},
      {"vikna",
       "Vikna kommune",
       {"Vikna"},
       {{"kari@namsos.kommune.no", "Kari Nordmann", Role::kNeedOwner},
        {"siri@vikna.kommune.no", "Siri Berg", Role::kTechnical},
        {"tone@vikna.kommune.no", "Tone Aune", Role::kMinuteTaker}},
       "vikna"},
  };
  return day;
}

SupplierRequest request(const std::string& key, const std::string& company,
                        std::vector<std::string> panels, int people = 2) {
  SupplierRequest r;
  r.key = key;
  r.company = company;
  r.people = people;
  r.panels = std::move(panels);
  return r;
}

std::vector<std::string> starts(const std::vector<GridSlot>& grid) {
  std::vector<std::string> out;
  for (const GridSlot& slot : grid) out.push_back(format_clock(slot.start));
  return out;
}

sched::Instance instance_of(const DaySetup& day, const std::vector<SupplierRequest>& requests,
                            const std::vector<LockedMeeting>& locked = {}) {
  auto result = to_instance(day, requests, locked);
  if (!result) FAIL(result.error());
  return result.value();
}

// Solves with the real solver and has the independent checker confirm every hard constraint.
sched::Schedule solve_checked(const sched::Instance& instance,
                              const sched::Schedule* previous = nullptr) {
  sched::SolveOptions options;
  options.previous = previous;
  sched::Schedule schedule = sched::solve(instance, options, [] { return std::int64_t{0}; });
  std::optional<sched::Schedule> prev;
  if (previous) prev = *previous;
  const sched::CheckReport report = sched::check_schedule(instance, schedule, prev);
  for (const auto& violation : report.violations) FAIL_CHECK(violation);
  return schedule;
}

const sched::Participant& participant(const sched::Instance& instance, const std::string& id) {
  for (const auto& p : instance.participants)
    if (p.id == id) return p;
  FAIL("no participant " << id);
  throw;  // unreachable
}

const sched::Meeting& meeting(const sched::Instance& instance, const std::string& id) {
  for (const auto& m : instance.meetings)
    if (m.id == id) return m;
  FAIL("no meeting " << id);
  throw;  // unreachable
}

std::string room_id(const sched::Instance& instance, std::optional<int> room) {
  return room ? instance.rooms.list[static_cast<std::size_t>(*room)].id : "";
}

std::string error_of(const DaySetup& day) {
  const auto result = validate_day(day);
  return result ? "" : result.error();
}

std::string error_of(const DaySetup& day, const std::vector<SupplierRequest>& requests,
                     const std::vector<LockedMeeting>& locked = {}) {
  const auto result = to_instance(day, requests, locked);
  return result ? "" : result.error();
}

bool contains(const std::vector<std::string>& list, const std::string& text) {
  return std::find(list.begin(), list.end(), text) != list.end();
}

}  // namespace

// ---- the slot grid ----

TEST_CASE("the realistic day has two morning slots and seven afternoon slots around the plenary") {
  const std::vector<GridSlot> grid = slot_grid(realistic_day());
  CHECK(starts(grid) == std::vector<std::string>{"08:00", "08:35", "12:30", "13:05", "13:40",
                                                 "14:15", "14:50", "15:25", "16:00"});
  for (const GridSlot& slot : grid) CHECK(slot.end - slot.start == 30);
  CHECK(grid[1].session == "morning");
  CHECK(grid[2].session == "afternoon");
  CHECK(grid.back().end == at("16:30"));
}

TEST_CASE("a plenary between two windows leaves both windows starting on time") {
  DaySetup day = realistic_day();
  day.programme = {{at("09:10"), at("10:00"), "Behovet", "", ItemKind::kPlenary, true}};
  day.windows = {{at("08:00"), at("09:10"), "morning"}, {at("10:00"), at("11:10"), "late"}};
  CHECK(starts(slot_grid(day)) == std::vector<std::string>{"08:00", "08:35", "10:00", "10:35"});
}

TEST_CASE("a plenary inside a window splits it and the slots resume when it ends") {
  DaySetup day = realistic_day();
  day.programme = {{at("09:30"), at("10:30"), "Behovet", "", ItemKind::kPlenary, true}};
  day.windows = {{at("08:00"), at("12:00"), "day"}};
  CHECK(starts(slot_grid(day)) ==
        std::vector<std::string>{"08:00", "08:35", "10:30", "11:05"});  // 11:40 would end 12:10
}

TEST_CASE("an item the suppliers do not attend does not move the slots") {
  DaySetup day = realistic_day();
  day.programme = {{at("13:00"), at("14:00"), "Internt møte", "", ItemKind::kWorkshop, false}};
  day.windows = {{at("12:30"), at("14:15"), "afternoon"}};
  CHECK(starts(slot_grid(day)) == std::vector<std::string>{"12:30", "13:05", "13:40"});
}

TEST_CASE("windows given out of order still give the slots in time order") {
  DaySetup day = realistic_day();
  std::swap(day.windows[0], day.windows[1]);
  CHECK(starts(slot_grid(day)).front() == "08:00");
  const auto valid = validate_day(day);
  REQUIRE(valid);
  CHECK(valid.value().windows.front().session == "morning");
}

TEST_CASE("a day no validator would accept still gives a finite grid") {
  DaySetup day = realistic_day();
  day.meeting_length = 0;
  CHECK(slot_grid(day).empty());
  day.meeting_length = 1;
  day.changeover = -100;
  day.windows = {{-5000, 1'000'000, "all"}};
  CHECK(slot_grid(day).size() <= 24 * 60);
}

// ---- the day's own rules ----

TEST_CASE("the realistic day is valid") { CHECK(error_of(realistic_day()) == ""); }

TEST_CASE("a window shorter than a meeting is an error") {
  DaySetup day = realistic_day();
  day.windows.push_back({at("17:00"), at("17:20"), "evening"});
  CHECK(error_of(day) ==
        "the window \"evening\" (17:00-17:20) is shorter than one meeting (30 min)");
}

TEST_CASE("overlapping programme items are an error") {
  DaySetup day = realistic_day();
  day.programme = {{at("09:30"), at("10:00"), "Velkommen", "", ItemKind::kPlenary, true},
                   {at("09:45"), at("10:30"), "Behovet", "", ItemKind::kPlenary, true}};
  CHECK(error_of(day) ==
        "the programme items \"Velkommen\" (09:30-10:00) and \"Behovet\" (09:45-10:30) overlap");
}

TEST_CASE("an item overlapping one that is not its neighbour is still found") {
  DaySetup day = realistic_day();
  day.programme = {{at("09:00"), at("12:00"), "Hele dagen", "", ItemKind::kPlenary, true},
                   {at("10:00"), at("10:15"), "Pause", "", ItemKind::kBreak, true},
                   {at("11:00"), at("11:30"), "Spørsmål", "", ItemKind::kPlenary, true}};
  CHECK(error_of(day) ==
        "the programme items \"Hele dagen\" (09:00-12:00) and \"Pause\" (10:00-10:15) overlap");
}

TEST_CASE("each broken rule of the day is named in one sentence") {
  struct Case {
    const char* rule;
    void (*breaks)(DaySetup&);
    const char* message;
  };
  const Case cases[] = {
      {"item backwards", [](DaySetup& d) { d.programme[1].end = at("11:30"); },
       "the programme item \"Lunsj\" (12:00-11:30) must end after it starts"},
      {"item past midnight", [](DaySetup& d) { d.programme[1].end = 24 * 60; },
       "the programme item \"Lunsj\" (12:00-24:00) must lie within the day (00:00-23:59)"},
      {"windows overlap", [](DaySetup& d) { d.windows[0].end = at("13:00"); },
       "the windows \"morning\" (08:00-13:00) and \"afternoon\" (12:30-16:30) overlap"},
      {"window before midnight", [](DaySetup& d) { d.windows[0].start = -30; },
       "the window \"morning\" (-00:30-09:30) must lie within the day (00:00-23:59)"},
      {"window backwards", [](DaySetup& d) { d.windows[0].end = at("07:00"); },
       "the window \"morning\" (08:00-07:00) must end after it starts"},
      {"window unnamed", [](DaySetup& d) { d.windows[0].session = ""; },
       "the window 08:00-09:30 needs a name, e.g. \"morning\" or \"afternoon\""},
      {"window names repeat", [](DaySetup& d) { d.windows[1].session = "morning"; },
       "two windows have the name \"morning\" (08:00-09:30 and 12:30-16:30); each window needs "
       "its own name"},
      {"window inside the plenary",
       [](DaySetup& d) {
         d.windows.push_back({at("10:00"), at("11:00"), "plenary"});
       },
       "the window \"plenary\" (10:00-11:00) has no time for a 30 min meeting outside the "
       "programme items the suppliers attend"},
      {"meeting too short", [](DaySetup& d) { d.meeting_length = 3; },
       "the meeting length must be from 5 to 240 minutes, not 3"},
      {"meeting too long", [](DaySetup& d) { d.meeting_length = 300; },
       "the meeting length must be from 5 to 240 minutes, not 300"},
      {"negative changeover", [](DaySetup& d) { d.changeover = -5; },
       "the changeover between meetings must be from 0 to 240 minutes, not -5"},
      {"no meeting per panel", [](DaySetup& d) { d.meetings_per_panel = 0; },
       "each supplier must be able to meet a panel at least once (meetings per panel is 0)"},
      {"more meetings than slots", [](DaySetup& d) { d.meetings_per_panel = 10; },
       "the day has 9 slots, so a supplier cannot meet a panel 10 times"},
      {"negative fairness", [](DaySetup& d) { d.max_break_spread = -1; },
       "the fairness limit on breaks cannot be negative (it is -1)"},
      {"room without key", [](DaySetup& d) { d.rooms[1].key = ""; },
       "room \"Møterom Vikna\" has no key"},
      {"room key twice", [](DaySetup& d) { d.rooms[1].key = "namsos"; },
       "two rooms have the key \"namsos\"; each room needs its own"},
      {"room without seats", [](DaySetup& d) { d.rooms[1].seats = 0; },
       "room \"Møterom Vikna\" (vikna) must seat at least one person (it says 0)"},
      {"panel without key", [](DaySetup& d) { d.panels[1].key = ""; },
       "panel \"Vikna kommune\" has no key"},
      {"panel key twice", [](DaySetup& d) { d.panels[1].key = "felles"; },
       "two panels have the key \"felles\"; each panel needs its own"},
      {"panel key with a slash", [](DaySetup& d) { d.panels[1].key = "vikna/2"; },
       "the key of panel \"Vikna kommune\" (vikna/2) must not contain \"/\" or \"#\""},
      {"home room unknown", [](DaySetup& d) { d.panels[1].room = "rørvik"; },
       "the home room \"rørvik\" of panel \"Vikna kommune\" (vikna) is not a room of the event"},
      {"home room digital", [](DaySetup& d) { d.panels[1].room = "teams"; },
       "the home room of panel \"Vikna kommune\" (vikna) is the digital room \"Digitalt møterom\" "
       "(teams); a home room must be a physical room"},
      {"person twice on a panel",
       [](DaySetup& d) { d.panels[1].members[2].person = "siri@vikna.kommune.no"; },
       "\"Tone Aune\" sits on panel \"Vikna kommune\" (vikna) twice"},
      {"member without person key", [](DaySetup& d) { d.panels[0].members[1].person = ""; },
       "the member \"Ola Hansen\" of panel \"Felles innkjøpspanel\" (felles) has no person key "
       "(e.g. their e-mail address)"},
  };
  for (const Case& c : cases) {
    const std::string rule = c.rule;
    CAPTURE(rule);
    DaySetup day = realistic_day();
    c.breaks(day);
    CHECK(error_of(day) == std::string(c.message));
  }
}

// ---- the instance ----

TEST_CASE(
    "the instance has the day's slots, rooms, one buyer per panel and one supplier per request") {
  DaySetup day = realistic_day();
  day.max_break_spread = 1;
  SupplierRequest acme = request("DK-ACME-0001", "Acme Trygghet AS", {"felles", "vikna"}, 3);
  acme.preferred = {at("13:05"), at("13:10")};  // 13:10 is no slot's start: ignored
  const sched::Instance instance = instance_of(day, {acme});
  CHECK(instance.name == "Dialogkonferanse trygghetsalarmer");
  REQUIRE(instance.slots.size() == 9);
  CHECK(instance.slots[2].start == "12:30");
  CHECK(instance.slots[2].end == "13:00");
  CHECK(instance.slots[2].session == "afternoon");
  REQUIRE(instance.rooms.kind == sched::Rooms::Kind::kList);
  REQUIRE(instance.rooms.list.size() == 3);
  CHECK(instance.rooms.list[0].id == "namsos");
  CHECK(instance.rooms.list[0].capacity == 8);
  CHECK(instance.rooms.list[2].digital);
  CHECK_FALSE(instance.rooms.list[2].capacity);

  const sched::Participant& felles = participant(instance, "felles");
  CHECK(felles.kind == sched::ParticipantKind::kBuyer);
  CHECK(felles.name == "Felles innkjøpspanel");
  CHECK(felles.people == 3);
  CHECK(felles.members.size() == 3);
  const sched::Participant& supplier = participant(instance, "DK-ACME-0001");
  CHECK(supplier.kind == sched::ParticipantKind::kSupplier);
  CHECK(supplier.name == "Acme Trygghet AS");
  CHECK(supplier.people == 3);
  CHECK(supplier.unavailable.empty());

  REQUIRE(instance.meetings.size() == 2);
  const sched::Meeting& m = meeting(instance, "felles/DK-ACME-0001");
  CHECK_FALSE(m.required);
  CHECK(m.preferred == std::vector<int>{3});
  CHECK(room_id(instance, m.fixed_room) == "namsos");
  CHECK_FALSE(m.fixed_slot);
  CHECK(instance.fairness.max_break_spread == 1);
  CHECK(sched::write_instance(instance).find("\"dialogdag-instance/1\"") != std::string::npos);
  CHECK(sched::read_instance(sched::write_instance(instance)));
}

TEST_CASE("a supplier arriving late gets the early slots marked unavailable") {
  SupplierRequest ferry = request("DK-FERJ-0001", "Ferje og Alarm AS", {"felles"});
  ferry.available_from = at("13:00");   // the ferry lands at 12:40; 12:30 is gone
  ferry.available_until = at("15:50");  // 15:25-15:55 would miss the flight
  ferry.unavailable = {at("14:15")};
  const sched::Instance instance = instance_of(realistic_day(), {ferry});
  // Slots: 0 08:00, 1 08:35, 2 12:30, 3 13:05, 4 13:40, 5 14:15, 6 14:50, 7 15:25, 8 16:00.
  CHECK(participant(instance, "DK-FERJ-0001").unavailable == std::vector<int>{0, 1, 2, 5, 7, 8});
}

TEST_CASE("an unavailable time from an older grid rules out every slot overlapping it") {
  SupplierRequest r = request("DK-AAAA-0001", "Acme AS", {"felles"});
  r.unavailable = {at("13:00")};  // 13:00-13:30 overlaps 12:30-13:00? no; 13:05-13:35: yes
  const sched::Instance instance = instance_of(realistic_day(), {r});
  CHECK(participant(instance, "DK-AAAA-0001").unavailable == std::vector<int>{3});
}

TEST_CASE("meetings per panel gives numbered meetings, and the ids read as panel/supplier#n") {
  CHECK(meeting_id("felles", "acme", 0) == "felles/acme");
  CHECK(meeting_id("felles", "acme", 1) == "felles/acme#2");
  DaySetup day = realistic_day();
  day.meetings_per_panel = 2;
  const sched::Instance instance =
      instance_of(day, {request("acme", "Acme AS", {"felles", "felles"})});  // named twice: once
  REQUIRE(instance.meetings.size() == 2);
  CHECK(instance.meetings[0].id == "felles/acme");
  CHECK(instance.meetings[1].id == "felles/acme#2");
}

TEST_CASE(
    "a shared panel member becomes the same person in both panels and is never double-booked") {
  const DaySetup day = realistic_day();
  std::vector<SupplierRequest> requests;
  for (int i = 0; i < 6; ++i) {
    requests.push_back(request("S" + std::to_string(i), "Leverandør " + std::to_string(i),
                               {"felles", "vikna"}, 1));
    requests.back().preferred = {at("12:30")};  // everybody wants the same slot
  }
  const sched::Instance instance = instance_of(day, requests);
  const auto& felles = participant(instance, "felles").members;
  const auto& vikna = participant(instance, "vikna").members;
  CHECK(std::find(felles.begin(), felles.end(), "kari@namsos.kommune.no") != felles.end());
  CHECK(std::find(vikna.begin(), vikna.end(), "kari@namsos.kommune.no") != vikna.end());

  const sched::Schedule schedule = solve_checked(instance);
  const std::vector<PlacedMeeting> placed = placed_meetings(instance, schedule);
  CHECK(placed.size() >= 9);  // Kari's 9 slots are the limit for both panels together
  std::set<Minutes> kari_busy;
  for (const PlacedMeeting& m : placed) {
    CAPTURE(m.panel);
    CAPTURE(m.supplier);
    CHECK(kari_busy.insert(m.start).second);  // both panels include Kari: one meeting per slot
  }
}

TEST_CASE("a digital request goes to the digital room") {
  SupplierRequest remote = request("DK-REMO-0001", "Fjernhjelp AS", {"felles", "vikna"});
  remote.digital = true;
  const sched::Instance instance =
      instance_of(realistic_day(), {remote, request("DK-NEAR-0001", "Nærhet AS", {"felles"})});
  CHECK(room_id(instance, meeting(instance, "felles/DK-REMO-0001").fixed_room) == "teams");
  CHECK(room_id(instance, meeting(instance, "vikna/DK-REMO-0001").fixed_room) == "teams");
  CHECK(room_id(instance, meeting(instance, "felles/DK-NEAR-0001").fixed_room) == "namsos");
  const sched::Schedule schedule = solve_checked(instance);
  for (const PlacedMeeting& m : placed_meetings(instance, schedule)) {
    CAPTURE(m.supplier);
    CHECK(m.room == (m.supplier == "DK-REMO-0001" ? "teams" : "namsos"));
  }
}

TEST_CASE("with several digital rooms, each panel gets its own digital room where it can") {
  DaySetup day = realistic_day();
  day.rooms.push_back({"zoom", "Digitalt rom 2", std::nullopt, true, "https://zoom.example/x"});
  SupplierRequest remote = request("remote", "Fjernhjelp AS", {"felles", "vikna"});
  remote.digital = true;
  const sched::Instance instance = instance_of(day, {remote});
  CHECK(room_id(instance, meeting(instance, "felles/remote").fixed_room) == "teams");
  CHECK(room_id(instance, meeting(instance, "vikna/remote").fixed_room) == "zoom");
}

TEST_CASE("a digital request is an error when the event has no digital room") {
  DaySetup day = realistic_day();
  day.rooms.pop_back();
  SupplierRequest remote = request("DK-7F3K-92QX", "Acme", {"felles"});
  remote.digital = true;
  CHECK(error_of(day, {remote}) ==
        "Acme (DK-7F3K-92QX) wants a digital meeting, but the event has no digital room");
}

TEST_CASE("a panel without a home room meets in any room when the event has no digital room") {
  DaySetup day = realistic_day();
  day.rooms.pop_back();
  day.panels[0].room.reset();
  const sched::Instance instance = instance_of(day, {request("acme", "Acme AS", {"felles"})});
  CHECK_FALSE(meeting(instance, "felles/acme").fixed_room);
  CHECK_FALSE(participant(instance, "felles").room);
}

TEST_CASE("a panel without a home room gets one physical room when the event has digital rooms") {
  DaySetup day = realistic_day();
  day.rooms.insert(day.rooms.begin(), {"kott", "Kott", 2, false, ""});  // too small: 3 + 2 people
  day.rooms.push_back({"steinkjer", "Møterom Steinkjer", 10, false, ""});
  day.panels[0].room.reset();
  day.panels.push_back({"osen",
                        "Osen kommune",
                        {"Osen"},
                        {{"eva@osen.kommune.no", "Eva", Role::kMinuteTaker}},
                        std::nullopt});
  const sched::Instance instance = instance_of(
      day, {request("acme", "Acme AS", {"felles", "osen"}), request("beta", "Beta AS", {"osen"})});
  // felles: "namsos" is free (its panel has gone) and first among those that seat 5.
  CHECK(room_id(instance, meeting(instance, "felles/acme").fixed_room) == "namsos");
  // osen: namsos and vikna are taken, kott too small: the unused Steinkjer room.
  CHECK(room_id(instance, meeting(instance, "osen/acme").fixed_room) == "steinkjer");
  CHECK(room_id(instance, meeting(instance, "osen/beta").fixed_room) == "steinkjer");
  const sched::Schedule schedule = solve_checked(instance);
  CHECK(placed_meetings(instance, schedule).size() == 3);
}

TEST_CASE("a locked meeting stays where it was locked when the day is solved again") {
  const DaySetup day = realistic_day();
  std::vector<SupplierRequest> requests = {request("a", "A AS", {"felles"}),
                                           request("b", "B AS", {"felles"}),
                                           request("c", "C AS", {"felles", "vikna"})};
  const sched::Instance first = instance_of(day, requests);
  const sched::Schedule before = solve_checked(first);

  // Staff move C's meeting with "felles" to 16:00 and lock it there.
  const std::vector<LockedMeeting> locked = {{"c", "felles", at("16:00"), "namsos"}};
  requests.push_back(request("d", "D AS", {"felles"}));
  requests.back().preferred = {at("16:00")};
  const sched::Instance second = instance_of(day, requests, locked);
  const sched::Meeting& m = meeting(second, "felles/c");
  CHECK(m.fixed_slot == 8);
  CHECK(room_id(second, m.fixed_room) == "namsos");
  // The previous schedule, as the application keeps it: by meeting id.
  const auto previous = sched::read_schedule(sched::write_schedule(before, first), second);
  REQUIRE(previous);
  const sched::Schedule after = solve_checked(second, &previous.value());
  bool found = false;
  for (const PlacedMeeting& p : placed_meetings(second, after)) {
    if (p.supplier == "c" && p.panel == "felles") {
      found = true;
      CHECK(p.start == at("16:00"));
      CHECK(p.room == "namsos");
    }
    if (p.supplier == "d") CHECK(p.start != at("16:00"));
  }
  CHECK(found);
}

TEST_CASE("placed meetings give each supplier their time and room, the way back from a schedule") {
  DaySetup day = realistic_day();
  day.meetings_per_panel = 2;
  SupplierRequest remote = request("remote", "Fjernhjelp AS", {"vikna"});
  remote.digital = true;
  const std::vector<SupplierRequest> requests = {request("a", "A AS", {"felles"}),
                                                 request("b", "B AS", {"felles", "vikna"}), remote};
  const sched::Instance instance = instance_of(day, requests);
  // Through JSON and back, as the application stores it.
  const auto reread = sched::read_instance(sched::write_instance(instance));
  REQUIRE(reread);
  const sched::Schedule schedule = solve_checked(reread.value());
  const auto schedule_again =
      sched::read_schedule(sched::write_schedule(schedule, reread.value()), reread.value());
  REQUIRE(schedule_again);
  const std::vector<PlacedMeeting> placed = placed_meetings(reread.value(), schedule_again.value());
  REQUIRE(placed.size() == 8);  // 4 supplier-panel pairs, two meetings each, plenty of slots

  std::map<std::string, int> per_pair;
  const std::vector<GridSlot> grid = slot_grid(day);
  for (const PlacedMeeting& m : placed) {
    CAPTURE(m.supplier);
    CAPTURE(m.panel);
    ++per_pair[m.panel + "/" + m.supplier + "#" + std::to_string(m.index)];
    CHECK(std::any_of(grid.begin(), grid.end(),
                      [&](const GridSlot& s) { return s.start == m.start && s.end == m.end; }));
    const std::string expected_room = m.supplier == "remote" ? "teams"
                                      : m.panel == "felles"  ? "namsos"
                                                             : "vikna";
    CHECK(m.room == expected_room);
  }
  CHECK(per_pair.size() == 8);  // every (pair, index) once: indexes 0 and 1 per pair
  CHECK(per_pair.count("felles/a#1") == 1);
  CHECK(std::is_sorted(
      placed.begin(), placed.end(),
      [](const PlacedMeeting& x, const PlacedMeeting& y) { return x.start < y.start; }));
}

TEST_CASE("requests and locks that do not fit the day are errors that name the supplier") {
  const DaySetup day = realistic_day();
  const SupplierRequest acme = request("acme", "Acme AS", {"felles"});
  CHECK(error_of(day, {request("acme", "Acme AS", {"hitra"})}) ==
        "Acme AS (acme) asks to meet panel \"hitra\", which does not exist");
  CHECK(error_of(day, {acme, request("acme", "Acme Two AS", {"felles"})}) ==
        "Acme Two AS (acme) is registered twice under the same key");
  CHECK(error_of(day, {request("felles", "Felles AS", {"felles"})}) ==
        "Felles AS (felles) has the same key as a panel; keys must differ");
  CHECK(error_of(day, {request("a#2", "Hash AS", {"felles"})}) ==
        "the key of Hash AS (a#2) must not contain \"/\" or \"#\"");
  CHECK(error_of(day, {request("acme", "Acme AS", {"felles"}, 0)}) ==
        "Acme AS (acme) comes with 0 people; at least one person must come");
  CHECK(error_of(day, {acme}, {{"acme", "felles", at("13:00"), std::nullopt}}) ==
        "the locked meeting of Acme AS (acme) with panel \"Felles innkjøpspanel\" (felles) starts "
        "at 13:00, which is not the start of any slot");
  CHECK(error_of(day, {acme}, {{"acme", "vikna", at("13:05"), std::nullopt}}) ==
        "Acme AS (acme) has a meeting locked with panel \"vikna\", but has not asked to meet that "
        "panel");
  CHECK(error_of(day, {acme}, {{"ghost", "felles", at("13:05"), std::nullopt}}) ==
        "a meeting is locked for the supplier \"ghost\", who has no registration");
  CHECK(error_of(day, {acme},
                 {{"acme", "felles", at("13:05"), std::nullopt},
                  {"acme", "felles", at("13:40"), std::nullopt}}) ==
        "Acme AS (acme) has 2 meetings locked with panel \"Felles innkjøpspanel\" (felles), but "
        "meets a panel at most 1 time");
  SupplierRequest late = acme;
  late.available_from = at("13:00");
  CHECK(error_of(day, {late}, {{"acme", "felles", at("12:30"), std::nullopt}}) ==
        "the locked meeting of Acme AS (acme) with panel \"Felles innkjøpspanel\" (felles) at "
        "12:30 is at a time the supplier cannot attend (see their arrival, departure and "
        "unavailable times)");
  // The same problems of locks as codes with values, for the staff page's own language.
  DaySetup sorted = day;
  REQUIRE_FALSE(scheduling_problem(sorted, {late}));
  const auto code_of = [&](const SupplierRequest& who, const std::vector<LockedMeeting>& locked) {
    const auto problem = lock_problem(sorted, {who}, locked);
    return problem ? problem->code : std::string("none");
  };
  CHECK(code_of(acme, {{"acme", "felles", at("13:00"), std::nullopt}}) == "lock_not_a_slot");
  CHECK(code_of(acme, {{"acme", "vikna", at("13:05"), std::nullopt}}) == "lock_panel_not_asked");
  CHECK(code_of(acme, {{"ghost", "felles", at("13:05"), std::nullopt}}) == "lock_unknown_supplier");
  CHECK(code_of(acme, {{"acme", "felles", at("13:05"), "attic"}}) == "lock_unknown_room");
  CHECK(code_of(late, {{"acme", "felles", at("12:30"), std::nullopt}}) == "lock_unavailable");
  CHECK(code_of(acme, {{"acme", "felles", at("13:05"), std::nullopt}}) == "none");
  const auto too_many = lock_problem(sorted, {acme},
                                     {{"acme", "felles", at("13:05"), std::nullopt},
                                      {"acme", "felles", at("13:40"), std::nullopt}});
  REQUIRE(too_many);
  CHECK(too_many->code == "lock_too_many");
  CHECK(too_many->values == std::vector<std::pair<std::string, std::string>>{
                                {"supplier", "Acme AS (acme)"},
                                {"panel", "Felles innkjøpspanel (felles)"},
                                {"time", "13:40"},
                                {"count", "2"},
                                {"max", "1"}});

  DaySetup roomless = day;
  roomless.rooms.clear();
  roomless.panels[0].room.reset();
  roomless.panels[1].room.reset();
  CHECK(error_of(roomless, {acme}) == "the event has no rooms yet; add them before scheduling");
  DaySetup broken = day;
  broken.meeting_length = 1;
  CHECK(error_of(broken, {acme}) == "the meeting length must be from 5 to 240 minutes, not 1");
}

TEST_CASE("two locks of one supplier with one panel take the meetings in time order") {
  DaySetup day = realistic_day();
  day.meetings_per_panel = 2;
  const sched::Instance instance = instance_of(
      day, {request("acme", "Acme AS", {"felles"})},
      {{"acme", "felles", at("15:25"), std::nullopt}, {"acme", "felles", at("12:30"), "vikna"}});
  CHECK(meeting(instance, "felles/acme").fixed_slot == 2);
  CHECK(room_id(instance, meeting(instance, "felles/acme").fixed_room) == "vikna");
  CHECK(meeting(instance, "felles/acme#2").fixed_slot == 7);
  CHECK(room_id(instance, meeting(instance, "felles/acme#2").fixed_room) == "namsos");
}

// ---- warnings ----

TEST_CASE("a panel without a minute-taker is a warning, not an error") {
  DaySetup day = realistic_day();
  day.panels[1].members.pop_back();  // Tone, the minute-taker
  CHECK(error_of(day) == "");
  CHECK(contains(warnings(day, {}), "panel \"Vikna kommune\" (vikna) has no minute-taker"));
  CHECK(warnings(realistic_day(), {}).empty());
}

TEST_CASE("a supplier whose travel window misses every slot is a warning") {
  SupplierRequest late = request("DK-SENT-0001", "Sent Ute AS", {"felles"});
  late.available_from = at("16:10");
  late.available_until = at("18:00");
  const std::vector<std::string> list = warnings(realistic_day(), {late});
  CHECK(contains(list,
                 "Sent Ute AS (DK-SENT-0001) cannot take any of the 9 slots (arrives 16:10, "
                 "leaves 18:00)"));
  CHECK(list.size() == 1);
}

TEST_CASE(
    "a supplier asking for no panel, demand above the slots and a small home room are warnings") {
  std::vector<SupplierRequest> requests;
  for (int i = 0; i < 10; ++i)
    requests.push_back(request("s" + std::to_string(i), "S" + std::to_string(i), {"felles"}));
  requests.push_back(request("idle", "Idle AS", {}));
  requests.push_back(request("big", "Stor Delegasjon AS", {"vikna"}, 4));
  const std::vector<std::string> list = warnings(realistic_day(), requests);
  CHECK(contains(list, "panel \"Felles innkjøpspanel\" (felles): 10 requests for 9 slots"));
  CHECK(contains(list, "Idle AS (idle) has not asked to meet any panel"));
  CHECK(contains(list,
                 "Stor Delegasjon AS (big) comes with 4 people, but room \"Møterom Vikna\" "
                 "(vikna) of panel \"Vikna kommune\" (vikna) seats 6 and the panel has 3"));
  CHECK(list.size() == 3);
}

// ---- many random days ----

TEST_CASE(
    "on random days, every instance is valid, solvable, and maps back to rooms of the right kind") {
  std::mt19937 random(20261125);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const char* people[] = {"kari", "ola", "per", "siri", "tone"};
  int accepted = 0, placed_total = 0;
  for (int round = 0; round < 300; ++round) {
    CAPTURE(round);
    DaySetup day;
    day.title = "random day";
    day.meeting_length = std::vector<int>{20, 30, 45}[static_cast<std::size_t>(pick(3))];
    day.changeover = pick(3) * 5;
    day.meetings_per_panel = 1 + pick(4) / 3;
    if (pick(3) == 0) day.max_break_spread = pick(3);
    for (int i = pick(3); i > 0; --i) {
      const Minutes start = at("08:00") + pick(9 * 12) * 5;
      day.programme.push_back({start, start + 15 + pick(12) * 5, "Innlegg " + std::to_string(i), "",
                               ItemKind::kPlenary, pick(4) != 0});
    }
    day.windows.push_back({at("08:00") + pick(12) * 5, at("11:00") + pick(12) * 5, "morning"});
    if (pick(2))
      day.windows.push_back({at("12:30") + pick(6) * 5, at("15:00") + pick(24) * 5, "afternoon"});
    const int rooms = 1 + pick(4);
    for (int r = 0; r < rooms; ++r) {
      std::optional<int> seats;
      if (pick(3)) seats = 2 + pick(8);
      day.rooms.push_back(
          {"r" + std::to_string(r), "Rom " + std::to_string(r), seats, pick(3) == 0, ""});
    }
    const int panels = 1 + pick(3);
    for (int p = 0; p < panels; ++p) {
      Panel panel;
      panel.key = "p" + std::to_string(p);
      panel.name = "Panel " + std::to_string(p);
      for (const char* person : people) {
        if (pick(3) == 0) panel.members.push_back({person, person, Role::kProcurement});
      }
      if (pick(2)) panel.room = "r" + std::to_string(pick(rooms));
      day.panels.push_back(panel);
    }
    std::vector<SupplierRequest> requests;
    for (int i = pick(9); i > 0; --i) {
      SupplierRequest r =
          request("s" + std::to_string(i), "Leverandør " + std::to_string(i), {}, 1 + pick(3));
      for (int p = 0; p < panels; ++p) {
        if (pick(2)) r.panels.push_back("p" + std::to_string(p));
      }
      if (pick(20) == 0) r.panels.push_back("unknown");
      r.digital = pick(4) == 0;
      if (pick(3) == 0) r.available_from = at("08:00") + pick(8 * 12) * 5;
      if (pick(3) == 0) r.available_until = at("10:00") + pick(8 * 12) * 5;
      if (pick(3) == 0) r.unavailable.push_back(at("08:00") + pick(8 * 12) * 5);
      if (pick(3) == 0) r.preferred.push_back(at("08:00") + pick(8 * 12) * 5);
      requests.push_back(r);
    }
    std::vector<LockedMeeting> locked;
    const std::vector<GridSlot> grid = slot_grid(day);
    if (!requests.empty() && !grid.empty() && pick(3) == 0) {
      const SupplierRequest& r =
          requests[static_cast<std::size_t>(pick(static_cast<int>(requests.size())))];
      if (!r.panels.empty()) {
        locked.push_back({r.key, r.panels[0],
                          grid[static_cast<std::size_t>(pick(static_cast<int>(grid.size())))].start,
                          std::nullopt});
      }
    }

    (void)warnings(day, requests);  // never throws, whatever the day
    const auto result = to_instance(day, requests, locked);
    if (!result) {
      CHECK(result.error().find('\n') == std::string::npos);
      continue;
    }
    ++accepted;
    const sched::Instance& instance = result.value();
    const sched::Schedule schedule = solve_checked(instance);
    if (schedule.status == sched::Status::kInfeasible) continue;  // e.g. two clashing locks
    for (const PlacedMeeting& m : placed_meetings(instance, schedule)) {
      ++placed_total;
      const auto req = std::find_if(requests.begin(), requests.end(),
                                    [&](const SupplierRequest& r) { return r.key == m.supplier; });
      const auto pan = std::find_if(day.panels.begin(), day.panels.end(),
                                    [&](const Panel& p) { return p.key == m.panel; });
      REQUIRE(req != requests.end());
      REQUIRE(pan != day.panels.end());
      REQUIRE(m.room);
      const auto room = std::find_if(day.rooms.begin(), day.rooms.end(),
                                     [&](const EventRoom& r) { return r.key == *m.room; });
      REQUIRE(room != day.rooms.end());
      CHECK(room->digital == req->digital);
      if (!req->digital && pan->room) CHECK(*m.room == *pan->room);
      CHECK(m.end - m.start == day.meeting_length);
      CHECK(m.index < day.meetings_per_panel);
      if (req->available_from) CHECK(m.start >= *req->available_from);
      if (req->available_until) CHECK(m.end <= *req->available_until);
      for (const ProgrammeItem& item : day.programme) {
        if (item.suppliers_attend) CHECK_FALSE((m.start < item.end && item.start < m.end));
      }
    }
  }
  CHECK(accepted > 50);
  CHECK(placed_total > 100);
}

// ---- the setup pages' rules and the grid preview ----

TEST_CASE("the setup pages refuse a window that overlaps a plenary item the suppliers attend") {
  DaySetup day = realistic_day();
  day.windows = {{at("11:00"), at("14:00"), "afternoon"}};
  REQUIRE(validate_day(day));  // scheduling alone would skip the plenary
  const auto result = validate_setup(day);
  REQUIRE_FALSE(result);
  CHECK(result.error() ==
        "the window \"afternoon\" (11:00-14:00) overlaps the plenary item "
        "\"Dialogkonferansen\" (09:30-12:00), which the suppliers attend");
}

TEST_CASE("the setup pages accept a break inside a window and pass on the day's own errors") {
  DaySetup day = realistic_day();
  day.programme.push_back({at("14:30"), at("14:45"), "Kaffe", "", ItemKind::kBreak, true});
  CHECK(validate_setup(day));
  day.windows.push_back({at("17:00"), at("17:20"), "evening"});
  const auto result = validate_setup(day);
  REQUIRE_FALSE(result);
  CHECK(result.error() ==
        "the window \"evening\" (17:00-17:20) is shorter than one meeting (30 min)");
}

TEST_CASE("the grid preview lists each window's slots in time order") {
  DaySetup day = realistic_day();
  std::swap(day.windows[0], day.windows[1]);
  const auto preview = preview_grid(day);
  REQUIRE(preview.size() == 2);
  CHECK(preview[0].window.session == "morning");
  CHECK(preview[0].slots.size() == 2);
  CHECK(preview[1].window.session == "afternoon");
  REQUIRE(preview[1].slots.size() == 7);
  CHECK(format_clock(preview[1].slots.front().start) == "12:30");
  CHECK(format_clock(preview[1].slots.back().end) == "16:30");
}

TEST_CASE("a window with no room for a meeting has an empty preview, not a missing one") {
  DaySetup day = realistic_day();
  day.windows = {{at("10:00"), at("11:00"), "during"}};
  const auto preview = preview_grid(day);
  REQUIRE(preview.size() == 1);
  CHECK(preview[0].slots.empty());
}
