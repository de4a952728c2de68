#include "scheduler/checker.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

// How the checker works, in three passes that share nothing with the solver:
//   1. read the assignments: one that names an existing meeting not named before, an existing
//      slot and (exactly when rooms is a list) an existing room becomes that meeting's placement;
//      every other assignment is reported and then ignored;
//   2. check the hard constraints over the placements, slot by slot, meeting by meeting and
//      participant by participant;
//   3. recompute the objective from the placements and compare it, the status and the
//      `unscheduled` list with what the schedule claims.
// A meeting whose assignment is broken is reported once, for that, and otherwise counts as not
// placed, without further messages about its absence.
//
// The instance is trusted to be valid (read_instance / validate_instance), but an index in it
// that is out of range is skipped rather than followed, so nothing here can crash.

namespace dialogdag::sched {
namespace {

bool in_range(int index, std::size_t size) {
  return index >= 0 && static_cast<std::size_t>(index) < size;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

bool contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The words violations use for the things of one instance. Safe for any index: one out of range
// is named by its number.
class Words {
 public:
  explicit Words(const Instance& instance) : instance_(instance) {}

  std::string meeting(int m) const {
    if (!in_range(m, instance_.meetings.size())) return "meeting index " + std::to_string(m);
    return "meeting " + quoted(instance_.meetings[m].id);
  }
  std::string participant(int p) const {
    if (!in_range(p, instance_.participants.size())) {
      return "participant index " + std::to_string(p);
    }
    return "participant " + quoted(instance_.participants[p].id);
  }
  // "slot 3 (11:00)", or "slot 3" when the instance has no clock times.
  std::string slot(int s) const {
    std::string text = "slot " + std::to_string(s);
    if (in_range(s, instance_.slots.size()) && !instance_.slots[s].start.empty()) {
      text += " (" + instance_.slots[s].start + ")";
    }
    return text;
  }
  std::string room(int r) const {
    if (!in_range(r, instance_.rooms.list.size())) return "room index " + std::to_string(r);
    return "room " + quoted(instance_.rooms.list[r].id);
  }
  // "\"m1\", \"m2\""
  std::string meeting_ids(const std::vector<int>& meetings) const {
    std::string text;
    for (int m : meetings) {
      if (!text.empty()) text += ", ";
      text += in_range(m, instance_.meetings.size()) ? quoted(instance_.meetings[m].id)
                                                     : "index " + std::to_string(m);
    }
    return text;
  }

 private:
  const Instance& instance_;
};

struct Placement {
  int slot = 0;
  std::optional<int> room;  // present exactly when rooms is a list
};

struct Placements {
  std::vector<std::optional<Placement>> of_meeting;  // the valid placement of each meeting
  std::vector<bool> assigned;                        // named by at least one assignment
};

// Pass 1. Reports each structurally broken assignment in `violations`.
Placements read_assignments(const Instance& instance, const Schedule& schedule, const Words& words,
                            std::vector<std::string>& violations) {
  const std::size_t meeting_count = instance.meetings.size();
  const bool room_list = instance.rooms.kind == Rooms::Kind::kList;
  Placements placements;
  placements.of_meeting.resize(meeting_count);
  placements.assigned.resize(meeting_count, false);
  std::vector<std::size_t> first_assignment(meeting_count, 0);

  for (std::size_t i = 0; i < schedule.assignments.size(); ++i) {
    const Assignment& a = schedule.assignments[i];
    if (!in_range(a.meeting, meeting_count)) {
      violations.push_back("assignment " + std::to_string(i) + " names meeting index " +
                           std::to_string(a.meeting) + ", but the instance has " +
                           std::to_string(meeting_count) + " meetings");
      continue;
    }
    const std::string meeting = words.meeting(a.meeting);
    if (placements.assigned[a.meeting]) {
      violations.push_back(meeting + " is assigned more than once (assignments " +
                           std::to_string(first_assignment[a.meeting]) + " and " +
                           std::to_string(i) + ")");
      continue;
    }
    placements.assigned[a.meeting] = true;
    first_assignment[a.meeting] = i;
    if (!in_range(a.slot, instance.slots.size())) {
      violations.push_back(meeting + " is assigned to slot index " + std::to_string(a.slot) +
                           ", but the instance has " + std::to_string(instance.slots.size()) +
                           " slots");
      continue;
    }
    if (room_list) {
      if (!a.room) {
        violations.push_back(meeting + " in " + words.slot(a.slot) +
                             " has no room, but the instance lists rooms");
        continue;
      }
      if (!in_range(*a.room, instance.rooms.list.size())) {
        violations.push_back(meeting + " in " + words.slot(a.slot) + " names room index " +
                             std::to_string(*a.room) + ", but the instance lists " +
                             std::to_string(instance.rooms.list.size()) + " rooms");
        continue;
      }
    } else if (a.room) {
      violations.push_back(meeting + " in " + words.slot(a.slot) + " names room index " +
                           std::to_string(*a.room) +
                           ", but the instance has no room list, so no room may be given");
      continue;
    }
    placements.of_meeting[a.meeting] = Placement{a.slot, a.room};
  }
  return placements;
}

// The participants of meeting `m` that exist, each once.
std::vector<int> sides(const Instance& instance, int m) {
  std::vector<int> result;
  for (int p : instance.meetings[m].between) {
    if (in_range(p, instance.participants.size()) && !contains(result, p)) result.push_back(p);
  }
  return result;
}

// Pass 2a: conflicts between the meetings of one slot (participants, persons, rooms, tables).
// `by_slot[s]` lists the meetings placed in slot s.
void check_slots(const Instance& instance, const Placements& placements,
                 const std::vector<std::vector<int>>& by_slot, const Words& words,
                 std::vector<std::string>& violations) {
  struct Seat {
    int meeting;
    int participant;
  };
  for (std::size_t s = 0; s < by_slot.size(); ++s) {
    const std::vector<int>& meetings = by_slot[s];
    const std::string slot = words.slot(static_cast<int>(s));
    std::unordered_map<int, int> meeting_of_participant;
    std::unordered_map<std::string, Seat> seat_of_person;
    std::unordered_map<int, int> meeting_of_room;
    for (int m : meetings) {
      for (int p : sides(instance, m)) {
        const auto [first, new_participant] = meeting_of_participant.try_emplace(p, m);
        if (!new_participant) {
          violations.push_back(words.participant(p) + " is in two meetings in " + slot + ": " +
                               words.meeting_ids({first->second, m}));
        }
        for (const std::string& person : instance.participants[p].members) {
          const auto [seat, new_person] = seat_of_person.try_emplace(person, Seat{m, p});
          // The same participant twice is reported above; one meeting may hold a person twice.
          if (!new_person && seat->second.meeting != m && seat->second.participant != p) {
            violations.push_back("person " + quoted(person) + " is in two meetings in " + slot +
                                 ": " + words.meeting(seat->second.meeting) + " (as " +
                                 words.participant(seat->second.participant) + ") and " +
                                 words.meeting(m) + " (as " + words.participant(p) + ")");
          }
        }
      }
      const std::optional<int>& room = placements.of_meeting[m]->room;
      if (room) {
        const auto [first, new_room] = meeting_of_room.try_emplace(*room, m);
        if (!new_room) {
          violations.push_back(words.room(*room) + " hosts two meetings in " + slot + ": " +
                               words.meeting_ids({first->second, m}));
        }
      }
    }
    if (instance.rooms.kind == Rooms::Kind::kTables &&
        meetings.size() > static_cast<std::size_t>(std::max(instance.rooms.tables, 0))) {
      violations.push_back(slot + " holds " + std::to_string(meetings.size()) + " meetings (" +
                           words.meeting_ids(meetings) + "), more than the number of tables (" +
                           std::to_string(instance.rooms.tables) + ")");
    }
  }
}

// Pass 2b: the constraints of one placed meeting on its own (capacity, home rooms,
// unavailability, session, pins, order).
void check_meeting(const Instance& instance, const Placements& placements, int m,
                   const Words& words, std::vector<std::string>& violations) {
  const Meeting& meeting = instance.meetings[m];
  const Placement& placement = *placements.of_meeting[m];
  const std::string name = words.meeting(m);
  const std::string slot = words.slot(placement.slot);
  const std::vector<int> participants = sides(instance, m);

  if (placement.room) {
    const int room = *placement.room;
    const std::optional<int>& capacity = instance.rooms.list[room].capacity;
    int people = 0;
    std::string headcounts;
    for (int p : meeting.between) {
      if (!in_range(p, instance.participants.size())) continue;
      people += instance.participants[p].people;
      headcounts += (headcounts.empty() ? "" : ", ") + words.participant(p) + " " +
                    std::to_string(instance.participants[p].people);
    }
    if (capacity && *capacity < people) {
      violations.push_back(words.room(room) + " seats " + std::to_string(*capacity) + ", but " +
                           name + " in " + slot + " brings " + std::to_string(people) +
                           " people (" + headcounts + ")");
    }
    for (int p : participants) {
      const std::optional<int>& home = instance.participants[p].room;
      if (home && in_range(*home, instance.rooms.list.size()) && *home != room) {
        violations.push_back(name + " is in " + words.room(room) + " in " + slot + ", but " +
                             words.participant(p) + " meets only in its home " + words.room(*home));
      }
    }
    if (meeting.fixed_room && *meeting.fixed_room != room) {
      violations.push_back(name + " is fixed to " + words.room(*meeting.fixed_room) +
                           ", but is in " + words.room(room) + " in " + slot);
    }
  }

  for (int p : participants) {
    if (contains(instance.participants[p].unavailable, placement.slot)) {
      violations.push_back(words.participant(p) + " is unavailable in " + slot + ", where " + name +
                           " is placed");
    }
  }

  if (meeting.session && *meeting.session != instance.slots[placement.slot].session) {
    const std::string& actual = instance.slots[placement.slot].session;
    violations.push_back(name + " belongs to session " + quoted(*meeting.session) + ", but " +
                         slot + " is in " +
                         (actual.empty() ? "no session" : "session " + quoted(actual)));
  }

  if (meeting.fixed_slot && *meeting.fixed_slot != placement.slot) {
    violations.push_back(name + " is fixed to " + words.slot(*meeting.fixed_slot) + ", but is in " +
                         slot);
  }

  for (int before : meeting.after) {
    if (!in_range(before, instance.meetings.size())) continue;
    const std::optional<Placement>& earlier = placements.of_meeting[before];
    if (earlier) {
      if (earlier->slot >= placement.slot) {
        violations.push_back(name + " must come after " + words.meeting(before) + ", but is in " +
                             slot + " and " + words.meeting(before) + " in " +
                             words.slot(earlier->slot));
      }
    } else if (!placements.assigned[before]) {
      violations.push_back(name + " in " + slot + " must come after " + words.meeting(before) +
                           ", which is not placed");
    }
  }
}

// Breaks of one participant whose meetings are in `slots` (any order, repeats allowed): the
// number of maximal runs of free slots between two slots with meetings.
int count_breaks(std::vector<int> slots) {
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  int breaks = 0;
  for (std::size_t i = 1; i < slots.size(); ++i) {
    if (slots[i] > slots[i - 1] + 1) ++breaks;
  }
  return breaks;
}

// Slot and room of every meeting `previous` names with a valid meeting index (the first time);
// nothing else in `previous` is trusted or checked.
std::vector<std::optional<Placement>> previous_placements(const Instance& instance,
                                                          const Schedule& previous) {
  std::vector<std::optional<Placement>> result(instance.meetings.size());
  for (const Assignment& a : previous.assignments) {
    if (in_range(a.meeting, result.size()) && !result[a.meeting]) {
      result[a.meeting] = Placement{a.slot, a.room};
    }
  }
  return result;
}

void compare_figure(const char* figure, int claimed, int actual,
                    std::vector<std::string>& violations) {
  if (claimed != actual) {
    violations.push_back(std::string("the schedule claims objective.") + figure + " = " +
                         std::to_string(claimed) + ", but its assignments give " +
                         std::to_string(actual));
  }
}

}  // namespace

CheckReport check_schedule(const Instance& instance, const Schedule& schedule,
                           const std::optional<Schedule>& previous) {
  const Words words(instance);
  const std::size_t meeting_count = instance.meetings.size();
  const std::size_t participant_count = instance.participants.size();
  CheckReport report;
  std::vector<std::string>& violations = report.violations;

  const Placements placements = read_assignments(instance, schedule, words, violations);

  std::vector<std::vector<int>> by_slot(instance.slots.size());
  std::vector<std::vector<int>> by_participant(participant_count);
  for (std::size_t m = 0; m < meeting_count; ++m) {
    const std::optional<Placement>& placement = placements.of_meeting[m];
    if (!placement) continue;
    by_slot[placement->slot].push_back(static_cast<int>(m));
    for (int p : sides(instance, static_cast<int>(m))) {
      by_participant[p].push_back(static_cast<int>(m));
    }
  }

  // Pass 3 first: the figures are wanted whatever the verdict.
  Objective& actual = report.objective;
  report.breaks_by_participant.assign(participant_count, 0);
  for (std::size_t p = 0; p < participant_count; ++p) {
    if (instance.participants[p].kind == ParticipantKind::kSupplier && !by_participant[p].empty()) {
      ++actual.coverage;
    }
    std::vector<int> slots;
    for (int m : by_participant[p]) slots.push_back(placements.of_meeting[m]->slot);
    report.breaks_by_participant[p] = count_breaks(slots);
    actual.breaks += report.breaks_by_participant[p];
  }
  for (std::size_t m = 0; m < meeting_count; ++m) {
    const std::optional<Placement>& placement = placements.of_meeting[m];
    if (!placement) continue;
    if (!instance.meetings[m].required) actual.weight += instance.meetings[m].weight;
    if (contains(instance.meetings[m].preferred, placement->slot)) ++actual.preferred;
  }
  if (previous) {
    const bool room_list = instance.rooms.kind == Rooms::Kind::kList;
    const std::vector<std::optional<Placement>> before = previous_placements(instance, *previous);
    for (std::size_t m = 0; m < meeting_count; ++m) {
      if (!before[m]) continue;
      const std::optional<Placement>& now = placements.of_meeting[m];
      if (!now || now->slot != before[m]->slot || (room_list && now->room != before[m]->room)) {
        ++actual.moved;
      }
    }
  }

  // An infeasible schedule is a verdict, not a schedule: only its consistency is checked.
  if (schedule.status == Status::kInfeasible) {
    violations.clear();
    if (!schedule.assignments.empty()) {
      violations.push_back("status is infeasible, but the schedule has " +
                           std::to_string(schedule.assignments.size()) + " assignments");
    }
    if (schedule.reason.empty()) {
      violations.push_back("status is infeasible, but no reason is given");
    }
    return report;
  }
  const bool solved = schedule.status == Status::kOptimal || schedule.status == Status::kFeasible;
  if (schedule.status == Status::kUnknown && schedule.reason.empty()) {
    violations.push_back("status is unknown, but no reason is given");
  }

  // Pass 2.
  check_slots(instance, placements, by_slot, words, violations);
  for (std::size_t m = 0; m < meeting_count; ++m) {
    if (placements.of_meeting[m]) {
      check_meeting(instance, placements, static_cast<int>(m), words, violations);
    }
  }
  for (std::size_t p = 0; p < participant_count; ++p) {
    const std::optional<int>& cap = instance.participants[p].max_meetings;
    const std::vector<int>& meetings = by_participant[p];
    if (cap && meetings.size() > static_cast<std::size_t>(std::max(*cap, 0))) {
      violations.push_back(words.participant(static_cast<int>(p)) + " has " +
                           std::to_string(meetings.size()) + " meetings (" +
                           words.meeting_ids(meetings) + "), more than its max_meetings of " +
                           std::to_string(*cap));
    }
  }
  if (instance.fairness.max_break_spread && participant_count > 0) {
    const auto [low, high] = std::minmax_element(report.breaks_by_participant.begin(),
                                                 report.breaks_by_participant.end());
    const int spread = *high - *low;
    if (spread > *instance.fairness.max_break_spread) {
      const auto who = [&](auto it) {
        return words.participant(static_cast<int>(it - report.breaks_by_participant.begin()));
      };
      violations.push_back("break counts differ by " + std::to_string(spread) + " (" + who(high) +
                           " has " + std::to_string(*high) + ", " + who(low) + " has " +
                           std::to_string(*low) + "), more than fairness.max_break_spread of " +
                           std::to_string(*instance.fairness.max_break_spread));
    }
  }

  // Completeness: required and locked meetings are placed, optional ones placed or explained.
  std::vector<bool> listed(meeting_count, false);
  for (std::size_t i = 0; i < schedule.unscheduled.size(); ++i) {
    const Unscheduled& entry = schedule.unscheduled[i];
    if (!in_range(entry.meeting, meeting_count)) {
      violations.push_back("unscheduled entry " + std::to_string(i) + " names meeting index " +
                           std::to_string(entry.meeting) + ", but the instance has " +
                           std::to_string(meeting_count) + " meetings");
      continue;
    }
    const std::string name = words.meeting(entry.meeting);
    if (listed[entry.meeting]) {
      violations.push_back(name + " is listed in unscheduled more than once");
    }
    listed[entry.meeting] = true;
    if (entry.reason.empty()) {
      violations.push_back("the unscheduled entry for " + name + " has an empty reason");
    }
    if (placements.assigned[entry.meeting]) {
      violations.push_back(name + " is both assigned and listed in unscheduled");
    }
    if (solved && instance.meetings[entry.meeting].required) {
      violations.push_back("required " + name + " is listed in unscheduled, but status is " +
                           to_string(schedule.status));
    }
  }
  for (std::size_t m = 0; m < meeting_count; ++m) {
    if (placements.assigned[m]) continue;  // placed, or its broken assignment is reported
    const Meeting& meeting = instance.meetings[m];
    const std::string name = words.meeting(static_cast<int>(m));
    if (solved && meeting.required) {
      violations.push_back("required " + name + " is not placed");
    } else if (solved && meeting.fixed_slot) {
      violations.push_back(name + " is fixed to " + words.slot(*meeting.fixed_slot) +
                           ", but is not placed");
    }
    if (!meeting.required && !listed[m]) {
      violations.push_back("optional " + name + " is neither assigned nor listed in unscheduled");
    }
  }

  // The claimed figures.
  const Objective& claimed = schedule.objective;
  compare_figure("coverage", claimed.coverage, actual.coverage, violations);
  compare_figure("weight", claimed.weight, actual.weight, violations);
  compare_figure("moved", claimed.moved, actual.moved, violations);
  compare_figure("breaks", claimed.breaks, actual.breaks, violations);
  compare_figure("preferred", claimed.preferred, actual.preferred, violations);
  if (schedule.bound_breaks) {
    const int bound = *schedule.bound_breaks;
    if (bound > actual.breaks) {
      violations.push_back("bound.breaks is " + std::to_string(bound) +
                           ", but the assignments give only " + std::to_string(actual.breaks) +
                           " breaks, so it is no lower bound");
    } else if (schedule.status == Status::kOptimal && bound != actual.breaks) {
      violations.push_back("status is optimal, but bound.breaks " + std::to_string(bound) +
                           " differs from the " + std::to_string(actual.breaks) +
                           " breaks of the assignments");
    }
  }
  return report;
}

}  // namespace dialogdag::sched
