// Scenario files (see scenario_yaml.h).
#include "scenario/scenario_yaml.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/diagnostics.h"
#include "serving/generators.h"
#include "serving/router.h"
#include "serving/scheduler.h"

namespace servesim::scenario {
namespace {

using core::ConfigNode;
using core::Range;

core::DType dtype(ConfigNode& c, std::string_view key, core::DType fallback) {
  const auto text = c.optional_text(key);
  if (!text) return fallback;
  if (auto t = core::parse_dtype(*text)) return *t;
  c.error(key, fmt::format("unknown data type \"{}\"", *text), "use one of " + core::dtype_names());
  return fallback;
}

void read_model(ConfigNode& root, ModelChoice& m) {
  if (!root.has("model")) {
    (void)root.text("model");  // records "is required"
    return;
  }
  if (root.holds_mapping("model")) {
    ConfigNode child = root.child("model");
    m.name = child.text("name");
    m.max_context = child.optional_integer("max_context").value_or(0);
    child.finish();
  } else {
    m.name = root.text("model");
  }
}

void read_dtypes(ConfigNode& root, core::DTypes& t) {
  auto c = root.optional_child("dtypes");
  if (!c) return;
  t.weights = dtype(*c, "weights", t.weights);
  t.activations = dtype(*c, "activations", t.activations);
  t.kv = dtype(*c, "kv", t.activations);
  c->finish();
}

void read_hardware(ConfigNode& root, HardwareSpec& h) {
  ConfigNode c = root.child("hardware");
  h.system = c.text("system");
  if (auto o = c.optional_child("overrides")) {
    for (const std::string& key : o->keys()) {
      if (auto value = o->optional_text(key)) h.overrides.emplace_back(key, *value);
    }
    o->finish();
  }
  h.use_pim = c.flag("use_pim", h.use_pim);
  h.pim_sub_batches = c.optional_integer("pim_sub_batches").value_or(h.pim_sub_batches);
  if (h.pim_sub_batches > 2) c.error("pim_sub_batches", "must be 1 (serial) or 2 (interleaved)");
  c.finish();
}

void read_mapping(ConfigNode& root, MappingSpec& m) {
  auto c = root.optional_child("mapping");
  if (!c) return;
  m.tp = c->optional_integer("tp").value_or(m.tp);
  m.pp = c->optional_integer("pp").value_or(m.pp);
  m.ep = c->optional_integer("ep").value_or(m.ep);
  m.dp_attention = c->flag("dp_attention", m.dp_attention);
  m.overlap_all_reduce = c->flag("overlap_all_reduce", m.overlap_all_reduce);
  m.two_batch_overlap = c->flag("two_batch_overlap", m.two_batch_overlap);
  m.redundant_experts =
      c->optional_integer("redundant_experts", Range::non_negative).value_or(m.redundant_experts);
  m.expert_skew = c->optional_number("expert_skew", Range::at_least_one).value_or(m.expert_skew);
  c->finish();
}

void read_disaggregation(ConfigNode& root, std::optional<DisaggregationSpec>& out) {
  auto c = root.optional_child("disaggregation");
  if (!c) return;
  DisaggregationSpec d;
  d.prefill_replicas = c->integer("prefill_replicas");
  d.decode_replicas = c->integer("decode_replicas");
  d.decode_system = c->optional_text("decode_system").value_or("");
  d.decode_tp = c->optional_integer("decode_tp");
  d.decode_ep = c->optional_integer("decode_ep");
  if (c->has("decode_dp_attention")) d.decode_dp_attention = c->flag("decode_dp_attention", false);
  c->finish();
  out = d;
}

// {kind, the kind's parameters...}; after an unknown kind only the kind is reported.
void read_generator(ConfigNode& c, WorkloadSpec& w) {
  if (const auto* kind = serving::generators().read(c, "kind")) {
    w.generator = core::Selection{kind->name, core::read_params(kind->params, c)};
  } else {
    w.generator = core::Selection{};
    c.accept_all_keys();
  }
  c.finish();
}

void read_workload(ConfigNode& root, WorkloadSpec& w) {
  auto c = root.optional_child("workload");
  if (!c) return;
  w.trace = c->optional_text("trace").value_or("");
  if (auto g = c->optional_child("generator")) read_generator(*g, w);
  if (!w.trace.empty() && w.generator) {
    c->error("generator", "a workload has either a trace or a generator, not both");
  }
  w.rate_scale = c->optional_number("rate_scale", Range::positive).value_or(w.rate_scale);
  w.max_requests = c->optional_integer("max_requests");
  w.duration = c->optional_quantity<Seconds>("duration");
  w.skip_bad_rows = c->flag("skip_bad_rows", w.skip_bad_rows);
  c->finish();
}

void read_batch(ConfigNode& root, BatchSpec& b) {
  auto c = root.optional_child("batch");
  if (!c) return;
  if (c->peek("size") == "max") {
    b.largest_fitting = true;
    (void)c->optional_text("size");
  } else {
    b.size = c->optional_integer("size").value_or(b.size);
  }
  b.input = c->optional_integer("input").value_or(b.input);
  b.output = c->optional_integer("output").value_or(b.output);
  b.prefill_chunk = c->optional_integer("prefill_chunk", Range::non_negative).value_or(b.prefill_chunk);
  c->finish();
}

// The entry of `registry` at `key` of `c` with its parameters: a name, whose parameters are `c`'s
// own keys when `flat` (serving: {scheduler: sarathi, max_num_seqs: 64}) and otherwise take their
// defaults (a required one is reported missing), or a mapping {name, parameters...}. An absent
// name keeps `out`'s; the parameters are read again either way.
template <class Value>
void read_policy(ConfigNode& c, std::string_view key, const core::Registry<Value>& registry,
                 bool flat, core::Selection& out) {
  const bool nested = c.holds_mapping(key);
  ConfigNode inner =
      nested ? c.child(key)
             : ConfigNode(YAML::Node(YAML::NodeType::Map), c.key_path(key), &c.diagnostics());
  ConfigNode& params = nested || !flat ? inner : c;
  const auto* entry =
      nested ? registry.read(inner, "name", out.name) : registry.read(c, key, out.name);
  if (entry != nullptr) out = {entry->name, core::read_params(entry->params, params)};
  inner.finish();
}

void read_serving(ConfigNode& root, ServingSpec& s) {
  auto c = root.optional_child("serving");
  if (!c) return;
  read_policy(*c, "scheduler", serving::schedulers(), /*flat=*/true, s.scheduler);
  read_policy(*c, "router", serving::routers(), /*flat=*/false, s.router);
  s.replicas = c->optional_integer("replicas").value_or(s.replicas);
  s.kv_memory =
      c->choice<std::string>("kv_memory", {{"total", "total"}, {"free", "free"}}, s.kv_memory);
  s.block_size = c->optional_integer("block_size").value_or(s.block_size);
  s.pim_balanced_chunks = c->flag("pim_balanced_chunks", s.pim_balanced_chunks);
  c->finish();
}

void read_engine(ConfigNode& root, EngineSpec& e) {
  auto c = root.optional_child("engine");
  if (!c) return;
  e.memory_utilization =
      c->optional_number("memory_utilization", Range::fraction).value_or(e.memory_utilization);
  e.step_overhead = c->optional_quantity<Seconds>("step_overhead", Range::non_negative);
  e.step_overhead_per_sequence =
      c->optional_quantity<Seconds>("step_overhead_per_sequence", Range::non_negative);
  c->finish();
}

void read_slo(ConfigNode& root, SloSpec& s) {
  auto c = root.optional_child("slo");
  if (!c) return;
  s.ttft = c->optional_quantity<Seconds>("ttft");
  s.tpot = c->optional_quantity<Seconds>("tpot");
  c->finish();
}

void read_constraints(ConfigNode& root, ConstraintSpec& k) {
  auto c = root.optional_child("constraints");
  if (!c) return;
  k.max_power = c->optional_quantity<core::Watts>("max_power");
  k.max_area = c->optional_quantity<core::Area>("max_area");
  k.max_temperature = c->optional_quantity<core::Kelvin>("max_temperature");
  c->finish();
}

std::string seconds_text(Seconds s) { return fmt::format("{} s", s.value()); }

template <class T>
nlohmann::ordered_json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
}
nlohmann::ordered_json optional_seconds(const std::optional<Seconds>& v) {
  return v ? nlohmann::ordered_json(seconds_text(*v)) : nlohmann::ordered_json();
}

// A registry entry written back as {name_key: its name, its parameters...}.
nlohmann::ordered_json selection_json(const char* name_key, const core::Selection& s) {
  nlohmann::ordered_json j = {{name_key, s.name}};
  j.update(s.params.to_json());
  return j;
}

void emit(YAML::Emitter& out, const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, value] : j.items()) {
      if (value.is_null()) continue;
      out << YAML::Key << key << YAML::Value;
      emit(out, value);
    }
    out << YAML::EndMap;
  } else if (j.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& value : j) emit(out, value);
    out << YAML::EndSeq;
  } else if (j.is_string()) {
    out << YAML::DoubleQuoted << j.get<std::string>();
  } else if (j.is_boolean()) {
    out << j.get<bool>();
  } else if (j.is_number_float()) {
    out << fmt::format("{}", j.get<double>());
  } else {
    out << j.dump();
  }
}

}  // namespace

ScenarioSpec parse_scenario(ConfigNode& root) {
  ScenarioSpec s;
  s.origin = root.diagnostics().file();
  read_model(root, s.model);
  read_dtypes(root, s.dtypes);
  read_hardware(root, s.hardware);
  read_mapping(root, s.mapping);
  read_disaggregation(root, s.disaggregation);
  read_workload(root, s.workload);
  read_batch(root, s.batch);
  read_serving(root, s.serving);
  read_engine(root, s.engine);
  read_slo(root, s.slo);
  read_constraints(root, s.constraints);
  const auto seed = root.optional_integer("seed", Range::non_negative);
  s.seed = seed ? static_cast<std::uint64_t>(*seed) : s.seed;
  s.fidelity = root.choice<Fidelity>(
      "fidelity", {{"simulate", Fidelity::simulate}, {"estimate", Fidelity::estimate}}, "simulate");
  root.finish();
  return s;
}

ScenarioSpec load_scenario(const std::string& file) {
  return core::read_document(core::ConfigDocument::load(file), parse_scenario);
}

ScenarioSpec parse_scenario_text(const std::string& text, const std::string& name, bool is_json) {
  return core::read_document(core::ConfigDocument::parse(text, name, is_json), parse_scenario);
}

nlohmann::ordered_json scenario_json(const ScenarioSpec& s) {
  nlohmann::ordered_json overrides = nlohmann::ordered_json::object();
  for (const auto& [path, value] : s.hardware.overrides) overrides[path] = value;
  nlohmann::ordered_json j;
  j["model"] = {{"name", s.model.name},
                {"max_context", s.model.max_context > 0 ? nlohmann::ordered_json(s.model.max_context)
                                                        : nlohmann::ordered_json()}};
  j["dtypes"] = {{"weights", core::to_string(s.dtypes.weights)},
                 {"activations", core::to_string(s.dtypes.activations)},
                 {"kv", core::to_string(s.dtypes.kv)}};
  j["hardware"] = {{"system", s.hardware.system},
                   {"overrides", overrides},
                   {"use_pim", s.hardware.use_pim},
                   {"pim_sub_batches", s.hardware.pim_sub_batches}};
  const MappingSpec& m = s.mapping;
  j["mapping"] = {{"tp", m.tp}, {"pp", m.pp}, {"ep", m.ep}, {"dp_attention", m.dp_attention},
                  {"overlap_all_reduce", m.overlap_all_reduce},
                  {"two_batch_overlap", m.two_batch_overlap},
                  {"redundant_experts", m.redundant_experts}, {"expert_skew", m.expert_skew}};
  if (const auto& d = s.disaggregation) {
    j["disaggregation"] = {{"prefill_replicas", d->prefill_replicas},
                           {"decode_replicas", d->decode_replicas},
                           {"decode_system", d->decode_system.empty()
                                                 ? nlohmann::ordered_json()
                                                 : nlohmann::ordered_json(d->decode_system)},
                           {"decode_tp", optional_json(d->decode_tp)},
                           {"decode_ep", optional_json(d->decode_ep)},
                           {"decode_dp_attention", optional_json(d->decode_dp_attention)}};
  }
  const WorkloadSpec& w = s.workload;
  nlohmann::ordered_json workload;
  if (!w.trace.empty()) workload["trace"] = w.trace;
  if (const auto& g = w.generator) {
    workload["generator"] = selection_json("kind", *g);
  }
  workload["rate_scale"] = w.rate_scale;
  workload["max_requests"] = optional_json(w.max_requests);
  workload["duration"] = optional_seconds(w.duration);
  workload["skip_bad_rows"] = w.skip_bad_rows;
  j["workload"] = workload;
  const BatchSpec& b = s.batch;
  j["batch"] = {{"size", b.largest_fitting ? nlohmann::ordered_json("max") : nlohmann::ordered_json(b.size)},
                {"input", b.input}, {"output", b.output}, {"prefill_chunk", b.prefill_chunk}};
  const ServingSpec& v = s.serving;
  const bool bare_router = v.router.params.schema().empty();
  nlohmann::ordered_json serving = {{"scheduler", v.scheduler.name},
                                    {"router", bare_router ? nlohmann::ordered_json(v.router.name)
                                                           : selection_json("name", v.router)},
                                    {"replicas", v.replicas}};
  serving.update(v.scheduler.params.to_json());  // flat: the scheduler's parameters beside it
  serving["kv_memory"] = v.kv_memory;
  serving["block_size"] = v.block_size;
  serving["pim_balanced_chunks"] = v.pim_balanced_chunks;
  j["serving"] = serving;
  j["engine"] = {{"memory_utilization", s.engine.memory_utilization},
                 {"step_overhead", optional_seconds(s.engine.step_overhead)},
                 {"step_overhead_per_sequence", optional_seconds(s.engine.step_overhead_per_sequence)}};
  j["slo"] = {{"ttft", optional_seconds(s.slo.ttft)}, {"tpot", optional_seconds(s.slo.tpot)}};
  const ConstraintSpec& k = s.constraints;
  j["constraints"] = {
      {"max_power", k.max_power ? nlohmann::ordered_json(fmt::format("{} W", k.max_power->value()))
                                : nlohmann::ordered_json()},
      {"max_area", k.max_area ? nlohmann::ordered_json(fmt::format("{} m2", k.max_area->value()))
                              : nlohmann::ordered_json()},
      {"max_temperature", k.max_temperature ? nlohmann::ordered_json(fmt::format(
                                                  "{} K", k.max_temperature->value()))
                                            : nlohmann::ordered_json()}};
  j["seed"] = s.seed;
  j["fidelity"] = to_string(s.fidelity);
  return j;
}

std::string scenario_yaml(const ScenarioSpec& spec) {
  YAML::Emitter out;
  emit(out, scenario_json(spec));
  return std::string(out.c_str()) + "\n";
}

const char* to_string(Fidelity f) { return f == Fidelity::estimate ? "estimate" : "simulate"; }

}  // namespace servesim::scenario
