// The demo: a realistic joint procurement of safety alarms by five municipalities in Namdalen
// (host Namsos; Vikna, Høylandet, Osen and Namsskogan): a plenary morning, then one-to-ones of
// 30 + 5 min from 12:30 to 17:05 (eight slots) with three panels side by side, each with its
// own people and room (plus one digital room), and twenty registered suppliers (21 requested
// meetings, some with travel windows, three digital) with valid organisation numbers. The
// scheduler places every request. Plus a staff user.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "data/database.h"

namespace dialogdag::data {

struct DemoInfo {
  std::int64_t event_id = 0;
  std::string slug;
  std::string day;  // local date of the conference, six weeks or so from now (a Thursday)
  std::string staff_email;
  std::string staff_password;  // random; shown once by the caller, stored only as a hash
  int suppliers = 0;
};

// The 9-digit organisation number with MOD11 check digit for 8 leading digits, or nullopt
// when those 8 digits have no valid check digit (remainder 1).
std::optional<std::string> orgnr_with_check_digit(std::uint32_t first_eight);

// Creates the demo in `db`. kConflict when the demo event is there already.
StoreResult<DemoInfo> create_demo(Db& db, const std::string& actor);

}  // namespace dialogdag::data
