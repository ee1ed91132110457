// Sustained compute time of a GEMM on a device with `units` parallel compute units (SMs), from
// its tiling: the output is cut into tile_m × tile_n tiles (tile_m shrinks to M rounded up to 16
// for skinny GEMMs), tiles run in waves of `units`, a wave that is not full wastes the idle units,
// too few tiles are split along K (split-K) to fill the machine, and each tile pays a fixed
// prologue/epilogue equal to `k_overhead` K-elements at the 16-bit rate (a fixed time: in a
// format twice as fast it is worth twice the K-elements). With a perfect shape this tends to
// flops / (peak · peak_fraction(format)). The library's choice among the device's tile and its
// halves (tile_m × tile_n/2, tile_m/2 × tile_n/2) is the fastest, as GEMM heuristics pick the
// configuration by shape. Tiling and wave quantisation as in CUTLASS/cuBLAS kernels. A grouped
// GEMM (`groups` problems of the same shape, e.g. a rank's routed experts) schedules all its
// problems' tiles as one grid, at the same rate (DeepGEMM's grouped rows, tests/data/kernels-2.csv).
#pragma once

#include <cstdint>

#include "core/dtype.h"
#include "core/units.h"
#include "hardware/device.h"

namespace servesim::perf {

/// Compute-side time of `groups` GEMMs of m × k × n in `format` (dense peak) on `device`.
core::Seconds gemm_compute_time(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t groups,
                                core::DType format, const hardware::Device& device);

}  // namespace servesim::perf
