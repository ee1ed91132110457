// The collective registry and the choice of the fastest applicable algorithm (equations in
// collective.h; one file per algorithm under perf/collectives/).
#include "perf/collective.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "perf/collectives/algorithms.h"
#include "perf/collectives/link_terms.h"

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

namespace {

bool is_all_reduce_family(OpKind kind) {
  return kind == OpKind::all_reduce || kind == OpKind::all_gather ||
         kind == OpKind::reduce_scatter;
}

// The engine's one-shot or two-shot all-reduce, when it takes the buffer (see collective.h).
std::optional<CollectiveCost> custom_all_reduce(double bytes, const CommGroup& g,
                                                const CollectiveLibrary& lib) {
  if (g.nodes() > 1 || !collectives::switched(g.intra) || bytes > lib.custom_max_bytes) {
    return std::nullopt;
  }
  const double n = static_cast<double>(g.ranks);
  const double rate = collectives::rate(g.intra);
  const double alpha = collectives::switch_latency(g.intra, g.ranks);
  const double one_shot = (n - 1) * bytes / rate + alpha;           // one exchange
  const double two_shot = 2 * (n - 1) / n * bytes / rate + 2 * alpha;  // reduce-scatter, gather
  CollectiveCost c;
  c.algorithm = one_shot <= two_shot ? "custom one-shot" : "custom two-shot";
  c.intra_bytes = one_shot <= two_shot ? (n - 1) * bytes : 2 * (n - 1) / n * bytes;
  c.time = core::Seconds(std::min(one_shot, two_shot)) + lib.custom_call;
  return c;
}

// The group's links as NCCL's LL protocol sees them: half the rate, and inside a node no
// per-step synchronisation (the Vidur rows show no growth with the rank count below 1 MiB: 43,
// 41 and 34 us on 2, 4 and 8 H100s); across nodes the network's latency stays.
CommGroup low_latency_protocol(CommGroup g) {
  g.intra.efficiency *= 0.5;
  g.intra.latency = core::Seconds(0);
  g.inter.efficiency *= 0.5;
  return g;
}

}  // namespace

CollectiveLibrary collective_library(const model::EngineKernels& engine,
                                     const hardware::Calibration& device) {
  CollectiveLibrary lib;
  lib.impl = engine.all_reduce;
  lib.custom_max_bytes = engine.custom_all_reduce_max.value();
  lib.nccl_call = device.nccl_call_overhead;
  lib.custom_call = device.custom_all_reduce_overhead;
  return lib;
}

CollectiveCost collective_cost(OpKind kind, double bytes, const CommGroup& group,
                               double node_dedup, const CollectiveLibrary& library) {
  if (group.ranks <= 1 && kind != OpKind::send_recv) return CollectiveCost{{}, 0, 0, "none"};
  using model::AllReduceImpl;
  if (library.impl == AllReduceImpl::custom && kind == OpKind::all_reduce) {
    if (auto c = custom_all_reduce(bytes, group, library)) return *c;
  }
  const bool nccl = library.impl != AllReduceImpl::ideal;
  CollectiveCost best;
  best.time = core::Seconds(std::numeric_limits<double>::infinity());
  const auto consider = [&best](std::optional<CollectiveCost> c, const char* suffix) {
    if (!c || !(c->time < best.time)) return;
    best = *c;
    best.algorithm += suffix;
  };
  for (const auto& entry : collective_algorithms().entries()) {
    if (nccl && entry.name == "direct" && is_all_reduce_family(kind)) continue;
    consider(entry.value(kind, bytes, group, node_dedup), "");
    if (nccl && entry.name == "ring") {
      consider(entry.value(kind, bytes, low_latency_protocol(group), node_dedup), " (LL)");
    }
  }
  if (!std::isfinite(best.time.value())) {
    throw std::logic_error("no collective algorithm applies to this group");
  }
  if (nccl) best.time += library.nccl_call;
  return best;
}

}  // namespace servesim::perf
