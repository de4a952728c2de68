#include "data/database.h"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <exception>

namespace dialogdag::data {
namespace {

int pragma_int(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

}  // namespace

StoreResult<int> migrate(SQLite::Database& db, const std::vector<Migration>& migrations) {
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  // Read inside the write transaction: two processes starting at once cannot both migrate.
  const int current = pragma_int(db, "user_version");
  if (current > latest)
    return invalid("the database has schema version " + std::to_string(current) +
                   ", newer than this program knows (" + std::to_string(latest) +
                   "); use a newer dialogdag; the file was not changed");
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    db.exec(migration.sql);
    db.exec("PRAGMA user_version = " + std::to_string(migration.version));
  }
  if (current < latest) {
    // Every foreign key must still hold after the upgrade.
    SQLite::Statement check(db, "PRAGMA foreign_key_check");
    if (check.executeStep())
      return invalid("migration to schema version " + std::to_string(latest) +
                     " breaks a foreign key in table " + check.getColumn(0).getString() +
                     "; the file was not changed");
  }
  transaction.commit();
  return latest;
}

StoreResult<std::unique_ptr<Db>> Db::open(const std::string& path) {
  return open(path, schema_migrations());
}

StoreResult<std::unique_ptr<Db>> Db::open(const std::string& path,
                                          const std::vector<Migration>& migrations) {
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.setBusyTimeout(kBusyTimeoutMs);
    // Look before touching: journal_mode=WAL would rewrite the header of a file we refuse.
    const int version = pragma_int(db, "user_version");
    const int application = pragma_int(db, "application_id");
    if (version > latest)
      return invalid(path + ": the database has schema version " + std::to_string(version) +
                     ", newer than this program knows (" + std::to_string(latest) +
                     "); use a newer dialogdag; the file was not changed");
    const bool has_tables =
        db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").getInt() > 0;
    if ((version > 0 || has_tables) && application != kApplicationId)
      return invalid(path +
                     ": not a dialogdag database (another application's SQLite file); "
                     "the file was not changed");

    const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal") return invalid(path + ": cannot use write-ahead logging (" + mode + ")");
    db.exec("PRAGMA synchronous = FULL");  // see database.h: a confirmed booking survives
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA secure_delete = ON");  // deleted values are overwritten, not just unlinked

    // A current schema needs no write transaction, so a file this process may only read
    // still opens (see open()).
    if (version < latest) {
      auto migrated = migrate(db, migrations);
      if (!migrated) return StoreError{migrated.kind(), path + ": " + migrated.error()};
    }
    return std::unique_ptr<Db>(new Db(path, std::move(db)));
  } catch (const SQLite::Exception& e) {
    return invalid(path + ": " + e.what());
  }
}

bool is_storage_unavailable(const std::exception& error) {
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&error);
  if (!sqlite) return false;
  switch (sqlite->getErrorCode() & 0xff) {  // the primary code of an extended one
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return true;
    default:
      return false;
  }
}

SQLite::Database Db::open_reader() const {
  SQLite::Database reader(path_, SQLite::OPEN_READONLY);
  reader.setBusyTimeout(kBusyTimeoutMs);
  return reader;
}

Instant Db::now() const {
  if (clock_) return clock_();
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

int Db::schema_version() {
  auto guard = lock();
  return pragma_int(db_, "user_version");
}

}  // namespace dialogdag::data
