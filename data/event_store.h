// Events (conference days) with what belongs to them: organisers, programme, one-to-one
// windows, rooms, panels and their members. load_day() gives the day as core::DaySetup, the
// input of the pure mapping to a scheduling instance (scheduler/event.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"
#include "scheduler/event.h"

namespace dialogdag::data {

enum class BookingMode { kRequest, kInstant };
enum class EventStatus { kDraft, kOpen, kClosed, kScheduled, kPublished, kArchived };

const char* to_string(BookingMode mode);
const char* to_string(EventStatus status);

struct EventInfo {
  std::int64_t id = 0;  // set by the store
  std::string slug;     // [a-z0-9-], used in URLs
  std::string title;
  std::string subject;     // the procurement subject
  std::string need;        // the description suppliers read first
  std::string doffin_ref;  // Doffin notice reference
  std::string venue;
  std::string address;
  std::string day;  // local date "YYYY-MM-DD"
  std::string time_zone = "Europe/Oslo";
  std::string language = "nb";  // nb | en
  core::Minutes meeting_length = 30;
  core::Minutes changeover = 5;
  BookingMode booking_mode = BookingMode::kRequest;
  std::optional<Instant> registration_opens;
  std::optional<Instant> registration_closes;
  int max_people = 3;  // per supplier
  int meetings_per_panel = 1;
  std::optional<int> max_break_spread;
  std::string allocation_rule;                // stated on the event page before booking opens
  std::optional<std::uint64_t> lottery_seed;  // published before the lottery is drawn
  std::string retention_until;                // local date after which personal data is deleted
  EventStatus status = EventStatus::kDraft;
  std::int64_t host_organisation_id = 0;
  std::vector<std::int64_t> co_organisers;
  std::optional<std::int64_t> created_by;  // staff user
  bool purged = false;                     // set by the store
};

class EventStore {
 public:
  explicit EventStore(Db& db) : db_(db) {}

  // kInvalid: a field breaks a rule (bad slug, day, zone, ...); kConflict: the slug is taken;
  // kNotFound: an organisation does not exist.
  StoreResult<std::int64_t> create(const EventInfo& event, const std::string& actor);
  // Replaces the fields and organisers of event `event.id` (same rules as create).
  // kConflict: the slug is taken, the event was purged, or the day, zone, meeting length or
  // changeover would change while meetings are placed (their instants would be wrong).
  StoreResult<Done> update(const EventInfo& event, const std::string& actor);
  StoreResult<EventInfo> get(std::int64_t id);
  StoreResult<EventInfo> find_by_slug(const std::string& slug);
  // Events an organisation hosts or co-organises, newest day first (the staff list).
  std::vector<EventInfo> list_for_organisation(std::int64_t organisation_id);
  // Every event, newest day first (the staff list of an admin).
  std::vector<EventInfo> list_all();
  // Events the public sees (open, closed, scheduled, published), by day.
  std::vector<EventInfo> list_public();

  // Moves the event along its life: draft -> open (also back to draft), open <-> closed,
  // open/closed/scheduled/published -> scheduled or published (the scheduler's steps), any ->
  // archived. Setting the status it has is a no-op. kConflict names a step that is not allowed
  // ("from published to draft"), and refuses opening an event that is not ready: no window, no
  // panel, or a day that breaks core::validate_setup (the reason is in the message; the code is
  // "store.status_step" {from,to}, "store.open_bad_day" {day}, "store.open_no_window",
  // "store.open_no_panel", or "rule.<code>" of core::setup_problem with its values).
  // kNotFound: no such event.
  StoreResult<Done> set_status(std::int64_t id, EventStatus status, const std::string& actor);

  // Replace the programme / the windows of the day (kInvalid when items overlap).
  StoreResult<Done> set_programme(std::int64_t id, const std::vector<core::ProgrammeItem>& items,
                                  const std::string& actor);
  StoreResult<Done> set_windows(std::int64_t id, const std::vector<core::Window>& windows,
                                const std::string& actor);
  // Create or update (by key) a room / a panel with its members (members are replaced; people
  // are matched by PanelMember::person within the event).
  StoreResult<Done> put_room(std::int64_t id, const core::EventRoom& room,
                             const std::string& actor);
  StoreResult<Done> put_panel(std::int64_t id, const core::Panel& panel, const std::string& actor);

  // Delete a room / a panel by key. kConflict (nothing changed) names what still uses it: a
  // room that is a panel's home room or holds a meeting; a panel with meetings or suppliers who
  // asked to meet it. kNotFound: no such event or key. A refusal carries a code
  // (StoreError::code "store.room_is_home", "store.room_has_meetings", "store.room_in_history",
  // "store.panel_has_meetings", "store.panel_requested") with values {room|panel, count}.
  StoreResult<Done> delete_room(std::int64_t id, const std::string& key, const std::string& actor);
  StoreResult<Done> delete_panel(std::int64_t id, const std::string& key,
                                 const std::string& actor);
  // The rooms page in one transaction: deletes the rooms `removed` (as delete_room), then creates
  // or updates `rooms` (as put_room). All or nothing: the first failure (with delete_room's or
  // put_room's kind and message) leaves every room as it was.
  StoreResult<Done> save_rooms(std::int64_t id, const std::vector<std::string>& removed,
                               const std::vector<core::EventRoom>& rooms, const std::string& actor);

  // The day as the scheduler's core sees it.
  StoreResult<core::DaySetup> load_day(std::int64_t id);

 private:
  Db& db_;
};

// load_day for code that already holds the Db lock (inside another store's transaction).
StoreResult<core::DaySetup> load_day_locked(Db& db, std::int64_t id);

}  // namespace dialogdag::data
