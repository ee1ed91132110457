// The operators of one step on one tensor-parallel shard (Megatron layout: attention heads and FFN
// columns split over `tp` ranks, LM head split over the vocabulary, router and MLA down-projections
// replicated). Communication is not included: mapping/ adds the collectives a plan implies.
// FLOPs count a multiply-add as 2; attention per (query, key) pair and head costs
// 2·d_qk + 2·d_v (QKᵀ and PV); MLA decode with weight absorption attends in the latent space
// (d_qk = kv_lora_rank + qk_rope_head_dim, d_v = kv_lora_rank; DeepSeek-V2 §2.1.3).
// Under expert parallelism the rank with the hottest expert receives
//   T·k/ep + (skew − 1)·T·k/E routed tokens for its E/ep experts (T: tokens of the whole EP group).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/engine_kernels.h"
#include "model/expert_routing.h"
#include "model/model_spec.h"
#include "model/op.h"
#include "model/step_batch.h"

namespace servesim::model {

/// How MLA attention is computed: automatic = expanded (decompressed K/V) for prefill and
/// weight-absorbed for decode, the choice recommended by "The New LLM Bottleneck" (2507.15465).
enum class MlaMode { automatic, absorbed, expanded };

struct StepOpsConfig {
  DTypes dtypes;
  std::int64_t tp = 1;  // tensor-parallel degree (shard count); must divide the heads
  MlaMode mla_mode = MlaMode::automatic;
  /// Expert parallelism: experts are spread whole over `ep` ranks (1: every rank holds a TP
  /// column slice of every expert). Tokens reach their experts by all-to-all (added by mapping/).
  std::int64_t ep = 1;
  /// Data-parallel attention groups: every op except the routed experts sees 1/attention_dp of
  /// the step's batch (DeepSeek/SGLang "DP attention" with EP for the experts).
  std::int64_t attention_dp = 1;
  /// Load of the hottest expert over the mean (>= 1). Under EP the rank holding it sets the step
  /// time; 1 is uniform routing.
  double expert_skew = 1.0;
  /// Redundant expert slots under EP (EPLB): S = E + R copies over the ranks, copies given in
  /// proportion to load, so the hottest expert gets c = min(1 + R, ceil(skew · S / E)). The
  /// busiest rank receives base + max(0, skew·T·k/(E·c) − replaced) expert-token pairs, where,
  /// if every rank can hold a shared slot (2R ≥ EP, or R = 0), base = T·k/EP and replaced =
  /// T·k/S; otherwise some rank holds S/EP single-copy experts: base = (S/EP)·T·k/E and
  /// replaced = T·k/E. R = 0 gives T·k/EP + (skew − 1)·T·k/E.
  std::int64_t redundant_experts = 0;
  /// The router's load per expert (null: uniform, or the hottest expert by `expert_skew`). The
  /// step model (perf::StepModel) derives the next field from it for its plan, or with redundant
  /// experts sets `expert_skew` to its hottest expert's; build_step_ops alone does not read it.
  std::shared_ptr<const ExpertRouting> routing;
  /// > 0: the busiest EP rank's share of the routed pairs (no redundant experts), used instead of
  /// the skew formula above.
  double busiest_rank_share = 0;
  /// The serving engine's kernels: its fusions shape the ops built here; its all-reduce and
  /// launch mode are priced by perf::StepModel.
  EngineKernels engine;
};

/// Appends the ops of one step (all layers, as repeated ops) to `out` (cleared first).
/// Contract: pure function of its inputs; an empty batch yields no ops.
void build_step_ops(const ModelSpec& m, const StepBatch& batch, const StepOpsConfig& config,
                    std::vector<Op>& out);

}  // namespace servesim::model
