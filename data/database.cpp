#include "data/database.h"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <exception>
#include <utility>

namespace dialogdag::data {
namespace {

int pragma_int(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

bool names_a_file(const std::string& path) {
  return !path.empty() && path != ":memory:" && path.rfind("file::memory:", 0) != 0;
}

}  // namespace

// A connection with its prepared statements (destroyed before it).
struct Db::Connection {
  struct Cached {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
  };

  explicit Connection(SQLite::Database database) : db(std::move(database)) {}

  // Runs a statement without results through the cache ("BEGIN", "COMMIT").
  void run(const std::string& sql) {
    auto& cached = statements[sql];
    if (!cached.statement) cached.statement = std::make_unique<SQLite::Statement>(db, sql);
    cached.statement->exec();
    cached.statement->reset();
  }

  SQLite::Database db;
  std::unordered_map<std::string, Cached> statements;
  std::int64_t data_version = -1;  // a reader's last PRAGMA data_version; -1 before the first
};

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

Db::Db(std::string path, SQLite::Database db)
    : path_(std::move(path)),
      has_file_(names_a_file(path_)),
      writer_(std::make_unique<Connection>(std::move(db))) {}

Db::~Db() = default;

SQLite::Database Db::open_reader() const {
  SQLite::Database reader(path_, SQLite::OPEN_READONLY);
  reader.setBusyTimeout(kBusyTimeoutMs);
  return reader;
}

Db::CurrentRead& Db::current_read() {
  thread_local CurrentRead current;
  return current;
}

std::unique_ptr<Db::Connection> Db::take_reader() {
  {
    std::lock_guard guard(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  auto reader = std::make_unique<Connection>(open_reader());
  reader->db.exec("PRAGMA secure_delete = ON");  // as the writer, though this one never writes
  return reader;
}

void Db::give_back(std::unique_ptr<Connection> reader) {
  std::lock_guard guard(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
}

Db::Reading Db::read() { return Reading(*this); }

Db::Reading::Reading(Db& db) : db_(db) {
  CurrentRead& current = current_read();
  if (current.db == &db) return;  // joins the outer read()
  if (db.has_file_) {
    reader_ = db.take_reader();
    reader_->run("BEGIN");  // deferred: the snapshot is taken at the first read
  } else {
    writer_lock_ = db.lock();
  }
  outermost_ = true;
  outer_ = current;
  current = {&db, reader_ ? reader_.get() : db.writer_.get()};
}

Db::Reading::~Reading() {
  if (!outermost_) return;
  current_read() = outer_;
  if (!reader_) return;
  try {
    reader_->run("COMMIT");  // ends the read transaction: the WAL may be checkpointed past it
    db_.give_back(std::move(reader_));
  } catch (const SQLite::Exception&) {
    // A connection whose transaction would not end is not reused; closing it ends it.
  }
}

SQLite::Database& Db::sql() {
  const CurrentRead& current = current_read();
  return current.db == this ? current.connection->db : writer_->db;
}

Db::Prepared Db::prepare(const std::string& sql) {
  const CurrentRead& current = current_read();
  Connection& connection = current.db == this ? *current.connection : *writer_;
  auto& cached = connection.statements[sql];
  if (cached.in_use) return Prepared(std::make_unique<SQLite::Statement>(connection.db, sql));
  if (!cached.statement) cached.statement = std::make_unique<SQLite::Statement>(connection.db, sql);
  cached.in_use = true;
  return Prepared(cached.statement.get(), &cached.in_use);
}

Db::Prepared::~Prepared() {
  if (!in_use_) return;
  statement_->tryReset();  // ends its read, so no snapshot is held past the handle
  statement_->clearBindings();
  *in_use_ = false;
}

std::uint64_t Db::data_generation() {
  // A database without a file has no second connection to ask: every call is a new number, so
  // nothing is reused.
  if (!has_file_) return generation_.fetch_add(1) + 1;
  auto reader = take_reader();
  std::int64_t version = 0;
  {
    auto& cached = reader->statements["PRAGMA data_version"];
    if (!cached.statement)
      cached.statement = std::make_unique<SQLite::Statement>(reader->db, "PRAGMA data_version");
    cached.statement->executeStep();
    version = cached.statement->getColumn(0).getInt64();
    cached.statement->reset();
  }
  // data_version changes on a connection when another one committed since its last call: the
  // first look through each reader after a commit moves the generation on.
  if (version != reader->data_version) {
    reader->data_version = version;
    ++generation_;
  }
  give_back(std::move(reader));
  return generation_.load();
}

Instant Db::now() const {
  if (clock_) return clock_();
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

int Db::schema_version() {
  auto guard = lock();
  return pragma_int(writer_->db, "user_version");
}

}  // namespace dialogdag::data
