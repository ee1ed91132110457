// The collective registry and the choice of the fastest applicable algorithm (equations in
// collective.h; one file per algorithm under perf/collectives/).
#include "perf/collective.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "perf/collectives/algorithms.h"

namespace servesim::perf {

using mapping::CommGroup;
using model::OpKind;

const core::Registry<CollectiveAlgorithm>& collective_algorithms() {
  static const core::Registry<CollectiveAlgorithm> registry = [] {
    core::Registry<CollectiveAlgorithm> r("collective algorithm");
    register_ring_collective(r);
    register_tree_collective(r);
    register_direct_collective(r);
    register_grid_ring_collective(r);
    register_bisection_collective(r);
    register_p2p_collective(r);
    return r;
  }();
  return registry;
}

CollectiveCost collective_cost(OpKind kind, double bytes, const CommGroup& group,
                               double node_dedup) {
  if (group.ranks <= 1 && kind != OpKind::send_recv) return CollectiveCost{{}, 0, 0, "none"};
  CollectiveCost best;
  best.time = core::Seconds(std::numeric_limits<double>::infinity());
  for (const auto& entry : collective_algorithms().entries()) {
    if (auto c = entry.value(kind, bytes, group, node_dedup); c && c->time < best.time) best = *c;
  }
  if (!std::isfinite(best.time.value())) {
    throw std::logic_error("no collective algorithm applies to this group");
  }
  return best;
}

}  // namespace servesim::perf
