// Engine profiles (see engine_profile.h).
#include "scenario/engine_profile.h"

#include "core/config_node.h"
#include "core/diagnostics.h"
#include "core/fields.h"
#include "scenario/scenario_fields.h"
#include "scenario/spec_cache.h"

namespace servesim::scenario {
namespace {

using core::FieldSet;
using core::Need;

const FieldSet<EngineProfile>& profile_fields() {
  static const FieldSet<EngineProfile> fields =
      FieldSet<EngineProfile>()
          .text("name", &EngineProfile::name)
          .text("description", &EngineProfile::description)
          .text("source", &EngineProfile::source)
          .group("serving", &EngineProfile::serving, serving_fields())
          .group("engine", &EngineProfile::engine, engine_fields())
          .check([](const EngineProfile& p, const core::Report& report) {
            if (!p.engine.profile.empty()) {
              report("engine", "a profile cannot name another profile", "remove engine.profile");
            }
          });
  return fields;
}

}  // namespace

EngineProfile load_engine_profile(const std::string& name_or_path, const core::DataRoot& root) {
  const std::string file = root.require(name_or_path, "engines", ".yaml", "engine profile");
  EngineProfile p =
      core::read_document(core::ConfigDocument::load(file), [](core::ConfigNode& node) {
        EngineProfile read;
        profile_fields().read(node, read);
        return read;
      });
  p.origin = file;
  return p;
}

std::vector<std::string> engine_profile_names(const core::DataRoot& root) {
  return root.shipped_names("engines", ".yaml");
}

namespace {

// Gives every engine field and the KV rule that are unset the profile's value.
void fill_unset_from(const EngineProfile& p, EngineSpec& e, std::optional<std::string>& kv_memory) {
  if (!e.memory_utilization) e.memory_utilization = p.engine.memory_utilization;
  if (!e.step_overhead) e.step_overhead = p.engine.step_overhead;
  if (!e.step_overhead_per_sequence) e.step_overhead_per_sequence = p.engine.step_overhead_per_sequence;
  if (!e.front_end_latency) e.front_end_latency = p.engine.front_end_latency;
  for (auto member : {&EngineSpec::Fusions::norm_residual, &EngineSpec::Fusions::rope_attention,
                      &EngineSpec::Fusions::activation_gemm}) {
    if (!(e.fusions.*member)) e.fusions.*member = p.engine.fusions.*member;
  }
  if (!e.all_reduce) e.all_reduce = p.engine.all_reduce;
  if (!e.custom_all_reduce_max) e.custom_all_reduce_max = p.engine.custom_all_reduce_max;
  if (!e.eager_launch) e.eager_launch = p.engine.eager_launch;
  if (!kv_memory) kv_memory = p.serving.kv_memory;
}

}  // namespace

EngineSettings engine_settings(const ScenarioSpec& spec, const Environment& env) {
  const core::DataRoot& root = env.root;
  EngineSpec e = spec.engine;
  std::optional<std::string> kv = spec.serving.kv_memory;
  const std::string& name = spec.engine.profile;
  if (!name.empty()) {
    if (!root.resolve(name, "engines", ".yaml")) {
      std::string shipped;
      for (const auto& n : engine_profile_names(root)) shipped += (shipped.empty() ? "" : ", ") + n;
      throw core::InputError(spec.origin, "engine.profile",
                             "\"" + name + "\" is neither a file nor a shipped engine profile",
                             "shipped: " + shipped + " (servesim list engines)");
    }
    const auto load = [&] { return load_engine_profile(name, root); };  // errors: its file
    fill_unset_from(env.cache != nullptr ? env.cache->engine_profile(name, load) : load(), e, kv);
  }
  EngineSettings s;
  s.memory_utilization = e.memory_utilization.value_or(s.memory_utilization);
  s.kv_memory = kv.value_or("total") == "free" ? serving::KvMemoryRule::fraction_of_free
                                               : serving::KvMemoryRule::fraction_of_total;
  s.step_overhead = e.step_overhead.value_or(s.step_overhead);
  s.step_overhead_per_sequence = e.step_overhead_per_sequence.value_or(s.step_overhead_per_sequence);
  s.front_end_latency = e.front_end_latency.value_or(s.front_end_latency);
  model::EngineKernels& k = s.kernels;
  k.fused.norm_residual = e.fusions.norm_residual.value_or(k.fused.norm_residual);
  k.fused.rope_attention = e.fusions.rope_attention.value_or(k.fused.rope_attention);
  k.fused.activation_gemm = e.fusions.activation_gemm.value_or(k.fused.activation_gemm);
  k.all_reduce = e.all_reduce.value_or(k.all_reduce);
  k.custom_all_reduce_max = e.custom_all_reduce_max.value_or(k.custom_all_reduce_max);
  k.eager_launch = e.eager_launch.value_or(k.eager_launch);
  return s;
}

ScenarioSpec serving_with_profile(ScenarioSpec spec, const EngineProfile& profile) {
  spec.serving.scheduler = profile.serving.scheduler;
  fill_unset_from(profile, spec.engine, spec.serving.kv_memory);
  return spec;
}

}  // namespace servesim::scenario
