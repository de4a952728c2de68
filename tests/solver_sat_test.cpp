// The SAT search for the B2B shape (scheduler/b2b_sat.h): every meeting held, breaks minimised
// under the fairness rule. Its verdicts, and the solver's where it uses it, are compared with a
// brute force written here from the rules of shared/spec/scheduling-format.md.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "scheduler/b2b_sat.h"
#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "scheduler/validation.h"
#include "test_instances.h"

using namespace dialogdag::test;

namespace {

std::int64_t fake_clock() { return 0; }

template <class T>
bool contains(const std::vector<T>& list, const T& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// The slots meeting m may take by the unary rules: both participants available, its session,
// its lock.
std::vector<int> usable_slots(const Instance& in, int m) {
  const Meeting& meeting = in.meetings[m];
  std::vector<int> out;
  for (int s = 0; s < static_cast<int>(in.slots.size()); ++s) {
    if (meeting.fixed_slot && *meeting.fixed_slot != s) continue;
    if (meeting.session && in.slots[s].session != *meeting.session) continue;
    if (contains(in.participants[meeting.between[0]].unavailable, s)) continue;
    if (contains(in.participants[meeting.between[1]].unavailable, s)) continue;
    out.push_back(s);
  }
  return out;
}

// The instance as b2b_sat.h takes it (persons numbered after the participants).
BreaksProblem problem_of(const Instance& in) {
  BreaksProblem p;
  p.slots = static_cast<int>(in.slots.size());
  p.participants = static_cast<int>(in.participants.size());
  p.tables = in.rooms.kind == Rooms::Kind::kTables ? in.rooms.tables : -1;
  p.spread = in.fairness.max_break_spread;
  std::map<std::string, int> persons;
  for (const auto& participant : in.participants)
    for (const auto& person : participant.members)
      persons.emplace(person, p.participants + static_cast<int>(persons.size()));
  p.resource_count = p.participants + static_cast<int>(persons.size());
  for (int m = 0; m < static_cast<int>(in.meetings.size()); ++m) {
    const Meeting& meeting = in.meetings[m];
    p.between.push_back({meeting.between[0], meeting.between[1]});
    std::vector<int> resources;
    for (int who : meeting.between) {
      resources.push_back(who);
      for (const auto& person : in.participants[who].members) resources.push_back(persons[person]);
    }
    std::sort(resources.begin(), resources.end());
    resources.erase(std::unique(resources.begin(), resources.end()), resources.end());
    p.resources.push_back(resources);
    p.slots_of.push_back(usable_slots(in, m));
    p.after.push_back(meeting.after);
    p.meeting_order.push_back(m);
  }
  for (int x = 0; x < p.participants; ++x) p.participant_order.push_back(x);
  return p;
}

// Every complete assignment that keeps the hard rules (fairness apart), by depth-first search.
struct Truth {
  bool feasible = false;        // some schedule holds every meeting
  bool fair = false;            // some such schedule also keeps the fairness rule
  long best = 0;                // the fewest breaks of a fair one
  std::vector<int> worst_fair;  // the fair schedule with the most breaks (slot per meeting)
};

Truth brute_force(const Instance& in) {
  const int slots = static_cast<int>(in.slots.size());
  const int n = static_cast<int>(in.meetings.size());
  const int tables = in.rooms.kind == Rooms::Kind::kTables ? in.rooms.tables : n;
  std::vector<int> slot(n, -1);
  Truth truth;
  long worst = -1;
  auto shares_someone = [&](int a, int b) {
    for (int x : in.meetings[a].between)
      for (int y : in.meetings[b].between) {
        if (x == y) return true;
        for (const auto& person : in.participants[x].members)
          if (contains(in.participants[y].members, person)) return true;
      }
    return false;
  };
  std::function<void(int)> go = [&](int m) {
    if (m == n) {
      for (int k = 0; k < n; ++k)
        for (int before : in.meetings[k].after)
          if (slot[before] >= slot[k]) return;
      truth.feasible = true;
      std::vector<int> breaks;
      for (int x = 0; x < static_cast<int>(in.participants.size()); ++x) {
        std::vector<char> busy(slots, 0);
        for (int k = 0; k < n; ++k)
          if (in.meetings[k].between[0] == x || in.meetings[k].between[1] == x) busy[slot[k]] = 1;
        int count = 0;
        for (int s = 1, seen = busy[0]; s < slots; seen |= busy[s], ++s)
          if (busy[s] && !busy[s - 1] && seen) ++count;
        breaks.push_back(count);
      }
      const auto [low, high] = std::minmax_element(breaks.begin(), breaks.end());
      const auto& spread = in.fairness.max_break_spread;
      if (spread && *high - *low > *spread) return;
      long total = 0;
      for (int b : breaks) total += b;
      if (!truth.fair || total < truth.best) truth.best = total;
      if (total > worst) worst = total, truth.worst_fair = slot;
      truth.fair = true;
      return;
    }
    for (int s : usable_slots(in, m)) {
      int here = 0;
      bool clash = false;
      for (int k = 0; k < m; ++k)
        if (slot[k] == s) ++here, clash = clash || shares_someone(k, m);
      if (clash || here >= tables) continue;
      slot[m] = s;
      go(m + 1);
    }
    slot[m] = -1;
  };
  go(0);
  return truth;
}

// A random instance of the B2B shape: every meeting required, tables (or no limit), unavailable
// slots, sometimes sessions, locks, `after` rules, a person shared by two participants, and a
// fairness rule. `everyone_meets_twice`: every participant has at least two meetings, so that
// the fairness rule cannot lean on someone who never has a break.
Instance random_b2b(std::mt19937& rng, bool everyone_meets_twice) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](int percent) { return pick(1, 100) <= percent; };
  Instance in = day(pick(3, 6));
  const int slots = static_cast<int>(in.slots.size());
  if (chance(25))
    for (int s = 0; s < slots; ++s) in.slots[s].session = s < slots / 2 ? "morning" : "afternoon";
  if (chance(80)) {
    in.rooms.kind = Rooms::Kind::kTables;
    in.rooms.tables = pick(1, 3);
  }
  const int people = pick(3, 5);
  for (int i = 0; i < people; ++i) {
    const int x = add_participant(in, "p" + std::to_string(i), ParticipantKind::kOther);
    for (int s = 0; s < slots; ++s)
      if (chance(20)) in.participants[x].unavailable.push_back(s);
  }
  if (chance(15)) {
    in.participants[0].members = {"shared"};
    in.participants[people - 1].members = {"shared"};
  }
  std::vector<std::pair<int, int>> pairs;
  for (int a = 0; a < people; ++a)
    for (int b = a + 1; b < people; ++b) pairs.push_back({a, b});
  std::shuffle(pairs.begin(), pairs.end(), rng);
  std::vector<int> count(people, 0);
  const int wanted = pick(3, 7);
  for (const auto& [a, b] : pairs) {
    const bool needed = everyone_meets_twice && (count[a] < 2 || count[b] < 2);
    if (static_cast<int>(in.meetings.size()) >= wanted && !needed) continue;
    if (in.meetings.size() >= 8) break;
    const int m = add_meeting(in, "m" + std::to_string(in.meetings.size()), a, b);
    ++count[a], ++count[b];
    Meeting& meeting = in.meetings[m];
    if (!in.slots[0].session.empty() && chance(20))
      meeting.session = chance(50) ? "morning" : "afternoon";
    if (chance(10)) meeting.fixed_slot = pick(0, slots - 1);
    if (m > 0 && chance(15)) meeting.after = {pick(0, m - 1)};
  }
  if (chance(70)) in.fairness.max_break_spread = pick(0, 2);
  auto valid = validate_instance(in);
  REQUIRE_MESSAGE(valid.ok(), valid.error());
  return valid.value();
}

// The schedule document of a complete assignment with `breaks` breaks, for the checker.
Schedule schedule_of(const std::vector<int>& slot, long breaks) {
  Schedule schedule;
  schedule.status = Status::kFeasible;
  schedule.objective.breaks = static_cast<int>(breaks);
  for (int m = 0; m < static_cast<int>(slot.size()); ++m)
    schedule.assignments.push_back({m, slot[m], std::nullopt});
  return schedule;
}

BreaksBudget unlimited() {
  BreaksBudget budget;
  budget.stop = [] { return false; };
  return budget;
}

// Checks one verdict of minimise_breaks against the truth.
void agrees(const Instance& in, const BreaksOutcome& outcome, const Truth& truth) {
  if (!truth.feasible) {
    CHECK(outcome.verdict == BreaksVerdict::kInfeasible);
    return;
  }
  if (!truth.fair) {
    CHECK(outcome.verdict == BreaksVerdict::kUnfair);
    return;
  }
  REQUIRE(outcome.verdict == BreaksVerdict::kOptimal);
  CHECK(outcome.breaks == truth.best);
  CHECK(outcome.bound == truth.best);
  const CheckReport report = check_schedule(in, schedule_of(outcome.slot, outcome.breaks));
  for (const auto& violation : report.violations) FAIL_CHECK(violation);
  CHECK(report.objective.breaks == truth.best);
}

}  // namespace

TEST_CASE("on small B2B instances the SAT search finds the fewest breaks brute force finds") {
  std::mt19937 rng(20261126);
  int optimal = 0, infeasible = 0, unfair = 0, exact_fairness = 0;
  for (int round = 0; round < 400; ++round) {
    const bool everyone_twice = round % 2 == 1;
    const Instance in = random_b2b(rng, everyone_twice);
    const Truth truth = brute_force(in);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    const BreaksProblem problem = problem_of(in);
    agrees(in, minimise_breaks(problem, unlimited()), truth);
    if (!truth.fair) {
      truth.feasible ? ++unfair : ++infeasible;
      continue;
    }
    ++optimal;
    // Fair schedules that need a break from everyone: only the exact fairness encoding has them.
    if (everyone_twice && in.fairness.max_break_spread &&
        truth.best >= static_cast<long>(in.participants.size()))
      ++exact_fairness;
    // From a valid schedule (the worst fair one) the search only improves, to the same optimum.
    BreaksProblem hinted = problem;
    hinted.hint = truth.worst_fair;
    agrees(in, minimise_breaks(hinted, unlimited()), truth);
  }
  MESSAGE(optimal << " optimal, " << infeasible << " infeasible, " << unfair << " unfair, "
                  << exact_fairness << " needing a break from everyone");
  CHECK(optimal > 150);
  CHECK(infeasible > 10);
  CHECK(unfair > 5);
  CHECK(exact_fairness > 0);
}

TEST_CASE("asked for a first schedule only, the SAT search returns a valid one or the verdict") {
  std::mt19937 rng(20261128);
  int first = 0, at_bound = 0;
  for (int round = 0; round < 200; ++round) {
    const Instance in = random_b2b(rng, round % 2 == 1);
    const Truth truth = brute_force(in);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    const BreaksProblem problem = problem_of(in);
    BreaksBudget budget = unlimited();
    budget.first_schedule_only = true;
    const BreaksOutcome outcome = minimise_breaks(problem, budget);
    if (!truth.fair) {
      CHECK(outcome.verdict == (truth.feasible ? BreaksVerdict::kUnfair : BreaksVerdict::kInfeasible));
      continue;
    }
    // A fair schedule, not minimised: optimal only when it is at the bound already.
    REQUIRE((outcome.verdict == BreaksVerdict::kFeasible ||
             outcome.verdict == BreaksVerdict::kOptimal));
    const CheckReport report = check_schedule(in, schedule_of(outcome.slot, outcome.breaks));
    for (const auto& violation : report.violations) FAIL_CHECK(violation);
    CHECK(report.objective.breaks == outcome.breaks);
    CHECK(outcome.bound <= truth.best);
    CHECK(outcome.breaks >= truth.best);
    if (outcome.verdict == BreaksVerdict::kOptimal) {
      CHECK(outcome.breaks == truth.best);
      ++at_bound;
    } else {
      CHECK(outcome.breaks > outcome.bound);
      ++first;
    }
    // With a schedule given, that schedule is the answer.
    BreaksProblem hinted = problem;
    hinted.hint = truth.worst_fair;
    const BreaksOutcome given = minimise_breaks(hinted, budget);
    CHECK(given.slot == truth.worst_fair);
  }
  MESSAGE(first << " first schedules above the bound, " << at_bound << " at it");
  CHECK(first > 10);
}

TEST_CASE("the solver proves the fewest breaks on small B2B instances, as brute force finds") {
  std::mt19937 rng(42);
  int optimal = 0;
  for (int round = 0; round < 200; ++round) {
    const Instance in = random_b2b(rng, round % 2 == 1);
    const Truth truth = brute_force(in);
    SolveOptions options;
    options.seed = static_cast<std::uint64_t>(round);
    const Schedule schedule = solve(in, options, fake_clock);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    if (!truth.fair) {
      CHECK(schedule.status == Status::kInfeasible);
      continue;
    }
    // Every meeting is held and breaks are the only level: the SAT search settles it.
    REQUIRE(schedule.status == Status::kOptimal);
    ++optimal;
    CHECK(schedule.objective.breaks == truth.best);
    CHECK(schedule.bound_breaks == truth.best);
    CHECK(check_schedule(in, schedule).valid());
  }
  CHECK(optimal > 80);
}

namespace {

// Three participants meet pairwise at one table in three slots (meetings ab, bc, ca): one of
// them has its two meetings in the first and last slot. Each alone could meet back to back, so
// only a search over the whole day proves the break.
Instance three_meeting_pairwise() {
  Instance in = day(3);
  in.rooms.kind = Rooms::Kind::kTables;
  in.rooms.tables = 1;
  const int a = add_participant(in, "a", ParticipantKind::kOther);
  const int b = add_participant(in, "b", ParticipantKind::kOther);
  const int c = add_participant(in, "c", ParticipantKind::kOther);
  add_meeting(in, "ab", a, b);
  add_meeting(in, "bc", b, c);
  add_meeting(in, "ca", c, a);
  return in;
}

}  // namespace

TEST_CASE("with its clock run out, the SAT search answers at once with what it was given") {
  const Instance in = three_meeting_pairwise();
  // Told to stop, it asks nothing more: no formula built, no solver call (each would ask again).
  int asked = 0;
  BreaksBudget late = unlimited();
  late.stop = [&asked] {
    ++asked;
    return true;
  };
  BreaksProblem problem = problem_of(in);
  // Without a schedule to start from: no schedule, and nothing proven beyond what it was told.
  const BreaksOutcome nothing = minimise_breaks(problem, late);
  CHECK(nothing.verdict == BreaksVerdict::kUnknown);
  CHECK(nothing.slot.empty());
  CHECK(nothing.bound == 0);
  CHECK(asked == 1);
  // With one: that schedule back, as it is, not proven.
  asked = 0;
  problem.hint = {0, 2, 1};  // ab first, ca second, bc last: b has the break
  const BreaksOutcome given = minimise_breaks(problem, late);
  CHECK(given.verdict == BreaksVerdict::kFeasible);
  CHECK(given.slot == problem.hint);
  CHECK(given.breaks == 1);
  CHECK(given.bound == 0);
  CHECK(asked == 1);
}

TEST_CASE("a break the per-participant bound cannot see is proven by the SAT search") {
  Instance in = three_meeting_pairwise();
  in.fairness.max_break_spread = 1;
  const Schedule fair = solve(in, SolveOptions{}, fake_clock);
  CHECK(fair.status == Status::kOptimal);
  CHECK(fair.objective.breaks == 1);
  CHECK(fair.bound_breaks == 1);
  CHECK(check_schedule(in, fair).valid());

  // With a spread of 0 the one break is unfair: an infeasibility verdict that says why.
  in.fairness.max_break_spread = 0;
  const Schedule unfair = solve(in, SolveOptions{}, fake_clock);
  CHECK(unfair.status == Status::kInfeasible);
  CHECK(unfair.reason.find("fairness rule") != std::string::npos);
  CHECK(minimise_breaks(problem_of(in), unlimited()).verdict == BreaksVerdict::kUnfair);
}

TEST_CASE("when everyone must have a break, the exact fairness encoding finds the fair optimum") {
  // Slot 1 is a break for everyone: each meets twice, in slots 0 and 2. A spread of 0 is fair
  // (one break each), although "nobody has more than 0 breaks" has no schedule.
  Instance in = day(3);
  in.rooms.kind = Rooms::Kind::kTables;
  in.rooms.tables = 2;
  std::vector<int> x;
  for (const char* id : {"a", "b", "c", "d"}) {
    x.push_back(add_participant(in, id, ParticipantKind::kOther));
    in.participants.back().unavailable = {1};
  }
  add_meeting(in, "ab", x[0], x[1]);
  add_meeting(in, "cd", x[2], x[3]);
  add_meeting(in, "ac", x[0], x[2]);
  add_meeting(in, "bd", x[1], x[3]);
  in.fairness.max_break_spread = 0;
  const BreaksOutcome outcome = minimise_breaks(problem_of(in), unlimited());
  REQUIRE(outcome.verdict == BreaksVerdict::kOptimal);
  CHECK(outcome.breaks == 4);
  CHECK(check_schedule(in, schedule_of(outcome.slot, outcome.breaks)).valid());
}

TEST_CASE("locked meetings and order rules hold in the SAT search's optimum") {
  // p0 meets p1, p2, p3; m_first is locked to slot 3 and m_last must come after m_mid, which
  // must come after m_first: p0's day is slots 3, 4, 5 whatever the tables allow.
  Instance in = day(6);
  in.rooms.kind = Rooms::Kind::kTables;
  in.rooms.tables = 1;
  std::vector<int> p;
  for (int i = 0; i < 5; ++i)
    p.push_back(add_participant(in, "p" + std::to_string(i), ParticipantKind::kOther));
  const int first = add_meeting(in, "m_first", p[0], p[1]);
  const int mid = add_meeting(in, "m_mid", p[0], p[2]);
  const int last = add_meeting(in, "m_last", p[0], p[3]);
  const int other = add_meeting(in, "m_other", p[3], p[4]);
  in.meetings[first].fixed_slot = 3;
  in.meetings[mid].after = {first};
  in.meetings[last].after = {mid};
  in.fairness.max_break_spread = 2;
  const Truth truth = brute_force(in);
  const BreaksOutcome outcome = minimise_breaks(problem_of(in), unlimited());
  REQUIRE(outcome.verdict == BreaksVerdict::kOptimal);
  CHECK(outcome.breaks == truth.best);
  CHECK(outcome.slot[first] == 3);
  CHECK(outcome.slot[mid] == 4);
  CHECK(outcome.slot[last] == 5);
  CHECK(outcome.slot[other] != 5);
  CHECK(check_schedule(in, schedule_of(outcome.slot, outcome.breaks)).valid());

  // An order cycle has no schedule at all.
  in.meetings[first].after = {last};
  CHECK(minimise_breaks(problem_of(in), unlimited()).verdict == BreaksVerdict::kInfeasible);
}

TEST_CASE("more meetings than tables and slots can hold is an infeasibility verdict") {
  // Three meetings between different people, one table, two slots: each participant alone is
  // fine, the tables are not.
  Instance in = day(2);
  in.rooms.kind = Rooms::Kind::kTables;
  in.rooms.tables = 1;
  std::vector<int> p;
  for (int i = 0; i < 6; ++i)
    p.push_back(add_participant(in, "p" + std::to_string(i), ParticipantKind::kOther));
  add_meeting(in, "m1", p[0], p[1]);
  add_meeting(in, "m2", p[2], p[3]);
  add_meeting(in, "m3", p[4], p[5]);
  CHECK(minimise_breaks(problem_of(in), unlimited()).verdict == BreaksVerdict::kInfeasible);
  const Schedule schedule = solve(in, SolveOptions{}, fake_clock);
  CHECK(schedule.status == Status::kInfeasible);
  CHECK(!schedule.reason.empty());
}

TEST_CASE("the order of the input does not change what the SAT search returns") {
  std::mt19937 rng(77);
  for (int round = 0; round < 40; ++round) {
    const Instance in = random_b2b(rng, true);
    // The same instance with meetings and participants listed in reverse.
    Instance reversed = in;
    const int np = static_cast<int>(in.participants.size());
    const int nm = static_cast<int>(in.meetings.size());
    std::reverse(reversed.participants.begin(), reversed.participants.end());
    std::reverse(reversed.meetings.begin(), reversed.meetings.end());
    for (Meeting& meeting : reversed.meetings) {
      for (int& who : meeting.between) who = np - 1 - who;
      for (int& before : meeting.after) before = nm - 1 - before;
    }
    auto valid = validate_instance(reversed);
    REQUIRE_MESSAGE(valid.ok(), valid.error());
    SolveOptions options;
    options.seed = 3;
    const Schedule a = solve(in, options, fake_clock);
    const Schedule b = solve(valid.value(), options, fake_clock);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    REQUIRE(a.status == b.status);
    CHECK(a.objective == b.objective);
    std::map<std::string, int> slot_a, slot_b;
    for (const Assignment& x : a.assignments) slot_a[in.meetings[x.meeting].id] = x.slot;
    for (const Assignment& x : b.assignments) slot_b[reversed.meetings[x.meeting].id] = x.slot;
    CHECK(slot_a == slot_b);
  }
}
