// One-shot collectives on a switch or photonic fabric: every rank reads all peers' buffers at
// once, (N−1)·S / B + α for all-reduce, (N−1)/N·S / B + α for all-gather, reduce-scatter and
// all-to-all (a photonic fabric beyond its radix: 2α); all-to-all also across nodes, its
// inter-node bytes scaled by the node deduplication (DeepEP).
#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

namespace servesim::perf {
namespace {

using collectives::latency;
using collectives::rate;
using collectives::switch_latency;
using collectives::switched;
using mapping::CommGroup;
using model::OpKind;

std::optional<CollectiveCost> direct(OpKind kind, double bytes, const CommGroup& g,
                                     double node_dedup) {
  const double n = static_cast<double>(g.ranks);
  CollectiveCost c;
  c.algorithm = "direct";
  if (!switched(g.intra) && g.ranks_per_node > 1) return std::nullopt;  // needs a switch
  const double alpha = switch_latency(g.intra, g.ranks_per_node);
  if (kind == OpKind::all_to_all) {
    const double local = static_cast<double>(std::min(g.ranks_per_node, g.ranks));
    c.intra_bytes = (local - 1) / n * bytes;
    c.inter_bytes = (n - local) / n * bytes * node_dedup;
    const double t = std::max(c.intra_bytes / rate(g.intra),
                              c.inter_bytes > 0 ? c.inter_bytes / rate(g.inter) : 0.0);
    c.time = core::Seconds(t + (g.nodes() > 1 ? latency(g.inter) : alpha));
    return c;
  }
  if (g.nodes() > 1) return std::nullopt;
  if (kind == OpKind::all_reduce) {
    c.intra_bytes = (n - 1) * bytes;
  } else if (kind == OpKind::all_gather || kind == OpKind::reduce_scatter) {
    c.intra_bytes = (n - 1) / n * bytes;
  } else {
    return std::nullopt;
  }
  c.time = core::Seconds(c.intra_bytes / rate(g.intra) + alpha);
  return c;
}

}  // namespace

void register_direct_collective(core::Registry<CollectiveAlgorithm>& r) {
  r.add({"direct",
         "one-shot on a switch or photonic fabric: every rank with every peer at once",
         {},
         direct});
}

}  // namespace servesim::perf
