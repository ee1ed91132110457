// A discrete distribution of token counts, written as ServeGen writes its per-window PMFs: a
// Python-dict-like string "{45: 0.0096, 46: 0.0117, ...}" mapping a token count to its probability
// (alibaba/ServeGen, arXiv 2505.09999). Sampling is by inverse CDF over the sorted support.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::serving {

class TokenPmf {
 public:
  /// Parses "{K: P, ...}" (whitespace anywhere between tokens, a trailing comma, and "{}" for an
  /// empty PMF are accepted). Keys must be whole numbers from 1 to 2^40 (45 or 45.0), each at most
  /// once; probabilities finite and >= 0, summing to 1 within 1e-3 (they are renormalised), or
  /// all absent for "{}". On malformed text returns nullopt and sets `error` to what is wrong,
  /// where (character offset) and what is expected.
  static std::optional<TokenPmf> parse(std::string_view text, std::string& error);

  /// True for "{}" (a window without requests).
  [[nodiscard]] bool empty() const { return values_.empty(); }
  /// A token count drawn with the PMF's probabilities. Precondition: !empty().
  std::int64_t sample(std::mt19937_64& rng) const;
  /// Probability-weighted mean token count (0 when empty).
  [[nodiscard]] double mean() const { return mean_; }

 private:
  std::vector<std::int64_t> values_;  // ascending
  std::vector<double> cumulative_;    // P(X <= values_[i]), last = 1
  double mean_ = 0;
};

}  // namespace servesim::serving
