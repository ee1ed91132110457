// PIM attention pricing (see pim_attention.h).
#include "perf/pim_attention.h"

#include <algorithm>

#include "perf/perf_engine.h"

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

namespace {

bool is_pim_attention(model::OpKind kind, const hardware::Device& device) {
  return kind == model::OpKind::attention_decode && device.pim.has_value();
}

OpCost pim_engine_cost(const model::Op& op, const hardware::Device& device) {
  OpCost c = pim_attention_cost(op, *device.pim);  // KV stays in the PIM memory
  c.energy = c.energy * op.energy_share;
  return c;
}

}  // namespace

void register_pim_attention_engine(core::Registry<PerfEngine>& r) {
  r.add({"pim-attention",
         "decode attention on the PIM units, streaming the KV cache at the PIM's internal "
         "bandwidth (AttAcc, L3, NeuPIMs)",
         {},
         {"memory.pim", is_pim_attention, pim_engine_cost}});
}

}  // namespace servesim::perf
