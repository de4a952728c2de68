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

// REQUIRES: Db::read() or the Db lock.
StoreResult<EventInfo> read_event(Db& db, const std::string& where, const std::string& key,
                                  std::int64_t id) {
  auto query_prepared = db.prepare(kEventColumns + where);
  SQLite::Statement& query = *query_prepared;
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

  auto organisers_prepared = db.prepare(
      "SELECT organisation_id, role FROM event_organiser "
      "WHERE event_id = ? ORDER BY role DESC, organisation_id");
  SQLite::Statement& organisers = *organisers_prepared;
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

// A kConflict failure with its code ("store.<rule>" or "rule.<core rule>") and values.
StoreError coded_conflict(std::string message, std::string code,
                          std::vector<std::pair<std::string, std::string>> values = {}) {
  return {Failure::kConflict, std::move(message), std::move(code), std::move(values)};
}

// The settings that differ between `old` and `now`, as "field: value" lines joined by "; ",
// once as they were and once as they became (the audit log's before and after).
std::pair<std::string, std::string> changed_settings(const EventInfo& old, const EventInfo& now) {
  std::string before, after;
  const auto compare = [&](const char* field, const std::string& was, const std::string& is) {
    if (was == is) return;
    before += std::string(before.empty() ? "" : "; ") + field + ": " + was;
    after += std::string(after.empty() ? "" : "; ") + field + ": " + is;
  };
  const auto instant = [](const std::optional<Instant>& at) {
    return at ? format_instant(*at) : std::string("-");
  };
  const auto number = [](const std::optional<int>& n) {
    return n ? std::to_string(*n) : std::string("-");
  };
  const auto organisers = [](const EventInfo& e) {
    std::string ids = std::to_string(e.host_organisation_id);
    for (const std::int64_t id : e.co_organisers) ids += "," + std::to_string(id);
    return ids;
  };
  compare("slug", old.slug, now.slug);
  compare("title", old.title, now.title);
  compare("subject", old.subject, now.subject);
  compare("need", old.need, now.need);
  compare("doffin_ref", old.doffin_ref, now.doffin_ref);
  compare("venue", old.venue, now.venue);
  compare("address", old.address, now.address);
  compare("day", old.day, now.day);
  compare("time_zone", old.time_zone, now.time_zone);
  compare("language", old.language, now.language);
  compare("meeting_length", std::to_string(old.meeting_length), std::to_string(now.meeting_length));
  compare("changeover", std::to_string(old.changeover), std::to_string(now.changeover));
  compare("booking_mode", to_string(old.booking_mode), to_string(now.booking_mode));
  compare("registration_opens", instant(old.registration_opens), instant(now.registration_opens));
  compare("registration_closes", instant(old.registration_closes),
          instant(now.registration_closes));
  compare("max_people", std::to_string(old.max_people), std::to_string(now.max_people));
  compare("meetings_per_panel", std::to_string(old.meetings_per_panel),
          std::to_string(now.meetings_per_panel));
  compare("max_break_spread", number(old.max_break_spread), number(now.max_break_spread));
  compare("allocation_rule", old.allocation_rule, now.allocation_rule);
  compare("retention_until", old.retention_until, now.retention_until);
  compare("organisations", organisers(old), organisers(now));
  return {before, after};
}

// A panel as the audit log shows it before and after a change: name, home room and the roles
// of its members (no names: the log keeps no personal data). "" when there is no such panel.
// REQUIRES: the Db lock.
std::string panel_words(Db& db, std::int64_t event_id, const std::string& key) {
  SQLite::Statement panel(db.sql(),
                          "SELECT p.id, p.name, coalesce(r.key, '') FROM panel p "
                          "LEFT JOIN room r ON r.id = p.room_id WHERE p.event_id = ? AND p.key = ?");
  panel.bind(1, event_id);
  panel.bind(2, key);
  if (!panel.executeStep()) return "";
  std::string words = panel.getColumn(1).getString();
  const std::string room = panel.getColumn(2).getString();
  if (!room.empty()) words += ", room " + room;
  SQLite::Statement roles(db.sql(),
                          "SELECT role FROM panel_member WHERE panel_id = ? ORDER BY position");
  roles.bind(1, panel.getColumn(0).getInt64());
  std::string members;
  while (roles.executeStep()) members += (members.empty() ? "" : ", ") + roles.getColumn(0).getString();
  return words + ", members: " + (members.empty() ? "none" : members);
}

// Each row of `sql` (its one parameter bound to `event_id`) described by `describe`, joined
// by "; ": a list as the audit log shows it before and after a change. REQUIRES: the Db lock.
template <class Describe>
std::string listed(Db& db, const char* sql, std::int64_t event_id, Describe describe) {
  SQLite::Statement rows(db.sql(), sql);
  rows.bind(1, event_id);
  std::string words;
  while (rows.executeStep()) words += (words.empty() ? "" : "; ") + describe(rows);
  return words;
}

// The programme, one item as "start-end title (kind)" (speakers left out: the log keeps no
// names). REQUIRES: the Db lock.
std::string programme_words(Db& db, std::int64_t event_id) {
  return listed(db,
                "SELECT start_min, end_min, title, kind, suppliers_attend FROM programme_item "
                "WHERE event_id = ? ORDER BY position",
                event_id, [](SQLite::Statement& item) {
                  return clock(item.getColumn(0).getInt()) + "-" + clock(item.getColumn(1).getInt()) +
                         " " + item.getColumn(2).getString() + " (" + item.getColumn(3).getString() +
                         (item.getColumn(4).getInt() ? "" : ", without suppliers") + ")";
                });
}

// The one-to-one windows, one as "start-end session". REQUIRES: the Db lock.
std::string windows_words(Db& db, std::int64_t event_id) {
  return listed(db,
                "SELECT start_min, end_min, session FROM one_to_one_window WHERE event_id = ? "
                "ORDER BY start_min",
                event_id, [](SQLite::Statement& window) {
                  return clock(window.getColumn(0).getInt()) + "-" +
                         clock(window.getColumn(1).getInt()) + " " + window.getColumn(2).getString();
                });
}

}  // namespace

StoreResult<std::int64_t> EventStore::create(const EventInfo& e, const std::string& actor) {
  if (auto checked = check_event(e); !checked) return checked.failure();
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement taken(db_.sql(), "SELECT 1 FROM event WHERE slug = ?");
  taken.bind(1, e.slug);
  if (taken.executeStep())
    return coded_conflict("an event with the address /e/" + e.slug + " exists", "store.slug_taken",
                          {{"slug", e.slug}});
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
  if (old.purged)
    return coded_conflict("the event's personal data was purged; it can no longer change",
                          "store.event_purged");
  if (e.slug != old.slug) {
    SQLite::Statement taken(db_.sql(), "SELECT 1 FROM event WHERE slug = ? AND id <> ?");
    taken.bind(1, e.slug);
    taken.bind(2, e.id);
    if (taken.executeStep())
      return coded_conflict("an event with the address /e/" + e.slug + " exists", "store.slug_taken",
                            {{"slug", e.slug}});
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
      return coded_conflict(
          "the day, time zone, meeting length or changeover cannot change while "
          "meetings are placed; cancel or re-run them first",
          "store.grid_in_use");
  }
  std::string sets;
  for (const char* column : kWritten)
    sets += std::string(sets.empty() ? "" : ", ") + column + " = ?";
  SQLite::Statement update(db_.sql(), "UPDATE event SET " + sets + " WHERE id = ?");
  bind_written(update, e);
  update.bind(kWrittenCount + 1, e.id);
  update.exec();
  if (auto written = write_organisers(db_, e.id, e); !written) return written.failure();
  const auto [before, after] = changed_settings(old, e);
  append_audit(db_.sql(), db_.now(), actor, e.id, "event.update",
               "status " + std::string(to_string(e.status)), before, after);
  transaction.commit();
  return Done{};
}

std::vector<EventInfo> EventStore::list_for_organisation(std::int64_t organisation_id) {
  auto reading = db_.read();
  return read_events(db_,
                     "SELECT e.id FROM event e JOIN event_organiser o ON o.event_id = e.id "
                     "WHERE o.organisation_id = ? ORDER BY e.day DESC, e.id DESC",
                     organisation_id);
}

std::vector<EventInfo> EventStore::list_all() {
  auto reading = db_.read();
  return read_events(db_, "SELECT id FROM event ORDER BY day DESC, id DESC", std::nullopt);
}

std::vector<EventInfo> EventStore::list_public() {
  auto reading = db_.read();
  return read_events(db_,
                     "SELECT id FROM event WHERE status IN ('open', 'closed', 'scheduled', "
                     "'published') ORDER BY day, id",
                     std::nullopt);
}

StoreResult<EventInfo> EventStore::get(std::int64_t id) {
  auto reading = db_.read();
  return read_event(db_, "WHERE id = ?", "", id);
}

StoreResult<EventInfo> EventStore::find_by_slug(const std::string& slug) {
  auto reading = db_.read();
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

// Why event `id` cannot open for booking (a conflict naming the reason), or nullopt when it
// can. REQUIRES: the Db lock.
std::optional<StoreError> not_ready_to_open(Db& db, std::int64_t id, const EventInfo& event) {
  const std::string prefix = "the event cannot open for booking: ";
  if (!valid_day(event.day))
    return coded_conflict(prefix + "the event's day \"" + event.day + "\" is not a date",
                          "store.open_bad_day", {{"day", event.day}});
  auto day = load_day_locked(db, id);
  if (!day) return day.failure();
  if (day.value().windows.empty())
    return coded_conflict(prefix + "the event has no window for one-to-one meetings",
                          "store.open_no_window");
  if (day.value().panels.empty())
    return coded_conflict(prefix + "the event has no panel for suppliers to meet",
                          "store.open_no_panel");
  if (auto problem = core::setup_problem(day.value()))
    return coded_conflict(prefix + problem->text, "rule." + problem->code, problem->values);
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
    return coded_conflict(std::string("an event cannot go from ") + to_string(from) + " to " +
                              to_string(status),
                          "store.status_step", {{"from", to_string(from)}, {"to", to_string(status)}});
  if (status == EventStatus::kOpen)
    if (auto reason = not_ready_to_open(db_, id, current.value())) return *reason;
  SQLite::Statement update(db_.sql(), "UPDATE event SET status = ? WHERE id = ?");
  update.bind(1, to_string(status));
  update.bind(2, id);
  update.exec();
  append_audit(db_.sql(), db_.now(), actor, id, "event.status", to_string(status), to_string(from),
               to_string(status));
  transaction.commit();
  return Done{};
}

namespace {

// A room as the audit log shows it before and after a change: name, seats, digital.
std::string room_words(Db& db, std::int64_t room_id) {
  SQLite::Statement room(db.sql(), "SELECT name, seats, digital FROM room WHERE id = ?");
  room.bind(1, room_id);
  if (!room.executeStep()) return "";
  std::string words = room.getColumn(0).getString();
  if (!room.getColumn(1).isNull()) words += ", seats " + room.getColumn(1).getString();
  if (room.getColumn(2).getInt()) words += ", digital";
  return words;
}

// delete_room's and put_room's work inside the caller's transaction, for one room.
// REQUIRES: the Db lock, an open transaction, event `id` exists.
StoreResult<Done> delete_room_locked(Db& db, std::int64_t id, const std::string& key,
                                     const std::string& actor) {
  SQLite::Statement room(db.sql(), "SELECT id, name FROM room WHERE event_id = ? AND key = ?");
  room.bind(1, id);
  room.bind(2, key);
  if (!room.executeStep()) return not_found("no room " + key + " in this event");
  const std::int64_t room_id = room.getColumn(0).getInt64();
  const std::string name = room.getColumn(1).getString();
  SQLite::Statement home(db.sql(), "SELECT name FROM panel WHERE room_id = ? ORDER BY id");
  home.bind(1, room_id);
  if (home.executeStep())
    return coded_conflict("room \"" + name + "\" is the home room of panel \"" +
                              home.getColumn(0).getString() + "\"; choose another home room first",
                          "store.room_is_home", {{"key", key}, {"room", name}, {"panel", home.getColumn(0).getString()}});
  SQLite::Statement meetings(db.sql(),
                             "SELECT count(*) FILTER (WHERE status <> 'cancelled'), count(*) "
                             "FROM meeting WHERE room_id = ?");
  meetings.bind(1, room_id);
  meetings.executeStep();
  if (const int live = meetings.getColumn(0).getInt(); live > 0)
    return coded_conflict("room \"" + name + "\" holds " + std::to_string(live) +
                              (live == 1 ? " meeting" : " meetings") + "; move them first",
                          "store.room_has_meetings", {{"key", key}, {"room", name}, {"count", std::to_string(live)}});
  if (meetings.getColumn(1).getInt() > 0)
    return coded_conflict("room \"" + name + "\" is named in the event's meeting history and stays",
                          "store.room_in_history", {{"key", key}, {"room", name}});
  const std::string before = room_words(db, room_id);
  SQLite::Statement remove(db.sql(), "DELETE FROM room WHERE id = ?");
  remove.bind(1, room_id);
  remove.exec();
  append_audit(db.sql(), db.now(), actor, id, "room.delete", "room " + key, before, "");
  return Done{};
}

StoreResult<Done> put_room_locked(Db& db, std::int64_t id, const core::EventRoom& room,
                                  const std::string& actor) {
  if (room.key.empty() || room.key.size() > 64)
    return invalid("room key must be 1 to 64 characters");
  if (room.name.find_first_not_of(" \t") == std::string::npos)
    return invalid("room " + room.key + " has no name");
  if (room.seats && *room.seats < 1) return invalid("room " + room.key + " must seat at least 1");
  SQLite::Statement existing(db.sql(), "SELECT id FROM room WHERE event_id = ? AND key = ?");
  existing.bind(1, id);
  existing.bind(2, room.key);
  const std::string before = existing.executeStep() ? room_words(db, existing.getColumn(0).getInt64()) : "";
  SQLite::Statement upsert(
      db.sql(),
      "INSERT INTO room (event_id, key, name, seats, digital, link) VALUES (?,?,?,?,?,?) "
      "ON CONFLICT (event_id, key) DO UPDATE SET name = excluded.name, seats = excluded.seats, "
      "digital = excluded.digital, link = excluded.link RETURNING id");
  upsert.bind(1, id);
  upsert.bind(2, room.key);
  upsert.bind(3, room.name);
  detail::bind_optional(upsert, 4, room.seats);
  upsert.bind(5, room.digital ? 1 : 0);
  upsert.bind(6, room.link);
  upsert.executeStep();
  const std::int64_t room_id = upsert.getColumn(0).getInt64();
  upsert.reset();
  const std::string after = room_words(db, room_id);
  if (before != after)
    append_audit(db.sql(), db.now(), actor, id, "room.put", "room " + room.key, before, after);
  return Done{};
}

}  // namespace

StoreResult<Done> EventStore::delete_room(std::int64_t id, const std::string& key,
                                          const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  auto deleted = delete_room_locked(db_, id, key, actor);
  if (deleted) transaction.commit();
  return deleted;
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
    return coded_conflict("panel \"" + name + "\" has " + std::to_string(count) +
                              (count == 1 ? " meeting" : " meetings") + " in the schedule and stays",
                          "store.panel_has_meetings", {{"panel", name}, {"count", std::to_string(count)}});
  SQLite::Statement requests(db_.sql(), "SELECT count(*) FROM request_panel WHERE panel_id = ?");
  requests.bind(1, panel_id);
  requests.executeStep();
  if (const int count = requests.getColumn(0).getInt(); count > 0)
    return coded_conflict("panel \"" + name + "\" is asked for by " + std::to_string(count) +
                              (count == 1 ? " supplier" : " suppliers") + " and stays",
                          "store.panel_requested", {{"panel", name}, {"count", std::to_string(count)}});
  const std::string before = panel_words(db_, id, key);
  SQLite::Statement remove(db_.sql(), "DELETE FROM panel WHERE id = ?");
  remove.bind(1, panel_id);
  remove.exec();
  append_audit(db_.sql(), db_.now(), actor, id, "panel.delete", "panel " + key, before, "");
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
  const std::string before = programme_words(db_, id);
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
               std::to_string(items.size()) + " items", before, programme_words(db_, id));
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
  const std::string before = windows_words(db_, id);
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
               std::to_string(windows.size()) + " windows", before, windows_words(db_, id));
  transaction.commit();
  return Done{};
}

StoreResult<Done> EventStore::put_room(std::int64_t id, const core::EventRoom& room,
                                       const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  auto saved = put_room_locked(db_, id, room, actor);
  if (saved) transaction.commit();
  return saved;
}

StoreResult<Done> EventStore::save_rooms(std::int64_t id, const std::vector<std::string>& removed,
                                         const std::vector<core::EventRoom>& rooms,
                                         const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (auto found = require_event(db_, id); !found) return found;
  for (const std::string& key : removed)
    if (auto deleted = delete_room_locked(db_, id, key, actor); !deleted) return deleted;
  for (const core::EventRoom& room : rooms)
    if (auto saved = put_room_locked(db_, id, room, actor); !saved) return saved;
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
  const std::string before = panel_words(db_, id, panel.key);
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
               "panel " + panel.key + ", " + std::to_string(panel.members.size()) + " members",
               before, panel_words(db_, id, panel.key));
  transaction.commit();
  return Done{};
}

StoreResult<core::DaySetup> EventStore::load_day(std::int64_t id) {
  auto reading = db_.read();
  return load_day_locked(db_, id);
}

StoreResult<core::DaySetup> load_day_locked(Db& db, std::int64_t id) {
  auto event_prepared = db.prepare(
      "SELECT title, meeting_length, changeover, meetings_per_panel, "
      "max_break_spread FROM event WHERE id = ?");
  SQLite::Statement& event = *event_prepared;
  event.bind(1, id);
  if (!event.executeStep()) return not_found("no event " + std::to_string(id));
  core::DaySetup day;
  day.title = event.getColumn(0).getString();
  day.meeting_length = event.getColumn(1).getInt();
  day.changeover = event.getColumn(2).getInt();
  day.meetings_per_panel = event.getColumn(3).getInt();
  day.max_break_spread = detail::optional_int(event.getColumn(4));

  auto items_prepared = db.prepare(
      "SELECT start_min, end_min, title, speaker, kind, suppliers_attend "
      "FROM programme_item WHERE event_id = ? ORDER BY position");
  SQLite::Statement& items = *items_prepared;
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
  auto windows_prepared = db.prepare(
      "SELECT start_min, end_min, session FROM one_to_one_window "
      "WHERE event_id = ? ORDER BY start_min");
  SQLite::Statement& windows = *windows_prepared;
  windows.bind(1, id);
  while (windows.executeStep())
    day.windows.push_back({windows.getColumn(0).getInt(), windows.getColumn(1).getInt(),
                           windows.getColumn(2).getString()});

  auto rooms_prepared = db.prepare(
      "SELECT key, name, seats, digital, link FROM room WHERE event_id = ? "
      "ORDER BY id");
  SQLite::Statement& rooms = *rooms_prepared;
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
  auto panels_prepared = db.prepare(
      "SELECT p.id, p.key, p.name, p.municipalities, r.key FROM panel p "
      "LEFT JOIN room r ON r.id = p.room_id WHERE p.event_id = ? ORDER BY p.id");
  SQLite::Statement& panels = *panels_prepared;
  panels.bind(1, id);
  while (panels.executeStep()) {
    core::Panel panel;
    const std::int64_t panel_id = panels.getColumn(0).getInt64();
    panel.key = panels.getColumn(1).getString();
    panel.name = panels.getColumn(2).getString();
    panel.municipalities = detail::json_to_strings(panels.getColumn(3).getString());
    if (!panels.getColumn(4).isNull()) panel.room = panels.getColumn(4).getString();
    auto members_prepared = db.prepare(
        "SELECT s.person_key, s.name, m.role FROM panel_member m "
        "JOIN person s ON s.id = m.person_id WHERE m.panel_id = ? "
        "ORDER BY m.position");
    SQLite::Statement& members = *members_prepared;
    members.bind(1, panel_id);
    while (members.executeStep())
      panel.members.push_back({members.getColumn(0).getString(), members.getColumn(1).getString(),
                               from_text<core::Role>(kRoles, members.getColumn(2).getString())});
    day.panels.push_back(std::move(panel));
  }
  return day;
}

}  // namespace dialogdag::data
