// The conference day as staff set it up and the suppliers' requests for one-to-one meetings
// (shared/spec/product.md), and the pure mapping between them and a scheduling Instance
// (shared/spec/scheduling-format.md). No I/O, no clock, no SQL: the storage layer (data/) maps
// its rows to these types and back; time zones and instants live there too. Every time here is
// a local wall-clock time of the event's day, in minutes since midnight; a valid day lies within
// 00:00-23:59 (what "HH:MM" can say), so no slot or item runs past midnight.
//
// Messages (Error of validate_day and to_instance, warnings) are one plain sentence for
// procurement staff, naming the item: programme items and windows by title/name and times,
// panels and rooms as `panel "Name" (key)`, suppliers as `Company (key)`.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scheduler/model.h"
#include "scheduler/result.h"

namespace dialogdag::core {

using Minutes = int;  // local time of day, 0..1439 (or a duration in minutes)

enum class ItemKind { kPlenary, kBreak, kLunch, kWorkshop };

// One item of the plenary programme.
struct ProgrammeItem {
  Minutes start = 0;
  Minutes end = 0;
  std::string title;
  std::string speaker;
  ItemKind kind = ItemKind::kPlenary;
  bool suppliers_attend = true;  // slots never overlap an item the suppliers attend
};

// A one-to-one window; its slots carry `session` as their session label.
struct Window {
  Minutes start = 0;
  Minutes end = 0;
  std::string session;  // e.g. "morning", "afternoon"; required and unique per window (it is
                        // the window's name in messages)
};

enum class Role { kNeedOwner, kProcurement, kTechnical, kObserver, kMinuteTaker };

struct PanelMember {
  std::string person;  // stable key of the person (e.g. the e-mail); the same person may sit on
                       // several panels, and the scheduler keeps them in one place at a time
  std::string name;
  Role role = Role::kProcurement;
};

// The buyers' side of the table.
struct Panel {
  std::string key;  // stable, unique within the event; becomes the participant id; no '/' or
                    // '#' (they separate the parts of meeting_id())
  std::string name;
  std::vector<std::string> municipalities;
  std::vector<PanelMember> members;  // all of them sit in every meeting of the panel
  std::optional<std::string> room;   // home room key (a physical room): the panel's physical
                                     // meetings are held there; absent = any physical room (see
                                     // to_instance for how far the instance format can say that)
};

struct EventRoom {
  std::string key;  // stable, unique within the event; becomes the room id
  std::string name;
  std::optional<int> seats;  // absent = no limit (typical for a digital room)
  bool digital = false;
  std::string link;  // the meeting link of a digital room
};

// Everything about the day that shapes the slot grid and the instance.
struct DaySetup {
  std::string title;
  std::vector<ProgrammeItem> programme;  // not overlapping (validate_day sorts by time)
  std::vector<Window> windows;           // not overlapping (validate_day sorts by time)
  Minutes meeting_length = 30;           // the same for every supplier (equal treatment)
  Minutes changeover = 5;                // between two slots
  std::vector<Panel> panels;
  std::vector<EventRoom> rooms;
  int meetings_per_panel = 1;           // per supplier and panel
  std::optional<int> max_break_spread;  // fairness bound, if the organiser sets one
};

// A supplier's registration as far as scheduling goes.
struct SupplierRequest {
  std::string key;  // stable (the booking reference); becomes the participant id; unique among
                    // the requests, different from every panel key, no '/' or '#'
  std::string company;
  int people = 1;                          // attendees they bring; >= 1
  std::vector<std::string> panels;         // panel keys they want to meet (a repeat counts once)
  std::optional<Minutes> available_from;   // earliest arrival (travel)
  std::optional<Minutes> available_until;  // latest departure
  std::vector<Minutes> unavailable;        // starts of slots they cannot take
  std::vector<Minutes> preferred;  // starts of slots they prefer (instant mode: the one booked)
  bool digital = false;            // wants a digital meeting (held in a digital room); all
                                   // of the supplier's meetings are then digital
};

// A meeting staff have locked: it stays where it is on every re-run. When a supplier has several
// locked meetings with one panel (meetings_per_panel > 1), they become that pair's meetings
// n = 0, 1, ... in time order.
struct LockedMeeting {
  std::string supplier;  // SupplierRequest::key
  std::string panel;     // Panel::key
  Minutes start = 0;
  std::optional<std::string> room;  // EventRoom::key; absent = the room to_instance's rules give
};

struct GridSlot {
  Minutes start = 0;
  Minutes end = 0;
  std::string session;
};

// The slot grid: in each window, slots of `meeting_length` one after the other with
// `changeover` between them, starting at the window's start; a slot that would overlap a
// programme item the suppliers attend is moved to start when that item ends; no slot runs past
// its window. In time order. Items the suppliers do not attend (suppliers_attend = false) do not
// move slots. No changeover is added after such an item: the slot starts when it ends.
// Never fails and never loops long, even on a day validate_day rejects (then the grid is only
// the part of the windows inside 00:00-23:59, and empty when meeting_length < 1).
std::vector<GridSlot> slot_grid(const DaySetup& day);

// Checks the day's own rules; the first problem as one sentence, e.g.
//   the programme items "Velkommen" (09:30-10:00) and "Behovet" (09:45-10:30) overlap
//   the window "evening" (17:00-17:20) is shorter than one meeting (30 min)
// The rules: meeting_length 5..240 min; changeover 0..240 min; max_break_spread >= 0; programme
// items and windows within 00:00-23:59, ending after they start, not overlapping one another;
// each window named, names unique, at least one meeting long and with at least one slot left
// beside the items the suppliers attend; 1 <= meetings_per_panel <= the number of slots; room
// keys non-empty and unique, seats >= 1 when given; panel keys non-empty, unique, without '/'
// or '#'; a panel's home room a physical room of the event; panel members with a person key,
// no person twice on one panel. A day without windows, panels or rooms is valid (a draft):
// to_instance asks for windows and rooms. "panel ... has no minute-taker" is NOT an error (a
// warning: see warnings()). Returns the day with programme and windows sorted by start time.
Result<DaySetup> validate_day(DaySetup day);

// validate_day plus the rules of the setup pages, which are stricter than what scheduling
// needs: no window may overlap a programme item of kind plenary that the suppliers attend (the
// grid would skip it, but a window is meant to lie before or after the plenary; breaks and
// lunches inside a window are fine). The first problem as one sentence, e.g.
//   the window "afternoon" (11:00-14:00) overlaps the plenary item "Behovet" (10:00-12:00),
//   which the suppliers attend
Result<DaySetup> validate_setup(DaySetup day);

// A rule message with structure, for a user interface in another language than English:
// `code` names the rule (stable; the web layer's catalog key is "rule.<code>"), `values` are
// the named parts of the sentence (`{name}` in a catalog template; names, keys, clock times and
// numbers, never English words), `text` is the English sentence the functions above return.
struct RuleMessage {
  std::string code;
  std::vector<std::pair<std::string, std::string>> values;
  std::string text;
};

// The first problem validate_setup() finds, as a RuleMessage (nullopt: the day passes). Sorts
// the day's programme and windows by start time, as validate_setup does.
// Codes: meeting_length {min,max,value}, changeover {max,value}, break_spread {value},
// item_outside_day / item_ends_first {item}, items_overlap {first,second}, window_unnamed /
// window_outside_day / window_ends_first {window}, window_too_short / window_no_slot
// {window,length}, window_name_twice {name,first,second}, windows_overlap {first,second},
// meetings_per_panel_low {value}, meetings_per_panel_high {slots,value}, room_no_key {room},
// room_key_twice {key}, room_no_seats {room,value}, panel_no_key / panel_key_separator {panel},
// panel_key_twice {key}, home_room_unknown / home_room_digital {room,panel}, member_no_person /
// member_twice {member,panel}, window_over_plenary {window,item}.
std::optional<RuleMessage> setup_problem(DaySetup& day);

// What the slot grid of one window looks like, for staff to check before they open the event.
struct WindowPreview {
  Window window;
  std::vector<GridSlot> slots;  // the window's slots from slot_grid(), in time order
};

// slot_grid() per window, windows in time order (a window without slots has an empty list).
std::vector<WindowPreview> preview_grid(const DaySetup& day);

// Things staff should look at that do not block scheduling, one sentence each, in this order:
// per panel, no members / no minute-taker and more meetings asked for than there are slots
// (`panel "Felles" (felles): 14 requests for 8 slots`); per request, no panel asked for, no slot
// they can take (travel window and unavailable times rule out all), and, for a physical meeting,
// a home room with fewer seats than the panel and the supplier's people. Works on any day,
// valid or not; requests naming unknown panels are left to to_instance.
std::vector<std::string> warnings(const DaySetup& day,
                                  const std::vector<SupplierRequest>& requests);

// Meetings asked of panel `key`: each request naming it (once), times the meetings per panel
// (at least one). More than slot_grid(day).size() is the panel_overbooked warning: the lottery
// decides who gets a time.
long long panel_demand(const DaySetup& day, const std::vector<SupplierRequest>& requests,
                       const std::string& key);

// warnings() with structure, in the same order. Codes: panel_no_members /
// panel_no_minute_taker {panel}, panel_overbooked {panel,requests,slots}, supplier_no_panel
// {supplier}, supplier_no_slot {supplier,slots,from,until,unavailable} ("–" for a time not
// given), room_too_small {supplier,people,room,panel,seats,members}.
std::vector<RuleMessage> warning_messages(const DaySetup& day,
                                          const std::vector<SupplierRequest>& requests);

// Meeting id for the n-th (0-based) meeting of a supplier with a panel: "panel/supplier", and
// "panel/supplier#2" for the second and so on.
std::string meeting_id(const std::string& panel, const std::string& supplier, int n);

// The scheduling instance of the day ("dialogdag-instance/1", name = title), checked with
// validate_instance():
// - slots from slot_grid(), "HH:MM", session = the window's name;
// - rooms as a list: id = key, name, capacity = seats, digital;
// - one buyer participant per panel: id = key, members = the person keys (a person on two panels
//   is the same person in both, so never in two meetings at once), people = number of members;
//   no participant home room (a panel with a home room may also have digital meetings);
// - one supplier participant per request: id = key, name = company, people; unavailable = every
//   slot not lying entirely within [available_from, available_until], and every slot overlapping
//   the meeting-length stretch that starts at a time in `unavailable` (on an unchanged grid: the
//   slot starting then; after a grid change, whatever overlaps the time they cannot be there);
// - per request, per panel asked for, meetings_per_panel optional meetings with ids from
//   meeting_id(), between = [panel, supplier], preferred = the slots starting at a `preferred`
//   time (times that are no slot's start are ignored);
// - rooms per meeting (fixed_room), since the format cannot say "any physical room": physical
//   meetings go to the panel's home room; digital meetings to one digital room per panel (several
//   digital rooms: panels are spread over them, the least used one that seats the panel and its
//   biggest digital supplier, then the first in room order); a panel without a home room meets in
//   any room (capacity decides) when the event has no digital room, and otherwise in one physical
//   room for the whole day chosen the same way (least used, counting home rooms, that seats it).
//   The details and the reason are at the top of event.cpp;
// - locked meetings: fixed_slot = the slot starting at `start`, fixed_room = `room` when given;
// - fairness.max_break_spread = max_break_spread.
// Errors: the day's (validate_day), no window, no rooms, and for requests and locks, naming the
// supplier as `Company (key)`: empty, duplicate or malformed key, a key equal to a panel's,
// people < 1, an unknown panel, a digital meeting without a digital room ("Acme (acme) wants a
// digital meeting, but the event has no digital room"), a meeting in person without a physical
// room; a lock for an unknown supplier or a panel not asked for, at a time that is no slot's
// start or that the supplier cannot attend, in an unknown room, or more locks with one panel
// than meetings_per_panel. Conflicts between locks (two in one room at once) are left to the
// solver, which reports them.
// The first of to_instance's errors that staff can fix in the setup, as a RuleMessage (nullopt:
// none): validate_day's (its codes, see setup_problem), then no_window, no_rooms, and per
// request no_digital_room / no_physical_room {supplier}. Sorts the day like validate_day.
// to_instance checks these first, with the same English text.
std::optional<RuleMessage> scheduling_problem(DaySetup& day,
                                              const std::vector<SupplierRequest>& requests);

// The first problem of the locked meetings, as a RuleMessage (nullopt: none), in the order of
// `locked`; to_instance checks it with the same English text. Values: supplier (name (key)),
// panel (name (key)), time. Codes: lock_unknown_supplier {supplier: the key}, lock_panel_not_asked
// {supplier, panel: the key} (the supplier no longer asks for that panel), lock_not_a_slot
// (the day's slots changed since the lock), lock_unknown_room {room}, lock_unavailable (the
// supplier's times changed since), lock_too_many {count, max} (meetings_per_panel lowered).
// REQUIRES: `day` is sorted and valid (scheduling_problem found nothing).
std::optional<RuleMessage> lock_problem(const DaySetup& day,
                                        const std::vector<SupplierRequest>& requests,
                                        const std::vector<LockedMeeting>& locked);

Result<sched::Instance> to_instance(const DaySetup& day,
                                    const std::vector<SupplierRequest>& requests,
                                    const std::vector<LockedMeeting>& locked);

// One placed meeting of a schedule, in the day's terms.
struct PlacedMeeting {
  std::string supplier;
  std::string panel;
  int index = 0;  // n of meeting_id()
  Minutes start = 0;
  Minutes end = 0;
  std::optional<std::string> room;
};

// The way back: the schedule's assignments as meetings of the day, sorted by start, then panel,
// supplier and index. Panel and supplier come from the meeting's `between` (the buyer is the
// panel), the index from the "#n" suffix of its id, times from the slot, room from the
// assignment. REQUIRES: `instance` came from to_instance() (directly or through
// write_instance/read_instance) and `schedule` is a schedule of it.
std::vector<PlacedMeeting> placed_meetings(const sched::Instance& instance,
                                           const sched::Schedule& schedule);

}  // namespace dialogdag::core
