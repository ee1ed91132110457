// Price of a compute or memory op on a device: a roofline with calibrated efficiency,
//   time = max(compute time, bytes / (bandwidth · η)) + kernel_overhead,
// with η the memory efficiency of a streaming kernel, or for decode attention (when the device
// gives one) attention_decode_efficiency · L / (L + L0) at L cached tokens per sequence
// (L0 = attention_decode_sequence_tokens: a sequence's fixed work in KV tokens),
// where compute time is the engine's (perf_engine.h): for the roofline engine the tiled GEMM time
// (gemm_efficiency.h) for GEMMs, flops / (peak · attention_peak_fraction) for attention (Dao,
// FlashAttention-2/3), and flops / peak for streaming ops (element-wise, norms: the vector units'
// peak on a template device that has them). Every efficiency is ≤ 1, so no op is faster than
// max(flops / peak, bytes / bandwidth).
// Energy = flops · energy_per_flop(dtype) + bytes · memory_energy (static power is per step).
#pragma once

#include "hardware/device.h"
#include "model/op.h"
#include "perf/op_cost.h"

namespace servesim::perf {

/// The roofline assembly of an op whose compute side takes `compute` and moves `traffic` bytes
/// of device memory.
OpCost roofline_cost(const model::Op& op, const hardware::Device& device, core::Seconds compute,
                     core::Bytes traffic);

}  // namespace servesim::perf
