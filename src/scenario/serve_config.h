// The serving engine's configuration and the workload of a scenario (the simulate fidelity).
#pragma once

#include "scenario/deployment.h"
#include "scenario/scenario_spec.h"
#include "serving/simulation.h"
#include "serving/workload.h"

namespace servesim::scenario {

/// The engine settings of `spec` for `deployment`. Throws core::InputError (naming the scenario
/// field) for an unknown scheduler or router, or PIM-balanced chunks without a PIM device and
/// the chunking scheduler.
serving::ServeConfig serve_config(const ScenarioSpec& spec, const Deployment& deployment);

/// The scenario's request stream: its trace or its generator, with the rate scale, limits and
/// seed; shipped traces and descriptors resolved in `env`. Throws core::InputError naming the
/// workload field.
serving::Workload open_workload(const ScenarioSpec& spec, const Environment& env);

}  // namespace servesim::scenario
