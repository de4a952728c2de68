// A running dialogdag (public site + staff console) on a temporary SQLite file, with two
// organisations and their staff, for the staff console's integration tests over real HTTP.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "data/database.h"
#include "data/schedule_store.h"
#include "http_test_client.h"
#include "web/public_site.h"
#include "web/router.h"
#include "web/staff.h"

namespace dialogdag::test {

inline constexpr const char* kPassword = "correct horse battery";

// Namsos kommune hosts the event "trygghetsalarm" (draft; programme 09:30–12:00 plenary,
// 12:00–12:30 lunch; one-to-ones 12:30–14:00 of 30 + 5 min; rooms namsos (8), vikna (6),
// teams (digital); panels "felles" (Kari Lead, Tor minute-taker, home room namsos) and
// "teknisk" (Kari Lead, home room vikna)). Vikna kommune hosts nothing. Users:
//   organiser@namsos.kommune.no  organiser of Namsos
//   organiser@vikna.kommune.no   organiser of Vikna
//   admin@dialogdag.no           admin
// all with kPassword.
class StaffFixture {
 public:
  StaffFixture();
  ~StaffFixture();
  StaffFixture(const StaffFixture&) = delete;
  StaffFixture& operator=(const StaffFixture&) = delete;

  unsigned short port() const { return server_->port(); }
  data::Db& db() { return *db_; }
  std::int64_t event_id() const { return event_id_; }
  std::int64_t namsos_id() const { return namsos_id_; }
  std::int64_t vikna_id() const { return vikna_id_; }
  std::string event_path() const { return "/staff/events/" + std::to_string(event_id_); }

  // A draft event of Vikna kommune (so that Vikna's organiser has an event of their own);
  // returns its staff path "/staff/events/{id}".
  std::string add_vikna_event();

  // Opens the event for booking and registers `count` suppliers (valid orgnrs, one meeting
  // with panel "felles" each, available all afternoon). Returns their manage tokens.
  std::vector<std::string> register_suppliers(int count);

 private:
  std::filesystem::path dir_;
  std::unique_ptr<data::Db> db_;
  std::int64_t event_id_ = 0, namsos_id_ = 0, vikna_id_ = 0;
  std::unique_ptr<web::PublicSite> public_site_;
  std::unique_ptr<web::StaffSite> staff_site_;
  web::Router router_;
  std::unique_ptr<RunningServer> server_;
};

// Runs the scheduler on the event as the console does (ScheduleStore::load_instance,
// sched::solve, store_run) and returns the event's meetings afterwards.
std::vector<data::MeetingRow> run_scheduler(StaffFixture& app,
                                            std::optional<std::int64_t> run_by = std::nullopt);

// Whether `text` contains `part`, and how many times.
bool contains(const std::string& text, const std::string& part);
int count_of(const std::string& text, const std::string& part);

// A client logged in as `email` (REQUIREs that the login succeeds).
std::unique_ptr<Client> logged_in(unsigned short port, const std::string& email,
                                  const std::string& password = kPassword);

// The value of the first hidden _csrf field of a page (REQUIREs one).
std::string csrf_of(const std::string& html);

// A valid Norwegian organisation number (MOD11) made from `seed`.
std::string valid_orgnr(int seed);

}  // namespace dialogdag::test
