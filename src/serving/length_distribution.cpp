// Length distributions (see length_distribution.h). Log-normal: σ² = ln(1 + CV²),
// μ = ln(mean) − σ²/2.
#include "serving/length_distribution.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace servesim::serving {
namespace {

constexpr double kMaxTokens = 1099511627776.0;  // 2^40: far beyond any context, safe to add

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

std::optional<double> positive(const std::string& s) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size() && v > 0 && v <= kMaxTokens) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

std::optional<LengthDistribution> LengthDistribution::parse(const std::string& spec,
                                                            std::string& error) {
  const auto parts = split(spec, ':');
  LengthDistribution d;
  auto arg = [&](std::size_t i) { return i < parts.size() ? positive(parts[i]) : std::nullopt; };
  if (parts.size() == 1 && arg(0)) {
    d.kind_ = Kind::fixed;
    d.a_ = *arg(0);
  } else if (parts.size() == 3 && parts[0] == "uniform" && arg(1) && arg(2) && *arg(1) <= *arg(2)) {
    d.kind_ = Kind::uniform;
    d.a_ = *arg(1);
    d.b_ = *arg(2);
  } else if (parts.size() == 2 && parts[0] == "exp" && arg(1)) {
    d.kind_ = Kind::exponential;
    d.a_ = *arg(1);
  } else if (parts.size() == 3 && parts[0] == "lognormal" && arg(1) && arg(2)) {
    d.kind_ = Kind::lognormal;
    const double sigma2 = std::log(1 + *arg(2) * *arg(2));
    d.a_ = std::log(*arg(1)) - sigma2 / 2;
    d.b_ = std::sqrt(sigma2);
  } else {
    error = "\"" + spec +
            "\" is not a length: use N, uniform:A:B (A <= B), exp:MEAN or lognormal:MEAN:CV";
    return std::nullopt;
  }
  return d;
}

LengthDistribution LengthDistribution::fixed(std::int64_t tokens) {
  LengthDistribution d;
  d.a_ = static_cast<double>(tokens);
  return d;
}

LengthDistribution LengthDistribution::empirical(std::shared_ptr<const TokenPmf> pmf) {
  LengthDistribution d;
  d.kind_ = Kind::empirical;
  d.pmf_ = std::move(pmf);
  return d;
}

std::int64_t LengthDistribution::sample(std::mt19937_64& rng) const {
  double v = a_;
  switch (kind_) {
    case Kind::empirical:
      return pmf_->sample(rng);
    case Kind::fixed:
      break;
    case Kind::uniform:
      v = std::uniform_real_distribution<double>(a_, b_)(rng);
      break;
    case Kind::exponential:
      v = std::exponential_distribution<double>(1.0 / a_)(rng);
      break;
    case Kind::lognormal:
      v = std::lognormal_distribution<double>(a_, b_)(rng);
      break;
  }
  return std::clamp<std::int64_t>(std::llround(std::min(v, kMaxTokens)), 1,
                                 static_cast<std::int64_t>(kMaxTokens));
}

double LengthDistribution::mean() const {
  switch (kind_) {
    case Kind::uniform: return (a_ + b_) / 2;
    case Kind::lognormal: return std::exp(a_ + b_ * b_ / 2);
    case Kind::empirical: return pmf_->mean();
    default: return a_;
  }
}

}  // namespace servesim::serving
