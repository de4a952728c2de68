// Small factories for building instances in tests, in a few lines each.
#pragma once

#include <string>
#include <vector>

#include "scheduler/model.h"

namespace dialogdag::test {

using namespace dialogdag::sched;

// A day of `slot_count` 30-minute slots from 09:00 with 10 minutes between them, no rooms limit.
Instance day(int slot_count);

// Appends a participant and returns its index.
int add_participant(Instance& instance, const std::string& id,
                    ParticipantKind kind = ParticipantKind::kSupplier);

// Appends a meeting between participants a and b and returns its index.
int add_meeting(Instance& instance, const std::string& id, int a, int b, bool required = true);

// Appends a room to a room list (switching `rooms` to a list) and returns its index.
int add_room(Instance& instance, const std::string& id, std::optional<int> capacity = std::nullopt);

}  // namespace dialogdag::test
