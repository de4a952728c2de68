// Result<T>: a value or a one-line error message, for failures that are expected (bad input,
// infeasible requests). Exceptions are kept for bugs and caught at the program's edge.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace dialogdag {

struct Error {
  std::string message;  // one line, names the field and the thing it belongs to
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}       // NOLINT: implicit on purpose
  Result(Error error) : state_(std::move(error)) {}   // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  // REQUIRES: !ok()
  const std::string& error() const { return std::get<Error>(state_).message; }

 private:
  std::variant<T, Error> state_;
};

}  // namespace dialogdag
