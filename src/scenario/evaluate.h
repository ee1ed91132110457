// The one library call every entry point uses: a scenario in, its evaluation out, as a value.
//
// An evaluation holds either the metrics of the design (one struct for both fidelities: the
// figures both have, with units, and the detail of the one that ran) or the reason the design is
// infeasible. Bad *input* (an unknown model, a malformed field) is a core::InputError naming the
// scenario field; an infeasible *design* is never an exception.
//
// Thread safety: evaluate() reads files and the environment's immutable table only, and keeps no
// state between calls, so independent scenarios can be evaluated on several threads at once
// (evaluate_all) with the serial results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/dtype.h"
#include "core/units.h"
#include "mapping/plan.h"
#include "perf/batch_estimate.h"
#include "perf/economics.h"
#include "scenario/environment.h"
#include "scenario/scenario_spec.h"
#include "serving/observer.h"
#include "serving/simulation.h"

namespace servesim::serving {
class OperatingPointFeedback;
}  // namespace servesim::serving

namespace servesim::scenario {

enum class InfeasibilityKind {
  invalid_mapping,      // the plan cannot run on the system (degrees, device counts, pools)
  does_not_fit,         // weights, KV cache and activations exceed the memory
  exceeds_power,        // peak power of all devices above constraints.max_power
  exceeds_area,         // silicon of all devices above constraints.max_area
  exceeds_temperature,  // DRAM operating temperature above constraints.max_temperature
};
const char* to_string(InfeasibilityKind kind);

struct Infeasibility {
  InfeasibilityKind kind = InfeasibilityKind::does_not_fit;
  std::string field;   // the scenario field it concerns ("mapping", "constraints.max_power")
  std::string reason;  // for people
  std::string pool;    // "prefill" or "decode" when one pool of a P/D deployment is the cause
  /// does_not_fit under the estimate fidelity: the memory of the pool that does not fit.
  std::optional<perf::MemoryUse> memory;
};

/// The estimate fidelity's detail: the static batch and its estimate.
struct BatchFigures {
  std::int64_t batch = 0;
  std::int64_t input_tokens = 0, output_tokens = 0;
  perf::Estimate estimate;
  double decode_tokens_per_s = 0;  // output tokens per second of the decode steps alone
};

/// The hardware a deployment occupies, summed over its devices.
struct HardwareTotals {
  std::int64_t devices = 0;
  core::Watts peak_power{};                  // TDP
  std::optional<core::Area> silicon_area;    // compute dies; nullopt when a device has no area
  std::optional<core::Dollars> price;        // nullopt when a device has no price
  std::optional<core::Kelvin> hottest_dram;  // of the devices whose memory is a technology
};

/// What a deployment delivers. The common figures are filled by both fidelities.
struct Metrics {
  Fidelity fidelity = Fidelity::simulate;
  std::int64_t devices = 0;              // all devices of the deployment
  HardwareTotals hardware;
  double output_tokens_per_s = 0;
  Seconds ttft_mean{};
  Seconds tpot_mean{};
  double joules_per_output_token = 0;
  core::Watts average_power{};           // all devices
  perf::Economics economics;
  std::optional<BatchFigures> batch;           // Fidelity::estimate
  std::optional<serving::ServeSummary> serve;  // Fidelity::simulate
};

/// What was evaluated, for reports: the resolved names, plans and formats.
struct DeploymentInfo {
  std::string model;
  std::string system;
  std::string decode_system;  // P/D on its own system; empty otherwise
  mapping::Plan plan;
  std::optional<mapping::Plan> decode_plan;
  core::DTypes dtypes;
  std::string workload;  // the workload as run (simulate)
};

struct Evaluation {
  ScenarioSpec scenario;
  DeploymentInfo deployment;
  std::variant<Metrics, Infeasibility> result;

  [[nodiscard]] bool feasible() const { return std::holds_alternative<Metrics>(result); }
  /// Contract: feasible().
  [[nodiscard]] const Metrics& metrics() const { return std::get<Metrics>(result); }
  /// Contract: !feasible().
  [[nodiscard]] const Infeasibility& infeasibility() const { return std::get<Infeasibility>(result); }
};

/// Read-only observers of the simulation and the feedback that may change the operating point
/// between steps (both optional; the estimate fidelity uses neither).
struct Hooks {
  std::vector<serving::SimulationObserver*> observers;
  serving::OperatingPointFeedback* feedback = nullptr;
};

/// Evaluates `spec` at `fidelity`, its names resolved in `env`. Throws core::InputError for bad
/// input only.
Evaluation evaluate(const ScenarioSpec& spec, Fidelity fidelity, const Environment& env,
                    const Hooks& hooks = {});
/// At the scenario's own fidelity.
Evaluation evaluate(const ScenarioSpec& spec, const Environment& env, const Hooks& hooks = {});

/// Evaluates independent scenarios on up to `threads` threads; results in input order, equal to
/// evaluating them one after another. The first InputError (in input order) is rethrown.
std::vector<Evaluation> evaluate_all(const std::vector<ScenarioSpec>& specs, const Environment& env,
                                     int threads);

}  // namespace servesim::scenario
