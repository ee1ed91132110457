// The design limits of a scenario (constraints.max_power, max_area, max_temperature), checked
// before a design is priced: peak power is the devices' TDP (datasheet, or derived for template
// devices: hardware/peak_power.h), area their compute-die silicon (given or derived:
// hardware/area_model.h), temperature the DRAM operating temperature of the device's memory
// technology (an input until a thermal model computes it).
#pragma once

#include <optional>

#include "scenario/deployment.h"
#include "scenario/evaluate.h"

namespace servesim::scenario {

/// The hardware the deployment occupies at `fidelity` (the co-located estimate prices one
/// replica): devices, peak power, silicon, price and the hottest DRAM.
HardwareTotals hardware_totals(const ScenarioSpec& spec, const Deployment& d, Fidelity fidelity);

/// The first limit of spec.constraints that `totals` exceed, or nullopt. Throws core::InputError
/// when a limit is set that the devices cannot be checked against (no die area, no memory
/// technology).
std::optional<Infeasibility> check_constraints(const ScenarioSpec& spec,
                                               const HardwareTotals& totals);

}  // namespace servesim::scenario
