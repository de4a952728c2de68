// The solver: always correct; optimal where it can prove it.
//
// Four phases, each keeping every hard constraint except where said:
//   1. Required meetings (and meetings that are effectively required: locked to a slot, or a
//      predecessor of a required meeting) by depth-first search with forward checking. The search
//      is complete: when it ends without a schedule, no schedule places them all ("infeasible").
//      It is bounded by a node budget; running out of it gives "unknown", never a false verdict.
//   2. Optional meetings, coverage first: suppliers in lottery order (a hash of the seed and the
//      supplier's id, so the order of the input plays no part) each get one meeting before anyone
//      gets a second; a blocked meeting may push one other meeting to a free place.
//   3. Local search on the lexicographic objective (break-spread excess, coverage, weight, moved,
//      breaks, preferred): relocations, swaps, insertions and removals, accepted when not worse.
//      If the fairness bound still does not hold, a complete search over all meetings with the
//      bound checked at each leaf decides (schedule, "infeasible", or "unknown" when over budget).
//   4. Simulated annealing on breaks over Kempe-chain moves, never worsening a level above
//      breaks (see reduce_breaks), then preferred slots by Kempe chains (raise_preferred).
// The exact path (conference days: every meeting has at most one supplier, every forced meeting
// is locked, no `after` rules) replaces phases 2 and 3: a flow relaxation (flow_bounds) proves
// the best coverage, lottery outcome, weight and stability any schedule can have, and its best
// meeting set, placed by the complete search of phase 1 (place_chosen), reaches them. After
// phase 4, a bound from the hosts' runs of slots (hosts_breaks_bound) and then a SAT encoding
// on CaDiCaL (settle_lower_levels) decide breaks, and the encoding then preferred
// slots exactly among the schedules that good (not with a fairness bound); the LP relaxation of
// that encoding (day_programme, on CLP) bounds breaks and preferred slots where a refutation by
// SAT would take too long, and CBC's branch and cut on its integer points
// (best_integer_point) settles the breaks and the preferred count where SAT stops short.
// The B2B shape (breaks_only: every meeting forced, nothing but breaks can differ) ends with the
// SAT search of b2b_sat.h instead, from the schedule of phase 4: it proves the fewest breaks
// under the fairness rule (or improves the schedule towards them). Where the phases find no valid
// schedule, it finds a first one, or decides there is none (first_schedule_by_sat), before the
// complete fairness search.
//
// What is proven: "infeasible" only after a complete search (phase 1, the fairness search, or
// an unsatisfiable SAT formula of the B2B shape), or when the break bounds below show the
// fairness rule out of reach (fairness_out_of_reach);
// bound.breaks by breaks_lower_bound (per-participant matchings into runs of slots, plus the
// fairness rule), on the exact path by hosts_breaks_bound (hosts that share a person, with the
// suppliers of the lottery's set only they can meet), or the bound the SAT searches or the LP
// relaxation proved; "optimal" only when
// is_provably_optimal finds every level at a bound that holds for every valid schedule that is
// optimal on the levels above it, or settled by the SAT search (or the LP bound on preferred
// slots, or CBC). Everything else says "feasible".
//
// Determinism: every choice comes from the instance and the seed; loops run over meetings and
// participants in the order of their ids, not of the input (the SAT variables too). Work budgets
// are counted in steps (CaDiCaL: conflicts per call), so the wall-clock limit changes the result
// only when it actually cuts the search short (or, for the annealing, once 80 % of it has
// passed).
#include "scheduler/solver.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cadical.hpp>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <tuple>

#include "scheduler/b2b_sat.h"
#include "scheduler/cnf.h"
#include "scheduler/host_runs.h"
#include "scheduler/level_search.h"
#include "scheduler/lp.h"
#include "scheduler/min_cost_flow.h"

namespace dialogdag::sched {
namespace {

constexpr int kUnplaced = -1;

// Bits set in x. std::popcount compiles to a library call without -mpopcnt; this is inline.
int bits(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// A small, fully specified generator: the same seed gives the same stream on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return state_ = splitmix64(state_); }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t state_;
};

struct Value {
  int slot;
  int room;  // index into rooms.list, or kUnplaced when rooms is not a list
};

// Lexicographic score, smaller is better, compared member by member. The first two levels are
// hard rules: a schedule is valid exactly when both are 0. `unlucky` settles who is covered when
// coverage is tied: one bit per supplier, the best lottery position in the most significant bit,
// set when that supplier has no meeting; so a supplier higher in the lottery is never left out
// in favour of one lower down, whatever the levels below coverage would gain from it.
struct Score {
  long forced_missing = 0;
  long fairness_excess = 0;
  long coverage_loss = 0;
  std::vector<std::uint64_t> unlucky;
  long weight_loss = 0;
  long moved = 0;
  long breaks = 0;
  long preferred_loss = 0;

  auto operator<=>(const Score&) const = default;
};

// The instance as the search sees it: integer resources and precomputed domains.
struct Problem {
  const Instance* instance = nullptr;
  int slots = 0, meetings = 0, participants = 0, rooms = 0;
  int tables = -1;  // -1 = no per-slot limit
  int resource_count = 0;
  std::vector<std::vector<int>> resources;    // per meeting: participants, then persons (offset)
  std::vector<std::vector<Value>> domain;     // per meeting: values keeping every unary rule
  std::vector<std::vector<int>> successors;   // per meeting: meetings listing it in `after`
  std::vector<std::vector<int>> meetings_of;  // per participant
  std::vector<char> forced;                   // required, locked, or before a forced meeting
  std::vector<int> by_id;                     // meeting indexes in id order
  std::vector<int> participants_by_id;
  std::vector<std::uint64_t> lottery;        // per participant
  std::vector<int> suppliers_by_lottery;     // the lottery's outcome, position 1 first
  std::vector<int> supplier_rank;            // 0-based lottery position; -1 for non-suppliers
  std::vector<std::uint64_t> meeting_hash;   // per meeting, of its id: tie-breaks never see
                                             // the input order
  std::vector<std::vector<char>> preferred;  // [meeting][slot]
  std::vector<Value> previous;               // per meeting; slot kUnplaced = not in previous
  std::optional<int> spread;
  std::vector<char> ordered_out;  // domain emptied by `after` rules alone
  std::vector<int> hint;          // per meeting: slot tried right after the previous place, or
                                  // kUnplaced (empty: no hints)
};

// Removes values that the `after` rules rule out whatever else happens: a placed meeting comes
// after all its predecessors, so not before their earliest slot + 1; a predecessor of a forced
// meeting comes before that meeting's latest slot. Repeated to a fixed point (a cycle of
// `after` empties the domains on it). Marks meetings emptied this way in `ordered_out`.
void narrow_by_order(Problem& p) {
  const Instance& in = *p.instance;
  for (bool changed = true; changed;) {
    changed = false;
    for (int m = 0; m < p.meetings; ++m) {
      if (p.domain[m].empty()) continue;
      int earliest = 0;
      for (int before : in.meetings[m].after) {
        if (p.domain[before].empty()) {
          earliest = p.slots;
          break;
        }
        earliest = std::max(earliest, p.domain[before].front().slot + 1);
      }
      int latest = p.slots - 1;
      for (int after : p.successors[m])
        if (p.forced[after])
          latest = std::min(latest, p.domain[after].empty() ? -1 : p.domain[after].back().slot - 1);
      auto& values = p.domain[m];
      const auto size = values.size();
      values.erase(
          std::remove_if(values.begin(), values.end(),
                         [&](const Value& v) { return v.slot < earliest || v.slot > latest; }),
          values.end());
      if (values.size() != size) {
        changed = true;
        if (values.empty()) p.ordered_out[m] = 1;
      }
    }
  }
}

Problem build_problem(const Instance& in, const SolveOptions& options) {
  Problem p;
  p.instance = &in;
  p.slots = static_cast<int>(in.slots.size());
  p.meetings = static_cast<int>(in.meetings.size());
  p.participants = static_cast<int>(in.participants.size());
  if (in.rooms.kind == Rooms::Kind::kList) p.rooms = static_cast<int>(in.rooms.list.size());
  if (in.rooms.kind == Rooms::Kind::kTables) p.tables = in.rooms.tables;
  p.spread = in.fairness.max_break_spread;

  std::map<std::string, int> person_ids;  // ordered: resource numbers independent of input order
  for (const auto& participant : in.participants)
    for (const auto& person : participant.members) person_ids.emplace(person, 0);
  int next_person = p.participants;
  for (auto& [name, id] : person_ids) id = next_person++;
  p.resource_count = next_person;

  p.resources.resize(p.meetings);
  p.successors.resize(p.meetings);
  p.meetings_of.resize(p.participants);
  p.preferred.assign(p.meetings, std::vector<char>(p.slots, 0));
  for (int m = 0; m < p.meetings; ++m) {
    const Meeting& meeting = in.meetings[m];
    std::vector<int>& res = p.resources[m];
    for (int who : meeting.between) {
      res.push_back(who);
      p.meetings_of[who].push_back(m);
      for (const auto& person : in.participants[who].members) res.push_back(person_ids[person]);
    }
    std::sort(res.begin(), res.end());
    res.erase(std::unique(res.begin(), res.end()), res.end());
    for (int before : meeting.after) p.successors[before].push_back(m);
    for (int s : meeting.preferred) p.preferred[m][s] = 1;
  }

  p.domain.resize(p.meetings);
  p.ordered_out.assign(p.meetings, 0);
  for (int m = 0; m < p.meetings; ++m) {
    const Meeting& meeting = in.meetings[m];
    const Participant& a = in.participants[meeting.between[0]];
    const Participant& b = in.participants[meeting.between[1]];
    std::vector<int> room_choices;
    if (p.rooms > 0) {
      for (int r = 0; r < p.rooms; ++r) {
        const Room& room = in.rooms.list[r];
        if (meeting.fixed_room && *meeting.fixed_room != r) continue;
        if (a.room && *a.room != r) continue;
        if (b.room && *b.room != r) continue;
        if (room.capacity && *room.capacity < a.people + b.people) continue;
        room_choices.push_back(r);
      }
      // Best fit first: the smallest room that seats them leaves big rooms for big groups.
      std::stable_sort(room_choices.begin(), room_choices.end(), [&](int x, int y) {
        const auto cx = in.rooms.list[x].capacity, cy = in.rooms.list[y].capacity;
        return cx.value_or(1 << 30) < cy.value_or(1 << 30);
      });
    } else {
      room_choices.push_back(kUnplaced);
    }
    if (p.tables == 0) room_choices.clear();
    for (int s = 0; s < p.slots; ++s) {
      if (meeting.fixed_slot && *meeting.fixed_slot != s) continue;
      if (meeting.session && in.slots[s].session != *meeting.session) continue;
      if (std::binary_search(a.unavailable.begin(), a.unavailable.end(), s)) continue;
      if (std::binary_search(b.unavailable.begin(), b.unavailable.end(), s)) continue;
      for (int r : room_choices) p.domain[m].push_back({s, r});
    }
  }

  // Forced meetings: required, locked to a slot, or (transitively) before a forced meeting.
  p.forced.assign(p.meetings, 0);
  std::vector<int> stack;
  for (int m = 0; m < p.meetings; ++m) {
    if (in.meetings[m].required || in.meetings[m].fixed_slot) {
      p.forced[m] = 1;
      stack.push_back(m);
    }
  }
  while (!stack.empty()) {
    const int m = stack.back();
    stack.pop_back();
    for (int before : in.meetings[m].after)
      if (!p.forced[before]) p.forced[before] = 1, stack.push_back(before);
  }

  narrow_by_order(p);

  p.by_id.resize(p.meetings);
  std::iota(p.by_id.begin(), p.by_id.end(), 0);
  std::sort(p.by_id.begin(), p.by_id.end(),
            [&](int x, int y) { return in.meetings[x].id < in.meetings[y].id; });
  p.participants_by_id.resize(p.participants);
  std::iota(p.participants_by_id.begin(), p.participants_by_id.end(), 0);
  std::sort(p.participants_by_id.begin(), p.participants_by_id.end(),
            [&](int x, int y) { return in.participants[x].id < in.participants[y].id; });
  for (auto& after : p.successors)
    std::sort(after.begin(), after.end(),
              [&](int x, int y) { return in.meetings[x].id < in.meetings[y].id; });
  for (auto& theirs : p.meetings_of)
    std::sort(theirs.begin(), theirs.end(),
              [&](int x, int y) { return in.meetings[x].id < in.meetings[y].id; });
  for (const auto& meeting : in.meetings) p.meeting_hash.push_back(fnv1a(meeting.id));
  p.lottery.resize(p.participants);
  for (int i = 0; i < p.participants; ++i)
    p.lottery[i] = splitmix64(options.seed ^ fnv1a(in.participants[i].id));

  std::vector<int>& suppliers = p.suppliers_by_lottery;
  for (int x : p.participants_by_id)
    if (in.participants[x].kind == ParticipantKind::kSupplier) suppliers.push_back(x);
  std::stable_sort(suppliers.begin(), suppliers.end(),
                   [&](int x, int y) { return p.lottery[x] < p.lottery[y]; });
  p.supplier_rank.assign(p.participants, -1);
  for (size_t rank = 0; rank < suppliers.size(); ++rank)
    p.supplier_rank[suppliers[rank]] = static_cast<int>(rank);

  p.previous.assign(p.meetings, {kUnplaced, kUnplaced});
  if (options.previous) {
    for (const auto& a : options.previous->assignments) {
      if (a.meeting < 0 || a.meeting >= p.meetings || a.slot < 0 || a.slot >= p.slots) continue;
      p.previous[a.meeting] = {a.slot, a.room.value_or(kUnplaced)};
    }
  }
  return p;
}

// A partial schedule with everything the constraints and the objective need, kept up to date
// by place() and unplace().
class State {
 public:
  explicit State(const Problem& p)
      : p_(p),
        slot_(p.meetings, kUnplaced),
        room_(p.meetings, kUnplaced),
        busy_(static_cast<size_t>(p.resource_count) * p.slots, kUnplaced),
        room_busy_(static_cast<size_t>(std::max(p.rooms, 1)) * p.slots, kUnplaced),
        in_slot_(p.slots, 0),
        count_(p.participants, 0),
        breaks_(p.participants, 0),
        idle_(p.participants, 0),
        mask_(p.participants, 0),
        histogram_(p.slots + 1, 0) {
    histogram_[0] = p.participants;
    forced_total_ = std::count(p.forced.begin(), p.forced.end(), 1);
    // Every meeting of the previous schedule counts as moved until it is placed where it was
    // (not placing it at all moves it too).
    for (const Value& before : p.previous) moved_ += before.slot != kUnplaced;
    int suppliers = 0;
    for (int rank : p.supplier_rank) suppliers += rank >= 0;
    unlucky_.assign((suppliers + 63) / 64, 0);
    for (int rank : p.supplier_rank)
      if (rank >= 0) unlucky_[rank / 64] |= std::uint64_t{1} << (63 - rank % 64);
  }

  int slot(int m) const { return slot_[m]; }
  int room(int m) const { return room_[m]; }
  bool placed(int m) const { return slot_[m] != kUnplaced; }
  int count(int participant) const { return count_[participant]; }
  int breaks(int participant) const { return breaks_[participant]; }
  long idle_slots() const { return total_idle_; }  // slots inside breaks, all participants

  // The meeting occupying resource `res` in slot s, or kUnplaced.
  int occupant(int res, int s) const { return busy_[static_cast<size_t>(res) * p_.slots + s]; }
  int room_occupant(int r, int s) const {
    return room_busy_[static_cast<size_t>(r) * p_.slots + s];
  }
  int in_slot(int s) const { return in_slot_[s]; }

  // Whether meeting m (unplaced) can go to v. With `partial`, predecessors that are not placed
  // yet are allowed (the depth-first search places them later); otherwise they must be placed.
  bool can_place(int m, Value v, bool partial) const {
    for (int res : p_.resources[m])
      if (occupant(res, v.slot) != kUnplaced) return false;
    if (v.room != kUnplaced && room_occupant(v.room, v.slot) != kUnplaced) return false;
    if (p_.tables >= 0 && in_slot_[v.slot] >= p_.tables) return false;
    const Meeting& meeting = p_.instance->meetings[m];
    for (int who : meeting.between) {
      const auto& cap = p_.instance->participants[who].max_meetings;
      if (cap && count_[who] >= *cap) return false;
    }
    for (int before : meeting.after) {
      if (!placed(before)) {
        if (!partial) return false;
      } else if (slot_[before] >= v.slot) {
        return false;
      }
    }
    for (int after : p_.successors[m])
      if (placed(after) && slot_[after] <= v.slot) return false;
    return true;
  }

  // REQUIRES: can_place(m, v, ...)
  void place(int m, Value v) {
    slot_[m] = v.slot;
    room_[m] = v.room;
    for (int res : p_.resources[m]) busy_[static_cast<size_t>(res) * p_.slots + v.slot] = m;
    if (p_.slots <= 64)
      for (int who : p_.instance->meetings[m].between) mask_[who] |= std::uint64_t{1} << v.slot;
    if (v.room != kUnplaced) room_busy_[static_cast<size_t>(v.room) * p_.slots + v.slot] = m;
    ++in_slot_[v.slot];
    account(m, +1);
    for (int who : p_.instance->meetings[m].between) update_breaks(who);
  }

  // REQUIRES: placed(m)
  void unplace(int m) {
    account(m, -1);
    const int s = slot_[m];
    for (int res : p_.resources[m]) busy_[static_cast<size_t>(res) * p_.slots + s] = kUnplaced;
    if (p_.slots <= 64)
      for (int who : p_.instance->meetings[m].between) mask_[who] &= ~(std::uint64_t{1} << s);
    if (room_[m] != kUnplaced) room_busy_[static_cast<size_t>(room_[m]) * p_.slots + s] = kUnplaced;
    --in_slot_[s];
    slot_[m] = room_[m] = kUnplaced;
    for (int who : p_.instance->meetings[m].between) update_breaks(who);
  }

  int spread() const {
    int low = 0, high = p_.slots;
    while (low < high && histogram_[low] == 0) ++low;
    while (high > low && histogram_[high] == 0) --high;
    return high - low;
  }

  // Break count above which a participant breaks the fairness rule (the fewest breaks anyone
  // has plus the allowed spread), or a number no one reaches when there is no rule.
  int fairness_limit() const {
    if (!p_.spread) return p_.slots + 1;
    int low = 0;
    while (low < p_.slots && histogram_[low] == 0) ++low;
    return low + *p_.spread;
  }

  // Participants with more breaks than fairness_limit().
  int over_limit() const {
    int over = 0;
    for (int k = std::max(fairness_limit() + 1, 0); k <= p_.slots; ++k) over += histogram_[k];
    return over;
  }

  Score score() const {
    return {forced_missing(), fairness_excess(), -coverage_, unlucky_, -weight_,
            moved_,           total_breaks_,     -preferred_};
  }

  long forced_missing() const { return forced_total_ - forced_placed_; }
  long fairness_excess() const { return p_.spread ? std::max(0, spread() - *p_.spread) : 0; }

  // Whether the schedule keeps every hard rule (given that each placement kept the others).
  bool valid() const { return forced_missing() == 0 && fairness_excess() == 0; }

  Objective objective() const {
    return {static_cast<int>(coverage_), static_cast<int>(weight_), static_cast<int>(moved_),
            static_cast<int>(total_breaks_), static_cast<int>(preferred_)};
  }

 private:
  // Counts meeting m (at its current place) in or out of the objective, all but breaks.
  void account(int m, int sign) {
    const Meeting& meeting = p_.instance->meetings[m];
    if (!meeting.required) weight_ += sign * meeting.weight;
    if (p_.forced[m]) forced_placed_ += sign;
    if (p_.preferred[m][slot_[m]]) preferred_ += sign;
    const Value& before = p_.previous[m];
    if (before.slot != kUnplaced && before.slot == slot_[m] && before.room == room_[m])
      moved_ -= sign;  // back in its previous place (see the constructor)
    for (int who : meeting.between) {
      if (const int rank = p_.supplier_rank[who]; rank >= 0) {
        const std::uint64_t bit = std::uint64_t{1} << (63 - rank % 64);
        if (sign > 0 && count_[who] == 0) ++coverage_, unlucky_[rank / 64] &= ~bit;
        if (sign < 0 && count_[who] == 1) --coverage_, unlucky_[rank / 64] |= bit;
      }
      count_[who] += sign;
    }
  }

  // REQUIRES: the busy table already shows the participant's meetings as they now are.
  void update_breaks(int who) {
    int idle = 0;
    const int now = count_breaks(who, idle);
    --histogram_[breaks_[who]];
    ++histogram_[now];
    total_breaks_ += now - breaks_[who];
    breaks_[who] = now;
    total_idle_ += idle - idle_[who];
    idle_[who] = idle;
  }

  // Breaks of participant `who`; `idle` gets the number of slots inside them.
  int count_breaks(int who, int& idle) const {
    if (p_.slots <= 64) {  // from the bit mask of its busy slots: runs of ones, minus one
      const std::uint64_t mask = mask_[who];
      if (mask == 0) return idle = 0;
      const int runs = bits(mask & ~(mask << 1));
      idle = (63 - std::countl_zero(mask)) - std::countr_zero(mask) + 1 - bits(mask);
      return runs - 1;
    }
    int breaks = 0, gap = 0;
    bool seen_meeting = false;
    idle = 0;
    for (int s = 0; s < p_.slots; ++s) {
      if (occupant(who, s) != kUnplaced) {
        if (gap > 0) ++breaks, idle += gap;
        seen_meeting = true;
        gap = 0;
      } else if (seen_meeting) {
        ++gap;
      }
    }
    return breaks;
  }

  const Problem& p_;
  std::vector<int> slot_, room_;
  std::vector<int> busy_, room_busy_;
  std::vector<int> in_slot_;
  std::vector<int> count_, breaks_, idle_;
  std::vector<std::uint64_t> mask_;  // per participant: its busy slots (when slots <= 64)
  std::vector<int> histogram_;       // participants by break count
  long total_idle_ = 0;              // slots inside breaks, over all participants
  long coverage_ = 0, weight_ = 0, moved_ = 0, total_breaks_ = 0, preferred_ = 0;
  long forced_total_ = 0, forced_placed_ = 0;
  std::vector<std::uint64_t> unlucky_;  // see Score
};

// Shared limits of one solve: a step budget (deterministic) and the wall clock (a safety net).
// The clock is read every 256 calls of out_of_time() whatever else happens, so observing it
// (the heartbeat, called at most once a second from those reads) cannot change the search;
// reading it more often (out_of_time_now) changes the result only where the deadline or the
// late mark has passed, which the reads only notice sooner.
class Budget {
 public:
  // `late_ms`: from then on the search should wrap up (the annealing stops exploring).
  Budget(const ClockMs& now, std::int64_t late_ms, std::int64_t deadline_ms)
      : now_(now), late_ms_(late_ms), deadline_ms_(deadline_ms) {}
  // Reads the clock on every 256th call (cheap enough for the innermost loops).
  bool out_of_time() {
    if (timed_out_) return true;
    if ((++calls_ & 255) == 0) return out_of_time_now();
    return false;
  }
  // Reads the clock on every call: for callers that ask seldom (CBC's events).
  bool out_of_time_now() {
    if (timed_out_) return true;
    const std::int64_t now = now_();
    last_reading_ = now;
    if (now >= deadline_ms_) timed_out_ = true;
    if (now >= late_ms_) late_ = true;
    if (heartbeat_ && now >= next_beat_ms_) {
      next_beat_ms_ = now + 1000;
      heartbeat_(now);
    }
    return timed_out_;
  }
  bool timed_out() const { return timed_out_; }
  bool late() const { return late_; }
  std::int64_t ms_left() const { return deadline_ms_ - now_(); }
  // As of out_of_time_now's last reading (before the first: as if read at 0), without reading
  // the clock again: for CBC's events, where a test's ticking clock counts the readings.
  std::int64_t ms_left_at_last_reading() const { return deadline_ms_ - last_reading_; }
  void set_heartbeat(std::function<void(std::int64_t)> beat, std::int64_t first_ms) {
    heartbeat_ = std::move(beat);
    next_beat_ms_ = first_ms;
  }

 private:
  const ClockMs& now_;
  std::int64_t late_ms_, deadline_ms_;
  std::uint64_t calls_ = 0;
  bool timed_out_ = false, late_ = false;
  std::int64_t last_reading_ = 0;
  std::function<void(std::int64_t)> heartbeat_;
  std::int64_t next_beat_ms_ = 0;
};

// Orders the values of meeting m: previous place first, then slots next to the participants'
// other meetings (fewer breaks), then preferred slots, then a seeded lottery.
std::vector<Value> ordered_values(const Problem& p, const State& state, int m, std::uint64_t seed) {
  std::vector<std::pair<std::uint64_t, Value>> keyed;
  const Meeting& meeting = p.instance->meetings[m];
  for (const Value& v : p.domain[m]) {
    std::uint64_t neighbours = 0;
    for (int who : meeting.between)
      for (int d : {-1, 1}) {
        const int s = v.slot + d;
        if (s >= 0 && s < p.slots && state.occupant(who, s) != kUnplaced) ++neighbours;
      }
    const bool was_here = p.previous[m].slot == v.slot && p.previous[m].room == v.room;
    const bool hinted = !p.hint.empty() && p.hint[m] == v.slot;
    const std::uint64_t key = (std::uint64_t{!was_here} << 62) | (std::uint64_t{!hinted} << 61) |
                              ((4 - neighbours) << 58) |
                              (std::uint64_t{!p.preferred[m][v.slot]} << 57) |
                              (splitmix64(seed ^ p.meeting_hash[m] ^ v.slot) >> 8);
    keyed.push_back({key, v});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<Value> values;
  for (const auto& [key, v] : keyed) values.push_back(v);
  return values;
}

enum class SearchOutcome { kFound, kExhausted, kOutOfBudget };

// The Luby sequence 1 1 2 1 1 2 4 1 1 2 1 1 2 4 8 ...: restart lengths with a proven worst case
// within a log factor of the best fixed cutoff.
long luby(long i) {
  for (long k = 1;; ++k) {
    if (i == (1L << k) - 1) return 1L << (k - 1);
    if (i < (1L << k) - 1) return luby(i - (1L << (k - 1)) + 1);
  }
}

// Complete depth-first search over `vars`: every forced meeting gets a value; optional ones
// (when included) get a value or stay unplaced, tried last. Most constrained meeting first.
// `accept` judges a complete assignment (the fairness bound). On kFound the state holds the
// solution; otherwise the state is as it was.
class DepthFirst {
 public:
  DepthFirst(const Problem& p, State& state, Budget& budget, std::uint64_t seed, long node_budget)
      : p_(p), state_(state), budget_(budget), seed_(seed), nodes_left_(node_budget) {}

  template <class Accept>
  SearchOutcome run(std::vector<int> vars, const Accept& accept) {
    vars_ = std::move(vars);
    in_vars_.assign(p_.meetings, 0);
    for (int m : vars_) in_vars_[m] = 1;
    decided_.assign(p_.meetings, 0);
    for (int m = 0; m < p_.meetings; ++m)
      if (state_.placed(m)) decided_[m] = 1;
    out_of_budget_ = false;
    index_neighbours();
    const bool found = descend(accept, 0, kCheckAll);
    if (found) return SearchOutcome::kFound;
    return out_of_budget_ ? SearchOutcome::kOutOfBudget : SearchOutcome::kExhausted;
  }

 private:
  // What changed since the parent node, for the Hall check: kCheckAll at the root, kNothing
  // after leaving an optional meeting out, else the meeting just placed.
  static constexpr int kCheckAll = -1, kNothing = -2;

  template <class Accept>
  bool descend(const Accept& accept, int depth, int just_placed) {
    if (--nodes_left_ < 0 || budget_.out_of_time()) {
      out_of_budget_ = true;
      return false;
    }
    // Most constrained undecided meeting: fewest values; ties: forced first, most busy
    // participants, then id order (vars_ is in id order).
    int best = -1, best_count = 1 << 30, best_load = -1;
    for (int m : vars_) {
      if (decided_[m]) continue;
      int count = 0;
      for (const Value& v : p_.domain[m])
        if (state_.can_place(m, v, true) && ++count >= best_count) break;
      const int load = state_.count(p_.instance->meetings[m].between[0]) +
                       state_.count(p_.instance->meetings[m].between[1]) +
                       (p_.forced[m] ? 1000 : 0);
      if (count < best_count || (count == best_count && load > best_load)) {
        best = m, best_count = count, best_load = load;
      }
      if (best_count == 0 && p_.forced[m]) break;
    }
    if (best == -1) return accept(state_);
    if (best_count == 0 && p_.forced[best]) return false;
    if (!participants_fit_after(just_placed)) return false;
    decided_[best] = 1;
    for (const Value& v : ordered_values(p_, state_, best, seed_ + depth)) {
      if (!state_.can_place(best, v, true)) continue;
      state_.place(best, v);
      if (descend(accept, depth + 1, best)) return true;
      state_.unplace(best);
      if (out_of_budget_) break;
    }
    if (!out_of_budget_ && !p_.forced[best] && descend(accept, depth + 1, kNothing)) return true;
    decided_[best] = 0;
    return false;
  }

  // Hall's condition per participant: its undecided forced meetings need as many distinct
  // slots where it is free and one of them still fits. Catches "10 meetings, 9 usable slots"
  // deep in the tree, long before the search would run into it.
  bool fits(int who) {
    int needed = 0;
    usable_.assign(p_.slots, 0);
    int usable = 0;
    for (int m : p_.meetings_of[who]) {
      if (decided_[m] || !p_.forced[m] || !in_vars_[m]) continue;
      ++needed;
      for (const Value& v : p_.domain[m])
        if (!usable_[v.slot] && state_.can_place(m, v, true)) usable_[v.slot] = 1, ++usable;
    }
    return usable >= needed;
  }
  bool every_participant_fits() {
    for (int who = 0; who < p_.participants; ++who)
      if (!fits(who)) return false;
    return true;
  }
  // The same verdict as every_participant_fits, given that it held at the parent node: only the
  // participants whose check the last placement can have changed are checked again. Placing m
  // in (slot, room) takes m's resources and the room in that slot and decides m; so it touches
  // the participants of meetings sharing a resource with m or able to use that room. A slot
  // that is now full, a participant at its meeting cap, or an order rule on m reaches further:
  // then everyone is checked. (On the 1,000-participant fair of tests/bench the full check at
  // every node took about 3.4 s of the 4.8 s the first placement took.)
  bool participants_fit_after(int just_placed) {
    if (just_placed == kNothing) return true;
    if (just_placed == kCheckAll) return every_participant_fits();
    const int m = just_placed;
    const int slot = state_.slot(m), room = state_.room(m);
    bool everyone = (p_.tables >= 0 && state_.in_slot(slot) >= p_.tables) ||
                    !p_.instance->meetings[m].after.empty() || !p_.successors[m].empty();
    for (int who : p_.instance->meetings[m].between) {
      const auto& cap = p_.instance->participants[who].max_meetings;
      everyone = everyone || (cap && state_.count(who) >= *cap);
    }
    if (everyone) return every_participant_fits();
    ++stamp_;
    auto check = [&](int other) {
      for (int who : p_.instance->meetings[other].between) {
        if (checked_[who] == stamp_) continue;
        checked_[who] = stamp_;
        if (!fits(who)) return false;
      }
      return true;
    };
    for (int res : p_.resources[m])
      for (int other : using_resource_[res])
        if (!check(other)) return false;
    if (room != kUnplaced)
      for (int other : using_room_[room])
        if (!check(other)) return false;
    return true;
  }
  // Who could be touched by a placement: per resource and per room, the meetings in the
  // search's variables that use it.
  void index_neighbours() {
    using_resource_.assign(p_.resource_count, {});
    using_room_.assign(p_.rooms, {});
    checked_.assign(p_.participants, 0);
    for (int m : vars_) {
      for (int res : p_.resources[m]) using_resource_[res].push_back(m);
      for (const Value& v : p_.domain[m])  // once per room: m is the last pushed while it is read
        if (v.room != kUnplaced && (using_room_[v.room].empty() || using_room_[v.room].back() != m))
          using_room_[v.room].push_back(m);
    }
  }

  const Problem& p_;
  State& state_;
  Budget& budget_;
  std::uint64_t seed_;
  long nodes_left_;
  std::vector<char> in_vars_;
  std::vector<char> usable_;
  std::vector<int> vars_;
  std::vector<char> decided_;
  std::vector<std::vector<int>> using_resource_, using_room_;
  std::vector<unsigned> checked_;  // per participant: stamp_ when checked at this node
  unsigned stamp_ = 0;
  bool out_of_budget_ = false;
};

// Runs the depth-first search with restarts: each attempt has its own value-order seed and a
// node limit growing along the Luby sequence, so that one unlucky early choice does not sink the
// whole budget. An attempt that exhausts its tree is a proof (the tree is complete whatever the
// order), so kExhausted is still a verdict.
template <class Accept>
SearchOutcome search_with_restarts(const Problem& p, State& state, Budget& budget,
                                   std::uint64_t seed, long node_budget, std::vector<int> vars,
                                   const Accept& accept) {
  const long unit = std::max<long>(1'000, 4L * static_cast<long>(vars.size()));
  for (long attempt = 1; node_budget > 0; ++attempt) {
    const long limit = std::min(node_budget, unit * luby(attempt));
    node_budget -= limit;
    DepthFirst search(p, state, budget, splitmix64(seed + static_cast<std::uint64_t>(attempt)),
                      limit);
    const SearchOutcome outcome = search.run(vars, accept);
    if (outcome != SearchOutcome::kOutOfBudget || budget.timed_out()) return outcome;
  }
  return SearchOutcome::kOutOfBudget;
}

// Tries to place unplaced meeting m in a free value, or by moving one blocking meeting (not
// locked) to another free value. Returns whether m is now placed.
bool place_with_one_push(const Problem& p, State& state, int m, std::uint64_t seed) {
  const std::vector<Value> values = ordered_values(p, state, m, seed);
  for (const Value& v : values)
    if (state.can_place(m, v, false)) {
      state.place(m, v);
      return true;
    }
  for (const Value& v : values) {
    std::set<int> blockers;
    for (int res : p.resources[m])
      if (state.occupant(res, v.slot) != kUnplaced) blockers.insert(state.occupant(res, v.slot));
    if (v.room != kUnplaced && state.room_occupant(v.room, v.slot) != kUnplaced)
      blockers.insert(state.room_occupant(v.room, v.slot));
    if (blockers.size() != 1) continue;
    const int other = *blockers.begin();
    if (p.instance->meetings[other].fixed_slot || !p.successors[other].empty()) continue;
    const Value old{state.slot(other), state.room(other)};
    state.unplace(other);
    if (state.can_place(m, v, false)) {
      state.place(m, v);
      for (const Value& w : ordered_values(p, state, other, seed))
        if (state.can_place(other, w, false)) {
          state.place(other, w);
          return true;
        }
      state.unplace(m);
    }
    state.place(other, old);
  }
  return false;
}

// Phase 2: optional meetings, one per supplier in lottery order, then the rest by weight.
void place_optional(const Problem& p, State& state, std::uint64_t seed) {
  const Instance& in = *p.instance;
  auto heavier_first = [&](std::vector<int>& ms) {
    std::stable_sort(ms.begin(), ms.end(), [&](int x, int y) {
      if (in.meetings[x].weight != in.meetings[y].weight)
        return in.meetings[x].weight > in.meetings[y].weight;
      return splitmix64(seed ^ fnv1a(in.meetings[x].id)) <
             splitmix64(seed ^ fnv1a(in.meetings[y].id));
    });
  };
  for (int who : p.suppliers_by_lottery) {
    if (state.count(who) > 0) continue;
    std::vector<int> candidates;
    for (int m : p.meetings_of[who])
      if (!state.placed(m)) candidates.push_back(m);
    std::sort(candidates.begin(), candidates.end(),
              [&](int x, int y) { return in.meetings[x].id < in.meetings[y].id; });
    heavier_first(candidates);
    for (int m : candidates)
      if (place_with_one_push(p, state, m, seed)) break;
  }
  std::vector<int> rest;
  for (int m : p.by_id)
    if (!state.placed(m)) rest.push_back(m);
  heavier_first(rest);
  for (int m : rest) place_with_one_push(p, state, m, seed);
}

// Changes to a State that can be taken back: every move of the local search goes through one.
class Journal {
 public:
  explicit Journal(State& state) : state_(state) {}

  void place(int m, Value v) {
    remember(m);
    state_.place(m, v);
  }
  void unplace(int m) {
    remember(m);
    state_.unplace(m);
  }
  // Puts every touched meeting back where it was.
  void undo() {
    for (const auto& [m, v] : original_)
      if (state_.placed(m)) state_.unplace(m);
    for (const auto& [m, v] : original_)
      if (v.slot != kUnplaced) state_.place(m, v);
    original_.clear();
  }
  bool empty() const { return original_.empty(); }

 private:
  void remember(int m) {
    for (const auto& entry : original_)
      if (entry.first == m) return;
    original_.push_back({m, {state_.slot(m), state_.room(m)}});
  }

  State& state_;
  std::vector<std::pair<int, Value>> original_;
};

// Whether meeting m may be taken out: not locked, and no placed meeting waits for it.
bool removable(const Problem& p, const State& state, int m) {
  if (p.instance->meetings[m].fixed_slot) return false;
  for (int after : p.successors[m])
    if (state.placed(after)) return false;
  return true;
}

// Places m in the first value (in the usual order) where it fits. Returns whether it did.
bool place_anywhere(const Problem& p, State& state, Journal& journal, int m, std::uint64_t seed) {
  for (const Value& v : ordered_values(p, state, m, seed))
    if (state.can_place(m, v, false)) {
      journal.place(m, v);
      return true;
    }
  return false;
}

// Compound move: puts m at v, taking out whatever stands in the way there (meetings sharing a
// participant, person, room or the last table in that slot; a meeting of a participant at its
// max_meetings), then finds new places for what was taken out and tries the meetings that were
// waiting for m. Returns false (changes may remain in the journal) when m cannot go to v.
bool eject_and_insert(const Problem& p, State& state, Journal& journal, int m, Value v,
                      Random& random, std::uint64_t seed) {
  if (state.placed(m)) journal.unplace(m);
  std::vector<int> ejected;
  auto eject = [&](int other) {
    if (other == kUnplaced || other == m || !state.placed(other)) return true;
    if (!removable(p, state, other)) return false;
    journal.unplace(other);
    ejected.push_back(other);
    return true;
  };
  for (int res : p.resources[m])
    if (!eject(state.occupant(res, v.slot))) return false;
  if (v.room != kUnplaced && !eject(state.room_occupant(v.room, v.slot))) return false;
  if (p.tables >= 0 && state.in_slot(v.slot) >= p.tables) {
    std::vector<int> here;
    for (int x : p.by_id)
      if (state.slot(x) == v.slot) here.push_back(x);
    if (here.empty() || !eject(here[random.below(static_cast<int>(here.size()))])) return false;
  }
  for (int who : p.instance->meetings[m].between) {
    const auto& cap = p.instance->participants[who].max_meetings;
    if (!cap || state.count(who) < *cap) continue;
    std::vector<int> theirs;
    for (int x : p.meetings_of[who])
      if (state.placed(x) && removable(p, state, x)) theirs.push_back(x);
    if (theirs.empty() || !eject(theirs[random.below(static_cast<int>(theirs.size()))]))
      return false;
  }
  if (!state.can_place(m, v, false)) return false;
  journal.place(m, v);
  std::sort(ejected.begin(), ejected.end(),
            [&](int x, int y) { return p.instance->meetings[x].id < p.instance->meetings[y].id; });
  for (int other : ejected) place_anywhere(p, state, journal, other, seed);
  for (int after : p.successors[m])
    if (!state.placed(after)) place_anywhere(p, state, journal, after, seed);
  return true;
}

// Whether m's precedences hold against every other meeting, with all predecessors placed.
bool precedence_ok(const Problem& p, const State& state, int m) {
  for (int before : p.instance->meetings[m].after)
    if (!state.placed(before) || state.slot(before) >= state.slot(m)) return false;
  for (int after : p.successors[m])
    if (state.placed(after) && state.slot(after) <= state.slot(m)) return false;
  return true;
}

// Swaps the places of two placed meetings. Returns false when either may not go there.
bool swap_places(const Problem& p, State& state, Journal& journal, int m, int other) {
  const Value at_m{state.slot(m), state.room(m)}, at_other{state.slot(other), state.room(other)};
  auto in_domain = [&](int x, Value v) {
    return std::any_of(p.domain[x].begin(), p.domain[x].end(),
                       [&](const Value& w) { return w.slot == v.slot && w.room == v.room; });
  };
  if (!in_domain(m, at_other) || !in_domain(other, at_m)) return false;
  journal.unplace(m);
  journal.unplace(other);
  if (!state.can_place(m, at_other, true)) return false;
  journal.place(m, at_other);
  if (!state.can_place(other, at_m, true)) return false;
  journal.place(other, at_m);
  return precedence_ok(p, state, m) && precedence_ok(p, state, other);
}

// Phase 3: local search. A move is kept when the score is not worse, and undone otherwise;
// equal scores are kept so that the search can walk across plateaus. It stops after
// `effort` x (20,000 + 200 per meeting) moves, or `effort` x (5,000 + 50 per meeting) moves
// without a better score.
void improve(const Problem& p, State& state, Budget& budget, std::uint64_t seed, long effort) {
  Random random(seed ^ 0x5eed);
  const long iterations = effort * (20'000 + 200L * p.meetings);
  const long patience = effort * (5'000 + 50L * p.meetings);
  std::vector<int> movable;  // in id order, so the input order plays no part
  for (int m : p.by_id)
    if (!p.instance->meetings[m].fixed_slot && !p.domain[m].empty()) movable.push_back(m);
  if (movable.empty()) return;
  Score best = state.score();
  long since_improvement = 0;

  for (long it = 0; it < iterations && since_improvement < patience; ++it) {
    if (budget.out_of_time()) return;
    const int m = movable[random.below(static_cast<int>(movable.size()))];
    const Value v = p.domain[m][random.below(static_cast<int>(p.domain[m].size()))];
    const int kind = random.below(10);
    Journal journal(state);
    bool made = false;
    if (state.placed(m) && kind < 4) {  // relocate to a free place
      journal.unplace(m);
      made = state.can_place(m, v, false);
      if (made) journal.place(m, v);
    } else if (state.placed(m) && kind < 8) {  // swap with a meeting of the same participant
      const auto& theirs = p.meetings_of[p.instance->meetings[m].between[random.below(2)]];
      const int other = theirs[random.below(static_cast<int>(theirs.size()))];
      made = other != m && state.placed(other) && !p.instance->meetings[other].fixed_slot &&
             state.slot(other) != state.slot(m) && swap_places(p, state, journal, m, other);
    } else if (state.placed(m) && kind < 9) {  // take an optional meeting out
      made = !p.forced[m] && removable(p, state, m);
      if (made) journal.unplace(m);
    } else if (!state.placed(m) && kind < 5) {  // put an unplaced meeting in a free place
      made = state.can_place(m, v, false);
      if (made) journal.place(m, v);
    } else {  // move or insert, pushing others aside
      made = eject_and_insert(p, state, journal, m, v, random, seed);
    }
    const Score now = state.score();
    if (!made || now > best) {
      journal.undo();
      ++since_improvement;
      continue;
    }
    since_improvement = now < best ? 0 : since_improvement + 1;
    best = now;
  }
}

// Final pass: every optional meeting that fits somewhere without breaking the fairness bound.
void fill_free_places(const Problem& p, State& state) {
  for (int m : p.by_id) {
    if (state.placed(m)) continue;
    for (const Value& v : p.domain[m]) {
      if (!state.can_place(m, v, false)) continue;
      const Score before = state.score();
      state.place(m, v);
      if (state.score() <= before) break;
      state.unplace(m);
    }
  }
}

// ---- Break minimisation ----------------------------------------------------------------------

// Whether `a` is no worse than `b` on every level above breaks (the hard levels, coverage, the
// lottery, weight, moved).
int compare_above_breaks(const Score& a, const Score& b) {
  const auto ka = std::tie(a.forced_missing, a.fairness_excess, a.coverage_loss, a.unlucky,
                           a.weight_loss, a.moved);
  const auto kb = std::tie(b.forced_missing, b.fairness_excess, b.coverage_loss, b.unlucky,
                           b.weight_loss, b.moved);
  return ka < kb ? -1 : kb < ka ? 1 : 0;
}

// Kempe-chain move between two slots: meeting m goes from its slot s to slot t; every meeting
// in t that shares a participant, person or room with it goes to s, and so on until the two
// sets are closed under conflicts. Swapping a closed chain keeps every participant, person and
// room conflict-free by construction; the tables limit is kept by pulling in one more meeting
// of the fuller slot when needed. Each meeting keeps its room. Returns false when a meeting of
// the chain is locked or may not go to its new slot (changes may then remain in the journal).
class KempeChains {
 public:
  explicit KempeChains(const Problem& p)
      : p_(p),
        mark_(p.meetings, 0),
        allowed_(static_cast<size_t>(p.meetings) * p.slots * std::max(p.rooms, 1), 0),
        rooms_(p.meetings, kUnplaced) {
    for (int m = 0; m < p.meetings; ++m)
      for (const Value& v : p.domain[m]) allowed_[index(m, v.slot, v.room)] = 1;
  }

  bool move(State& state, Journal& journal, int m, int t, Random& random) {
    const int s = state.slot(m);
    if (s == kUnplaced || s == t || t < 0 || t >= p_.slots) return false;
    ++stamp_;
    chain_[0].clear();
    chain_[1].clear();
    const int slot_of[2] = {s, t};
    auto add = [&](int x, int side) {
      if (x == kUnplaced || mark_[x] == stamp_) return;
      mark_[x] = stamp_;
      chain_[side].push_back(x);
    };
    add(m, 0);
    size_t done[2] = {0, 0};
    for (int guard = 0; guard < 2 * p_.meetings + 4; ++guard) {
      bool grew = false;
      for (int side = 0; side < 2; ++side) {
        const int other_slot = slot_of[1 - side];
        for (; done[side] < chain_[side].size(); ++done[side], grew = true) {
          const int x = chain_[side][done[side]];
          for (int res : p_.resources[x]) add(state.occupant(res, other_slot), 1 - side);
          if (state.room(x) != kUnplaced)
            add(state.room_occupant(state.room(x), other_slot), 1 - side);
        }
      }
      if (p_.tables >= 0) {
        const int from_s = static_cast<int>(chain_[0].size()),
                  from_t = static_cast<int>(chain_[1].size());
        const int fill_t = state.in_slot(t) - from_t + from_s;
        const int fill_s = state.in_slot(s) - from_s + from_t;
        const int side = fill_t > p_.tables ? 1 : fill_s > p_.tables ? 0 : -1;
        if (side >= 0) {
          // A random meeting of that slot not yet in the chain: sampled (a slot holds about
          // 1/slots of the meetings), with a full scan when sampling finds none.
          int pick = kUnplaced;
          for (int tries = 0; tries < 4 * p_.slots && pick == kUnplaced; ++tries) {
            const int x = p_.by_id[random.below(p_.meetings)];
            if (state.slot(x) == slot_of[side] && mark_[x] != stamp_) pick = x;
          }
          if (pick == kUnplaced) {
            candidates_.clear();
            for (int x : p_.by_id)
              if (state.slot(x) == slot_of[side] && mark_[x] != stamp_) candidates_.push_back(x);
            if (candidates_.empty()) return false;
            pick = candidates_[random.below(static_cast<int>(candidates_.size()))];
          }
          add(pick, side);
          grew = true;
        }
      }
      if (!grew) break;
    }
    if (done[0] < chain_[0].size() || done[1] < chain_[1].size()) return false;
    for (int side = 0; side < 2; ++side)
      for (int x : chain_[side]) {
        if (p_.instance->meetings[x].fixed_slot) return false;
        if (!allowed_[index(x, slot_of[1 - side], state.room(x))]) return false;
      }
    for (int side = 0; side < 2; ++side)
      for (int x : chain_[side]) {
        rooms_[x] = state.room(x);
        journal.unplace(x);
      }
    for (int side = 0; side < 2; ++side)
      for (int x : chain_[side]) {
        const Value v{slot_of[1 - side], rooms_[x]};
        if (!state.can_place(x, v, true)) return false;
        journal.place(x, v);
      }
    for (int side = 0; side < 2; ++side)
      for (int x : chain_[side])
        if (!precedence_ok(p_, state, x)) return false;
    return true;
  }

 private:
  size_t index(int m, int s, int room) const {
    return (static_cast<size_t>(m) * p_.slots + s) * std::max(p_.rooms, 1) +
           (room == kUnplaced ? 0 : room);
  }

  const Problem& p_;
  std::vector<unsigned> mark_;
  unsigned stamp_ = 0;
  std::vector<char> allowed_;  // [meeting][slot][room]: the value is in the meeting's domain
  std::vector<int> rooms_;     // per meeting: its room while the chain is being moved
  std::vector<int> chain_[2], candidates_;
};

// Where the best schedule so far is kept, so that the annealing can wander and come back.
std::vector<Value> snapshot(const Problem& p, const State& state) {
  std::vector<Value> places(p.meetings);
  for (int m = 0; m < p.meetings; ++m) places[m] = {state.slot(m), state.room(m)};
  return places;
}

void restore(const Problem& p, State& state, const std::vector<Value>& places) {
  for (int m = 0; m < p.meetings; ++m)
    if (state.placed(m)) state.unplace(m);
  for (int m = 0; m < p.meetings; ++m)
    if (places[m].slot != kUnplaced) state.place(m, places[m]);
}

// Phase 4: simulated annealing on breaks. A move may never make a level above breaks worse
// (so the hard rules, including the fairness bound, keep holding); among moves that keep those
// levels equal, the energy (breaks + idle slots inside breaks) may rise by delta with
// probability exp(-delta / T), T cooling geometrically from kHot to kCold over a step budget
// that depends only on the instance. Moves: Kempe chains between two slots; 40 % aimed at a
// participant with breaks (one of its meetings goes next to another of its meetings), 30 % the
// same for a random meeting's participant, 30 % to a random slot of the meeting's domain. Stops
// early when breaks reach `bound` and preferred slots `preferred_bound` (nothing left to gain).
// When the wall clock passes 80 % of the limit, T drops to kCold (the only way the clock can change
// the result short of cutting the search off). Returns with the best schedule seen (by the full
// Score) in `state`.
//
// Tuned on the B2B forum originals (d = 2): about 1-4 s per instance.
constexpr long kStepsPerMeeting = 10'000;
constexpr long kStepsPerMeetingExact = 2'000;
constexpr long kMaxSteps = 4'000'000;
constexpr double kHot = 1.5, kCold = 0.1;

void reduce_breaks(const Problem& p, State& state, Budget& budget, std::uint64_t seed, long bound,
                   long preferred_bound, long steps_per_meeting,
                   const std::function<void(const State&)>& improved) {
  // Done when the schedule is valid and at the bounds on breaks and preferred slots; an invalid
  // one (the fairness rule broken) is worked on too: moves that lower the excess are always
  // taken.
  auto done = [&](const Score& score) {
    return score.forced_missing == 0 && score.fairness_excess == 0 && score.breaks <= bound &&
           -score.preferred_loss >= preferred_bound;
  };
  if (state.forced_missing() > 0 || done(state.score())) return;
  std::vector<int> movable;
  for (int m : p.by_id)
    if (state.placed(m) && !p.instance->meetings[m].fixed_slot) movable.push_back(m);
  if (movable.empty()) return;
  Random random(seed ^ 0xb4ea75ULL);
  KempeChains kempe(p);
  Score current = state.score(), best = current;
  std::vector<Value> best_places = snapshot(p, state);
  const long steps = std::min<long>(kMaxSteps, steps_per_meeting * p.meetings);
  const double cooling = std::pow(kCold / kHot, 1.0 / static_cast<double>(steps));
  double temperature = kHot;
  std::vector<int> theirs;
  // The annealing's energy: breaks plus the idle slots inside them. The idle slots are a
  // gradient towards fewer breaks (a long gap shrinks before it closes); the best schedule is
  // still chosen by the Score, where breaks count and idle slots do not.
  // While the fairness rule is broken, each participant over the limit weighs like ten breaks:
  // a gradient towards repairing it that the excess (max - min) alone does not give.
  auto energy_of = [&](const Score& score) {
    return score.breaks + state.idle_slots() +
           (score.fairness_excess > 0 ? 10L * state.over_limit() : 0L);
  };
  long energy = energy_of(current);
  for (long step = 0; step < steps && !done(best); ++step, temperature *= cooling) {
    if (budget.out_of_time()) break;
    // The wall clock is about to cut the cooling short: spend what is left descending.
    if (budget.late()) temperature = std::min(temperature, kCold);
    int m = movable[random.below(static_cast<int>(movable.size()))];
    int t;
    const int kind = random.below(100);
    if (kind < 40) {
      // A participant with breaks moves one of its meetings next to another of its meetings.
      int who = -1;
      for (int tries = 0; tries < 8 && who < 0; ++tries) {
        const int x = p.participants_by_id[random.below(p.participants)];
        if (state.breaks(x) > 0 &&
            (current.fairness_excess == 0 || state.breaks(x) > state.fairness_limit()))
          who = x;
      }
      if (who < 0) continue;
      theirs.clear();
      for (int x : p.meetings_of[who])
        if (state.placed(x)) theirs.push_back(x);
      if (theirs.size() < 2) continue;
      m = theirs[random.below(static_cast<int>(theirs.size()))];
      if (p.instance->meetings[m].fixed_slot) continue;
      const int anchor = theirs[random.below(static_cast<int>(theirs.size()))];
      t = state.slot(anchor) + (random.below(2) == 0 ? -1 : 1);
    } else if (kind < 70) {
      // Close a gap: a participant of m with breaks moves m next to one of its other meetings.
      const int who = p.instance->meetings[m].between[random.below(2)];
      theirs.clear();
      for (int x : p.meetings_of[who])
        if (x != m && state.placed(x)) theirs.push_back(x);
      if (theirs.empty()) continue;
      const int anchor = theirs[random.below(static_cast<int>(theirs.size()))];
      t = state.slot(anchor) + (random.below(2) == 0 ? -1 : 1);
    } else {
      t = p.domain[m][random.below(static_cast<int>(p.domain[m].size()))].slot;
    }
    if (t < 0 || t >= p.slots || t == state.slot(m)) continue;
    Journal journal(state);
    if (!kempe.move(state, journal, m, t, random)) {
      journal.undo();
      continue;
    }
    const Score now = state.score();
    const int above = compare_above_breaks(now, current);
    bool accept = above < 0;
    if (above == 0) {
      const long delta = energy_of(now) - energy;
      const double draw = static_cast<double>(random.next() >> 11) * 0x1.0p-53;
      accept = delta <= 0 || draw < std::exp(-static_cast<double>(delta) / temperature);
    }
    if (!accept) {
      journal.undo();
      continue;
    }
    current = now;
    energy = energy_of(current);
    if (current < best) {
      best = current;
      best_places = snapshot(p, state);
      improved(state);
    }
  }
  restore(p, state, best_places);
}

// Last level: moves each meeting that is not in a preferred slot into one (a Kempe chain, so the
// meetings in the way swap with it), kept only when the whole Score gets better: never at the
// cost of a break or anything above. Rounds until a round changes nothing.
void raise_preferred(const Problem& p, State& state, Budget& budget, std::uint64_t seed) {
  Random random(seed ^ 0x9ef5ULL);
  KempeChains kempe(p);
  for (bool changed = true; changed;) {
    changed = false;
    for (int m : p.by_id) {
      if (!state.placed(m) || p.preferred[m][state.slot(m)] || p.instance->meetings[m].fixed_slot)
        continue;
      for (int t : p.instance->meetings[m].preferred) {
        if (budget.out_of_time()) return;
        if (!state.placed(m) || p.preferred[m][state.slot(m)]) break;
        const Score before = state.score();
        Journal journal(state);
        if (kempe.move(state, journal, m, t, random) && state.score() < before) {
          changed = true;
          continue;
        }
        journal.undo();
      }
    }
  }
}

// ---- Reasons a person can act on -------------------------------------------------------------

std::string slot_name(const Instance& in, int s) {
  std::string name = "slot " + std::to_string(s);
  if (!in.slots[s].start.empty()) name += " (" + in.slots[s].start + ")";
  return name;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string who(const Instance& in, int participant) {
  const Participant& x = in.participants[participant];
  return x.name.empty() || x.name == x.id ? x.id : x.name + " (" + x.id + ")";
}

// A reason in English and its cause in parts (model.h).
struct Explained {
  std::string reason;
  Cause cause;
};

Explained explained(std::string reason, std::string code,
                    std::vector<std::pair<std::string, std::string>> ids = {},
                    std::vector<std::pair<std::string, int>> numbers = {}) {
  return {std::move(reason), Cause{std::move(code), std::move(ids), std::move(numbers)}};
}

// Why meeting m has no value at all: the unary rules alone exclude every slot or room.
Explained explain_empty_domain(const Problem& p, int m) {
  const Instance& in = *p.instance;
  const Meeting& meeting = in.meetings[m];
  if (p.tables == 0)
    return explained("the instance has 0 tables, so no meeting can be held", "no_tables");
  if (p.ordered_out[m]) {
    std::string reason = "the order rules leave it no slot: it must come";
    if (!meeting.after.empty()) reason += " after";
    for (int before : meeting.after) reason += " " + quoted(in.meetings[before].id);
    if (!meeting.after.empty() && !p.successors[m].empty()) reason += " and";
    if (!p.successors[m].empty()) reason += " before";
    for (int after : p.successors[m]) reason += " " + quoted(in.meetings[after].id);
    return explained(reason, "order");
  }
  const int a = meeting.between[0], b = meeting.between[1];
  const std::string& id_a = in.participants[a].id;
  const std::string& id_b = in.participants[b].id;
  std::vector<int> candidates;
  for (int s = 0; s < p.slots; ++s) {
    if (meeting.fixed_slot && *meeting.fixed_slot != s) continue;
    if (meeting.session && in.slots[s].session != *meeting.session) continue;
    candidates.push_back(s);
  }
  const std::string where = meeting.session ? " of session " + quoted(*meeting.session) : "";
  if (candidates.empty())
    return explained("it is locked to " + slot_name(in, *meeting.fixed_slot) +
                         ", which is not in session " + quoted(*meeting.session),
                     "locked_outside_session", {}, {{"slot", *meeting.fixed_slot}});
  auto free_slots = [&](int x) {
    std::vector<int> out;
    for (int s : candidates)
      if (!std::binary_search(in.participants[x].unavailable.begin(),
                              in.participants[x].unavailable.end(), s))
        out.push_back(s);
    return out;
  };
  const auto free_a = free_slots(a), free_b = free_slots(b);
  for (const auto& [x, free] : {std::pair{a, &free_a}, std::pair{b, &free_b}}) {
    if (!free->empty()) continue;
    const std::string& id = in.participants[x].id;
    if (meeting.fixed_slot)
      return explained(who(in, x) + " is unavailable in " + slot_name(in, *meeting.fixed_slot) +
                           ", where the meeting is locked",
                       "unavailable", {{"participant", id}}, {{"slot", *meeting.fixed_slot}});
    return explained(who(in, x) + " is unavailable in every slot" + where, "unavailable",
                     {{"participant", id}});
  }
  std::vector<int> common;
  std::set_intersection(free_a.begin(), free_a.end(), free_b.begin(), free_b.end(),
                        std::back_inserter(common));
  if (common.empty())
    return explained(who(in, a) + " and " + who(in, b) + " have no free slot" + where +
                         " in common: " + who(in, a) + " is unavailable whenever " + who(in, b) +
                         " is free",
                     "no_common_slot", {{"participant", id_a}, {"other", id_b}});
  // The slots are fine, so the rooms exclude everything.
  const Participant& pa = in.participants[a];
  const Participant& pb = in.participants[b];
  if (pa.room && pb.room && *pa.room != *pb.room)
    return explained(who(in, a) + " meets only in room " + quoted(in.rooms.list[*pa.room].id) +
                         " and " + who(in, b) + " only in room " +
                         quoted(in.rooms.list[*pb.room].id),
                     "rooms_differ",
                     {{"participant", id_a},
                      {"room", in.rooms.list[*pa.room].id},
                      {"other", id_b},
                      {"other_room", in.rooms.list[*pb.room].id}});
  const int home = pa.room ? *pa.room : pb.room ? *pb.room : -1;
  if (meeting.fixed_room && home >= 0 && home != *meeting.fixed_room)
    return explained("it is locked to room " + quoted(in.rooms.list[*meeting.fixed_room].id) +
                         ", but " + who(in, pa.room ? a : b) + " meets only in room " +
                         quoted(in.rooms.list[home].id),
                     "locked_room",
                     {{"room", in.rooms.list[*meeting.fixed_room].id},
                      {"participant", pa.room ? id_a : id_b},
                      {"home", in.rooms.list[home].id}});
  const int people = pa.people + pb.people;
  const int only = meeting.fixed_room ? *meeting.fixed_room : home;
  if (only >= 0) {
    const int seats = in.rooms.list[only].capacity.value_or(0);
    return explained("room " + quoted(in.rooms.list[only].id) + " seats " +
                         std::to_string(seats) + ", but the meeting needs " +
                         std::to_string(people) + " seats (" + std::to_string(pa.people) +
                         " from " + who(in, a) + ", " + std::to_string(pb.people) + " from " +
                         who(in, b) + ")",
                     "room_too_small", {{"room", in.rooms.list[only].id}},
                     {{"seats", seats}, {"people", people}});
  }
  return explained("no room seats the " + std::to_string(people) + " people of this meeting (" +
                       std::to_string(pa.people) + " from " + who(in, a) + ", " +
                       std::to_string(pb.people) + " from " + who(in, b) + ")",
                   "no_room_fits", {}, {{"people", people}});
}

// Why meeting m (not placed) is not in the final schedule.
Explained explain_unplaced(const Problem& p, const State& state, int m, std::uint64_t seed) {
  const Instance& in = *p.instance;
  const Meeting& meeting = in.meetings[m];
  if (p.domain[m].empty()) return explain_empty_domain(p, m);
  for (int x : meeting.between) {
    const auto& cap = in.participants[x].max_meetings;
    if (cap && state.count(x) >= *cap)
      return explained(who(in, x) + " already has its maximum of " + std::to_string(*cap) +
                           (*cap == 1 ? " meeting" : " meetings"),
                       "max_meetings", {{"participant", in.participants[x].id}},
                       {{"max", *cap}});
  }
  for (int before : meeting.after)
    if (!state.placed(before))
      return explained("it must come after meeting " + quoted(in.meetings[before].id) +
                           ", which is not placed",
                       "after_unplaced", {{"meeting", in.meetings[before].id}});
  int fits = 0, a_busy = 0, b_busy = 0, other_busy = 0, room_full = 0, order = 0;
  std::set<int> slots;
  std::array<std::set<int>, 2> busy_slots;  // per participant: the slots it has another meeting
  for (const Value& v : p.domain[m]) {
    slots.insert(v.slot);
    for (int k = 0; k < 2; ++k)
      if (state.occupant(meeting.between[k], v.slot) != kUnplaced) busy_slots[k].insert(v.slot);
    if (state.can_place(m, v, false)) {
      ++fits;
      continue;
    }
    if (state.occupant(meeting.between[0], v.slot) != kUnplaced)
      ++a_busy;
    else if (state.occupant(meeting.between[1], v.slot) != kUnplaced)
      ++b_busy;
    else if (std::any_of(p.resources[m].begin(), p.resources[m].end(),
                         [&](int r) { return state.occupant(r, v.slot) != kUnplaced; }))
      ++other_busy;
    else if ((v.room != kUnplaced && state.room_occupant(v.room, v.slot) != kUnplaced) ||
             (p.tables >= 0 && state.in_slot(v.slot) >= p.tables))
      ++room_full;
    else
      ++order;
  }
  if (fits > 0) {
    if (p.spread)
      return explained("placing it in any free slot would make two participants' break counts "
                       "differ by more than " +
                           std::to_string(*p.spread) + " (the fairness rule)",
                       "fairness", {}, {{"spread", *p.spread}});
    return explained("placing it would lower a higher priority of the schedule",
                     "higher_priority");
  }
  const int slot_count = static_cast<int>(slots.size());
  std::string reason = "every slot where " + who(in, meeting.between[0]) + " and " +
                       who(in, meeting.between[1]) + " can meet (" + std::to_string(slot_count) +
                       ") is taken:";
  std::vector<std::string> parts;
  if (a_busy) parts.push_back(who(in, meeting.between[0]) + " is in another meeting");
  if (b_busy) parts.push_back(who(in, meeting.between[1]) + " is in another meeting");
  if (other_busy) parts.push_back("a panel member is in another meeting");
  if (room_full) parts.push_back(p.rooms ? "the rooms are in use" : "all tables are in use");
  if (order) parts.push_back("the order of meetings (after) rules it out");
  for (size_t i = 0; i < parts.size(); ++i) reason += (i ? "; " : " ") + parts[i];
  Explained out = explained("", "slots_taken", {}, {{"slots", slot_count}});
  for (int k = 0; k < 2; ++k) {
    const int x = meeting.between[k];
    if (in.participants[x].kind != ParticipantKind::kSupplier) continue;
    const int position = p.supplier_rank[x] + 1;
    const auto total = static_cast<int>(p.suppliers_by_lottery.size());
    const int busy = static_cast<int>(busy_slots[k].size());
    if (busy == slot_count)  // its own meetings hold them: the lottery did not decide this one
      reason += ". " + who(in, x) + " has its other meetings in every one of them";
    else
      reason += ". Demand exceeded the free slots; the lottery (seed " + std::to_string(seed) +
                ") placed " + who(in, x) + " at position " + std::to_string(position) + " of " +
                std::to_string(total);
    out.cause.ids.push_back({"supplier", in.participants[x].id});
    out.cause.numbers.push_back({"position", position});
    out.cause.numbers.push_back({"of", total});
    out.cause.numbers.push_back({"supplier_busy", busy});
    break;
  }
  out.reason = std::move(reason);
  return out;
}

// A short verdict when the forced meetings alone cannot all be placed. Tries the causes a
// person can check by hand first (a required meeting with no slot at all: its own cause, with
// `meeting`; too many required meetings for a participant's maximum or usable slots); falls
// back to the search's verdict (`no_schedule`).
Explained explain_infeasible(const Problem& p) {
  const Instance& in = *p.instance;
  // Meetings without a value of their own first: the order rules only pass that on.
  for (const bool by_order : {false, true})
    for (int m : p.by_id)
      if (p.forced[m] && p.domain[m].empty() && p.ordered_out[m] == by_order) {
        Explained why = explain_empty_domain(p, m);
        why.reason = "required meeting " + quoted(in.meetings[m].id) +
                     " cannot be placed: " + why.reason;
        why.cause.ids.insert(why.cause.ids.begin(), {"meeting", in.meetings[m].id});
        return why;
      }
  for (int x : p.participants_by_id) {
    int forced = 0;
    std::set<int> usable;
    for (int m : p.meetings_of[x]) {
      if (!p.forced[m]) continue;
      ++forced;
      for (const Value& v : p.domain[m]) usable.insert(v.slot);
    }
    const auto& cap = in.participants[x].max_meetings;
    if (cap && forced > *cap)
      return explained(who(in, x) + " has " + std::to_string(forced) +
                           " required meetings but a maximum of " + std::to_string(*cap),
                       "required_over_max", {{"participant", in.participants[x].id}},
                       {{"required", forced}, {"max", *cap}});
    const int slots = static_cast<int>(usable.size());
    if (forced > slots)
      return explained(who(in, x) + " has " + std::to_string(forced) +
                           " required meetings but only " + std::to_string(slots) +
                           " slots where they can be held",
                       "required_over_slots", {{"participant", in.participants[x].id}},
                       {{"required", forced}, {"slots", slots}});
  }
  return explained("no schedule places all required meetings (a complete search of every "
                   "combination of slots and rooms found none)",
                   "no_schedule");
}

// ---- Lower bound on breaks -------------------------------------------------------------------
//
// What it proves: a participant all of whose placeable meetings are forced has exactly those
// meetings in every valid schedule. If no window of consecutive slots can hold them all (each in a
// slot of its own domain, one per slot: a bipartite matching), it has at least one break; if no two
// windows can, at least two. With optional meetings beside at least two forced ones, it has no
// break only if some window holds the forced meetings and can be filled by its meetings (see
// least_breaks); if none can, at least one. With the fairness rule (spread <= d), every participant
// has at least (the largest such minimum) - d breaks. The sum over participants is a lower bound on
// breaks for every valid schedule, hence also given the levels above breaks. Anything it cannot see
// (precedences, tables, other participants) only makes the true minimum higher.

// Whether the meetings with slot masks `masks` can each get a distinct slot in `window`.
bool fits_in(const std::vector<std::uint64_t>& masks, std::uint64_t window) {
  std::vector<int> owner(64, -1);
  for (size_t i = 0; i < masks.size(); ++i) {
    std::uint64_t seen = 0;
    // Augmenting path search (Kuhn), iterative over a small explicit stack.
    std::function<bool(int)> augment = [&](int x) {
      std::uint64_t options = masks[x] & window & ~seen;
      while (options) {
        const int s = std::countr_zero(options);
        options &= options - 1;
        seen |= std::uint64_t{1} << s;
        if (owner[s] < 0 || augment(owner[s])) {
          owner[s] = x;
          return true;
        }
      }
      return false;
    };
    if (!augment(static_cast<int>(i))) return false;
  }
  return true;
}

std::uint64_t window_mask(int first, int length) {
  return length >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << length) - 1) << first;
}

// Whether every slot of `window` can get a meeting of its own among `masks` (Kuhn, slots
// matched to meetings).
bool fills(const std::vector<std::uint64_t>& masks, std::uint64_t window) {
  std::vector<int> owner(masks.size(), -1);  // meeting -> slot
  for (std::uint64_t left = window; left;) {
    const int slot = std::countr_zero(left);
    left &= left - 1;
    std::vector<char> seen(masks.size(), 0);
    std::function<bool(int)> augment = [&](int s) {
      for (size_t i = 0; i < masks.size(); ++i) {
        if (seen[i] || !(masks[i] >> s & 1)) continue;
        seen[i] = 1;
        if (owner[i] < 0 || augment(owner[i])) {
          owner[i] = s;
          return true;
        }
      }
      return false;
    };
    if (!augment(slot)) return false;
  }
  return true;
}

// The fewest breaks participant `who` can have, 0, 1 or 2 (2 = "at least 2"). With optional
// meetings beside the forced ones, only 0 or "at least 1": no break means one run of slots
// that holds every forced meeting and is full; some window must then take the forced meetings
// (a matching) and be filled by the participant's meetings (another), and two such matchings
// make one (Mendelsohn-Dulmage). Everything else a schedule must keep only rules out more.
int least_breaks(const Problem& p, int who) {
  if (p.slots > 64) return 0;
  std::vector<std::uint64_t> masks, optional_masks;
  std::uint64_t usable = 0;
  for (int m : p.meetings_of[who]) {
    if (p.domain[m].empty()) continue;
    std::uint64_t mask = 0;
    for (const Value& v : p.domain[m]) mask |= std::uint64_t{1} << v.slot;
    (p.forced[m] ? masks : optional_masks).push_back(mask);
    usable |= mask;
  }
  const int k = static_cast<int>(masks.size());
  if (k <= 1 || k > p.slots) return 0;
  if (!optional_masks.empty()) {
    // Meetings with the same slots are interchangeable, and a window takes at most p.slots of
    // them: more copies never change a matching (and would only slow a big participant down).
    std::vector<std::uint64_t> all;
    std::map<std::uint64_t, int> copies;
    for (const auto* group : {&masks, &optional_masks})
      for (std::uint64_t mask : *group)
        if (++copies[mask] <= p.slots) all.push_back(mask);
    for (int length = k; length <= std::min<int>(p.slots, static_cast<int>(all.size())); ++length)
      for (int a = 0; a + length <= p.slots; ++a) {
        const std::uint64_t w = window_mask(a, length);
        if ((w & usable) == w && fits_in(masks, w) && fills(all, w)) return 0;
      }
    return 1;
  }
  for (int a = 0; a + k <= p.slots; ++a) {
    const std::uint64_t w = window_mask(a, k);
    if ((w & usable) == w && fits_in(masks, w)) return 0;
  }
  for (int first = 1; first < k; ++first)
    for (int a = 0; a + first <= p.slots; ++a) {
      const std::uint64_t w1 = window_mask(a, first);
      if ((w1 & usable) != w1) continue;
      for (int b = a + first + 1; b + (k - first) <= p.slots; ++b) {
        const std::uint64_t w2 = window_mask(b, k - first);
        if ((w2 & usable) == w2 && fits_in(masks, w1 | w2)) return 1;
      }
    }
  return 2;
}

// least_breaks of every participant.
std::vector<int> least_breaks_each(const Problem& p) {
  std::vector<int> least(p.participants);
  for (int x = 0; x < p.participants; ++x) least[x] = least_breaks(p, x);
  return least;
}

// Why the fairness rule cannot hold, or nullopt when this check cannot tell: someone has more
// than the allowed spread of breaks in every schedule (`least`), while someone else never has
// a break (at most one of their meetings can be placed).
std::optional<Explained> fairness_out_of_reach(const Problem& p, const std::vector<int>& least) {
  if (!p.spread) return std::nullopt;
  int most = -1;
  for (int x : p.participants_by_id)
    if (least[x] > *p.spread && (most < 0 || least[x] > least[most])) most = x;
  if (most < 0) return std::nullopt;
  for (int x : p.participants_by_id) {
    const auto placeable = std::count_if(p.meetings_of[x].begin(), p.meetings_of[x].end(),
                                         [&](int m) { return !p.domain[m].empty(); });
    if (placeable > 1) continue;
    const Instance& in = *p.instance;
    return explained(who(in, most) + " has at least " + std::to_string(least[most]) +
                         (least[most] == 1 ? " break" : " breaks") +
                         " in every schedule (its locked or required meetings leave a gap that "
                         "none of its other meetings can fill), and " +
                         who(in, x) + " never has one: the fairness rule (break counts within " +
                         std::to_string(*p.spread) + " of each other) cannot hold",
                     "fairness_out_of_reach",
                     {{"participant", in.participants[most].id}, {"other", in.participants[x].id}},
                     {{"breaks", least[most]}, {"spread", *p.spread}});
  }
  return std::nullopt;
}

long breaks_lower_bound(const Problem& p, const std::vector<int>& least) {
  int most = 0;
  for (int x = 0; x < p.participants; ++x) most = std::max(most, least[x]);
  long total = 0;
  for (int x = 0; x < p.participants; ++x)
    total += std::max(least[x], p.spread ? most - *p.spread : 0);
  return total;
}

// ---- Flow relaxation: exact bounds for coverage, the lottery, weight, moved, preferred --------
//
// The relaxation keeps, of all the hard rules, only these:
//   - a meeting that is not locked goes to one slot of its domain where none of its
//     participants and persons is taken by a locked meeting;
//   - the "host" of a meeting (the participant that is not the supplier; between[0] when
//     neither is one) holds at most one meeting per slot;
//   - hosts that pairwise share a person (a clique, e.g. two panels with the same need owner)
//     hold at most one meeting per slot between them;
//   - with `rooms: N`, at most N meetings per slot;
//   - the "guest" (the other participant) holds at most max_meetings meetings, and no more than
//     it has usable slots.
// Each of these holds in every valid schedule, so every valid schedule is a flow of this network
// (guest -> meeting -> (host, slot) -> (clique, slot) -> slot -> sink), and nothing the
// relaxation cannot reach is reachable. That proves, level by level:
//   - coverage and the lottery: the sets of suppliers that can be covered together are the
//     independent sets of a transversal matroid, so adding suppliers in lottery order, each kept
//     when an augmenting path exists, gives the lottery-best coverable set S* (greedy is optimal
//     on a matroid for any order of preference). A schedule covering exactly S* is optimal on
//     both levels, and every schedule optimal on them covers exactly S*;
//   - weight, then stability: a min-cost flow in which each supplier of S* must carry one unit
//     (a bonus larger than everything else) and each meeting is worth its weight, then 1 when
//     it stays in its previous slot, each level scaled above the sum of those below. Its best
//     weight bounds every schedule's; given that weight is reached, its stayers bound how many
//     meetings can stay;
//   - preferred: the same flow's third level (1 per meeting in a preferred slot, below staying),
//     given that weight and stability are reached; and the meetings that can be in a schedule
//     covering S*, matched into preferred slots on the guests' side. The smaller bounds how
//     many meetings can be in a preferred slot.
// Where the relaxation drops a rule that matters (the supplier's one meeting per slot, rooms,
// persons shared by hosts that are not a clique), its bounds may be out of reach: then the
// status stays "feasible". The relaxation's best meeting set (`chosen`) is also where the exact
// path starts: when a depth-first search can place exactly those meetings, the schedule meets
// the bounds on coverage, the lottery, weight and stability by construction.
struct FlowBounds {
  bool applies = false;       // meetings have at most one supplier and every forced one is locked
  std::vector<char> covered;  // per participant: in S* (or covered by a locked meeting)
  int coverage = 0;
  int weight = 0;
  int moved = 0;             // fewest meetings moved
  int preferred = 0;         // most meetings in a preferred slot
  std::vector<char> chosen;  // per meeting: not locked, in the relaxation's best set
  std::vector<int> slot;     // per chosen meeting: its slot in the relaxation, else kUnplaced
};

// Beyond this many (meeting, value) pairs the exact path is not tried: its networks and its SAT
// encoding grow with them (a conference day has a few thousand), and the heuristic phases are
// what keeps a very large instance within its time limit.
constexpr long kExactPathMaxValues = 100'000;

// The local search's effort beyond the exact path (see improve_effort in solve).
constexpr long kImproveEffortBeyondExact = 20;

long value_count(const Problem& p) {
  long values = 0;
  for (const auto& domain : p.domain) values += static_cast<long>(domain.size());
  return values;
}

// The participants marked in `among`, in groups connected by shared persons (two participants
// share one when a person is a member of both); members in id order.
struct SharingGroup {
  std::vector<int> members;
  bool every_two_share = true;
};

std::vector<SharingGroup> sharing_groups(const Problem& p, const std::vector<char>& among) {
  const Instance& in = *p.instance;
  auto share = [&](int a, int b) {
    for (const auto& person : in.participants[a].members)
      if (std::find(in.participants[b].members.begin(), in.participants[b].members.end(),
                    person) != in.participants[b].members.end())
        return true;
    return false;
  };
  std::vector<SharingGroup> out;
  std::vector<char> grouped(p.participants, 0);
  for (int x : p.participants_by_id) {
    if (!among[x] || grouped[x]) continue;
    SharingGroup group;
    std::vector<int> stack{x};
    grouped[x] = 1;
    while (!stack.empty()) {
      const int y = stack.back();
      stack.pop_back();
      group.members.push_back(y);
      for (int z : p.participants_by_id)
        if (among[z] && !grouped[z] && share(y, z)) {
          grouped[z] = 1;
          stack.push_back(z);
        }
    }
    std::sort(group.members.begin(), group.members.end(),
              [&](int a, int b) { return in.participants[a].id < in.participants[b].id; });
    for (size_t i = 0; i < group.members.size() && group.every_two_share; ++i)
      for (size_t j = i + 1; j < group.members.size() && group.every_two_share; ++j)
        group.every_two_share = share(group.members[i], group.members[j]);
    out.push_back(std::move(group));
  }
  return out;
}

FlowBounds flow_bounds(const Problem& p) {
  const Instance& in = *p.instance;
  FlowBounds out;
  if (value_count(p) > kExactPathMaxValues) return out;
  for (int m = 0; m < p.meetings; ++m) {
    const Meeting& meeting = in.meetings[m];
    if (p.forced[m] && !meeting.fixed_slot) return out;
    if (p.supplier_rank[meeting.between[0]] >= 0 && p.supplier_rank[meeting.between[1]] >= 0)
      return out;
  }
  out.applies = true;
  out.covered.assign(p.participants, 0);
  out.chosen.assign(p.meetings, 0);

  // Locked meetings are in every schedule: their resources are taken in their slot.
  std::vector<char> taken(static_cast<size_t>(p.resource_count) * p.slots, 0);
  std::vector<int> locked_in_slot(p.slots, 0), locked_count(p.participants, 0);
  int previous_total = 0, locked_moved = 0;
  for (int m = 0; m < p.meetings; ++m) {
    const Meeting& meeting = in.meetings[m];
    const bool had_place = p.previous[m].slot != kUnplaced;
    previous_total += had_place && !p.forced[m];
    if (!p.forced[m]) continue;
    const int s = *meeting.fixed_slot;
    for (int res : p.resources[m]) taken[static_cast<size_t>(res) * p.slots + s] = 1;
    ++locked_in_slot[s];
    for (int who : meeting.between) {
      ++locked_count[who];
      if (p.supplier_rank[who] >= 0) out.covered[who] = 1;
    }
    if (!meeting.required) out.weight += meeting.weight;
    if (p.preferred[m][s]) ++out.preferred;
    if (had_place && std::none_of(p.domain[m].begin(), p.domain[m].end(), [&](const Value& v) {
          return v.slot == p.previous[m].slot && v.room == p.previous[m].room;
        }))
      ++locked_moved;
  }

  // Per meeting that is not locked: host, guest and usable slots.
  std::vector<int> host(p.meetings), guest(p.meetings);
  std::vector<std::vector<int>> usable(p.meetings);
  for (int m = 0; m < p.meetings; ++m) {
    const Meeting& meeting = in.meetings[m];
    const bool second_is_supplier = p.supplier_rank[meeting.between[1]] >= 0;
    guest[m] = second_is_supplier ? meeting.between[1] : meeting.between[0];
    host[m] = second_is_supplier ? meeting.between[0] : meeting.between[1];
    if (p.forced[m]) continue;
    for (const Value& v : p.domain[m]) {
      if (!usable[m].empty() && usable[m].back() == v.slot) continue;
      if (std::none_of(p.resources[m].begin(), p.resources[m].end(), [&](int res) {
            return taken[static_cast<size_t>(res) * p.slots + v.slot] != 0;
          }))
        usable[m].push_back(v.slot);
    }
  }
  // Guests: the most meetings each can still hold.
  std::vector<int> room_left(p.participants, 0);
  for (int x = 0; x < p.participants; ++x) {
    std::set<int> slots;
    for (int m : p.meetings_of[x])
      if (!p.forced[m]) slots.insert(usable[m].begin(), usable[m].end());
    int left = static_cast<int>(slots.size());
    if (const auto& cap = in.participants[x].max_meetings)
      left = std::min(left, std::max(0, *cap - locked_count[x]));
    room_left[x] = left;
  }
  // Cliques of hosts: connected by shared persons, every two of them sharing one.
  std::vector<int> clique(p.participants, -1);
  {
    std::vector<char> is_host(p.participants, 0);
    for (int m = 0; m < p.meetings; ++m)
      if (!usable[m].empty()) is_host[host[m]] = 1;
    const std::vector<SharingGroup> groups = sharing_groups(p, is_host);
    for (size_t g = 0; g < groups.size(); ++g)
      if (groups[g].every_two_share && groups[g].members.size() >= 2)
        for (int y : groups[g].members) clique[y] = static_cast<int>(g);
  }

  // The network's fixed part: meetings into (host, slot) nodes and on to the sink. Returns the
  // node of each (host, slot) pair, created on first use.
  struct Layers {
    FlowNetwork net{2};
    int source = 0, sink = 1;
    std::map<std::pair<int, int>, int> host_slot, clique_slot;
    std::vector<int> slot_node;
  };
  auto make_layers = [&]() {
    auto layers = std::make_unique<Layers>();
    if (p.tables >= 0)
      for (int s = 0; s < p.slots; ++s) {
        const int node = layers->net.add_node();
        layers->slot_node.push_back(node);
        layers->net.add_edge(node, layers->sink, std::max(0, p.tables - locked_in_slot[s]));
      }
    return layers;
  };
  auto host_slot_node = [&](Layers& layers, int who, int s) {
    const auto found = layers.host_slot.find({who, s});
    if (found != layers.host_slot.end()) return found->second;
    const int node = layers.net.add_node();
    layers.host_slot[{who, s}] = node;
    int next = p.tables >= 0 ? layers.slot_node[s] : layers.sink;
    if (clique[who] >= 0) {
      const auto group = layers.clique_slot.find({clique[who], s});
      if (group != layers.clique_slot.end()) {
        layers.net.add_edge(node, group->second, 1);
        return node;
      }
      const int group_node = layers.net.add_node();
      layers.clique_slot[{clique[who], s}] = group_node;
      layers.net.add_edge(group_node, next, 1);
      next = group_node;
    }
    layers.net.add_edge(node, next, 1);
    return node;
  };

  // Coverage and the lottery: greedy over the matroid, in lottery order.
  {
    auto layers = make_layers();
    std::map<int, int> guest_node;
    for (int m : p.by_id) {
      if (usable[m].empty() || p.supplier_rank[guest[m]] < 0) continue;
      auto [it, fresh] = guest_node.emplace(guest[m], 0);
      if (fresh) it->second = layers->net.add_node();
      const int meeting_node = layers->net.add_node();
      layers->net.add_edge(it->second, meeting_node, 1);
      for (int s : usable[m])
        layers->net.add_edge(meeting_node, host_slot_node(*layers, host[m], s), 1);
    }
    for (int x : p.suppliers_by_lottery) {
      if (out.covered[x] || room_left[x] == 0 || !guest_node.count(x)) continue;
      const int edge = layers->net.add_edge(layers->source, guest_node[x], 1);
      if (layers->net.augment_unit(layers->source, layers->sink))
        out.covered[x] = 1;
      else
        layers->net.set_capacity(edge, 0);
    }
    for (int x = 0; x < p.participants; ++x) out.coverage += out.covered[x];
  }
  // Meetings that can be in a schedule covering exactly S*.
  auto eligible = [&](int m) {
    return !usable[m].empty() && (p.supplier_rank[guest[m]] < 0 || out.covered[guest[m]]);
  };

  int preferred_by_weight = 0;  // most preferred given weight and stability, on the hosts' side
  // Weight, then stability, then preferred slots, as one cost with each level's unit larger
  // than everything the levels below can add up to.
  {
    std::int64_t total_weight = 0;
    for (int m = 0; m < p.meetings; ++m) total_weight += in.meetings[m].weight;
    const std::int64_t per_preferred = 1;
    const std::int64_t per_stay = (p.meetings + 1) * per_preferred;
    const std::int64_t per_weight = (previous_total + 1) * per_stay;
    if (total_weight > (std::int64_t{1} << 60) / (per_weight + 1)) return FlowBounds{};
    const std::int64_t must = (total_weight + 1) * per_weight;
    auto layers = make_layers();
    std::map<int, int> guest_node;
    std::vector<int> must_edges;
    std::vector<std::pair<int, int>> meeting_edge, stay_edges;  // (edge, meeting)
    std::vector<int> preferred_edges;
    std::vector<std::array<int, 3>> slot_edges;  // (edge, meeting, slot)
    for (int m : p.by_id) {
      if (!eligible(m)) continue;
      auto [it, fresh] = guest_node.emplace(guest[m], 0);
      const int g = guest[m];
      if (fresh) {
        it->second = layers->net.add_node();
        const bool must_cover = p.supplier_rank[g] >= 0 && locked_count[g] == 0;
        if (must_cover)
          must_edges.push_back(layers->net.add_edge(layers->source, it->second, 1, -must));
        layers->net.add_edge(layers->source, it->second, std::max(0, room_left[g] - must_cover), 0);
      }
      const int meeting_node = layers->net.add_node();
      meeting_edge.push_back(
          {layers->net.add_edge(it->second, meeting_node, 1, -in.meetings[m].weight * per_weight),
           m});
      for (int s : usable[m]) {
        const bool stays = p.previous[m].slot == s;
        const int e =
            layers->net.add_edge(meeting_node, host_slot_node(*layers, host[m], s), 1,
                                 -(stays ? per_stay : 0) - p.preferred[m][s] * per_preferred);
        if (stays) stay_edges.push_back({e, m});
        if (p.preferred[m][s]) preferred_edges.push_back(e);
        slot_edges.push_back({e, m, s});
      }
    }
    layers->net.min_cost_flow(layers->source, layers->sink);
    for (int e : preferred_edges) preferred_by_weight += static_cast<int>(layers->net.flow(e));
    out.slot.assign(p.meetings, kUnplaced);
    for (const auto& [e, m, s] : slot_edges)
      if (layers->net.flow(e) > 0) out.slot[m] = s;
    for (int e : must_edges)
      if (layers->net.flow(e) != 1) return FlowBounds{};  // S* is coverable: cannot happen
    for (const auto& [e, m] : meeting_edge)
      if (layers->net.flow(e) > 0) {
        out.chosen[m] = 1;
        out.weight += in.meetings[m].weight;
      }
    int stays = 0;
    for (const auto& [e, m] : stay_edges) stays += static_cast<int>(layers->net.flow(e));
    out.moved = locked_moved + previous_total - stays;
  }

  // Preferred: the weight flow's preferred slots (hosts' side, given weight and stability), or
  // the guests' matching into preferred slots when that is smaller.
  {
    FlowNetwork guests(2);
    std::map<std::pair<int, int>, int> guest_slot;
    for (int m : p.by_id) {
      if (!eligible(m)) continue;
      int meeting_node = -1;
      for (int s : usable[m]) {
        if (!p.preferred[m][s]) continue;
        if (meeting_node < 0) {
          meeting_node = guests.add_node();
          guests.add_edge(0, meeting_node, 1);
        }
        auto [it, fresh] = guest_slot.emplace(std::pair{guest[m], s}, 0);
        if (fresh) {
          it->second = guests.add_node();
          guests.add_edge(it->second, 1, 1);
        }
        guests.add_edge(meeting_node, it->second, 1);
      }
    }
    int by_guests = 0;
    while (guests.augment_unit(0, 1)) ++by_guests;
    out.preferred += std::min(by_guests, preferred_by_weight);
  }
  return out;
}

// Whether meeting m can be in a schedule at the flow's bounds on the levels above breaks: it
// has a place, and it is locked or its supplier is one of the lottery's covered set.
bool in_best_schedules(const Problem& p, const FlowBounds& flow, int m) {
  if (p.domain[m].empty()) return false;
  if (p.forced[m]) return true;
  for (int who : p.instance->meetings[m].between)
    if (p.supplier_rank[who] >= 0 && !flow.covered[who]) return false;
  return true;
}

// A lower bound on breaks in every schedule at the flow's bounds on the levels above breaks,
// beside breaks_lower_bound's (`least`: each participant's own): hosts that share a person (at
// most two) or one host at a time, with the suppliers of the lottery's set that only they can
// meet, asked how few breaks they can have between them (least_host_breaks, host_runs.h):
// none, one, or more than that; everyone else counts with `least`. This is the argument behind
// the fewest breaks of most generated days that have any (panels 1 and 2 share a member, a lock
// sits in the middle of their day, and suppliers who can come early or late only must meet one
// of them), which SAT proves only with the hosts' count, in seconds, or not at all (150
// suppliers, seeds 14 and 16); here it takes milliseconds.
constexpr int kHostBreaksAsked = 1;  // each group is asked for 0 breaks, then for 1

long hosts_breaks_bound(const Problem& p, const FlowBounds& flow, const std::vector<int>& least) {
  const Instance& in = *p.instance;
  if (p.slots > 64) return 0;
  auto in_schedule = [&](int m) { return in_best_schedules(p, flow, m); };
  std::vector<char> is_host(p.participants, 0);
  for (int x : p.participants_by_id)
    is_host[x] = p.supplier_rank[x] < 0 &&
                 std::any_of(p.meetings_of[x].begin(), p.meetings_of[x].end(), in_schedule);
  std::vector<char> counted(p.participants, 0);
  long total = 0;
  for (const SharingGroup& group : sharing_groups(p, is_host)) {
    if (!group.every_two_share || group.members.size() > 2) continue;
    HostRunsQuestion question;
    question.slots = p.slots;
    bool askable = true;
    for (int h : group.members) {
      HostRunsQuestion::Host host;
      for (int m : p.meetings_of[h]) {
        if (!in_schedule(m)) continue;
        std::uint64_t slots = 0;
        for (const Value& v : p.domain[m]) slots |= std::uint64_t{1} << v.slot;
        if (!p.forced[m])
          host.meetings.push_back(slots);
        else if (std::popcount(slots) == 1)
          host.locked |= slots;
        else
          askable = false;  // a forced meeting that is not locked: no fixed slot to hold
      }
      question.hosts.push_back(std::move(host));
    }
    if (!askable) continue;
    // The covered suppliers without a locked meeting whose every meeting is with the group.
    for (int x : p.participants_by_id) {
      if (p.supplier_rank[x] < 0 || !flow.covered[x]) continue;
      std::vector<std::uint64_t> slots_with(group.members.size(), 0);
      bool only_the_group = true, any = false;
      for (int m : p.meetings_of[x]) {
        if (!in_schedule(m)) continue;
        const auto& between = in.meetings[m].between;
        const int other = between[0] == x ? between[1] : between[0];
        const auto at = std::find(group.members.begin(), group.members.end(), other);
        if (p.forced[m] || at == group.members.end()) {
          only_the_group = false;
          break;
        }
        for (const Value& v : p.domain[m])
          slots_with[at - group.members.begin()] |= std::uint64_t{1} << v.slot;
        any = true;
      }
      if (only_the_group && any) question.guests.push_back(std::move(slots_with));
    }
    long own = 0;
    for (int h : group.members) own += least[h], counted[h] = 1;
    total += std::max<long>(own, least_host_breaks(question, kHostBreaksAsked));
  }
  for (int x = 0; x < p.participants; ++x)
    if (!counted[x]) total += least[x];
  return total;
}

// The exact path's construction: places the relaxation's chosen meetings (beside the locked
// ones already in `state`) by the complete depth-first search, with the chosen meetings treated
// as forced. The fairness rule is left to the annealing that follows, which repairs it first
// (checked at the leaf, the search rarely found a fair placement of a full day within its
// budget, and the weaker lottery-order placement took over). Such a schedule meets the relaxation's
// bounds on coverage, the lottery and weight by construction (and on stability when every chosen
// meeting could stay and did). Returns false, leaving `state` as it was, when the search finds
// no schedule within its budget (the relaxation dropped a rule that matters, or time ran out).
bool place_chosen(const Problem& p, State& state, const FlowBounds& flow, Budget& budget,
                  std::uint64_t seed, long node_budget) {
  Problem with_chosen = p;
  with_chosen.hint = flow.slot;
  std::vector<int> vars;
  for (int m : p.by_id)
    if (flow.chosen[m]) with_chosen.forced[m] = 1, vars.push_back(m);
  State built(with_chosen);
  for (int m : p.by_id)
    if (state.placed(m)) built.place(m, {state.slot(m), state.room(m)});
  const auto any = [](const State&) { return true; };
  if (search_with_restarts(with_chosen, built, budget, seed, node_budget, vars, any) !=
      SearchOutcome::kFound)
    return false;
  restore(p, state, snapshot(with_chosen, built));
  return true;
}

// ---- Exact lower levels: breaks and preferred slots by SAT (CaDiCaL) -------------------------
//
// Where a schedule meets the flow relaxation's bounds on coverage, the lottery, weight and
// stability (so those levels are proven), breaks and then preferred slots are decided exactly
// by a SAT encoding of every schedule that is that good on those levels:
//   x(m, v)    meeting m at value v of its domain, for the locked meetings (at least one value)
//              and every meeting that may be placed when exactly S* is covered;
//   at most one value per meeting; per participant or person and slot, and per room and slot,
//   at most one meeting; with `rooms: N`, at most N per slot; max_meetings as a counter;
//   each supplier of S* has a meeting; the weight of the placed optional meetings is at least
//   the bound (so exactly it), and at most the bound on moved meetings leave their previous
//   place (so exactly it);
//   busy(a, t) <-> participant a has a meeting in t; end(a, t) is forced true when a is busy in
//   t, idle in t - 1 and busy somewhere before: every break ends exactly once, so the ends of a
//   model are at least its breaks, and a schedule's own ends are exactly its breaks.
// Then, with cardinality counters queried by assumptions: "breaks <= b - 1" for the schedule's
// b (unsatisfiable: b is the optimum given the levels above; satisfiable: the model is a better
// schedule, and the question is asked again; where the calls stop short, the LP's bound may
// prove b, and otherwise CBC decides it on the LP's integer points, day_programme), then, with
// breaks at that optimum,
// "preferred >= q + 1" the same way, up to the LP bound (preferred_lp_bound: reaching it
// proves q), but as unit clauses rather than assumptions: each question there is stronger than
// the one before, so what one adds holds for the rest, and CaDiCaL simplifies with units (not
// with assumptions); where a call stops short, CBC settles the count on the LP's integer
// points, asked from the LP's bound down (on a second thread, level_search.h, started while
// the neighbourhood rounds stall: its refutations end the search once the count reaches them).
// A solver call that hits its conflict limit or the clock proves nothing and
// leaves the status "feasible". The fairness rule is expressed as "at most d breaks each" where
// that is exact (someone has at most one meeting in every schedule, so the fewest breaks is 0,
// as on every conference day); otherwise the encoding relaxes it (its proofs hold, an unfair
// model is not taken). With `after` rules the levels are left to the heuristics.

// Stops CaDiCaL when the solve's budget runs out, or when `settled` (once given) says the
// question is answered elsewhere. CaDiCaL asks every tenth step of its search, and a step on a
// 150-supplier day can take tens of microseconds, so the clock is read on every call: read
// every 256th (out_of_time), a SAT call ran up to 0.25 s past the deadline.
class BudgetTerminator : public CaDiCaL::Terminator {
 public:
  explicit BudgetTerminator(Budget& budget) : budget_(budget) {}
  bool terminate() override { return budget_.out_of_time_now() || (settled_ && settled_()); }
  void stop_when(std::function<bool()> settled) { settled_ = std::move(settled); }

 private:
  Budget& budget_;
  std::function<bool()> settled_;
};

constexpr int kConflictsPerCall = 100'000;
// The neighbourhood search for preferred slots: at most this many rounds, each call cut off at
// this many conflicts (tuned on the generated days: 100 x 1000 brought the three slowest proofs
// from 3-7 s to 0.3-0.8 s; more conflicts per call were slower). Late rounds pay: of 182
// rounds that found a better schedule on 100 days, 16 came after 20 failing rounds or more
// (80 suppliers, seed 15: round 93, where SAT and CBC then need 8 s), so stopping after 20
// failures in a row left 63 days under 1 s instead of 69. 300 rounds (of 1,000 or 300
// conflicts) were no better in total. With the neighbourhoods growing as they are refuted (see
// settle_lower_levels), stopping after 20 or 30 failures in a row was worse again (75 and 78
// days under 1 s instead of 81).
constexpr int kPreferredNeighbourhoods = 100;
constexpr int kConflictsPerNeighbourhood = 1000;
// The conflicts of each question of the probe for the bound in settle_lower_levels. 2,000 (until
// 2026-11-29) left the days whose optimum is the bound, but whose schedule at hand has two or three
// breaks more, to the questions one break down, which took seconds (80 suppliers, seed 20: 7.7 s in
// all; 150 suppliers without preferred times, seed 19: 5.3 s) where the probe with more conflicts
// finds the bound's schedule at once (2.2 s and 1.3 s in all). Measured on the 80 generated days of
// tests/bench (Release, one at a time; times vary by 10-20 % between runs on this machine): without
// a break rule 112-129 s in all (three runs, mean 118 s) against 104-115 s with 30,000 (four runs,
// mean 108 s; 20,000: 111-113 s); with a break spread of 1, 124-133 s (two runs) against 112-116 s
// (three). As many under 1 s as before (48-50 and 51-52 of 80), the same objectives except where
// the 10 s limit decides (150 suppliers without preferred times, seed 9, ends at 2 breaks of the
// optimum 0 either way, in one run of seven at 0). The price: where the probe stops short after
// all, its conflicts come on top (150 suppliers without preferred times, seed 18, no rule: 2.0 s to
// 5.5 s). Also measured: a probe that goes on after each question one break down, for as many
// conflicts as that question had: 117 s and 122 s.
constexpr int kConflictsPerProbe = 30'000;
// Branch-and-bound nodes CBC may spend on one preferred-slot question (a count, not the clock,
// so that the answer is the same on every machine).
constexpr int kIntegerNodes = 1000;
// The neighbourhood rounds without a rise after which CBC starts on the second thread
// (LevelSearch), or when the rounds end. Started with the rounds, CBC cost the days whose rounds
// reach the bound soon 0.3-0.5 s each: it cannot be stopped before its preprocessing is done.
// Measured on 100 generated days (all proven either way): started at once 80 under 1 s and
// 65 s in all; after 5, 10, 15, 20 rounds 78-81 and 57-61 s; when the rounds end, 81 and 69 s;
// without the thread, 81 and 75 s.
constexpr int kStalledRoundsBeforeLevels = 10;
// The least time left (ms) for starting that thread: stopped at the deadline while in CBC's
// preprocessing (up to about 0.4 s on a 150-supplier day), it would keep the solve past a
// shorter limit by more than the tenth the anytime contract allows (a 2 s limit ran 2.36 s).
constexpr std::int64_t kLevelsLeastMsLeft = 5000;
// Each "at least q + 1 preferred" goes to SAT first with this much work, counted as conflicts
// times the formula's variables (so that it takes about as long on every size of day): 20,000
// conflicts on the 80- and 150-supplier days (25,000-45,000 variables), the full
// kConflictsPerCall on the 25-supplier days. Where that call stops short, CBC is asked, and
// where CBC stops short too, SAT goes on with the rest of kConflictsPerCall. On the days that
// need CBC (about one in six of the generated 80- and 150-supplier days) the full SAT call
// first cost 2-3 s for nothing; the small ones settle by SAT as before. The price, measured on
// 100 generated days with and without the break-spread rule: one day (80 suppliers, seed 15,
// spread 1), where SAT would have found the better schedule after 15,000 conflicts and CBC
// spends 6 s on its 1,000 nodes, ends unproven at the default limit. CBC before any SAT call
// (on the days of over 15,000 variables) was measured too: 0.4 s less on most days CBC
// decides, seconds more where the first call would have settled it (80 suppliers, seed 25:
// 0.8 s to 5.5 s); 66 of 100 days under 1 s instead of 69.
constexpr long kPreferredFirstWork = 500'000'000;

// Implied clauses for settle_lower_levels' encoding (x: per meeting, one variable per domain
// value): each placed meeting takes one (host, slot) pair, its host being the participant that
// is not the supplier (between[1] when neither is one), and a host holds one meeting per slot;
// so the busy (host, slot) pairs are exactly as many as the placed meetings, and there are at
// least `fewest` of those: the forced meetings, or the required ones plus the fewest optional
// ones (heaviest first) that reach the weight bound. Counting pairs instead of meetings spares
// the solver a pigeonhole argument when the hosts' slots run short (the proof that a day cannot
// have fewer breaks: each host's meetings in fewer runs of slots). Returns a literal that
// switches the count on when assumed (0 when it would add nothing); the definitions of the busy
// pairs hold in every case.
int count_busy_hosts(const Problem& p, const FlowBounds& flow, Cnf& cnf,
                     const std::vector<std::vector<int>>& x) {
  const Instance& in = *p.instance;
  std::vector<std::vector<std::vector<int>>> hosted(
      p.participants, std::vector<std::vector<int>>(p.slots));
  std::vector<int> optional_weights;
  long forced = 0, required = 0;
  for (int m : p.by_id) {
    if (x[m].empty()) continue;
    const Meeting& meeting = in.meetings[m];
    forced += p.forced[m] != 0;
    if (meeting.required)
      ++required;
    else
      optional_weights.push_back(meeting.weight);
    const int host =
        p.supplier_rank[meeting.between[1]] >= 0 ? meeting.between[0] : meeting.between[1];
    for (size_t i = 0; i < x[m].size(); ++i)
      hosted[host][p.domain[m][i].slot].push_back(x[m][i]);
  }
  std::sort(optional_weights.begin(), optional_weights.end(), std::greater<>());
  long weight = 0, fewest = required;
  for (int w : optional_weights) {
    if (weight >= flow.weight) break;
    weight += w;
    ++fewest;
  }
  fewest = std::max(fewest, forced);
  if (fewest <= 0) return 0;
  std::vector<int> idle;
  for (int host : p.participants_by_id)
    for (const std::vector<int>& vars : hosted[host]) {
      if (vars.empty()) continue;
      const int busy = cnf.fresh();
      std::vector<int> why{-busy};
      for (int var : vars) cnf.clause({-var, busy}), why.push_back(var);
      cnf.clause(why);
      idle.push_back(-busy);
    }
  const long most_idle = static_cast<long>(idle.size()) - fewest;
  if (most_idle < 0) return 0;  // cannot happen: the schedule at hand has that many
  const std::vector<int> idle_at_least = cnf.counter(idle, static_cast<int>(most_idle) + 1);
  const int on = cnf.fresh();
  cnf.clause({-on, -idle_at_least[most_idle + 1]});
  return on;
}

// The breaks and preferred-slot levels as linear programmes (lp.h), for settle_lower_levels:
// the LP relaxation of its encoding. Columns: x(m, v) in [0, 1] (integer) for the encoding's
// values; per participant a that may break, run(a, i, j) in [0, 1] for each run of consecutive
// slots i..j in which a may be busy, no longer than a's most meetings, and extra(a) in
// [0, most_each]. Rows: at most one value per meeting (exactly one when forced); per
// participant or person and slot, per room and slot, at most one; with `rooms: N`, at most N
// per slot; max_meetings; each supplier of S* at least one meeting; placed optional weight at
// least the bound; meetings staying in their previous place at least as many as the bound on
// moved allows; busy(a, s) (the sum of a's values in slot s) = the sum of a's runs that contain
// s, and sum of a's runs - extra(a) <= 1 (beyond kMostRunEntries, starts instead of runs; see
// below). Every schedule the encoding allows with at most most_each breaks each is a point of
// it (its runs of busy slots; extra = breaks of a), and a point with whole x is a schedule that
// keeps every rule of the encoding but the fairness rule (which adopt() checks), with at most
// extra(a) breaks for each a: the runs that contain the first slot of one of its runs of busy
// slots lie inside that run and sum to 1.
// Runs rather than starts (start(a, s) >= busy(a, s) - busy(a, s - 1), sum of starts <= 1 +
// extra(a)): a run is no longer than a's most meetings, which starts cannot say. A supplier
// with two meetings spread as halves over four slots in a row is half a run with starts and
// one run with runs, as in every schedule. Measured on 100 generated days: 98 proven instead
// of 96, 73 under 1 s instead of 69, 117 s in all instead of 143 (the LP bound on preferred
// slots is the optimum more often, and CBC settles the rest sooner).
// kBreaks maximises -(sum of extra): a point with whole x and objective -b has at most b
// breaks, and "no point with objective >= -b" proves that every such schedule has more.
// kPreferred adds "sum of extra <= breaks" and maximises the values in a preferred slot, which
// bounds the preferred slots of every schedule with at most `breaks` breaks.
enum class DayLevel { kBreaks, kPreferred };

// The most entries the run columns of one programme may have, one per slot a run contains (a
// 24-slot day has 2,600 per panel, and a few dozen per supplier). Participants whose runs would
// pass it get start columns instead: start(a, s) >= busy(a, s) - busy(a, s - 1) for each slot
// where a may be busy, and sum of a's starts - extra(a) <= 1, which keeps every schedule a
// point and every whole point's breaks at most extra(a), only with a weaker LP. Without it, a
// made-up day of 1,200 slots and 600 suppliers of one panel took 9.5 GB and 28 s (0.55 GB and
// the 10 s limit with it, as before runs). Written as differences, busy(s) - busy(s - 1) =
// runs starting in s - runs ending in s - 1, the runs would have three entries each; on 100
// generated days CLP and CBC then took 128 s in all instead of 112.
constexpr long kMostRunEntries = 500'000;

struct DayProgramme {
  LinearProgram lp;
  std::vector<std::vector<int>> column;  // per meeting: the column of each value of x[m]
};

DayProgramme day_programme(const Problem& p, const FlowBounds& flow,
                           const std::vector<std::vector<int>>& x,
                           const std::vector<char>& may_break, long most_each, DayLevel level,
                           long breaks = 0) {
  const Instance& in = *p.instance;
  DayProgramme out;
  LinearProgram& lp = out.lp;
  std::vector<std::vector<int>>& column = out.column;
  column.resize(p.meetings);
  using Terms = std::vector<std::pair<int, double>>;
  std::vector<std::vector<Terms>> at(static_cast<size_t>(p.resource_count),
                                     std::vector<Terms>(p.slots));
  std::vector<Terms> room_at(static_cast<size_t>(std::max(p.rooms, 1)) * p.slots);
  std::vector<Terms> in_slot(p.slots);
  std::vector<std::vector<Terms>> busy(p.participants, std::vector<Terms>(p.slots));
  Terms weight, stays;
  int stay_columns = 0, gone = 0;
  for (int m : p.by_id) {
    for (size_t i = 0; i < x[m].size(); ++i) {
      const Value v = p.domain[m][i];
      const bool counts = level == DayLevel::kPreferred && p.preferred[m][v.slot];
      const int c = lp.add_column(counts ? 1 : 0, 0, 1, /*integer=*/true);
      column[m].push_back(c);
      for (int res : p.resources[m]) at[res][v.slot].push_back({c, 1});
      if (v.room != kUnplaced)
        room_at[static_cast<size_t>(v.room) * p.slots + v.slot].push_back({c, 1});
      in_slot[v.slot].push_back({c, 1});
      for (int who : in.meetings[m].between) busy[who][v.slot].push_back({c, 1});
      if (!in.meetings[m].required) weight.push_back({c, in.meetings[m].weight});
    }
    if (p.previous[m].slot != kUnplaced) {
      bool can_stay = false;
      for (size_t i = 0; i < x[m].size(); ++i)
        if (p.domain[m][i].slot == p.previous[m].slot && p.domain[m][i].room == p.previous[m].room)
          stays.push_back({column[m][i], 1}), can_stay = true;
      can_stay ? ++stay_columns : ++gone;
    }
    if (column[m].empty()) continue;
    Terms one;
    for (int c : column[m]) one.push_back({c, 1});
    lp.add_row(one, p.forced[m] ? 1 : -kNoLimit, 1);
  }
  auto at_most = [&](const Terms& terms, double k) {
    if (static_cast<double>(terms.size()) > k) lp.add_row(terms, -kNoLimit, k);
  };
  for (const auto& slots : at)
    for (const Terms& terms : slots) at_most(terms, 1);
  for (const Terms& terms : room_at) at_most(terms, 1);
  if (p.tables >= 0)
    for (const Terms& terms : in_slot) at_most(terms, p.tables);
  for (int who : p.participants_by_id) {
    Terms theirs;
    for (int m : p.meetings_of[who])
      for (int c : column[m]) theirs.push_back({c, 1});
    if (const auto& cap = in.participants[who].max_meetings) at_most(theirs, *cap);
    if (p.supplier_rank[who] >= 0 && flow.covered[who] && !theirs.empty())
      lp.add_row(theirs, 1, kNoLimit);
  }
  if (!weight.empty()) lp.add_row(weight, flow.weight, kNoLimit);
  if (!stays.empty()) lp.add_row(stays, stay_columns - (flow.moved - gone), kNoLimit);
  Terms extras;
  long run_entries = 0;
  for (int who : p.participants_by_id) {
    if (!may_break[who]) continue;
    int longest = 0;  // the most meetings `who` can have, so the longest run of busy slots
    for (int m : p.meetings_of[who]) longest += !column[m].empty();
    if (const auto& cap = in.participants[who].max_meetings) longest = std::min(longest, *cap);
    // The runs are the stretches i..j of slots where `who` may be busy, no longer than
    // `longest`; for_each_run(f) calls f(i, j) for each, and stops where f returns false.
    auto for_each_run = [&](const auto& f) {
      for (int first = 0; first < p.slots; ++first)
        for (int last = first; last < p.slots && last - first < longest; ++last) {
          if (busy[who][last].empty()) break;
          if (!f(first, last)) return;
        }
    };
    long entries = 0;  // of the run columns: one per slot a run contains
    for_each_run([&](int first, int last) {
      entries += last - first + 1;
      return run_entries + entries <= kMostRunEntries;
    });
    Terms runs;  // the run columns, or the start columns beyond kMostRunEntries
    if (run_entries + entries <= kMostRunEntries) {
      run_entries += entries;
      std::vector<Terms> covering(p.slots);  // the run columns that contain slot s
      for_each_run([&](int first, int last) {
        const int run = lp.add_column(0, 0, 1);
        runs.push_back({run, 1});
        for (int s = first; s <= last; ++s) covering[s].push_back({run, -1});
        return true;
      });
      for (int s = 0; s < p.slots; ++s) {
        if (busy[who][s].empty()) continue;
        Terms row = busy[who][s];
        row.insert(row.end(), covering[s].begin(), covering[s].end());
        lp.add_row(row, 0, 0);
      }
    } else {
      for (int s = 0; s < p.slots; ++s) {
        if (busy[who][s].empty()) continue;
        const int start = lp.add_column(0, 0, 1);
        runs.push_back({start, 1});
        Terms row{{start, 1}};
        for (const auto& [c, one] : busy[who][s]) row.push_back({c, -1});
        if (s > 0)
          for (const auto& [c, one] : busy[who][s - 1]) row.push_back({c, 1});
        lp.add_row(row, 0, kNoLimit);
      }
    }
    const int extra = lp.add_column(level == DayLevel::kBreaks ? -1 : 0, 0,
                                    static_cast<double>(most_each), level == DayLevel::kBreaks);
    runs.push_back({extra, -1});
    lp.add_row(runs, -kNoLimit, 1);
    extras.push_back({extra, 1});
  }
  if (level == DayLevel::kPreferred && !extras.empty())
    lp.add_row(extras, -kNoLimit, static_cast<double>(breaks));
  return out;
}

// An upper bound on preferred slots: the programme's LP optimum, rounded down. Where the SAT
// search would have to refute "one more" (a count it may not settle within any time limit),
// the LP often decides in milliseconds: its bound is the schedule at hand's count. Returns
// flow.preferred when the LP gives nothing better.
long preferred_lp_bound(const DayProgramme& programme, const FlowBounds& flow,
                        Budget& budget) {
  const double bound =
      programme.lp.maximum_bound(static_cast<double>(budget.ms_left()) / 1000.0);
  // The bound comes from weak duality in double arithmetic (lp.h); 1e-6 absorbs its rounding.
  if (!(bound < static_cast<double>(flow.preferred))) return flow.preferred;
  return static_cast<long>(std::floor(bound + 1e-6));
}

// What settle_lower_levels proved.
struct LowerLevels {
  long breaks_bound;              // a bound on breaks given the levels above (the optimum when
                                  // the search settled it)
  bool preferred_proven = false;  // no schedule that good on every level above has more
};

// REQUIRES: state is valid and meets flow's bounds on coverage, the lottery, weight and moved.
// Improves `state` on breaks, then preferred, never changing a level above; returns what it
// proved. `breaks_bound` is the bound known before; `improved` is told of each better schedule.
LowerLevels settle_lower_levels(const Problem& p, State& state, const FlowBounds& flow,
                                Budget& budget, long breaks_bound,
                                const std::function<void(const State&)>& improved) {
  const Instance& in = *p.instance;
  LowerLevels out{breaks_bound};
  if (state.objective().breaks <= breaks_bound && state.objective().preferred >= flow.preferred)
    return out;
  // Past the deadline, nothing below may start: building the formula alone takes tens of
  // milliseconds on a 150-supplier day.
  if (budget.out_of_time_now()) return out;
  auto eligible = [&](int m) { return in_best_schedules(p, flow, m); };
  // Participants with two meetings or more in some schedule the encoding allows.
  std::vector<char> may_break(p.participants, 0);
  for (int who = 0; who < p.participants; ++who)
    may_break[who] = std::count_if(p.meetings_of[who].begin(), p.meetings_of[who].end(),
                                   eligible) >= 2;
  // The fairness rule (break counts within d of each other): where someone has no break in any
  // schedule, the fewest breaks is 0, so the rule is exactly "at most d breaks each", which the
  // encoding can carry (keep_fair_up_to below). Otherwise the encoding is a relaxation of the
  // rule: its unsatisfiable answers still prove bounds, and adopt() refuses an unfair model.
  const bool someone_never_breaks =
      std::any_of(may_break.begin(), may_break.end(), [](char b) { return !b; });
  // The most breaks one participant may have in the linear programmes (day_programme).
  const long most_each = p.spread && someone_never_breaks ? *p.spread : p.slots;
  // CaDiCaL's default configuration. Measured on 100 generated days: "sat" moves times both
  // ways by seconds (150 suppliers, seed 24: 5.5 s to 0.8 s; 80, seed 16: 0.2 s to 6.8 s),
  // 97 proven against 96 and as many under 1 s; "unsat": 88 proven, 53 under 1 s.
  CaDiCaL::Solver solver;
  solver.set("quiet", 1);  // CaDiCaL prints some findings to stdout otherwise
  BudgetTerminator stop(budget);
  solver.connect_terminator(&stop);
  Cnf cnf(solver);

  // The meetings and their values.
  std::vector<std::vector<int>> x(p.meetings);  // per meeting: one variable per domain value
  std::vector<std::vector<std::vector<int>>> at(static_cast<size_t>(p.resource_count));
  for (auto& slots : at) slots.resize(p.slots);
  std::vector<std::vector<int>> room_at(static_cast<size_t>(std::max(p.rooms, 1)) * p.slots);
  std::vector<std::vector<int>> in_slot(p.slots);
  // Variables in id order throughout, so that the order of the input plays no part.
  for (int m : p.by_id) {
    if (!eligible(m)) continue;
    for (const Value& v : p.domain[m]) {
      const int var = cnf.fresh();
      x[m].push_back(var);
      for (int res : p.resources[m]) at[res][v.slot].push_back(var);
      if (v.room != kUnplaced)
        room_at[static_cast<size_t>(v.room) * p.slots + v.slot].push_back(var);
      in_slot[v.slot].push_back(var);
    }
    cnf.at_most_one(x[m]);
    if (p.forced[m]) cnf.clause(x[m]);
  }
  std::vector<int> resources_by_id = p.participants_by_id;
  for (int person = p.participants; person < p.resource_count; ++person)
    resources_by_id.push_back(person);
  for (int res : resources_by_id)
    for (const auto& vars : at[res]) cnf.at_most_one(vars);
  for (const auto& vars : room_at) cnf.at_most_one(vars);
  if (p.tables >= 0)
    for (const auto& vars : in_slot) cnf.at_most(vars, p.tables);
  for (int who : p.participants_by_id) {
    if (const auto& cap = in.participants[who].max_meetings) {
      std::vector<int> theirs;
      for (int m : p.meetings_of[who]) theirs.insert(theirs.end(), x[m].begin(), x[m].end());
      cnf.at_most(theirs, *cap);
    }
    if (p.supplier_rank[who] >= 0 && flow.covered[who]) {
      std::vector<int> any;
      for (int m : p.meetings_of[who]) any.insert(any.end(), x[m].begin(), x[m].end());
      cnf.clause(any);
    }
  }
  // Weight and stability at their bounds.
  std::vector<int> unplaced_weight, left;
  int total_weight = 0, gone = 0;
  for (int m : p.by_id) {
    const Meeting& meeting = in.meetings[m];
    if (!meeting.required && !x[m].empty()) {
      const int placed = cnf.fresh();
      std::vector<int> why{-placed};
      why.insert(why.end(), x[m].begin(), x[m].end());
      cnf.clause(why);
      for (int k = 0; k < meeting.weight; ++k) unplaced_weight.push_back(-placed);
      total_weight += meeting.weight;
    }
    if (p.previous[m].slot == kUnplaced) continue;
    int stay = 0;
    for (size_t i = 0; i < x[m].size(); ++i)
      if (p.domain[m][i].slot == p.previous[m].slot && p.domain[m][i].room == p.previous[m].room)
        stay = x[m][i];
    if (stay)
      left.push_back(-stay);
    else
      ++gone;
  }
  cnf.at_most(unplaced_weight, total_weight - flow.weight);
  cnf.at_most(left, flow.moved - gone);

  // Breaks: busy, busy-before and break ends per participant and slot.
  std::vector<int> ends;
  std::vector<std::vector<int>> ends_of;  // per participant that may break
  for (int who : p.participants_by_id) {
    // One meeting at most: never a break.
    if (!may_break[who]) continue;
    const size_t ends_before = ends.size();
    int busy_before = 0, busy_last = 0;  // 0: constant false
    for (int s = 0; s < p.slots; ++s) {
      std::vector<int> here;
      for (int m : p.meetings_of[who])
        for (size_t i = 0; i < x[m].size(); ++i)
          if (p.domain[m][i].slot == s) here.push_back(x[m][i]);
      int busy = 0;
      if (!here.empty()) {
        busy = cnf.fresh();
        std::vector<int> why{-busy};
        for (int var : here) cnf.clause({-var, busy}), why.push_back(var);
        cnf.clause(why);
      }
      if (busy && busy_before) {
        // A break ends here when busy now, idle in the slot before, busy earlier.
        const int end = cnf.fresh();
        std::vector<int> forced{-busy, -busy_before, end};
        if (busy_last) forced.push_back(busy_last);
        cnf.clause(forced);
        ends.push_back(end);
      }
      // busy_before for the next slot: busy in this slot or in any slot before it. It is only
      // forced true; a model that sets it without cause only counts more break ends.
      if (busy) {
        const int next = cnf.fresh();
        if (busy_before) cnf.clause({-busy_before, next});
        cnf.clause({-busy, next});
        busy_before = next;
      }
      busy_last = busy;
    }
    ends_of.emplace_back(ends.begin() + static_cast<long>(ends_before), ends.end());
  }
  // Preferred: preferred(m) only when m is in a preferred slot; the count of the others.
  std::vector<int> missed;
  for (int m : p.by_id) {
    std::vector<int> why;
    for (size_t i = 0; i < x[m].size(); ++i)
      if (p.preferred[m][p.domain[m][i].slot]) why.push_back(x[m][i]);
    if (why.empty()) continue;
    const int preferred = cnf.fresh();
    why.insert(why.begin(), -preferred);
    cnf.clause(why);
    missed.push_back(-preferred);
  }

  // The schedule in which meeting m takes its i-th value where chosen(m, i) (a model of the
  // formula, or a point of the integer programme below, whose columns follow x) becomes the
  // schedule at hand when it is valid and better (it never differs above breaks).
  auto adopt_where = [&](const auto& chosen) {
    std::vector<Value> places(p.meetings, Value{kUnplaced, kUnplaced});
    for (int m = 0; m < p.meetings; ++m)
      for (size_t i = 0; i < x[m].size(); ++i)
        if (chosen(m, i)) places[m] = p.domain[m][i];
    const Score before = state.score();
    const std::vector<Value> old = snapshot(p, state);
    restore(p, state, places);
    if (state.valid() && compare_above_breaks(state.score(), before) == 0 &&
        state.score() < before) {
      improved(state);
      return true;
    }
    restore(p, state, old);
    return false;
  };
  auto adopt = [&]() {
    return adopt_where([&](int m, size_t i) { return solver.val(x[m][i]) > 0; });
  };
  // The same for a point of a day_programme (its x columns with whole values).
  auto adopt_point = [&](const DayProgramme& programme, const std::vector<double>& point) {
    return adopt_where([&](int m, size_t i) { return point[programme.column[m][i]] > 0.5; });
  };
  // The search starts from the current schedule (CaDiCaL's saved phases): a better schedule is
  // usually a few changes away.
  auto start_from_state = [&](CaDiCaL::Solver& which) {
    for (int m = 0; m < p.meetings; ++m)
      for (size_t i = 0; i < x[m].size(); ++i) {
        const bool here =
            state.slot(m) == p.domain[m][i].slot && state.room(m) == p.domain[m][i].room;
        which.phase(here ? x[m][i] : -x[m][i]);
      }
  };
  auto ask = [&](const std::vector<int>& assumptions, int conflicts = kConflictsPerCall) {
    start_from_state(solver);
    for (int lit : assumptions) solver.assume(lit);
    solver.limit("conflicts", conflicts);
    return solver.solve();
  };

  long breaks = state.objective().breaks;
  const std::vector<int> breaks_at_least = cnf.counter(ends, static_cast<int>(breaks) + 1);
  // The fairness rule, as "at most d breaks each" where that is exact (see the top of this
  // function), added before the first call that allows more than d breaks in total: a schedule
  // with at most d breaks in all keeps the rule anyway (no one has more than d, no one fewer
  // than 0), and the clauses would only slow the solver down.
  bool fairness_added = false;
  auto keep_fair_up_to = [&](long total) {
    if (!p.spread || !someone_never_breaks || fairness_added || total <= *p.spread) return;
    for (const auto& theirs : ends_of) cnf.at_most(theirs, *p.spread);
    fairness_added = true;
  };
  // A call without the hosts' count (count_busy_hosts) gets a fifth of the conflicts; where it
  // first stops short, the breaks programme's LP bound is asked (breaks_lp_bound: tens to
  // hundreds of milliseconds; it proves the schedule at hand optimal where its rounded-up bound
  // is that schedule's count, e.g. 2 breaks on the 150-supplier day, seed 17, at 0.9 s instead
  // of 4.3 s), then the count joins in for the rest of the search (and stays for the preferred
  // level). The plain formula settles most days fastest; the count settles the days whose proof
  // is a pigeonhole argument (3 panels, 16 slots, 25 suppliers, seed 4 of the generated days).
  // Where that stops short too, CBC is asked (see ask_breaks_programme). Measured, not kept:
  // CBC before the count. On the 100 generated days it proved one day more (150 suppliers,
  // seed 9: the count's call spends the 10 s limit, CBC finds a day without breaks in 2 s) and
  // took 3 panels / 25 suppliers, seed 10 from 6.1 s to 1.3 s, but where the count proves at
  // once, CBC runs out its 1,000 nodes first: a 6-supplier day whose two panels share a member
  // (tests/event_test.cpp) went from 0.7 s to the 10 s limit (20 s with no limit).
  int count_hosts = 0;
  std::optional<DayProgramme> breaks_programme;  // built when first needed
  // "A point of the breaks programme with at most breaks - 1 breaks?" by CBC's branch and cut,
  // where the SAT calls stop short: the LP's run and extra columns count the runs of busy
  // slots directly, and the cuts settle in seconds what CaDiCaL had not refuted after minutes
  // (3 panels, 25 suppliers, seed 10: two panels share a member, and their two locked meetings
  // leave no day without 3 breaks). Returns 20 when that proves the bound (no such point, or
  // CBC's best point is a better schedule, and the programme's optimum is a bound for every
  // schedule), 10 when a point is a better schedule, 0 when nothing is proven.
  auto build_breaks_programme = [&]() {
    if (!breaks_programme)
      breaks_programme = day_programme(p, flow, x, may_break, most_each, DayLevel::kBreaks);
  };
  // The breaks programme's LP bound: every schedule this good has at least that many breaks.
  auto breaks_lp_bound = [&]() -> long {
    build_breaks_programme();
    const double most = breaks_programme->lp.maximum_bound(
        static_cast<double>(budget.ms_left()) / 1000.0);  // of -(breaks)
    if (most == kNoLimit) return 0;
    // As in preferred_lp_bound, 1e-6 absorbs the rounding of the bound.
    return std::max(0L, static_cast<long>(std::ceil(-most - 1e-6)));
  };
  auto ask_breaks_programme = [&]() {
    build_breaks_programme();
    const LinearProgram::IntegerSearch search = breaks_programme->lp.best_integer_point(
        -static_cast<double>(breaks - 1), kIntegerNodes,
        [&] { return !budget.out_of_time_now(); }, LinearProgram::Heuristics::kOn,
        [&] { return static_cast<double>(budget.ms_left_at_last_reading()) / 1000.0; });
    if (search.end == LinearProgram::IntegerSearch::End::kNone) return 20;
    if (search.point.empty() || !adopt_point(*breaks_programme, search.point)) return 0;
    breaks = state.objective().breaks;
    return search.end == LinearProgram::IntegerSearch::End::kBest ? 20 : 10;
  };
  // The bound first, on a copy of the formula: "a schedule with no more breaks than the bound?"
  // with a small conflict limit, and again one higher each time that is refuted. On the
  // generated days the optimum is mostly the bound while the schedule at hand has a break or
  // two more, and asking for the bound itself often settles in tens of milliseconds what the
  // questions below (one break fewer than the schedule at hand) took seconds to (150 suppliers,
  // seed 24: 5.7 s to 0.4 s). A copy, because asking the main solver changed how its later
  // calls went, both ways by seconds: its learnt clauses and scores stay as they were. The copy
  // has no fairness clauses: a refutation still proves the bound, and adopt_where refuses an
  // unfair model. On 100 days (Release, one at a time): 74 under 1 s instead of 73 and 110 s
  // in all instead of 112 without a break rule; with a break spread of 1, 97 proven instead of
  // 96, 73 under 1 s instead of 70, 124 s instead of 137. (Those figures with a limit of 2,000
  // conflicts; 1,000 or 5,000 then gave 72 and 73 under 1 s, 119 s and 112 s without a rule.
  // The limit in use, and why: kConflictsPerProbe.)
  if (breaks > out.breaks_bound + 1 && !budget.out_of_time_now()) {
    CaDiCaL::Solver probe;
    solver.copy(probe);
    probe.connect_terminator(&stop);
    while (breaks > out.breaks_bound + 1 && !budget.out_of_time()) {
      start_from_state(probe);
      probe.assume(-breaks_at_least[out.breaks_bound + 1]);
      probe.limit("conflicts", kConflictsPerProbe);
      const int result = probe.solve();
      if (result == 20) {
        ++out.breaks_bound;  // every schedule this good has more breaks than that
        continue;
      }
      if (result == 10 && adopt_where([&](int m, size_t i) { return probe.val(x[m][i]) > 0; }))
        breaks = state.objective().breaks;  // at the bound: the loop below has nothing to ask
      break;
    }
  }
  // Measured, not kept: neighbourhood rounds for breaks like those for preferred slots below
  // (before the first call, or after it stops short). Where they find the better schedule, it
  // comes in the first 25 rounds and saves 1-3 s; where there is none, 100 failing rounds cost
  // 4 s on a 150-supplier day (1,000 conflicts each), and another schedule at hand changes how
  // long the preferred level takes, both ways. On 100 days, five variants (rounds, conflicts,
  // first call): 95-97 proven and 66-70 under 1 s, against 96 and 68-69 without.
  while (breaks > out.breaks_bound) {
    std::vector<int> fewer{-breaks_at_least[breaks]};  // at most breaks - 1
    keep_fair_up_to(breaks - 1);
    if (count_hosts) fewer.push_back(count_hosts);
    int result = ask(fewer, count_hosts ? kConflictsPerCall : kConflictsPerCall / 5);
    if (result == 0 && budget.timed_out()) return out;
    if (result == 0 && !breaks_programme) {
      out.breaks_bound = std::max(out.breaks_bound, breaks_lp_bound());
      if (breaks <= out.breaks_bound) {
        count_hosts = count_busy_hosts(p, flow, cnf, x);  // for the preferred level, as below
        break;
      }
    }
    if (result == 0 && !count_hosts) {
      count_hosts = count_busy_hosts(p, flow, cnf, x);
      if (count_hosts) continue;
    }
    // Asked once per count: after it, the loop ends or goes on with fewer breaks.
    if (result == 0 && !budget.out_of_time()) {
      result = ask_breaks_programme();
      if (result == 10) continue;
    }
    if (result == 20) {
      out.breaks_bound = breaks;
      break;
    }
    if (result != 10 || !adopt()) return out;
    breaks = state.objective().breaks;
  }
  if (count_hosts) cnf.clause({count_hosts});
  long preferred = state.objective().preferred;
  const int total = static_cast<int>(missed.size());
  if (preferred >= flow.preferred || preferred >= total) return out;
  if (budget.out_of_time_now()) return out;
  // The most any schedule this good can have: the flow's bound, or the LP's where lower.
  const DayProgramme programme =
      day_programme(p, flow, x, may_break, most_each, DayLevel::kPreferred, breaks);
  long most = preferred_lp_bound(programme, flow, budget);  // lowered by CBC's refutations
  if (preferred >= most) {
    out.preferred_proven = true;
    return out;
  }
  // CBC's refutations of the levels from the LP's bound down, on a second thread while the
  // SAT rounds below search for schedules (LevelSearch): where the bound is out of reach, its
  // proof no longer waits for the rounds to run out and for SAT to stop short. Its answers are
  // those CBC gives here asked alone (ask_integer_programme), so the schedule and the verdict
  // are the same with or without it, only sooner: a refuted level lowers `most` (ending the
  // rounds, or SAT's call, once the count at hand reaches it), and a point is only taken where
  // ask_integer_programme would have asked for it. The eleven days of 100 generated days that
  // need CBC here took 1.1-2.8 s instead of 2.5-5.2 s (see kStalledRoundsBeforeLevels for when
  // it starts).
  std::optional<LevelSearch> levels;
  auto start_levels = [&] {
    if (levels || preferred >= most || budget.ms_left() < kLevelsLeastMsLeft) return;
    try {
      levels.emplace(programme.lp, most, kIntegerNodes);
      levels->not_needed_from(preferred);
    } catch (const std::system_error&) {  // no thread to be had: CBC is asked here, when needed
    }
  };
  int stalled = 0;  // rounds since the count last rose
  auto lower_most = [&] {
    if (levels) most = std::min(most, levels->most_refuted_below());
  };
  stop.stop_when([&] { return levels && levels->most_refuted_below() <= preferred; });
  const std::vector<int> missed_at_least = cnf.counter(missed, total - static_cast<int>(preferred));
  keep_fair_up_to(breaks);
  // Neighbourhoods first: every meeting stays where the schedule at hand has it except those
  // of a few participants (the panel and the supplier of a meeting outside its preferred slot,
  // and `extra_free` participants at random) and, every other round, those in a window of
  // slots; each round asks for one more preferred slot with a small conflict limit. Cheap steps
  // towards the bound, where one question to the whole formula can take seconds (150
  // suppliers, seed 5: 7 s to climb from 8 to 11 without them, 0.7 s with them). The linear
  // search then proves the bound or the count.
  // A refuted neighbourhood (no better schedule in it) makes the next one larger by one random
  // participant, one that stops short at the conflict limit smaller: the rounds settle at the
  // size the solver can just search. With one random participant always, most rounds were
  // refuted in milliseconds and the count stalled below the optimum where a larger move was
  // needed (80 suppliers, seed 12: at 13 of 14 when the breaks level was proven without SAT,
  // then neither SAT nor CBC's 1,000 nodes found 14). On 100 generated days: 79 under 1 s
  // instead of 77 and 91 s in all instead of 98 (one day fewer proven: 150 suppliers, seed 16,
  // whose breaks SAT then does not settle; host_runs.h does); with a break spread of 1, 78 and
  // 99 s instead of 77 and 108 s.
  Random random(0x5eed);  // fixed: the rounds depend on the instance only
  int extra_free = 1;
  for (int round = 0;
       round < kPreferredNeighbourhoods && preferred < most && !budget.out_of_time(); ++round) {
    std::vector<int> missing;  // placed meetings with a preferred slot, not in one
    for (int m : p.by_id)
      if (state.placed(m) && !p.preferred[m][state.slot(m)] &&
          std::any_of(p.preferred[m].begin(), p.preferred[m].end(), [](char c) { return c; }))
        missing.push_back(m);
    std::vector<char> free_participant(p.participants, 0), free_slot(p.slots, 0);
    if (!missing.empty()) {
      const int m = missing[random.below(static_cast<int>(missing.size()))];
      for (int who : in.meetings[m].between) free_participant[who] = 1;
    }
    for (int i = 0; i < extra_free; ++i)
      free_participant[p.participants_by_id[random.below(p.participants)]] = 1;
    if (round % 2 == 1) {
      const int width = 2 + random.below(4);
      const int first = random.below(std::max(1, p.slots - width + 1));
      for (int s = first; s < std::min(p.slots, first + width); ++s) free_slot[s] = 1;
    }
    std::vector<int> question{-breaks_at_least[breaks + 1], -missed_at_least[total - preferred]};
    for (int m : p.by_id) {
      if (!state.placed(m) || free_slot[state.slot(m)]) continue;
      const auto& between = in.meetings[m].between;
      if (free_participant[between[0]] || free_participant[between[1]]) continue;
      for (size_t i = 0; i < x[m].size(); ++i)
        if (p.domain[m][i].slot == state.slot(m) && p.domain[m][i].room == state.room(m))
          question.push_back(x[m][i]);
    }
    const int result = ask(question, kConflictsPerNeighbourhood);
    if (result == 20)
      ++extra_free;
    else if (result == 0 && extra_free > 1)
      --extra_free;
    if (result == 10 && adopt()) {
      preferred = state.objective().preferred;
      if (levels) levels->not_needed_from(preferred);
      stalled = 0;
    } else if (++stalled >= kStalledRoundsBeforeLevels) {
      start_levels();
    }
    lower_most();
  }
  start_levels();
  // Up from the schedule at hand to the bound, with each question as unit clauses (see the top
  // of this section): "breaks stay at b" once, then "at least q + 1 preferred".
  cnf.clause({-breaks_at_least[breaks + 1]});
  // Where SAT stops short of a refutation, CBC's branch and cut settles the count on the integer
  // programme (every schedule this good is a point of it, and a point is such a schedule where
  // it keeps the fairness rule, see day_programme), from the LP's bound down: "a point
  // with at least k?" for k = most, most - 1, ..., q + 1. Each "none" lowers the bound (a
  // row at the level asked makes CBC's cuts strong: on the 80-supplier day, seed 5, 10 and 9 are
  // refuted at the root in under a second each, where "at least 7" ran 1,000 nodes without
  // settling), and `most` with it; the first level with a point gives CBC's best point, a
  // maximum of the programme when CBC proves it. Returns 20 when that proves the count at hand
  // (no level has a point, or the best point is now the schedule at hand), 10 when a point is a
  // better schedule, 0 when nothing is proven.
  // CBC's last answer, kept with its level: asked the same level again (after its point was
  // taken and SAT stopped short once more), CBC would answer the same, in the same time.
  std::optional<std::pair<long, LinearProgram::IntegerSearch>> last_answer;
  auto ask_integer_programme = [&]() {
    while (most > preferred && !budget.out_of_time()) {
      if (!last_answer || last_answer->first != most) {
        // The second thread's answer where it gives one (waiting for it), CBC asked here
        // otherwise. The budget is asked while waiting, and at CBC's events here: its clock
        // ends the wait or the search, and its heartbeat goes on reporting progress meanwhile.
        const std::function<bool()> in_time = [&] { return !budget.out_of_time_now(); };
        std::optional<LinearProgram::IntegerSearch> answer;
        if (levels) answer = levels->answer(most, in_time);
        if (!answer && budget.timed_out()) return 0;
        if (!answer)
          answer = programme.lp.best_integer_point(static_cast<double>(most), kIntegerNodes,
                                                   in_time);
        last_answer.emplace(most, std::move(*answer));
      }
      const LinearProgram::IntegerSearch& search = last_answer->second;
      if (search.end == LinearProgram::IntegerSearch::End::kNone) {
        --most;  // no schedule this good has `most`
        continue;
      }
      if (search.point.empty() || !adopt_point(programme, search.point)) return 0;
      return search.end == LinearProgram::IntegerSearch::End::kBest ? 20 : 10;
    }
    return most <= preferred ? 20 : 0;
  };
  const int first_conflicts = static_cast<int>(std::clamp<long>(
      kPreferredFirstWork / std::max(1, solver.vars()), 1, kConflictsPerCall));
  while (preferred < most) {
    cnf.clause({-missed_at_least[total - preferred]});
    int result = ask({}, first_conflicts);
    lower_most();
    if (result != 10 && preferred >= most) break;  // the second thread refuted the level asked
    if (result == 0 && !budget.out_of_time()) {
      result = ask_integer_programme();
      if (result == 10) {
        preferred = state.objective().preferred;
        continue;
      }
      if (result == 0 && first_conflicts < kConflictsPerCall && !budget.out_of_time())
        result = ask({}, kConflictsPerCall - first_conflicts);  // where CBC stopped short
      lower_most();
      if (result != 10 && preferred >= most) break;
    }
    if (result == 20) {
      out.preferred_proven = true;  // no schedule this good has more
      return out;
    }
    if (result != 10 || !adopt()) return out;
    preferred = state.objective().preferred;
  }
  out.preferred_proven = true;  // at the bound
  return out;
}

// ---- Optimality ------------------------------------------------------------------------------
//
// A schedule is proven optimal when each level reaches a bound that holds for every valid
// schedule optimal on the levels above: coverage = the suppliers that have a meeting that can be
// placed at all (then the lottery level is optimal too: exactly the uncoverable suppliers are
// left out), weight = the weight of every optional meeting that can be placed at all, moved = 0,
// breaks = the lower bound above, preferred = the meetings that have a preferred slot in their
// domain; where the flow relaxation applies, its tighter bounds replace these (the covered set
// must be S*). Sound but incomplete: where a bound is not tight, the status stays "feasible".
// Whether the schedule meets the flow relaxation's bounds on coverage, the lottery, weight and
// moved (those levels are then proven optimal).
bool at_flow_bounds(const Problem& p, const State& state, const FlowBounds& flow) {
  if (!flow.applies || !state.valid()) return false;
  const Objective o = state.objective();
  for (int x = 0; x < p.participants; ++x)
    if (p.supplier_rank[x] >= 0 && (state.count(x) > 0) != (flow.covered[x] != 0)) return false;
  return o.weight == flow.weight && o.moved == flow.moved;
}

bool is_provably_optimal(const Problem& p, const State& state, long breaks_bound,
                         const FlowBounds& flow, bool preferred_proven) {
  if (flow.applies) {
    const Objective o = state.objective();
    return at_flow_bounds(p, state, flow) && o.breaks == breaks_bound &&
           (o.preferred == flow.preferred || preferred_proven);
  }
  const Instance& in = *p.instance;
  int coverage_possible = 0, weight_possible = 0, preferred_possible = 0;
  for (int x = 0; x < p.participants; ++x) {
    if (p.supplier_rank[x] < 0) continue;
    const auto& cap = in.participants[x].max_meetings;
    if (cap && *cap == 0) continue;
    if (std::any_of(p.meetings_of[x].begin(), p.meetings_of[x].end(), [&](int m) {
          const auto& other =
              in.participants[in.meetings[m].between[0] == x ? in.meetings[m].between[1]
                                                             : in.meetings[m].between[0]]
                  .max_meetings;
          return !p.domain[m].empty() && !(other && *other == 0);
        }))
      ++coverage_possible;
  }
  for (int m = 0; m < p.meetings; ++m) {
    if (p.domain[m].empty()) continue;
    if (!in.meetings[m].required) weight_possible += in.meetings[m].weight;
    if (std::any_of(p.domain[m].begin(), p.domain[m].end(),
                    [&](const Value& v) { return p.preferred[m][v.slot] != 0; }))
      ++preferred_possible;
  }
  const Objective o = state.objective();
  return o.coverage == coverage_possible && o.weight == weight_possible && o.moved == 0 &&
         o.breaks == breaks_bound && o.preferred == preferred_possible;
}

// ---- The phases, put together ----------------------------------------------------------------

Schedule to_schedule(const Problem& p, const State& state, Status status, std::string reason,
                     std::uint64_t seed, long breaks_bound) {
  Schedule out;
  out.status = status;
  out.reason = std::move(reason);
  out.seed = seed;
  for (int m = 0; m < p.meetings; ++m) {
    if (state.placed(m)) {
      Assignment a{m, state.slot(m), std::nullopt};
      if (p.rooms > 0) a.room = state.room(m);
      out.assignments.push_back(a);
    } else {
      Explained why = explain_unplaced(p, state, m, seed);
      out.unscheduled.push_back({m, std::move(why.reason), std::move(why.cause)});
    }
  }
  out.objective = state.objective();
  // A bound holds for every valid schedule; an incomplete one (status unknown) may be below it.
  out.bound_breaks = static_cast<int>(std::min<long>(breaks_bound, out.objective.breaks));
  return out;
}

Explained unfair_reason(const Problem& p) {
  return explained("no schedule that places every required meeting keeps every two "
                   "participants' break counts within " +
                       std::to_string(*p.spread) + " of each other (fairness rule)",
                   "fairness_impossible", {}, {{"spread", *p.spread}});
}

// ---- The B2B shape: breaks by SAT (b2b_sat.h) ------------------------------------------------

// A SAT call of the break search that reaches this many conflicts proves nothing (the clock
// usually stops it first: about 20-50 thousand conflicts a second on these formulas).
constexpr std::int64_t kBreaksConflictsPerCall = 200'000;
// The first, quick attempt (after kStepsPerMeetingBeforeQuickSat steps of annealing): a smaller
// budget per call, few neighbourhoods, and at most this share of the time limit. Tuned on the
// B2B originals: it settles the 10-slot instances in 20-800 ms (the full annealing took
// 0.7-3.8 s before the SAT search), and costs the hard ones up to a few seconds.
constexpr long kStepsPerMeetingBeforeQuickSat = 300;
constexpr std::int64_t kQuickConflictsPerCall = 50'000;
constexpr int kQuickNeighbourhoods = 50;
constexpr std::int64_t kQuickShareOfLimit = 10;  // a tenth

// Whether breaks are the only level that can differ between valid schedules, and the SAT
// search expresses every rule: every meeting is forced (so coverage, the lottery and weight are
// the same in every valid schedule), no previous schedule (moved), no preferred slots, no room
// list (tables or no limit), and not so large that the encoding would crowd out the heuristics.
bool breaks_only(const Problem& p, const SolveOptions& options) {
  if (options.previous || p.rooms > 0) return false;
  for (int m = 0; m < p.meetings; ++m)
    if (!p.forced[m] || !p.instance->meetings[m].preferred.empty()) return false;
  return value_count(p) <= kExactPathMaxValues;
}

BreaksProblem breaks_problem(const Problem& p, long known_bound) {
  const Instance& in = *p.instance;
  BreaksProblem out;
  out.slots = p.slots;
  out.participants = p.participants;
  out.resource_count = p.resource_count;
  out.tables = p.tables;
  out.spread = p.spread;
  out.meeting_order = p.by_id;
  out.participant_order = p.participants_by_id;
  out.known_bound = known_bound;
  out.resources = p.resources;
  for (int m = 0; m < p.meetings; ++m) {
    out.between.push_back({in.meetings[m].between[0], in.meetings[m].between[1]});
    std::vector<int> slots;
    for (const Value& v : p.domain[m]) slots.push_back(v.slot);
    out.slots_of.push_back(std::move(slots));
    std::vector<int> after = in.meetings[m].after;
    std::sort(after.begin(), after.end(),
              [&](int x, int y) { return in.meetings[x].id < in.meetings[y].id; });
    out.after.push_back(std::move(after));
  }
  return out;
}

// Makes `state` the complete schedule `slot` (per meeting; no rooms).
void place_slots(const Problem& p, State& state, const std::vector<int>& slot) {
  for (int m = 0; m < p.meetings; ++m)
    if (state.placed(m)) state.unplace(m);
  for (int m : p.by_id) state.place(m, {slot[m], kUnplaced});
}

Schedule verdict(Status status, Explained why, std::uint64_t seed) {
  Schedule out;
  out.status = status;
  out.reason = std::move(why.reason);
  out.cause = std::move(why.cause);
  out.seed = seed;
  return out;
}

}  // namespace

Schedule solve(const Instance& instance, const SolveOptions& options, ClockMs now_ms) {
  const std::int64_t started = now_ms();
  const std::int64_t limit = std::max<std::int64_t>(options.time_limit_ms, 0);
  Budget budget(now_ms, started + limit * 4 / 5, started + limit);
  const Problem p = build_problem(instance, options);
  const std::uint64_t seed = options.seed;
  const long node_budget = 50'000 + 100L * p.meetings;
  auto stamp = [&](Schedule s) {
    s.solve_ms = now_ms() - started;
    return s;
  };

  // Why the required meetings cannot all be placed, where a glance at the instance tells;
  // otherwise the complete searches below give no_schedule's words as their verdict.
  const Explained infeasible_why = explain_infeasible(p);
  if (infeasible_why.cause.code != "no_schedule")
    return stamp(verdict(Status::kInfeasible, infeasible_why, seed));
  const std::vector<int> least = least_breaks_each(p);
  if (const auto unfair = fairness_out_of_reach(p, least))
    return stamp(verdict(Status::kInfeasible, *unfair, seed));
  long bound = breaks_lower_bound(p, least);

  // Progress: each time the best valid schedule gets better, and then once a second (from the
  // budget's regular clock reads) with the same figures and the time so far.
  std::optional<Progress> last;
  auto report = [&](const State& s) {
    if (!options.progress || !s.valid()) return;
    last = Progress{s.objective(), bound, now_ms() - started};
    options.progress(*last);
  };
  if (options.progress)
    budget.set_heartbeat(
        [&](std::int64_t now) {
          if (!last) return;
          last->elapsed_ms = now - started;
          options.progress(*last);
        },
        started + 1000);

  State state(p);
  // Every meeting held and breaks the only level that can differ (the B2B benchmark's shape):
  // the SAT search of b2b_sat.h proves the optimum, starting from the schedule the phases below
  // found, or decides on its own where they found none.
  const bool by_sat = breaks_only(p, options);
  // `quick`: the small budget of the first attempt (see finish below). `first_only`: stop at
  // the first valid schedule (see first_schedule_by_sat).
  auto run_sat = [&](const State* from, bool quick, bool first_only = false) {
    BreaksProblem problem = breaks_problem(p, bound);
    if (from)
      for (int m = 0; m < p.meetings; ++m) problem.hint.push_back(from->slot(m));
    BreaksBudget sat_budget;
    sat_budget.first_schedule_only = first_only;
    sat_budget.conflicts_per_call = quick ? kQuickConflictsPerCall : kBreaksConflictsPerCall;
    if (quick) sat_budget.neighbourhood_rounds = kQuickNeighbourhoods;
    // The quick attempt's own deadline, read like the main budget's (not on every call).
    std::optional<Budget> quick_budget;
    if (quick) {
      const std::int64_t until = now_ms() + limit / kQuickShareOfLimit;
      quick_budget.emplace(now_ms, until, until);
    }
    sat_budget.stop = [&] {
      return budget.out_of_time_now() || (quick_budget && quick_budget->out_of_time_now());
    };
    State shown(p);
    sat_budget.improved = [&](const std::vector<int>& slot, long, long proven) {
      bound = std::max(bound, proven);
      place_slots(p, shown, slot);
      report(shown);
    };
    const BreaksOutcome outcome = minimise_breaks(problem, sat_budget);
    bound = std::max(bound, outcome.bound);
    return outcome;
  };

  // Where the phases found no valid schedule: SAT finds a first one and puts it in `state`, for
  // the phases after them to improve as they would their own (returns nothing), or gives the
  // verdict that there is none (or a schedule with status unknown when it ran out of budget,
  // also nothing). The annealing brings a first model's breaks down in milliseconds where the
  // SAT search's cores make no headway from it: ticf-14crafa prec15 (d = 2, 10 s) ended at 121
  // breaks when SAT went on alone, and reaches 4 this way.
  auto first_schedule_by_sat = [&]() -> std::optional<Schedule> {
    const BreaksOutcome sat = run_sat(nullptr, false, true);
    switch (sat.verdict) {
      case BreaksVerdict::kInfeasible:
        return stamp(verdict(Status::kInfeasible, infeasible_why, seed));
      case BreaksVerdict::kUnfair:
        return stamp(verdict(Status::kInfeasible, unfair_reason(p), seed));
      case BreaksVerdict::kOptimal:
      case BreaksVerdict::kFeasible:
        place_slots(p, state, sat.slot);
        break;
      case BreaksVerdict::kUnknown:
        break;
    }
    return std::nullopt;
  };
  // Phase 1: the forced meetings.
  std::vector<int> forced;
  for (int m : p.by_id)
    if (p.forced[m]) forced.push_back(m);
  const auto always = [](const State&) { return true; };
  const SearchOutcome first =
      search_with_restarts(p, state, budget, seed, node_budget, forced, always);
  if (first == SearchOutcome::kExhausted)
    return stamp(verdict(Status::kInfeasible, infeasible_why, seed));
  if (first == SearchOutcome::kOutOfBudget) {
    // The tree search gave up. The local search counts unplaced required meetings as its first
    // level, so it carries on from a greedy start.
    for (int m : forced) place_with_one_push(p, state, m, seed);
  }

  // Phases 2 to 4.
  const FlowBounds flow = first == SearchOutcome::kFound ? flow_bounds(p) : FlowBounds{};
  const long preferred_goal = flow.applies ? flow.preferred : 0;
  const bool ordered = std::any_of(instance.meetings.begin(), instance.meetings.end(),
                                   [](const Meeting& m) { return !m.after.empty(); });
  // Where the flow relaxation has settled the levels above breaks, the annealing only polishes
  // breaks and preferred slots: a shorter run keeps a conference day well under a second.
  const long steps_per_meeting = flow.applies ? kStepsPerMeetingExact : kStepsPerMeeting;
  // Beyond the exact path the local search gets a longer run before the annealing. On the fair
  // of 1,000 participants and 5,000 meetings (tests/bench/large_fair_bench, 10 s) it makes about
  // 1,000,000 moves a second against the annealing's 130,000 Kempe chain steps (chains grow
  // long in slots this full, and 95 % of them are refused), and keeps finding fewer breaks: with
  // effort 1 it ran out of patience 2-3 s into the run and the annealing ended at 787 / 831 /
  // 783 breaks (seeds 1-3); with 20 it runs to the limit and ends at 532 / 565 / 551.
  const long improve_effort = value_count(p) > kExactPathMaxValues ? kImproveEffortBeyondExact : 1;
  // REQUIRES: s.valid(), after improve() and fill_free_places()
  auto finish = [&](State& s, bool annealed) {
    report(s);
    // The B2B shape: a short annealing and a SAT attempt on a small budget settle the easier
    // instances in milliseconds. Where they do not reach the bound, the full annealing runs
    // from the same start (their schedule is kept when it stays the better one), and the SAT
    // search follows with its full budget.
    std::vector<int> quick_best;
    long quick_breaks = 0;
    if (!annealed && by_sat) {
      const std::vector<Value> start = snapshot(p, s);
      reduce_breaks(p, s, budget, seed, bound, preferred_goal, kStepsPerMeetingBeforeQuickSat,
                    report);
      if (s.objective().breaks > bound) {
        const BreaksOutcome sat = run_sat(&s, true);
        if (!sat.slot.empty() && sat.breaks < s.objective().breaks) place_slots(p, s, sat.slot);
        report(s);  // the bound may have risen
      }
      if (s.objective().breaks > bound) {
        for (int m = 0; m < p.meetings; ++m) quick_best.push_back(s.slot(m));
        quick_breaks = s.objective().breaks;
        restore(p, s, start);
      }
    }
    if (!annealed && s.objective().breaks > bound)
      reduce_breaks(p, s, budget, seed, bound, preferred_goal, steps_per_meeting, report);
    fill_free_places(p, s);
    raise_preferred(p, s, budget, seed);
    if (!quick_best.empty() && quick_breaks < s.objective().breaks) place_slots(p, s, quick_best);
    LowerLevels settled{bound};
    if (by_sat && s.objective().breaks > bound) {
      const BreaksOutcome sat = run_sat(&s, false);
      if (!sat.slot.empty() && sat.breaks < s.objective().breaks) place_slots(p, s, sat.slot);
      settled.breaks_bound = bound;
      report(s);
    } else if (at_flow_bounds(p, s, flow) && !ordered) {
      if (s.objective().breaks > bound) bound = std::max(bound, hosts_breaks_bound(p, flow, least));
      settled = settle_lower_levels(p, s, flow, budget, bound, report);
      bound = settled.breaks_bound;
      report(s);  // with the bound it proved
    }
    const bool optimal =
        is_provably_optimal(p, s, settled.breaks_bound, flow, settled.preferred_proven);
    return stamp(to_schedule(p, s, optimal ? Status::kOptimal : Status::kFeasible, "", seed,
                             settled.breaks_bound));
  };
  // The exact path (where the flow relaxation applies, e.g. every conference day): its bounds
  // decide the status, and its best meeting set, placed by the complete search, starts the
  // break search at the bounds of every level above breaks. Otherwise (also with `after`
  // rules, which the relaxation's set does not follow), or when that set cannot be placed, the
  // lottery-order placement and the local search start it.
  if (!flow.applies || ordered || !place_chosen(p, state, flow, budget, seed, node_budget)) {
    place_optional(p, state, seed);
    improve(p, state, budget, seed, improve_effort);
  }
  fill_free_places(p, state);

  if (state.valid()) return finish(state, false);
  if (state.forced_missing() == 0) {
    // Every required meeting is placed but the fairness rule is broken: the annealing lowers
    // the excess first (it never accepts a higher one) and usually repairs it.
    reduce_breaks(p, state, budget, seed, bound, preferred_goal, steps_per_meeting, report);
    fill_free_places(p, state);
    // The exact path's short run may fall short of it; a full-length run comes before the
    // complete search below, which keeps the rule but not the lottery's choice of suppliers (on
    // the generated 80-supplier day, seed 12, with a break spread of 1, two suppliers lost their
    // meeting to suppliers drawn after them; 5,000 steps per meeting repair that day).
    if (!state.valid() && steps_per_meeting < kStepsPerMeeting) {
      reduce_breaks(p, state, budget, seed, bound, preferred_goal, kStepsPerMeeting, report);
      fill_free_places(p, state);
    }
    if (state.valid()) return finish(state, true);
  }
  if (by_sat) {
    // The phases found no valid schedule within their budgets: SAT finds one or decides.
    if (auto decided = first_schedule_by_sat()) return *decided;
    if (state.valid()) return finish(state, false);
  }
  if (state.forced_missing() > 0)
    return stamp(to_schedule(
        p, state, Status::kUnknown,
        std::string(budget.timed_out() ? "the time limit ran out"
                                       : "the search used up its step budget") +
            " before placing every required meeting (" + std::to_string(state.forced_missing()) +
            " not placed, and no proof that it cannot be done); the schedule "
            "is incomplete",
        seed, bound));

  // The fairness bound does not hold yet: decide it with a complete search.
  State fair(p);
  std::vector<int> all = p.by_id;
  const auto within_spread = [](const State& s) { return s.valid(); };
  switch (search_with_restarts(p, fair, budget, seed, node_budget, all, within_spread)) {
    case SearchOutcome::kFound:
      improve(p, fair, budget, seed, improve_effort);
      fill_free_places(p, fair);
      return finish(fair, false);
    case SearchOutcome::kExhausted:
      return stamp(verdict(Status::kInfeasible, unfair_reason(p), seed));
    case SearchOutcome::kOutOfBudget:
      break;
  }
  Schedule unfair = to_schedule(p, state, Status::kUnknown,
                                "no schedule within the fairness rule (break spread at most " +
                                    std::to_string(*p.spread) +
                                    ") was found in time; this one has a spread of " +
                                    std::to_string(state.spread()),
                                seed, bound);
  unfair.cause = {"fairness_not_found", {}, {{"spread", *p.spread}}};
  return stamp(std::move(unfair));
}

}  // namespace dialogdag::sched
