// A device SKU as plain validated data, loaded from configs/devices/NAME.yaml: dense peak rate per
// dtype, compute units (for wave quantisation), memory tier, on-chip SRAM, power, energy per
// operation and per byte, links (scale-up, scale-out, host) and the calibrated efficiency factors
// of the perf model (each a fraction of a datasheet peak or a positive latency, with its source
// in the YAML). SKUs are data, never code (DESIGN.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config_node.h"
#include "hardware/compute_template.h"
#include "hardware/memory_tech.h"
#include "hardware/pim.h"
#include "core/units.h"
#include "core/dtype.h"

namespace servesim::hardware {

using core::Bytes;
using core::BytesPerSecond;
using core::FlopsPerSecond;
using core::JoulesPerByte;
using core::JoulesPerFlop;
using core::Seconds;
using core::Watts;

inline constexpr int kDTypeCount = 6;
inline constexpr int index_of(core::DType t) { return static_cast<int>(t); }

/// How the devices of one fabric are wired (`servesim list topologies`):
///   switch    every device has `bandwidth` into a non-blocking switch (NVSwitch, PCIe switch);
///   photonic  an optical all-to-all switch of `radix` ports (Photonic Fabric): a switch for up
///             to `radix` devices, two optical hops beyond;
///   ring      each device links to two neighbours, `bandwidth` per link and direction;
///   mesh2d    an X×Y grid (`shape: "4x4"`), links to up to four neighbours (chiplets on an
///             interposer);
///   torus2d   the same grid with wrap-around links.
enum class Topology { switch_fabric, photonic, ring, mesh2d, torus2d };

/// A link class: per-direction bandwidth, per-message latency (the alpha of the alpha-beta
/// model, including protocol software), achievable fraction of bandwidth, energy, and for a
/// scale-up fabric its topology.
struct LinkSpec {
  std::string kind;  // "nvlink4", "infiniband-ndr", "pcie5", "cxl2", "aib2", ...
  BytesPerSecond bandwidth{};
  Seconds latency{};
  double efficiency = 1.0;
  JoulesPerByte energy{};
  Topology topology = Topology::switch_fabric;
  std::int64_t shape_x = 0, shape_y = 0;  // mesh2d / torus2d
  std::int64_t radix = 0;                 // photonic
};

/// Names and one-line descriptions of the topologies, for `servesim list topologies`.
struct TopologyInfo {
  Topology topology;
  const char* name;
  const char* summary;
};
const std::vector<TopologyInfo>& topologies();

/// PHY ports a device needs for a link class: 4 in a 2D mesh or torus, 2 in a ring, 1 into a
/// switch.
std::int64_t ports_per_device(const LinkSpec& link);

/// Fitted constants of the roofline model; see docs/validation.md for how each was fitted.
struct Calibration {
  double gemm_peak_fraction = 1.0;      // best sustained fraction of dense peak on large GEMMs
  std::int64_t gemm_tile_m = 128;       // output tile of the GEMM kernels (wave quantisation)
  std::int64_t gemm_tile_n = 128;
  double gemm_k_overhead = 0.0;         // per-tile prologue/epilogue cost, in K elements
  double grouped_gemm_efficiency = 1.0; // routed MoE experts' grouped GEMM rate over a plain GEMM's
  double memory_efficiency = 1.0;       // fraction of memory bandwidth a streaming kernel reaches
  double attention_peak_fraction = 1.0; // flash-style prefill attention, fraction of peak
  Seconds kernel_overhead{};            // launch + tail per kernel (CUDA-graph replay)
};

struct DeviceSpec {
  std::string name;
  std::string description;
  std::string source;
  // Compute
  std::int64_t compute_units = 1;
  std::array<FlopsPerSecond, kDTypeCount> peak{};  // 0 = unsupported format
  /// A parametric accelerator: GEMMs are priced by its engines (perf/template_gemm.h) and the
  /// peaks above are derived from it (16-bit formats; 8-bit formats at twice the rate).
  std::optional<ComputeTemplate> compute_template;
  // Memory
  std::string memory_kind;
  Bytes memory_capacity{};
  BytesPerSecond memory_bandwidth{};
  Bytes l2{};
  /// When the memory is described by its parts: capacity, bandwidth (effective, at the stack's
  /// temperature) and energy above are derived from it.
  std::optional<MemoryTechnology> memory_technology;
  /// Processing-in-memory engines in (or beside) the memory, on which attention can run.
  std::optional<PimSpec> pim;
  // Power and energy
  Watts tdp{};
  Watts idle_power{};
  std::array<JoulesPerFlop, kDTypeCount> energy_per_flop{};
  JoulesPerByte memory_energy{};
  // Links
  std::int64_t max_devices_per_node = 1;
  LinkSpec scale_up;
  LinkSpec scale_out;
  LinkSpec host;
  Calibration calibration;
  // Economics (optional): die area of the compute die(s) and the price of one device, given in
  // `cost` or derived from `cost.process_node` (hardware/area_model.h).
  std::optional<core::Area> die_area;
  std::optional<core::Dollars> price;

  /// Dense peak for a format; falls back to the next wider supported format (int4 → int8 → fp16)
  /// when the device has no native unit for it.
  [[nodiscard]] FlopsPerSecond peak_for(core::DType t) const;
  [[nodiscard]] JoulesPerFlop energy_for(core::DType t) const;
};

/// Reads a device from a YAML mapping; errors go to the node's diagnostics. A template device
/// may omit `power.tdp` (derived: hardware/peak_power.h) and give `cost.process_node` to derive
/// its die area and, unless given, its price (hardware/area_model.h).
DeviceSpec parse_device(core::ConfigNode& root);
/// Loads a shipped device name or a YAML path; throws core::InputError with every problem.
/// A file may refine another with `extends: NAME` (its keys laid over the other's, mappings merged
/// key by key). `overrides` ("dotted.key=value", the CLI's --set) change the YAML before it is read.
DeviceSpec load_device(const std::string& name_or_path,
                       const std::vector<std::string>& overrides = {});
LinkSpec parse_link(core::ConfigNode& node);

}  // namespace servesim::hardware
