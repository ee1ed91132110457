// Die area and cost from the process-node table (see area_model.h).
#include "hardware/area_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace servesim::hardware {

AreaBreakdown area_breakdown(const DeviceSpec& d, const ProcessNode& node,
                             const MemoryParts& memory, const LinkPhy& link) {
  const ComputeTemplate& t = *d.compute.compute_template;
  const MemoryTechnology& m = *d.memory.technology;
  AreaBreakdown a;
  a.macs = node.mac_area * static_cast<double>(t.matrix_macs());
  if (t.vector) a.vector = node.mac_area * static_cast<double>(t.vector->total_lanes());
  a.sram = t.sram() * node.sram_area;
  const double bits = static_cast<double>(m.units * m.layers * m.banks * m.io_width_bits);
  a.memory_phy = memory.phy_area * std::ceil(bits / static_cast<double>(memory.phy_bits));
  const LinkSpec& up = d.links.scale_up;
  a.link_phy = link.area * (static_cast<double>(ports_per_device(up)) * (up.bandwidth / link.bandwidth));
  if (memory.layer_area) {
    a.dram_layer = m.capacity / static_cast<double>(m.units * m.layers) * *memory.layer_area;
  }
  return a;
}

double dies_per_wafer(core::Area die, Length wafer) {
  const double a = die.value(), diameter = wafer.value();
  const double radius = diameter / 2;
  return std::max(0.0, std::numbers::pi * radius * radius / a -
                           std::numbers::pi * diameter / std::sqrt(2 * a));
}

double negative_binomial_yield(core::Area die, double defects_per_cm2, double clustering) {
  const double area_cm2 = die.value() * 1e4;
  return std::pow(1 + area_cm2 * defects_per_cm2 / clustering, -clustering);
}

CostBreakdown manufacturing_cost(core::Area die, core::Bytes memory_capacity,
                                 const ProcessNode& node, const MemoryParts& memory,
                                 const ProcessTable& table) {
  const double good = dies_per_wafer(die, table.wafer_diameter) *
                      negative_binomial_yield(die, node.defects_per_cm2, table.clustering);
  CostBreakdown c;
  c.die = good > 0 ? node.wafer_cost / good : core::Dollars(std::numeric_limits<double>::infinity());
  c.memory = memory_capacity * memory.price;
  return c;
}

}  // namespace servesim::hardware
