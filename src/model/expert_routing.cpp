// Expert load distributions (see expert_routing.h).
#include "model/expert_routing.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "core/config_node.h"
#include "core/seeded_draws.h"

namespace servesim::model {
namespace {

constexpr int kPlacements = 256;       // random placements averaged for a Zipf router
constexpr std::uint64_t kSeed = 2025;  // fixed: the same share every run

// A finite number >= 0, or nullopt (the scalar check of a configuration file's numbers).
std::optional<double> number(std::string_view s) {
  std::string unused;
  return core::parse_number(s, core::Range::non_negative, unused);
}

// The busiest rank's share when expert e (of `shares`, by position) sits on rank e / per_rank.
double busiest(const std::vector<double>& shares, std::int64_t per_rank) {
  double most = 0;
  for (std::size_t first = 0; first < shares.size(); first += static_cast<std::size_t>(per_rank)) {
    const auto last = std::min(shares.size(), first + static_cast<std::size_t>(per_rank));
    most = std::max(most, std::accumulate(shares.begin() + static_cast<std::ptrdiff_t>(first),
                                          shares.begin() + static_cast<std::ptrdiff_t>(last), 0.0));
  }
  return most;
}

}  // namespace

std::optional<ExpertRouting> parse_expert_routing(std::string_view text, std::int64_t experts,
                                                  std::int64_t top_k, std::string& why) {
  ExpertRouting r;
  if (text == "uniform") return r;
  if (text.rfind("zipf:", 0) == 0) {
    const auto s = number(text.substr(5));
    if (!s) {
      why = fmt::format("\"{}\": the Zipf exponent must be a number >= 0", text);
      return std::nullopt;
    }
    r.shares.resize(static_cast<std::size_t>(experts));
    for (std::size_t i = 0; i < r.shares.size(); ++i) {
      r.shares[i] = std::pow(static_cast<double>(i + 1), -*s);
    }
  } else if (text.rfind("histogram:", 0) == 0) {
    r.by_id = true;
    std::string_view rest = text.substr(10);
    while (true) {
      const auto slash = rest.find('/');
      const auto w = number(rest.substr(0, slash));
      if (!w) {
        why = fmt::format("\"{}\": a histogram is non-negative weights separated by '/'", text);
        return std::nullopt;
      }
      r.shares.push_back(*w);
      if (slash == std::string_view::npos) break;
      rest = rest.substr(slash + 1);
    }
    if (static_cast<std::int64_t>(r.shares.size()) != experts) {
      why = fmt::format("the histogram has {} weights for {} experts", r.shares.size(), experts);
      return std::nullopt;
    }
  } else {
    why = fmt::format("\"{}\" is not uniform, zipf:S or histogram:W1/.../WE", text);
    return std::nullopt;
  }
  const double total = std::accumulate(r.shares.begin(), r.shares.end(), 0.0);
  if (!(total > 0)) {
    why = fmt::format("\"{}\": no expert receives any load", text);
    return std::nullopt;
  }
  for (double& s : r.shares) s /= total;
  const double hottest = *std::max_element(r.shares.begin(), r.shares.end());
  if (hottest > 1.0 / static_cast<double>(top_k) + 1e-12) {
    why = fmt::format("\"{}\" gives one expert {:.3f} of the load, more than 1/k = {:.3f}: a token "
                      "picks an expert at most once",
                      text, hottest, 1.0 / static_cast<double>(top_k));
    return std::nullopt;
  }
  return r;
}

double hottest_over_mean(const ExpertRouting& routing, std::int64_t experts) {
  if (routing.shares.empty()) return 1.0;
  return *std::max_element(routing.shares.begin(), routing.shares.end()) *
         static_cast<double>(experts);
}

double busiest_rank_share(const ExpertRouting& routing, std::int64_t experts, std::int64_t ranks) {
  if (routing.shares.empty() || ranks <= 1) {
    return 1.0 / static_cast<double>(std::max<std::int64_t>(1, ranks));
  }
  const std::int64_t per_rank = std::max<std::int64_t>(1, experts / ranks);
  if (routing.by_id) return busiest(routing.shares, per_rank);
  std::mt19937_64 rng(kSeed);
  std::vector<double> placed = routing.shares;
  double sum = 0;
  for (int i = 0; i < kPlacements; ++i) {
    core::shuffle(rng, placed);  // replays on every standard library
    sum += busiest(placed, per_rank);
  }
  return sum / kPlacements;
}

}  // namespace servesim::model
