// Point evaluation (see evaluator.h).
#include "dse/evaluator.h"

#include "dse/metrics.h"
#include "scenario/capacity.h"

namespace servesim::dse {

Evaluator::Evaluator(const Space& space, const scenario::Environment& env)
    : space_(space), cache_(std::make_unique<scenario::SpecCache>()), env_(env) {
  env_.cache = cache_.get();
}

Outcome Evaluator::evaluate(const scenario::ScenarioSpec& spec, scenario::Fidelity fidelity) const {
  Outcome out;
  out.fidelity = fidelity;
  const scenario::Evaluation e = scenario::evaluate(spec, fidelity, env_);
  if (!e.feasible()) {
    out.infeasible = e.infeasibility().kind;
    out.reason = e.infeasibility().reason;
    return out;
  }
  out.metrics = metric_values(e.metrics());
  if (fidelity == scenario::Fidelity::simulate && space_.needs_capacity()) {
    const scenario::Capacity c = scenario::find_capacity(spec, env_, space_.capacity);
    if (c.max_requests_per_s) out.metrics[kMaxRateMetric] = *c.max_requests_per_s;
  }
  return out;
}

Record Evaluator::evaluate(const Point& point, scenario::Fidelity fidelity) const {
  Record r;
  r.point = point;
  try {
    const scenario::ScenarioSpec spec = space_.scenario_of(point);
    r.scenario_hash = space_.scenario_hash_of(point);
    r.outcome = evaluate(spec, fidelity);
  } catch (const core::InputError& e) {
    // Values that are each valid but do not combine (a TP that the model's heads cannot take
    // with this expert skew, ...): a design that cannot be built.
    r.outcome.fidelity = fidelity;
    r.outcome.infeasible = scenario::InfeasibilityKind::invalid_mapping;
    r.outcome.reason = std::string("the parameters do not make a valid scenario: ") + e.what();
  }
  return r;
}

}  // namespace servesim::dse
