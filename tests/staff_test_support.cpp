#include "staff_test_support.h"

#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <stdlib.h>

#include "data/event_store.h"
#include "data/organisation_store.h"
#include "data/registration_store.h"
#include "data/user_store.h"
#include "public_test_support.h"
#include "scheduler/solver.h"
#include "web/form.h"

namespace dialogdag::test {

StaffFixture::StaffFixture() {
  char pattern[] = "/tmp/dialogdag-staff-XXXXXX";
  dir_ = mkdtemp(pattern);
  auto db = data::Db::open((dir_ / "test.db").string());
  REQUIRE(db.ok());
  db_ = std::move(db).value();
  data::OrganisationStore organisations(*db_);
  namsos_id_ = organisations.find_or_create("Namsos kommune", "test").value();
  vikna_id_ = organisations.find_or_create("Vikna kommune", "test").value();
  data::UserStore users(*db_);
  REQUIRE(users.create({"organiser@namsos.kommune.no", "Nina Namsos", kPassword, namsos_id_, false}, "test").ok());
  REQUIRE(users.create({"organiser@vikna.kommune.no", "Vidar Vikna", kPassword, vikna_id_, false}, "test").ok());
  REQUIRE(users.create({"admin@dialogdag.no", "Ada Admin", kPassword, std::nullopt, true}, "test").ok());

  data::EventInfo info;
  info.slug = "trygghetsalarm";
  info.title = "Dialogkonferanse trygghetsalarmer";
  info.subject = "Trygghetsalarmer";
  info.need = "Vi trenger trygghetsalarmer for fem kommuner.";
  info.venue = "Namsos rådhus";
  info.address = "Sverres gate 1";
  info.day = "2027-03-11";
  info.retention_until = "2027-12-31";
  info.host_organisation_id = namsos_id_;
  info.max_people = 2;
  data::EventStore events(*db_);
  auto id = events.create(info, "test");
  REQUIRE_MESSAGE(id.ok(), id.error());
  event_id_ = id.value();
  add_afternoon_day(events, event_id_);

  public_site_ = std::make_unique<web::PublicSite>(web::PublicSite{*db_, web::CsrfGuard(web::random_key())});
  staff_site_ = std::make_unique<web::StaffSite>(*db_, web::CsrfGuard(web::random_key()));
  web::add_public_routes(router_, *public_site_);
  web::add_staff_routes(router_, *staff_site_);
  server_ = std::make_unique<RunningServer>([this](const web::Request& r) { return router_.handle(r); });
}

std::string StaffFixture::add_vikna_event() {
  data::EventInfo info;
  info.slug = "vikna-dialog";
  info.title = "Dialog i Vikna";
  info.day = "2027-04-01";
  info.retention_until = "2027-12-31";
  info.host_organisation_id = vikna_id_;
  const auto id = data::EventStore(*db_).create(info, "test");
  REQUIRE(id.ok());
  return "/staff/events/" + std::to_string(id.value());
}

StaffFixture::~StaffFixture() {
  server_.reset();
  std::filesystem::remove_all(dir_);
}

std::vector<std::string> StaffFixture::register_suppliers(int count) {
  data::EventStore events(*db_);
  auto event = events.get(event_id_);
  REQUIRE(event.ok());
  if (event.value().status != data::EventStatus::kOpen)
    REQUIRE(events.set_status(event_id_, data::EventStatus::kOpen, "test").ok());
  data::RegistrationStore registrations(*db_);
  std::vector<std::string> tokens;
  for (int i = 0; i < count; ++i) {
    data::RegistrationInput input;
    input.company = "Leverandør " + std::to_string(i + 1) + " AS";
    input.orgnr = valid_orgnr(i + 1);
    input.contact_name = "Kontakt " + std::to_string(i + 1);
    input.email = "kontakt" + std::to_string(i + 1) + "@leverandor.no";
    input.phone = "+47 900 00 00" + std::to_string(i % 10);
    input.attendees = {{"Person " + std::to_string(i + 1), "Salg"}};
    input.panels = {"felles"};
    input.consent = true;
    auto booking = registrations.register_supplier(event_id_, input);
    REQUIRE_MESSAGE(booking.ok(), booking.error());
    tokens.push_back(booking.value().manage_token);
  }
  return tokens;
}

std::vector<data::MeetingRow> run_scheduler(StaffFixture& app, std::optional<std::int64_t> run_by) {
  data::ScheduleStore schedules(app.db());
  auto instance = schedules.load_instance(app.event_id());
  REQUIRE_MESSAGE(instance.ok(), (instance.ok() ? "" : instance.error()));
  sched::SolveOptions options;
  options.time_limit_ms = 2000;
  const auto solved = sched::solve(instance.value(), options, [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  });
  const std::string actor = run_by ? "user:" + std::to_string(*run_by) : "test";
  REQUIRE(schedules.store_run(app.event_id(), instance.value(), solved, run_by, actor).ok());
  return schedules.meetings(app.event_id());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

int count_of(const std::string& text, const std::string& part) {
  int count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

std::unique_ptr<Client> logged_in(unsigned short port, const std::string& email,
                                  const std::string& password) {
  auto client = std::make_unique<Client>(port);
  const auto page = client->get("/staff/login");
  REQUIRE(page.result() == http::status::ok);
  const auto response = client->post_form(
      "/staff/login", "_csrf=" + web::url_encode(csrf_of(page.body())) +
                          "&email=" + web::url_encode(email) + "&password=" + web::url_encode(password));
  REQUIRE(response.result() == http::status::see_other);
  return client;
}

std::string csrf_of(const std::string& html) {
  std::smatch match;
  REQUIRE(std::regex_search(html, match, std::regex("name=\"_csrf\" value=\"([^\"]+)\"")));
  return match[1];
}

std::string valid_orgnr(int seed) {
  static constexpr int kWeights[] = {3, 2, 7, 6, 5, 4, 3, 2};
  for (int candidate = 910000000 + seed * 97;; ++candidate) {
    const std::string digits = std::to_string(candidate).substr(0, 8);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * kWeights[i];
    const int r = sum % 11;
    if (r == 1) continue;
    return digits + std::to_string(r == 0 ? 0 : 11 - r);
  }
}

}  // namespace dialogdag::test
