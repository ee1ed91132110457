// Point-to-point send/receive between pipeline stages: S / B + α over the scale-up link inside a
// node, the scale-out link across nodes.
#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

namespace servesim::perf {
namespace {

using collectives::latency;
using collectives::rate;
using mapping::CommGroup;
using model::OpKind;

std::optional<CollectiveCost> point_to_point(OpKind kind, double bytes, const CommGroup& g,
                                             double) {
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

void register_p2p_collective(core::Registry<CollectiveAlgorithm>& r) {
  r.add({"p2p", "point-to-point send/receive between pipeline stages", {}, point_to_point});
}

}  // namespace servesim::perf
