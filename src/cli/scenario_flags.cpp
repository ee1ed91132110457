// Flags bound to scenario fields (see scenario_flags.h).
#include "cli/scenario_flags.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/dtype.h"
#include "core/unit_parse.h"
#include "scenario/largest_batch.h"
#include "scenario/scenario_yaml.h"
#include "serving/generators.h"
#include "serving/router.h"
#include "serving/scheduler.h"

namespace servesim::cli {
namespace {

using scenario::ScenarioSpec;

constexpr const char* kCommandLine = "<command line>";

// Scenario fields that several flags set together, and the flags a message about them names.
const std::vector<std::pair<std::string, std::string>>& field_groups() {
  static const std::vector<std::pair<std::string, std::string>> groups = {
      {"mapping", "--tp/--pp/--ep/--dp-attention"},
      {"disaggregation", "--pd/--decode-system/--decode-tp/--decode-ep/--decode-dp-attention"},
      {"batch.input", "--input/--output"},
      {"batch", "--batch/--max-batch"},
      {"workload", "--trace"},
      {"engine.memory_utilization", "--memory-utilization"},
      {"engine.profile", "--engine"},
      {"hardware", "--system"},
  };
  return groups;
}

bool names_field(const std::string& path, const std::string& field) {
  return path == field || (path.size() > field.size() && path.compare(0, field.size(), field) == 0 &&
                           path[field.size()] == '.');
}

core::DType parse_dtype_flag(const std::string& flag, const std::string& value) {
  if (auto t = core::parse_dtype(value)) return *t;
  throw core::InputError(kCommandLine, flag, fmt::format("unknown data type \"{}\"", value),
                         "use one of " + core::dtype_names());
}

template <class Q>
Q parse_flag(const std::string& flag, const std::string& text) {
  std::string why;
  if (auto q = core::parse_as<Q>(text, why)) {
    if (q->value() >= 0 && std::isfinite(q->value())) return *q;
    why = "must be a finite value, not negative";
  }
  throw core::InputError(kCommandLine, flag, fmt::format("\"{}\" {}", text, why));
}

scenario::SloSpec parse_slo(const std::string& text) {
  scenario::SloSpec slo;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    if (eq == std::string::npos || (key != "ttft" && key != "tpot")) {
      throw core::InputError(kCommandLine, "--slo",
                             fmt::format("\"{}\" is not ttft=TIME or tpot=TIME", item),
                             "e.g. --slo ttft=2s,tpot=100ms");
    }
    (key == "ttft" ? slo.ttft : slo.tpot) =
        parse_flag<core::Seconds>("--slo " + key, item.substr(eq + 1));
  }
  return slo;
}

// {P, D} from "PxD".
std::pair<std::int64_t, std::int64_t> parse_pd(const std::string& pd) {
  const auto x = pd.find('x');
  try {
    if (x != std::string::npos) {
      std::size_t used_p = 0, used_d = 0;
      const std::int64_t p = std::stoll(pd.substr(0, x), &used_p);
      const std::int64_t d = std::stoll(pd.substr(x + 1), &used_d);
      const bool bounded = p > 0 && d > 0 && p <= 1000000 && d <= 1000000;
      if (used_p == x && used_d == pd.size() - x - 1 && bounded) return {p, d};
    }
  } catch (const std::exception&) {
  }
  throw core::InputError(kCommandLine, "--pd", fmt::format("\"{}\" is not PxD", pd),
                         "e.g. --pd 1x3 (counts from 1 to 1,000,000)");
}

scenario::DisaggregationSpec& pools(ScenarioSpec& s, const char* flag) {
  if (!s.disaggregation) {
    throw core::InputError(kCommandLine, flag, "applies to the decode pool of a P/D deployment",
                           "add --pd PxD");
  }
  return *s.disaggregation;
}

}  // namespace

CLI::Option* ScenarioFlags::record(CLI::Option* option, const std::string& field,
                                   std::function<void(ScenarioSpec&)> apply) {
  bindings_.push_back({option, field, std::move(apply)});
  return option;
}

template <class T>
CLI::Option* ScenarioFlags::bind(CLI::App& command, const std::string& flag, T& storage,
                                 const std::string& help, const std::string& field,
                                 std::function<void(ScenarioSpec&)> apply) {
  return record(command.add_option(flag, storage, help), field, std::move(apply));
}

CLI::Option* ScenarioFlags::bind_flag(CLI::App& command, const std::string& flag, bool& storage,
                                      const std::string& help, const std::string& field,
                                      std::function<void(ScenarioSpec&)> apply) {
  return record(command.add_flag(flag, storage, help), field, std::move(apply));
}

void ScenarioFlags::add_deployment(CLI::App& c) {
  ScenarioSpec& g = given_;
  c.add_option("--config", config_,
               "scenario YAML to start from; the flags given override its fields");
  bind(c, "--model", g.model.name, "shipped model name or path to a config.json", "model.name",
       [&g](ScenarioSpec& s) { s.model.name = g.model.name; });
  bind(c, "--system", g.hardware.system, "DEVICE:COUNT, shipped system name or system YAML",
       "hardware.system", [&g](ScenarioSpec& s) { s.hardware.system = g.hardware.system; });
  bind(c, "--tp", g.mapping.tp, "tensor-parallel degree", "mapping.tp",
       [&g](ScenarioSpec& s) { s.mapping.tp = g.mapping.tp; })->check(CLI::PositiveNumber);
  bind(c, "--pp", g.mapping.pp, "pipeline-parallel degree", "mapping.pp",
       [&g](ScenarioSpec& s) { s.mapping.pp = g.mapping.pp; })->check(CLI::PositiveNumber);
  bind(c, "--ep", g.mapping.ep, "expert-parallel degree (MoE models)", "mapping.ep",
       [&g](ScenarioSpec& s) { s.mapping.ep = g.mapping.ep; })->check(CLI::PositiveNumber);
  bind_flag(c, "--dp-attention", g.mapping.dp_attention,
            "data-parallel attention over the EP ranks (EP/TP attention groups)",
            "mapping.dp_attention", [](ScenarioSpec& s) { s.mapping.dp_attention = true; });
  bind_flag(c, "--overlap-all-reduce", g.mapping.overlap_all_reduce,
            "split TP all-reduces into reduce + multicast overlapped with the GEMMs (LaMoSys3.5D "
            "RD+MC)",
            "mapping.overlap_all_reduce", [](ScenarioSpec& s) { s.mapping.overlap_all_reduce = true; });
  bind_flag(c, "--two-batch-overlap", g.mapping.two_batch_overlap,
            "overlap EP all-to-alls with compute by running the batch as two halves",
            "mapping.two_batch_overlap", [](ScenarioSpec& s) { s.mapping.two_batch_overlap = true; });
  bind(c, "--redundant-experts", g.mapping.redundant_experts,
       "extra expert copies on the EP ranks for load balancing (EPLB); EP divides experts + copies",
       "mapping.redundant_experts",
       [&g](ScenarioSpec& s) { s.mapping.redundant_experts = g.mapping.redundant_experts; })
      ->check(CLI::NonNegativeNumber);
  bind(c, "--expert-skew", g.mapping.expert_skew,
       "hottest expert's load over the mean (1 = uniform routing)", "mapping.expert_skew",
       [&g](ScenarioSpec& s) { s.mapping.expert_skew = g.mapping.expert_skew; })
      ->check(CLI::Range(1.0, 1e6));
  bind(c, "--expert-routing", expert_routing_,
       "router load per expert: uniform, zipf:S or histogram:W1/.../WE (MoE; excludes "
       "--expert-skew)",
       "mapping.expert_routing", [this](ScenarioSpec& s) { s.mapping.expert_routing = expert_routing_; });
  bind(c, "--pim-sub-batches", g.hardware.pim_sub_batches,
       "sub-batches interleaved between device and PIM (1 = serial, 2 = overlapped)",
       "hardware.pim_sub_batches",
       [&g](ScenarioSpec& s) { s.hardware.pim_sub_batches = g.hardware.pim_sub_batches; })
      ->check(CLI::Range(1, 2));
  bind(c, "--max-context", g.model.max_context,
       "context window in tokens instead of the model's (long-context what-ifs)", "model.max_context",
       [&g](ScenarioSpec& s) { s.model.max_context = g.model.max_context; })
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 30));
  bind(c, "--set", set_,
       "change a field of the device, e.g. --set memory.pim.capacity=\"2 TB\" (repeatable; "
       "applies to the devices of --system and --decode-system)",
       "hardware.overrides", [this](ScenarioSpec& s) {
         for (const std::string& assignment : set_) {
           const auto eq = assignment.find('=');
           if (eq == std::string::npos || eq == 0) {
             throw core::InputError(kCommandLine, "--set",
                                    fmt::format("\"{}\" is not FIELD=VALUE", assignment),
                                    "e.g. --set memory.bandwidth=\"2 TB/s\"");
           }
           std::string path = assignment.substr(0, eq);
           path.erase(path.find_last_not_of(' ') + 1);
           s.hardware.overrides.emplace_back(path.substr(path.find_first_not_of(' ')),
                                             assignment.substr(eq + 1));
         }
       });
  bind_flag(c, "--no-pim", no_pim_,
            "ignore the device's PIM engines: attention and the KV cache stay on the device",
            "hardware.use_pim", [](ScenarioSpec& s) { s.hardware.use_pim = false; });
  bind(c, "--weights", weights_, "weight format: fp32|bf16|fp16|fp8|int8|int4", "dtypes.weights",
       [this](ScenarioSpec& s) { s.dtypes.weights = parse_dtype_flag("--weights", weights_); });
  bind(c, "--activations", activations_, "activation format: fp32|bf16|fp16|fp8",
       "dtypes.activations", [this](ScenarioSpec& s) {
         const core::DType before = s.dtypes.activations;
         s.dtypes.activations = parse_dtype_flag("--activations", activations_);
         if (s.dtypes.kv == before && kv_.empty()) s.dtypes.kv = s.dtypes.activations;
       });
  bind(c, "--kv", kv_, "KV-cache format (default: the activation format)", "dtypes.kv",
       [this](ScenarioSpec& s) { s.dtypes.kv = parse_dtype_flag("--kv", kv_); });
  bind(c, "--pd", pd_, "P/D disaggregation: PxD prefill and decode replicas, e.g. 1x3",
       "disaggregation", [this](ScenarioSpec& s) {
         const auto [p, d] = parse_pd(pd_);
         if (!s.disaggregation) s.disaggregation.emplace();
         s.disaggregation->prefill_replicas = p;
         s.disaggregation->decode_replicas = d;
       });
  scenario::DisaggregationSpec& gd = given_pools_;
  bind(c, "--decode-system", gd.decode_system,
       "system of the decode pool (default: --system, shared with prefill)",
       "disaggregation.decode_system",
       [&gd](ScenarioSpec& s) { pools(s, "--decode-system").decode_system = gd.decode_system; });
  bind(c, "--decode-tp", decode_tp_, "decode pool TP (default --tp)", "disaggregation.decode_tp",
       [this](ScenarioSpec& s) { pools(s, "--decode-tp").decode_tp = decode_tp_; })
      ->check(CLI::PositiveNumber);
  bind(c, "--decode-ep", decode_ep_, "decode pool EP (default --ep)", "disaggregation.decode_ep",
       [this](ScenarioSpec& s) { pools(s, "--decode-ep").decode_ep = decode_ep_; })
      ->check(CLI::PositiveNumber);
  bind_flag(c, "--decode-dp-attention", decode_dp_attention_,
            "decode pool uses DP attention (default: as --dp-attention)",
            "disaggregation.decode_dp_attention",
            [](ScenarioSpec& s) { pools(s, "--decode-dp-attention").decode_dp_attention = true; });
}

void ScenarioFlags::add_batch(CLI::App& c) {
  ScenarioSpec& g = given_;
  CLI::Option* batch =
      bind(c, "--batch", g.batch.size, "sequences in the batch", "batch.size",
           [&g](ScenarioSpec& s) {
             s.batch.size = g.batch.size;
             s.batch.largest_fitting = false;
           })->check(CLI::Range(std::int64_t{1}, scenario::kMaxBatch));
  bind_flag(c, "--max-batch", max_batch_,
            "use the largest batch whose weights, KV cache and activations fit", "batch.size",
            [](ScenarioSpec& s) { s.batch.largest_fitting = true; })
      ->excludes(batch);
  bind(c, "--prefill-chunk", g.batch.prefill_chunk,
       "prefill tokens per step (chunked prefill): sizes the activation workspace",
       "batch.prefill_chunk", [&g](ScenarioSpec& s) { s.batch.prefill_chunk = g.batch.prefill_chunk; })
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
  bind(c, "--input", g.batch.input, "prompt tokens per sequence", "batch.input",
       [&g](ScenarioSpec& s) { s.batch.input = g.batch.input; })
      ->check(CLI::Range(1, 100000000));
  bind(c, "--output", g.batch.output, "output tokens per sequence", "batch.output",
       [&g](ScenarioSpec& s) { s.batch.output = g.batch.output; })
      ->check(CLI::Range(1, 100000000));
}

void ScenarioFlags::add_engine(CLI::App& c) {
  ScenarioSpec& g = given_;
  bind(c, "--engine", g.engine.profile,
       "engine profile (servesim list engines): host times, memory rule, front-end latency",
       "engine.profile", [&g](ScenarioSpec& s) { s.engine.profile = g.engine.profile; });
  bind(c, "--memory-utilization", g.engine.memory_utilization,
       "fraction of device memory the engine may use", "engine.memory_utilization",
       [&g](ScenarioSpec& s) { s.engine.memory_utilization = g.engine.memory_utilization; })
      ->check(CLI::Range(0.01, 1.0));
}

void ScenarioFlags::add_scheduler_parameters(CLI::App& c) {
  for (const core::ParamSpec& p : serving::scheduler_limits_schema().specs()) {
    std::string flag = "--" + p.name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    std::string value_name = p.type == core::ParamType::integer ? "INT" : "TEXT";
    if (p.type == core::ParamType::choice)
      value_name = fmt::format("{}", fmt::join(p.choices, "|"));
    bind(c, flag, scheduler_params_[p.name], p.help, "serving." + p.name,
         [this, flag, name = p.name](ScenarioSpec& s) {
           if (auto problem = s.serving.scheduler.params.assign(name, scheduler_params_.at(name))) {
             throw core::InputError(kCommandLine, flag, problem->message, problem->hint);
           }
         })
        ->type_name(value_name);
  }
}

void ScenarioFlags::add_serving(CLI::App& c) {
  ScenarioSpec& g = given_;
  scenario::ServingSpec& v = g.serving;
  bind(c, "--trace", trace_,
       "trace file (Azure CSV, Mooncake JSONL, arrival_s CSV), shipped trace, servegen:DIR or a "
       "spec such as poisson:rate=4,requests=1000,input=1024,output=256",
       "workload.trace", [this](ScenarioSpec& s) {
         if (serving::is_synthetic_spec(trace_)) {
           s.workload.generator = serving::parse_synthetic(trace_, kCommandLine, "--trace");
           s.workload.trace.clear();
         } else {
           s.workload.trace = trace_;
           s.workload.generator.reset();
         }
       });
  bind(c, "--scheduler", scheduler_,
       fmt::format("{} (servesim list schedulers)", fmt::join(serving::schedulers().names(), "|")),
       "serving.scheduler", [this](ScenarioSpec& s) {
         const auto& entry = serving::schedulers().get(scheduler_, kCommandLine, "--scheduler");
         // The parameters given so far (e.g. by --config) that the new scheduler also takes stay.
         s.serving.scheduler = {entry.name, s.serving.scheduler.params.carried_to(entry.params)};
       });
  bind(c, "--router", router_,
       fmt::format("{} (servesim list routers)", fmt::join(serving::routers().names(), "|")),
       "serving.router", [this](ScenarioSpec& s) {
         const auto& entry = serving::routers().get(router_, kCommandLine, "--router");
         s.serving.router = {entry.name, s.serving.router.params.carried_to(entry.params)};
       });
  bind(c, "--replicas", v.replicas, "data-parallel replicas", "serving.replicas",
       [&v](ScenarioSpec& s) { s.serving.replicas = v.replicas; })
      ->check(CLI::PositiveNumber);
  add_scheduler_parameters(c);
  bind_flag(c, "--pim-balanced-chunks", v.pim_balanced_chunks,
            "on a PIM device, size each prefill chunk so device and PIM time match (L3)",
            "serving.pim_balanced_chunks",
            [](ScenarioSpec& s) { s.serving.pim_balanced_chunks = true; });
  bind(c, "--kv-memory", v.kv_memory,
       "KV cache = utilisation x total memory - weights (total, vLLM) or utilisation x memory "
       "left after weights (free, TensorRT-LLM)",
       "serving.kv_memory", [&v](ScenarioSpec& s) { s.serving.kv_memory = v.kv_memory; })
      ->check(CLI::IsMember({"total", "free"}));
  bind(c, "--block-size", v.block_size, "KV-cache block size in tokens", "serving.block_size",
       [&v](ScenarioSpec& s) { s.serving.block_size = v.block_size; })
      ->check(CLI::PositiveNumber);
  bind(c, "--step-overhead", step_overhead_, "CPU time per step, e.g. \"1.5 ms\"",
       "engine.step_overhead", [this](ScenarioSpec& s) {
         s.engine.step_overhead = parse_flag<core::Seconds>("--step-overhead", step_overhead_);
       });
  bind(c, "--slo", slo_, "ttft=TIME,tpot=TIME, e.g. ttft=2s,tpot=100ms", "slo",
       [this](ScenarioSpec& s) { s.slo = parse_slo(slo_); });
  bind(c, "--rate-scale", g.workload.rate_scale, "multiply the arrival rate", "workload.rate_scale",
       [&g](ScenarioSpec& s) { s.workload.rate_scale = g.workload.rate_scale; })
      ->check(CLI::PositiveNumber);
  bind(c, "--max-requests", max_requests_, "stop after this many requests", "workload.max_requests",
       [this](ScenarioSpec& s) { s.workload.max_requests = max_requests_; })
      ->check(CLI::PositiveNumber);
  bind(c, "--duration", duration_, "drop requests arriving later, e.g. \"600 s\"",
       "workload.duration", [this](ScenarioSpec& s) {
         s.workload.duration = parse_flag<core::Seconds>("--duration", duration_);
       });
  bind(c, "--seed", g.seed, "seed of synthetic workloads", "seed",
       [&g](ScenarioSpec& s) { s.seed = g.seed; });
  bind_flag(c, "--skip-bad-rows", g.workload.skip_bad_rows,
            "skip corrupt trace rows and count them", "workload.skip_bad_rows",
            [](ScenarioSpec& s) { s.workload.skip_bad_rows = true; });
}

ScenarioSpec ScenarioFlags::spec() const {
  ScenarioSpec s;
  s.origin = kCommandLine;
  if (!config_.empty()) s = scenario::load_scenario(config_);
  for (const Binding& b : bindings_) {
    if (b.option->count() > 0) b.apply(s);
  }
  if (s.model.name.empty()) {
    throw core::InputError(kCommandLine, "--model", "is required",
                           "give --model, or --config with a scenario that names the model");
  }
  if (s.hardware.system.empty()) {
    throw core::InputError(kCommandLine, "--system", "is required",
                           "give --system, or --config with a scenario that names the system");
  }
  return s;
}

std::string ScenarioFlags::flag_for(const std::string& field) const {
  std::string best_field, flags;
  for (const Binding& b : bindings_) {
    if (!names_field(field, b.field) || b.field.size() <= best_field.size()) continue;
    best_field = b.field;
    flags = b.option->get_name();
  }
  for (const auto& [group, group_flags] : field_groups()) {
    if (names_field(field, group) && group.size() > best_field.size()) {
      best_field = group;
      flags = group_flags;
    }
  }
  return flags;
}

bool ScenarioFlags::given(const std::string& field) const {
  for (const Binding& b : bindings_) {
    const bool related = names_field(field, b.field) || names_field(b.field, field);
    if (related && b.option->count() > 0) return true;
  }
  return false;
}

core::InputError ScenarioFlags::in_flag_terms(const core::InputError& error) const {
  std::vector<core::Diagnostic> out = error.diagnostics();
  for (core::Diagnostic& d : out) {
    // A device, model or trace file keeps its own name and keys; a scenario field is named by
    // its flag when the command line set it (or when there is no scenario file).
    const bool about_scenario = d.file == kCommandLine || (!config_.empty() && d.file == config_);
    if (!about_scenario || (!config_.empty() && !given(d.path))) continue;
    const std::string flag = flag_for(d.path);
    if (flag.empty()) continue;
    d.file = kCommandLine;
    // --set names the device field itself: keep it ("--set memory.bandwidth").
    const std::string overrides = "hardware.overrides.";
    d.path = d.path.rfind(overrides, 0) == 0 ? flag + " " + d.path.substr(overrides.size()) : flag;
    d.line = 0;
  }
  return core::InputError(std::move(out));
}

}  // namespace servesim::cli
