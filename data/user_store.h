// Staff users and their sessions. Passwords are kept only as Argon2id hashes; session tokens
// are handed out once and kept only as digests. Neither is ever logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "data/database.h"

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

  // The user whose e-mail and password match. Unknown e-mail and wrong password give the same
  // kNotFound "wrong e-mail or password" after the same amount of work.
  StoreResult<User> authenticate(const std::string& email, const std::string& password);

  StoreResult<User> get(std::int64_t id);

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
