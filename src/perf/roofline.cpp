// Roofline pricing of compute and memory ops (see roofline.h).
#include "perf/roofline.h"

#include <algorithm>

#include "perf/gemm_efficiency.h"
#include "perf/pim_attention.h"
#include "perf/template_gemm.h"

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

core::Seconds attention_compute_time(const model::Op& op, core::FlopsPerSecond peak,
                                     const hardware::Device& device) {
  return core::Seconds(op.flops / (peak.value() * device.calibration.attention_peak_fraction));
}

}  // namespace

OpCost compute_op_cost(const model::Op& op, const hardware::Device& device) {
  if (op.kind == model::OpKind::attention_decode && device.pim) {
    OpCost c = pim_attention_cost(op, *device.pim);  // KV stays in the PIM memory
    c.energy = c.energy * op.energy_share;
    return c;
  }
  // Compute-side time and memory traffic depend on the engine; the roofline assembly does not.
  const core::FlopsPerSecond peak = device.peak_for(op.compute);
  core::Seconds compute{};
  core::Bytes traffic(op.memory_bytes());
  switch (op.kind) {
    case model::OpKind::gemm:
    case model::OpKind::grouped_gemm:
      if (device.compute_template) {
        const double element = op.weight_bytes > 0 && op.k > 0 && op.n > 0
                                   ? op.weight_bytes / static_cast<double>(op.groups * op.k * op.n)
                                   : core::bytes_per_element(op.compute);
        const TemplateGemm t = template_gemm(op.m, op.n, op.k, op.groups, element,
                                             core::bytes_per_element(op.compute) <= 1.0, device);
        compute = t.compute;
        traffic = core::max(t.traffic, traffic);
      } else {
        compute = gemm_compute_time(op.m, op.n, op.k, op.groups, peak, device,
                                    op.cls == model::OpClass::moe_experts);
      }
      break;
    case model::OpKind::attention_prefill:
    case model::OpKind::attention_decode:
      compute = attention_compute_time(op, peak, device);
      break;
    default:
      compute = core::Seconds(op.flops / streaming_peak(peak, device).value());
      break;
  }
  const core::Seconds memory(traffic.value() / (device.memory_bandwidth.value() *
                                                 device.calibration.memory_efficiency));
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

}  // namespace servesim::perf
