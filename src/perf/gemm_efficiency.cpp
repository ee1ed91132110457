// Wave-quantised, split-K aware GEMM compute time (see gemm_efficiency.h).
#include "perf/gemm_efficiency.h"

#include <algorithm>

namespace servesim::perf {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Smallest K slice split-K uses: below it the reduction of partial tiles costs more than it saves.
constexpr std::int64_t kMinSplitK = 256;

}  // namespace

core::Seconds gemm_compute_time(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t groups,
                                core::FlopsPerSecond peak, const hardware::DeviceSpec& device) {
  const hardware::Calibration& c = device.calibration;
  const std::int64_t units = std::max<std::int64_t>(1, device.compute_units);
  const std::int64_t tile_m = std::min(c.gemm_tile_m, ceil_div(m, 16) * 16);
  const std::int64_t tile_n = std::min(c.gemm_tile_n, ceil_div(n, 16) * 16);
  const std::int64_t tiles = ceil_div(m, tile_m) * ceil_div(n, tile_n) * std::max<std::int64_t>(1, groups);
  const std::int64_t split =
      std::clamp<std::int64_t>(units / tiles, 1, std::max<std::int64_t>(1, k / kMinSplitK));
  const std::int64_t work_items = tiles * split;
  const std::int64_t waves = ceil_div(work_items, units);
  const double k_slice = static_cast<double>(ceil_div(k, split)) + c.gemm_k_overhead;
  const double per_unit_rate = peak.value() * c.gemm_peak_fraction / static_cast<double>(units);
  const double tile_flops = 2.0 * static_cast<double>(tile_m * tile_n) * k_slice;
  return core::Seconds(static_cast<double>(waves) * tile_flops / per_unit_rate);
}

}  // namespace servesim::perf
