// Price of a compute or memory op on a device: a roofline with calibrated efficiency,
//   time = max(compute time, bytes / (bandwidth · memory_efficiency)) + kernel_overhead,
// where compute time is the tiled GEMM time (gemm_efficiency.h) for GEMMs, flops / (peak ·
// attention_peak_fraction) for attention (Dao, FlashAttention-2/3), and flops / peak for streaming
// ops (element-wise, norms: the vector units' peak on a template device that has them). Every efficiency is ≤ 1, so no op is faster than max(flops / peak, bytes / bandwidth).
// Energy = flops · energy_per_flop(dtype) + bytes · memory_energy (static power is per step).
#pragma once

#include "hardware/device.h"
#include "model/op.h"
#include "perf/op_cost.h"

namespace servesim::perf {

/// Cost of one instance of a non-communication op. Contract: op.kind is not a collective.
OpCost compute_op_cost(const model::Op& op, const hardware::Device& device);

}  // namespace servesim::perf
