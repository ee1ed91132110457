// Ring, tree and direct collective algorithms (equations in collective.h).
#include "perf/collective.h"

#include <cmath>
#include <limits>

namespace servesim::perf {
namespace {

using mapping::CommGroup;
using model::OpKind;

double rate(const hardware::LinkSpec& l) { return l.bandwidth.value() * l.efficiency; }
double latency(const hardware::LinkSpec& l) { return l.latency.value(); }

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
    c.intra_bytes = traffic;
    c.time = core::Seconds(traffic / rate(g.intra) + steps * latency(g.intra));
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

std::optional<CollectiveCost> direct(OpKind kind, double bytes, const CommGroup& g,
                                     double node_dedup) {
  const double n = static_cast<double>(g.ranks);
  CollectiveCost c;
  c.algorithm = "direct";
  if (kind == OpKind::all_to_all) {
    const double local = static_cast<double>(std::min(g.ranks_per_node, g.ranks));
    c.intra_bytes = (local - 1) / n * bytes;
    c.inter_bytes = (n - local) / n * bytes * node_dedup;
    const double t = std::max(c.intra_bytes / rate(g.intra),
                              c.inter_bytes > 0 ? c.inter_bytes / rate(g.inter) : 0.0);
    c.time = core::Seconds(t + latency(g.nodes() > 1 ? g.inter : g.intra));
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
  c.time = core::Seconds(c.intra_bytes / rate(g.intra) + latency(g.intra));
  return c;
}

std::optional<CollectiveCost> point_to_point(OpKind kind, double bytes, const CommGroup& g, double) {
  if (kind != OpKind::send_recv) return std::nullopt;
  CollectiveCost c;
  c.algorithm = "p2p";
  const bool crosses = g.nodes() > 1;
  (crosses ? c.inter_bytes : c.intra_bytes) = bytes;
  const hardware::LinkSpec& link = crosses ? g.inter : g.intra;
  c.time = core::Seconds(bytes / rate(link) + latency(link));
  return c;
}

}  // namespace

const core::Registry<CollectiveAlgorithm>& collective_algorithms() {
  static const core::Registry<CollectiveAlgorithm> registry = [] {
    core::Registry<CollectiveAlgorithm> r("collective algorithm");
    r.add({"ring", "bandwidth-optimal ring; one channel per NIC across nodes", {}, ring});
    r.add({"tree", "hierarchical: intra-node ring + inter-node binary tree (all-reduce)", {}, tree});
    r.add({"direct", "one-shot on a switch: every rank exchanges with every peer at once", {}, direct});
    r.add({"p2p", "point-to-point send/receive between pipeline stages", {}, point_to_point});
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
  return best;
}

}  // namespace servesim::perf
