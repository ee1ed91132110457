// The roofline assembly and the roofline engine (see roofline.h, perf_engine.h).
#include "perf/roofline.h"

#include <algorithm>

#include "perf/gemm_efficiency.h"
#include "perf/perf_engine.h"

namespace servesim::perf {
namespace {

// Element-wise ops, norms and softmax run on a template's vector units when it has them; else
// (GPUs, templates without vector units) at the device's peak.
core::FlopsPerSecond streaming_peak(core::FlopsPerSecond peak, const hardware::Device& device) {
  if (device.compute_template && device.compute_template->vector) {
    return device.compute_template->vector->peak();
  }
  return peak;
}

OpCost roofline_engine_cost(const model::Op& op, const hardware::Device& device) {
  const core::FlopsPerSecond peak = device.peak_for(op.compute);
  core::Seconds compute{};
  switch (op.kind) {
    case model::OpKind::gemm:
    case model::OpKind::grouped_gemm:
      compute = gemm_compute_time(op.m, op.n, op.k, op.groups, op.compute, device);
      break;
    case model::OpKind::attention_prefill:
    case model::OpKind::attention_decode:
      compute = core::Seconds(op.flops / (peak.value() * device.calibration.attention_peak_fraction));
      break;
    default:
      compute = core::Seconds(op.flops / streaming_peak(peak, device).value());
      break;
  }
  return roofline_cost(op, device, compute, core::Bytes(op.memory_bytes()));
}

// The bandwidth fraction an op's traffic reaches: decode attention's own (the fixed work per
// sequence worth `sequence_tokens` of KV, so L / (L + L0) of its peak at L cached tokens per
// sequence), any other op the streaming efficiency.
double bandwidth_fraction(const model::Op& op, const hardware::Calibration& c) {
  if (op.kind != model::OpKind::attention_decode || c.attention_decode_efficiency <= 0) {
    return c.memory_efficiency;
  }
  if (op.k <= 0) return c.attention_decode_efficiency;  // no length given: the long-sequence rate
  const double tokens = static_cast<double>(op.k);
  return c.attention_decode_efficiency * tokens / (tokens + c.attention_decode_sequence_tokens);
}

}  // namespace

OpCost roofline_cost(const model::Op& op, const hardware::Device& device, core::Seconds compute,
                     core::Bytes traffic) {
  const core::Seconds memory(traffic.value() / (device.memory_bandwidth.value() *
                                                 bandwidth_fraction(op, device.calibration)));
  const core::Seconds overhead = device.calibration.kernel_overhead;
  OpCost cost;
  cost.time = core::max(compute, memory) + overhead;
  cost.flops = core::Flops(op.flops);
  cost.bytes = traffic;
  cost.energy = (core::Flops(op.flops) * device.energy_for(op.compute) +
                 traffic * device.memory_energy) *
                op.energy_share;
  cost.bound = dominant(compute, memory, overhead, Bound::memory);
  return cost;
}

void register_roofline_engine(core::Registry<PerfEngine>& r) {
  r.add({"roofline",
         "tiled GEMMs with wave quantisation on datasheet peaks, flash attention and streaming "
         "ops, each against its memory traffic",
         {},
         {"calibration", [](model::OpKind, const hardware::Device&) { return true; },
          roofline_engine_cost}});
}

}  // namespace servesim::perf
