// Evaluates the design points of a space: the point's scenario (Space::scenario_of) through
// scenario::evaluate at a fidelity, its metrics by name (dse/metrics.h) and, when the space asks
// for the QoS metric, the capacity search's maximum rate (simulation only). A point is never an
// exception: an infeasible design, or values that do not combine into a valid scenario, come back
// as an infeasible outcome with the reason.
#pragma once

#include "dse/point.h"
#include "dse/space.h"
#include "scenario/environment.h"

namespace servesim::dse {

class Evaluator {
 public:
  /// Contract: `space` and `env` outlive the evaluator.
  Evaluator(const Space& space, const scenario::Environment& env) : space_(space), env_(env) {}

  /// The record of `point` at `fidelity`. Thread-safe: independent points may be evaluated on
  /// several threads at once.
  [[nodiscard]] Record evaluate(const Point& point, scenario::Fidelity fidelity) const;
  /// The outcome of a whole scenario (a reference design) at `fidelity`.
  [[nodiscard]] Outcome evaluate(const scenario::ScenarioSpec& spec,
                                 scenario::Fidelity fidelity) const;

  [[nodiscard]] const Space& space() const { return space_; }

 private:
  const Space& space_;
  const scenario::Environment& env_;
};

}  // namespace servesim::dse
