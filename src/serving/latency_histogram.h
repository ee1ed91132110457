// Streaming latency statistics in bounded memory: exact count, mean and max, and percentiles from
// a log-spaced histogram (buckets grow by 1% from 1 µs to 10^5 s), so a percentile is within 0.5%
// of the exact order statistic, whatever the number of samples.
#pragma once

#include <cstdint>
#include <vector>

namespace servesim::serving {

class LatencyHistogram {
 public:
  LatencyHistogram();
  void add(double seconds);
  [[nodiscard]] std::int64_t count() const { return count_; }
  [[nodiscard]] double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  [[nodiscard]] double max() const { return max_; }
  /// Nearest-rank percentile, q in (0, 1]; 0 when empty.
  [[nodiscard]] double percentile(double q) const;

 private:
  std::vector<std::int64_t> buckets_;
  std::int64_t count_ = 0;
  double sum_ = 0;
  double max_ = 0;
  double min_ = 0;
};

}  // namespace servesim::serving
