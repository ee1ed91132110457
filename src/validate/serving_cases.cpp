// End-to-end case prediction (see serving_cases.h).
#include "validate/serving_cases.h"

#include <charconv>

#include <fmt/format.h>

#include "core/config_paths.h"
#include "core/diagnostics.h"
#include "validate/case_row.h"
#include "hardware/system_spec.h"
#include "model/hf_config.h"

namespace servesim::validate {
namespace {

using Row = CaseRow;

double metric_of(const Row& row, const serving::ServeSummary& s) {
  const std::string& metric = row.at("metric");
  if (metric == "output_tok_s") return s.output_tokens_per_s;
  if (metric == "req_s") return s.requests_per_s;
  if (metric == "ttft_mean_ms") return s.ttft.mean * 1e3;
  if (metric == "itl_mean_ms") return s.itl.mean * 1e3;
  if (metric == "e2e_mean_ms") return s.e2e.mean * 1e3;
  if (metric == "ttft_p99_ms") return s.ttft.p99 * 1e3;
  if (metric == "tpot_p99_ms") return s.tpot.p99 * 1e3;
  row.fail("metric", fmt::format("unknown metric \"{}\"", metric));
}

std::string workload_spec(const Row& row) {
  const std::string& arrival = row.at("arrival");
  const std::string lengths = fmt::format("requests={},input={},output={}", row.integer("requests"),
                                          row.integer("isl"), row.integer("osl"));
  const auto colon = arrival.find(':');
  const std::string kind = arrival.substr(0, colon);
  const std::string value = colon == std::string::npos ? "" : arrival.substr(colon + 1);
  if (kind == "offline" && value.empty()) return "offline:" + lengths;
  if (kind == "poisson" && !value.empty()) return fmt::format("poisson:rate={},{}", value, lengths);
  if ((kind == "concurrency" || kind == "batch") && !value.empty()) {
    return fmt::format("{}:n={},{}", kind, value, lengths);
  }
  row.fail("arrival", fmt::format("\"{}\" is not offline, poisson:RATE, concurrency:N or batch:N",
                                  arrival));
}

CaseResult predict(const Row& row) {
  CaseResult r;
  if (!core::resolve_config(row.at("device"), "devices", ".yaml")) {
    r.skipped = fmt::format("device {} is not shipped", row.at("device"));
    return r;
  }
  const auto weights = core::parse_dtype(row.at("weight_dtype"));
  const auto kv = core::parse_dtype(row.at("kv_dtype"));
  if (!weights) row.fail("weight_dtype", "unknown data type \"" + row.at("weight_dtype") + "\"");
  if (!kv) row.fail("kv_dtype", "unknown data type \"" + row.at("kv_dtype") + "\"");
  const model::ModelSpec m = model::load_model(row.at("model"));
  const hardware::SystemSpec system =
      hardware::load_system(fmt::format("{}:{}", row.at("device"), row.integer("devices")));
  const mapping::Plan plan{row.integer("tp"), row.integer("pp")};
  if (auto why = mapping::check_plan(plan, m, system)) row.fail("tp", *why);
  model::StepOpsConfig ops;
  ops.dtypes = {*weights, *weights == core::DType::fp16 ? core::DType::fp16 : core::DType::bf16, *kv};
  perf::StepModel sm(m, system, plan, ops);
  serving::ServeConfig config = serving_case_config();
  config.replicas = row.integer("replicas");
  const serving::Capacity capacity = serving::kv_capacity(sm, config);
  if (!capacity.infeasible.empty()) {
    r.skipped = capacity.infeasible;
    return r;
  }
  serving::Workload workload = serving::open_workload(workload_spec(row), {});
  const serving::ServeSummary s = serving::simulate(sm, workload, config);
  r.predicted = metric_of(row, s);
  r.bound = fmt::format("batch {:.0f}, KV {:.0f}%", s.batch_size_mean, 100 * s.kv_utilization_mean);
  return r;
}

}  // namespace

serving::ServeConfig serving_case_config() {
  serving::ServeConfig c;
  c.scheduler = "sarathi";
  c.limits.max_num_batched_tokens = 8192;
  c.limits.max_num_seqs = 2048;
  c.memory_utilization = 0.9;
  c.limits.admission = serving::Admission::full_sequence;
  c.kv_memory_rule = serving::KvMemoryRule::fraction_of_free;

  return c;
}

std::vector<CaseResult> run_serving_cases(const core::CsvTable& table) {
  return predict_rows(table, [](const Row& row) {
    CaseResult r = predict(row);
    r.kind = row.at("model");
    r.device = fmt::format("{}x{}", row.at("device"), row.at("devices"));
    return r;
  });
}

}  // namespace servesim::validate
