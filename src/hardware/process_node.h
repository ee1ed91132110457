// The process-node table (configs/process_nodes.yaml): per logic node the area of a 16-bit MAC
// PE and of SRAM, the wafer price and defect density; per memory technology its PHY area, DRAM
// layer area and price per byte; per die-to-die or off-package link class its PHY area for a
// given bandwidth. The values and their public sources (TSMC/IEDM SRAM bitcells, TPUv1's MXU,
// CSET wafer prices, TechInsights DRAM densities, ...) are in the YAML header and
// docs/hardware-data.md; hardware/area_model.h turns them into die area and cost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config_node.h"
#include "core/data_root.h"
#include "core/units.h"

namespace servesim::hardware {

using Length = core::Quantity<0, 0, 0, 0, 1, 0, 0>;

struct ProcessNode {
  std::string name;                // "7nm"
  core::Area mac_area{};           // one 16-bit (fp16/bf16 × fp32-accumulate) MAC PE, registers incl.
  core::AreaPerByte sram_area{};   // SRAM macro area (bitcells and periphery) per byte
  core::Dollars wafer_cost{};      // one processed 300 mm wafer
  double defects_per_cm2 = 0.1;    // D0 of the yield model
};

/// The parts of a memory technology that cost logic-die area and money.
struct MemoryParts {
  std::string kind;                         // matches memory.technology.kind by prefix ("hbm")
  core::Area phy_area{};                    // one PHY on the logic die ...
  std::int64_t phy_bits = 1;                // ... serving this many interface bits
  std::optional<core::AreaPerByte> layer_area;  // 3D DRAM: DRAM-layer area per byte of capacity
  core::DollarsPerByte price{};
};

/// A link PHY: `area` carries `bandwidth` per direction; the kind matches a link's kind by prefix.
struct LinkPhy {
  std::string kind;
  core::Area area{};
  core::BytesPerSecond bandwidth{};
};

struct ProcessTable {
  Length wafer_diameter{};
  double clustering = 3.0;  // alpha of the negative-binomial yield model
  std::vector<ProcessNode> nodes;
  std::vector<MemoryParts> memories;
  std::vector<LinkPhy> links;

  /// nullptr when the table has no such entry.
  [[nodiscard]] const ProcessNode* node(const std::string& name) const;
  [[nodiscard]] const MemoryParts* memory(const std::string& technology_kind) const;
  [[nodiscard]] const LinkPhy* link(const std::string& link_kind) const;
  /// "28nm, 16nm, ..." for error hints.
  [[nodiscard]] std::string node_names() const;
  [[nodiscard]] std::string memory_kinds() const;
  [[nodiscard]] std::string link_kinds() const;
};

/// Reads a process table; errors go to the node's diagnostics.
ProcessTable parse_process_table(core::ConfigNode& root);
/// Loads <root>/configs/process_nodes.yaml; throws core::InputError.
ProcessTable load_process_table(const core::DataRoot& root);

}  // namespace servesim::hardware
