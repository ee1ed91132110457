// Token-length distributions of synthetic workloads: fixed, uniform:A:B, exp:MEAN and
// lognormal:MEAN:CV (the log-normal whose mean and coefficient of variation are given), or an
// empirical PMF (TokenPmf, e.g. the bundled reasoning descriptor). Samples are rounded and at
// least 1.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "serving/token_pmf.h"

namespace servesim::serving {

class LengthDistribution {
 public:
  /// Parses a spec; nullopt with `error` set when it is malformed.
  static std::optional<LengthDistribution> parse(const std::string& spec, std::string& error);
  /// Always `tokens` (>= 1).
  static LengthDistribution fixed(std::int64_t tokens);
  /// Draws from `pmf`. Precondition: pmf is non-null and not empty.
  static LengthDistribution empirical(std::shared_ptr<const TokenPmf> pmf);
  std::int64_t sample(std::mt19937_64& rng) const;
  [[nodiscard]] double mean() const;

 private:
  enum class Kind { fixed, uniform, exponential, lognormal, empirical } kind_ = Kind::fixed;
  double a_ = 1, b_ = 1;
  std::shared_ptr<const TokenPmf> pmf_;  // Kind::empirical
};

}  // namespace servesim::serving
