// StoreResult<T>: a value, or an expected failure of the storage layer with its kind, so that
// callers can answer "not found" (404), "conflict" (409) and "invalid" (422) differently.
// Exceptions (SQLite::Exception and others) are kept for what is not expected: a broken disk, a
// database that stays locked past the busy timeout, bugs. They are caught at the program's edge.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dialogdag::data {

enum class Failure {
  kNotFound,  // no such row (or not visible to the caller)
  kConflict,  // a uniqueness rule: the slot is taken, the orgnr is registered, ...
  kInvalid,   // the input breaks a rule of the domain, or the file is not usable
};

struct StoreError {
  Failure kind = Failure::kInvalid;
  std::string message;  // one line a person can act on; never another supplier's details
  // For the failures a page shows: a stable code naming the rule ("" when there is none) and
  // the named values of the sentence, so that the page can say it in its own language.
  std::string code = {};
  std::vector<std::pair<std::string, std::string>> values = {};
};

inline StoreError not_found(std::string message) {
  return {Failure::kNotFound, std::move(message)};
}
inline StoreError conflict(std::string message) { return {Failure::kConflict, std::move(message)}; }
inline StoreError invalid(std::string message) { return {Failure::kInvalid, std::move(message)}; }

// The value of a StoreResult<Done>: the operation happened.
struct Done {};

template <class T>
class StoreResult {
 public:
  StoreResult(T value) : state_(std::move(value)) {}           // NOLINT: implicit on purpose
  StoreResult(StoreError error) : state_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  // REQUIRES: !ok()
  const StoreError& failure() const { return std::get<StoreError>(state_); }
  Failure kind() const { return failure().kind; }
  const std::string& error() const { return failure().message; }

 private:
  std::variant<T, StoreError> state_;
};

}  // namespace dialogdag::data
