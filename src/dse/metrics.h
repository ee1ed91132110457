// The metrics a design-space search constrains and optimises, by name (`servesim list metrics`):
// each has a unit, the direction that is better, a one-line summary, and how it is read from a
// feasible evaluation — nullopt when the evaluation's fidelity does not give it (percentiles and
// SLO attainment need the simulation; the analytic estimate has the static batch's figures).
// `max_requests_per_s` is the QoS metric (scenario/capacity.h): the search computes it with a
// capacity search, not from one evaluation.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/registry.h"
#include "scenario/evaluate.h"

namespace servesim::dse {

enum class Better { higher, lower };

struct MetricDef {
  const char* unit;
  Better better;
  /// The metric of a feasible evaluation, or nullopt when its fidelity does not give it.
  std::optional<double> (*value)(const scenario::Metrics& metrics);
  /// What screens for it at the analytic fidelity when it needs the simulation (a metric with
  /// the same direction: throughput for goodput, mean for percentile latency), or nullptr.
  const char* estimate_proxy = nullptr;
};

const core::Registry<MetricDef>& metrics();

/// The name of the QoS metric, which a capacity search gives.
inline constexpr const char* kMaxRateMetric = "max_requests_per_s";

/// Every metric a feasible evaluation gives, by name (the QoS metric excluded).
std::map<std::string, double> metric_values(const scenario::Metrics& metrics);

}  // namespace servesim::dse
