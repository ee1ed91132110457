// Die area and manufacturing cost of a template device from the process-node table
// (hardware/process_node.h):
//   logic area  A = N_MAC·a_MAC + N_lanes·a_MAC + SRAM·a_SRAM + ceil(bits / phy_bits)·a_PHY
//                   + ports · B_link / B_PHY · a_link
//               (MAC PEs, vector lanes priced as MAC PEs, per-core SRAM and global buffer, memory
//               PHYs — for 3D DRAM one vertical connection per interface bit — and the PHYs of
//               the scale-up ports; host and scale-out interfaces live on an I/O die and are not
//               counted);
//   die area    max(logic area, DRAM-layer area) for 3D DRAM bonded wafer-on-wafer, whose dies
//               must match; the logic area otherwise;
//   die cost    wafer cost / (dies per wafer · yield), dies per wafer = π r²/A − π d/√(2A)
//               (de Vries, IEEE TSM 2005), negative-binomial yield (1 + A·D0/α)^−α (Stapper);
//   cost        die cost + memory capacity · price per byte of the memory technology.
#pragma once

#include "core/units.h"
#include "hardware/device_spec.h"
#include "hardware/process_node.h"

namespace servesim::hardware {

struct AreaBreakdown {
  core::Area macs{}, vector{}, sram{}, memory_phy{}, link_phy{};
  core::Area dram_layer{};  // one DRAM layer of a 3D stack (0 when the memory is not stacked)

  [[nodiscard]] core::Area logic() const { return macs + vector + sram + memory_phy + link_phy; }
  [[nodiscard]] core::Area die() const { return core::max(logic(), dram_layer); }
};

/// Contract: the spec's compute.template and memory.technology are set; `memory` and `link` are
/// the table's entries for its memory technology and its own scale-up link.
AreaBreakdown area_breakdown(const DeviceSpec& device, const ProcessNode& node,
                             const MemoryParts& memory, const LinkPhy& link);

/// Whole dies of area `die` on a wafer of diameter `wafer` (edge loss included).
double dies_per_wafer(core::Area die, Length wafer);
/// Fraction of dies without a killer defect: (1 + A·D0/alpha)^−alpha.
double negative_binomial_yield(core::Area die, double defects_per_cm2, double clustering);

struct CostBreakdown {
  core::Dollars die{}, memory{};
  [[nodiscard]] core::Dollars total() const { return die + memory; }
};

/// Manufacturing cost of one device: its die and its memory (no packaging, no margin).
CostBreakdown manufacturing_cost(core::Area die, core::Bytes memory_capacity,
                                 const ProcessNode& node, const MemoryParts& memory,
                                 const ProcessTable& table);

}  // namespace servesim::hardware
