// Wave-quantised, split-K aware GEMM compute time (see gemm_efficiency.h).
#include "perf/gemm_efficiency.h"

#include <algorithm>
#include <utility>

namespace servesim::perf {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Smallest K slice split-K uses: below it the reduction of partial tiles costs more than it saves.
constexpr std::int64_t kMinSplitK = 256;

// Time with one output tile shape (see gemm_efficiency.h).
double tiled_time(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t groups,
                  std::int64_t tile_m, std::int64_t tile_n, double per_unit_rate,
                  std::int64_t units, double k_overhead) {
  tile_m = std::min(tile_m, ceil_div(m, 16) * 16);
  tile_n = std::min(tile_n, ceil_div(n, 16) * 16);
  const std::int64_t tiles = ceil_div(m, tile_m) * ceil_div(n, tile_n) * std::max<std::int64_t>(1, groups);
  const std::int64_t split =
      std::clamp<std::int64_t>(units / tiles, 1, std::max<std::int64_t>(1, k / kMinSplitK));
  const std::int64_t waves = ceil_div(tiles * split, units);
  const double k_slice = static_cast<double>(ceil_div(k, split)) + k_overhead;
  const double tile_flops = 2.0 * static_cast<double>(tile_m * tile_n) * k_slice;
  return static_cast<double>(waves) * tile_flops / per_unit_rate;
}

}  // namespace

core::Seconds gemm_compute_time(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t groups,
                                core::DType format, const hardware::Device& device) {
  const hardware::Calibration& c = device.calibration;
  const std::int64_t units = std::max<std::int64_t>(1, device.compute_units);
  // The fraction of the units that run the format (int4 on int8 units: int8's).
  const double per_unit_rate = device.peak_for(format).value() *
                               c.gemm_fraction(device.compute_format(format)) /
                               static_cast<double>(units);
  // The tile overhead is a fixed time: k_overhead K-elements at the 16-bit rate, worth
  // rate(format) / rate(16-bit) as many K-elements in `format`.
  const double sixteen_bit = device.peak_for(core::DType::fp16).value() *
                             c.gemm_fraction(device.compute_format(core::DType::fp16)) /
                             static_cast<double>(units);
  const double k_overhead =
      c.gemm_k_overhead * (sixteen_bit > 0 ? per_unit_rate / sixteen_bit : 1.0);
  double best = tiled_time(m, n, k, groups, c.gemm_tile_m, c.gemm_tile_n, per_unit_rate, units,
                           k_overhead);
  for (const auto& [tm, tn] : {std::pair{c.gemm_tile_m, c.gemm_tile_n / 2},
                               std::pair{c.gemm_tile_m / 2, c.gemm_tile_n / 2}}) {
    if (tm < 16 || tn < 16) continue;
    best = std::min(best, tiled_time(m, n, k, groups, tm, tn, per_unit_rate, units, k_overhead));
  }
  return core::Seconds(best);
}

}  // namespace servesim::perf
