#include "public_test_support.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include "data/organisation_store.h"
#include "web/csrf.h"

namespace dialogdag::test {

void add_afternoon_day(data::EventStore& events, std::int64_t event_id) {
  REQUIRE(events.set_programme(event_id, {{9 * 60 + 30, 12 * 60, "Velkommen", "Kari", core::ItemKind::kPlenary, true},
                                          {12 * 60, 12 * 60 + 30, "Lunsj", "", core::ItemKind::kLunch, true}},
                               "test").ok());
  REQUIRE(events.set_windows(event_id, {{12 * 60 + 30, 14 * 60, "afternoon"}}, "test").ok());
  REQUIRE(events.put_room(event_id, {"namsos", "Møterom Namsos", 8, false, ""}, "test").ok());
  REQUIRE(events.put_room(event_id, {"vikna", "Møterom Vikna", 6, false, ""}, "test").ok());
  REQUIRE(events.put_room(event_id, {"teams", "Digitalt", std::nullopt, true, "https://example.invalid/m"}, "test").ok());
  core::Panel joint{"felles", "Felles panel", {"Namsos"},
                    {{"lead@namsos.kommune.no", "Kari Lead", core::Role::kProcurement},
                     {"tor@namsos.kommune.no", "Tor", core::Role::kMinuteTaker}}, "namsos"};
  core::Panel tech{"teknisk", "Teknisk panel", {"Vikna"},
                   {{"lead@namsos.kommune.no", "Kari Lead", core::Role::kProcurement}}, "vikna"};
  REQUIRE(events.put_panel(event_id, joint, "test").ok());
  REQUIRE(events.put_panel(event_id, tech, "test").ok());
}

PublicEventServer::PublicEventServer(const MakeEvent& make_event) {
  char pattern[] = "/tmp/dialogdag-web-XXXXXX";
  dir_ = mkdtemp(pattern);
  auto db = data::Db::open((dir_ / "test.db").string());
  REQUIRE(db.ok());
  db_ = std::move(db).value();
  auto host = data::OrganisationStore(*db_).find_or_create("Namsos kommune", "test");
  REQUIRE(host.ok());
  event_id_ = make_event(*db_, host.value());
  site_ = std::make_unique<web::PublicSite>(web::PublicSite{*db_, web::CsrfGuard(web::random_key())});
  web::add_public_routes(router_, *site_);
  server_ = std::make_unique<RunningServer>([this](const web::Request& r) { return router_.handle(r); });
}

PublicEventServer::~PublicEventServer() {
  server_.reset();
  std::filesystem::remove_all(dir_);
}

}  // namespace dialogdag::test
