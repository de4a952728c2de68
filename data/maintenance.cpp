#include "data/maintenance.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <filesystem>
#include <system_error>

#include "data/audit_log.h"
#include "data/crypto.h"

namespace dialogdag::data {
namespace fs = std::filesystem;

StoreResult<Done> backup_database(const std::string& source, const std::string& destination) {
  std::error_code ec;
  if (fs::exists(destination, ec))
    return conflict(destination + " exists already; a backup never overwrites a file");
  if (!fs::exists(source, ec)) return not_found(source + ": no such database");
  const std::string temporary = destination + ".partial-" + random_token().substr(0, 8);
  try {
    SQLite::Database from(source, SQLite::OPEN_READONLY);
    from.setBusyTimeout(kBusyTimeoutMs);
    {
      SQLite::Database to(temporary, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(to, from);
      // All pages in one step: one read transaction on the source, so one consistent snapshot;
      // in WAL mode the writers carry on meanwhile.
      const int rc = backup.executeStep(-1);
      if (rc != SQLITE_DONE) {
        fs::remove(temporary, ec);
        return invalid("backup of " + source + " did not complete (SQLite code " +
                       std::to_string(rc) + ")");
      }
    }
    SQLite::Database check(temporary, SQLite::OPEN_READWRITE);
    check.exec("PRAGMA journal_mode = DELETE");
    const std::string verdict = check.execAndGet("PRAGMA integrity_check").getString();
    if (verdict != "ok") {
      fs::remove(temporary, ec);
      return invalid("backup failed its integrity check: " + verdict);
    }
  } catch (const SQLite::Exception& e) {
    fs::remove(temporary, ec);
    return invalid(std::string("backup of ") + source + ": " + e.what());
  }
  fs::rename(temporary, destination, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return invalid("cannot write " + destination + ": " + ec.message());
  }
  return Done{};
}

StoreResult<PurgeReport> purge_event(Db& db, const std::string& slug, const std::string& actor) {
  PurgeReport report;
  auto guard = db.lock();
  {
    SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement event(db.sql(), "SELECT id FROM event WHERE slug = ?");
    event.bind(1, slug);
    if (!event.executeStep()) return not_found("no event \"" + slug + "\"");
    const std::int64_t id = event.getColumn(0).getInt64();
    const std::string stamp = format_instant(db.now());

    auto count = [&](const char* sql) {
      SQLite::Statement query(db.sql(), sql);
      query.bind(1, id);
      query.executeStep();
      return query.getColumn(0).getInt();
    };
    report.registrations = count("SELECT count(*) FROM registration WHERE event_id = ?");
    report.attendees = count(
        "SELECT count(*) FROM attendee a JOIN registration r ON r.id = a.registration_id "
        "WHERE r.event_id = ?");
    report.meetings =
        count("SELECT count(*) FROM meeting WHERE event_id = ? AND status <> 'cancelled'");

    auto run = [&](const char* sql) {
      SQLite::Statement statement(db.sql(), sql);
      statement.bind(1, id);
      statement.exec();
    };
    // Keep the counts from the first purge (a second one would count blanks, same numbers).
    SQLite::Statement record(db.sql(),
                             "INSERT INTO purge_record (event_id, registrations, attendees, "
                             "meetings, purged_at) VALUES (?,?,?,?,?) "
                             "ON CONFLICT (event_id) DO NOTHING");
    record.bind(1, id);
    record.bind(2, report.registrations);
    record.bind(3, report.attendees);
    record.bind(4, report.meetings);
    record.bind(5, stamp);
    record.exec();
    run("UPDATE registration SET company = '', orgnr = NULL, contact_name = '', email = '', "
        "phone = '', topics = '', purged = 1 WHERE event_id = ?1");
    run("UPDATE attendee SET name = '', role = '' WHERE registration_id IN "
        "(SELECT id FROM registration WHERE event_id = ?1)");
    run("UPDATE meeting_request SET unavailable = '[]', preferred = '[]' WHERE registration_id IN "
        "(SELECT id FROM registration WHERE event_id = ?1)");
    run("UPDATE minutes SET text = '' WHERE meeting_id IN "
        "(SELECT id FROM meeting WHERE event_id = ?1)");
    run("UPDATE qa_entry SET question = '', answer = '' WHERE event_id = ?1");
    run("UPDATE person SET name = '', email = '', phone = '', person_key = 'person-' || id "
        "WHERE event_id = ?1");
    run("UPDATE schedule_run SET instance_json = NULL, result_json = NULL WHERE event_id = ?1");
    run("UPDATE schedule_version SET meetings_json = NULL WHERE event_id = ?1");
    SQLite::Statement mark(db.sql(),
                           "UPDATE event SET purged_at = coalesce(purged_at, ?), "
                           "status = 'archived' WHERE id = ?");
    mark.bind(1, stamp);
    mark.bind(2, id);
    mark.exec();
    append_audit(db.sql(), db.now(), actor, id, "event.purge",
                 std::to_string(report.registrations) + " registrations, " +
                     std::to_string(report.attendees) + " attendees, " +
                     std::to_string(report.meetings) + " meetings anonymised");
    transaction.commit();
  }
  // The old values may still be in free pages, in the WAL, or in the unused tail of the WAL
  // file: rebuild the file and cut the WAL to zero bytes.
  db.sql().exec("VACUUM");
  SQLite::Statement checkpoint(db.sql(), "PRAGMA wal_checkpoint(TRUNCATE)");
  checkpoint.executeStep();
  report.wal_truncated = checkpoint.getColumn(0).getInt() == 0;
  return report;
}

}  // namespace dialogdag::data
