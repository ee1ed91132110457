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

const core::FieldSet<MemoryTechnology>& memory_technology_fields() {
  using core::FieldSet;
  using core::Need;
  using core::Range;
  using core::Seconds;
  static const FieldSet<DramTiming> timing =
      FieldSet<DramTiming>()
          .quantity("tRCD", &DramTiming::tRCD)
          .quantity("tCAS", &DramTiming::tCAS)
          .quantity("tRP", &DramTiming::tRP)
          .quantity("tRFC", &DramTiming::tRFC)
          .quantity("tREFI", &DramTiming::tREFI)
          .quantity("tRRD", &DramTiming::tRRD, Need::optional)
          .quantity("tFAW", &DramTiming::tFAW, Need::optional)
          .integer("burst_length", &DramTiming::burst_length);
  static const FieldSet<MemoryPathEnergy> energy =
      FieldSet<MemoryPathEnergy>()
          .quantity("cell", &MemoryPathEnergy::cell, Need::optional, Range::non_negative)
          .quantity("column", &MemoryPathEnergy::column, Need::optional, Range::non_negative)
          .quantity("tsv", &MemoryPathEnergy::tsv, Need::optional, Range::non_negative)
          .quantity("interposer", &MemoryPathEnergy::interposer, Need::optional, Range::non_negative)
          .quantity("off_package", &MemoryPathEnergy::off_package, Need::optional,
                    Range::non_negative);
  static const FieldSet<MemoryTechnology> fields =
      FieldSet<MemoryTechnology>()
          .text("kind", &MemoryTechnology::kind)
          .integer("units", &MemoryTechnology::units, Need::optional)
          .integer("layers", &MemoryTechnology::layers, Need::optional)
          .integer("banks", &MemoryTechnology::banks)
          .integer("io_width_bits", &MemoryTechnology::io_width_bits)
          .integer("interleave", &MemoryTechnology::interleave, Need::optional)
          .quantity("data_rate", &MemoryTechnology::data_rate)
          .quantity("page", &MemoryTechnology::page)
          .quantity("capacity", &MemoryTechnology::capacity)
          .quantity("temperature", &MemoryTechnology::temperature, Need::optional)
          .group("timing", &MemoryTechnology::timing, timing)
          .group("energy", &MemoryTechnology::energy, energy)
          .check([](const MemoryTechnology& m, const core::Report& report) {
            if (m.timing.tRFC >= m.timing.tREFI) {
              report("timing.tRFC", "must be shorter than timing.tREFI",
                     "a bank cannot refresh all the time");
            }
            const double b = effective_bandwidth(m).value();
            const bool described = m.data_rate.value() > 0 && m.page.value() > 0;
            if (described && (!std::isfinite(b) || b <= 0)) {
              report("data_rate", "gives no usable bandwidth",
                     "check the geometry, timing and temperature (refresh may take all the time)");
            }
          });
  return fields;
}

}  // namespace servesim::hardware
