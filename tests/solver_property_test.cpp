// Property tests: hundreds of random instances of several shapes. The independent checker must
// accept every schedule the solver returns; on tiny instances a brute-force search (written
// here, sharing nothing with the solver) must agree with every "infeasible" and "optimal"
// verdict; and the same seed must give the same bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <string>

#include "scheduler/checker.h"
#include "scheduler/json_io.h"
#include "scheduler/solver.h"
#include "test_instances.h"

using namespace dialogdag::test;

namespace {

std::int64_t fake_clock() { return 0; }

// The heavy tests below are plain CPU work, 20-35 times slower in the unoptimised sanitizer build
// than in the optimised one. There they still generate every instance from the same seeds (so the
// instances are the same ones), but solve only every kSolveEvery-th round: same properties, a
// quarter of the cases, so that tests/run stays within its time. Count thresholds scale with it.
#ifdef NDEBUG
constexpr int kSolveEvery = 1;
#else
constexpr int kSolveEvery = 4;
#endif

bool solved_in_this_build(int round) { return round % kSolveEvery == 0; }

// kAllRequired is the B2B benchmark's shape: tables, every meeting required, many unavailable
// slots (so that some participants cannot avoid a break and the lower bound has work to do).
enum class Shape { kOnePanel, kSharedMembers, kTables, kLocked, kAllRequired };

// A random valid instance. `tiny` keeps it small enough for brute force.
Instance random_instance(std::mt19937& rng, Shape shape, bool tiny) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](int percent) { return pick(1, 100) <= percent; };
  Instance in = day(tiny ? pick(1, 4) : pick(3, 12));
  const int slots = static_cast<int>(in.slots.size());
  if (slots >= 2 && chance(30)) {
    for (int s = 0; s < slots; ++s) in.slots[s].session = s < slots / 2 ? "morning" : "afternoon";
  }
  const int max_meetings = tiny ? pick(1, 5) : pick(4, 40);
  std::vector<int> buyers, suppliers;

  const bool tables = shape == Shape::kTables || shape == Shape::kAllRequired;
  if (tables) {
    in.rooms.kind = Rooms::Kind::kTables;
    in.rooms.tables = pick(1, tiny ? 2 : 6);
    const int n = tiny ? pick(2, 4) : pick(4, 16);
    for (int i = 0; i < n; ++i)
      suppliers.push_back(add_participant(in, "b" + std::to_string(i), ParticipantKind::kOther));
  } else {
    const int panels = shape == Shape::kOnePanel ? 1 : pick(2, tiny ? 2 : 4);
    if (chance(60)) {
      const int rooms = pick(1, 3);
      for (int r = 0; r < rooms; ++r)
        add_room(in, "room" + std::to_string(r),
                 chance(70) ? std::optional<int>(pick(3, 8)) : std::nullopt);
    }
    for (int i = 0; i < panels; ++i) {
      const int b = add_participant(in, "panel" + std::to_string(i), ParticipantKind::kBuyer);
      in.participants[b].people = pick(1, 3);
      if (shape == Shape::kSharedMembers) {
        in.participants[b].members = {"own" + std::to_string(i)};
        if (chance(60)) in.participants[b].members.push_back("shared" + std::to_string(pick(0, 1)));
      }
      if (in.rooms.kind == Rooms::Kind::kList && chance(40))
        in.participants[b].room = pick(0, static_cast<int>(in.rooms.list.size()) - 1);
      buyers.push_back(b);
    }
    const int n = tiny ? pick(1, 4) : pick(3, 20);
    for (int i = 0; i < n; ++i) {
      const int s = add_participant(in, "s" + std::to_string(i));
      in.participants[s].people = pick(1, 3);
      if (chance(20)) in.participants[s].max_meetings = pick(tiny ? 0 : 1, 3);
      suppliers.push_back(s);
    }
  }
  for (int x = 0; x < static_cast<int>(in.participants.size()); ++x)
    for (int s = 0; s < slots; ++s)
      if (chance(shape == Shape::kAllRequired ? 35 : 8))
        in.participants[x].unavailable.push_back(s);

  for (int k = 0; k < max_meetings; ++k) {
    int a, b;
    if (tables) {
      a = suppliers[pick(0, static_cast<int>(suppliers.size()) - 1)];
      b = suppliers[pick(0, static_cast<int>(suppliers.size()) - 1)];
      if (a == b) continue;
    } else {
      a = buyers[pick(0, static_cast<int>(buyers.size()) - 1)];
      b = suppliers[pick(0, static_cast<int>(suppliers.size()) - 1)];
    }
    const bool required =
        shape == Shape::kAllRequired || (shape == Shape::kTables ? chance(35) : chance(15));
    const int m = add_meeting(in, "m" + std::to_string(k), a, b, required);
    Meeting& meeting = in.meetings[m];
    if (!in.slots[0].session.empty() && chance(25))
      meeting.session = chance(50) ? "morning" : "afternoon";
    if (chance(30)) meeting.preferred = {pick(0, slots - 1)};
    if (chance(30)) meeting.weight = pick(1, 5);
    if ((shape == Shape::kLocked && chance(25)) || chance(3)) {
      // Mostly a slot both can attend, as a locked meeting in an application would be.
      const int s = pick(0, slots - 1);
      const auto& ua = in.participants[a].unavailable;
      const auto& ub = in.participants[b].unavailable;
      const bool attendable = std::find(ua.begin(), ua.end(), s) == ua.end() &&
                              std::find(ub.begin(), ub.end(), s) == ub.end();
      if (attendable || chance(10)) meeting.fixed_slot = s;
      if (meeting.session && in.slots[s].session != *meeting.session && chance(90))
        meeting.session.reset();
    }
    if (in.rooms.kind == Rooms::Kind::kList && chance(5))
      meeting.fixed_room = pick(0, static_cast<int>(in.rooms.list.size()) - 1);
    if (m > 0 && chance(15)) meeting.after = {pick(0, m - 1)};
  }
  if (chance(25)) in.fairness.max_break_spread = pick(tiny ? 0 : 1, 2);
  auto valid = validate_instance(in);
  REQUIRE_MESSAGE(valid.ok(), valid.error());
  return valid.value();
}

// The lottery of scheduler/FORMAT.md, written here from the text: a supplier's position is the
// order of splitmix64(seed XOR fnv1a(id)).
std::uint64_t lottery_ticket(std::uint64_t seed, const std::string& id) {
  std::uint64_t x = 0xcbf29ce484222325ULL;
  for (unsigned char c : id) x = (x ^ c) * 0x100000001b3ULL;
  x = (seed ^ x) + 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The objective as a minimisation key: coverage, then who is left out (per supplier in lottery
// order, 1 = no meeting: leaving out a supplier higher in the lottery is worse), then the rest.
struct Key {
  long coverage_loss = 0;
  std::vector<int> left_out;
  long weight_loss = 0, moved = 0, breaks = 0, preferred_loss = 0;
  auto operator<=>(const Key&) const = default;
};

Key key_of(const Instance& in, const Schedule& schedule, const Objective& o, std::uint64_t seed) {
  std::vector<std::pair<std::uint64_t, int>> order;
  for (int x = 0; x < static_cast<int>(in.participants.size()); ++x)
    if (in.participants[x].kind == ParticipantKind::kSupplier)
      order.push_back({lottery_ticket(seed, in.participants[x].id), x});
  std::sort(order.begin(), order.end());
  std::vector<char> met(in.participants.size(), 0);
  for (const Assignment& a : schedule.assignments)
    for (int who : in.meetings[a.meeting].between) met[who] = 1;
  Key key{-o.coverage, {}, -o.weight, o.moved, o.breaks, -o.preferred};
  for (const auto& [ticket, x] : order) key.left_out.push_back(met[x] ? 0 : 1);
  return key;
}

struct BruteForce {
  bool feasible = false;
  Objective best;
  Key best_key;
};

// Enumerates every assignment of every meeting to (slot, room) or "not placed" and keeps the
// schedules the checker accepts. Exponential: tiny instances only.
// The number of complete assignments brute_force() enumerates.
long brute_force_size(const Instance& in) {
  const long rooms =
      in.rooms.kind == Rooms::Kind::kList ? static_cast<long>(in.rooms.list.size()) : 1;
  const long values = 1 + static_cast<long>(in.slots.size()) * std::max(rooms, 1L);
  long size = 1;
  for (size_t i = 0; i < in.meetings.size(); ++i) size *= values;
  return size;
}

BruteForce brute_force(const Instance& in, std::uint64_t seed = 1,
                       const std::optional<Schedule>& previous = std::nullopt) {
  const int slots = static_cast<int>(in.slots.size());
  const int rooms =
      in.rooms.kind == Rooms::Kind::kList ? static_cast<int>(in.rooms.list.size()) : 0;
  std::vector<std::pair<int, int>> values{{-1, -1}};
  for (int s = 0; s < slots; ++s) {
    if (rooms == 0) values.push_back({s, -1});
    for (int r = 0; r < rooms; ++r) values.push_back({s, r});
  }
  BruteForce result;
  const int n = static_cast<int>(in.meetings.size());
  std::vector<int> choice(n, 0);
  std::function<void(int)> go = [&](int m) {
    if (m == n) {
      Schedule candidate;
      candidate.status = Status::kFeasible;
      for (int i = 0; i < n; ++i) {
        const auto [s, r] = values[choice[i]];
        if (s < 0) {
          if (!in.meetings[i].required) candidate.unscheduled.push_back({i, "left out"});
          continue;
        }
        Assignment a{i, s, std::nullopt};
        if (r >= 0) a.room = r;
        candidate.assignments.push_back(a);
      }
      const CheckReport first = check_schedule(in, candidate, previous);
      candidate.objective = first.objective;
      if (!check_schedule(in, candidate, previous).valid()) return;
      Key key = key_of(in, candidate, candidate.objective, seed);
      if (!result.feasible || key < result.best_key) {
        result.best = candidate.objective;
        result.best_key = std::move(key);
      }
      result.feasible = true;
      return;
    }
    for (int v = 0; v < static_cast<int>(values.size()); ++v) {
      choice[m] = v;
      go(m + 1);
    }
  };
  go(0);
  return result;
}

// A tiny conference day as to_instance builds one: panels (buyers, sometimes sharing a person)
// with their own rooms, suppliers asking for one or two panels, travel windows as unavailable
// slots, preferred slots, optional meetings of weight 1 with the room fixed, sometimes a lock,
// sometimes a second digital room shared by the panels.
Instance random_conference_day(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](int percent) { return pick(1, 100) <= percent; };
  Instance in = day(pick(2, 4));
  const int slots = static_cast<int>(in.slots.size());
  const int panels = pick(1, 2);
  const bool digital = chance(30);
  std::vector<int> buyers, suppliers;
  for (int i = 0; i < panels; ++i) {
    const int b = add_participant(in, "panel" + std::to_string(i), ParticipantKind::kBuyer);
    in.participants[b].members = {"own" + std::to_string(i)};
    if (chance(50)) in.participants[b].members.push_back("kari");
    in.participants[b].people = static_cast<int>(in.participants[b].members.size());
    add_room(in, "room" + std::to_string(i), 8);
    buyers.push_back(b);
  }
  if (digital) add_room(in, "teams");
  const int n = pick(2, 4);
  for (int i = 0; i < n; ++i) {
    const int s = add_participant(in, "s" + std::to_string(i));
    if (chance(40)) {
      const int from = pick(0, slots - 1);
      for (int t = 0; t < from; ++t) in.participants[s].unavailable.push_back(t);
    }
    suppliers.push_back(s);
  }
  int count = 0;
  for (int s : suppliers) {
    const bool online = digital && chance(30);
    for (int b : buyers) {
      if (count >= 5 || (count > 0 && !chance(60))) continue;
      const int m = add_meeting(in, "m" + std::to_string(count++), b, s, false);
      in.meetings[m].fixed_room = online ? panels : b - buyers.front();
      if (chance(30)) in.meetings[m].preferred = {pick(0, slots - 1)};
      if (chance(10)) {
        const int t = pick(0, slots - 1);
        const auto& u = in.participants[s].unavailable;
        if (std::find(u.begin(), u.end(), t) == u.end()) in.meetings[m].fixed_slot = t;
      }
    }
  }
  auto valid = validate_instance(in);
  REQUIRE_MESSAGE(valid.ok(), valid.error());
  return valid.value();
}

std::string without_timing(std::string json) {
  const auto at = json.find("\"solve_ms\"");
  if (at == std::string::npos) return json;
  const auto end = json.find('\n', at);
  return json.erase(at, end - at);
}

constexpr std::array<Shape, 4> kShapes{Shape::kOnePanel, Shape::kSharedMembers, Shape::kTables,
                                       Shape::kLocked};

}  // namespace

TEST_CASE("the checker accepts every schedule the solver returns on random instances") {
  std::mt19937 rng(20261125);
  int solved = 0, verdicts = 0;
  for (int round = 0; round < 300; ++round) {
    const Shape shape = kShapes[round % kShapes.size()];
    const Instance in = random_instance(rng, shape, false);
    if (!solved_in_this_build(round)) continue;
    SolveOptions options;
    options.seed = static_cast<std::uint64_t>(round);
    const Schedule schedule = solve(in, options, fake_clock);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    REQUIRE(schedule.status != Status::kUnknown);
    if (schedule.status == Status::kInfeasible) {
      ++verdicts;
      CHECK(!schedule.reason.empty());
      continue;
    }
    ++solved;
    const CheckReport report = check_schedule(in, schedule);
    for (const auto& violation : report.violations) FAIL_CHECK(violation);
  }
  MESSAGE(solved << " schedules checked, " << verdicts << " infeasibility verdicts");
  CHECK(solved > 150 / kSolveEvery);  // and the rest are verdicts with reasons
}

TEST_CASE("on tiny instances the solver agrees with brute force on feasibility and coverage") {
  std::mt19937 rng(7);
  int compared = 0, infeasible = 0, optimal = 0, positive_bounds = 0;
  std::mt19937 b2b_rng(8);
  for (int round = 0; round < 1400; ++round) {
    // The first 400 rounds are the four general shapes; then the benchmark's shape.
    const Instance in = round < 400 ? random_instance(rng, kShapes[round % kShapes.size()], true)
                                    : random_instance(b2b_rng, Shape::kAllRequired, true);
    if (in.meetings.size() > 4 || brute_force_size(in) > 20'000) continue;
    if (!solved_in_this_build(round)) continue;
    SolveOptions options;
    options.seed = static_cast<std::uint64_t>(round);
    const BruteForce truth = brute_force(in, options.seed);
    const Schedule schedule = solve(in, options, fake_clock);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    CAPTURE(write_schedule(schedule, in));
    ++compared;
    if (!truth.feasible) {
      ++infeasible;
      CHECK(schedule.status == Status::kInfeasible);
      continue;
    }
    REQUIRE(schedule.status != Status::kInfeasible);
    REQUIRE(schedule.status != Status::kUnknown);
    CHECK(check_schedule(in, schedule).valid());
    CHECK(schedule.objective.coverage == truth.best.coverage);
    // The bound on breaks holds for the best schedule (it is a bound given the levels above).
    REQUIRE(schedule.bound_breaks.has_value());
    CHECK(*schedule.bound_breaks <= truth.best.breaks);
    if (*schedule.bound_breaks > 0) ++positive_bounds;
    if (schedule.status == Status::kOptimal) {
      // Every claim of optimality is checked, level by level.
      ++optimal;
      CHECK(schedule.objective.coverage == truth.best.coverage);
      CHECK(key_of(in, schedule, schedule.objective, options.seed).left_out ==
            truth.best_key.left_out);
      CHECK(schedule.objective.weight == truth.best.weight);
      CHECK(schedule.objective.moved == truth.best.moved);
      CHECK(schedule.objective.breaks == truth.best.breaks);
      CHECK(schedule.objective.preferred == truth.best.preferred);
      CHECK(*schedule.bound_breaks == schedule.objective.breaks);
    }
  }
  MESSAGE(compared << " tiny instances compared with brute force, " << infeasible << " infeasible, "
                   << optimal << " claimed optimal, " << positive_bounds
                   << " with a positive bound on breaks");
  CHECK(compared > 200 / kSolveEvery);
  CHECK(infeasible > 5 / kSolveEvery);
  CHECK(optimal > 100 / kSolveEvery);
  CHECK(positive_bounds > 5 / kSolveEvery);
}

TEST_CASE("on tiny conference days every optimal verdict agrees with brute force on every level") {
  std::mt19937 rng(11);
  int compared = 0, optimal = 0, with_previous = 0;
  for (int round = 0; round < 600; ++round) {
    const Instance in = random_conference_day(rng);
    if (brute_force_size(in) > 40'000) continue;
    if (!solved_in_this_build(round)) continue;
    SolveOptions options;
    options.seed = static_cast<std::uint64_t>(round);
    // Every third day is a re-run: the previous schedule is the solver's own for another seed.
    std::optional<Schedule> previous;
    if (round % 3 == 0) {
      SolveOptions other;
      other.seed = options.seed + 1000;
      previous = solve(in, other, fake_clock);
      options.previous = &*previous;
      ++with_previous;
    }
    const BruteForce truth = brute_force(in, options.seed, previous);
    const Schedule schedule = solve(in, options, fake_clock);
    CAPTURE(round);
    CAPTURE(write_instance(in));
    CAPTURE(write_schedule(schedule, in));
    if (!truth.feasible) {  // two locks in one place
      CHECK(schedule.status == Status::kInfeasible);
      continue;
    }
    ++compared;
    const CheckReport report = check_schedule(in, schedule, previous);
    for (const auto& violation : report.violations) FAIL_CHECK(violation);
    REQUIRE(report.valid());
    REQUIRE(schedule.bound_breaks.has_value());
    CHECK(*schedule.bound_breaks <= truth.best.breaks);
    const Key key = key_of(in, schedule, schedule.objective, options.seed);
    // Nothing beats brute force; and optimal means equal on every level, the lottery included.
    CHECK(!(key < truth.best_key));
    if (schedule.status == Status::kOptimal) {
      ++optimal;
      CHECK(key == truth.best_key);
      CHECK(*schedule.bound_breaks == schedule.objective.breaks);
    }
  }
  MESSAGE(compared << " tiny conference days compared with brute force (" << with_previous
                   << " re-runs), " << optimal << " claimed optimal");
  CHECK(compared > 600 / 2 / kSolveEvery);
  CHECK(optimal > compared * 9 / 10);
}

TEST_CASE("the same instance and seed give byte-identical schedules") {
  std::mt19937 rng(99);
  for (int round = 0; round < 40; ++round) {
    const Instance in = random_instance(rng, kShapes[round % kShapes.size()], false);
    SolveOptions options;
    options.seed = 5;
    const std::string first = write_schedule(solve(in, options, fake_clock), in);
    const std::string again = write_schedule(solve(in, options, fake_clock), in);
    CHECK(without_timing(first) == without_timing(again));
  }
}

TEST_CASE("shuffling the order of the input does not change the schedule") {
  std::mt19937 rng(3);
  for (int round = 0; round < 60; ++round) {
    const Instance in = random_instance(rng, kShapes[round % kShapes.size()], false);
    Instance shuffled = in;
    // Shuffle meetings (fixing up `after`) and reverse participants (fixing up references).
    std::vector<int> order(in.meetings.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<int> new_index(order.size());
    for (size_t i = 0; i < order.size(); ++i) new_index[order[i]] = static_cast<int>(i);
    const int np = static_cast<int>(in.participants.size());
    std::reverse(shuffled.participants.begin(), shuffled.participants.end());
    for (size_t i = 0; i < order.size(); ++i) {
      Meeting meeting = in.meetings[order[i]];
      for (int& who : meeting.between) who = np - 1 - who;
      for (int& before : meeting.after) before = new_index[before];
      shuffled.meetings[i] = meeting;
    }
    auto valid = validate_instance(shuffled);
    REQUIRE_MESSAGE(valid.ok(), valid.error());
    if (!solved_in_this_build(round)) continue;
    SolveOptions options;
    options.seed = 11;
    const Schedule a = solve(in, options, fake_clock);
    const Schedule b = solve(valid.value(), options, fake_clock);
    CAPTURE(round);
    CHECK(a.status == b.status);
    CHECK(a.objective.coverage == b.objective.coverage);
    CHECK(a.objective == b.objective);
    // The same meetings (by id) in the same places.
    std::map<std::string, std::pair<int, std::optional<int>>> places_a, places_b;
    for (const auto& x : a.assignments) places_a[in.meetings[x.meeting].id] = {x.slot, x.room};
    for (const auto& x : b.assignments)
      places_b[valid.value().meetings[x.meeting].id] = {x.slot, x.room};
    CHECK(places_a == places_b);
  }
}
