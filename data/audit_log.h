// The audit log: who did what to which event, when. Append-only (the database refuses UPDATE
// and DELETE on it). Entries carry ids, booking references and codes, never personal data, so
// the log survives a purge unchanged.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"

namespace dialogdag::data {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;     // UTC instant
  std::string actor;  // "user:3", "supplier:DK-7F3K-92QX", "cli", "system"
  std::optional<std::int64_t> event_id;
  std::string action;  // "registration.create", "meeting.lock", ...
  std::string detail;  // ids and codes, e.g. "meeting 12 -> 13:05 room namsen"
  std::string before;  // the value that changed as it was, e.g. "13:05, namsen" ("" = none
  std::string after;   // recorded, or nothing there); and as it became
};

// Appends one entry on `sql`, inside the caller's transaction (so the entry and the change it
// records commit or roll back together). REQUIRES: the caller holds the Db lock.
void append_audit(SQLite::Database& sql, Instant at, const std::string& actor,
                  std::optional<std::int64_t> event_id, const std::string& action,
                  const std::string& detail);
// The same with the changed value before and after (settings, moves, status, rooms, panels,
// publishing). Like `detail`, they hold no personal data of suppliers.
void append_audit(SQLite::Database& sql, Instant at, const std::string& actor,
                  std::optional<std::int64_t> event_id, const std::string& action,
                  const std::string& detail, const std::string& before, const std::string& after);

class AuditLog {
 public:
  explicit AuditLog(Db& db) : db_(db) {}

  // Appends in a transaction of its own.
  void append(const std::string& actor, std::optional<std::int64_t> event_id,
              const std::string& action, const std::string& detail);

  // The entries of one event (or all with nullopt), oldest first.
  std::vector<AuditEntry> entries(std::optional<std::int64_t> event_id);

 private:
  Db& db_;
};

}  // namespace dialogdag::data
