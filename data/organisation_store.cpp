#include "data/organisation_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "data/audit_log.h"
#include "data/sql_util.h"
#include "scheduler/validation.h"

namespace dialogdag::data {
namespace {

constexpr const char* kColumns = "SELECT id, name, orgnr, kind FROM organisation ";

Organisation read_row(SQLite::Statement& query) {
  Organisation organisation;
  organisation.id = query.getColumn(0).getInt64();
  organisation.name = query.getColumn(1).getString();
  if (!query.getColumn(2).isNull()) organisation.orgnr = query.getColumn(2).getString();
  organisation.municipality = query.getColumn(3).getString() == "municipality";
  return organisation;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Characters, not bytes: the schema's length() counts characters of UTF-8 text.
std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (const unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace

StoreResult<std::int64_t> create_organisation_locked(Db& db, const Organisation& input,
                                                     const std::string& actor) {
  Organisation organisation = input;
  organisation.name = trimmed(organisation.name);
  if (organisation.name.empty()) return invalid("organisation name is empty");
  if (characters(organisation.name) > kMaxOrganisationName)
    return invalid("organisation name is longer than " + std::to_string(kMaxOrganisationName) +
                   " characters");
  if (organisation.orgnr) {
    auto normal = core::normalise_orgnr(*organisation.orgnr);
    if (!normal) return invalid("organisation number \"" + *organisation.orgnr + "\" is not valid");
    organisation.orgnr = *normal;
  }
  SQLite::Statement exists(
      db.sql(), "SELECT 1 FROM organisation WHERE name = ? OR (? IS NOT NULL AND orgnr = ?)");
  exists.bind(1, organisation.name);
  detail::bind_optional(exists, 2, organisation.orgnr);
  detail::bind_optional(exists, 3, organisation.orgnr);
  if (exists.executeStep())
    return conflict("organisation \"" + organisation.name + "\" (or its number) exists already");
  SQLite::Statement statement(
      db.sql(), "INSERT INTO organisation (name, orgnr, kind, created_at) VALUES (?, ?, ?, ?)");
  statement.bind(1, organisation.name);
  detail::bind_optional(statement, 2, organisation.orgnr);
  statement.bind(3, organisation.municipality ? "municipality" : "other");
  statement.bind(4, format_instant(db.now()));
  statement.exec();
  const std::int64_t id = db.sql().getLastInsertRowid();
  append_audit(db.sql(), db.now(), actor, std::nullopt, "organisation.create",
               "organisation " + std::to_string(id));
  return id;
}

StoreResult<std::int64_t> OrganisationStore::create(const Organisation& organisation,
                                                    const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  auto id = create_organisation_locked(db_, organisation, actor);
  if (id) transaction.commit();
  return id;
}

StoreResult<std::int64_t> OrganisationStore::find_or_create(const std::string& name,
                                                            const std::string& actor) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement query(db_.sql(), "SELECT id FROM organisation WHERE name = ?");
  query.bind(1, trimmed(name));
  if (query.executeStep()) return query.getColumn(0).getInt64();
  Organisation organisation;
  organisation.name = name;
  auto id = create_organisation_locked(db_, organisation, actor);
  if (id) transaction.commit();
  return id;
}

StoreResult<Organisation> OrganisationStore::get(std::int64_t id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return not_found("no organisation " + std::to_string(id));
  return read_row(query);
}

StoreResult<Organisation> OrganisationStore::find_by_name(const std::string& name) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) + "WHERE name = ?");
  query.bind(1, trimmed(name));
  if (!query.executeStep()) return not_found("no organisation \"" + name + "\"");
  return read_row(query);
}

std::vector<Organisation> OrganisationStore::all() {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) + "ORDER BY name");
  std::vector<Organisation> result;
  while (query.executeStep()) result.push_back(read_row(query));
  return result;
}

}  // namespace dialogdag::data
