// Where work runs: the parallel degrees of one model replica on a system, and the communication
// that the placement implies. TP shards heads and FFN columns (Megatron): two all-reduces of the
// step's activations per layer and an all-gather of the logits. PP splits the layers into stages
// that pass activations point to point. EP spreads whole experts over `ep` ranks: each MoE layer
// dispatches tokens to their experts and combines the results with two all-to-alls instead of the
// FFN all-reduce. With DP attention, the `ep` ranks form ep/tp attention groups of TP `tp` that
// each serve their own share of the batch (DeepSeek-V3, SGLang, TensorRT-LLM deployments).
// Ranks of a group are packed into nodes first, so a group crosses nodes only when larger than one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hardware/system.h"
#include "model/model_spec.h"
#include "model/op.h"
#include "model/step_ops.h"

namespace servesim::mapping {

struct Plan {
  std::int64_t tp = 1;
  std::int64_t pp = 1;
  std::int64_t ep = 1;
  bool dp_attention = false;
  /// Two-batch overlap (SGLang, DeepSeek): the step's batch runs as two halves so that one
  /// half's EP all-to-alls proceed while the other computes; EP communication then shows only
  /// where it exceeds the compute of the step.
  bool two_batch_overlap = false;
  /// All-reduce split into reduce and multicast (LaMoSys3.5D's RD+MC), each pipelined tile by
  /// tile with the GEMM that produces or consumes it: TP all-reduces then show only where they
  /// exceed the step's GEMM time (an idealised bound, like two-batch overlap).
  bool overlap_all_reduce = false;
  /// Redundant expert slots (EPLB, as SGLang deploys DeepSeek): E + R expert copies spread over
  /// the EP ranks, the extra copies given to the hottest experts, which lowers the busiest rank's
  /// load (model/step_ops.h). EP must divide E + R.
  std::int64_t redundant_experts = 0;

  /// Data-parallel attention groups (1 unless dp_attention).
  [[nodiscard]] std::int64_t attention_dp() const { return dp_attention ? ep / tp : 1; }
  /// Devices of one pipeline stage: the TP group, or the whole EP group with DP attention.
  [[nodiscard]] std::int64_t stage_devices() const { return dp_attention ? ep : tp; }
  [[nodiscard]] std::int64_t devices() const { return stage_devices() * pp; }
};

/// Why a plan cannot run this model on this system, or nullopt when it can. Infeasibility is a
/// value (the DSE loop records it); the CLI turns it into an input error.
std::optional<std::string> check_plan(const Plan& plan, const model::ModelSpec& m,
                                      const hardware::System& system);

/// The group of ranks a collective runs over, placed on the system's topology.
struct CommGroup {
  std::int64_t ranks = 1;
  std::int64_t ranks_per_node = 1;  // ranks of the group inside one node
  hardware::LinkSpec intra;         // scale-up link per device
  hardware::LinkSpec inter;         // scale-out link per device

  [[nodiscard]] std::int64_t nodes() const { return (ranks + ranks_per_node - 1) / ranks_per_node; }
};

CommGroup tp_group(const Plan& plan, const hardware::System& system);
CommGroup ep_group(const Plan& plan, const hardware::System& system);
/// The link between consecutive pipeline stages (inside a node while stages fit in it).
CommGroup pp_link(const Plan& plan, const hardware::System& system);

/// Weight bytes one device holds: attention and dense layers split over TP (replicated over DP
/// attention groups), experts split over EP (or over TP columns without EP), layers over PP.
double device_weight_bytes(const model::ModelSpec& m, const Plan& plan, const core::DTypes& dtypes);

/// The model-level op configuration of a plan (TP, EP, attention DP) on top of `base`.
model::StepOpsConfig shard_config(const Plan& plan, const model::StepOpsConfig& base);

/// The ops of one step on one pipeline stage's shard: the model's ops with the layer repeats of
/// the slowest stage (ceil(layers / pp)), the TP and EP collectives, and the stage-to-stage
/// transfer. Embedding and LM head are counted in the stage (the first and last stages run them).
void build_stage_ops(const model::ModelSpec& m, const model::StepBatch& batch, const Plan& plan,
                     const hardware::System& system, const model::StepOpsConfig& config,
                     std::vector<model::Op>& out);

}  // namespace servesim::mapping
