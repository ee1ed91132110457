// End-to-end case prediction (see serving_cases.h).
#include "validate/serving_cases.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/config_node.h"
#include "core/diagnostics.h"
#include "core/unit_parse.h"
#include "scenario/capacity.h"
#include "scenario/engine_profile.h"
#include "scenario/evaluate.h"
#include "serving/generators.h"
#include "serving/scheduler.h"
#include "validate/case_row.h"
#include "validate/row_engines.h"

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

// The MLPerf Server pattern of an `arrival` field "server:TTFT/TPOT" (e.g. server:2s/200ms): the
// p99 targets a Poisson load must meet; nullopt for any other arrival.
struct ServerTargets {
  core::Seconds ttft_p99, tpot_p99;
};
std::optional<ServerTargets> server_targets(const Row& row) {
  const std::string& arrival = row.at("arrival");
  if (arrival.rfind("server:", 0) != 0) return std::nullopt;
  const std::string value = arrival.substr(7);
  const auto slash = value.find('/');
  std::string why;
  const auto ttft = core::parse_as<core::Seconds>(value.substr(0, slash), why);
  const auto tpot = slash == std::string::npos
                        ? std::nullopt
                        : core::parse_as<core::Seconds>(value.substr(slash + 1), why);
  if (!ttft || !tpot || !(ttft->value() > 0) || !(tpot->value() > 0)) {
    row.fail("arrival", fmt::format("\"{}\" is not server:TTFT/TPOT with two positive times", arrival),
             "e.g. server:2s/200ms, MLPerf's Llama-2-70B Server p99 targets");
  }
  return ServerTargets{*ttft, *tpot};
}

// The generator of a row: the `arrival` column (offline, poisson:RATE, concurrency:N, batch:N, or
// for a `server` row, whose targets server_targets read, Poisson at 1 request/s, the rate then
// searched) names the kind and its one parameter; isl, osl and requests give the lengths and the
// count.
core::Selection workload_of(const Row& row, bool server) {
  const std::string& arrival = row.at("arrival");
  const auto colon = arrival.find(':');
  const std::string kind = server ? "poisson" : arrival.substr(0, colon);
  const std::string value =
      server ? "1" : colon == std::string::npos ? "" : arrival.substr(colon + 1);
  const char* parameter = kind == "poisson"                          ? "rate"
                          : kind == "concurrency" || kind == "batch" ? "n"
                                                                     : nullptr;
  if (parameter == nullptr ? kind != "offline" || !value.empty() : value.empty()) {
    row.fail("arrival", fmt::format("\"{}\" is not offline, poisson:RATE, concurrency:N, batch:N "
                                    "or server:TTFT/TPOT",
                                    arrival));
  }
  core::Selection w = serving::generators().select(kind);
  const auto assign = [&](const char* column, const char* name, const std::string& text) {
    if (auto problem = w.params.assign(name, text)) row.fail(column, problem->message);
  };
  if (parameter != nullptr) assign("arrival", parameter, value);
  assign("requests", "requests", std::to_string(row.integer("requests")));
  assign("isl", "input", std::to_string(row.integer("isl")));
  assign("osl", "output", std::to_string(row.integer("osl")));
  return w;
}

core::DType dtype_of(const Row& row, const char* column) {
  const auto t = core::parse_dtype(row.at(column));
  if (!t) row.fail(column, "unknown data type \"" + row.at(column) + "\"");
  return *t;
}

std::optional<std::int64_t> optional_integer(const Row& row, const char* column) {
  return row.given(column) ? std::optional(row.integer(column)) : std::nullopt;
}

std::optional<bool> optional_flag(const Row& row, const char* column) {
  if (!row.given(column)) return std::nullopt;
  std::string why;
  if (auto b = core::parse_bool(row.at(column), why)) return b;
  row.fail(column, why);
}

// MLPerf Server: the highest Poisson rate whose p99 TTFT and p99 TPOT each meet their target
// (scenario/capacity.h), and the row's metric there (req_s: the scheduled rate). Only throughput
// metrics are defined.
// A design the row cannot run: an invalid mapping is the row's error (its `tp`); a design that
// does not fit is skipped with the reason.
CaseResult not_predicted(const Row& row, const scenario::Infeasibility& why) {
  if (why.kind == scenario::InfeasibilityKind::invalid_mapping) row.fail("tp", why.reason);
  CaseResult r;
  r.skipped = why.reason;
  return r;
}

CaseResult predict_server(const Row& row, scenario::ScenarioSpec spec, const ServerTargets& targets,
                          const scenario::Environment& env) {
  const std::string& metric = row.at("metric");
  if (metric != "output_tok_s" && metric != "req_s") {
    row.fail("metric", fmt::format("\"{}\" is not defined for a server row", metric),
             "a server row measures output_tok_s or req_s at the highest rate meeting its targets");
  }
  spec.slo.ttft = targets.ttft_p99;
  spec.slo.tpot = targets.tpot_p99;
  scenario::CapacityOptions mlperf;
  mlperf.percentile_targets = true;
  const scenario::Capacity c = scenario::find_capacity(spec, env, mlperf);
  if (c.infeasible) return not_predicted(row, *c.infeasible);
  CaseResult r;
  if (!c.max_rate_scale) {
    r.skipped = "no rate meets the targets";
    return r;
  }
  const auto at = std::find_if(c.curve.begin(), c.curve.end(), [&c](const auto& sample) {
    return sample.rate_scale == *c.max_rate_scale;
  });
  if (at == c.curve.end()) throw std::logic_error("the capacity's rate is not in its curve");
  r.predicted = metric == "req_s" ? at->offered_requests_per_s : at->output_tokens_per_s;
  r.bound = fmt::format("{:.2f} req/s, TTFT p99 {:.0f} ms, TPOT p99 {:.0f} ms",
                        at->offered_requests_per_s, at->ttft_p99.value() * 1e3,
                        at->tpot_p99.value() * 1e3);
  return r;
}

CaseResult predict(const Row& row, const scenario::Environment& env, RowEngines& engines) {
  CaseResult r;
  if (!env.root.resolve(row.at("device"), "devices", ".yaml")) {
    r.skipped = fmt::format("device {} is not shipped", row.at("device"));
    return r;
  }
  scenario::ScenarioSpec spec = scenario::serving_with_profile({}, engines.profile(row, kDefaultEngine));
  // Errors of the row's scenario (a bad expert_routing, a workload the capacity search cannot
  // take) name the file and the row.
  spec.origin = fmt::format("{} row {}", row.table.file, row.at("id"));
  const core::DType weights = dtype_of(row, "weight_dtype");
  spec.dtypes = {weights, weights == core::DType::fp16 ? core::DType::fp16 : core::DType::bf16,
                 dtype_of(row, "kv_dtype")};
  spec.model.name = row.at("model");
  spec.hardware.system = row.at("device") + ":" + std::to_string(row.integer("devices"));
  spec.mapping.tp = row.integer("tp");
  spec.mapping.pp = row.integer("pp");
  spec.mapping.ep = optional_integer(row, "ep").value_or(1);
  spec.mapping.dp_attention = optional_flag(row, "dp_attention").value_or(false);
  if (row.given("expert_routing")) spec.mapping.expert_routing = row.at("expert_routing");
  spec.serving.replicas = row.integer("replicas");
  const std::optional<ServerTargets> targets = server_targets(row);
  spec.workload.generator = workload_of(row, targets.has_value());
  if (targets) return predict_server(row, spec, *targets, env);
  const scenario::Evaluation e = scenario::evaluate(spec, scenario::Fidelity::simulate, env);
  if (!e.feasible()) return not_predicted(row, e.infeasibility());
  const serving::ServeSummary& s = *e.metrics().serve;
  r.predicted = metric_of(row, s);
  r.bound = fmt::format("batch {:.0f}, KV {:.0f}%", s.batch_size_mean, 100 * s.kv_utilization_mean);
  return r;
}

}  // namespace

std::vector<CaseResult> run_serving_cases(const core::CsvTable& table,
                                          const scenario::Environment& env) {
  RowEngines engines(env);
  return predict_rows(table, [&env, &engines](const Row& row) {
    CaseResult r = predict(row, env, engines);
    r.kind = row.at("model");
    r.device = fmt::format("{}x{}", row.at("device"), row.at("devices"));
    return r;
  });
}

}  // namespace servesim::validate
