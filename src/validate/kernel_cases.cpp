// Kernel-case prediction (see kernel_cases.h). Shapes are "KEY=VALUE" words (M=64 K=12288 N=12288;
// batch=8 seq=2048 tp=4; batch=8 kv_len=3072 tp=4) or, for collectives, a buffer size ("8 MiB").
#include "validate/kernel_cases.h"

#include <charconv>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "core/config_paths.h"
#include "core/diagnostics.h"
#include "validate/case_row.h"
#include "core/unit_parse.h"
#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "perf/collective.h"
#include "perf/roofline.h"
#include "perf/step_model.h"

namespace servesim::validate {
namespace {

using Row = CaseRow;

std::map<std::string, std::int64_t> shape_words(const Row& row) {
  static const std::regex word(R"(([A-Za-z_]+)=(\d+))");
  const std::string& shape = row.at("shape");
  std::map<std::string, std::int64_t> out;
  for (auto it = std::sregex_iterator(shape.begin(), shape.end(), word); it != std::sregex_iterator();
       ++it) {
    const std::string digits = (*it)[2].str();
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || v < 1 || v > (std::int64_t{1} << 40)) {
      row.fail("shape", fmt::format("{}={} is not an integer from 1 to 2^40", (*it)[1].str(), digits));
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
             "write the shape as KEY=VALUE words, e.g. M=64 K=4096 N=4096");
  }
  return it->second;
}

double to_metric(const Row& row, core::Seconds t) {
  if (row.at("metric") == "latency_ms") return t.value() * 1e3;
  row.fail("metric", fmt::format("unsupported metric \"{}\" for this op", row.at("metric")),
           "kernel cases support latency_ms");
}

CaseResult predict_gemm(const Row& row, const hardware::DeviceSpec& device, core::DType dtype) {
  const auto w = shape_words(row);
  const model::Op op = model::make_gemm(need(row, w, "M"), need(row, w, "N"), need(row, w, "K"), dtype);
  const perf::OpCost c = perf::compute_op_cost(op, device);
  CaseResult r;
  r.predicted = to_metric(row, c.time);
  r.bound = std::string(perf::to_string(c.bound));
  return r;
}

CaseResult predict_all_reduce(const Row& row, const hardware::SystemSpec& system) {
  static const std::regex size(R"((\d+(?:\.\d+)?)\s*(KiB|MiB|GiB|KB|MB|GB))");
  std::smatch match;
  const std::string& shape = row.at("shape");
  if (!std::regex_search(shape, match, size)) {
    row.fail("shape", fmt::format("\"{}\" names no buffer size", shape), "e.g. \"64 MiB\"");
  }
  std::string why;
  const auto bytes = core::parse_as<core::Bytes>(match[1].str() + " " + match[2].str(), why);
  mapping::Plan plan{system.device_count(), 1};
  const perf::CollectiveCost c =
      perf::collective_cost(model::OpKind::all_reduce, bytes->value(), mapping::tp_group(plan, system));
  CaseResult r;
  r.predicted = to_metric(row, c.time);
  r.bound = "communication (" + c.algorithm + ")";
  return r;
}

// "<model>-layer-prefill" / "<model>-layer-decode": one transformer layer under TP, excluding
// the embedding and LM head (the ops that run once per step rather than once per layer).
CaseResult predict_layer(const Row& row, const hardware::SystemSpec& system, core::DType dtype,
                         const std::string& model_name, bool prefill) {
  const auto w = shape_words(row);
  const model::ModelSpec m = model::load_model(model_name);
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

CaseResult predict(const Row& row) {
  const std::string& op = row.at("op");
  const std::string& device_name = row.at("device");
  if (!core::resolve_config(device_name, "devices", ".yaml")) {
    CaseResult r;
    r.skipped = fmt::format("device {} is not shipped", device_name);
    return r;
  }
  const auto dtype = core::parse_dtype(row.at("dtype"));
  if (!dtype) row.fail("dtype", "unknown data type \"" + row.at("dtype") + "\"", core::dtype_names());
  const std::int64_t devices = row.integer("devices");
  const hardware::SystemSpec system =
      hardware::load_system(fmt::format("{}:{}", device_name, devices));
  static const std::regex layer_op(R"((.+)-layer-(prefill|decode))");
  std::smatch match;
  CaseResult r;
  if (op == "gemm") {
    r = predict_gemm(row, system.device, *dtype);
  } else if (op == "all_reduce") {
    r = predict_all_reduce(row, system);
  } else if (std::regex_match(op, match, layer_op)) {
    r = predict_layer(row, system, *dtype, match[1].str(), match[2].str() == "prefill");
  } else {
    r.skipped = fmt::format("op \"{}\" has no kernel predictor", op);
  }
  return r;
}

}  // namespace

std::vector<CaseResult> run_kernel_cases(const core::CsvTable& table) {
  for (const char* column : {"id", "device", "devices", "op", "shape", "dtype", "metric", "measured"}) {
    if (table.column(column) < 0) {
      throw core::InputError(table.file, "header", fmt::format("missing column \"{}\"", column));
    }
  }
  return predict_rows(table, [](const Row& row) {
    CaseResult r = predict(row);
    r.kind = row.at("op");
    r.device = row.at("device");
    return r;
  });
}

}  // namespace servesim::validate
