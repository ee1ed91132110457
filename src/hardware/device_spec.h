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

#include "core/config_node.h"
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

/// A point-to-point link class: per-direction bandwidth, per-message latency (the alpha of the
/// alpha-beta model, including protocol software), achievable fraction of bandwidth, energy.
struct LinkSpec {
  std::string kind;  // "nvlink4", "infiniband-ndr", "pcie5", ...
  BytesPerSecond bandwidth{};
  Seconds latency{};
  double efficiency = 1.0;
  JoulesPerByte energy{};
};

/// Fitted constants of the roofline model; see docs/validation.md for how each was fitted.
struct Calibration {
  double gemm_peak_fraction = 1.0;      // best sustained fraction of dense peak on large GEMMs
  std::int64_t gemm_tile_m = 128;       // output tile of the GEMM kernels (wave quantisation)
  std::int64_t gemm_tile_n = 128;
  double gemm_k_overhead = 0.0;         // per-tile prologue/epilogue cost, in K elements
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
  // Memory
  std::string memory_kind;
  Bytes memory_capacity{};
  BytesPerSecond memory_bandwidth{};
  Bytes l2{};
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

  /// Dense peak for a format; falls back to the next wider supported format (int4 → int8 → fp16)
  /// when the device has no native unit for it.
  [[nodiscard]] FlopsPerSecond peak_for(core::DType t) const;
  [[nodiscard]] JoulesPerFlop energy_for(core::DType t) const;
};

/// Reads a device from a YAML mapping; errors go to the node's diagnostics.
DeviceSpec parse_device(core::ConfigNode& root);
/// Loads a shipped device name or a YAML path; throws core::InputError with every problem.
DeviceSpec load_device(const std::string& name_or_path);
LinkSpec parse_link(core::ConfigNode& node);

}  // namespace servesim::hardware
