// Where work runs: the tensor- and pipeline-parallel degrees of one model replica on a system, and
// the communication that the placement implies. TP shards heads and FFN columns (Megatron): two
// all-reduces of the step's activations per layer and an all-gather of the logits; PP splits the
// layers into stages that pass activations point to point. Ranks of a TP group are packed into
// nodes first, so a TP group crosses nodes only when it is larger than a node.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hardware/system_spec.h"
#include "model/model_spec.h"
#include "model/op.h"
#include "model/step_ops.h"

namespace servesim::mapping {

struct Plan {
  std::int64_t tp = 1;
  std::int64_t pp = 1;

  [[nodiscard]] std::int64_t devices() const { return tp * pp; }
};

/// Why a plan cannot run this model on this system, or nullopt when it can. Infeasibility is a
/// value (the DSE loop records it); the CLI turns it into an input error.
std::optional<std::string> check_plan(const Plan& plan, const model::ModelSpec& m,
                                      const hardware::SystemSpec& system);

/// The group of ranks a collective runs over, placed on the system's topology.
struct CommGroup {
  std::int64_t ranks = 1;
  std::int64_t ranks_per_node = 1;  // ranks of the group inside one node
  hardware::LinkSpec intra;         // scale-up link per device
  hardware::LinkSpec inter;         // scale-out link per device

  [[nodiscard]] std::int64_t nodes() const { return (ranks + ranks_per_node - 1) / ranks_per_node; }
};

CommGroup tp_group(const Plan& plan, const hardware::SystemSpec& system);
/// The link between consecutive pipeline stages (inside a node while stages fit in it).
CommGroup pp_link(const Plan& plan, const hardware::SystemSpec& system);

/// The ops of one step on one pipeline stage's shard: the model's ops with the layer repeats of
/// the slowest stage (ceil(layers / pp)), the TP collectives, and the stage-to-stage transfer.
/// Embedding and LM head are counted in the stage (the first and last stages run them).
void build_stage_ops(const model::ModelSpec& m, const model::StepBatch& batch, const Plan& plan,
                     const model::StepOpsConfig& config, std::vector<model::Op>& out);

}  // namespace servesim::mapping
