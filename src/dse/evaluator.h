// Evaluates the design points of a space: the point's scenario (Space::scenario_of) through
// scenario::evaluate at a fidelity, its metrics by name (dse/metrics.h) and, when the space asks
// for the QoS metric, the capacity search's maximum rate (simulation only). A point is never an
// exception: an infeasible design, or values that do not combine into a valid scenario, come back
// as an infeasible outcome with the reason.
#pragma once

#include "dse/point.h"
#include "dse/space.h"
#include <memory>

#include "scenario/environment.h"
#include "scenario/spec_cache.h"

namespace servesim::dse {

class Evaluator {
 public:
  /// Contract: `space` outlives the evaluator. Models and systems are loaded once per name and
  /// what-ifs (scenario/spec_cache.h).
  Evaluator(const Space& space, const scenario::Environment& env);
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  /// The record of `point` at `fidelity`. Thread-safe: independent points may be evaluated on
  /// several threads at once.
  [[nodiscard]] Record evaluate(const Point& point, scenario::Fidelity fidelity) const;
  /// The outcome of a whole scenario (a reference design) at `fidelity`.
  [[nodiscard]] Outcome evaluate(const scenario::ScenarioSpec& spec,
                                 scenario::Fidelity fidelity) const;

  [[nodiscard]] const Space& space() const { return space_; }

 private:
  const Space& space_;
  std::unique_ptr<scenario::SpecCache> cache_;
  scenario::Environment env_;  // the caller's, with the cache
};

}  // namespace servesim::dse
