// Reader for the MiniZinc data files of the B2B meeting scheduling benchmark
// (shared/anchors/b2b-forum/README.md): nBusiness, nMeetings, nTables, nTotalSlots,
// nMorningSlots, requested, forbidden, fixed, precedences (meetingsxBusiness and
// nMeetingsBusiness are read and cross-checked against `requested`).
//
// The result is an ordinary Instance: participants "p1".."pN" (kind other), meetings
// "m1".."mM" (all required), `rooms` = nTables tables, slots with sessions "morning" for the
// first nMorningSlots and "afternoon" for the rest and no clock times, requested session
// 1/2/3 -> "morning"/"afternoon"/none, forbidden -> unavailable, fixed -> fixed_slot,
// precedences -> after. The fairness bound is not in the files; pass it in (the literature
// uses 2), or std::nullopt for none.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scheduler/model.h"
#include "scheduler/result.h"

namespace dialogdag::sched {

// An instance that passes validate_instance (json_io.h), or the first problem in the file.
Result<Instance> read_dzn(std::string_view dzn_text, std::string name,
                          std::optional<int> max_break_spread);

}  // namespace dialogdag::sched
