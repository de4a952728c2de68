#include "test_instances.h"

#include <cstdio>

namespace dialogdag::test {

namespace {
std::string clock(int minutes) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return text;
}
}  // namespace

Instance day(int slot_count) {
  Instance instance;
  instance.name = "test day";
  for (int i = 0; i < slot_count; ++i) {
    const int start = 9 * 60 + i * 40;
    instance.slots.push_back({clock(start), clock(start + 30), ""});
  }
  return instance;
}

int add_participant(Instance& instance, const std::string& id, ParticipantKind kind) {
  Participant participant;
  participant.id = id;
  participant.name = id;
  participant.kind = kind;
  participant.kind_label = kind == ParticipantKind::kBuyer      ? "buyer"
                           : kind == ParticipantKind::kSupplier ? "supplier"
                                                                : "";
  instance.participants.push_back(participant);
  return static_cast<int>(instance.participants.size()) - 1;
}

int add_meeting(Instance& instance, const std::string& id, int a, int b, bool required) {
  Meeting meeting;
  meeting.id = id;
  meeting.between[0] = a;
  meeting.between[1] = b;
  meeting.required = required;
  instance.meetings.push_back(meeting);
  return static_cast<int>(instance.meetings.size()) - 1;
}

int add_room(Instance& instance, const std::string& id, std::optional<int> capacity) {
  instance.rooms.kind = Rooms::Kind::kList;
  instance.rooms.list.push_back({id, id, capacity, false});
  return static_cast<int>(instance.rooms.list.size()) - 1;
}

}  // namespace dialogdag::test
