// Memory technology closed forms and their YAML schema (see memory_tech.h).
#include "hardware/memory_tech.h"

#include <algorithm>
#include <cmath>

namespace servesim::hardware {

core::BytesPerSecond peak_bandwidth(const MemoryTechnology& m) {
  return core::BytesPerSecond(static_cast<double>(m.units) * static_cast<double>(m.layers) *
                              static_cast<double>(m.banks) * static_cast<double>(m.io_width_bits) *
                              m.data_rate.value() / 8.0);
}

core::Seconds refresh_interval(const DramTiming& t, core::Kelvin temperature) {
  const double above = core::to_celsius(temperature) - 85.0;
  if (above <= 0) return t.tREFI;
  return t.tREFI / std::pow(2.0, std::ceil(above / 10.0));
}

double refresh_overhead(const DramTiming& t, core::Kelvin temperature) {
  return std::min(1.0, t.tRFC / refresh_interval(t, temperature));
}

double row_efficiency(const MemoryTechnology& m) {
  const double burst_bytes = static_cast<double>(m.io_width_bits * m.timing.burst_length) / 8.0;
  const double commands = std::max(1.0, m.page.value() / burst_bytes);
  const double streaming =
      commands * static_cast<double>(m.timing.burst_length) / m.data_rate.value();
  const double overhead = (m.timing.tRCD + m.timing.tCAS + m.timing.tRP).value();
  double efficiency =
      std::min(1.0, static_cast<double>(m.interleave) * streaming / (streaming + overhead));
  if (m.timing.tRRD.value() > 0) efficiency = std::min(efficiency, streaming / m.timing.tRRD.value());
  if (m.timing.tFAW.value() > 0) {
    efficiency = std::min(efficiency, 4.0 * streaming / m.timing.tFAW.value());
  }
  return efficiency;
}

core::BytesPerSecond effective_bandwidth(const MemoryTechnology& m) {
  return peak_bandwidth(m) * row_efficiency(m) * (1.0 - refresh_overhead(m.timing, m.temperature));
}

MemoryTechnology parse_memory_technology(core::ConfigNode& n) {
  using core::Range;
  MemoryTechnology m;
  m.kind = n.text("kind");
  m.units = n.optional_integer("units").value_or(1);
  m.layers = n.optional_integer("layers").value_or(1);
  m.banks = n.integer("banks");
  m.io_width_bits = n.integer("io_width_bits");
  m.interleave = n.optional_integer("interleave").value_or(1);
  m.data_rate = n.quantity<core::Hertz>("data_rate");
  m.page = n.quantity<core::Bytes>("page");
  m.capacity = n.quantity<core::Bytes>("capacity");
  m.temperature = n.optional_quantity<core::Kelvin>("temperature").value_or(core::celsius(65));
  core::ConfigNode t = n.child("timing");
  m.timing.tRCD = t.quantity<core::Seconds>("tRCD");
  m.timing.tCAS = t.quantity<core::Seconds>("tCAS");
  m.timing.tRP = t.quantity<core::Seconds>("tRP");
  m.timing.tRFC = t.quantity<core::Seconds>("tRFC");
  m.timing.tREFI = t.quantity<core::Seconds>("tREFI");
  m.timing.tRRD = t.optional_quantity<core::Seconds>("tRRD").value_or(core::Seconds{});
  m.timing.tFAW = t.optional_quantity<core::Seconds>("tFAW").value_or(core::Seconds{});
  m.timing.burst_length = t.integer("burst_length");
  t.finish();
  core::ConfigNode e = n.child("energy");
  auto path = [&](const char* key) {
    return e.optional_quantity<core::JoulesPerByte>(key, Range::non_negative)
        .value_or(core::JoulesPerByte{});
  };
  m.energy = {path("cell"), path("column"), path("tsv"), path("interposer"), path("off_package")};
  e.finish();
  if (m.timing.tRFC >= m.timing.tREFI) {
    n.error("timing.tRFC", "must be shorter than timing.tREFI", "a bank cannot refresh all the time");
  }
  n.finish();
  return m;
}

}  // namespace servesim::hardware
