// Whole responses of public pages that are the same for every visitor (the event page per
// language, the event JSON), kept until the database changes. A hit costs a look at
// Db::data_generation() and a copy; the exactness is the database's: an entry is used only while
// no write has been committed since it was rendered, so an answer given after a write returned
// always shows that write.
//
// Never for a response that carries anything of one visitor (a CSRF token, a cookie, a booking).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "data/database.h"
#include "data/time.h"
#include "web/server.h"

namespace dialogdag::web {

// What a page renders: the response, and the moment it goes out of date without any write
// (e.g. when registration opens or closes, for a page that says whether it is open).
struct Rendered {
  Response response;
  std::optional<data::Instant> valid_until;
};

class ResponseCache {
 public:
  // At most this many entries; when full, all are dropped (keys are few: one per public event
  // and language, so this happens only to a client inventing keys).
  static constexpr std::size_t kMaxEntries = 1024;

  explicit ResponseCache(data::Db& db);
  ~ResponseCache();
  ResponseCache(ResponseCache&&) noexcept;

  // The response for `key`: the stored one if the database has not changed since it was
  // rendered and its valid_until has not passed (Db::now()), else render()'s, which is stored
  // when its status is 200. Thread-safe; render() runs outside any lock of the cache, so two
  // threads may render the same key at once.
  Response serve(const std::string& key, const std::function<Rendered()>& render);

 private:
  struct State;
  data::Db* db_;
  std::unique_ptr<State> state_;
};

}  // namespace dialogdag::web
