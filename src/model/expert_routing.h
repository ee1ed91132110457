// How a MoE router spreads its tokens over the experts: the share of the expert-token pairs each
// expert receives. Text form (scenario field mapping.expert_routing, --expert-routing):
//   uniform            every expert the same share (the default);
//   zipf:S             shares by popularity rank i = 1..E proportional to 1 / i^S (S >= 0; S = 0
//                      is uniform), the ranks unrelated to the experts' ids;
//   histogram:W1/.../WE  a measured load per expert id (non-negative, not all zero; normalised).
// Under expert parallelism each of the `ranks` EP ranks holds E / ranks consecutive experts by id
// (the DeepSeek/SGLang layout), and the rank with the most pairs sets the step. A histogram fixes
// the placement; for Zipf the busiest rank's share is the mean over 256 random placements of the
// ranked experts (a fixed seed: the same value every run).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace servesim::model {

struct ExpertRouting {
  std::vector<double> shares;  // per expert, summing to 1; empty: uniform
  bool by_id = false;          // shares are per expert id (histogram), else per popularity rank
};

/// Parses the text form for a model of `experts` experts routing each token to `top_k`; nullopt
/// with `why` set when it is not one of the forms, a Zipf exponent is negative or not finite, a
/// histogram has another count of weights than `experts`, a negative weight or no positive one,
/// or an expert's share exceeds 1 / top_k (a token picks an expert at most once).
/// Contract: 1 <= top_k <= experts.
std::optional<ExpertRouting> parse_expert_routing(std::string_view text, std::int64_t experts,
                                                  std::int64_t top_k, std::string& why);

/// The hottest expert's share over the mean share (1 for uniform).
double hottest_over_mean(const ExpertRouting& routing, std::int64_t experts);

/// The share of all expert-token pairs the busiest of `ranks` EP ranks receives, each holding
/// experts / ranks consecutive experts (see the header). 1 / ranks for uniform routing. With
/// redundant expert copies (EPLB) the step model uses the hottest expert's share alone, as
/// expert_skew. Contract: 1 <= ranks <= experts.
double busiest_rank_share(const ExpertRouting& routing, std::int64_t experts, std::int64_t ranks);

}  // namespace servesim::model
