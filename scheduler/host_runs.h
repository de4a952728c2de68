// How few breaks hosts (panels) can have, from what they must hold: their locked meetings, the
// guests that can only be met by them, and that every busy slot of a host is one of its own
// meetings. A small exact search over runs of slots, for the solver's lower bound on breaks
// where the SAT search would need a pigeonhole argument to see it.
//
// The hosts of one question share a person (or it is one host), so their busy slots are apart.
// A host with b breaks is busy in b + 1 runs of consecutive slots (or in none); each slot of a
// run takes a meeting of its own (a matching of slots into the host's meetings), its locked
// slots are in its runs, and each guest needs a free slot in some run of a host it may meet
// there (a matching of guests into (host, slot) pairs). Both matchings are necessary, not
// jointly sufficient, so a refusal is a proof and an acceptance only means no proof here.
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

// A lower bound on the breaks these hosts have between them in every schedule in which the
// guests are met: the fewest k <= `most` for which some choice of runs with k breaks in all
// keeps everything above, or most + 1 when none does. With k = 0 the question is exactly the
// one above; with more, each run is filled on its own (meetings that fill one run may be
// needed by another), a relaxation, so the answer stays a bound. 0 where the search is not
// tried: more than two hosts, or more than 64 (host, slot) pairs.
int least_host_breaks(const HostRunsQuestion& question, int most);

}  // namespace dialogdag::sched
