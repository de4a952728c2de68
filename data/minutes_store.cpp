#include "data/minutes_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <nlohmann/json.hpp>

#include "data/audit_log.h"
#include "data/sql_util.h"

namespace dialogdag::data {
namespace {

constexpr const char* kMinutesTemplate = "dialogdag-minutes/1";

QaEntry read_entry(SQLite::Statement& query) {
  QaEntry entry;
  entry.id = query.getColumn(0).getInt64();
  if (!query.getColumn(1).isNull()) entry.meeting_id = query.getColumn(1).getInt64();
  entry.question = query.getColumn(2).getString();
  entry.answer = query.getColumn(3).getString();
  entry.shared_with_all = query.getColumn(4).getInt() != 0;
  entry.created_at = query.getColumn(5).getString();
  if (!query.getColumn(6).isNull()) entry.shared_at = query.getColumn(6).getString();
  return entry;
}

}  // namespace

std::string minutes_to_text(const MeetingMinutes& minutes) {
  nlohmann::ordered_json out;
  out["template"] = kMinutesTemplate;
  out["presented"] = minutes.presented;
  out["questions"] = minutes.questions;
  out["follow_up"] = minutes.follow_up;
  return out.dump();
}

MeetingMinutes minutes_from_text(const std::string& text) {
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_object() || parsed.value("template", "") != kMinutesTemplate)
    return {text, "", ""};
  auto field = [&](const char* name) {
    const auto found = parsed.find(name);
    return found != parsed.end() && found->is_string() ? found->get<std::string>() : "";
  };
  return {field("presented"), field("questions"), field("follow_up")};
}

StoreResult<Done> MinutesStore::write_minutes(std::int64_t meeting_id,
                                              const MeetingMinutes& minutes,
                                              std::optional<std::int64_t> by,
                                              const std::string& actor) {
  return write(meeting_id, minutes_to_text(minutes), by, actor);
}

StoreResult<MeetingMinutes> MinutesStore::read_minutes(std::int64_t meeting_id) {
  auto text = read(meeting_id);
  if (!text) return text.failure();
  return minutes_from_text(text.value());
}

StoreResult<Done> MinutesStore::write(std::int64_t meeting_id, const std::string& text,
                                      std::optional<std::int64_t> by, const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement meeting(db_.sql(), "SELECT event_id FROM meeting WHERE id = ?");
  meeting.bind(1, meeting_id);
  if (!meeting.executeStep()) return not_found("no meeting " + std::to_string(meeting_id));
  const std::int64_t event_id = meeting.getColumn(0).getInt64();
  SQLite::Statement upsert(db_.sql(),
                           "INSERT INTO minutes (meeting_id, text, written_by, updated_at) "
                           "VALUES (?,?,?,?) ON CONFLICT (meeting_id) DO UPDATE SET "
                           "text = excluded.text, written_by = excluded.written_by, "
                           "updated_at = excluded.updated_at");
  upsert.bind(1, meeting_id);
  upsert.bind(2, text);
  if (by) upsert.bind(3, *by);
  upsert.bind(4, format_instant(db_.now()));
  upsert.exec();
  append_audit(
      db_.sql(), db_.now(), actor, event_id, "minutes.write",
      "meeting " + std::to_string(meeting_id) + ", " + std::to_string(text.size()) + " bytes");
  transaction.commit();
  return Done{};
}

StoreResult<std::string> MinutesStore::read(std::int64_t meeting_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), "SELECT text FROM minutes WHERE meeting_id = ?");
  query.bind(1, meeting_id);
  if (!query.executeStep())
    return not_found("no minutes for meeting " + std::to_string(meeting_id));
  return query.getColumn(0).getString();
}

StoreResult<std::int64_t> MinutesStore::add_question(
    std::int64_t event_id, std::optional<std::int64_t> meeting_id, const std::string& question,
    const std::string& answer, std::optional<std::int64_t> by, const std::string& actor) {
  if (question.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid("question: the question is empty");
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement event(db_.sql(), "SELECT 1 FROM event WHERE id = ?");
  event.bind(1, event_id);
  if (!event.executeStep()) return not_found("no event " + std::to_string(event_id));
  SQLite::Statement insert(db_.sql(),
                           "INSERT INTO qa_entry (event_id, meeting_id, question, answer, "
                           "written_by, created_at) VALUES (?,?,?,?,?,?)");
  insert.bind(1, event_id);
  if (meeting_id) insert.bind(2, *meeting_id);
  insert.bind(3, question);
  insert.bind(4, answer);
  if (by) insert.bind(5, *by);
  insert.bind(6, format_instant(db_.now()));
  try {
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (!detail::is_constraint_violation(e)) throw;
    return not_found("meeting " + std::to_string(meeting_id.value_or(0)) + " is not in this event");
  }
  const std::int64_t id = db_.sql().getLastInsertRowid();
  append_audit(db_.sql(), db_.now(), actor, event_id, "qa.add", "entry " + std::to_string(id));
  transaction.commit();
  return id;
}

StoreResult<Done> MinutesStore::share_with_all(std::int64_t entry_id, const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement update(db_.sql(),
                           "UPDATE qa_entry SET shared_with_all = 1, "
                           "shared_at = coalesce(shared_at, ?) WHERE id = ? RETURNING event_id");
  update.bind(1, format_instant(db_.now()));
  update.bind(2, entry_id);
  if (!update.executeStep()) return not_found("no question " + std::to_string(entry_id));
  const std::int64_t event_id = update.getColumn(0).getInt64();
  update.reset();
  append_audit(db_.sql(), db_.now(), actor, event_id, "qa.share",
               "entry " + std::to_string(entry_id));
  transaction.commit();
  return Done{};
}

std::vector<QaEntry> MinutesStore::shared(std::int64_t event_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(),
                          "SELECT id, meeting_id, question, answer, shared_with_all, created_at, "
                          "shared_at FROM qa_entry WHERE event_id = ? AND shared_with_all = 1 "
                          "ORDER BY id");
  query.bind(1, event_id);
  std::vector<QaEntry> entries;
  while (query.executeStep()) entries.push_back(read_entry(query));
  return entries;
}

std::vector<QaEntry> MinutesStore::entries(std::int64_t event_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(),
                          "SELECT id, meeting_id, question, answer, shared_with_all, created_at, "
                          "shared_at FROM qa_entry WHERE event_id = ? ORDER BY id");
  query.bind(1, event_id);
  std::vector<QaEntry> entries;
  while (query.executeStep()) entries.push_back(read_entry(query));
  return entries;
}

}  // namespace dialogdag::data
