// Dimension-ordered rings on a 2D mesh or torus of X×Y (one node): reduce-scatter along X, then Y,
// and the all-gather back, 2(X−1)/X·S + 2(Y−1)/Y·S/X bytes per rank. A torus row is a
// bidirectional ring (two links per device per dimension); a mesh row is a line, which carries
// one ring's traffic per direction.
#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

namespace servesim::perf {
namespace {

using collectives::grid;
using collectives::grid_shape;
using collectives::latency;
using collectives::rate;
using mapping::CommGroup;
using model::OpKind;

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
  const double links = g.intra.topology == hardware::Topology::torus2d ? 2.0 : 1.0;
  const double along_x = passes * (x - 1) / x * bytes;
  const double along_y = passes * (y - 1) / y * bytes / x;
  CollectiveCost c;
  c.algorithm = "2d-ring";
  c.intra_bytes = along_x + along_y;
  c.time = core::Seconds(c.intra_bytes / (links * rate(g.intra)) +
                         passes * (x - 1 + y - 1) * latency(g.intra));
  return c;
}

}  // namespace

void register_grid_ring_collective(core::Registry<CollectiveAlgorithm>& r) {
  r.add({"2d-ring", "dimension-ordered rings on a 2D mesh or torus", {}, grid_ring});
}

}  // namespace servesim::perf
