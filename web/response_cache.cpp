#include "web/response_cache.h"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

namespace dialogdag::web {

struct ResponseCache::State {
  struct Entry {
    std::uint64_t generation = 0;  // Db::data_generation() before it was rendered
    std::optional<data::Instant> valid_until;
    std::shared_ptr<const Response> response;
  };
  std::shared_mutex mutex;
  std::unordered_map<std::string, Entry> entries;
};

ResponseCache::ResponseCache(data::Db& db) : db_(&db), state_(std::make_unique<State>()) {}
ResponseCache::~ResponseCache() = default;
ResponseCache::ResponseCache(ResponseCache&&) noexcept = default;

Response ResponseCache::serve(const std::string& key, const std::function<Rendered()>& render) {
  // Taken before rendering: a write committed while rendering leaves the entry older than the
  // next generation, so it is rendered again rather than trusted.
  const std::uint64_t generation = db_->data_generation();
  const data::Instant now = db_->now();
  {
    std::shared_lock lock(state_->mutex);
    const auto found = state_->entries.find(key);
    if (found != state_->entries.end() && found->second.generation == generation &&
        (!found->second.valid_until || now < *found->second.valid_until))
      return *found->second.response;
  }
  Rendered rendered = render();
  if (rendered.response.result() == http::status::ok) {
    auto shared = std::make_shared<const Response>(rendered.response);
    std::unique_lock lock(state_->mutex);
    if (state_->entries.size() >= kMaxEntries && !state_->entries.count(key))
      state_->entries.clear();
    auto& entry = state_->entries[key];
    // A slower render of an older generation does not replace a newer one.
    if (!entry.response || entry.generation <= generation)
      entry = {generation, rendered.valid_until, std::move(shared)};
  }
  return std::move(rendered.response);
}

}  // namespace dialogdag::web
