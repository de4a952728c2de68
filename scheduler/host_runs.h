// Whether hosts (panels) can hold their day without a break, from what they must hold: their
// locked meetings, the guests that can only be met by them, and that every busy slot of a host
// is one of its own meetings. A small exact search over runs of slots, for the solver's lower
// bound on breaks where the SAT search would need a pigeonhole argument to see it.
//
// The hosts of one question share a person (or it is one host), so their busy slots are apart.
// A host without a break is busy in one run of consecutive slots (or in none); each slot of the
// run takes a meeting of its own (a matching of slots into the host's meetings), its locked
// slots are in the run, and each guest needs a free slot in some run it may meet that host in
// (a matching of guests into (host, slot) pairs). Both matchings are necessary, not jointly
// sufficient, so "false" is a proof and "true" only means no proof here.
#pragma once

#include <cstdint>
#include <vector>

namespace dialogdag::sched {

struct HostRunsQuestion {
  int slots = 0;  // REQUIRES: 0 <= slots <= 64
  struct Host {
    std::vector<std::uint64_t> meetings;  // per meeting that is not locked: its slots (bit s)
    std::uint64_t locked = 0;             // slots its locked meetings hold
  };
  std::vector<Host> hosts;  // every two of them share a person
  // Per guest that must meet one of these hosts and has no locked meeting: per host, the slots
  // in which it may meet that host (0 where it has no meeting with it).
  std::vector<std::vector<std::uint64_t>> guests;
};

// False when no choice of runs keeps everything above: then every schedule in which these
// guests are met has at least one break among these hosts. True otherwise, and also where the
// search is not tried (more than two hosts, or more than 64 (host, slot) pairs).
bool can_run_without_break(const HostRunsQuestion& question);

}  // namespace dialogdag::sched
