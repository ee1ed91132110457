// Plan validation and the communication a plan implies (see plan.h).
#include "mapping/plan.h"

#include <algorithm>

#include <fmt/format.h>

namespace servesim::mapping {

std::optional<std::string> check_plan(const Plan& plan, const model::ModelSpec& m,
                                      const hardware::SystemSpec& system) {
  if (plan.tp < 1 || plan.pp < 1) return "TP and PP degrees must be >= 1";
  if (m.heads % plan.tp != 0) {
    return fmt::format("TP {} does not divide the {} attention heads of {}", plan.tp, m.heads,
                       m.name);
  }
  if (!m.mla && plan.tp > m.kv_heads && plan.tp % m.kv_heads != 0) {
    return fmt::format("TP {} cannot replicate the {} KV heads of {} evenly", plan.tp, m.kv_heads,
                       m.name);
  }
  if (!m.mla && plan.tp < m.kv_heads && m.kv_heads % plan.tp != 0) {
    return fmt::format("TP {} does not divide the {} KV heads of {}", plan.tp, m.kv_heads, m.name);
  }
  if (plan.pp > m.layers) {
    return fmt::format("PP {} exceeds the {} layers of {}", plan.pp, m.layers, m.name);
  }
  if (plan.devices() > system.device_count()) {
    return fmt::format("TP {} x PP {} needs {} devices but {} has {}", plan.tp, plan.pp,
                       plan.devices(), system.name, system.device_count());
  }
  return std::nullopt;
}

CommGroup tp_group(const Plan& plan, const hardware::SystemSpec& system) {
  return CommGroup{plan.tp, std::min(plan.tp, system.devices_per_node), system.scale_up,
                   system.scale_out};
}

CommGroup pp_link(const Plan& plan, const hardware::SystemSpec& system) {
  const bool crosses_nodes = plan.devices() > system.devices_per_node;
  return CommGroup{2, crosses_nodes ? 1 : 2, system.scale_up, system.scale_out};
}

void build_stage_ops(const model::ModelSpec& m, const model::StepBatch& batch, const Plan& plan,
                     const model::StepOpsConfig& config, std::vector<model::Op>& out) {
  model::StepOpsConfig shard = config;
  shard.tp = plan.tp;
  model::build_step_ops(m, batch, shard, out);
  if (out.empty()) return;
  if (plan.pp > 1) {
    for (model::Op& op : out) {
      if (op.repeat > 1) op.repeat = (op.repeat + plan.pp - 1) / plan.pp;
    }
  }
  const double ab = core::bytes_per_element(config.dtypes.activations);
  const double activations = static_cast<double>(batch.new_tokens * m.hidden) * ab;
  const std::int64_t stage_layers = (m.layers + plan.pp - 1) / plan.pp;
  auto comm = [&](model::OpKind kind, std::string_view name, double bytes, std::int64_t repeat) {
    model::Op op;
    op.kind = kind;
    op.cls = model::OpClass::communication;
    op.name = name;
    op.comm_bytes = bytes;
    op.repeat = repeat;
    out.push_back(op);
  };
  if (plan.tp > 1) {
    comm(model::OpKind::all_reduce, "tp_all_reduce", activations, 2 * stage_layers);
    const double logits = static_cast<double>(batch.logit_tokens * m.vocab) * ab;
    comm(model::OpKind::all_gather, "logits_all_gather", logits, 1);
  }
  if (plan.pp > 1) comm(model::OpKind::send_recv, "pp_send", activations, 1);
}

}  // namespace servesim::mapping
