// A small flow network for the solver's bounds: maximum flow one augmenting path at a time, and
// minimum-cost flow by successive shortest paths (Bellman-Ford queue, so negative edge costs are
// fine as long as the residual graph has no negative cycle, which holds when the network starts
// without flow and without a cycle of negative cost). Integer capacities and costs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dialogdag::sched {

class FlowNetwork {
 public:
  explicit FlowNetwork(int nodes);

  int add_node();
  // Adds an edge and returns its id. REQUIRES: capacity >= 0.
  int add_edge(int from, int to, std::int64_t capacity, std::int64_t cost = 0);
  // Changes the capacity of an edge that carries no flow.
  void set_capacity(int edge, std::int64_t capacity);
  std::int64_t flow(int edge) const { return edges_[2 * static_cast<size_t>(edge)].flow; }

  // Pushes one unit along a shortest (fewest edges) augmenting path from `source` to `sink`.
  // Returns false, changing nothing, when there is none: the flow is then maximum.
  bool augment_unit(int source, int sink);

  // Pushes flow from `source` to `sink` along cheapest augmenting paths while a path of negative
  // cost exists; the result is a flow of minimum cost among all flows (of any value) that
  // extend the current one without a negative residual cycle. Returns the cost added.
  std::int64_t min_cost_flow(int source, int sink);

 private:
  struct Edge {
    int to;
    std::int64_t capacity, flow, cost;
  };
  std::int64_t residual(int e) const { return edges_[e].capacity - edges_[e].flow; }

  std::vector<Edge> edges_;  // edge 2k is the forward edge, 2k + 1 its reverse
  std::vector<std::vector<int>> out_;
};

}  // namespace dialogdag::sched
