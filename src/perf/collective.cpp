// Ring, tree and direct collective algorithms (equations in collective.h).
#include "perf/collective.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace servesim::perf {
namespace {

using mapping::CommGroup;
using model::OpKind;

using hardware::Topology;

double rate(const hardware::LinkSpec& l) { return l.bandwidth.value() * l.efficiency; }
double latency(const hardware::LinkSpec& l) { return l.latency.value(); }

bool switched(const hardware::LinkSpec& l) {
  return l.topology == Topology::switch_fabric || l.topology == Topology::photonic;
}
bool grid(const hardware::LinkSpec& l) {
  return l.topology == Topology::mesh2d || l.topology == Topology::torus2d;
}
// A photonic switch needs a second optical hop for groups beyond its radix.
double switch_latency(const hardware::LinkSpec& l, std::int64_t ranks) {
  return l.topology == Topology::photonic && ranks > l.radix ? 2 * latency(l) : latency(l);
}
// The sub-grid a group of n ranks occupies: as many columns as the fabric has, then rows.
std::pair<double, double> grid_shape(const hardware::LinkSpec& l, std::int64_t n) {
  const std::int64_t x = std::min(l.shape_x, n);
  return {static_cast<double>(x), static_cast<double>((n + x - 1) / x)};
}

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
    const double links = g.intra.topology == Topology::ring ? 2.0 : 1.0;
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

// Dimension-ordered rings on a 2D mesh or torus (one node): reduce-scatter along X, then Y, and
// the all-gather back. A torus row is a bidirectional ring (two links per device per dimension);
// a mesh row is a line, which carries one ring's traffic per direction.
std::optional<CollectiveCost> grid_ring(OpKind kind, double bytes, const CommGroup& g, double) {
  if (g.nodes() > 1 || !grid(g.intra)) return std::nullopt;
  double passes = 0;
  if (kind == OpKind::all_reduce) {
    passes = 2;
  } else if (kind == OpKind::all_gather || kind == OpKind::reduce_scatter) {
    passes = 1;
  } else {
    return std::nullopt;
  }
  const auto [x, y] = grid_shape(g.intra, g.ranks);
  const double links = g.intra.topology == Topology::torus2d ? 2.0 : 1.0;
  const double along_x = passes * (x - 1) / x * bytes;
  const double along_y = passes * (y - 1) / y * bytes / x;
  CollectiveCost c;
  c.algorithm = "2d-ring";
  c.intra_bytes = along_x + along_y;
  c.time = core::Seconds(c.intra_bytes / (links * rate(g.intra)) +
                         passes * (x - 1 + y - 1) * latency(g.intra));
  return c;
}

// All-to-all on a ring, mesh or torus is limited by its bisection: n²/4 pairs exchange S/n each
// way across the cut of the longer dimension, over 2 (ring), Y (mesh) or 2Y (torus) links.
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
    const bool torus = g.intra.topology == Topology::torus2d;
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
    r.add({"direct", "one-shot on a switch or photonic fabric: every rank with every peer at once",
           {}, direct});
    r.add({"2d-ring", "dimension-ordered rings on a 2D mesh or torus", {}, grid_ring});
    r.add({"bisection", "all-to-all limited by the bisection of a ring, mesh or torus", {},
           bisection});
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
  if (!std::isfinite(best.time.value())) {
    throw std::logic_error("no collective algorithm applies to this group");
  }
  return best;
}

}  // namespace servesim::perf
