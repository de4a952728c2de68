// Tests of read_dzn on copies of B2B benchmark files (tests/data/b2b) and on small hand-written
// and damaged inputs.
#include "scheduler/dzn.h"
#include "scheduler/json_io.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace dialogdag::sched {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string benchmark_copy(const std::string& name) {
  return read_file(fs::path(DIALOGDAG_TEST_DATA) / "b2b" / (name + ".dzn"));
}

const std::vector<std::string> kCopies = {"tic-12.original",      "tic-12.prec15",
                                          "tic-12.fixed020-Forb", "tic-12.forb0003",
                                          "tic-13crafc.original", "forum-13.prec25"};

Instance read_ok(std::string_view text) {
  Result<Instance> result = read_dzn(text, "test", 2);
  REQUIRE_MESSAGE(result.ok(), result.error());
  return std::move(result).value();
}

// The error message, or "ok" when the text reads.
std::string outcome(std::string_view text) {
  const Result<Instance> result = read_dzn(text, "test", std::nullopt);
  return result.ok() ? "ok" : result.error();
}

// True when every value is in [0, end) and the values are sorted without repeats.
bool sorted_indexes(const std::vector<int>& values, int end) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 0 || values[i] >= end || (i > 0 && values[i - 1] >= values[i])) return false;
  }
  return true;
}

// The first broken invariant of those model.h promises for an Instance that read_dzn returned,
// or "" when all hold. (One string instead of many assertions keeps the damage tests fast.)
std::string broken_invariant(const Instance& instance) {
  const int slots = static_cast<int>(instance.slots.size());
  const int participants = static_cast<int>(instance.participants.size());
  const int meetings = static_cast<int>(instance.meetings.size());
  if (slots == 0) return "no slots";
  if (instance.rooms.kind != Rooms::Kind::kTables || instance.rooms.tables < 0) return "rooms";
  for (int p = 0; p < participants; ++p) {
    const Participant& participant = instance.participants[static_cast<std::size_t>(p)];
    const std::string id = "p" + std::to_string(p + 1);
    if (participant.id != id || participant.name != id) return id + ": id or name";
    if (!sorted_indexes(participant.unavailable, slots)) return id + ": unavailable";
  }
  for (int m = 0; m < meetings; ++m) {
    const Meeting& meeting = instance.meetings[static_cast<std::size_t>(m)];
    const std::string id = "m" + std::to_string(m + 1);
    if (meeting.id != id || !meeting.required) return id + ": id or required";
    for (const int p : meeting.between) {
      if (p < 0 || p >= participants) return id + ": between out of range";
    }
    if (meeting.between[0] == meeting.between[1]) return id + ": meets itself";
    if (meeting.fixed_slot && (*meeting.fixed_slot < 0 || *meeting.fixed_slot >= slots)) {
      return id + ": fixed_slot";
    }
    if (!sorted_indexes(meeting.after, meetings)) return id + ": after";
    if (std::binary_search(meeting.after.begin(), meeting.after.end(), m)) return id + ": self";
  }
  return "";
}

void check_invariants(const Instance& instance) {
  const std::string problem = broken_invariant(instance);
  REQUIRE_MESSAGE(problem.empty(), problem);
}

// A small valid file, one statement per line, so that a test can swap one line.
constexpr std::string_view kSmall =
    "nBusiness = 3;\n"
    "nMeetings = 2;\n"
    "nTables = 1;\n"
    "nTotalSlots = 2;\n"
    "nMorningSlots = 1;\n"
    "requested = [| 1, 2, 1 | 2, 3, 2 |];\n"
    "meetingsxBusiness = [{1,2}, {1,2,3}, {1,3}];\n"
    "nMeetingsBusiness = [1, 2, 1];\n"
    "forbidden = [{0}, {}, {2}];\n"
    "fixed = [0, 2];\n"
    "precedences = [{}, {1}];\n";

// `original` with the one-line statement of `param` replaced by `statement` (removed when empty).
std::string replace_statement(std::string_view original, std::string_view param,
                              std::string_view statement) {
  std::string text;
  std::istringstream lines{std::string(original)};
  std::string line;
  bool replaced = false;
  while (std::getline(lines, line)) {
    if (line.rfind(std::string(param) + " =", 0) == 0) {
      replaced = true;
      if (statement.empty()) continue;
      line = statement;
    }
    text += line + "\n";
  }
  REQUIRE_MESSAGE(replaced, "no statement " << param);
  return text;
}

std::string small_with(std::string_view param, std::string_view statement) {
  return replace_statement(kSmall, param, statement);
}

TEST_CASE(
    "dzn: tic-12.original reads as 42 participants, 125 required meetings, 8 morning slots "
    "and 21 tables") {
  const Instance instance = read_ok(benchmark_copy("tic-12.original"));
  CHECK(instance.participants.size() == 42);
  CHECK(instance.meetings.size() == 125);
  CHECK(instance.slots.size() == 8);
  for (const Slot& slot : instance.slots) {
    CHECK(slot.session == "morning");
    CHECK(slot.start.empty());
    CHECK(slot.end.empty());
  }
  CHECK(instance.rooms.kind == Rooms::Kind::kTables);
  CHECK(instance.rooms.tables == 21);
  CHECK(std::all_of(instance.meetings.begin(), instance.meetings.end(),
                    [](const Meeting& meeting) { return meeting.required; }));
  check_invariants(instance);
}

TEST_CASE("dzn: meeting m1 of tic-12.original is between p1 and p8 in no particular session") {
  const Instance instance = read_ok(benchmark_copy("tic-12.original"));
  const Meeting& m1 = instance.meetings.at(0);
  CHECK(m1.id == "m1");
  CHECK(instance.participants.at(static_cast<std::size_t>(m1.between[0])).id == "p1");
  CHECK(instance.participants.at(static_cast<std::size_t>(m1.between[1])).id == "p8");
  CHECK_FALSE(m1.session.has_value());
  CHECK_FALSE(m1.fixed_slot.has_value());
  CHECK(m1.after.empty());
  // Last row: 42, 30, 3.
  CHECK(instance.meetings.at(124).between[0] == 41);
  CHECK(instance.meetings.at(124).between[1] == 29);
}

TEST_CASE("dzn: participants are plain participants named by their number, without limits") {
  const Instance instance = read_ok(benchmark_copy("tic-12.original"));
  const Participant& p5 = instance.participants.at(4);
  CHECK(p5.id == "p5");
  CHECK(p5.name == "p5");
  CHECK(p5.kind == ParticipantKind::kOther);
  CHECK(p5.kind_label.empty());
  CHECK(p5.members.empty());
  CHECK(p5.people == 1);
  CHECK(p5.unavailable.empty());  // {0} means none
  CHECK_FALSE(p5.max_meetings.has_value());
  CHECK_FALSE(p5.room.has_value());
}

TEST_CASE("dzn: the instance name and the fairness bound come from the caller") {
  const std::string text = benchmark_copy("tic-12.original");
  const Result<Instance> with_bound = read_dzn(text, "tic-12", 2);
  REQUIRE(with_bound.ok());
  CHECK(with_bound.value().name == "tic-12");
  CHECK(with_bound.value().fairness.max_break_spread == 2);

  const Result<Instance> without = read_dzn(text, "other", std::nullopt);
  REQUIRE(without.ok());
  CHECK(without.value().name == "other");
  CHECK_FALSE(without.value().fairness.max_break_spread.has_value());

  CHECK(outcome(text) == "ok");
  const Result<Instance> negative = read_dzn(text, "x", -1);
  REQUIRE_FALSE(negative.ok());
  CHECK(negative.error() == "fairness: max_break_spread -1 is negative");
}

TEST_CASE("dzn: precedences of tic-12.prec15 become 0-based after lists of the same meeting") {
  // In the file (one set per line, meeting k on line 223 + k): meeting 4 -> {111},
  // meeting 30 -> {31}, meeting 40 -> {15,97}, meeting 1 -> {}.
  const Instance instance = read_ok(benchmark_copy("tic-12.prec15"));
  CHECK(instance.meetings.at(0).after.empty());
  CHECK(instance.meetings.at(3).after == std::vector<int>{110});
  CHECK(instance.meetings.at(29).after == std::vector<int>{30});
  CHECK(instance.meetings.at(39).after == std::vector<int>{14, 96});
  // m30 = (14, 32) after m31 = (14, 36): the two share participant 14, as every precedence in
  // the benchmark relates meetings of one participant.
  CHECK(instance.meetings.at(29).between[0] == 13);
  CHECK(instance.meetings.at(30).between[0] == 13);

  std::size_t total = 0;
  for (const Meeting& meeting : instance.meetings) total += meeting.after.size();
  CHECK(total == 24);  // 23 non-empty sets, one of them with two meetings
  check_invariants(instance);
}

TEST_CASE(
    "dzn: forbidden slots become sorted 0-based unavailable slots of the right "
    "participants") {
  const Instance forb = read_ok(benchmark_copy("tic-12.forb0003"));
  CHECK(forb.participants.at(0).unavailable == std::vector<int>{3});  // {4}
  for (std::size_t p = 1; p < forb.participants.size(); ++p) {
    CHECK(forb.participants[p].unavailable.empty());  // {}
  }

  // forum-13.prec25 writes {0,17}, {0,18}, ...: the 0 is ignored.
  const Instance forum = read_ok(benchmark_copy("forum-13.prec25"));
  CHECK(forum.participants.at(0).unavailable.empty());                  // {0}
  CHECK(forum.participants.at(2).unavailable == std::vector<int>{16});  // {0,17}
  CHECK(forum.participants.at(6).unavailable == std::vector<int>{17});  // {0,18}
  CHECK(forum.participants.at(7).unavailable == std::vector<int>{5});   // {0,6}
}

TEST_CASE("dzn: fixed slots of tic-12.fixed020-Forb become 0-based fixed slots") {
  // fixed = [0,4,0,0,0,8,0,0,0,0,0,2,...,6]
  const Instance instance = read_ok(benchmark_copy("tic-12.fixed020-Forb"));
  CHECK_FALSE(instance.meetings.at(0).fixed_slot.has_value());
  CHECK(instance.meetings.at(1).fixed_slot == 3);
  CHECK(instance.meetings.at(5).fixed_slot == 7);
  CHECK(instance.meetings.at(11).fixed_slot == 1);
  CHECK(instance.meetings.at(124).fixed_slot == 5);
  const auto fixed = std::count_if(instance.meetings.begin(), instance.meetings.end(),
                                   [](const Meeting& m) { return m.fixed_slot.has_value(); });
  CHECK(fixed == 25);  // 20 % of 125
  check_invariants(instance);
}

TEST_CASE("dzn: sessions 1 and 2 map to morning and afternoon in forum-13.prec25") {
  // nTotalSlots = 21, nMorningSlots = 13; row 1 is "1, 2,1", row 10 is "6, 26,2".
  const Instance instance = read_ok(benchmark_copy("forum-13.prec25"));
  REQUIRE(instance.slots.size() == 21);
  for (std::size_t s = 0; s < 21; ++s) {
    CHECK(instance.slots[s].session == (s < 13 ? "morning" : "afternoon"));
  }
  CHECK(instance.meetings.at(0).session == "morning");
  CHECK(instance.meetings.at(9).session == "afternoon");
  CHECK(instance.meetings.at(9).between[0] == 5);
  CHECK(instance.meetings.at(9).between[1] == 25);
  CHECK(instance.participants.size() == 70);
  CHECK(instance.meetings.size() == 154);
  CHECK(instance.rooms.tables == 14);
  check_invariants(instance);
}

TEST_CASE("dzn: every benchmark copy reads and keeps the invariants of an Instance") {
  for (const std::string& name : kCopies) {
    CAPTURE(name);
    check_invariants(read_ok(benchmark_copy(name)));
  }
  const Instance tic13 = read_ok(benchmark_copy("tic-13crafc.original"));
  CHECK(tic13.participants.size() == 47);
  CHECK(tic13.meetings.size() == 180);
  CHECK(tic13.slots.size() == 10);
  CHECK(tic13.rooms.tables == 19);
}

TEST_CASE("dzn: a small file with comments, any statement order and trailing commas reads") {
  const Instance small = read_ok(kSmall);
  CHECK(small.slots.size() == 2);
  CHECK(small.slots[0].session == "morning");
  CHECK(small.slots[1].session == "afternoon");
  CHECK(small.meetings.at(0).session == "morning");
  CHECK(small.meetings.at(1).session == "afternoon");
  CHECK(small.participants.at(2).unavailable == std::vector<int>{1});
  CHECK(small.meetings.at(1).fixed_slot == 1);
  CHECK(small.meetings.at(1).after == std::vector<int>{0});

  const Instance shuffled = read_ok(
      "% a comment line\n"
      "precedences = [{}, {1,1},]; % a set may repeat an element\n"
      "requested = [|1,2,3,|\n 2,3,3,\n|];\n"
      "nMorningSlots=0;nTotalSlots=3;nTables=0;nMeetings=2;nBusiness=3;\n"
      "forbidden = [{3,1,0,1}, {}, {0}];");
  CHECK(shuffled.slots.size() == 3);
  CHECK(shuffled.slots[0].session == "afternoon");
  CHECK(shuffled.rooms.tables == 0);
  CHECK(shuffled.meetings.at(1).after == std::vector<int>{0});
  CHECK(shuffled.participants.at(0).unavailable == std::vector<int>{0, 2});
  CHECK_FALSE(shuffled.meetings.at(0).fixed_slot.has_value());

  const Instance empty = read_ok(
      "nBusiness = 0; nMeetings = 0; nTables = 0; nTotalSlots = 1; nMorningSlots = 1;\n"
      "requested = [| |]; forbidden = []; fixed = []; precedences = [];");
  CHECK(empty.participants.empty());
  CHECK(empty.meetings.empty());
}

TEST_CASE("dzn: a statement with a syntax error is reported with its line") {
  CHECK(outcome(small_with("nTables", "nTables = 1")) == "line 4: expected ';' after nTables");
  CHECK(outcome(small_with("nTables", "nTables 1;")) == "line 3: expected '=' after nTables");
  CHECK(outcome(small_with("nTables", "nTables = ;")) ==
        "line 3: expected a value for nTables, found ';'");
  CHECK(outcome(small_with("nTables", "; nTables = 1;")) ==
        "line 3: expected a parameter name, found ';'");
  CHECK(outcome(small_with("nTables", "nTables = 2.5;")) == "line 3: unexpected character '.'");
  CHECK(outcome(small_with("nTables", "nTables = \"1\";")) == "line 3: unexpected character '\"'");
  CHECK(outcome(small_with("nTables", "nTables = \xc3\xa9;")) ==
        "line 3: unexpected character byte 0xc3");
  CHECK(outcome(small_with("nTables", "nTables = 12ab;")) == "line 3: malformed number '12ab'");
  CHECK(outcome(small_with("fixed", "fixed = [0, 2")) ==
        "line 11: expected ',' or ']' in fixed, found 'precedences'");
  CHECK(outcome(small_with("precedences", "precedences = [{}, {1}]")) ==
        "line 12: expected ';' after precedences");
  CHECK(outcome(small_with("precedences", "precedences = [{}, {1")) ==
        "line 12: expected ',' or '}' in precedences, found end of input");
  CHECK(outcome(small_with("fixed", "fixed = [0 2];")) ==
        "line 10: expected ',' or ']' in fixed, found '2'");
  CHECK(outcome(small_with("forbidden", "forbidden = [{0}, {}, {2];")) ==
        "line 9: expected ',' or '}' in forbidden, found ']'");
  CHECK(outcome(small_with("forbidden", "forbidden = [{0}, {}, 2];")) ==
        "line 9: forbidden mixes sets and integers");
  CHECK(outcome(small_with("fixed", "fixed = [0, {2}];")) ==
        "line 10: fixed mixes integers and sets");
  CHECK(outcome(small_with("fixed", "fixed = [[0], [2]];")) ==
        "line 10: expected an integer, a set or ']' in fixed, found '['");
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 1 | 2, 3, 2 ];")) ==
        "line 6: expected ',' or '|' in requested, found ']'");
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 1 | {2}, 3, 2 |];")) ==
        "line 6: expected an integer in requested, found '{'");
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 1 | 2, 3, 2 |")) ==
        "line 7: expected an integer in requested, found 'meetingsxBusiness'");
}

TEST_CASE("dzn: unknown, repeated and missing parameters are errors") {
  CHECK(outcome(small_with("nTables", "xyz = 1;")) == "line 3: unknown parameter \"xyz\"");
  CHECK(outcome(small_with("nTables", "ntables = 1;")) == "line 3: unknown parameter \"ntables\"");
  CHECK(outcome(small_with("nTables", "solve satisfy;")) == "line 3: unknown parameter \"solve\"");
  CHECK(outcome(small_with("fixed", "nTables = 2;")) ==
        "line 10: nTables is assigned twice (first on line 3)");
  CHECK(outcome(small_with("nTables", "")) == "missing parameter nTables");
  CHECK(outcome(small_with("requested", "")) == "missing parameter requested");
  CHECK(outcome("") == "missing parameter nBusiness");
  CHECK(outcome("% only a comment\n\n") == "missing parameter nBusiness");
  // forbidden, fixed, precedences and the two cross-check arrays may be left out.
  std::string bare(kSmall);
  for (const char* param :
       {"forbidden", "fixed", "precedences", "meetingsxBusiness", "nMeetingsBusiness"}) {
    bare = replace_statement(bare, param, "");
  }
  const Instance instance = read_ok(bare);
  CHECK(instance.meetings.at(1).after.empty());
  CHECK(instance.participants.at(2).unavailable.empty());
}

TEST_CASE("dzn: a parameter of the wrong shape is an error naming it") {
  CHECK(outcome(small_with("nTables", "nTables = [1];")) ==
        "line 3: nTables must be an integer, found an array of integers");
  CHECK(outcome(small_with("nTables", "nTables = {1};")) ==
        "line 3: nTables must be an integer, found a set");
  CHECK(outcome(small_with("requested", "requested = [1, 2, 1, 2, 3, 2];")) ==
        "line 6: requested must be a 2-D array [| p1, p2, session | ... |], found an array of "
        "integers");
  CHECK(outcome(small_with("forbidden", "forbidden = [0, 0, 2];")) ==
        "line 9: forbidden must be an array of sets, found an array of integers");
  CHECK(outcome(small_with("fixed", "fixed = [| 0, 2 |];")) ==
        "line 10: fixed must be an array of integers, found a 2-D array");
  CHECK(outcome(small_with("precedences", "precedences = 1;")) ==
        "line 11: precedences must be an array of sets, found an integer");
}

TEST_CASE("dzn: integers out of range are errors, never wrapped around") {
  CHECK(outcome(small_with("nTables", "nTables = 99999999999;")) ==
        "line 3: integer 99999999999 is out of range");
  CHECK(outcome(small_with("nTables", "nTables = 2147483648;")) ==
        "line 3: integer 2147483648 is out of range");
  CHECK(
      outcome(small_with(
          "nTables", "nTables = 123456789012345678901234567890123456789012345678901234567890;")) ==
      "line 3: integer 12345678901234567890123456789012... is out of range");
  CHECK(outcome(small_with("fixed", "fixed = [0, -2147483649];")) ==
        "line 10: integer -2147483649 is out of range");
  CHECK(outcome(small_with("fixed", "fixed = [0, -2147483648];")) ==
        "fixed[2]: slot -2147483648 is out of range (2 slots)");
  CHECK(outcome(small_with("nTables", "nTables = 2147483647;")) == "ok");
  CHECK(outcome(small_with("nTables", "nTables = -1;")) ==
        "nTables: -1 is out of range (0..2147483647)");
  CHECK(outcome(small_with("nBusiness", "nBusiness = 2147483647;")) ==
        "nBusiness: 2147483647 is out of range (0..100000)");
  CHECK(outcome(small_with("nTotalSlots", "nTotalSlots = 2000000000;")) ==
        "nTotalSlots: 2000000000 is out of range (1..10000)");
  CHECK(outcome(small_with("nTotalSlots", "nTotalSlots = 0;")) ==
        "nTotalSlots: 0 is out of range (1..10000)");
  CHECK(outcome(small_with("nMorningSlots", "nMorningSlots = 3;")) ==
        "nMorningSlots: 3 is out of range (0..2, nTotalSlots)");
}

TEST_CASE("dzn: a requested row must name two distinct participants in range and a session") {
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 1 | 2, 99, 2 |];")) ==
        "requested row 2: participant 99 is out of range (3 participants)");
  CHECK(outcome(small_with("requested", "requested = [| 0, 2, 1 | 2, 3, 2 |];")) ==
        "requested row 1: participant 0 is out of range (3 participants)");
  CHECK(outcome(small_with("requested", "requested = [| 2, 2, 1 | 2, 3, 2 |];")) ==
        "requested row 1: participant 2 meets itself");
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 4 | 2, 3, 2 |];")) ==
        "requested row 1: session 4 is not 1 (morning), 2 (afternoon) or 3 (either)");
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 1 | 2, 3 |];")) ==
        "requested row 2: 2 values, expected 3 (participant, participant, session)");
  CHECK(outcome(small_with("requested", "requested = [| 1, 2, 1 |];")) ==
        "requested: 2 rows expected (nMeetings), found 1");
  CHECK(outcome(small_with("requested", "requested = [| |];")) ==
        "requested: 2 rows expected (nMeetings), found 0");
}

TEST_CASE("dzn: per-participant and per-meeting arrays must have one entry each, in range") {
  CHECK(outcome(small_with("fixed", "fixed = [0];")) ==
        "fixed: 2 entries expected (nMeetings), found 1");
  CHECK(outcome(small_with("fixed", "fixed = [0, 3];")) ==
        "fixed[2]: slot 3 is out of range (2 slots)");
  CHECK(outcome(small_with("fixed", "fixed = [-1, 0];")) ==
        "fixed[1]: slot -1 is out of range (2 slots)");
  CHECK(outcome(small_with("forbidden", "forbidden = [{0}, {}];")) ==
        "forbidden: 3 entries expected (nBusiness), found 2");
  CHECK(outcome(small_with("forbidden", "forbidden = [{0}, {5}, {}];")) ==
        "forbidden[2]: slot 5 is out of range (2 slots)");
  CHECK(outcome(small_with("precedences", "precedences = [{}];")) ==
        "precedences: 2 entries expected (nMeetings), found 1");
  CHECK(outcome(small_with("precedences", "precedences = [{3}, {}];")) ==
        "precedences[1]: meeting 3 is out of range (2 meetings)");
  CHECK(outcome(small_with("precedences", "precedences = [{0}, {}];")) ==
        "precedences[1]: meeting 0 is out of range (2 meetings)");
  CHECK(outcome(small_with("precedences", "precedences = [{}, {2}];")) ==
        "precedences[2]: meeting 2 cannot be held before itself");
}

TEST_CASE(
    "dzn: meetingsxBusiness and nMeetingsBusiness that disagree with requested name the "
    "participant") {
  CHECK(outcome(small_with("meetingsxBusiness", "meetingsxBusiness = [{1,2}, {1,2}, {1,3}];")) ==
        "meetingsxBusiness[2]: meeting 2 of participant 2 in requested is missing (entry 3)");
  CHECK(
      outcome(small_with("meetingsxBusiness", "meetingsxBusiness = [{1,2,3}, {1,2,3}, {1,3}];")) ==
      "meetingsxBusiness[1]: entry 3 names meeting 2, which is not a meeting of participant 1 "
      "in requested");
  CHECK(outcome(small_with("meetingsxBusiness", "meetingsxBusiness = [{1,2}, {1,2,3}, {1,4}];")) ==
        "meetingsxBusiness[3]: entry 4 is out of range (1..3)");
  CHECK(outcome(small_with("meetingsxBusiness", "meetingsxBusiness = [{1,2}, {1,2,3}];")) ==
        "meetingsxBusiness: 3 entries expected (nBusiness), found 2");
  // The dummy 1 may be left out; order and repetition do not matter in a set.
  CHECK(outcome(small_with("meetingsxBusiness", "meetingsxBusiness = [{2}, {3,2,3}, {1,3}];")) ==
        "ok");
  CHECK(outcome(small_with("nMeetingsBusiness", "nMeetingsBusiness = [1, 1, 1];")) ==
        "nMeetingsBusiness[2]: 1, but participant 2 has 2 meetings in requested");
  CHECK(outcome(small_with("nMeetingsBusiness", "nMeetingsBusiness = [1, 2];")) ==
        "nMeetingsBusiness: 3 entries expected (nBusiness), found 2");
}

// Deterministic pseudo-random numbers for the damage tests (no dependence on the platform's
// std distributions).
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next(std::uint64_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state_ >> 33) % bound;
  }

 private:
  std::uint64_t state_;
};

// Reads damaged text: it must give an error (one line) or an instance that keeps the invariants.
void read_damaged(std::string_view text) {
  const Result<Instance> result = read_dzn(text, "damaged", 2);
  if (result.ok()) {
    check_invariants(result.value());
  } else {
    REQUIRE_FALSE(result.error().empty());
    REQUIRE(result.error().find('\n') == std::string::npos);
  }
}

TEST_CASE("dzn: every prefix of a benchmark copy gives an error or a valid instance") {
  for (const std::string& name : kCopies) {
    CAPTURE(name);
    const std::string text = benchmark_copy(name);
    // Every byte near both ends, a stride through the middle.
    for (std::size_t length = 0; length <= text.size();
         length += (length < 300 || length + 300 > text.size()) ? 1 : 11) {
      CAPTURE(length);
      read_damaged(std::string_view(text).substr(0, length));
    }
  }
  // A prefix that ends between statements may read (the arrays after it are optional), but one
  // cut inside a statement never does.
  const std::string text = benchmark_copy("tic-12.prec15");
  const std::size_t cut = text.find("precedences = [") + 20;
  CHECK(outcome(std::string_view(text).substr(0, cut)).rfind("line ", 0) == 0);
  CHECK(outcome(std::string_view(text).substr(0, text.find("precedences"))) == "ok");
}

TEST_CASE(
    "dzn: benchmark copies with bytes garbled, deleted or repeated give an error or a valid "
    "instance") {
  static constexpr char kGarbageBytes[] = "|[]{},;=%-09x\n\t\0\xff.";
  constexpr std::string_view kGarbage(kGarbageBytes, sizeof kGarbageBytes - 1);
  Lcg random(20240601);
  for (const std::string& name : kCopies) {
    CAPTURE(name);
    const std::string text = benchmark_copy(name);
    for (int round = 0; round < 200; ++round) {
      std::string damaged = text;
      const int edits = 1 + static_cast<int>(random.next(3));
      for (int e = 0; e < edits && !damaged.empty(); ++e) {
        const auto at = static_cast<std::size_t>(random.next(damaged.size()));
        switch (random.next(3)) {
          case 0:
            damaged[at] = kGarbage[random.next(kGarbage.size())];
            break;
          case 1:
            damaged.erase(at, 1 + random.next(20));
            break;
          default:
            damaged.insert(at, damaged.substr(at, 1 + random.next(20)));
            break;
        }
      }
      CAPTURE(round);
      read_damaged(damaged);
    }
  }
  using namespace std::string_view_literals;
  const std::string_view short_inputs[] = {"["sv,
                                           "[|"sv,
                                           "|]"sv,
                                           "{"sv,
                                           "="sv,
                                           "nBusiness"sv,
                                           "nBusiness ="sv,
                                           "nBusiness = ["sv,
                                           "nBusiness = [|"sv,
                                           "nBusiness = [| |"sv,
                                           "nBusiness = {,}"sv,
                                           "requested = [| , |];"sv,
                                           "requested = [||];"sv,
                                           "requested = [|||];"sv,
                                           "-"sv,
                                           "--1"sv,
                                           "\0\0\0"sv,
                                           "%\n%\n%"sv,
                                           "}{][|;"sv,
                                           "nBusiness = 1; nBusiness = 1;"sv};
  for (const std::string_view garbage : short_inputs) {
    const std::string shown(garbage);
    CAPTURE(shown);
    read_damaged(garbage);
    CHECK(outcome(garbage) != "ok");
  }
}

// The whole benchmark, when the shared folder is beside the project. Also checks, on all 140
// files, the evidence for reading precedences as plain 1-based meeting numbers (see dzn.cpp).
TEST_CASE(
    "dzn: all 140 files of the B2B benchmark read, and every precedence relates meetings "
    "of a common participant") {
  const fs::path folder =
      fs::path(DIALOGDAG_TEST_DATA) / ".." / ".." / ".." / "shared" / "anchors" / "b2b-forum";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    MESSAGE("skipped: no benchmark folder at " << folder.string());
    return;
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".dzn") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  CHECK(files.size() == 140);
  std::size_t precedences = 0;
  for (const fs::path& file : files) {
    CAPTURE(file.filename().string());
    const Result<Instance> result = read_dzn(read_file(file), file.stem().string(), 2);
    REQUIRE_MESSAGE(result.ok(), result.error());
    const Instance& instance = result.value();
    check_invariants(instance);
    for (const Meeting& meeting : instance.meetings) {
      for (const int earlier : meeting.after) {
        const Meeting& other = instance.meetings[static_cast<std::size_t>(earlier)];
        const bool shared =
            other.between[0] == meeting.between[0] || other.between[0] == meeting.between[1] ||
            other.between[1] == meeting.between[0] || other.between[1] == meeting.between[1];
        CHECK(shared);
        ++precedences;
      }
    }
  }
  CHECK(precedences == 2248);
}


// Found by fuzz_dzn (tests/fuzz): numbers that agree with each other, but a meeting asks for the
// afternoon and every slot is in the morning. read_dzn refuses it as instance JSON would.
TEST_CASE("dzn: an instance no schedule format allows is refused with the rule it breaks") {
  const auto instance =
      read_dzn(read_file(fs::path(DIALOGDAG_TEST_DATA) / "fuzz" / "dzn-crash-373e5e9e.dzn"), "fuzz", 2);
  REQUIRE_FALSE(instance.ok());
  CHECK(instance.error() == "meetings[46] \"m47\": session \"afternoon\" matches no slot's session");
}

}  // namespace
}  // namespace dialogdag::sched
