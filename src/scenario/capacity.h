// The QoS metric: the highest request rate a design sustains while a given share of requests
// meets the SLO (TTFT and TPOT targets of the scenario), on the scenario's workload. Found by a
// search over the workload's rate scale on a fixed geometric grid (an upward doubling search to
// bracket it, then bisection between grid points), so the answer is monotone in the design: a
// design whose SLO attainment is at least another's at every rate never gets a lower maximum.
// The latency-throughput curve measured on the way comes back with it. This is ADOR's QoS and the
// number a vLLM user measures with a rate sweep.
//
// The search. The grid is lowest_scale · grid_ratio^k for k = 0 … K (K the largest k with
// lowest_scale · grid_ratio^k ≤ highest_scale), the same for every design. It starts at the grid
// point nearest the scenario's own workload.rate_scale (clamped to the grid). If that rate meets
// the attainment it steps up by 1, 2, 4, … grid points until a rate misses (or the top of the
// grid); otherwise it steps down the same way until a rate meets it (or the bottom). Bisection
// over the grid indices between the last rate that met and the first that missed ends it. Every
// step depends only on whether the rates evaluated so far met the attainment, and the answer is
// always at or above every evaluated rate that met it on the path and below every one that
// missed; so for two designs whose paths part, the one that met at the parting rate ends at or
// above it and the other below it: the answer is monotone even where attainment is not monotone
// in the rate. The grid rate just above the answer is always evaluated (and missed), as is the
// lowest grid rate when none meets it. It takes at most 2·⌈log2 n⌉ + 1 evaluations for a grid of
// n points (17 for the default grid of 228 points), and no rate is evaluated twice.
//
// Attainment is ServeSummary::slo_attainment: the share of completed requests within both
// targets (requests rejected as too long for the deployment are rejected at every rate and are
// not counted).
//
// A rate meets the target only if it is also sustained: the run must reach its steady state,
// where the requests in the system settle near rate × lifetime. A workload too short for that
// (more than kMaxInFlightShare of its requests in the system at once: the batch and the queue
// were still filling when the arrivals ended) cannot show that the deployment keeps up at the
// rate, however well its requests fared; the rate counts as missed (the sample says why), and a
// longer workload is what certifies it. Without this rule a design whose KV cache fills only
// after more requests than the workload holds would be credited with a rate it cannot sustain.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "scenario/environment.h"
#include "scenario/evaluate.h"
#include "scenario/scenario_spec.h"

namespace servesim::scenario {

struct CapacityOptions {
  double attainment = 0.99;        // share of requests within both SLO targets, (0, 1]
  /// Instead of the attainment share: a rate meets the SLO when the p99 TTFT and the p99 TPOT
  /// each meet their target (MLPerf Server's rule; the p99s are the run's histogram estimates).
  bool percentile_targets = false;
  double grid_ratio = 1.05;        // successive rate scales on the grid differ by this factor (> 1)
  double lowest_scale = 1.0 / 64;  // the grid spans [lowest, highest] times the workload's
  double highest_scale = 1024.0;   // unscaled rate (0 < lowest < highest)
};

/// One evaluated rate on the way.
struct CapacitySample {
  double rate_scale = 0;
  /// Arrivals per second of the scaled workload: its requests over the span of their arrival
  /// times, measured by reading the scaled request stream (so limits on requests and duration
  /// are accounted for exactly).
  double offered_requests_per_s = 0;
  double output_tokens_per_s = 0;
  double goodput_requests_per_s = 0;
  double slo_attainment = 0;
  Seconds ttft_p99{}, tpot_p99{};
  std::int64_t in_flight_max = 0;  // the most requests in the system at once
  bool steady = false;             // in_flight_max ≤ kMaxInFlightShare of the completed requests
};

/// The largest share of a workload's requests that may be in the system at once for a run to
/// count as having reached its steady state.
inline constexpr double kMaxInFlightShare = 0.5;

struct Capacity {
  /// The highest grid rate meeting the attainment, as a rate scale and in requests per second;
  /// nullopt when even the lowest grid rate misses it (or the design is infeasible).
  std::optional<double> max_rate_scale;
  std::optional<double> max_requests_per_s;
  std::vector<CapacitySample> curve;  // every rate evaluated, by increasing rate
  /// The design cannot serve at all (it does not fit, its mapping is invalid, it exceeds a
  /// constraint: none of which depends on the rate); then there is no rate and no curve.
  std::optional<Infeasibility> infeasible;
};

/// Searches the capacity of `spec` (simulate fidelity; its workload's rate_scale is the variable,
/// and its value is where the search starts). Throws core::InputError at spec.origin when the
/// scenario has no SLO ("slo"), a closed-loop or static-batch workload, or one whose requests all
/// arrive at once (rate not an input: "workload.generator", or "workload.trace"), a rate scale
/// that is not positive ("workload.rate_scale"), options out of range (naming the
/// CapacityOptions member: "attainment", "grid_ratio", "lowest_scale", "highest_scale"), and for
/// whatever evaluate() throws for.
Capacity find_capacity(const ScenarioSpec& spec, const Environment& env,
                       const CapacityOptions& options = {});

}  // namespace servesim::scenario
