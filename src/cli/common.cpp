// Command-line value conversion (see common.h).
#include "cli/common.h"

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "model/hf_config.h"

namespace servesim::cli {

nlohmann::ordered_json economics_json(const perf::Economics& e) {
  auto value = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
  };
  return {{"output_tokens_per_s_per_w", e.tokens_per_s_per_watt},
          {"output_tokens_per_s_per_mm2", value(e.tokens_per_s_per_mm2)},
          {"dollars_per_million_output_tokens", value(e.dollars_per_million_tokens)}};
}

std::string economics_line(const perf::Economics& e) {
  std::string line = fmt::format("{:.2f} output tok/s/W", e.tokens_per_s_per_watt);
  if (e.tokens_per_s_per_mm2) line += fmt::format(", {:.3f} tok/s/mm²", *e.tokens_per_s_per_mm2);
  if (e.dollars_per_million_tokens) {
    line += fmt::format(", ${:.3f} per million output tokens", *e.dollars_per_million_tokens);
  }
  return line;
}

std::string describe(const mapping::Plan& p) {
  std::string out = fmt::format("TP{}", p.tp);
  if (p.ep > 1) out += fmt::format(" EP{}", p.ep);
  if (p.dp_attention) out += fmt::format(" DP-attention x{}", p.attention_dp());
  if (p.two_batch_overlap) out += " two-batch-overlap";
  if (p.overlap_all_reduce) out += " overlapped-all-reduce";
  return out + fmt::format(" PP{}", p.pp);
}

core::DType parse_dtype_flag(const std::string& flag, const std::string& value) {
  if (auto t = core::parse_dtype(value)) return *t;
  throw core::InputError("<command line>", flag, fmt::format("unknown data type \"{}\"", value),
                         "use one of " + core::dtype_names());
}

void MappingFlags::add_to(CLI::App& command) {
  command.add_option("--tp", layout.tp, "tensor-parallel degree")->check(CLI::PositiveNumber);
  command.add_option("--pp", layout.pp, "pipeline-parallel degree")->check(CLI::PositiveNumber);
  command.add_option("--ep", layout.ep, "expert-parallel degree (MoE models)")->check(CLI::PositiveNumber);
  command.add_flag("--dp-attention", layout.dp_attention,
                   "data-parallel attention over the EP ranks (EP/TP attention groups)");
  command.add_flag("--overlap-all-reduce", layout.overlap_all_reduce,
                   "split TP all-reduces into reduce + multicast overlapped with the GEMMs "
                   "(LaMoSys3.5D RD+MC)");
  command.add_flag("--two-batch-overlap", layout.two_batch_overlap,
                   "overlap EP all-to-alls with compute by running the batch as two halves");
  command.add_option("--redundant-experts", layout.redundant_experts,
                     "extra expert copies on the EP ranks for load balancing (EPLB); EP divides "
                     "experts + copies")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--expert-skew", expert_skew,
                     "hottest expert's load over the mean (1 = uniform routing)")
      ->check(CLI::Range(1.0, 1e6));
  command.add_option("--pim-sub-batches", pim_sub_batches,
                     "sub-batches interleaved between device and PIM (1 = serial, 2 = overlapped)")
      ->check(CLI::Range(1, 2));
  command.add_option("--max-context", max_context,
                     "context window in tokens instead of the model's (long-context what-ifs)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 30));
  command.add_option("--set", device_overrides,
                     "change a field of the device YAML, e.g. --set memory.pim.capacity=\"2 TB\" "
                     "(repeatable; applies to the devices of --system and --decode-system)");
  command.add_flag("--no-pim", no_pim,
                   "ignore the device's PIM engines: attention and the KV cache stay on the device");
}

hardware::SystemSpec MappingFlags::applied(hardware::SystemSpec system) const {
  if (no_pim) system.device.pim.reset();
  return system;
}

mapping::Plan MappingFlags::plan(const model::ModelSpec& m, const hardware::SystemSpec& system,
                                 const std::string& flags) const {
  if (auto why = mapping::check_plan(layout, m, system)) {
    throw core::InputError("<command line>", flags, *why,
                           "choose degrees that divide the heads, layers and experts and fit "
                           "the system");
  }
  return layout;
}

void MappingFlags::apply(model::StepOpsConfig& config) const { config.expert_skew = expert_skew; }

void DisaggregationFlags::add_to(CLI::App& command) {
  command.add_option("--pd", pd, "P/D disaggregation: PxD prefill and decode replicas, e.g. 1x3");
  command.add_option("--decode-system", decode_system,
                     "system of the decode pool (default: --system, shared with prefill)");
  decode_tp_option = command.add_option("--decode-tp", decode_mapping.layout.tp, "decode pool TP (default --tp)");
  decode_ep_option = command.add_option("--decode-ep", decode_mapping.layout.ep, "decode pool EP (default --ep)");
  decode_dp_option = command.add_flag("--decode-dp-attention", decode_mapping.layout.dp_attention,
                                      "decode pool uses DP attention (default: as --dp-attention)");
}

std::pair<std::int64_t, std::int64_t> DisaggregationFlags::pools() const {
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
  throw core::InputError("<command line>", "--pd", fmt::format("\"{}\" is not PxD", pd),
                         "e.g. --pd 1x3 (counts from 1 to 1,000,000)");
}

std::unique_ptr<perf::StepModel> DisaggregationFlags::decode_model(
    const model::ModelSpec& m, const hardware::SystemSpec& system,
    const MappingFlags& prefill_mapping, const model::StepOpsConfig& ops) const {
  const hardware::SystemSpec pool_system =
      decode_system.empty()
          ? system
          : prefill_mapping.applied(
                hardware::load_system(decode_system, prefill_mapping.device_overrides));
  MappingFlags dm = prefill_mapping;
  if (decode_tp_option != nullptr && decode_tp_option->count() > 0) dm.layout.tp = decode_mapping.layout.tp;
  if (decode_ep_option != nullptr && decode_ep_option->count() > 0) dm.layout.ep = decode_mapping.layout.ep;
  if (decode_dp_option != nullptr && decode_dp_option->count() > 0) dm.layout.dp_attention = true;
  return std::make_unique<perf::StepModel>(
      m, pool_system, dm.plan(m, pool_system, "--decode-tp/--decode-ep/--decode-dp-attention"),
      ops, prefill_mapping.pim_schedule());
}

Deployment resolve_deployment(const std::string& model_name, const std::string& system_name,
                              const MappingFlags& mapping, const DTypeFlags& dtypes) {
  model::ModelSpec m = model::load_model(model_name);
  if (mapping.max_context > 0) m.max_context = mapping.max_context;
  hardware::SystemSpec system =
      mapping.applied(hardware::load_system(system_name, mapping.device_overrides));
  const mapping::Plan plan = mapping.plan(m, system);
  if (m.moe && mapping.expert_skew >
                   static_cast<double>(m.moe->num_experts) / static_cast<double>(m.moe->top_k)) {
    throw core::InputError("<command line>", "--expert-skew",
                           fmt::format("{} exceeds E/k = {}: no expert can take more than every "
                                       "token", mapping.expert_skew,
                                       m.moe->num_experts / m.moe->top_k));
  }
  model::StepOpsConfig ops;
  ops.dtypes = dtypes.dtypes();
  mapping.apply(ops);
  return Deployment{std::move(m), std::move(system), plan, ops, mapping.pim_schedule()};
}

void DTypeFlags::add_to(CLI::App& command) {
  command.add_option("--weights", weights, "weight format: fp32|bf16|fp16|fp8|int8|int4");
  command.add_option("--activations", activations, "activation format: fp32|bf16|fp16|fp8");
  command.add_option("--kv", kv, "KV-cache format (default: the activation format)");
}

core::DTypes DTypeFlags::dtypes() const {
  core::DTypes t;
  t.weights = parse_dtype_flag("--weights", weights);
  t.activations = parse_dtype_flag("--activations", activations);
  t.kv = kv.empty() ? t.activations : parse_dtype_flag("--kv", kv);
  return t;
}

}  // namespace servesim::cli
