// Log-bucketed latency histogram (see latency_histogram.h).
#include "serving/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace servesim::serving {
namespace {

constexpr double kMin = 1e-6;
constexpr double kGrowth = 1.01;
const double kLogGrowth = std::log(kGrowth);
constexpr int kBuckets = 2600;  // covers 1 µs · 1.01^2600 ≈ 1.8e5 s

int bucket_of(double v) {
  if (v <= kMin) return 0;
  return std::min(kBuckets - 1, 1 + static_cast<int>(std::log(v / kMin) / kLogGrowth));
}

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBuckets, 0) {}

void LatencyHistogram::add(double seconds) {
  ++buckets_[static_cast<std::size_t>(bucket_of(seconds))];
  min_ = count_ == 0 ? seconds : std::min(min_, seconds);
  ++count_;
  sum_ += seconds;
  max_ = std::max(max_, seconds);
}

double LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0.0;
  const auto rank = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(count_)));
  std::int64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets_[static_cast<std::size_t>(b)];
    if (seen >= std::max<std::int64_t>(1, rank)) {
      if (b == 0) return min_;
      // Geometric middle of [kMin·g^(b-1), kMin·g^b], clamped to the observed range.
      const double mid = kMin * std::pow(kGrowth, static_cast<double>(b) - 0.5);
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

}  // namespace servesim::serving
