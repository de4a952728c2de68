// Helpers for the data/ tests: a temporary directory that is removed afterwards, a database
// file in it, and small factories for an event and a registration. No shared mutable state.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "data/database.h"
#include "data/event_store.h"
#include "data/organisation_store.h"
#include "data/registration_store.h"

namespace dialogdag::data::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dialogdag-data-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<Db> open_db(const std::string& path) {
  auto db = Db::open(path);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error()));
  return std::move(db).value();
}

// The whole file as bytes ("" when it does not exist).
inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline Instant at(const char* utc) { return *parse_instant(utc); }

// An open event with one afternoon window (13:00-15:00, 30 + 5 min: 13:00 13:35 14:10),
// panels "a" and "b" sharing the member "lead@x.example", rooms "r1", "r2" and digital "web".
inline std::int64_t make_event(Db& db, const std::string& slug,
                               BookingMode mode = BookingMode::kInstant,
                               const std::string& day = "2027-03-11") {
  OrganisationStore organisations(db);
  auto host = organisations.find_or_create("Namsos kommune", "test");
  REQUIRE(host.ok());
  EventInfo e;
  e.slug = slug;
  e.title = "Dialogkonferanse " + slug;
  e.day = day;
  e.retention_until = add_days(day, 365);
  e.booking_mode = mode;
  e.status = EventStatus::kOpen;
  e.max_people = 2;
  e.host_organisation_id = host.value();
  EventStore events(db);
  auto id = events.create(e, "test");
  REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error()));
  REQUIRE(events.set_programme(
      id.value(), {{12 * 60, 13 * 60, "Lunsj", "", core::ItemKind::kLunch, true}}, "test"));
  REQUIRE(events.set_windows(id.value(), {{13 * 60, 15 * 60, "ettermiddag"}}, "test"));
  REQUIRE(events.put_room(id.value(), {"r1", "Rom 1", 6, false, ""}, "test"));
  REQUIRE(events.put_room(id.value(), {"r2", "Rom 2", 6, false, ""}, "test"));
  REQUIRE(events.put_room(
      id.value(), {"web", "Digitalt", std::nullopt, true, "https://meet.example/x"}, "test"));
  core::Panel a{"a",
                "Panel A",
                {"Namsos"},
                {{"lead@x.example", "Per Arne Hansen", core::Role::kProcurement},
                 {"owner@x.example", "Ingrid Solberg", core::Role::kNeedOwner}},
                "r1"};
  core::Panel b{"b",
                "Panel B",
                {"Osen"},
                {{"lead@x.example", "Per Arne Hansen", core::Role::kProcurement},
                 {"tech@x.example", "Kjetil Moen", core::Role::kTechnical}},
                "r2"};
  REQUIRE(events.put_panel(id.value(), a, "test"));
  REQUIRE(events.put_panel(id.value(), b, "test"));
  return id.value();
}

// Valid organisation numbers: 9 digits with the MOD11 check digit, distinct for distinct n.
inline std::string orgnr(int n) {
  static constexpr int kWeights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
  for (int base = 91000000 + n * 13;; ++base) {
    const std::string digits = std::to_string(base);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * kWeights[i];
    const int r = sum % 11;
    if (r == 1) continue;
    return digits + static_cast<char>('0' + (r == 0 ? 0 : 11 - r));
  }
}

inline RegistrationInput supplier(int n, std::vector<std::string> panels = {"a"},
                                  std::vector<core::Minutes> preferred = {}) {
  RegistrationInput in;
  in.company = "Leverandør " + std::to_string(n) + " AS";
  in.orgnr = orgnr(n);
  in.contact_name = "Kontakt " + std::to_string(n);
  in.email = "kontakt" + std::to_string(n) + "@firma.example";
  in.phone = "+47 900 00 " + std::to_string(100 + n);
  in.attendees = {{"Kontakt " + std::to_string(n), "Salg"}};
  in.panels = std::move(panels);
  in.preferred = std::move(preferred);
  in.consent = true;
  return in;
}

}  // namespace dialogdag::data::testing
