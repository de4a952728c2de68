#include "scheduler/min_cost_flow.h"

#include <algorithm>
#include <deque>
#include <limits>

namespace dialogdag::sched {

FlowNetwork::FlowNetwork(int nodes) : out_(static_cast<size_t>(nodes)) {}

int FlowNetwork::add_node() {
  out_.emplace_back();
  return static_cast<int>(out_.size()) - 1;
}

int FlowNetwork::add_edge(int from, int to, std::int64_t capacity, std::int64_t cost) {
  const int id = static_cast<int>(edges_.size());
  edges_.push_back({to, capacity, 0, cost});
  edges_.push_back({from, 0, 0, -cost});
  out_[from].push_back(id);
  out_[to].push_back(id + 1);
  return id / 2;
}

void FlowNetwork::set_capacity(int edge, std::int64_t capacity) {
  edges_[2 * edge].capacity = capacity;
}

bool FlowNetwork::augment_unit(int source, int sink) {
  std::vector<int> via(out_.size(), -1);  // edge that reached the node
  std::vector<char> seen(out_.size(), 0);
  std::deque<int> queue{source};
  seen[source] = 1;
  while (!queue.empty() && !seen[sink]) {
    const int node = queue.front();
    queue.pop_front();
    for (int e : out_[node]) {
      const int to = edges_[e].to;
      if (seen[to] || residual(e) <= 0) continue;
      seen[to] = 1;
      via[to] = e;
      queue.push_back(to);
    }
  }
  if (!seen[sink]) return false;
  for (int node = sink; node != source; node = edges_[via[node] ^ 1].to) {
    edges_[via[node]].flow += 1;
    edges_[via[node] ^ 1].flow -= 1;
  }
  return true;
}

std::int64_t FlowNetwork::min_cost_flow(int source, int sink) {
  constexpr std::int64_t kUnreached = std::numeric_limits<std::int64_t>::max();
  std::int64_t total = 0;
  const size_t n = out_.size();
  std::vector<std::int64_t> distance(n);
  std::vector<int> via(n);
  std::vector<char> queued(n);
  for (;;) {
    std::fill(distance.begin(), distance.end(), kUnreached);
    std::fill(via.begin(), via.end(), -1);
    std::fill(queued.begin(), queued.end(), 0);
    std::deque<int> queue{source};
    distance[source] = 0;
    queued[source] = 1;
    while (!queue.empty()) {
      const int node = queue.front();
      queue.pop_front();
      queued[node] = 0;
      for (int e : out_[node]) {
        if (residual(e) <= 0) continue;
        const int to = edges_[e].to;
        const std::int64_t d = distance[node] + edges_[e].cost;
        if (d < distance[to]) {
          distance[to] = d;
          via[to] = e;
          if (!queued[to]) queued[to] = 1, queue.push_back(to);
        }
      }
    }
    if (distance[sink] == kUnreached || distance[sink] >= 0) return total;
    std::int64_t push = kUnreached;
    for (int node = sink; node != source; node = edges_[via[node] ^ 1].to)
      push = std::min(push, residual(via[node]));
    for (int node = sink; node != source; node = edges_[via[node] ^ 1].to) {
      edges_[via[node]].flow += push;
      edges_[via[node] ^ 1].flow -= push;
    }
    total += push * distance[sink];
  }
}

}  // namespace dialogdag::sched
