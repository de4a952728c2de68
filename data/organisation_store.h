// Organisations: the municipalities (and others) that host and co-organise events and employ
// the staff users.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/database.h"

namespace dialogdag::data {

inline constexpr std::size_t kMaxOrganisationName = 200;  // characters

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> orgnr;  // 9 digits, MOD11-valid
  bool municipality = true;
};

class OrganisationStore {
 public:
  explicit OrganisationStore(Db& db) : db_(db) {}

  // Creates one. kInvalid: empty or too long name, bad orgnr; kConflict: the name or orgnr exists.
  StoreResult<std::int64_t> create(const Organisation& organisation, const std::string& actor);
  // The id of the organisation with that name, created (as a municipality) when missing.
  StoreResult<std::int64_t> find_or_create(const std::string& name, const std::string& actor);

  StoreResult<Organisation> get(std::int64_t id);
  StoreResult<Organisation> find_by_name(const std::string& name);
  // Every organisation, by name.
  std::vector<Organisation> all();

 private:
  Db& db_;
};

// create() for code that already holds the Db lock inside its own transaction (the caller
// commits). Same failures as create().
StoreResult<std::int64_t> create_organisation_locked(Db& db, const Organisation& organisation,
                                                     const std::string& actor);

}  // namespace dialogdag::data
