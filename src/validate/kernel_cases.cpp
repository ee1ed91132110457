// Kernel-case prediction (see kernel_cases.h). Shapes are "KEY=VALUE" words (M=64 K=12288 N=12288;
// groups=4 M=8192 N=4096 K=7168 for a grouped expert GEMM, M per group;
// batch=8 seq=2048 tp=4; batch=8 kv_len=3072 tp=4; batch=64 kv_len=4096 heads=16;
// batch=64 kv_len=4096 heads=8 kv_heads=1 head_dim=128 for decode attention) or, for
// collectives, a buffer size ("8 MiB").
// Rate metrics (achieved_tflops, achieved_bandwidth_GBps) are FLOPs or memory bytes over the
// predicted time. A rate row whose shape has no KEY=VALUE words is an "up to" figure (a kernel
// README's best case): it is compared with the best rate the model gives over the op's sweep
// (kUpToGemmSizes for GEMMs; kUpToMla* for MLA decode).
#include "validate/kernel_cases.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <regex>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "core/unit_parse.h"
#include "hardware/system.h"
#include "model/hf_config.h"
#include "perf/collective.h"
#include "perf/perf_engine.h"
#include "perf/step_model.h"
#include "validate/case_row.h"
#include "validate/row_engines.h"

namespace servesim::validate {
namespace {

using Row = CaseRow;

std::map<std::string, std::int64_t> shape_words(const Row& row) {
  static const std::regex word(R"(([A-Za-z_]+)=(\d+))");
  const std::string& shape = row.at("shape");
  std::map<std::string, std::int64_t> out;
  for (auto it = std::sregex_iterator(shape.begin(), shape.end(), word);
       it != std::sregex_iterator(); ++it) {
    const std::string digits = (*it)[2].str();
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || v < 1 || v > (std::int64_t{1} << 40)) {
      row.fail("shape",
               fmt::format("{}={} is not an integer from 1 to 2^40", (*it)[1].str(), digits));
    }
    out[(*it)[1].str()] = v;
  }
  return out;
}

std::int64_t need(const Row& row, const std::map<std::string, std::int64_t>& words,
                  const char* key) {
  auto it = words.find(key);
  if (it == words.end()) {
    row.fail("shape", fmt::format("\"{}\" has no {}=", row.at("shape"), key),
             "write the shape as KEY=VALUE words, e.g. M=64 K=4096 N=4096 or batch=64 kv_len=4096 "
             "heads=16");
  }
  return it->second;
}

double to_metric(const Row& row, core::Seconds t) {
  if (row.at("metric") == "latency_ms") return t.value() * 1e3;
  row.fail("metric", fmt::format("unsupported metric \"{}\" for this op", row.at("metric")),
           "kernel cases support latency_ms; GEMM and attention decode rows also achieved_tflops and "
           "achieved_bandwidth_GBps");
}

/// The row's metric for an op of `flops` FLOPs moving `bytes` memory bytes in `t`.
double to_rate_or_latency(const Row& row, core::Seconds t, double flops, double bytes) {
  const std::string& metric = row.at("metric");
  if (metric == "achieved_tflops") return flops / t.value() / 1e12;
  if (metric == "achieved_bandwidth_GBps") return bytes / t.value() / 1e9;
  return to_metric(row, t);
}

bool is_up_to(const Row& row) {
  return row.at("metric") != "latency_ms" && shape_words(row).empty();
}

/// GEMM dimensions swept for an "up to" GEMM row: every M, N, K from these sizes.
constexpr std::array<std::int64_t, 8> kUpToGemmSizes{64, 128, 512, 1024, 2048, 4096, 7168, 16384};

struct PricedShape {
  perf::OpCost cost;
  std::string shape;
};

/// The row's metric for one priced shape, or for an "up to" sweep the best (highest) rate, with
/// the shape that reached it in the bound column.
CaseResult report(const Row& row, const std::vector<PricedShape>& shapes) {
  CaseResult r;
  for (const PricedShape& s : shapes) {
    const double v =
        to_rate_or_latency(row, s.cost.time, s.cost.flops.value(), s.cost.bytes.value());
    if (shapes.size() == 1 || v > r.predicted) {
      r.predicted = v;
      r.bound = std::string(perf::to_string(s.cost.bound));
      if (shapes.size() > 1) r.bound += " at " + s.shape;
    }
  }
  return r;
}

// One kernel of `op` as the row's engine launches it.
perf::OpCost kernel_cost(const model::Op& op, const hardware::Device& device,
                         const model::EngineKernels& engine) {
  return perf::launched(perf::compute_op_cost(op, device), engine.eager_launch);
}

CaseResult predict_gemm(const Row& row, const hardware::Device& device, core::DType dtype,
                        const model::EngineKernels& engine) {
  std::vector<PricedShape> shapes;
  auto add = [&](std::int64_t m, std::int64_t n, std::int64_t k) {
    const model::Op op = model::make_gemm(m, n, k, dtype);
    shapes.push_back({kernel_cost(op, device, engine), fmt::format("M={} N={} K={}", m, n, k)});
  };
  if (is_up_to(row)) {
    for (auto m : kUpToGemmSizes)
      for (auto n : kUpToGemmSizes)
        for (auto k : kUpToGemmSizes) add(m, n, k);
  } else {
    const auto w = shape_words(row);
    const std::int64_t m = need(row, w, "M");
    const std::int64_t n = need(row, w, "N");
    add(m, n, need(row, w, "K"));
  }
  return report(row, shapes);
}

/// MoE experts' grouped GEMM (DeepGEMM's grouped rows): groups= problems of M= (tokens per group)
/// × K= by K= × N=, each group its own weights.
CaseResult predict_grouped_gemm(const Row& row, const hardware::Device& device, core::DType dtype,
                                const model::EngineKernels& engine) {
  const auto w = shape_words(row);
  const std::int64_t groups = need(row, w, "groups");
  const std::int64_t m = need(row, w, "M"), n = need(row, w, "N"), k = need(row, w, "K");
  const model::Op op = model::make_expert_gemm(groups, m, n, k, dtype);
  return report(row, {{kernel_cost(op, device, engine),
                       fmt::format("groups={} M={} N={} K={}", groups, m, n, k)}});
}

/// Decode attention of one GPU (batch= sequences of kv_len= cached tokens, heads= query and
/// kv_heads= K/V heads of head_dim=), the cache in the row's format.
CaseResult predict_attention_decode(const Row& row, const hardware::Device& device,
                                    core::DType dtype, const model::EngineKernels& engine) {
  if (row.integer("devices") != 1) {
    row.fail("devices", "an attention_decode row prices one GPU's kernel: expected 1",
             "give the GPU's share of the heads as heads= and kv_heads=");
  }
  const auto w = shape_words(row);
  const std::int64_t heads = need(row, w, "heads"), kv_heads = need(row, w, "kv_heads");
  if (heads % kv_heads != 0) {
    row.fail("shape", fmt::format("heads={} is not a multiple of kv_heads={}", heads, kv_heads));
  }
  const model::Op op = model::make_decode_attention(need(row, w, "batch"), need(row, w, "kv_len"),
                                                    heads, kv_heads, need(row, w, "head_dim"),
                                                    dtype);
  return report(row, {{kernel_cost(op, device, engine), row.at("shape")}});
}

/// MLA decode shapes swept for an "up to" row: sequences, cached tokens, query heads per device.
constexpr std::array<std::int64_t, 3> kUpToMlaBatch{32, 64, 128};
constexpr std::array<std::int64_t, 3> kUpToMlaKvLen{1024, 4096, 16384};
constexpr std::array<std::int64_t, 4> kUpToMlaHeads{16, 32, 64, 128};

/// DeepSeek-V3's absorbed MLA decode attention (the FlashMLA kernel: queries against the shared
/// 512 + 64 latent cache) on one GPU with `heads` of the model's 128 query heads (a TP = 128 /
/// heads shard), priced for every `batch` × `kv_len` (sequences × cached tokens) and appended to
/// `out`. Only the attention-core op counts; the absorption GEMMs around it are separate kernels.
void price_mla_decode(const Row& row, const model::ModelSpec& m, core::DType dtype,
                      std::int64_t heads, std::span<const std::int64_t> batches,
                      std::span<const std::int64_t> kv_lens, const scenario::Environment& env,
                      std::vector<PricedShape>& out) {
  if (heads > m.heads || m.heads % heads != 0) {
    row.fail("shape",
             fmt::format("heads={} does not divide DeepSeek-V3's {} query heads", heads, m.heads));
  }
  const std::int64_t tp = m.heads / heads;
  model::StepOpsConfig config;
  config.dtypes = {dtype, dtype, dtype};
  perf::StepModel sm(m,
                     hardware::load_derived_system(fmt::format("{}:{}", row.at("device"), tp),
                                                   env.root, env.process_table),
                     mapping::Plan{tp, 1}, config);
  for (const std::int64_t batch : batches) {
    for (const std::int64_t kv_len : kv_lens) {
      model::StepBatch b;
      b.add({1, kv_len, true}, m, batch);
      (void)sm.price(b);
      const auto core = std::find_if(
          sm.last_ops().begin(), sm.last_ops().end(),
          [](const model::Op& op) { return op.kind == model::OpKind::attention_decode; });
      if (core == sm.last_ops().end()) {
        throw std::logic_error("DeepSeek-V3 decode has no attention_decode op");
      }
      out.push_back(
          {sm.op_cost(*core), fmt::format("batch={} kv_len={} heads={}", batch, kv_len, heads)});
    }
  }
}

CaseResult predict_mla_decode(const Row& row, core::DType dtype, const scenario::Environment& env) {
  if (row.integer("devices") != 1) {
    row.fail("devices", "an mla_decode row prices one GPU's kernel: expected 1",
             "give the GPU's share of the query heads as heads=");
  }
  const model::ModelSpec m = model::load_model("deepseek-v3", env.root);
  std::vector<PricedShape> shapes;
  if (is_up_to(row)) {
    for (auto h : kUpToMlaHeads)
      price_mla_decode(row, m, dtype, h, kUpToMlaBatch, kUpToMlaKvLen, env, shapes);
  } else {
    const auto w = shape_words(row);
    const std::int64_t batch = need(row, w, "batch");
    const std::int64_t kv_len = need(row, w, "kv_len");
    price_mla_decode(row, m, dtype, need(row, w, "heads"), std::array{batch}, std::array{kv_len},
                     env, shapes);
  }
  return report(row, shapes);
}

CaseResult predict_all_reduce(const Row& row, const hardware::System& system,
                              const model::EngineKernels& engine) {
  static const std::regex size(R"((\d+(?:\.\d+)?)\s*(KiB|MiB|GiB|KB|MB|GB))");
  std::smatch match;
  const std::string& shape = row.at("shape");
  if (!std::regex_search(shape, match, size)) {
    row.fail("shape", fmt::format("\"{}\" names no buffer size", shape), "e.g. \"64 MiB\"");
  }
  std::string why;
  const auto bytes = core::parse_as<core::Bytes>(match[1].str() + " " + match[2].str(), why);
  mapping::Plan plan{system.device_count(), 1};
  const perf::CollectiveCost c = perf::collective_cost(
      model::OpKind::all_reduce, bytes->value(), mapping::tp_group(plan, system), 1.0,
      perf::collective_library(engine, system.device.calibration));
  CaseResult r;
  r.predicted = to_metric(row, c.time);
  r.bound = "communication (" + c.algorithm + ")";
  return r;
}

// "<model>-layer-prefill" / "<model>-layer-decode": one transformer layer under TP, excluding
// the embedding and LM head (the ops that run once per step rather than once per layer).
CaseResult predict_layer(const Row& row, const hardware::System& system, core::DType dtype,
                         const model::ModelSpec& m, bool prefill,
                         const model::EngineKernels& engine) {
  const auto w = shape_words(row);
  const std::int64_t tp = need(row, w, "tp");
  const std::int64_t batch = need(row, w, "batch");
  model::StepBatch b;
  if (prefill) {
    b.add({need(row, w, "seq"), 0, true}, m, batch);
  } else {
    b.add({1, need(row, w, "kv_len"), true}, m, batch);
  }
  model::StepOpsConfig config;
  config.dtypes = {dtype, dtype, dtype};
  config.engine = engine;
  perf::StepModel sm(m, system, mapping::Plan{tp, 1}, config);
  (void)sm.price(b);
  core::Seconds layer{};
  std::array<core::Seconds, perf::kBoundCount> by_bound{};
  for (const model::Op& op : sm.last_ops()) {
    if (op.repeat < m.layers) continue;  // once-per-step ops
    const perf::OpCost c = sm.op_cost(op);
    const double per_layer = static_cast<double>(op.repeat) / static_cast<double>(m.layers);
    layer += c.time * per_layer;
    by_bound[static_cast<int>(c.bound)] += c.time * per_layer;
  }
  CaseResult r;
  r.predicted = to_metric(row, layer);
  const auto top = std::max_element(by_bound.begin(), by_bound.end()) - by_bound.begin();
  r.bound = std::string(perf::to_string(static_cast<perf::Bound>(top)));
  return r;
}

CaseResult predict(const Row& row, const scenario::Environment& env, RowEngines& engines) {
  const std::string& op = row.at("op");
  const std::string& device_name = row.at("device");
  if (!env.root.resolve(device_name, "devices", ".yaml")) {
    CaseResult r;
    r.skipped = fmt::format("device {} is not shipped", device_name);
    return r;
  }
  const auto dtype = core::parse_dtype(row.at("dtype"));
  if (!dtype)
    row.fail("dtype", "unknown data type \"" + row.at("dtype") + "\"", core::dtype_names());
  const std::int64_t devices = row.integer("devices");
  const hardware::System system = hardware::load_derived_system(
      fmt::format("{}:{}", device_name, devices), env.root, env.process_table);
  const model::EngineKernels engine = engines.kernels(row);
  static const std::regex layer_op(R"((.+)-layer-(prefill|decode))");
  std::smatch match;
  CaseResult r;
  if (op == "gemm") {
    r = predict_gemm(row, system.device, *dtype, engine);
  } else if (op == "grouped_gemm") {
    r = predict_grouped_gemm(row, system.device, *dtype, engine);
  } else if (op == "attention_decode") {
    r = predict_attention_decode(row, system.device, *dtype, engine);
  } else if (op == "mla_decode") {
    r = predict_mla_decode(row, *dtype, env);
  } else if (op == "all_reduce") {
    r = predict_all_reduce(row, system, engine);
  } else if (std::regex_match(op, match, layer_op)) {
    r = predict_layer(row, system, *dtype, model::load_model(match[1].str(), env.root),
                      match[2].str() == "prefill", engine);
  } else {
    r.skipped = fmt::format("op \"{}\" has no kernel predictor", op);
  }
  return r;
}

}  // namespace

std::vector<CaseResult> run_kernel_cases(const core::CsvTable& table,
                                         const scenario::Environment& env) {
  for (const char* column :
       {"id", "device", "devices", "op", "shape", "dtype", "metric", "measured"}) {
    if (table.column(column) < 0) {
      throw core::InputError(table.file, "header", fmt::format("missing column \"{}\"", column));
    }
  }
  RowEngines engines(env);
  return predict_rows(table, [&env, &engines](const Row& row) {
    CaseResult r = predict(row, env, engines);
    r.kind = row.at("op");
    r.device = row.at("device");
    return r;
  });
}

}  // namespace servesim::validate
