// Scenario → deployment (see deployment.h).
#include "scenario/deployment.h"

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "model/hf_config.h"
#include "scenario/spec_cache.h"

namespace servesim::scenario {
namespace {

mapping::Plan plan_of(const MappingSpec& m) {
  mapping::Plan p;
  p.tp = m.tp;
  p.pp = m.pp;
  p.ep = m.ep;
  p.dp_attention = m.dp_attention;
  p.two_batch_overlap = m.two_batch_overlap;
  p.overlap_all_reduce = m.overlap_all_reduce;
  p.redundant_experts = m.redundant_experts;
  return p;
}

// The system `name` with the scenario's what-ifs applied to its device's spec, derived.
hardware::System system_of(const std::string& name, const ScenarioSpec& spec,
                           const Environment& env) {
  const auto derive = [&] {
    const hardware::SystemSpec s =
        hardware::load_system(name, env.root, [&spec](hardware::DeviceSpec& d) {
          hardware::apply_device_edits(d, spec.hardware.overrides, spec.origin,
                                       "hardware.overrides");
          if (!spec.hardware.use_pim) d.memory.pim.reset();
        });
    return hardware::derive(s, env.process_table);
  };
  if (env.cache == nullptr) return derive();
  return env.cache->system(name, spec.hardware.overrides, spec.hardware.use_pim, derive);
}

model::ModelSpec model_of(const ScenarioSpec& spec, const Environment& env) {
  const auto load = [&] { return model::load_model(spec.model.name, env.root); };
  return env.cache == nullptr ? load() : env.cache->model(spec.model.name, load);
}

}  // namespace

std::unique_ptr<perf::StepModel> Deployment::step_model(bool decode_pool) const {
  const Pool& pool = decode_pool ? *decode : prefill;
  return std::make_unique<perf::StepModel>(model, pool.system, pool.plan, ops, pim);
}

Resolved resolve(const ScenarioSpec& spec, const Environment& env) {
  Deployment d;
  d.model = model_of(spec, env);
  if (spec.model.max_context > 0) d.model.max_context = spec.model.max_context;
  const MappingSpec& m = spec.mapping;
  if (d.model.moe && m.expert_skew > static_cast<double>(d.model.moe->num_experts) /
                                         static_cast<double>(d.model.moe->top_k)) {
    throw core::InputError(spec.origin, "mapping.expert_skew",
                           fmt::format("{} exceeds E/k = {}: no expert can take more than every "
                                       "token", m.expert_skew,
                                       d.model.moe->num_experts / d.model.moe->top_k));
  }
  if (const auto& routing = m.expert_routing) {
    if (!d.model.moe) {
      throw core::InputError(spec.origin, "mapping.expert_routing",
                             "applies to MoE models only; " + d.model.name + " has no experts");
    }
    if (m.expert_skew != 1.0) {
      throw core::InputError(spec.origin, "mapping.expert_routing",
                             "and mapping.expert_skew both describe the router's load",
                             "give one: the routing distribution sets the hottest expert itself");
    }
    std::string why;
    auto parsed = model::parse_expert_routing(*routing, d.model.moe->num_experts,
                                              d.model.moe->top_k, why);
    if (!parsed) throw core::InputError(spec.origin, "mapping.expert_routing", why);
    d.ops.routing = std::make_shared<const model::ExpertRouting>(std::move(*parsed));
  }
  d.engine = engine_settings(spec, env);
  d.ops.dtypes = spec.dtypes;
  d.ops.engine = d.engine.kernels;
  d.ops.expert_skew = m.expert_skew;
  d.pim.sub_batches = spec.hardware.pim_sub_batches;
  d.prefill = {system_of(spec.hardware.system, spec, env), plan_of(m)};
  Resolved out;
  const char* hint = "choose degrees that divide the heads, layers and experts and fit the system";
  if (auto why = mapping::check_plan(d.prefill.plan, d.model, d.prefill.system)) {
    out.invalid = InvalidMapping{"mapping", *why + " (" + hint + ")"};
    return out;
  }
  if (const auto& pd = spec.disaggregation) {
    d.pools_share_system = pd->decode_system.empty();
    Pool decode{d.pools_share_system ? d.prefill.system : system_of(pd->decode_system, spec, env),
                d.prefill.plan};
    decode.plan.tp = pd->decode_tp.value_or(decode.plan.tp);
    decode.plan.ep = pd->decode_ep.value_or(decode.plan.ep);
    decode.plan.dp_attention = pd->decode_dp_attention.value_or(decode.plan.dp_attention);
    if (auto why = mapping::check_plan(decode.plan, d.model, decode.system)) {
      out.invalid = InvalidMapping{"disaggregation", "decode pool: " + *why + " (" + hint + ")"};
      return out;
    }
    d.decode = std::move(decode);
  }
  out.deployment = std::move(d);
  return out;
}

std::string describe(const mapping::Plan& p) {
  std::string out = fmt::format("TP{}", p.tp);
  if (p.ep > 1) out += fmt::format(" EP{}", p.ep);
  if (p.dp_attention) out += fmt::format(" DP-attention x{}", p.attention_dp());
  if (p.two_batch_overlap) out += " two-batch-overlap";
  if (p.overlap_all_reduce) out += " overlapped-all-reduce";
  return out + fmt::format(" PP{}", p.pp);
}

}  // namespace servesim::scenario
