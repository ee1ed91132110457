// A device as the perf model sees it, derived from its spec (device_spec.h) at an operating point:
//   peaks        the datasheet's, or the template's engines: 16-bit formats at the matrix peak,
//                8-bit at twice it, fp32 at a quarter; all scaled by the compute clock;
//   memory       the datasheet's, or its technology's: capacity, effective bandwidth at the DRAM
//                temperature (memory_tech.h: refresh doubles every 10 °C above 85 °C), energy;
//   power        the TDP given, or derived at the nominal point (peak_power.h);
//   area, price  given, or derived from the process node (area_model.h).
// Links are not a device's: the system wires them (hardware/system.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "hardware/device_spec.h"
#include "hardware/process_node.h"

namespace servesim::hardware {

/// The conditions a device runs at, which another model (a thermal one) may change while it
/// runs: its DRAM's temperature and its compute clock as a fraction of the nominal one.
struct OperatingPoint {
  core::Kelvin dram_temperature = core::celsius(65);
  double compute_clock_scale = 1.0;  // (0, 1]
  bool operator==(const OperatingPoint&) const = default;
};

/// The point a spec describes: its memory technology's temperature (65 °C for a memory given by
/// its datasheet, whose bandwidth does not depend on it) and the nominal clock.
OperatingPoint nominal_point(const DeviceSpec& spec);

struct Device {
  std::string name;
  std::string description;
  std::int64_t compute_units = 1;
  PerDType<core::FlopsPerSecond> peak{};               // 0 = unsupported format
  std::optional<ComputeTemplate> compute_template;     // engines at the operating clock
  PerDType<core::JoulesPerFlop> energy_per_flop{};
  std::string memory_kind;
  core::Bytes memory_capacity{};
  core::BytesPerSecond memory_bandwidth{};              // effective at the operating point
  core::JoulesPerByte memory_energy{};
  core::Bytes l2{};
  std::optional<MemoryTechnology> memory_technology;   // at the operating temperature
  std::optional<PimSpec> pim;
  core::Watts tdp{};
  core::Watts idle_power{};
  Calibration calibration;
  std::optional<core::Area> die_area;
  std::optional<core::Dollars> price;
  OperatingPoint point;
  std::shared_ptr<const DeviceSpec> spec;  // what it was derived from

  /// Dense peak for a format; falls back to the next wider supported format (int4 → int8 →
  /// fp16) when the device has no native unit for it.
  [[nodiscard]] core::FlopsPerSecond peak_for(core::DType t) const;
  /// The format whose units (and peak) run work in `t`: `t` itself, or the fallback above.
  [[nodiscard]] core::DType compute_format(core::DType t) const;
  [[nodiscard]] core::JoulesPerFlop energy_for(core::DType t) const;
};

/// The device of `spec` at its nominal point. Throws core::InputError (file: spec.origin) when a
/// derived value is unusable: an unknown process node or memory kind in the process table, a
/// die too large for a wafer, a derived TDP below the idle power.
Device derive(const DeviceSpec& spec, const ProcessTable& table);

/// The same device at another point: peaks, engine clocks and the DRAM bandwidth re-derived from
/// its spec; energy per operation, power, area and price unchanged. Points do not compound.
/// Contract: 0 < point.compute_clock_scale <= 1 (std::invalid_argument otherwise).
Device at(const Device& device, const OperatingPoint& point);

}  // namespace servesim::hardware
