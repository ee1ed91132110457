// Token-length distributions of synthetic workloads: fixed, uniform:A:B, exp:MEAN and
// lognormal:MEAN:CV (the log-normal whose mean and coefficient of variation are given).
// Samples are rounded and at least 1.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace servesim::serving {

class LengthDistribution {
 public:
  /// Parses a spec; nullopt with `error` set when it is malformed.
  static std::optional<LengthDistribution> parse(const std::string& spec, std::string& error);
  std::int64_t sample(std::mt19937_64& rng) const;
  [[nodiscard]] double mean() const;

 private:
  enum class Kind { fixed, uniform, exponential, lognormal } kind_ = Kind::fixed;
  double a_ = 1, b_ = 1;
};

}  // namespace servesim::serving
