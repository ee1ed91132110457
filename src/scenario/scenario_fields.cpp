// The scenario's field declarations (see scenario_fields.h and docs/config-reference.md).
#include "scenario/scenario_fields.h"

#include <algorithm>

#include <fmt/format.h>

#include "serving/generators.h"
#include "serving/router.h"
#include "serving/scheduler.h"

namespace servesim::scenario {
namespace {

using core::ConfigNode;
using core::FieldDoc;
using core::FieldSet;
using core::Need;
using core::Range;
using Json = nlohmann::ordered_json;

// A registry entry written back as {name_key: its name, its parameters...}.
Json selection_json(const char* name_key, const core::Selection& s) {
  Json j = {{name_key, s.name}};
  j.update(s.params.to_json());
  return j;
}

// The entry of `registry` at `key` of `c` with its parameters: a name, whose parameters are `c`'s
// own keys when `flat` (serving: {scheduler: sarathi, max_num_seqs: 64}) and otherwise take their
// defaults (a required one is reported missing), or a mapping {name, parameters...}. An absent
// name keeps `out`'s; parameters not given keep `out`'s values where the entry shares them.
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
  if (entry != nullptr) out = {entry->name, core::read_params(entry->params, params, &out.params)};
  inner.finish();
}

// Sets parameter `key` of a selection from text; false when its entry has no such parameter.
bool set_param(core::Selection& s, std::string_view key, const std::string& value,
               core::Diagnostics& diag, const std::string& path) {
  if (s.params.schema().find(key) == nullptr) return false;
  if (auto problem = s.params.assign(key, value)) diag.error(path, 0, problem->message, problem->hint);
  return true;
}

// Reports that `key` is none of `selection`'s parameters.
void no_such_param(const core::Selection& s, std::string_view key, core::Diagnostics& diag,
                   const std::string& path) {
  const std::string near = core::closest_match(std::string(key), s.params.schema().names());
  diag.error(path, 0, fmt::format("{} has no parameter \"{}\"", s.name, key),
             near.empty() ? "servesim list shows its parameters" : "did you mean '" + near + "'?");
}

const FieldSet<ModelChoice>& model_choice_fields() {
  static const FieldSet<ModelChoice> fields =
      FieldSet<ModelChoice>()
          .text("name", &ModelChoice::name)
          .integer("max_context", &ModelChoice::max_context, Need::optional);
  return fields;
}

// `model: NAME` or `model: {name, max_context}`.
FieldSet<ScenarioSpec>& model_field(FieldSet<ScenarioSpec>& f) {
  return f.custom(
      "model", "a shipped model name or a config.json path, or {name, max_context}", Need::required,
      [](ConfigNode& n, std::string_view k, ScenarioSpec& s, bool) {
        if (n.holds_mapping(k)) {
          ConfigNode child = n.child(k);
          model_choice_fields().read(child, s.model);
        } else {
          s.model.name = n.text(k);  // records "is required" when absent
        }
      },
      [](const ScenarioSpec& s, std::string_view k, Json& out) {
        out[std::string(k)] = model_choice_fields().write(s.model);
      },
      [](ScenarioSpec& s, std::string_view rest, const std::string& value, core::Diagnostics& diag,
         const std::string& path) { model_choice_fields().set(s.model, rest, value, diag, path); },
      [](const std::string& path) { return model_choice_fields().docs(path); });
}

const FieldSet<core::DTypes>& dtype_fields() {
  static const FieldSet<core::DTypes> fields = [] {
    const auto format = [](core::DType core::DTypes::*member) {
      return [member](const core::DTypes& t) { return Json(std::string(core::to_string(t.*member))); };
    };
    const auto parse = [](core::DType core::DTypes::*member) {
      return [member](const std::string& text, core::DTypes& t) -> std::string {
        const auto d = core::parse_dtype(text);
        if (!d) return "unknown data type \"" + text + "\"";
        t.*member = *d;
        return "";
      };
    };
    const std::string names = core::dtype_names();
    FieldSet<core::DTypes> f;
    f.parsed("weights", names, parse(&core::DTypes::weights), format(&core::DTypes::weights),
             Need::optional)
        .parsed("activations", names, parse(&core::DTypes::activations),
                format(&core::DTypes::activations), Need::optional)
        .parsed("kv", names + " (default: the activations')", parse(&core::DTypes::kv),
                format(&core::DTypes::kv), Need::optional)
        .after_read([](ConfigNode& n, core::DTypes& t) {
          if (!n.has("kv")) t.kv = t.activations;
        });
    return f;
  }();
  return fields;
}

// `hardware.overrides`: device field path → value, applied in order.
FieldSet<HardwareSpec>& overrides_field(FieldSet<HardwareSpec>& f) {
  return f.custom(
      "overrides", "device field → value (servesim list device-fields)", Need::optional,
      [](ConfigNode& n, std::string_view k, HardwareSpec& h, bool) {
        auto o = n.optional_child(k);
        if (!o) return;
        for (const std::string& path : o->keys()) {
          if (auto value = o->optional_text(path)) h.overrides.emplace_back(path, *value);
        }
        o->finish();
      },
      [](const HardwareSpec& h, std::string_view k, Json& out) {
        if (h.overrides.empty()) return;
        Json edits = Json::object();
        for (const auto& [path, value] : h.overrides) edits[path] = value;
        out[std::string(k)] = edits;
      },
      [](HardwareSpec& h, std::string_view rest, const std::string& value, core::Diagnostics& diag,
         const std::string& path) {
        const std::string field(rest);
        if (!hardware::device_fields().has_path(field)) {
          std::vector<std::string> known;
          for (const FieldDoc& d : hardware::device_fields().docs()) known.push_back(d.path);
          const std::string near = core::closest_match(field, known);
          diag.error(path + "." + field, 0, "is not a device field",
                     near.empty() ? "servesim list device-fields" : "did you mean '" + near + "'?");
          return;
        }
        auto same = std::find_if(h.overrides.begin(), h.overrides.end(),
                                 [&](const auto& edit) { return edit.first == field; });
        if (same != h.overrides.end()) {
          same->second = value;
        } else {
          h.overrides.emplace_back(field, value);
        }
      },
      [](const std::string& path) {
        return std::vector<FieldDoc>{
            {path + ".FIELD", "a device field's value (servesim list device-fields)", false}};
      });
}

const FieldSet<HardwareSpec>& hardware_fields() {
  static const FieldSet<HardwareSpec> fields = [] {
    FieldSet<HardwareSpec> f;
    f.text("system", &HardwareSpec::system);
    overrides_field(f)
        .flag("use_pim", &HardwareSpec::use_pim)
        .integer("pim_sub_batches", &HardwareSpec::pim_sub_batches, Need::optional)
        .check([](const HardwareSpec& h, const core::Report& report) {
          if (h.pim_sub_batches > 2) {
            report("pim_sub_batches", "must be 1 (serial) or 2 (interleaved)", "");
          }
        });
    return f;
  }();
  return fields;
}

const FieldSet<MappingSpec>& mapping_fields() {
  static const FieldSet<MappingSpec> fields =
      FieldSet<MappingSpec>()
          .integer("tp", &MappingSpec::tp, Need::optional)
          .integer("pp", &MappingSpec::pp, Need::optional)
          .integer("ep", &MappingSpec::ep, Need::optional)
          .flag("dp_attention", &MappingSpec::dp_attention)
          .flag("overlap_all_reduce", &MappingSpec::overlap_all_reduce)
          .flag("two_batch_overlap", &MappingSpec::two_batch_overlap)
          .integer("redundant_experts", &MappingSpec::redundant_experts, Need::optional,
                   Range::non_negative)
          .number("expert_skew", &MappingSpec::expert_skew, Need::optional, Range::at_least_one)
          .text("expert_routing", &MappingSpec::expert_routing, Need::optional);
  return fields;
}

const FieldSet<DisaggregationSpec>& disaggregation_fields() {
  static const FieldSet<DisaggregationSpec> fields =
      FieldSet<DisaggregationSpec>()
          .integer("prefill_replicas", &DisaggregationSpec::prefill_replicas)
          .integer("decode_replicas", &DisaggregationSpec::decode_replicas)
          .text("decode_system", &DisaggregationSpec::decode_system, Need::optional)
          .integer("decode_tp", &DisaggregationSpec::decode_tp)
          .integer("decode_ep", &DisaggregationSpec::decode_ep)
          .flag("decode_dp_attention", &DisaggregationSpec::decode_dp_attention);
  return fields;
}

// `workload.generator: {kind, the kind's parameters...}`.
FieldSet<WorkloadSpec>& generator_field(FieldSet<WorkloadSpec>& f) {
  return f.custom(
      "generator", "{kind, the kind's parameters} (servesim list generators)", Need::optional,
      [](ConfigNode& n, std::string_view k, WorkloadSpec& w, bool) {
        auto c = n.optional_child(k);
        if (!c) return;
        if (const auto* kind = serving::generators().read(*c, "kind")) {
          w.generator = core::Selection{kind->name, core::read_params(kind->params, *c)};
        } else {
          w.generator = core::Selection{};
          c->accept_all_keys();
        }
        c->finish();
      },
      [](const WorkloadSpec& w, std::string_view k, Json& out) {
        if (w.generator) out[std::string(k)] = selection_json("kind", *w.generator);
      },
      [](WorkloadSpec& w, std::string_view rest, const std::string& value, core::Diagnostics& diag,
         const std::string& path) {
        if (!w.generator) {
          diag.error(path, 0, "is not described, so it has no " + std::string(rest),
                     "give the workload a generator first");
          return;
        }
        if (rest == "kind") {
          const auto* kind = serving::generators().find(value);
          if (kind == nullptr) {
            diag.error(path + ".kind", 0, "unknown workload kind \"" + value + "\"",
                       "use one of " + serving::generators().joined_names());
            return;
          }
          w.generator = core::Selection{kind->name, w.generator->params.carried_to(kind->params)};
        } else if (!set_param(*w.generator, rest, value, diag, path + "." + std::string(rest))) {
          no_such_param(*w.generator, rest, diag, path + "." + std::string(rest));
        }
      },
      [](const std::string& path) {
        return std::vector<FieldDoc>{
            {path + ".kind", serving::generators().joined_names(), true},
            {path + ".PARAMETER", "the kind's parameters (servesim list generators)", false}};
      });
}

const FieldSet<WorkloadSpec>& workload_fields() {
  static const FieldSet<WorkloadSpec> fields = [] {
    FieldSet<WorkloadSpec> f;
    f.text("trace", &WorkloadSpec::trace, Need::optional);
    generator_field(f)
        .number("rate_scale", &WorkloadSpec::rate_scale, Need::optional, Range::positive)
        .integer("max_requests", &WorkloadSpec::max_requests)
        .quantity("duration", &WorkloadSpec::duration)
        .flag("skip_bad_rows", &WorkloadSpec::skip_bad_rows)
        .check([](const WorkloadSpec& w, const core::Report& report) {
          if (!w.trace.empty() && w.generator) {
            report("generator", "a workload has either a trace or a generator, not both", "");
          }
        });
    return f;
  }();
  return fields;
}

const FieldSet<BatchSpec>& batch_fields() {
  static const FieldSet<BatchSpec> fields =
      FieldSet<BatchSpec>()
          .parsed(
              "size", "an integer >= 1, or max (the largest batch that fits)",
              [](const std::string& text, BatchSpec& b) -> std::string {
                if (text == "max") {
                  b.largest_fitting = true;
                  return "";
                }
                std::string why, not_integer;
                const auto n = core::parse_integer(text, Range::at_least_one, why);
                if (!n && core::parse_integer(text, Range::any, not_integer)) return why;
                if (!n) return "\"" + text + "\" is neither an integer >= 1 nor max";
                b.size = *n;
                b.largest_fitting = false;
                return "";
              },
              [](const BatchSpec& b) { return b.largest_fitting ? Json("max") : Json(b.size); },
              Need::optional)
          .integer("input", &BatchSpec::input, Need::optional)
          .integer("output", &BatchSpec::output, Need::optional)
          .integer("prefill_chunk", &BatchSpec::prefill_chunk, Need::optional,
                   Range::non_negative)
          .integer("decode_samples", &BatchSpec::decode_samples, Need::optional);
  return fields;
}

// `serving.scheduler`: a name with its parameters beside it in `serving`, or {name, ...};
// `serving.router`: a name, or {name, ...} with its parameters.
FieldSet<ServingSpec>& policy_fields(FieldSet<ServingSpec>& f) {
  return f
      .custom(
          "scheduler",
          serving::schedulers().joined_names() + "; its parameters are keys of serving beside it",
          Need::optional,
          [](ConfigNode& n, std::string_view k, ServingSpec& s, bool) {
            read_policy(n, k, serving::schedulers(), /*flat=*/true, s.scheduler);
          },
          [](const ServingSpec& s, std::string_view k, Json& out) {
            out[std::string(k)] = s.scheduler.name;
            out.update(s.scheduler.params.to_json());  // flat: the parameters beside the name
          })
      .custom(
          "router", serving::routers().joined_names() + ", or {name, parameters}", Need::optional,
          [](ConfigNode& n, std::string_view k, ServingSpec& s, bool) {
            read_policy(n, k, serving::routers(), /*flat=*/false, s.router);
          },
          [](const ServingSpec& s, std::string_view k, Json& out) {
            out[std::string(k)] = s.router.params.schema().empty()
                                      ? Json(s.router.name)
                                      : selection_json("name", s.router);
          },
          [](ServingSpec& s, std::string_view rest, const std::string& value,
             core::Diagnostics& diag, const std::string& path) {
            if (!set_param(s.router, rest, value, diag, path + "." + std::string(rest))) {
              no_such_param(s.router, rest, diag, path + "." + std::string(rest));
            }
          });
}

}  // namespace

const FieldSet<ServingSpec>& serving_fields() {
  static const FieldSet<ServingSpec> fields = [] {
    FieldSet<ServingSpec> f;
    policy_fields(f)
        .integer("replicas", &ServingSpec::replicas, Need::optional)
        .choice("kv_memory", &ServingSpec::kv_memory,
                std::vector<std::pair<std::string, std::string>>{{"total", "total"},
                                                                 {"free", "free"}},
                Need::optional)
        .integer("block_size", &ServingSpec::block_size, Need::optional)
        .flag("pim_balanced_chunks", &ServingSpec::pim_balanced_chunks)
        .open([](ConfigNode&, ServingSpec&) {},  // the scheduler's field reads them
              [](ServingSpec& s, std::string_view key, const std::string& value,
                 core::Diagnostics& diag, const std::string& path) {
                return set_param(s.scheduler, key, value, diag, path);
              },
              [](const ServingSpec&, Json&) {});  // the scheduler's field writes them
    return f;
  }();
  return fields;
}

namespace {

const FieldSet<EngineSpec::Fusions>& fusion_fields() {
  using F = EngineSpec::Fusions;
  static const FieldSet<F> fields = FieldSet<F>()
                                        .flag("norm_residual", &F::norm_residual)
                                        .flag("rope_attention", &F::rope_attention)
                                        .flag("activation_gemm", &F::activation_gemm);
  return fields;
}

}  // namespace

const FieldSet<EngineSpec>& engine_fields() {
  static const FieldSet<EngineSpec> fields =
      FieldSet<EngineSpec>()
          .text("profile", &EngineSpec::profile, Need::optional)
          .number("memory_utilization", &EngineSpec::memory_utilization, Need::optional,
                  Range::fraction)
          .quantity("step_overhead", &EngineSpec::step_overhead, Need::optional,
                    Range::non_negative)
          .quantity("step_overhead_per_sequence", &EngineSpec::step_overhead_per_sequence,
                    Need::optional, Range::non_negative)
          .quantity("front_end_latency", &EngineSpec::front_end_latency, Need::optional,
                    Range::non_negative)
          .group("fusions", &EngineSpec::fusions, fusion_fields(), Need::optional)
          .choice("all_reduce", &EngineSpec::all_reduce,
                  {{"ideal", model::AllReduceImpl::ideal},
                   {"custom", model::AllReduceImpl::custom},
                   {"nccl", model::AllReduceImpl::nccl}},
                  Need::optional)
          .quantity("custom_all_reduce_max", &EngineSpec::custom_all_reduce_max, Need::optional,
                    Range::positive)
          .quantity("eager_launch", &EngineSpec::eager_launch, Need::optional,
                    Range::non_negative);
  return fields;
}

namespace {

const FieldSet<SloSpec>& slo_fields() {
  static const FieldSet<SloSpec> fields = FieldSet<SloSpec>()
                                              .quantity("ttft", &SloSpec::ttft)
                                              .quantity("tpot", &SloSpec::tpot);
  return fields;
}

const FieldSet<ConstraintSpec>& constraint_fields() {
  static const FieldSet<ConstraintSpec> fields =
      FieldSet<ConstraintSpec>()
          .quantity("max_power", &ConstraintSpec::max_power)
          .quantity("max_area", &ConstraintSpec::max_area)
          .quantity("max_temperature", &ConstraintSpec::max_temperature);
  return fields;
}

}  // namespace

const core::FieldSet<ScenarioSpec>& scenario_fields() {
  static const FieldSet<ScenarioSpec> fields = [] {
    FieldSet<ScenarioSpec> f;
    model_field(f)
        .group("dtypes", &ScenarioSpec::dtypes, dtype_fields(), Need::optional)
        .group("hardware", &ScenarioSpec::hardware, hardware_fields())
        .group("mapping", &ScenarioSpec::mapping, mapping_fields(), Need::optional)
        .group("disaggregation", &ScenarioSpec::disaggregation, disaggregation_fields())
        .group("workload", &ScenarioSpec::workload, workload_fields(), Need::optional)
        .group("batch", &ScenarioSpec::batch, batch_fields(), Need::optional)
        .group("serving", &ScenarioSpec::serving, serving_fields(), Need::optional)
        .group("engine", &ScenarioSpec::engine, engine_fields(), Need::optional)
        .group("slo", &ScenarioSpec::slo, slo_fields(), Need::optional)
        .group("constraints", &ScenarioSpec::constraints, constraint_fields(), Need::optional)
        .integer("seed", &ScenarioSpec::seed, Need::optional, Range::non_negative)
        .choice("fidelity", &ScenarioSpec::fidelity,
                {{"simulate", Fidelity::simulate}, {"estimate", Fidelity::estimate}});
    return f;
  }();
  return fields;
}

void set_scenario_field(ScenarioSpec& spec, const std::string& path, const std::string& value,
                        core::Diagnostics& diag) {
  scenario_fields().set(spec, path, value, diag, "");
}

}  // namespace servesim::scenario
