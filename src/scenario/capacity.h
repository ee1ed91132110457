// The QoS metric: the highest request rate a design sustains while a given share of requests
// meets the SLO (TTFT and TPOT targets of the scenario), on the scenario's workload. Found by a
// search over the workload's rate scale on a fixed geometric grid (an upward doubling search to
// bracket it, then bisection between grid points), so the answer is monotone in the design: a
// design whose SLO attainment is at least another's at every rate never gets a lower maximum.
// The latency-throughput curve measured on the way comes back with it. This is ADOR's QoS and the
// number a vLLM user measures with a rate sweep.
#pragma once

#include <optional>
#include <vector>

#include "scenario/environment.h"
#include "scenario/evaluate.h"
#include "scenario/scenario_spec.h"

namespace servesim::scenario {

struct CapacityOptions {
  double attainment = 0.99;  // share of requests within both SLO targets, (0, 1]
  double grid_ratio = 1.05;  // successive rate scales on the grid differ by this factor (> 1)
  double lowest_scale = 1.0 / 64;   // the grid spans [lowest, highest] times the workload's rate
  double highest_scale = 1024.0;
};

/// One evaluated rate on the way.
struct CapacitySample {
  double rate_scale = 0;
  double offered_requests_per_s = 0;  // arrivals per second of the scaled workload
  double output_tokens_per_s = 0;
  double goodput_requests_per_s = 0;
  double slo_attainment = 0;
  Seconds ttft_p99{}, tpot_p99{};
};

struct Capacity {
  /// The highest grid rate meeting the attainment, as a rate scale and in requests per second;
  /// nullopt when even the lowest grid rate misses it.
  std::optional<double> max_rate_scale;
  std::optional<double> max_requests_per_s;
  std::vector<CapacitySample> curve;      // every rate evaluated, by increasing rate
  std::optional<Infeasibility> infeasible;  // the design cannot serve at all
};

/// Searches the capacity of `spec` (simulate fidelity; its workload's rate_scale is the variable).
/// Throws core::InputError when the scenario has no SLO, a closed-loop or static workload (whose
/// rate is not an input), or options out of range (naming the field).
Capacity find_capacity(const ScenarioSpec& spec, const Environment& env,
                       const CapacityOptions& options = {});

}  // namespace servesim::scenario
