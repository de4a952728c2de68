#include "data/user_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "data/audit_log.h"
#include "data/crypto.h"
#include "data/sql_util.h"
#include "scheduler/validation.h"

namespace dialogdag::data {
namespace {

constexpr const char* kColumns =
    "SELECT u.id, u.email, u.name, u.organisation_id, u.is_admin FROM staff_user u ";

User read_row(SQLite::Statement& query) {
  User user;
  user.id = query.getColumn(0).getInt64();
  user.email = query.getColumn(1).getString();
  user.name = query.getColumn(2).getString();
  if (!query.getColumn(3).isNull()) user.organisation_id = query.getColumn(3).getInt64();
  user.admin = query.getColumn(4).getInt() != 0;
  return user;
}

// A hash to verify against when the e-mail is unknown, so both failures cost the same.
const std::string& dummy_hash() {
  static const std::string hash = hash_password("dialogdag: no such user");
  return hash;
}

}  // namespace

namespace {

StoreResult<Done> check_new_user(const NewUser& user) {
  if (!core::plausible_email(user.email))
    return invalid("e-mail \"" + user.email + "\" does not look like an e-mail address");
  if (user.name.find_first_not_of(" \t") == std::string::npos) return invalid("name is empty");
  if (user.password.size() < kMinPasswordLength)
    return invalid("password is shorter than " + std::to_string(kMinPasswordLength) +
                   " characters");
  return Done{};
}

// REQUIRES: the Db lock, inside a transaction (the caller commits); check_new_user(user) ok.
StoreResult<std::int64_t> insert_user(Db& db, const NewUser& user, const std::string& hash,
                                      const std::string& actor) {
  SQLite::Statement taken(db.sql(), "SELECT 1 FROM staff_user WHERE email = ?");
  taken.bind(1, user.email);
  if (taken.executeStep()) return conflict("a staff user with e-mail " + user.email + " exists");
  if (user.organisation_id) {
    SQLite::Statement org(db.sql(), "SELECT 1 FROM organisation WHERE id = ?");
    org.bind(1, *user.organisation_id);
    if (!org.executeStep())
      return not_found("no organisation " + std::to_string(*user.organisation_id));
  }
  SQLite::Statement insert(db.sql(),
                           "INSERT INTO staff_user (email, name, password_hash, organisation_id, "
                           "is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, user.email);
  insert.bind(2, user.name);
  insert.bind(3, hash);
  if (user.organisation_id) insert.bind(4, *user.organisation_id);
  insert.bind(5, user.admin ? 1 : 0);
  insert.bind(6, format_instant(db.now()));
  insert.exec();
  const std::int64_t id = db.sql().getLastInsertRowid();
  append_audit(db.sql(), db.now(), actor, std::nullopt, "user.create",
               "user " + std::to_string(id) + (user.admin ? " admin" : ""));
  return id;
}

}  // namespace

StoreResult<std::int64_t> UserStore::create(const NewUser& user, const std::string& actor) {
  if (auto checked = check_new_user(user); !checked) return checked.failure();
  if (!user.admin && !user.organisation_id)
    return invalid("a staff user who is not an admin needs an organisation");
  const std::string hash = hash_password(user.password);  // slow: outside the lock

  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  auto id = insert_user(db_, user, hash, actor);
  if (id) transaction.commit();
  return id;
}

StoreResult<std::int64_t> UserStore::create_in_new_organisation(const NewUser& input,
                                                                const Organisation& organisation,
                                                                const std::string& actor) {
  if (auto checked = check_new_user(input); !checked) return checked.failure();
  const std::string hash = hash_password(input.password);  // slow: outside the lock

  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  auto organisation_id = create_organisation_locked(db_, organisation, actor);
  if (!organisation_id) return organisation_id.failure();
  NewUser user = input;
  user.organisation_id = organisation_id.value();
  auto id = insert_user(db_, user, hash, actor);
  if (id) transaction.commit();
  return id;
}

StoreResult<User> UserStore::authenticate(const std::string& email, const std::string& password) {
  std::optional<User> user;
  std::string hash;
  {
    auto guard = db_.lock();
    SQLite::Statement query(
        db_.sql(),
        "SELECT u.id, u.email, u.name, u.organisation_id, u.is_admin, "
        "u.password_hash FROM staff_user u WHERE u.email = ? AND u.disabled = 0");
    query.bind(1, email);
    if (query.executeStep()) {
      user = read_row(query);
      hash = query.getColumn(5).getString();
    }
  }
  // Verify outside the lock: Argon2id takes tens of milliseconds on purpose.
  const bool match = verify_password(user ? hash : dummy_hash(), password);
  if (!user || !match) return not_found("wrong e-mail or password");
  return *user;
}

StoreResult<User> UserStore::get(std::int64_t id) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) + "WHERE u.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return not_found("no staff user " + std::to_string(id));
  return read_row(query);
}

StoreResult<User> UserStore::find_by_email(const std::string& email) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) + "WHERE u.email = ?");
  query.bind(1, email);
  if (!query.executeStep()) return not_found("no staff user with e-mail " + email);
  return read_row(query);
}

std::vector<User> UserStore::list() {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) + "ORDER BY u.name, u.id");
  std::vector<User> users;
  while (query.executeStep()) users.push_back(read_row(query));
  return users;
}

StoreResult<Done> UserStore::set_password(std::int64_t user_id, const std::string& password,
                                          const std::string& actor,
                                          const std::optional<std::string>& keep_session) {
  if (password.size() < kMinPasswordLength)
    return invalid("password is shorter than " + std::to_string(kMinPasswordLength) +
                   " characters");
  const std::string hash = hash_password(password);  // slow: outside the lock

  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement update(db_.sql(), "UPDATE staff_user SET password_hash = ? WHERE id = ?");
  update.bind(1, hash);
  update.bind(2, user_id);
  if (update.exec() == 0) return not_found("no staff user " + std::to_string(user_id));
  SQLite::Statement others(db_.sql(),
                           "DELETE FROM staff_session WHERE user_id = ? AND token_hash != ?");
  others.bind(1, user_id);
  others.bind(2, keep_session ? token_digest(*keep_session) : std::string());
  others.exec();
  append_audit(db_.sql(), db_.now(), actor, std::nullopt, "user.password",
               "user " + std::to_string(user_id));
  transaction.commit();
  return Done{};
}

StoreResult<Session> UserStore::create_session(std::int64_t user_id,
                                               std::chrono::seconds lifetime) {
  if (lifetime <= std::chrono::seconds{0}) return invalid("session lifetime must be positive");
  Session session{random_token(), db_.now() + lifetime};
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement user(db_.sql(), "SELECT 1 FROM staff_user WHERE id = ? AND disabled = 0");
  user.bind(1, user_id);
  if (!user.executeStep()) return not_found("no staff user " + std::to_string(user_id));
  SQLite::Statement insert(
      db_.sql(),
      "INSERT INTO staff_session (token_hash, user_id, created_at, expires_at) "
      "VALUES (?, ?, ?, ?)");
  insert.bind(1, token_digest(session.token));
  insert.bind(2, user_id);
  insert.bind(3, format_instant(db_.now()));
  insert.bind(4, format_instant(session.expires_at));
  insert.exec();
  transaction.commit();
  return session;
}

StoreResult<User> UserStore::session_user(const std::string& token) {
  auto reading = db_.read();
  SQLite::Statement query(db_.sql(), std::string(kColumns) +
                                         "JOIN staff_session s ON s.user_id = u.id "
                                         "WHERE s.token_hash = ? AND s.expires_at > ? "
                                         "AND u.disabled = 0");
  query.bind(1, token_digest(token));
  query.bind(2, format_instant(db_.now()));
  if (!query.executeStep()) return not_found("no such session, or it has expired");
  return read_row(query);
}

void UserStore::end_session(const std::string& token) {
  auto guard = db_.lock();
  SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement remove(db_.sql(),
                           "DELETE FROM staff_session WHERE token_hash = ? OR expires_at <= ?");
  remove.bind(1, token_digest(token));
  remove.bind(2, format_instant(db_.now()));
  remove.exec();
  transaction.commit();
}

}  // namespace dialogdag::data
