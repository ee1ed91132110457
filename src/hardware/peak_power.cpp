// Peak power from energies and rates (see peak_power.h).
#include "hardware/peak_power.h"

namespace servesim::hardware {

PowerBreakdown peak_power(const DeviceSpec& d) {
  core::FlopsPerSecond rate = d.peak_for(core::DType::bf16);
  if (d.compute_template && d.compute_template->vector) rate += d.compute_template->vector->peak();
  PowerBreakdown p;
  p.idle = d.idle_power;
  p.compute = rate * d.energy_for(core::DType::bf16);
  p.memory = d.memory_bandwidth * d.memory_energy;
  p.links = d.scale_up.bandwidth * (2.0 * static_cast<double>(ports_per_device(d.scale_up))) *
            d.scale_up.energy;
  return p;
}

}  // namespace servesim::hardware
