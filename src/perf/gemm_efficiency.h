// Sustained compute time of a GEMM on a device with `units` parallel compute units (SMs), from
// its tiling: the output is cut into tile_m × tile_n tiles (tile_m shrinks to M rounded up to 16
// for skinny GEMMs), tiles run in waves of `units`, a wave that is not full wastes the idle units,
// too few tiles are split along K (split-K) to fill the machine, and each tile pays a fixed
// prologue/epilogue equal to `k_overhead` K-elements. With a perfect shape this tends to
// flops / (peak · peak_fraction). When the device's tile yields fewer tiles than units, the
// fastest of its halves is used instead, as GEMM libraries fall back to smaller tiles. Tiling and wave quantisation as in
// CUTLASS/cuBLAS kernels. A grouped MoE expert GEMM (groups > 1 experts on the rank) runs at
// `grouped_gemm_efficiency` of that rate; batched GEMMs of equal problems run at the full rate.
#pragma once

#include <cstdint>

#include "core/units.h"
#include "hardware/device.h"

namespace servesim::perf {

/// Compute-side time of `groups` GEMMs of m × k × n at `peak` (dense) on `device`; `moe_experts`
/// marks the grouped GEMM of a rank's routed experts.
core::Seconds gemm_compute_time(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t groups,
                                core::FlopsPerSecond peak, const hardware::Device& device,
                                bool moe_experts = false);

}  // namespace servesim::perf
