// The largest static batch that fits memory: a doubling search, then bisection, over batch sizes
// from 1 to kMaxBatch (memory use grows with the batch, so "fits" is monotone).
#pragma once

#include <algorithm>
#include <cstdint>

namespace servesim::scenario {

inline constexpr std::int64_t kMaxBatch = 10'000'000;  // the largest batch a scenario may ask for

/// The largest batch in [1, kMaxBatch] for which `fits(batch)` holds; 1 when none fits, so that
/// the caller reports what does not fit. Contract: `fits` is monotone (true, then false).
template <class Fits>
std::int64_t largest_fitting_batch(const Fits& fits) {
  std::int64_t fitting = 0, failing = 1;
  while (failing <= kMaxBatch && fits(failing)) fitting = failing, failing *= 2;
  failing = std::min(failing, kMaxBatch + 1);
  while (failing - fitting > 1) {
    const std::int64_t mid = fitting + (failing - fitting) / 2;
    (fits(mid) ? fitting : failing) = mid;
  }
  return std::max<std::int64_t>(fitting, 1);
}

}  // namespace servesim::scenario
