// Plan validation and the communication a plan implies (see plan.h).
#include "mapping/plan.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace servesim::mapping {

std::optional<std::string> check_plan(const Plan& plan, const model::ModelSpec& m,
                                      const hardware::System& system) {
  if (plan.tp < 1 || plan.pp < 1 || plan.ep < 1) return "TP, PP and EP degrees must be >= 1";
  if (plan.ep > 1 && !m.moe) {
    return fmt::format("EP {} needs a mixture-of-experts model; {} is dense", plan.ep, m.name);
  }
  if (plan.redundant_experts < 0) return "redundant experts must be >= 0";
  if (plan.redundant_experts > 0 && plan.ep == 1) {
    return "redundant experts need EP > 1 (they are extra expert copies on the EP ranks)";
  }
  if (m.moe && (m.moe->num_experts + plan.redundant_experts) % plan.ep != 0) {
    return plan.redundant_experts > 0
               ? fmt::format("EP {} does not divide the {} + {} expert slots of {}", plan.ep,
                             m.moe->num_experts, plan.redundant_experts, m.name)
               : fmt::format("EP {} does not divide the {} experts of {}", plan.ep,
                             m.moe->num_experts, m.name);
  }
  if (plan.dp_attention && plan.ep == 1) {
    return "DP attention needs EP > 1 (for dense models, use data-parallel replicas)";
  }
  if (plan.dp_attention && plan.ep % plan.tp != 0) {
    return fmt::format("with DP attention, EP {} must be a multiple of TP {}", plan.ep, plan.tp);
  }
  if (!plan.dp_attention && plan.ep > 1 && plan.ep != plan.tp) {
    return fmt::format("without DP attention, EP {} must equal TP {} (experts spread over the TP "
                       "group)", plan.ep, plan.tp);
  }
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
    return fmt::format("{} x PP {} needs {} devices but {} has {}",
                       plan.dp_attention ? fmt::format("EP {} (DP attention)", plan.ep)
                                         : fmt::format("TP {}", plan.tp),
                       plan.pp, plan.devices(), system.name, system.device_count());
  }
  return std::nullopt;
}

CommGroup tp_group(const Plan& plan, const hardware::System& system) {
  return CommGroup{plan.tp, std::min(plan.tp, system.devices_per_node), system.scale_up,
                   system.scale_out};
}

CommGroup ep_group(const Plan& plan, const hardware::System& system) {
  return CommGroup{plan.ep, std::min(plan.ep, system.devices_per_node), system.scale_up,
                   system.scale_out};
}

double device_weight_bytes(const model::ModelSpec& m, const Plan& plan, const core::DTypes& dtypes) {
  const model::ParameterCount c = model::count_parameters(m);
  double experts = 0;
  if (m.moe) {
    const double per_expert = (m.ffn == model::FfnKind::gated ? 3.0 : 2.0) *
                              static_cast<double>(m.hidden * m.moe->expert_intermediate);
    experts = per_expert * static_cast<double>(m.moe->num_experts * m.moe_layers());
  }
  const double wb = core::bytes_per_element(dtypes.weights);
  const double eb = core::bytes_per_element(dtypes.embedding_weights());
  const double pp = static_cast<double>(plan.pp);
  const double tp = static_cast<double>(plan.tp);
  // Under EP each rank holds (E + R) / EP whole experts; without EP a TP slice of each.
  const double expert_copies =
      m.moe ? static_cast<double>(m.moe->num_experts + plan.redundant_experts) /
                  static_cast<double>(m.moe->num_experts)
            : 1.0;
  const double expert_split = plan.ep > 1 ? static_cast<double>(plan.ep) / expert_copies : tp;
  return ((c.total - c.embedding - experts) * wb / tp + experts * wb / expert_split +
          c.embedding * eb / tp) /
         pp;
}

model::StepOpsConfig shard_config(const Plan& plan, const model::StepOpsConfig& base) {
  model::StepOpsConfig c = base;
  c.tp = plan.tp;
  c.ep = plan.ep;
  c.redundant_experts = plan.redundant_experts;
  c.attention_dp = plan.attention_dp();
  return c;
}

CommGroup pp_link(const Plan& plan, const hardware::System& system) {
  const bool crosses_nodes = plan.devices() > system.devices_per_node;  // stages fill nodes in turn
  return CommGroup{2, crosses_nodes ? 1 : 2, system.scale_up, system.scale_out};
}

void build_stage_ops(const model::ModelSpec& m, const model::StepBatch& batch, const Plan& plan,
                     const hardware::System& system, const model::StepOpsConfig& config,
                     std::vector<model::Op>& out) {
  model::build_step_ops(m, batch, shard_config(plan, config), out);
  if (out.empty()) return;
  if (plan.pp > 1) {
    for (model::Op& op : out) {
      if (op.repeat > 1) op.repeat = (op.repeat + plan.pp - 1) / plan.pp;
    }
  }
  const double ab = core::bytes_per_element(config.dtypes.activations);
  const model::StepBatch local = batch.share(plan.attention_dp());
  const double activations = static_cast<double>(local.new_tokens * m.hidden) * ab;
  const std::int64_t stage_layers = (m.layers + plan.pp - 1) / plan.pp;
  const std::int64_t moe_layers = (m.moe_layers() + plan.pp - 1) / plan.pp;
  auto comm = [&](model::OpKind kind, std::string_view name, double bytes, std::int64_t repeat) {
    model::Op op;
    op.kind = kind;
    op.cls = model::OpClass::communication;
    op.name = name;
    op.comm_bytes = bytes;
    op.repeat = repeat;
    out.push_back(op);
  };
  const bool expert_parallel = plan.ep > 1;
  if (plan.tp > 1) {
    // After attention in every layer; after the FFN in dense layers, and in MoE layers unless EP
    // combines the experts (TP-sharded shared experts still need their partial sums reduced).
    const bool shared_experts = m.moe && m.moe->shared_experts > 0;
    const std::int64_t ffn_reduces =
        expert_parallel && !shared_experts ? stage_layers - moe_layers : stage_layers;
    comm(model::OpKind::all_reduce, "tp_all_reduce", activations, stage_layers + ffn_reduces);
    const double logits = static_cast<double>(local.logit_tokens * m.vocab) * ab;
    comm(model::OpKind::all_gather, "logits_all_gather", logits, 1);
  }
  if (expert_parallel && moe_layers > 0) {
    // Each rank sends its tokens' hidden states to the top-k experts' ranks and gets them back.
    // Dispatch travels in the GEMM format (FP8 under W8A8, as DeepEP sends it), combine in the
    // activation format.
    const double routed = activations / static_cast<double>(plan.tp) *
                          static_cast<double>(m.moe->top_k);
    const double dispatch_scale =
        core::bytes_per_element(config.dtypes.gemm_compute()) / ab;
    comm(model::OpKind::all_to_all, "ep_dispatch", routed * std::min(1.0, dispatch_scale),
         moe_layers);
    comm(model::OpKind::all_to_all, "ep_combine", routed, moe_layers);
    // A token's k experts sit on N(1 − (1 − 1/N)^k) distinct nodes on average (uniform routing
    // over N nodes); it crosses the network once per node instead of once per expert.
    const double nodes = static_cast<double>(ep_group(plan, system).nodes());
    const double k = static_cast<double>(m.moe->top_k);
    const double dedup = nodes > 1 ? nodes * (1 - std::pow(1 - 1 / nodes, k)) / k : 1.0;
    out[out.size() - 1].comm_node_dedup = dedup;
    out[out.size() - 2].comm_node_dedup = dedup;
  }
  if (plan.pp > 1) comm(model::OpKind::send_recv, "pp_send", activations, 1);
}

}  // namespace servesim::mapping
