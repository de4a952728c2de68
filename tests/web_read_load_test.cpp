// The read path under load: reads on pooled read-only connections (Db::read), the cached event
// page and JSON (ResponseCache), and that neither ever shows an answer older than a write that
// has returned — over real HTTP against a real SQLite file.
#include <doctest/doctest.h>

#include <SQLiteCpp/Exception.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "data/event_store.h"
#include "http_test_client.h"
#include "public_test_support.h"
#include "staff_test_support.h"
#include "scheduler/validation.h"
#include "web/form.h"
#include "web/public_site.h"

using namespace dialogdag;
using dialogdag::test::Client;
namespace http = boost::beast::http;

namespace {

constexpr int kSlots = 10;   // 09:00–15:00 in meetings of 30 + 5 minutes
constexpr int kPanels = 2;   // "a" and "b", no member in common

// A temporary database with one event open for instant booking, served with the public routes.
class InstantEvent : public test::PublicEventServer {
 public:
  explicit InstantEvent(std::optional<data::Instant> closes = std::nullopt)
      : PublicEventServer([&](data::Db& db, std::int64_t host) {
          data::EventInfo info;
          info.slug = "lesing";
          info.title = "Dialogkonferanse lesing";
          info.need = "Vi trenger mye.";
          info.venue = "Namsos rådhus";
          info.day = "2027-03-11";
          info.retention_until = "2027-12-31";
          info.host_organisation_id = host;
          info.max_people = 2;
          info.booking_mode = data::BookingMode::kInstant;
          info.registration_closes = closes;
          data::EventStore events(db);
          auto id = events.create(info, "test");
          REQUIRE_MESSAGE(id.ok(), id.error());
          const std::int64_t event = id.value();
          REQUIRE(events.set_programme(event, {{8 * 60, 8 * 60 + 30, "Velkommen", "Kari", core::ItemKind::kPlenary, true}},
                                       "test").ok());
          REQUIRE(events.set_windows(event, {{9 * 60, 15 * 60, "day"}}, "test").ok());
          REQUIRE(events.put_room(event, {"r1", "Møterom 1", 8, false, ""}, "test").ok());
          REQUIRE(events.put_room(event, {"r2", "Møterom 2", 8, false, ""}, "test").ok());
          REQUIRE(events.put_panel(event, {"a", "Panel A", {"Namsos"}, {{"a@namsos.kommune.no", "Anne", core::Role::kProcurement}}, "r1"},
                                   "test").ok());
          REQUIRE(events.put_panel(event, {"b", "Panel B", {"Vikna"}, {{"b@vikna.kommune.no", "Bjørn", core::Role::kProcurement}}, "r2"},
                                   "test").ok());
          REQUIRE(events.set_status(event, data::EventStatus::kOpen, "test").ok());
          return event;
        }) {}
};

std::string slot_start(int slot) {
  const int minutes = 9 * 60 + slot * 35;
  return core::format_clock(minutes);
}

// Books `slot` with `panel` through the form as a browser does; returns the status.
http::status book(Client& browser, int seed, int slot, const std::string& panel) {
  const auto form = browser.get("/e/lesing/book");
  if (form.result() != http::status::ok) return form.result();
  const std::string body =
      "_csrf=" + web::url_encode(test::csrf_of(form.body())) + "&company=Firma+" +
      std::to_string(seed) + "+AS&orgnr=" + test::valid_orgnr(seed) +
      "&contact_name=Ola+Nordmann&email=ola%40firma.no&phone=%2B47+900+00+000"
      "&attendee_name=Ola+Nordmann&attendee_role=Salg&plenary=yes&meeting=yes&panel=" + panel +
      "&available_from=09%3A00&available_until=15%3A00&preferred_slot=" +
      web::url_encode(slot_start(slot)) + "&consent=yes";
  return browser.post_form("/e/lesing/book", body).result();
}

// Slot-and-panel places the JSON shows as taken; -1 when the answer is not a 200 JSON.
int taken_places(const http::response<http::string_body>& answer) {
  if (answer.result() != http::status::ok) return -1;
  const auto json = nlohmann::json::parse(answer.body(), nullptr, false);
  if (json.is_discarded()) return -1;
  int taken = 0;
  for (const auto& slot : json["slots"])
    for (const auto& [panel, free] : slot["free"].items()) taken += free == false;
  return taken;
}

bool place_free(const http::response<http::string_body>& answer, int slot, const std::string& panel) {
  return nlohmann::json::parse(answer.body())["slots"][slot]["free"][panel] == true;
}

}  // namespace

TEST_CASE("a booking shows in the event JSON and page at once, though both were served from the cache") {
  InstantEvent event;
  Client browser(event.port());
  const auto before = browser.get("/api/v1/events/lesing");
  REQUIRE(before.result() == http::status::ok);
  CHECK(browser.get("/api/v1/events/lesing").body() == before.body());  // the cached copy
  CHECK(place_free(before, 1, "a"));
  const auto page_before = browser.get("/e/lesing");
  CHECK(page_before.body().find("Påmeldingen er åpen.") != std::string::npos);

  REQUIRE(book(browser, 1, 1, "a") == http::status::see_other);
  const auto after = browser.get("/api/v1/events/lesing");
  CHECK_FALSE(place_free(after, 1, "a"));
  CHECK(taken_places(after) == 1);

  // A staff change to the event is on the page on the next request.
  data::EventStore events(event.db());
  auto info = events.get(event.event_id());
  REQUIRE(info.ok());
  info.value().venue = "Kulturhuset i Namsos";
  REQUIRE(events.update(info.value(), "test").ok());
  CHECK(browser.get("/e/lesing").body().find("Kulturhuset i Namsos") != std::string::npos);
}

TEST_CASE("the cached event page is kept per language") {
  InstantEvent event;
  Client browser(event.port());
  const auto english = browser.get("/e/lesing?lang=en");
  const auto norwegian = browser.get("/e/lesing?lang=nb");
  CHECK(english.body().find("Registration is open.") != std::string::npos);
  CHECK(std::string(english[http::field::content_language]) == "en");
  CHECK(norwegian.body().find("Påmeldingen er åpen.") != std::string::npos);
  CHECK(std::string(norwegian[http::field::content_language]) == "nb");
  CHECK(browser.get("/e/lesing?lang=en").body() == english.body());
  CHECK(browser.get("/e/nothing").result() == http::status::not_found);
  CHECK(browser.get("/api/v1/events/nothing").result() == http::status::not_found);
}

TEST_CASE("the cached page says registration is closed once its deadline passes, with no write") {
  const data::Instant closes = data::parse_instant("2027-02-01T12:00:00Z").value();
  InstantEvent event(closes);
  event.db().set_clock([&] { return closes - std::chrono::seconds(1); });
  Client browser(event.port());
  CHECK(browser.get("/e/lesing").body().find("Påmeldingen er åpen.") != std::string::npos);
  CHECK(nlohmann::json::parse(browser.get("/api/v1/events/lesing").body())["registration_open"] == true);
  event.db().set_clock([&] { return closes; });  // no request is running
  CHECK(browser.get("/e/lesing").body().find("Påmeldingen er ikke åpen.") != std::string::npos);
  CHECK(nlohmann::json::parse(browser.get("/api/v1/events/lesing").body())["registration_open"] == false);
}

TEST_CASE("readers under concurrent bookings never fail and never see an older state than one already shown") {
  InstantEvent event;
  constexpr int kWriters = 4, kBookingsEach = 4, kReaders = 3;
  std::atomic<int> writers_left{kWriters};
  std::atomic<int> booking_failures{0}, stale_after_write{0};
  std::atomic<int> read_failures{0}, went_back{0}, reads{0};

  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([&, w] {
      Client browser(event.port());
      for (int i = 0; i < kBookingsEach; ++i) {
        const int place = w * kBookingsEach + i;  // each writer its own places: no conflicts
        const int slot = place / kPanels;
        const std::string panel = place % kPanels == 0 ? "a" : "b";
        if (book(browser, 100 + place, slot, panel) != http::status::see_other) ++booking_failures;
        // The booking has returned: the very next read shows it.
        const auto json = browser.get("/api/v1/events/lesing");
        if (json.result() != http::status::ok || place_free(json, slot, panel)) ++stale_after_write;
      }
      --writers_left;
    });
  for (int r = 0; r < kReaders; ++r)
    threads.emplace_back([&, r] {
      int last_seen = 0;
      auto browser = std::make_unique<Client>(event.port());
      for (int n = 0; writers_left > 0 && n < 3000; ++n) {
        if (n % 200 == 199) browser = std::make_unique<Client>(event.port());  // under the per-connection limit
        const bool page = (n + r) % 4 == 0;
        const auto answer = browser->get(page ? "/e/lesing" : "/api/v1/events/lesing");
        ++reads;
        if (page) {
          if (answer.result() != http::status::ok) ++read_failures;
          continue;
        }
        const int taken = taken_places(answer);
        if (taken < 0) ++read_failures;
        else if (taken < last_seen) ++went_back;
        else last_seen = taken;
      }
    });
  for (auto& thread : threads) thread.join();

  CHECK(booking_failures == 0);
  CHECK(stale_after_write == 0);
  CHECK(read_failures == 0);
  CHECK(went_back == 0);
  CHECK(reads > 0);
  Client browser(event.port());
  CHECK(taken_places(browser.get("/api/v1/events/lesing")) == kWriters * kBookingsEach);
}

TEST_CASE("a read transaction sees one snapshot, refuses writes, and the data generation moves only on commits") {
  InstantEvent event;
  data::Db& db = event.db();
  const auto first = db.data_generation();
  CHECK(db.data_generation() == first);  // nothing committed in between

  {
    auto reading = db.read();
    const auto venue = [&] {
      return db.sql().execAndGet("SELECT venue FROM event WHERE slug = 'lesing'").getString();
    };
    CHECK(venue() == "Namsos rådhus");
    std::thread writer([&] {  // another thread commits while the snapshot is held
      auto guard = db.lock();
      db.sql().exec("UPDATE event SET venue = 'Rådhuset' WHERE slug = 'lesing'");
    });
    writer.join();
    CHECK(venue() == "Namsos rådhus");  // the same snapshot to the end of read()
    {
      auto nested = db.read();  // joins the outer one
      CHECK(venue() == "Namsos rådhus");
    }
    CHECK_THROWS_AS(db.sql().exec("UPDATE event SET venue = 'x'"), SQLite::Exception);
  }
  auto reading = db.read();
  CHECK(db.sql().execAndGet("SELECT venue FROM event WHERE slug = 'lesing'").getString() == "Rådhuset");
  CHECK(db.data_generation() != first);
}
