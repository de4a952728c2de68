// The conference day and its mapping to and from a scheduling instance (event.h).
//
// Rooms in the instance. The instance format has two ways to say where a meeting may be held:
// a participant's home room (all its meetings there) and a meeting's fixed_room. It cannot say
// "any physical room" or "any digital room". to_instance therefore never sets a participant's
// home room (a panel with a home room may still have digital meetings, which are held elsewhere)
// and pins rooms per meeting:
//   * a physical meeting with a panel that has a home room: fixed_room = the home room;
//   * a digital meeting: fixed_room = the panel's digital room, one digital room per panel chosen
//     by choose_room() below (so with several digital rooms, panels are spread over them and one
//     panel's digital meetings all use the same link);
//   * a physical meeting with a panel without a home room: no fixed_room when the event has no
//     digital room (every room of the list is physical, and capacity picks a room that seats
//     everybody: exact); when the event has digital rooms, the panel's "day room", one physical
//     room chosen by choose_room(), because otherwise the solver could hold the meeting in a
//     digital room. That is the gap: "any physical room" becomes "one physical room for the day"
//     for such panels. A panel meets one supplier at a time, so this never costs the panel
//     itself a slot; it can only cost when more home-less panels than free physical rooms exist.
//     (Inflating `people` and capacities could express "physical rooms only" exactly, but the
//     solver's reasons would then quote the inflated seat counts to staff.)
//   * a locked meeting with a room: fixed_room = that room, whatever the rules above say (staff
//     decided).

#include "scheduler/event.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "scheduler/json_io.h"
#include "scheduler/validation.h"

namespace dialogdag::core {

namespace {

constexpr Minutes kMinMeetingLength = 5;
constexpr Minutes kMaxMeetingLength = 240;
constexpr Minutes kMaxChangeover = 240;
constexpr Minutes kLastMinute = 24 * 60 - 1;  // 23:59: the last time "HH:MM" can write

// `text` in double quotes, with control characters replaced by spaces so that a message stays
// on one line.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c;
  out += '"';
  return out;
}

std::string span(Minutes start, Minutes end) {
  return format_clock(start) + "-" + format_clock(end);
}

// 64-bit, so that times from unchecked input cannot overflow.
bool overlaps(std::int64_t a_start, std::int64_t a_end, std::int64_t b_start, std::int64_t b_end) {
  return a_start < b_end && b_start < a_end;
}

// `"Velkommen" (09:30-10:00)`, or just the times when there is no title.
std::string label(const std::string& title, Minutes start, Minutes end) {
  if (title.empty()) return span(start, end);
  return quoted(title) + " (" + span(start, end) + ")";
}

std::string item_label(const ProgrammeItem& item) {
  return label(item.title, item.start, item.end);
}
std::string item_name(const ProgrammeItem& item) {
  return "the programme item " + item_label(item);
}

std::string window_label(const Window& window) {
  return label(window.session, window.start, window.end);
}
std::string window_name(const Window& window) { return "the window " + window_label(window); }

// `name (key)`, or just one of them when the other is empty or the same.
std::string name_and_key(const std::string& name, const std::string& key) {
  if (name.empty() || name == key) return quoted(key);
  if (key.empty()) return quoted(name);
  return quoted(name) + " (" + key + ")";
}

std::string panel_name(const Panel& panel) {
  return "panel " + name_and_key(panel.name, panel.key);
}
std::string room_name(const EventRoom& room) { return "room " + name_and_key(room.name, room.key); }

// The same names without quotes or English words, for the values of a RuleMessage (the
// catalog's templates quote them as their language does).
std::string clean(std::string_view text) {
  std::string out;
  for (const char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c;
  return out;
}
std::string neutral_label(const std::string& title, Minutes start, Minutes end) {
  if (title.empty()) return span(start, end);
  return clean(title) + " (" + span(start, end) + ")";
}
std::string neutral_item(const ProgrammeItem& item) {
  return neutral_label(item.title, item.start, item.end);
}
std::string neutral_window(const Window& window) {
  return neutral_label(window.session, window.start, window.end);
}
std::string neutral_name_key(const std::string& name, const std::string& key) {
  if (name.empty() || name == key) return clean(key);
  if (key.empty()) return clean(name);
  return clean(name) + " (" + clean(key) + ")";
}

std::string supplier_name(const SupplierRequest& request) {
  if (request.company.empty()) return "the supplier " + quoted(request.key);
  std::string out;
  for (const char c : request.company) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  return out + " (" + request.key + ")";
}

// Keys become ids, and meeting ids are "panel/supplier#n": these characters would make two
// different meetings share an id.
bool key_has_separator(const std::string& key) {
  return key.find_first_of("/#") != std::string::npos;
}

// For each slot of `grid`: true when the supplier cannot take it. A slot is available only when
// it lies entirely within [available_from, available_until]. An `unavailable` time rules out every
// slot overlapping the meeting-length stretch starting there: on the grid the supplier saw, that
// is exactly the slot starting at that time; if the grid has changed since, it is every slot that
// overlaps the time they said they cannot be there.
std::vector<bool> unavailable_slots(const std::vector<GridSlot>& grid,
                                    const SupplierRequest& request, Minutes meeting_length) {
  std::vector<bool> out(grid.size(), false);
  for (std::size_t s = 0; s < grid.size(); ++s) {
    const GridSlot& slot = grid[s];
    if (request.available_from && slot.start < *request.available_from) out[s] = true;
    if (request.available_until && slot.end > *request.available_until) out[s] = true;
    for (const Minutes start : request.unavailable) {
      if (overlaps(slot.start, slot.end, start,
                   std::int64_t{start} + std::max(meeting_length, 1))) {
        out[s] = true;
      }
    }
  }
  return out;
}

// The panels a request names, each once, in the order first named.
std::vector<std::string> distinct_panels(const SupplierRequest& request) {
  std::vector<std::string> out;
  for (const std::string& panel : request.panels) {
    if (std::find(out.begin(), out.end(), panel) == out.end()) out.push_back(panel);
  }
  return out;
}

// Among the rooms `candidates` (indexes into day.rooms), the one for a panel that needs `seats`:
// of those that seat that many (or have no limit), the one used least so far, then the first in
// the event's room order; when none is big enough, the biggest (then the first). Counts the use.
// REQUIRES: !candidates.empty().
int choose_room(const std::vector<EventRoom>& rooms, const std::vector<int>& candidates,
                std::int64_t seats, std::vector<int>& used) {
  auto fits = [&](int r) { return !rooms[r].seats || *rooms[r].seats >= seats; };
  int best = -1;
  for (const int r : candidates) {
    if (fits(r) && (best < 0 || used[r] < used[best])) best = r;
  }
  if (best < 0) {
    for (const int r : candidates) {
      if (best < 0 || *rooms[r].seats > *rooms[best].seats) best = r;
    }
  }
  ++used[best];
  return best;
}

// Finds `key` in `items` by their `key` member.
template <class T>
int index_of(const std::vector<T>& items, const std::string& key) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::vector<GridSlot> slot_grid(const DaySetup& day) {
  std::vector<GridSlot> out;
  if (day.meeting_length < 1) return out;
  // 64-bit arithmetic and windows clipped to the day keep an invalid day finite and overflow-free.
  const std::int64_t length = day.meeting_length;
  const std::int64_t gap = std::clamp<std::int64_t>(day.changeover, 0, 24 * 60);
  std::vector<const Window*> windows;
  for (const Window& window : day.windows) windows.push_back(&window);
  std::stable_sort(windows.begin(), windows.end(),
                   [](const Window* a, const Window* b) { return a->start < b->start; });
  for (const Window* window : windows) {
    const std::int64_t end = std::min<std::int64_t>(window->end, kLastMinute);
    std::int64_t t = std::max<std::int64_t>(window->start, 0);
    while (t + length <= end) {
      // Skip past every item the suppliers attend that this slot would overlap; t only grows.
      bool moved = false;
      for (const ProgrammeItem& item : day.programme) {
        if (item.suppliers_attend && item.start < t + length && t < item.end) {
          t = item.end;
          moved = true;
        }
      }
      if (moved) continue;
      out.push_back({static_cast<Minutes>(t), static_cast<Minutes>(t + length), window->session});
      t += length + gap;
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const GridSlot& a, const GridSlot& b) { return a.start < b.start; });
  return out;
}

namespace {

RuleMessage rule(std::string code, std::vector<std::pair<std::string, std::string>> values,
                 std::string text) {
  return {std::move(code), std::move(values), std::move(text)};
}

std::string number(long long n) { return std::to_string(n); }

// validate_day's rules on `day`, sorting its programme and windows by start time.
std::optional<RuleMessage> day_problem(DaySetup& day) {
  if (day.meeting_length < kMinMeetingLength || day.meeting_length > kMaxMeetingLength) {
    return rule("meeting_length",
                {{"min", number(kMinMeetingLength)},
                 {"max", number(kMaxMeetingLength)},
                 {"value", number(day.meeting_length)}},
                "the meeting length must be from " + std::to_string(kMinMeetingLength) + " to " +
                    std::to_string(kMaxMeetingLength) + " minutes, not " +
                    std::to_string(day.meeting_length));
  }
  if (day.changeover < 0 || day.changeover > kMaxChangeover) {
    return rule("changeover", {{"max", number(kMaxChangeover)}, {"value", number(day.changeover)}},
                "the changeover between meetings must be from 0 to " +
                    std::to_string(kMaxChangeover) + " minutes, not " +
                    std::to_string(day.changeover));
  }
  if (day.max_break_spread && *day.max_break_spread < 0) {
    return rule("break_spread", {{"value", number(*day.max_break_spread)}},
                "the fairness limit on breaks cannot be negative (it is " +
                    std::to_string(*day.max_break_spread) + ")");
  }

  // The programme: each item within the day, then no two overlapping.
  for (const ProgrammeItem& item : day.programme) {
    if (item.start < 0 || item.end > kLastMinute) {
      return rule("item_outside_day", {{"item", neutral_item(item)}},
                  item_name(item) + " must lie within the day (00:00-23:59)");
    }
    if (item.end <= item.start) {
      return rule("item_ends_first", {{"item", neutral_item(item)}},
                  item_name(item) + " must end after it starts");
    }
  }
  std::stable_sort(
      day.programme.begin(), day.programme.end(),
      [](const ProgrammeItem& a, const ProgrammeItem& b) { return a.start < b.start; });
  for (std::size_t i = 1, longest = 0; i < day.programme.size(); ++i) {
    // `longest`: of the items before i, the one that ends last.
    if (day.programme[i].start < day.programme[longest].end) {
      return rule("items_overlap",
                  {{"first", neutral_item(day.programme[longest])},
                   {"second", neutral_item(day.programme[i])}},
                  "the programme items " + item_label(day.programme[longest]) + " and " +
                      item_label(day.programme[i]) + " overlap");
    }
    if (day.programme[i].end > day.programme[longest].end) longest = i;
  }

  // The windows: named, within the day, long enough, distinct names, not overlapping, and each
  // with room for at least one meeting between the programme items the suppliers attend.
  for (const Window& window : day.windows) {
    if (window.session.empty()) {
      return rule("window_unnamed", {{"window", neutral_window(window)}},
                  window_name(window) + " needs a name, e.g. \"morning\" or \"afternoon\"");
    }
    if (window.start < 0 || window.end > kLastMinute) {
      return rule("window_outside_day", {{"window", neutral_window(window)}},
                  window_name(window) + " must lie within the day (00:00-23:59)");
    }
    if (window.end <= window.start) {
      return rule("window_ends_first", {{"window", neutral_window(window)}},
                  window_name(window) + " must end after it starts");
    }
    if (window.end - window.start < day.meeting_length) {
      return rule("window_too_short",
                  {{"window", neutral_window(window)}, {"length", number(day.meeting_length)}},
                  window_name(window) + " is shorter than one meeting (" +
                      std::to_string(day.meeting_length) + " min)");
    }
  }
  std::stable_sort(day.windows.begin(), day.windows.end(),
                   [](const Window& a, const Window& b) { return a.start < b.start; });
  for (std::size_t i = 0, longest = 0; i < day.windows.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (day.windows[j].session == day.windows[i].session) {
        return rule("window_name_twice",
                    {{"name", clean(day.windows[i].session)},
                     {"first", span(day.windows[j].start, day.windows[j].end)},
                     {"second", span(day.windows[i].start, day.windows[i].end)}},
                    "two windows have the name " + quoted(day.windows[i].session) + " (" +
                        span(day.windows[j].start, day.windows[j].end) + " and " +
                        span(day.windows[i].start, day.windows[i].end) +
                        "); each window needs its own name");
      }
    }
    if (i > 0 && day.windows[i].start < day.windows[longest].end) {
      return rule("windows_overlap",
                  {{"first", neutral_window(day.windows[longest])},
                   {"second", neutral_window(day.windows[i])}},
                  "the windows " + window_label(day.windows[longest]) + " and " +
                      window_label(day.windows[i]) + " overlap");
    }
    if (day.windows[i].end > day.windows[longest].end) longest = i;
  }
  const std::vector<GridSlot> grid = slot_grid(day);
  for (const Window& window : day.windows) {
    const bool has_slot = std::any_of(grid.begin(), grid.end(), [&](const GridSlot& slot) {
      return slot.start >= window.start && slot.end <= window.end;
    });
    if (!has_slot) {
      return rule("window_no_slot",
                  {{"window", neutral_window(window)}, {"length", number(day.meeting_length)}},
                  window_name(window) + " has no time for a " +
                      std::to_string(day.meeting_length) +
                      " min meeting outside the programme items the suppliers attend");
    }
  }
  if (day.meetings_per_panel < 1) {
    return rule("meetings_per_panel_low", {{"value", number(day.meetings_per_panel)}},
                "each supplier must be able to meet a panel at least once (meetings per panel "
                "is " +
                    std::to_string(day.meetings_per_panel) + ")");
  }
  if (!grid.empty() && static_cast<std::size_t>(day.meetings_per_panel) > grid.size()) {
    return rule("meetings_per_panel_high",
                {{"slots", number(static_cast<long long>(grid.size()))},
                 {"value", number(day.meetings_per_panel)}},
                "the day has " + std::to_string(grid.size()) +
                    " slots, so a supplier cannot meet a panel " +
                    std::to_string(day.meetings_per_panel) + " times");
  }

  // Rooms.
  for (std::size_t i = 0; i < day.rooms.size(); ++i) {
    const EventRoom& room = day.rooms[i];
    const std::string room_label = neutral_name_key(room.name, room.key);
    if (room.key.empty()) {
      return rule("room_no_key", {{"room", room_label}}, room_name(room) + " has no key");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (day.rooms[j].key == room.key) {
        return rule("room_key_twice", {{"key", clean(room.key)}},
                    "two rooms have the key " + quoted(room.key) + "; each room needs its own");
      }
    }
    if (room.seats && *room.seats < 1) {
      return rule("room_no_seats", {{"room", room_label}, {"value", number(*room.seats)}},
                  room_name(room) + " must seat at least one person (it says " +
                      std::to_string(*room.seats) + ")");
    }
  }

  // Panels.
  for (std::size_t i = 0; i < day.panels.size(); ++i) {
    const Panel& panel = day.panels[i];
    const std::string panel_label = neutral_name_key(panel.name, panel.key);
    if (panel.key.empty()) {
      return rule("panel_no_key", {{"panel", panel_label}}, panel_name(panel) + " has no key");
    }
    if (key_has_separator(panel.key)) {
      return rule("panel_key_separator", {{"panel", panel_label}},
                  "the key of " + panel_name(panel) + " must not contain \"/\" or \"#\"");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (day.panels[j].key == panel.key) {
        return rule("panel_key_twice", {{"key", clean(panel.key)}},
                    "two panels have the key " + quoted(panel.key) +
                        "; each panel needs its own");
      }
    }
    if (panel.room) {
      const int r = index_of(day.rooms, *panel.room);
      if (r < 0) {
        return rule("home_room_unknown", {{"room", clean(*panel.room)}, {"panel", panel_label}},
                    "the home room " + quoted(*panel.room) + " of " + panel_name(panel) +
                        " is not a room of the event");
      }
      const EventRoom& room = day.rooms[static_cast<std::size_t>(r)];
      if (room.digital) {
        return rule("home_room_digital",
                    {{"panel", panel_label}, {"room", neutral_name_key(room.name, room.key)}},
                    "the home room of " + panel_name(panel) + " is the digital " +
                        room_name(room) + "; a home room must be a physical room");
      }
    }
    for (std::size_t m = 0; m < panel.members.size(); ++m) {
      const PanelMember& member = panel.members[m];
      if (member.person.empty()) {
        return rule("member_no_person", {{"member", clean(member.name)}, {"panel", panel_label}},
                    "the member " + quoted(member.name) + " of " + panel_name(panel) +
                        " has no person key (e.g. their e-mail address)");
      }
      for (std::size_t k = 0; k < m; ++k) {
        if (panel.members[k].person == member.person) {
          const std::string& who_name = member.name.empty() ? member.person : member.name;
          const std::string who = quoted(who_name);
          return rule("member_twice", {{"member", clean(who_name)}, {"panel", panel_label}},
                      who + " sits on " + panel_name(panel) + " twice");
        }
      }
    }
  }
  return std::nullopt;
}

// validate_setup's rules beyond validate_day's, on a day validate_day accepted.
std::optional<RuleMessage> setup_rule_problem(const DaySetup& day) {
  for (const Window& window : day.windows) {
    for (const ProgrammeItem& item : day.programme) {
      if (item.kind == ItemKind::kPlenary && item.suppliers_attend &&
          overlaps(window.start, window.end, item.start, item.end)) {
        return rule("window_over_plenary",
                    {{"window", neutral_window(window)}, {"item", neutral_item(item)}},
                    window_name(window) + " overlaps the plenary item " + item_label(item) +
                        ", which the suppliers attend");
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Result<DaySetup> validate_day(DaySetup day) {
  if (auto problem = day_problem(day)) return Error{problem->text};
  return day;
}

Result<DaySetup> validate_setup(DaySetup day) {
  if (auto problem = setup_problem(day)) return Error{problem->text};
  return day;
}

std::optional<RuleMessage> setup_problem(DaySetup& day) {
  if (auto problem = day_problem(day)) return problem;
  return setup_rule_problem(day);
}

std::vector<WindowPreview> preview_grid(const DaySetup& day) {
  std::vector<WindowPreview> out;
  for (const Window& window : day.windows) out.push_back({window, {}});
  std::stable_sort(out.begin(), out.end(), [](const WindowPreview& a, const WindowPreview& b) {
    return a.window.start < b.window.start;
  });
  for (const GridSlot& slot : slot_grid(day)) {
    for (WindowPreview& preview : out) {
      if (preview.window.session == slot.session && slot.start >= preview.window.start &&
          slot.end <= preview.window.end) {
        preview.slots.push_back(slot);
        break;
      }
    }
  }
  return out;
}

long long panel_demand(const DaySetup& day, const std::vector<SupplierRequest>& requests,
                       const std::string& key) {
  long long wanted = 0;
  for (const SupplierRequest& request : requests) {
    const std::vector<std::string> panels = distinct_panels(request);
    if (std::find(panels.begin(), panels.end(), key) != panels.end())
      wanted += std::max(day.meetings_per_panel, 1);
  }
  return wanted;
}

std::vector<RuleMessage> warning_messages(const DaySetup& day,
                                          const std::vector<SupplierRequest>& requests) {
  std::vector<RuleMessage> out;
  const std::vector<GridSlot> grid = slot_grid(day);

  for (const Panel& panel : day.panels) {
    const std::string panel_label = neutral_name_key(panel.name, panel.key);
    if (panel.members.empty()) {
      out.push_back(
          rule("panel_no_members", {{"panel", panel_label}}, panel_name(panel) + " has no members yet"));
    } else if (std::none_of(panel.members.begin(), panel.members.end(),
                            [](const PanelMember& m) { return m.role == Role::kMinuteTaker; })) {
      out.push_back(rule("panel_no_minute_taker", {{"panel", panel_label}},
                         panel_name(panel) + " has no minute-taker"));
    }
    const long long wanted = panel_demand(day, requests, panel.key);
    if (wanted > static_cast<long long>(grid.size())) {
      out.push_back(rule("panel_overbooked",
                         {{"panel", panel_label},
                          {"requests", number(wanted)},
                          {"slots", number(static_cast<long long>(grid.size()))}},
                         panel_name(panel) + ": " + std::to_string(wanted) + " requests for " +
                             std::to_string(grid.size()) + " slots"));
    }
  }

  for (const SupplierRequest& request : requests) {
    const std::string who = supplier_name(request);
    if (request.panels.empty()) {
      out.push_back(rule("supplier_no_panel", {{"supplier", neutral_name_key(request.company, request.key)}},
                         who + " has not asked to meet any panel"));
      continue;
    }
    const std::vector<bool> unavailable = unavailable_slots(grid, request, day.meeting_length);
    if (!grid.empty() &&
        std::all_of(unavailable.begin(), unavailable.end(), [](bool u) { return u; })) {
      // The times as said (arrival, departure, times they cannot), language-neutral.
      std::string from = request.available_from ? format_clock(*request.available_from) : "";
      std::string until = request.available_until ? format_clock(*request.available_until) : "";
      std::string at;
      for (std::size_t i = 0; i < request.unavailable.size(); ++i)
        at += (i ? ", " : "") + format_clock(request.unavailable[i]);
      std::string times;
      if (!from.empty()) times += "arrives " + from;
      if (!until.empty()) times += (times.empty() ? "" : ", ") + std::string("leaves ") + until;
      if (!at.empty()) times += (times.empty() ? "" : ", ") + std::string("unavailable at ") + at;
      out.push_back(rule("supplier_no_slot",
                         {{"supplier", neutral_name_key(request.company, request.key)},
                          {"slots", number(static_cast<long long>(grid.size()))},
                          {"from", from.empty() ? "–" : from},
                          {"until", until.empty() ? "–" : until},
                          {"unavailable", at.empty() ? "–" : at}},
                         who + " cannot take any of the " + std::to_string(grid.size()) +
                             " slots (" + times + ")"));
    }
    if (request.digital) continue;
    for (const std::string& key : distinct_panels(request)) {
      const int p = index_of(day.panels, key);
      if (p < 0) continue;  // to_instance reports it
      const Panel& panel = day.panels[static_cast<std::size_t>(p)];
      if (!panel.room) continue;
      const int r = index_of(day.rooms, *panel.room);
      if (r < 0 || !day.rooms[static_cast<std::size_t>(r)].seats) continue;
      const EventRoom& room = day.rooms[static_cast<std::size_t>(r)];
      const long long need =
          static_cast<long long>(panel.members.size()) + static_cast<long long>(request.people);
      if (need > *room.seats) {
        out.push_back(rule(
            "room_too_small",
            {{"supplier", neutral_name_key(request.company, request.key)},
             {"people", number(request.people)},
             {"room", neutral_name_key(room.name, room.key)},
             {"panel", neutral_name_key(panel.name, panel.key)},
             {"seats", number(*room.seats)},
             {"members", number(static_cast<long long>(panel.members.size()))}},
            who + " comes with " + std::to_string(request.people) + " people, but " +
                room_name(room) + " of " + panel_name(panel) + " seats " +
                std::to_string(*room.seats) + " and the panel has " +
                std::to_string(panel.members.size())));
      }
    }
  }
  return out;
}

std::vector<std::string> warnings(const DaySetup& day,
                                  const std::vector<SupplierRequest>& requests) {
  std::vector<std::string> out;
  for (RuleMessage& message : warning_messages(day, requests)) out.push_back(std::move(message.text));
  return out;
}

std::string meeting_id(const std::string& panel, const std::string& supplier, int n) {
  std::string id = panel + "/" + supplier;
  if (n > 0) id += "#" + std::to_string(n + 1);
  return id;
}

std::optional<RuleMessage> scheduling_problem(DaySetup& day,
                                              const std::vector<SupplierRequest>& requests) {
  if (auto problem = day_problem(day)) return problem;
  if (day.windows.empty()) {
    return rule("no_window", {},
                "the day has no window for one-to-one meetings yet; add one before scheduling");
  }
  if (day.rooms.empty()) {
    return rule("no_rooms", {}, "the event has no rooms yet; add them before scheduling");
  }
  const auto has_room = [&](bool digital) {
    return std::any_of(day.rooms.begin(), day.rooms.end(),
                       [&](const EventRoom& room) { return room.digital == digital; });
  };
  for (const SupplierRequest& request : requests) {
    if (distinct_panels(request).empty() || has_room(request.digital)) continue;
    const std::string who = supplier_name(request);
    if (request.digital) {
      return rule("no_digital_room", {{"supplier", neutral_name_key(request.company, request.key)}},
                  who + " wants a digital meeting, but the event has no digital room");
    }
    return rule("no_physical_room", {{"supplier", neutral_name_key(request.company, request.key)}},
                who + " wants to meet in person, but the event has no physical room");
  }
  return std::nullopt;
}

std::optional<RuleMessage> lock_problem(const DaySetup& day,
                                        const std::vector<SupplierRequest>& requests,
                                        const std::vector<LockedMeeting>& locked) {
  const std::vector<GridSlot> grid = slot_grid(day);
  std::map<std::pair<std::string, std::string>, int> count;  // (supplier, panel) -> locks
  for (const LockedMeeting& lock : locked) {
    const auto request = std::find_if(requests.begin(), requests.end(),
                                      [&](const SupplierRequest& r) { return r.key == lock.supplier; });
    if (request == requests.end()) {
      return rule("lock_unknown_supplier", {{"supplier", clean(lock.supplier)}},
                  "a meeting is locked for the supplier " + quoted(lock.supplier) +
                      ", who has no registration");
    }
    const std::string who = supplier_name(*request);
    const std::string supplier = neutral_name_key(request->company, request->key);
    const int p = index_of(day.panels, lock.panel);
    const std::vector<std::string> panels = distinct_panels(*request);
    if (p < 0 || std::find(panels.begin(), panels.end(), lock.panel) == panels.end()) {
      return rule("lock_panel_not_asked", {{"supplier", supplier}, {"panel", clean(lock.panel)}},
                  who + " has a meeting locked with panel " + quoted(lock.panel) +
                      ", but has not asked to meet that panel");
    }
    const Panel& panel = day.panels[static_cast<std::size_t>(p)];
    const std::vector<std::pair<std::string, std::string>> meeting = {
        {"supplier", supplier},
        {"panel", neutral_name_key(panel.name, panel.key)},
        {"time", format_clock(lock.start)}};
    const auto slot = std::find_if(grid.begin(), grid.end(),
                                   [&](const GridSlot& s) { return s.start == lock.start; });
    if (slot == grid.end()) {
      return rule("lock_not_a_slot", meeting,
                  "the locked meeting of " + who + " with " + panel_name(panel) + " starts at " +
                      format_clock(lock.start) + ", which is not the start of any slot");
    }
    if (lock.room && index_of(day.rooms, *lock.room) < 0) {
      auto values = meeting;
      values.emplace_back("room", clean(*lock.room));
      return rule("lock_unknown_room", values,
                  "the locked meeting of " + who + " with " + panel_name(panel) + " is in room " +
                      quoted(*lock.room) + ", which is not a room of the event");
    }
    if (unavailable_slots(grid, *request, day.meeting_length)[static_cast<std::size_t>(slot - grid.begin())]) {
      return rule("lock_unavailable", meeting,
                  "the locked meeting of " + who + " with " + panel_name(panel) + " at " +
                      format_clock(lock.start) + " is at a time the supplier cannot attend " +
                      "(see their arrival, departure and unavailable times)");
    }
    const int locks = ++count[{lock.supplier, lock.panel}];
    if (locks > day.meetings_per_panel) {
      auto values = meeting;
      values.emplace_back("count", number(locks));
      values.emplace_back("max", number(day.meetings_per_panel));
      return rule("lock_too_many", values,
                  who + " has " + std::to_string(locks) + " meetings locked with " +
                      panel_name(panel) + ", but meets a panel at most " +
                      std::to_string(day.meetings_per_panel) +
                      (day.meetings_per_panel == 1 ? " time" : " times"));
    }
  }
  return std::nullopt;
}

Result<sched::Instance> to_instance(const DaySetup& day_in,
                                    const std::vector<SupplierRequest>& requests,
                                    const std::vector<LockedMeeting>& locked) {
  DaySetup sorted = day_in;
  if (auto problem = scheduling_problem(sorted, requests)) return Error{problem->text};
  const DaySetup& day = sorted;
  const std::vector<GridSlot> grid = slot_grid(day);  // not empty: every window has a slot

  std::vector<int> physical_rooms, digital_rooms;
  for (std::size_t r = 0; r < day.rooms.size(); ++r) {
    (day.rooms[r].digital ? digital_rooms : physical_rooms).push_back(static_cast<int>(r));
  }

  // The requests: keys, people, panels, rooms available for the kind of meeting they want.
  std::map<std::string, int> supplier_index;  // key -> index into requests
  std::vector<std::vector<std::string>> wanted(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const SupplierRequest& request = requests[i];
    const std::string who = supplier_name(request);
    if (request.key.empty()) return Error{who + " has no key (booking reference)"};
    if (key_has_separator(request.key)) {
      return Error{"the key of " + who + " must not contain \"/\" or \"#\""};
    }
    if (!supplier_index.emplace(request.key, static_cast<int>(i)).second) {
      return Error{who + " is registered twice under the same key"};
    }
    if (index_of(day.panels, request.key) >= 0) {
      return Error{who + " has the same key as a panel; keys must differ"};
    }
    if (request.people < 1) {
      return Error{who + " comes with " + std::to_string(request.people) +
                   " people; at least one person must come"};
    }
    wanted[i] = distinct_panels(request);
    for (const std::string& key : wanted[i]) {
      if (index_of(day.panels, key) < 0) {
        return Error{who + " asks to meet panel " + quoted(key) + ", which does not exist"};
      }
    }
  }

  // Rooms per panel (see the top of this file): a digital room for each panel with digital
  // requests and, when the event has digital rooms, a day room for each panel without a home
  // room that has requests to meet in person. Chosen in the panels' order.
  std::vector<int> used(day.rooms.size(), 0);
  for (const Panel& panel : day.panels) {
    if (panel.room) ++used[static_cast<std::size_t>(index_of(day.rooms, *panel.room))];
  }
  std::vector<std::optional<int>> digital_room(day.panels.size());
  std::vector<std::optional<int>> physical_room(day.panels.size());
  for (std::size_t p = 0; p < day.panels.size(); ++p) {
    const Panel& panel = day.panels[p];
    if (panel.room) physical_room[p] = index_of(day.rooms, *panel.room);
    int digital_people = -1, physical_people = -1;  // the biggest group of each kind, -1 = none
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (std::find(wanted[i].begin(), wanted[i].end(), panel.key) == wanted[i].end()) continue;
      int& biggest = requests[i].digital ? digital_people : physical_people;
      biggest = std::max(biggest, requests[i].people);
    }
    const int members = static_cast<int>(panel.members.size());
    if (digital_people >= 0) {
      digital_room[p] =
          choose_room(day.rooms, digital_rooms, std::int64_t{members} + digital_people, used);
    }
    if (physical_people >= 0 && !panel.room && !digital_rooms.empty()) {
      physical_room[p] =
          choose_room(day.rooms, physical_rooms, std::int64_t{members} + physical_people, used);
    }
  }

  // Locked meetings, per supplier and panel in time order: the first takes meeting 0, the next
  // meeting 1, ...
  if (auto problem = lock_problem(day, requests, locked)) return Error{problem->text};
  std::map<std::pair<int, int>, std::vector<const LockedMeeting*>> locks;  // (request, panel)
  for (const LockedMeeting& lock : locked)
    locks[{supplier_index.at(lock.supplier), index_of(day.panels, lock.panel)}].push_back(&lock);
  for (auto& [pair, list] : locks) {
    std::stable_sort(list.begin(), list.end(), [](const LockedMeeting* a, const LockedMeeting* b) {
      return a->start < b->start;
    });
  }

  sched::Instance instance;
  instance.name = day.title;
  for (const GridSlot& slot : grid) {
    instance.slots.push_back({format_clock(slot.start), format_clock(slot.end), slot.session});
  }
  instance.rooms.kind = sched::Rooms::Kind::kList;
  for (const EventRoom& room : day.rooms) {
    instance.rooms.list.push_back({room.key, room.name, room.seats, room.digital});
  }
  for (const Panel& panel : day.panels) {
    sched::Participant buyer;
    buyer.id = panel.key;
    buyer.name = panel.name;
    buyer.kind = sched::ParticipantKind::kBuyer;
    buyer.kind_label = "buyer";
    for (const PanelMember& member : panel.members) buyer.members.push_back(member.person);
    buyer.people = static_cast<int>(panel.members.size());  // every member sits in the meeting
    instance.participants.push_back(std::move(buyer));
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const SupplierRequest& request = requests[i];
    sched::Participant supplier;
    supplier.id = request.key;
    supplier.name = request.company;
    supplier.kind = sched::ParticipantKind::kSupplier;
    supplier.kind_label = "supplier";
    supplier.people = request.people;
    const std::vector<bool> unavailable = unavailable_slots(grid, request, day.meeting_length);
    for (std::size_t s = 0; s < grid.size(); ++s) {
      if (unavailable[s]) supplier.unavailable.push_back(static_cast<int>(s));
    }
    instance.participants.push_back(std::move(supplier));
  }

  // Meetings: per request in order, per panel asked for in order, meetings_per_panel each.
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const SupplierRequest& request = requests[i];
    std::vector<int> preferred;
    for (std::size_t s = 0; s < grid.size(); ++s) {
      if (std::find(request.preferred.begin(), request.preferred.end(), grid[s].start) !=
          request.preferred.end()) {
        preferred.push_back(static_cast<int>(s));
      }
    }
    for (const std::string& key : wanted[i]) {
      const int p = index_of(day.panels, key);
      const auto lock_list = locks.find({static_cast<int>(i), p});
      for (int n = 0; n < day.meetings_per_panel; ++n) {
        sched::Meeting meeting;
        meeting.id = meeting_id(key, request.key, n);
        meeting.between[0] = p;
        meeting.between[1] = static_cast<int>(day.panels.size() + i);
        meeting.required = false;
        meeting.preferred = preferred;
        meeting.fixed_room = request.digital ? digital_room[static_cast<std::size_t>(p)]
                                             : physical_room[static_cast<std::size_t>(p)];
        if (lock_list != locks.end() && static_cast<std::size_t>(n) < lock_list->second.size()) {
          const LockedMeeting& lock = *lock_list->second[static_cast<std::size_t>(n)];
          for (std::size_t s = 0; s < grid.size(); ++s) {
            if (grid[s].start == lock.start) meeting.fixed_slot = static_cast<int>(s);
          }
          if (lock.room) meeting.fixed_room = index_of(day.rooms, *lock.room);
        }
        instance.meetings.push_back(std::move(meeting));
      }
    }
  }
  instance.fairness.max_break_spread = day.max_break_spread;
  return sched::validate_instance(std::move(instance));
}

std::vector<PlacedMeeting> placed_meetings(const sched::Instance& instance,
                                           const sched::Schedule& schedule) {
  std::vector<PlacedMeeting> out;
  for (const sched::Assignment& assignment : schedule.assignments) {
    const sched::Meeting& meeting = instance.meetings[static_cast<std::size_t>(assignment.meeting)];
    const sched::Participant& a =
        instance.participants[static_cast<std::size_t>(meeting.between[0])];
    const sched::Participant& b =
        instance.participants[static_cast<std::size_t>(meeting.between[1])];
    const bool a_is_panel =
        a.kind == sched::ParticipantKind::kBuyer || b.kind != sched::ParticipantKind::kBuyer;
    PlacedMeeting placed;
    placed.panel = a_is_panel ? a.id : b.id;
    placed.supplier = a_is_panel ? b.id : a.id;
    // The n of meeting_id(): keys contain no '#', so a '#' starts the suffix "#<n + 1>".
    const std::size_t hash = meeting.id.rfind('#');
    if (hash != std::string::npos) {
      const std::string_view digits = std::string_view(meeting.id).substr(hash + 1);
      if (!digits.empty() && digits.size() <= 9 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        placed.index = std::max(std::stoi(std::string(digits)) - 1, 0);
      }
    }
    const sched::Slot& slot = instance.slots[static_cast<std::size_t>(assignment.slot)];
    placed.start = parse_clock(slot.start).value_or(0);
    placed.end = parse_clock(slot.end).value_or(0);
    if (assignment.room) {
      placed.room = instance.rooms.list[static_cast<std::size_t>(*assignment.room)].id;
    }
    out.push_back(std::move(placed));
  }
  std::sort(out.begin(), out.end(), [](const PlacedMeeting& x, const PlacedMeeting& y) {
    return std::tie(x.start, x.panel, x.supplier, x.index) <
           std::tie(y.start, y.panel, y.supplier, y.index);
  });
  return out;
}

}  // namespace dialogdag::core
