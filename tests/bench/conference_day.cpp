#include "tests/bench/conference_day.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace dialogdag::bench {
namespace {

// splitmix64: fully specified, so the days are the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t x = (state_ += 0x9e3779b97f4a7c15ULL);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

constexpr core::Minutes kLength = 15, kChangeover = 5, kStep = kLength + kChangeover;
constexpr core::Minutes kMorning = 9 * 60, kLunchEnd = 12 * 60 + 40;

}  // namespace

ConferenceDay generate_day(const DayShape& shape) {
  Random random(shape.seed * 0x51ed27ULL + 7);
  ConferenceDay out;
  out.name = "day-" + std::to_string(shape.panels) + "p-" + std::to_string(shape.slots) + "s-" +
             std::to_string(shape.suppliers) + "r-" + std::to_string(shape.preferred_percent) +
             "pref-seed" + std::to_string(shape.seed);
  core::DaySetup& day = out.day;
  day.title = "Dialogkonferanse " + out.name;
  day.meeting_length = kLength;
  day.changeover = kChangeover;
  const int morning_slots = shape.slots / 3, afternoon_slots = shape.slots - morning_slots;
  day.windows.push_back({kMorning, kMorning + morning_slots * kStep - kChangeover, "morning"});
  day.programme.push_back({kMorning + morning_slots * kStep, kLunchEnd, "Lunsj", "",
                           core::ItemKind::kLunch, true});
  day.windows.push_back(
      {kLunchEnd, kLunchEnd + afternoon_slots * kStep - kChangeover, "afternoon"});
  std::vector<core::Minutes> starts;
  for (int s = 0; s < morning_slots; ++s) starts.push_back(kMorning + s * kStep);
  for (int s = 0; s < afternoon_slots; ++s) starts.push_back(kLunchEnd + s * kStep);

  const int panels = std::clamp(shape.panels, 1, 5);
  for (int p = 0; p < panels; ++p) {
    const std::string key = "panel" + std::to_string(p + 1);
    day.rooms.push_back({"room" + std::to_string(p + 1), "Møterom " + std::to_string(p + 1), 10,
                         false, ""});
    core::Panel panel;
    panel.key = key;
    panel.name = "Panel " + std::to_string(p + 1);
    panel.room = "room" + std::to_string(p + 1);
    for (int k = 0; k < 3; ++k)
      panel.members.push_back({key + ".member" + std::to_string(k), "Medlem", core::Role::kProcurement});
    if (shape.shared_members && p < 2)
      panel.members.push_back({"shared.need-owner", "Delt", core::Role::kNeedOwner});
    day.panels.push_back(panel);
  }
  const int digital_rooms = panels >= 3 ? 2 : 1;
  for (int d = 0; d < digital_rooms; ++d)
    day.rooms.push_back({"digital" + std::to_string(d + 1), "Digitalt rom", std::nullopt, true,
                         "https://meet.example/" + std::to_string(d + 1)});

  const int slots = static_cast<int>(starts.size());
  for (int i = 0; i < shape.suppliers; ++i) {
    core::SupplierRequest r;
    r.key = "s" + std::to_string(i + 1);
    r.company = "Leverandør " + std::to_string(i + 1) + " AS";
    r.people = 1 + random.below(3);
    const int wanted = std::min(panels, random.chance(55) ? 1 : random.chance(65) ? 2 : 3);
    while (static_cast<int>(r.panels.size()) < wanted) {
      // Panel 1 is the most popular, the last the least.
      int p = std::min(random.below(panels), random.below(panels + 1));
      p = std::min(p, panels - 1);
      const std::string key = day.panels[p].key;
      if (std::find(r.panels.begin(), r.panels.end(), key) == r.panels.end()) r.panels.push_back(key);
    }
    if (random.chance(20)) r.available_from = starts[random.below(slots / 2 + 1)];
    if (random.chance(20)) r.available_until = starts[slots / 2 + random.below(slots - slots / 2)] + kLength;
    if (random.chance(10)) r.unavailable.push_back(starts[random.below(slots)]);
    if (random.chance(shape.preferred_percent)) r.preferred.push_back(starts[random.below(slots)]);
    r.digital = random.chance(shape.digital_percent);
    out.requests.push_back(r);
  }

  // Locks on suppliers who meet in person and can come all day, where nothing else is locked.
  std::set<std::pair<std::string, int>> busy;  // (panel key, person or supplier, slot)
  for (int tries = 0; static_cast<int>(out.locked.size()) < shape.locks && tries < 50 * (shape.locks + 1);
       ++tries) {
    if (out.requests.empty()) break;
    const core::SupplierRequest& r = out.requests[random.below(static_cast<int>(out.requests.size()))];
    if (r.digital || r.available_from || r.available_until || !r.unavailable.empty()) continue;
    const std::string& panel_key = r.panels[random.below(static_cast<int>(r.panels.size()))];
    const int s = random.below(slots);
    std::vector<std::string> uses = {panel_key, r.key};
    for (const core::Panel& panel : day.panels)
      if (panel.key == panel_key)
        for (const core::PanelMember& m : panel.members) uses.push_back(m.person);
    if (std::any_of(uses.begin(), uses.end(), [&](const std::string& u) { return busy.count({u, s}); }))
      continue;
    if (std::any_of(out.locked.begin(), out.locked.end(), [&](const core::LockedMeeting& l) {
          return l.supplier == r.key && l.panel == panel_key;
        }))
      continue;
    for (const std::string& u : uses) busy.insert({u, s});
    out.locked.push_back({r.key, panel_key, starts[s], std::nullopt});
  }
  return out;
}

}  // namespace dialogdag::bench
