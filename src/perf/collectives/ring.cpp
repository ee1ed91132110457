// Ring all-reduce 2(N−1)/N·S / B + 2(N−1)·α (all-gather, reduce-scatter: half of it); on a ring
// fabric two rings in opposite directions; across nodes one ring channel per NIC, the inter-node
// part 2(N−1)/N·S / (n·B_nic) overlapped with the intra-node part (NCCL; Thakur et al. 2005).
#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

namespace servesim::perf {
namespace {

using collectives::grid;
using collectives::latency;
using collectives::rate;
using mapping::CommGroup;
using model::OpKind;

std::optional<CollectiveCost> ring(OpKind kind, double bytes, const CommGroup& g, double) {
  double factor = 0, steps = 0;
  const double n = static_cast<double>(g.ranks);
  if (kind == OpKind::all_reduce) {
    factor = 2 * (n - 1) / n;
    steps = 2 * (n - 1);
  } else if (kind == OpKind::all_gather || kind == OpKind::reduce_scatter) {
    factor = (n - 1) / n;
    steps = n - 1;
  } else {
    return std::nullopt;
  }
  CollectiveCost c;
  c.algorithm = "ring";
  const double traffic = factor * bytes;
  if (g.nodes() <= 1) {
    if (grid(g.intra)) return std::nullopt;  // the 2D ring applies
    // On a ring fabric two rings run in opposite directions over each device's two links.
    const double links = g.intra.topology == hardware::Topology::ring ? 2.0 : 1.0;
    c.intra_bytes = traffic;
    c.time = core::Seconds(traffic / (links * rate(g.intra)) + steps * latency(g.intra));
    return c;
  }
  const double local = static_cast<double>(g.ranks_per_node);
  const double intra_time = g.ranks_per_node > 1 ? traffic / rate(g.intra) : 0.0;
  c.inter_bytes = traffic / local;
  c.intra_bytes = g.ranks_per_node > 1 ? traffic - c.inter_bytes : 0.0;
  const double inter_time = c.inter_bytes / rate(g.inter);
  c.time = core::Seconds(std::max(intra_time, inter_time) + steps * latency(g.inter));
  return c;
}

}  // namespace

void register_ring_collective(core::Registry<CollectiveAlgorithm>& r) {
  r.add({"ring", "bandwidth-optimal ring; one channel per NIC across nodes", {}, ring});
}

}  // namespace servesim::perf
