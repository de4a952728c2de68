#include "data/event_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "data/audit_log.h"
#include "data/sql_util.h"

namespace dialogdag::data {
namespace {

constexpr std::array<const char*, 2> kModes = {"request", "instant"};
constexpr std::array<const char*, 6> kStatuses = {"draft",     "open",      "closed",
                                                  "scheduled", "published", "archived"};
constexpr std::array<const char*, 4> kKinds = {"plenary", "break", "lunch", "workshop"};
constexpr std::array<const char*, 5> kRoles = {"need_owner", "procurement", "technical", "observer",
                                               "minute_taker"};

template <class Enum, size_t N>
Enum from_text(const std::array<const char*, N>& names, const std::string& text) {
  for (size_t i = 0; i < N; ++i)
    if (text == names[i]) return static_cast<Enum>(i);
  return static_cast<Enum>(0);  // the schema's CHECK makes this unreachable
}

bool valid_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > 80 || slug.front() == '-') return false;
  return std::all_of(slug.begin(), slug.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<std::string> instant_text(const std::optional<Instant>& instant) {
  if (!instant) return std::nullopt;
  return format_instant(*instant);
}

constexpr const char* kEventColumns =
    "SELECT id, slug, title, subject, need, doffin_ref, venue, address, day, time_zone, language, "
    "meeting_length, changeover, booking_mode, registration_opens, registration_closes, "
    "max_people, meetings_per_panel, max_break_spread, allocation_rule, retention_until, status, "
    "created_by, purged_at, lottery_seed FROM event ";

// REQUIRES: the Db lock.
StoreResult<EventInfo> read_event(Db& db, const std::string& where, const std::string& key,
                                  std::int64_t id) {
  SQLite::Statement query(db.sql(), kEventColumns + where);
  if (where.find("slug") != std::string::npos)
    query.bind(1, key);
  else
    query.bind(1, id);
  if (!query.executeStep())
    return not_found(key.empty() ? "no event " + std::to_string(id) : "no event \"" + key + "\"");
  EventInfo e;
  int c = 0;
  e.id = query.getColumn(c++).getInt64();
  e.slug = query.getColumn(c++).getString();
  e.title = query.getColumn(c++).getString();
  e.subject = query.getColumn(c++).getString();
  e.need = query.getColumn(c++).getString();
  e.doffin_ref = query.getColumn(c++).getString();
  e.venue = query.getColumn(c++).getString();
  e.address = query.getColumn(c++).getString();
  e.day = query.getColumn(c++).getString();
  e.time_zone = query.getColumn(c++).getString();
  e.language = query.getColumn(c++).getString();
  e.meeting_length = query.getColumn(c++).getInt();
  e.changeover = query.getColumn(c++).getInt();
  e.booking_mode = from_text<BookingMode>(kModes, query.getColumn(c++).getString());
  if (!query.getColumn(c).isNull())
    e.registration_opens = parse_instant(query.getColumn(c).getString());
  ++c;
  if (!query.getColumn(c).isNull())
    e.registration_closes = parse_instant(query.getColumn(c).getString());
  ++c;
  e.max_people = query.getColumn(c++).getInt();
  e.meetings_per_panel = query.getColumn(c++).getInt();
  e.max_break_spread = detail::optional_int(query.getColumn(c++));
  e.allocation_rule = query.getColumn(c++).getString();
  e.retention_until = query.getColumn(c++).getString();
  e.status = from_text<EventStatus>(kStatuses, query.getColumn(c++).getString());
  if (!query.getColumn(c).isNull()) e.created_by = query.getColumn(c).getInt64();
  ++c;
  e.purged = !query.getColumn(c++).isNull();
  if (!query.getColumn(c).isNull()) e.lottery_seed = std::stoull(query.getColumn(c).getString());
  ++c;

  SQLite::Statement organisers(db.sql(),
                               "SELECT organisation_id, role FROM event_organiser "
                               "WHERE event_id = ? ORDER BY role DESC, organisation_id");
  organisers.bind(1, e.id);
  while (organisers.executeStep()) {
    if (organisers.getColumn(1).getString() == "host")
      e.host_organisation_id = organisers.getColumn(0).getInt64();
    else
      e.co_organisers.push_back(organisers.getColumn(0).getInt64());
  }
  return e;
}

// REQUIRES: the Db lock. kNotFound when the event does not exist.
StoreResult<Done> require_event(Db& db, std::int64_t id) {
  SQLite::Statement query(db.sql(), "SELECT 1 FROM event WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return not_found("no event " + std::to_string(id));
  return Done{};
}

std::string clock(core::Minutes m) {
  return std::to_string(m / 60 / 10) + std::to_string(m / 60 % 10) + ":" +
         std::to_string(m % 60 / 10) + std::to_string(m % 10);
}

}  // namespace

const char* to_string(BookingMode mode) { return kModes[static_cast<size_t>(mode)]; }
const char* to_string(EventStatus status) { return kStatuses[static_cast<size_t>(status)]; }

namespace {

StoreResult<Done> check_event(const EventInfo& e) {
  if (!valid_slug(e.slug))
    return invalid("slug \"" + e.slug + "\" may have only a-z, 0-9 and -, at most 80");
  if (e.title.find_first_not_of(" \t") == std::string::npos) return invalid("title is empty");
  if (!valid_day(e.day)) return invalid("day \"" + e.day + "\" is not a date YYYY-MM-DD");
  if (!valid_day(e.retention_until))
    return invalid("retention date \"" + e.retention_until + "\" is not a date YYYY-MM-DD");
  if (e.retention_until < e.day) return invalid("retention date is before the event's day");
  if (!known_time_zone(e.time_zone)) return invalid("time zone \"" + e.time_zone + "\" is unknown");
  if (e.language != "nb" && e.language != "en") return invalid("language must be nb or en");
  if (e.meeting_length < 5 || e.meeting_length > 240)
    return invalid("meeting length must be 5 to 240 minutes");
  if (e.changeover < 0 || e.changeover > 120) return invalid("changeover must be 0 to 120 minutes");
  if (e.max_people < 1 || e.max_people > 50)
    return invalid("max people per supplier must be 1 to 50");
  if (e.meetings_per_panel < 1 || e.meetings_per_panel > 10)
    return invalid("meetings per panel must be 1 to 10");
  if (e.max_break_spread && *e.max_break_spread < 0)
    return invalid("max break spread must not be negative");
  if (e.registration_opens && e.registration_closes &&
      *e.registration_opens >= *e.registration_closes)
    return invalid("registration must open before it closes");
  return Done{};
}

// The columns create() and update() write, in this order.
constexpr const char* kWritten[] = {"slug",
                                    "title",
                                    "subject",
                                    "need",
                                    "doffin_ref",
                                    "venue",
                                    "address",
                                    "day",
                                    "time_zone",
                                    "language",
                                    "meeting_length",
                                    "changeover",
                                    "booking_mode",
                                    "registration_opens",
                                    "registration_closes",
                                    "max_people",
                                    "meetings_per_panel",
                                    "max_break_spread",
                                    "allocation_rule",
                                    "retention_until",
                                    "status",
                                    "lottery_seed"};
constexpr int kWrittenCount = sizeof kWritten / sizeof kWritten[0];

// Binds kWritten from `e` to parameters 1..kWrittenCount.
void bind_written(SQLite::Statement& statement, const EventInfo& e) {
  int i = 1;
  statement.bind(i++, e.slug);
  statement.bind(i++, e.title);
  statement.bind(i++, e.subject);
  statement.bind(i++, e.need);
  statement.bind(i++, e.doffin_ref);
  statement.bind(i++, e.venue);
  statement.bind(i++, e.address);
  statement.bind(i++, e.day);
  statement.bind(i++, e.time_zone);
  statement.bind(i++, e.language);
  statement.bind(i++, e.meeting_length);
  statement.bind(i++, e.changeover);
  statement.bind(i++, to_string(e.booking_mode));
  detail::bind_optional(statement, i++, instant_text(e.registration_opens));
  detail::bind_optional(statement, i++, instant_text(e.registration_closes));
  statement.bind(i++, e.max_people);
  statement.bind(i++, e.meetings_per_panel);
  detail::bind_optional(statement, i++, e.max_break_spread);
  statement.bind(i++, e.allocation_rule);
  statement.bind(i++, e.retention_until);
  statement.bind(i++, to_string(e.status));
  if (e.lottery_seed)
    statement.bind(i, std::to_string(*e.lottery_seed));
  else
    statement.bind(i);
}

// Replaces the organisers of event `id`. REQUIRES: the Db lock, inside a write transaction.
StoreResult<Done> write_organisers(Db& db, std::int64_t id, const EventInfo& e) {
  std::vector<std::int64_t> organisations = e.co_organisers;
  organisations.insert(organisations.begin(), e.host_organisation_id);
  for (std::int64_t organisation : organisations) {
    SQLite::Statement exists(db.sql(), "SELECT 1 FROM organisation WHERE id = ?");
    exists.bind(1, organisation);
    if (!exists.executeStep()) return not_found("no organisation " + std::to_string(organisation));
  }
  SQLite::Statement remove(db.sql(), "DELETE FROM event_organiser WHERE event_id = ?");
  remove.bind(1, id);
  remove.exec();
  for (size_t k = 0; k < organisations.size(); ++k) {
    SQLite::Statement organiser(
        db.sql(), "INSERT INTO event_organiser (event_id, organisation_id, role) VALUES (?,?,?)");
    organiser.bind(1, id);
    organiser.bind(2, organisations[k]);
    organiser.bind(3, k == 0 ? "host" : "co");
    try {
      organiser.exec();
    } catch (const SQLite::Exception& ex) {
      if (!detail::is_unique_violation(ex)) throw;
      return invalid("organisation " + std::to_string(organisations[k]) +
                     " is named twice among the organisers");
    }
  }
  return Done{};
}

std::vector<EventInfo> read_events(Db& db, const std::string& sql,
                                   std::optional<std::int64_t> key) {
  SQLite::Statement query(db.sql(), sql);
  if (key) query.bind(1, *key);
  std::vector<std::int64_t> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
  std::vector<EventInfo> events;
  for (std::int64_t id : ids) events.push_back(read_event(db, "WHERE id = ?", "", id).value());
  return events;
}

}  // namespace

StoreResult<std::int64_t> EventStore::create(const EventInfo& e, const std::string& actor) {
  if (auto checked = check_event(e); !checked) return checked.failure();
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement taken(db_.sql(), "SELECT 1 FROM event WHERE slug = ?");
  taken.bind(1, e.slug);
  if (taken.executeStep()) return conflict("an event with the address /e/" + e.slug + " exists");
  std::string columns, marks;
  for (const char* column : kWritten) columns += std::string(column) + ", ", marks += "?, ";
  SQLite::Statement insert(db_.sql(), "INSERT INTO event (" + columns +
                                          "created_by, created_at) VALUES (" + marks + "?, ?)");
  bind_written(insert, e);
  if (e.created_by) insert.bind(kWrittenCount + 1, *e.created_by);
  insert.bind(kWrittenCount + 2, format_instant(db_.now()));
  insert.exec();
  const std::int64_t id = db_.sql().getLastInsertRowid();
  if (auto written = write_organisers(db_, id, e); !written) return written.failure();
  append_audit(db_.sql(), db_.now(), actor, id, "event.create", "slug " + e.slug);
  transaction.commit();
  return id;
}

StoreResult<Done> EventStore::update(const EventInfo& e, const std::string& actor) {
  if (auto checked = check_event(e); !checked) return checked.failure();
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  auto current = read_event(db_, "WHERE id = ?", "", e.id);
  if (!current) return current.failure();
  const EventInfo& old = current.value();
  if (old.purged) return conflict("the event's personal data was purged; it can no longer change");
  if (e.slug != old.slug) {
    SQLite::Statement taken(db_.sql(), "SELECT 1 FROM event WHERE slug = ? AND id <> ?");
    taken.bind(1, e.slug);
    taken.bind(2, e.id);
    if (taken.executeStep()) return conflict("an event with the address /e/" + e.slug + " exists");
  }
  const bool grid_changes = e.day != old.day || e.time_zone != old.time_zone ||
                            e.meeting_length != old.meeting_length ||
                            e.changeover != old.changeover;
  if (grid_changes) {
    SQLite::Statement live(
        db_.sql(), "SELECT count(*) FROM meeting WHERE event_id = ? AND status <> 'cancelled'");
    live.bind(1, e.id);
    live.executeStep();
    if (live.getColumn(0).getInt() > 0)
      return conflict(
          "the day, time zone, meeting length or changeover cannot change while "
          "meetings are placed; cancel or re-run them first");
  }
  std::string sets;
  for (const char* column : kWritten)
    sets += std::string(sets.empty() ? "" : ", ") + column + " = ?";
  SQLite::Statement update(db_.sql(), "UPDATE event SET " + sets + " WHERE id = ?");
  bind_written(update, e);
  update.bind(kWrittenCount + 1, e.id);
  update.exec();
  if (auto written = write_organisers(db_, e.id, e); !written) return written.failure();
  append_audit(db_.sql(), db_.now(), actor, e.id, "event.update",
               "status " + std::string(to_string(e.status)));
  transaction.commit();
  return Done{};
}

std::vector<EventInfo> EventStore::list_for_organisation(std::int64_t organisation_id) {
  auto guard = db_.lock();
  return read_events(db_,
                     "SELECT e.id FROM event e JOIN event_organiser o ON o.event_id = e.id "
                     "WHERE o.organisation_id = ? ORDER BY e.day DESC, e.id DESC",
                     organisation_id);
}

std::vector<EventInfo> EventStore::list_all() {
  auto guard = db_.lock();
  return read_events(db_, "SELECT id FROM event ORDER BY day DESC, id DESC", std::nullopt);
}

std::vector<EventInfo> EventStore::list_public() {
  auto guard = db_.lock();
  return read_events(db_,
                     "SELECT id FROM event WHERE status IN ('open', 'closed', 'scheduled', "
                     "'published') ORDER BY day, id",
                     std::nullopt);
}

StoreResult<EventInfo> EventStore::get(std::int64_t id) {
  auto guard = db_.lock();
  return read_event(db_, "WHERE id = ?", "", id);
}

StoreResult<EventInfo> EventStore::find_by_slug(const std::string& slug) {
  auto guard = db_.lock();
  return read_event(db_, "WHERE slug = ?", slug, 0);
}

namespace {

bool may_move(EventStatus from, EventStatus to) {
  using S = EventStatus;
  switch (to) {
    case S::kDraft: return from == S::kOpen;
    case S::kOpen: return from == S::kDraft || from == S::kClosed;
    case S::kClosed: return from == S::kOpen;
    case S::kScheduled:
    case S::kPublished:
      return from == S::kOpen || from == S::kClosed || from == S::kScheduled ||
             from == S::kPublished;
    case S::kArchived: return true;
  }
  return false;
}

// Why event `id` cannot open for booking, or nullopt when it can. REQUIRES: the Db lock.
std::optional<std::string> not_ready_to_open(Db& db, std::int64_t id, const EventInfo& event) {
  if (!valid_day(event.day)) return "the event's day \"" + event.day + "\" is not a date";
  auto day = load_day_locked(db, id);
  if (!day) return day.error();
  if (day.value().windows.empty()) return "the event has no window for one-to-one meetings";
  if (day.value().panels.empty()) return "the event has no panel for suppliers to meet";
  if (auto checked = core::validate_setup(day.value()); !checked) return checked.error();
  return std::nullopt;
}

}  // namespace

StoreResult<Done> EventStore::set_status(std::int64_t id, EventStatus status,
                                         const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  auto current = read_event(db_, "WHERE id = ?", "", id);
  if (!current) return current.failure();
  const EventStatus from = current.value().status;
  if (from == status) return Done{};
  if (!may_move(from, status))
    return conflict(std::string("an event cannot go from ") + to_string(from) + " to " +
                    to_string(status));
  if (status == EventStatus::kOpen)
    if (auto reason = not_ready_to_open(db_, id, current.value()))
      return conflict("the event cannot open for booking: " + *reason);
  SQLite::Statement update(db_.sql(), "UPDATE event SET status = ? WHERE id = ?");
  update.bind(1, to_string(status));
  update.bind(2, id);
  update.exec();
  append_audit(db_.sql(), db_.now(), actor, id, "event.status", to_string(status));
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::delete_room(std::int64_t id, const std::string& key,
                                          const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  SQLite::Statement room(db_.sql(), "SELECT id, name FROM room WHERE event_id = ? AND key = ?");
  room.bind(1, id);
  room.bind(2, key);
  if (!room.executeStep()) return not_found("no room " + key + " in this event");
  const std::int64_t room_id = room.getColumn(0).getInt64();
  const std::string name = room.getColumn(1).getString();
  SQLite::Statement home(db_.sql(), "SELECT name FROM panel WHERE room_id = ? ORDER BY id");
  home.bind(1, room_id);
  if (home.executeStep())
    return conflict("room \"" + name + "\" is the home room of panel \"" +
                    home.getColumn(0).getString() + "\"; choose another home room first");
  SQLite::Statement meetings(db_.sql(),
                             "SELECT count(*) FILTER (WHERE status <> 'cancelled'), count(*) "
                             "FROM meeting WHERE room_id = ?");
  meetings.bind(1, room_id);
  meetings.executeStep();
  if (const int live = meetings.getColumn(0).getInt(); live > 0)
    return conflict("room \"" + name + "\" holds " + std::to_string(live) +
                    (live == 1 ? " meeting" : " meetings") + "; move them first");
  if (meetings.getColumn(1).getInt() > 0)
    return conflict("room \"" + name + "\" is named in the event's meeting history and stays");
  SQLite::Statement remove(db_.sql(), "DELETE FROM room WHERE id = ?");
  remove.bind(1, room_id);
  remove.exec();
  append_audit(db_.sql(), db_.now(), actor, id, "room.delete", "room " + key);
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::delete_panel(std::int64_t id, const std::string& key,
                                           const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  SQLite::Statement panel(db_.sql(), "SELECT id, name FROM panel WHERE event_id = ? AND key = ?");
  panel.bind(1, id);
  panel.bind(2, key);
  if (!panel.executeStep()) return not_found("no panel " + key + " in this event");
  const std::int64_t panel_id = panel.getColumn(0).getInt64();
  const std::string name = panel.getColumn(1).getString();
  SQLite::Statement meetings(db_.sql(), "SELECT count(*) FROM meeting WHERE panel_id = ?");
  meetings.bind(1, panel_id);
  meetings.executeStep();
  if (const int count = meetings.getColumn(0).getInt(); count > 0)
    return conflict("panel \"" + name + "\" has " + std::to_string(count) +
                    (count == 1 ? " meeting" : " meetings") + " in the schedule and stays");
  SQLite::Statement requests(db_.sql(), "SELECT count(*) FROM request_panel WHERE panel_id = ?");
  requests.bind(1, panel_id);
  requests.executeStep();
  if (const int count = requests.getColumn(0).getInt(); count > 0)
    return conflict("panel \"" + name + "\" is asked for by " + std::to_string(count) +
                    (count == 1 ? " supplier" : " suppliers") + " and stays");
  SQLite::Statement remove(db_.sql(), "DELETE FROM panel WHERE id = ?");
  remove.bind(1, panel_id);
  remove.exec();
  append_audit(db_.sql(), db_.now(), actor, id, "panel.delete", "panel " + key);
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::set_programme(std::int64_t id,
                                            const std::vector<core::ProgrammeItem>& items,
                                            const std::string& actor) {
  for (size_t k = 0; k < items.size(); ++k) {
    const auto& item = items[k];
    if (item.start < 0 || item.end > 24 * 60 || item.end <= item.start)
      return invalid("programme item \"" + item.title + "\" must end after it starts");
    if (item.title.find_first_not_of(" \t") == std::string::npos)
      return invalid("programme item at " + clock(item.start) + " has no title");
    if (k > 0 && items[k - 1].end > item.start)
      return invalid("programme items \"" + items[k - 1].title + "\" and \"" + item.title +
                     "\" overlap or are out of order");
  }
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  SQLite::Statement remove(db_.sql(), "DELETE FROM programme_item WHERE event_id = ?");
  remove.bind(1, id);
  remove.exec();
  for (size_t k = 0; k < items.size(); ++k) {
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO programme_item (event_id, position, start_min, end_min, "
                             "title, speaker, kind, suppliers_attend) VALUES (?,?,?,?,?,?,?,?)");
    insert.bind(1, id);
    insert.bind(2, static_cast<int>(k));
    insert.bind(3, items[k].start);
    insert.bind(4, items[k].end);
    insert.bind(5, items[k].title);
    insert.bind(6, items[k].speaker);
    insert.bind(7, kKinds[static_cast<size_t>(items[k].kind)]);
    insert.bind(8, items[k].suppliers_attend ? 1 : 0);
    insert.exec();
  }
  append_audit(db_.sql(), db_.now(), actor, id, "event.programme",
               std::to_string(items.size()) + " items");
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::set_windows(std::int64_t id, const std::vector<core::Window>& windows,
                                          const std::string& actor) {
  for (size_t k = 0; k < windows.size(); ++k) {
    const auto& w = windows[k];
    if (w.start < 0 || w.end > 24 * 60 || w.end <= w.start)
      return invalid("window " + w.session + " must end after it starts");
    if (w.session.empty()) return invalid("window at " + clock(w.start) + " has no session label");
    if (k > 0 && windows[k - 1].end > w.start)
      return invalid("windows " + windows[k - 1].session + " and " + w.session +
                     " overlap or are out of order");
  }
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  SQLite::Statement remove(db_.sql(), "DELETE FROM one_to_one_window WHERE event_id = ?");
  remove.bind(1, id);
  remove.exec();
  for (const auto& w : windows) {
    SQLite::Statement insert(
        db_.sql(),
        "INSERT INTO one_to_one_window (event_id, start_min, end_min, session) "
        "VALUES (?,?,?,?)");
    insert.bind(1, id);
    insert.bind(2, w.start);
    insert.bind(3, w.end);
    insert.bind(4, w.session);
    try {
      insert.exec();
    } catch (const SQLite::Exception& ex) {
      if (!detail::is_unique_violation(ex)) throw;
      return invalid("two windows have the session label \"" + w.session + "\"");
    }
  }
  append_audit(db_.sql(), db_.now(), actor, id, "event.windows",
               std::to_string(windows.size()) + " windows");
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::put_room(std::int64_t id, const core::EventRoom& room,
                                       const std::string& actor) {
  if (room.key.empty() || room.key.size() > 64)
    return invalid("room key must be 1 to 64 characters");
  if (room.name.find_first_not_of(" \t") == std::string::npos)
    return invalid("room " + room.key + " has no name");
  if (room.seats && *room.seats < 1) return invalid("room " + room.key + " must seat at least 1");
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  SQLite::Statement upsert(
      db_.sql(),
      "INSERT INTO room (event_id, key, name, seats, digital, link) VALUES (?,?,?,?,?,?) "
      "ON CONFLICT (event_id, key) DO UPDATE SET name = excluded.name, seats = excluded.seats, "
      "digital = excluded.digital, link = excluded.link");
  upsert.bind(1, id);
  upsert.bind(2, room.key);
  upsert.bind(3, room.name);
  detail::bind_optional(upsert, 4, room.seats);
  upsert.bind(5, room.digital ? 1 : 0);
  upsert.bind(6, room.link);
  upsert.exec();
  append_audit(db_.sql(), db_.now(), actor, id, "room.put", "room " + room.key);
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::put_panel(std::int64_t id, const core::Panel& panel,
                                        const std::string& actor) {
  if (panel.key.empty() || panel.key.size() > 64)
    return invalid("panel key must be 1 to 64 characters");
  if (panel.name.find_first_not_of(" \t") == std::string::npos)
    return invalid("panel " + panel.key + " has no name");
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  std::optional<std::int64_t> room_id;
  if (panel.room) {
    SQLite::Statement room(db_.sql(), "SELECT id FROM room WHERE event_id = ? AND key = ?");
    room.bind(1, id);
    room.bind(2, *panel.room);
    if (!room.executeStep())
      return not_found("panel " + panel.key + ": no room " + *panel.room + " in this event");
    room_id = room.getColumn(0).getInt64();
  }
  SQLite::Statement upsert(
      db_.sql(),
      "INSERT INTO panel (event_id, key, name, municipalities, room_id) VALUES (?,?,?,?,?) "
      "ON CONFLICT (event_id, key) DO UPDATE SET name = excluded.name, "
      "municipalities = excluded.municipalities, room_id = excluded.room_id RETURNING id");
  upsert.bind(1, id);
  upsert.bind(2, panel.key);
  upsert.bind(3, panel.name);
  upsert.bind(4, detail::strings_to_json(panel.municipalities));
  if (room_id) upsert.bind(5, *room_id);
  upsert.executeStep();
  const std::int64_t panel_id = upsert.getColumn(0).getInt64();
  upsert.reset();
  SQLite::Statement remove(db_.sql(), "DELETE FROM panel_member WHERE panel_id = ?");
  remove.bind(1, panel_id);
  remove.exec();
  for (size_t k = 0; k < panel.members.size(); ++k) {
    const auto& member = panel.members[k];
    if (member.person.empty())
      return invalid("panel " + panel.key + ": a member has no person key");
    SQLite::Statement person(
        db_.sql(),
        "INSERT INTO person (event_id, person_key, name) VALUES (?,?,?) "
        "ON CONFLICT (event_id, person_key) DO UPDATE SET name = excluded.name RETURNING id");
    person.bind(1, id);
    person.bind(2, member.person);
    person.bind(3, member.name);
    person.executeStep();
    const std::int64_t person_id = person.getColumn(0).getInt64();
    person.reset();
    SQLite::Statement insert(db_.sql(),
                             "INSERT INTO panel_member (panel_id, person_id, event_id, position, "
                             "role) VALUES (?,?,?,?,?)");
    insert.bind(1, panel_id);
    insert.bind(2, person_id);
    insert.bind(3, id);
    insert.bind(4, static_cast<int>(k));
    insert.bind(5, kRoles[static_cast<size_t>(member.role)]);
    try {
      insert.exec();
    } catch (const SQLite::Exception& ex) {
      if (!detail::is_unique_violation(ex)) throw;
      return invalid("panel " + panel.key + ": person " + member.person + " is listed twice");
    }
  }
  append_audit(db_.sql(), db_.now(), actor, id, "panel.put",
               "panel " + panel.key + ", " + std::to_string(panel.members.size()) + " members");
  transaction.commit();
  return Done{};
}

StoreResult<core::DaySetup> EventStore::load_day(std::int64_t id) {
  auto guard = db_.lock();
  return load_day_locked(db_, id);
}

StoreResult<core::DaySetup> load_day_locked(Db& db, std::int64_t id) {
  SQLite::Statement event(db.sql(),
                          "SELECT title, meeting_length, changeover, meetings_per_panel, "
                          "max_break_spread FROM event WHERE id = ?");
  event.bind(1, id);
  if (!event.executeStep()) return not_found("no event " + std::to_string(id));
  core::DaySetup day;
  day.title = event.getColumn(0).getString();
  day.meeting_length = event.getColumn(1).getInt();
  day.changeover = event.getColumn(2).getInt();
  day.meetings_per_panel = event.getColumn(3).getInt();
  day.max_break_spread = detail::optional_int(event.getColumn(4));

  SQLite::Statement items(db.sql(),
                          "SELECT start_min, end_min, title, speaker, kind, suppliers_attend "
                          "FROM programme_item WHERE event_id = ? ORDER BY position");
  items.bind(1, id);
  while (items.executeStep()) {
    core::ProgrammeItem item;
    item.start = items.getColumn(0).getInt();
    item.end = items.getColumn(1).getInt();
    item.title = items.getColumn(2).getString();
    item.speaker = items.getColumn(3).getString();
    item.kind = from_text<core::ItemKind>(kKinds, items.getColumn(4).getString());
    item.suppliers_attend = items.getColumn(5).getInt() != 0;
    day.programme.push_back(std::move(item));
  }
  SQLite::Statement windows(db.sql(),
                            "SELECT start_min, end_min, session FROM one_to_one_window "
                            "WHERE event_id = ? ORDER BY start_min");
  windows.bind(1, id);
  while (windows.executeStep())
    day.windows.push_back({windows.getColumn(0).getInt(), windows.getColumn(1).getInt(),
                           windows.getColumn(2).getString()});

  SQLite::Statement rooms(db.sql(),
                          "SELECT key, name, seats, digital, link FROM room WHERE event_id = ? "
                          "ORDER BY id");
  rooms.bind(1, id);
  while (rooms.executeStep()) {
    core::EventRoom room;
    room.key = rooms.getColumn(0).getString();
    room.name = rooms.getColumn(1).getString();
    room.seats = detail::optional_int(rooms.getColumn(2));
    room.digital = rooms.getColumn(3).getInt() != 0;
    room.link = rooms.getColumn(4).getString();
    day.rooms.push_back(std::move(room));
  }
  SQLite::Statement panels(
      db.sql(),
      "SELECT p.id, p.key, p.name, p.municipalities, r.key FROM panel p "
      "LEFT JOIN room r ON r.id = p.room_id WHERE p.event_id = ? ORDER BY p.id");
  panels.bind(1, id);
  while (panels.executeStep()) {
    core::Panel panel;
    const std::int64_t panel_id = panels.getColumn(0).getInt64();
    panel.key = panels.getColumn(1).getString();
    panel.name = panels.getColumn(2).getString();
    panel.municipalities = detail::json_to_strings(panels.getColumn(3).getString());
    if (!panels.getColumn(4).isNull()) panel.room = panels.getColumn(4).getString();
    SQLite::Statement members(db.sql(),
                              "SELECT s.person_key, s.name, m.role FROM panel_member m "
                              "JOIN person s ON s.id = m.person_id WHERE m.panel_id = ? "
                              "ORDER BY m.position");
    members.bind(1, panel_id);
    while (members.executeStep())
      panel.members.push_back({members.getColumn(0).getString(), members.getColumn(1).getString(),
                               from_text<core::Role>(kRoles, members.getColumn(2).getString())});
    day.panels.push_back(std::move(panel));
  }
  return day;
}

}  // namespace dialogdag::data
