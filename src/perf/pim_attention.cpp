// PIM attention pricing (see pim_attention.h).
#include "perf/pim_attention.h"

#include <algorithm>

namespace servesim::perf {

OpCost pim_attention_cost(const model::Op& op, const hardware::PimSpec& pim) {
  const core::Seconds stream(op.kv_bytes / hardware::internal_bandwidth(pim).value());
  const core::Seconds compute(op.flops / hardware::pim_compute(pim).value());
  OpCost c;
  c.time = core::max(stream, compute) + pim.launch;
  c.flops = core::Flops(op.flops);
  c.bytes = core::Bytes(op.kv_bytes);
  c.energy = core::Bytes(op.kv_bytes) * pim.energy + core::Flops(op.flops) * pim.pu_energy;
  c.bound = dominant(compute, stream, pim.launch, Bound::memory);
  return c;
}

core::Seconds during_transfer(core::Seconds work, core::Seconds transfer,
                              const hardware::PimSpec& pim) {
  if (pim.kind != hardware::PimKind::dimm_pim) return work;
  const double share = pim.compute_share_during_transfer;
  return work <= transfer * share ? work / share : work + transfer * (1.0 - share);
}

core::Seconds relayout_time(const hardware::PimSpec& pim, core::Seconds transfer) {
  return pim.in_flight_relayout ? core::Seconds{} : transfer * 2.0;
}

}  // namespace servesim::perf
