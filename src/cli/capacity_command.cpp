// `servesim capacity`: the QoS search over the arrival rate, printed as its curve and maximum.
#include "cli/capacity_command.h"

#include <chrono>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "core/diagnostics.h"
#include "core/unit_parse.h"
#include "scenario/evaluation_json.h"
#include "scenario/scenario_yaml.h"
#include "serving/generators.h"

namespace servesim::cli {
namespace {

constexpr const char* kCommandLine = "<command line>";

double ms(core::Seconds s) { return s.value() * 1e3; }

// `error` with the search options it names (capacity.h names them by their CapacityOptions
// member, at the scenario's origin) named by the flags that set them.
core::InputError in_option_terms(const core::InputError& error) {
  std::vector<core::Diagnostic> out = error.diagnostics();
  for (core::Diagnostic& d : out) {
    for (const auto& [member, flag] : {std::pair{"attainment", "--attainment"},
                                       std::pair{"grid_ratio", "--grid-ratio"}}) {
      if (d.path != member) continue;
      d.file = kCommandLine;
      d.path = flag;
      d.line = 0;
    }
  }
  return core::InputError(std::move(out));
}

std::string slo_text(const scenario::SloSpec& slo) {
  std::string out;
  if (slo.ttft) out += "ttft=" + core::format_seconds(*slo.ttft);
  if (slo.tpot) {
    out += std::string(out.empty() ? "" : ",") + "tpot=" + core::format_seconds(*slo.tpot);
  }
  return out;
}

std::string workload_text(const scenario::WorkloadSpec& w) {
  return w.generator ? serving::synthetic_text(*w.generator) : w.trace;
}

nlohmann::ordered_json capacity_json(const scenario::Capacity& c,
                                     const scenario::ScenarioSpec& spec, double attainment) {
  const auto optional = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
  };
  nlohmann::ordered_json curve = nlohmann::ordered_json::array();
  for (const scenario::CapacitySample& s : c.curve) {
    curve.push_back({{"rate_scale", s.rate_scale},
                     {"offered_requests_per_s", s.offered_requests_per_s},
                     {"output_tokens_per_s", s.output_tokens_per_s},
                     {"goodput_requests_per_s", s.goodput_requests_per_s},
                     {"slo_attainment", s.slo_attainment},
                     {"ttft_p99_ms", ms(s.ttft_p99)},
                     {"tpot_p99_ms", ms(s.tpot_p99)},
                     {"in_flight_max", s.in_flight_max},
                     {"steady", s.steady}});
  }
  return {{"max_rate_scale", optional(c.max_rate_scale)},
          {"max_requests_per_s", optional(c.max_requests_per_s)},
          {"attainment_target", attainment},
          {"curve", std::move(curve)},
          {"scenario", scenario::scenario_json(spec)},
          {"provenance", scenario::provenance_json()}};
}

void print_capacity(const scenario::Capacity& c, const scenario::ScenarioSpec& spec,
                    const scenario::CapacityOptions& search, double wall) {
  const scenario::MappingSpec& m = spec.mapping;
  fmt::print("{} on {} (TP{} PP{} EP{}), workload {}\n", spec.model.name, spec.hardware.system,
             m.tp, m.pp, m.ep, workload_text(spec.workload));
  fmt::print("SLO {}: the highest rate with {:g}% of requests within it\n\n", slo_text(spec.slo),
             100 * search.attainment);
  fmt::print("  {:>10} {:>13} {:>12} {:>13} {:>10} {:>11} {:>11} {:>9}\n", "rate scale",
             "offered req/s", "output tok/s", "goodput req/s", "attainment", "TTFT p99 ms",
             "TPOT p99 ms", "in flight");
  bool unsteady = false;
  for (const scenario::CapacitySample& s : c.curve) {
    unsteady = unsteady || !s.steady;
    fmt::print("  {:>10.4g} {:>13.3f} {:>12.0f} {:>13.3f} {:>9.2f}% {:>11.1f} {:>11.1f} {:>9}{}\n",
               s.rate_scale, s.offered_requests_per_s, s.output_tokens_per_s,
               s.goodput_requests_per_s, 100 * s.slo_attainment, ms(s.ttft_p99), ms(s.tpot_p99),
               fmt::format("{}{}", s.in_flight_max, s.steady ? "" : "*"),
               c.max_rate_scale == s.rate_scale ? "  <- maximum" : "");
  }
  if (unsteady) {
    fmt::print("  * not steady: over {:g}% of the requests were in the system at once, so the "
               "workload is too short to show that this rate is sustained (it counts as missed; "
               "give more requests)\n",
               100 * scenario::kMaxInFlightShare);
  }
  fmt::print("\n");
  if (c.max_rate_scale) {
    fmt::print("maximum rate: {:.2f} req/s ({:.4g}x the workload's rate)", *c.max_requests_per_s,
               *c.max_rate_scale);
  } else {
    fmt::print("maximum rate: none; even {:.4g}x the workload's rate misses the SLO",
               search.lowest_scale);
  }
  fmt::print("; {} rates simulated in {:.2f} s wall\n", c.curve.size(), wall);
}

// An infeasible design: in flag terms with exit code 2 for an invalid mapping, else its reason on
// stderr (and its JSON document on stdout with --json) and exit code 3, as serve reports it.
int report_infeasible(const scenario::Infeasibility& why, const scenario::ScenarioSpec& spec,
                      const CapacityCommandOptions& o) {
  if (why.kind == scenario::InfeasibilityKind::invalid_mapping) {
    const core::InputError error(spec.origin, why.field, why.reason);
    std::cerr << o.scenario.in_flag_terms(error).what() << "\n";
    return kExitBadInput;
  }
  if (o.json) {
    scenario::Evaluation evaluation;
    evaluation.scenario = spec;
    evaluation.result = why;
    std::cout << scenario::infeasibility_json(evaluation).dump(2) << "\n";
  }
  std::cerr << "servesim capacity: " << (why.pool.empty() ? "" : why.pool + " pool ") << why.reason
            << "\n";
  return kExitDoesNotFit;
}

}  // namespace

void CapacityCommandOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "capacity",
      "the highest arrival rate meeting the SLO (--slo) for a share of requests, and the "
      "latency-throughput curve measured on the way; the search starts at --rate-scale");
  scenario.add_deployment(*cmd);
  scenario.add_serving(*cmd);
  scenario.add_engine(*cmd);
  cmd->add_option("--attainment", search.attainment,
                  "share of requests that must meet the SLO, in (0, 1]")
      ->capture_default_str();
  cmd->add_option("--grid-ratio", search.grid_ratio,
                  "factor between successive rates of the search grid (> 1)")
      ->capture_default_str();
  cmd->add_flag("--json", json, "print the maximum and the curve as one JSON document");
  command = cmd;
}

int run_capacity(const CapacityCommandOptions& o, const scenario::Environment& env) {
  scenario::ScenarioSpec spec = o.scenario.spec();
  spec.fidelity = scenario::Fidelity::simulate;
  if (spec.workload.trace.empty() && !spec.workload.generator) {
    throw core::InputError(kCommandLine, "--trace", "is required",
                           "give --trace, or --config with a scenario that has a workload");
  }
  if (!spec.slo.ttft && !spec.slo.tpot) {
    throw core::InputError(
        kCommandLine, "--slo", "is required: the capacity is the highest rate meeting it",
        "e.g. --slo ttft=2s,tpot=100ms, or --config with a scenario that has an slo");
  }
  const auto wall_start = std::chrono::steady_clock::now();
  scenario::Capacity capacity;
  try {
    capacity = scenario::find_capacity(spec, env, o.search);
  } catch (const core::InputError& e) {
    throw in_option_terms(e);
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (capacity.infeasible) return report_infeasible(*capacity.infeasible, spec, o);
  if (o.json) {
    std::cout << capacity_json(capacity, spec, o.search.attainment).dump(2) << "\n";
  } else {
    print_capacity(capacity, spec, o.search, wall);
  }
  return kExitOk;
}

}  // namespace servesim::cli
