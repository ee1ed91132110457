// Peak power from energies and rates (see peak_power.h).
#include "hardware/peak_power.h"

namespace servesim::hardware {

PowerBreakdown peak_power(const Device& d, const LinkSpec& scale_up) {
  core::FlopsPerSecond rate = d.peak_for(core::DType::bf16);
  if (d.compute_template && d.compute_template->vector) rate += d.compute_template->vector->peak();
  PowerBreakdown p;
  p.idle = d.idle_power;
  p.compute = rate * d.energy_for(core::DType::bf16);
  p.memory = d.memory_bandwidth * d.memory_energy;
  p.links = scale_up.bandwidth * (2.0 * static_cast<double>(ports_per_device(scale_up))) *
            scale_up.energy;
  return p;
}

}  // namespace servesim::hardware
