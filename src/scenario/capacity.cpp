// The QoS search (see capacity.h): a fixed geometric grid of rate scales, bracketed by doubling
// steps in the grid index from a starting point, then bisection over the indices.
#include "scenario/capacity.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "scenario/serve_config.h"

namespace servesim::scenario {
namespace {

// Rate scales lowest · ratio^k for k = 0 … last.
class Grid {
 public:
  explicit Grid(const CapacityOptions& o)
      : lowest_(o.lowest_scale),
        ratio_(o.grid_ratio),
        // A little tolerance so that a highest scale the ratio reaches exactly is on the grid.
        last_(static_cast<std::int64_t>(std::floor(
            std::log(o.highest_scale / o.lowest_scale) / std::log(o.grid_ratio) + 1e-9))) {}

  [[nodiscard]] std::int64_t last() const { return last_; }
  [[nodiscard]] double scale(std::int64_t k) const {
    return lowest_ * std::pow(ratio_, static_cast<double>(k));
  }
  /// The grid index nearest `scale` (in ratio), clamped to the grid. Contract: scale > 0.
  [[nodiscard]] std::int64_t nearest(double scale) const {
    const double k = std::round(std::log(scale / lowest_) / std::log(ratio_));
    return static_cast<std::int64_t>(std::clamp(k, 0.0, static_cast<double>(last_)));
  }

 private:
  double lowest_, ratio_;
  std::int64_t last_;
};

// Every problem with the request before anything is read: the SLO, the starting rate scale and
// the options, reported together.
void check_request(const ScenarioSpec& spec, const CapacityOptions& o) {
  core::Diagnostics problems(spec.origin);
  if (!spec.slo.ttft && !spec.slo.tpot) {
    problems.error("slo", 0, "is required to find the highest rate that meets it",
                   "set slo.ttft and/or slo.tpot, e.g. {ttft: 2 s, tpot: 100 ms}");
  }
  if (!(spec.workload.rate_scale > 0) || !std::isfinite(spec.workload.rate_scale)) {
    problems.error("workload.rate_scale", 0,
                   fmt::format("{} is not a positive rate scale", spec.workload.rate_scale),
                   "the search starts at the grid rate nearest it; 1 is the workload's own rate");
  }
  if (!(o.attainment > 0 && o.attainment <= 1)) {
    problems.error("attainment", 0, fmt::format("{} is not in (0, 1]", o.attainment),
                   "the share of requests within the SLO, e.g. 0.99");
  }
  if (!(o.grid_ratio > 1) || !std::isfinite(o.grid_ratio)) {
    problems.error("grid_ratio", 0, fmt::format("{} is not a finite factor above 1", o.grid_ratio),
                   "successive grid rates differ by it, e.g. 1.05");
  }
  if (!(o.lowest_scale > 0) || !std::isfinite(o.lowest_scale)) {
    problems.error("lowest_scale", 0,
                   fmt::format("{} is not a positive rate scale", o.lowest_scale));
  }
  if (!(o.highest_scale > o.lowest_scale) || !std::isfinite(o.highest_scale)) {
    problems.error("highest_scale", 0,
                   fmt::format("{} is not a finite rate scale above lowest_scale ({})",
                               o.highest_scale, o.lowest_scale));
  }
  problems.throw_if_errors();
}

// The arrivals of a scenario's workload, read from its (scaled, limited) request stream.
struct Arrivals {
  serving::ArrivalMode mode = serving::ArrivalMode::open;
  std::int64_t requests = 0;
  double first = 0, last = 0;  // seconds

  /// Requests over the span of their arrival times; 0 for fewer than two arrival times.
  [[nodiscard]] double per_second() const {
    return last > first ? static_cast<double>(requests) / (last - first) : 0.0;
  }
};

Arrivals read_arrivals(const ScenarioSpec& spec, const Environment& env) {
  try {
    serving::Workload workload = open_workload(spec, env);
    Arrivals a;
    a.mode = workload.mode;
    while (const auto r = workload.source->next()) {
      if (a.requests++ == 0) a.first = r->arrival.value();
      a.last = r->arrival.value();
    }
    return a;
  } catch (const core::InputError& e) {
    throw core::relocated(e, "<scenario>", spec.origin);
  }
}

// Throws core::InputError when the workload's rate is not an input: it sets its own arrivals
// (closed loop, static batches) or they all come at once (offline).
void require_open_arrivals(const ScenarioSpec& spec, const Arrivals& a) {
  const char* field = spec.workload.generator ? "workload.generator" : "workload.trace";
  const char* hint = "use a trace or an open-loop generator such as poisson or gamma";
  if (a.mode != serving::ArrivalMode::open) {
    throw core::InputError(spec.origin, field,
                           "releases requests as others finish (closed loop or static batches): "
                           "its arrival rate is not an input to search over",
                           hint);
  }
  if (!(a.last > a.first)) {
    throw core::InputError(spec.origin, field,
                           "its requests all arrive at once: its arrival rate is not an input to "
                           "search over",
                           hint);
  }
}

CapacitySample sample_of(double rate_scale, double offered, const serving::ServeSummary& s) {
  CapacitySample c;
  c.rate_scale = rate_scale;
  c.offered_requests_per_s = offered;
  c.output_tokens_per_s = s.output_tokens_per_s;
  c.goodput_requests_per_s = s.goodput_requests_per_s;
  c.slo_attainment = s.slo_attainment;
  c.ttft_p99 = Seconds(s.ttft.p99);
  c.tpot_p99 = Seconds(s.tpot.p99);
  c.in_flight_max = s.in_flight_max;
  c.steady = static_cast<double>(s.in_flight_max) <=
             kMaxInFlightShare * static_cast<double>(s.completed);
  return c;
}

// The highest grid index in [0, last] where `meets` holds, searched as capacity.h describes from
// `start`; nullopt when the search ends below index 0. Invariant: `lo` met (or is -1) and `hi`
// missed (or is last + 1), and every index evaluated lies outside (lo, hi).
std::optional<std::int64_t> highest_meeting(std::int64_t start, std::int64_t last,
                                            const std::function<bool(std::int64_t)>& meets) {
  std::int64_t lo = -1, hi = last + 1;
  if (meets(start)) {
    lo = start;
    for (std::int64_t step = 1; lo < last; step *= 2) {
      const std::int64_t k = std::min(start + step, last);
      if (!meets(k)) {
        hi = k;
        break;
      }
      lo = k;
    }
  } else {
    hi = start;
    for (std::int64_t step = 1; hi > 0; step *= 2) {
      const std::int64_t k = std::max(start - step, std::int64_t{0});
      if (meets(k)) {
        lo = k;
        break;
      }
      hi = k;
    }
  }
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    (meets(mid) ? lo : hi) = mid;
  }
  return lo >= 0 ? std::optional(lo) : std::nullopt;
}

}  // namespace

Capacity find_capacity(const ScenarioSpec& spec, const Environment& env,
                       const CapacityOptions& options) {
  check_request(spec, options);
  const Grid grid(options);
  const std::int64_t start = grid.nearest(spec.workload.rate_scale);
  ScenarioSpec at = spec;
  at.fidelity = Fidelity::simulate;
  Capacity out;
  std::map<std::int64_t, CapacitySample> samples;  // by grid index, so by rate
  // Feasibility does not depend on the rate: once a rate is infeasible, the rest is not run.
  const auto meets = [&](std::int64_t k) {
    if (out.infeasible) return false;
    at.workload.rate_scale = grid.scale(k);
    const Arrivals arrivals = read_arrivals(at, env);
    if (k == start) require_open_arrivals(at, arrivals);  // the first rate evaluated
    const Evaluation e = evaluate(at, Fidelity::simulate, env);
    if (!e.feasible()) {
      out.infeasible = e.infeasibility();
      return false;
    }
    const CapacitySample& s = samples[k] =
        sample_of(at.workload.rate_scale, arrivals.per_second(), *e.metrics().serve);
    if (!s.steady) return false;
    if (!options.percentile_targets) return s.slo_attainment >= options.attainment;
    return (!spec.slo.ttft || s.ttft_p99 <= *spec.slo.ttft) &&
           (!spec.slo.tpot || s.tpot_p99 <= *spec.slo.tpot);
  };
  const std::optional<std::int64_t> highest = highest_meeting(start, grid.last(), meets);
  if (out.infeasible) return out;
  for (const auto& [k, s] : samples) out.curve.push_back(s);
  if (highest) {
    out.max_rate_scale = samples.at(*highest).rate_scale;
    out.max_requests_per_s = samples.at(*highest).offered_requests_per_s;
  }
  return out;
}

}  // namespace servesim::scenario
