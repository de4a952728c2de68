// What the web tests share for a running public site: the afternoon day of their events, and a
// server on a temporary SQLite file with one event of the test's making.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "data/database.h"
#include "data/event_store.h"
#include "http_test_client.h"
#include "web/public_site.h"
#include "web/router.h"

namespace dialogdag::test {

// The day of the web tests' events: programme 09:30-12:00 "Velkommen" (plenary, speaker Kari)
// and 12:00-12:30 "Lunsj"; one-to-ones 12:30-14:00 ("afternoon"); rooms namsos (8 seats),
// vikna (6), teams (digital); panels "felles" (Kari Lead, Tor minute-taker; home room namsos)
// and "teknisk" (Kari Lead; home room vikna). REQUIREs that every step is stored.
void add_afternoon_day(data::EventStore& events, std::int64_t event_id);

// A running public site on a temporary SQLite file (removed at the end) with one event:
// `make_event` gets the Db and the id of the host organisation "Namsos kommune" and returns the
// id of the event it made.
class PublicEventServer {
 public:
  using MakeEvent = std::function<std::int64_t(data::Db&, std::int64_t host_organisation)>;
  explicit PublicEventServer(const MakeEvent& make_event);
  ~PublicEventServer();
  PublicEventServer(const PublicEventServer&) = delete;
  PublicEventServer& operator=(const PublicEventServer&) = delete;

  unsigned short port() const { return server_->port(); }
  data::Db& db() { return *db_; }
  std::int64_t event_id() const { return event_id_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<data::Db> db_;
  std::int64_t event_id_ = 0;
  std::unique_ptr<web::PublicSite> site_;
  web::Router router_;
  std::unique_ptr<RunningServer> server_;
};

}  // namespace dialogdag::test
