// Perf engines: what prices a compute or memory op on a device. Each engine registers a name, a
// one-line summary, the device-file section its parameters live in (declared once there, in
// hardware/device_spec.h: `servesim list perf-engines` lists them from it), whether it prices an
// op kind on a device, and the op's cost. An op is priced by the first registered engine that
// applies to its kind on the device (so a step model can choose once per kind):
//   pim-attention  decode attention on a device with a PIM (pim_attention.h);
//   dataflow       GEMMs on a template accelerator's engines (template_gemm.h);
//   roofline       everything else: tiled GEMMs on datasheet peaks, flash attention, streaming
//                  ops (roofline.h).
#pragma once

#include "core/registry.h"
#include "hardware/device.h"
#include "model/op.h"
#include "perf/op_cost.h"

namespace servesim::perf {

struct PerfEngine {
  const char* device_fields;  // the device-file section of its parameters ("calibration")
  /// Whether the engine prices ops of `kind` on `device`.
  bool (*applies)(model::OpKind kind, const hardware::Device& device);
  /// The cost of one instance of `op`. Contract: applies(op.kind, device).
  OpCost (*cost)(const model::Op& op, const hardware::Device& device);
};

/// The engines in the order they are tried.
const core::Registry<PerfEngine>& perf_engines();

/// The pricing of ops of `kind` on `device`: the first engine that applies. Contract: `kind` is
/// not a collective.
const PerfEngine& engine_for(model::OpKind kind, const hardware::Device& device);

/// Cost of one instance of a non-communication op on `device` (engine_for(op.kind).cost).
OpCost compute_op_cost(const model::Op& op, const hardware::Device& device);

/// Explicit registrations, one per engine file.
void register_pim_attention_engine(core::Registry<PerfEngine>& registry);
void register_dataflow_engine(core::Registry<PerfEngine>& registry);
void register_roofline_engine(core::Registry<PerfEngine>& registry);

}  // namespace servesim::perf
