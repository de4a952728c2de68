#include "data/audit_log.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace dialogdag::data {

void append_audit(SQLite::Database& sql, Instant at, const std::string& actor,
                  std::optional<std::int64_t> event_id, const std::string& action,
                  const std::string& detail) {
  append_audit(sql, at, actor, event_id, action, detail, "", "");
}

void append_audit(SQLite::Database& sql, Instant at, const std::string& actor,
                  std::optional<std::int64_t> event_id, const std::string& action,
                  const std::string& detail, const std::string& before, const std::string& after) {
  SQLite::Statement insert(sql,
                           "INSERT INTO audit_log (at, actor, event_id, action, detail, value_before, "
                           "value_after) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, format_instant(at));
  insert.bind(2, actor);
  if (event_id) insert.bind(3, *event_id);
  insert.bind(4, action);
  insert.bind(5, detail);
  insert.bind(6, before);
  insert.bind(7, after);
  insert.exec();
}

void AuditLog::append(const std::string& actor, std::optional<std::int64_t> event_id,
                      const std::string& action, const std::string& detail) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  append_audit(db_.sql(), db_.now(), actor, event_id, action, detail);
  transaction.commit();
}

std::vector<AuditEntry> AuditLog::entries(std::optional<std::int64_t> event_id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(),
                          "SELECT id, at, actor, event_id, action, detail, value_before, value_after FROM audit_log "
                          "WHERE ?1 IS NULL OR event_id = ?1 ORDER BY id");
  if (event_id) query.bind(1, *event_id);
  std::vector<AuditEntry> entries;
  while (query.executeStep()) {
    AuditEntry entry;
    entry.id = query.getColumn(0).getInt64();
    entry.at = query.getColumn(1).getString();
    entry.actor = query.getColumn(2).getString();
    if (!query.getColumn(3).isNull()) entry.event_id = query.getColumn(3).getInt64();
    entry.action = query.getColumn(4).getString();
    entry.detail = query.getColumn(5).getString();
    entry.before = query.getColumn(6).getString();
    entry.after = query.getColumn(7).getString();
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace dialogdag::data
