// All-to-all on a ring, mesh or torus is limited by its bisection: n²/4 pairs exchange S/n each
// way across the cut of the longer dimension, S·N/4 bytes over 2 (ring), Y (mesh) or 2Y (torus)
// links, and by each device's own links (injection); across nodes the rest leaves by the NICs.
#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

namespace servesim::perf {
namespace {

using collectives::grid;
using collectives::grid_shape;
using collectives::latency;
using collectives::rate;
using collectives::switched;
using mapping::CommGroup;
using model::OpKind;

std::optional<CollectiveCost> bisection(OpKind kind, double bytes, const CommGroup& g,
                                        double node_dedup) {
  if (kind != OpKind::all_to_all || switched(g.intra)) return std::nullopt;
  if (g.nodes() > 1) {
    // Inside each node the bisection bounds the node's own share; the rest leaves by the NICs.
    CommGroup node = g;
    node.ranks = g.ranks_per_node;
    const double local = static_cast<double>(g.ranks_per_node);
    const double total = static_cast<double>(g.ranks);
    auto inside = bisection(kind, bytes * local / total, node, node_dedup);
    CollectiveCost c;
    c.algorithm = "bisection";
    c.inter_bytes = (total - local) / total * bytes * node_dedup;
    c.intra_bytes = inside ? inside->intra_bytes : 0.0;
    const double intra_time = inside ? inside->time.value() : 0.0;
    c.time = core::Seconds(std::max(intra_time, c.inter_bytes / rate(g.inter)) + latency(g.inter));
    return c;
  }
  const double n = static_cast<double>(g.ranks);
  double cut_links = 2, diameter = n / 2, device_links = 2;
  if (grid(g.intra)) {
    const auto [x, y] = grid_shape(g.intra, g.ranks);
    const bool torus = g.intra.topology == hardware::Topology::torus2d;
    cut_links = (torus ? 2.0 : 1.0) * std::min(x, y);
    diameter = torus ? x / 2 + y / 2 : x - 1 + y - 1;
    device_links = torus ? 4 : 2;  // a mesh's edge devices have fewer; take the interior's half
  }
  CollectiveCost c;
  c.algorithm = "bisection";
  c.intra_bytes = (n - 1) / n * bytes;
  // Neither the bisection nor a device's own links (injection) can be exceeded.
  const double cut_time = bytes * n / 4 / (cut_links * rate(g.intra));
  const double injection_time = c.intra_bytes / (device_links * rate(g.intra));
  c.time = core::Seconds(std::max(cut_time, injection_time) +
                         std::max(1.0, diameter) * latency(g.intra));
  return c;
}

}  // namespace

void register_bisection_collective(core::Registry<CollectiveAlgorithm>& r) {
  r.add(
      {"bisection", "all-to-all limited by the bisection of a ring, mesh or torus", {}, bisection});
}

}  // namespace servesim::perf
