// Peak power of a device from its energies and rates (the power a fully busy device draws):
//   P = P_idle + e_16bit · (matrix peak + vector peak) + e_mem · B_mem + e_link · 2 · ports · B_link
// with the 16-bit energy per FLOP, the memory's energy per byte at its (effective) bandwidth and
// the scale-up links' energy per byte in both directions of every port. A template device
// without `power.tdp` gets this as its TDP; docs/hardware.md compares it with published figures.
#pragma once

#include "core/units.h"
#include "hardware/device.h"

namespace servesim::hardware {

struct PowerBreakdown {
  core::Watts idle{}, compute{}, memory{}, links{};
  [[nodiscard]] core::Watts total() const { return idle + compute + memory + links; }
};

/// Uses the device's idle power, 16-bit peak and energy, memory, and its own scale-up link
/// (`scale_up`: the PHYs on the die); the template's vector units count at the 16-bit energy per
/// operation.
PowerBreakdown peak_power(const Device& device, const LinkSpec& scale_up);

}  // namespace servesim::hardware
