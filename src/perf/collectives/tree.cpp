// Hierarchical tree all-reduce (multi-node): intra-node reduce-scatter + all-gather, and a binary
// tree over the nodes on S/n per rank: 2(S/n)/B_nic + 2·⌈log2 nodes⌉·α_nic (NCCL trees).
#include <cmath>

#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

namespace servesim::perf {
namespace {

using collectives::latency;
using collectives::rate;
using mapping::CommGroup;
using model::OpKind;

std::optional<CollectiveCost> tree(OpKind kind, double bytes, const CommGroup& g, double) {
  if (kind != OpKind::all_reduce || g.nodes() <= 1) return std::nullopt;
  const double local = static_cast<double>(g.ranks_per_node);
  CollectiveCost c;
  c.algorithm = "tree";
  double t = 0;
  if (g.ranks_per_node > 1) {
    c.intra_bytes = 2 * (local - 1) / local * bytes;
    t += c.intra_bytes / rate(g.intra) + 2 * (local - 1) * latency(g.intra);
  }
  c.inter_bytes = 2 * bytes / local;
  t += c.inter_bytes / rate(g.inter) +
       2 * std::ceil(std::log2(static_cast<double>(g.nodes()))) * latency(g.inter);
  c.time = core::Seconds(t);
  return c;
}

}  // namespace

void register_tree_collective(core::Registry<CollectiveAlgorithm>& r) {
  r.add({"tree", "hierarchical: intra-node ring + inter-node binary tree (all-reduce)", {}, tree});
}

}  // namespace servesim::perf
