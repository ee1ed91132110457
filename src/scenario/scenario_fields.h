// Every field of a scenario, declared once (core/fields.h): the scenario file reader and writer
// (scenario_yaml.h), the setter that changes one field by its path (a design-space parameter,
// `servesim explore`), and the reference's field table all come from this declaration.
// Shapes beyond plain values:
//   model                   a name, or {name, max_context};
//   hardware.overrides.P    a device what-if on device field P (hardware/device_spec.h);
//   workload.generator      {kind, the kind's parameters} (serving/generators.h);
//   serving.scheduler       a name whose parameters are keys of `serving` beside it, or
//                           {name, parameters}; serving.router a name or {name, parameters};
//   batch.size              a number, or `max` for the largest batch that fits.
#pragma once

#include <string>

#include "core/diagnostics.h"
#include "core/fields.h"
#include "scenario/scenario_spec.h"

namespace servesim::scenario {

const core::FieldSet<ScenarioSpec>& scenario_fields();
/// The `serving` and `engine` sections alone (an engine profile holds them too).
const core::FieldSet<ServingSpec>& serving_fields();
const core::FieldSet<EngineSpec>& engine_fields();

/// Sets the field at the dotted `path` of `spec` from `value` (text as a scenario file would hold
/// it), checked as the file's value is. Problems go to `diag`, under the field's path.
void set_scenario_field(ScenarioSpec& spec, const std::string& path, const std::string& value,
                        core::Diagnostics& diag);

}  // namespace servesim::scenario
