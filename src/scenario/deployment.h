// From a scenario to the objects the perf and serving layers price: the model (with its context
// window what-if), the system (with its device what-ifs, with or without its PIM), the plan and
// the step-ops options, for one pool or for the prefill and decode pools of a disaggregated
// deployment. Bad input (an unknown model, a malformed system, an impossible expert skew) is a
// core::InputError naming the scenario field; a plan that cannot run on the hardware is a design
// that is infeasible, returned as its reason.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "hardware/system.h"
#include "mapping/plan.h"
#include "model/model_spec.h"
#include "model/step_ops.h"
#include "perf/step_model.h"
#include "scenario/engine_profile.h"
#include "scenario/environment.h"
#include "scenario/scenario_spec.h"

namespace servesim::scenario {

/// One pool of identical replicas: where it runs and how it is mapped.
struct Pool {
  hardware::System system;
  mapping::Plan plan;
};

struct Deployment {
  model::ModelSpec model;
  model::StepOpsConfig ops;
  perf::PimSchedule pim;
  Pool prefill;                // the only pool when co-located
  std::optional<Pool> decode;  // P/D disaggregation
  bool pools_share_system = true;
  EngineSettings engine;       // the scenario's engine fields over its profile's (engine_profile.h)

  /// The step model of a pool (the prefill pool's, or the decode pool's with `decode`).
  [[nodiscard]] std::unique_ptr<perf::StepModel> step_model(bool decode = false) const;
};

/// A plan that cannot run: the scenario field it concerns and why.
struct InvalidMapping {
  std::string field;
  std::string reason;
};

/// Loads and checks the deployment of `spec`, its names resolved in `env`. Throws
/// core::InputError (file: spec.origin) for bad input; returns the reason when a pool's plan
/// cannot run on its system.
struct Resolved {
  std::optional<Deployment> deployment;
  std::optional<InvalidMapping> invalid;
};
Resolved resolve(const ScenarioSpec& spec, const Environment& env);

/// "TP8 PP1", "TP1 EP32 DP-attention x4 PP1": how a plan is printed.
std::string describe(const mapping::Plan& plan);

}  // namespace servesim::scenario
