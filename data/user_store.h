// Staff users and their sessions. Passwords are kept only as Argon2id hashes; session tokens
// are handed out once and kept only as digests. Neither is ever logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"
#include "data/organisation_store.h"

namespace dialogdag::data {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::optional<std::int64_t> organisation_id;  // absent only for an admin
  bool admin = false;
};

struct NewUser {
  std::string email;
  std::string name;
  std::string password;  // clear text, only in memory; at least kMinPasswordLength bytes
  std::optional<std::int64_t> organisation_id;
  bool admin = false;
};

inline constexpr std::size_t kMinPasswordLength = 10;

struct Session {
  std::string token;  // give to the browser; the database has only its digest
  Instant expires_at;
};

class UserStore {
 public:
  explicit UserStore(Db& db) : db_(db) {}

  // kInvalid: implausible e-mail, empty name, short password, neither organisation nor admin;
  // kConflict: the e-mail (case-insensitive) has a user; kNotFound: no such organisation.
  StoreResult<std::int64_t> create(const NewUser& user, const std::string& actor);
  // Creates `organisation` and `user` as its organiser (user.organisation_id is ignored) in one
  // transaction: both or neither. Failures as create() and OrganisationStore::create()
  // (kConflict also when the organisation's name or number exists).
  StoreResult<std::int64_t> create_in_new_organisation(const NewUser& user,
                                                       const Organisation& organisation,
                                                       const std::string& actor);

  // The user whose e-mail and password match. Unknown e-mail and wrong password give the same
  // kNotFound "wrong e-mail or password" after the same amount of work.
  StoreResult<User> authenticate(const std::string& email, const std::string& password);

  StoreResult<User> get(std::int64_t id);
  // The user with that e-mail (case-insensitive), disabled or not; kNotFound when none.
  StoreResult<User> find_by_email(const std::string& email);
  // Every staff user, by name.
  std::vector<User> list();

  // Replaces the password of `user_id` (kInvalid: shorter than kMinPasswordLength; kNotFound:
  // no such user) and ends every session of the user except `keep_session` (a token), so that
  // a password change throws out whoever else was logged in with the old one.
  StoreResult<Done> set_password(std::int64_t user_id, const std::string& password,
                                 const std::string& actor,
                                 const std::optional<std::string>& keep_session);

  // A new session for `user_id` that lasts `lifetime` from now.
  StoreResult<Session> create_session(std::int64_t user_id, std::chrono::seconds lifetime);
  // The user of a live session; kNotFound when the token is unknown or expired.
  StoreResult<User> session_user(const std::string& token);
  // Logs out (deleting an unknown token is not an error). Also drops expired sessions.
  void end_session(const std::string& token);

 private:
  Db& db_;
};

}  // namespace dialogdag::data
