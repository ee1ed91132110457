// ServeGen PMF strings (see token_pmf.h): a small recursive-descent reader over
//   pmf := '{' [ entry (',' entry)* [','] ] '}'     entry := number ':' number
// followed by inverse-CDF sampling, P(X <= x_i) = sum_{j <= i} p_j.
#include "serving/token_pmf.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

namespace servesim::serving {
namespace {

constexpr double kMaxTokens = 1099511627776.0;  // 2^40, as for the trace readers
constexpr double kSumTolerance = 1e-3;

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
      ++pos_;
    }
  }
  /// Consumes `c` after optional whitespace; false (nothing consumed) if it is not next.
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::optional<double> number() {
    skip_space();
    double v = 0;
    const char* begin = text_.data() + pos_;
    const auto [ptr, ec] = std::from_chars(begin, text_.data() + text_.size(), v);
    if (ec != std::errc() || !std::isfinite(v)) return std::nullopt;
    pos_ += static_cast<std::size_t>(ptr - begin);
    return v;
  }
  [[nodiscard]] bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }
  [[nodiscard]] std::size_t position() const { return pos_; }
  /// What stands at the cursor, for messages: "'x'" or "the end".
  [[nodiscard]] std::string found() const {
    return pos_ < text_.size() ? fmt::format("'{}'", text_[pos_]) : "the end";
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<TokenPmf> TokenPmf::parse(std::string_view text, std::string& error) {
  Cursor in(text);
  const auto fail = [&](const std::string& what) {
    error = fmt::format("{} at character {} (expected a PMF such as \"{{45: 0.25, 46: 0.75}}\")",
                        what, in.position());
    return std::nullopt;
  };
  if (!in.accept('{')) return fail(fmt::format("found {} instead of '{{'", in.found()));
  std::map<std::int64_t, double> entries;
  while (!in.accept('}')) {
    const auto key = in.number();
    if (!key) return fail(fmt::format("found {} instead of a token count", in.found()));
    if (*key < 1 || *key > kMaxTokens || *key != std::floor(*key)) {
      return fail(fmt::format("token count {:g} is not a whole number from 1 to 2^40", *key));
    }
    if (!in.accept(':'))
      return fail(fmt::format("found {} instead of ':' after {:g}", in.found(), *key));
    const auto p = in.number();
    if (!p)
      return fail(fmt::format("found {} instead of the probability of {:g}", in.found(), *key));
    if (*p < 0) return fail(fmt::format("probability {:g} of {:g} is negative", *p, *key));
    if (!entries.emplace(static_cast<std::int64_t>(*key), *p).second) {
      return fail(fmt::format("token count {:g} appears twice", *key));
    }
    if (!in.accept(',')) {
      if (!in.accept('}')) return fail(fmt::format("found {} instead of ',' or '}}'", in.found()));
      break;
    }
  }
  if (!in.at_end()) return fail(fmt::format("found {} after the closing '}}'", in.found()));
  double sum = 0;
  for (const auto& [value, p] : entries) sum += p;
  if (!entries.empty() && std::abs(sum - 1) > kSumTolerance) {
    error = fmt::format("probabilities sum to {:g}; expected 1 (within {:g})", sum, kSumTolerance);
    return std::nullopt;
  }
  TokenPmf pmf;
  double cumulative = 0;
  for (const auto& [value, p] : entries) {
    if (p == 0) continue;
    cumulative += p / sum;
    pmf.values_.push_back(value);
    pmf.cumulative_.push_back(cumulative);
    pmf.mean_ += static_cast<double>(value) * p / sum;
  }
  if (!pmf.cumulative_.empty()) pmf.cumulative_.back() = 1.0;
  return pmf;
}

std::int64_t TokenPmf::sample(std::mt19937_64& rng) const {
  if (empty()) throw std::logic_error("TokenPmf::sample on an empty PMF");
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return values_[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()),
                                       values_.size() - 1)];
}

}  // namespace servesim::serving
