// Generated conference days of realistic size and shape, for the exact-path tests and the
// benchmark: a morning and an afternoon window around lunch, panels with their own rooms and
// some members on two panels, digital rooms, suppliers asking for one to three panels with
// travel windows, times they cannot come, preferred times and a few locked meetings. The same
// parameters give the same day on every platform.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scheduler/event.h"

namespace dialogdag::bench {

struct DayShape {
  int panels = 5;       // 1..5
  int slots = 24;       // >= 4; split about 1:2 between the morning and the afternoon window
  int suppliers = 150;  // >= 0
  int locks = 3;        // locked meetings (fewer when no place is free for one)
  bool shared_members = true;    // one person sits on panels 1 and 2
  int digital_percent = 10;      // suppliers that meet digitally
  int preferred_percent = 25;    // suppliers with a preferred time
  std::uint64_t seed = 1;
};

struct ConferenceDay {
  std::string name;  // e.g. "day-5p-24s-150r-seed1"
  core::DaySetup day;
  std::vector<core::SupplierRequest> requests;
  std::vector<core::LockedMeeting> locked;
};

ConferenceDay generate_day(const DayShape& shape);

}  // namespace dialogdag::bench
