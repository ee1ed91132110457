// Derivation of a device from its spec (see device.h).
#include "hardware/device.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "hardware/area_model.h"
#include "hardware/peak_power.h"

namespace servesim::hardware {
namespace {

using core::DType;

// Peaks, engines and memory at `point`; power and economics are left to derive().
void derive_performance(Device& d, const DeviceSpec& spec, const OperatingPoint& point) {
  const double clock = point.compute_clock_scale;
  if (spec.compute.compute_template) {
    d.compute_template = spec.compute.compute_template;
    ComputeTemplate& t = *d.compute_template;
    if (t.systolic) t.systolic->frequency = t.systolic->frequency * clock;
    if (t.mac_tree) t.mac_tree->frequency = t.mac_tree->frequency * clock;
    if (t.vector) t.vector->frequency = t.vector->frequency * clock;
    const core::FlopsPerSecond p16 = t.matrix_peak();
    d.peak = {};
    for (DType f : {DType::fp16, DType::bf16}) d.peak[index_of(f)] = p16;
    for (DType f : {DType::fp8, DType::int8}) d.peak[index_of(f)] = p16 * 2.0;
    d.peak[index_of(DType::fp32)] = p16 * 0.25;
    d.compute_units = t.systolic ? t.systolic->arrays() : 1;
  } else {
    for (int i = 0; i < kDTypeCount; ++i) d.peak[i] = spec.compute.peak[i] * clock;
    d.compute_units = spec.compute.units;
  }
  if (const auto& tech = spec.memory.technology) {
    d.memory_technology = tech;
    d.memory_technology->temperature = point.dram_temperature;
    d.memory_capacity = tech->capacity;
    d.memory_bandwidth = effective_bandwidth(*d.memory_technology);
    d.memory_energy = tech->energy.total();
  } else {
    d.memory_capacity = *spec.memory.capacity;
    d.memory_bandwidth = *spec.memory.bandwidth;
    d.memory_energy = *spec.memory.energy;
  }
  d.point = point;
}

// Die area and, unless given, price from the process-node table.
void derive_economics(Device& d, const DeviceSpec& spec, const ProcessTable& table) {
  if (!spec.cost) return;
  d.die_area = spec.cost->die_area;
  d.price = spec.cost->price;
  if (!spec.cost->process_node) return;
  const std::string& node_name = *spec.cost->process_node;
  const ProcessNode* node = table.node(node_name);
  const MemoryParts* memory = table.memory(spec.memory.technology->kind);
  const LinkPhy* link = table.link(spec.links.scale_up.kind);
  std::vector<core::Diagnostic> problems;
  if (node == nullptr) {
    problems.push_back({spec.origin, "cost.process_node", 0,
                        fmt::format("unknown process node \"{}\"", node_name),
                        "use one of " + table.node_names() + " (configs/process_nodes.yaml)"});
  }
  if (memory == nullptr) {
    problems.push_back(
        {spec.origin, "memory.technology.kind", 0,
         fmt::format("\"{}\" has no entry in the process table", spec.memory.technology->kind),
         "use a kind starting with " + table.memory_kinds()});
  }
  if (link == nullptr) {
    problems.push_back({spec.origin, "links.scale_up.kind", 0,
                        fmt::format("\"{}\" has no PHY in the process table", spec.links.scale_up.kind),
                        "use a kind starting with " + table.link_kinds()});
  }
  if (!problems.empty()) throw core::InputError(problems);
  const core::Area die = area_breakdown(spec, *node, *memory, *link).die();
  if (!d.die_area) d.die_area = die;
  if (!d.price) {
    const core::Dollars cost =
        manufacturing_cost(die, d.memory_capacity, *node, *memory, table).total();
    if (!std::isfinite(cost.value())) {
      throw core::InputError(spec.origin, "cost.process_node", "the die does not fit on a wafer",
                             "make the template smaller");
    }
    d.price = cost / (1.0 - spec.cost->gross_margin);
  }
}

// The format whose entry serves `t`: itself, int8 for int4, else the 16-bit formats.
template <class Q>
DType fallback_format(const PerDType<Q>& values, DType t) {
  for (DType candidate : {t, t == DType::int4 ? DType::int8 : t, DType::fp16, DType::bf16}) {
    if (values[index_of(candidate)].value() > 0) return candidate;
  }
  return DType::fp16;
}

template <class Q>
Q with_fallback(const PerDType<Q>& values, DType t) {
  return values[index_of(fallback_format(values, t))];
}

}  // namespace

OperatingPoint nominal_point(const DeviceSpec& spec) {
  OperatingPoint p;
  if (spec.memory.technology) p.dram_temperature = spec.memory.technology->temperature;
  return p;
}

Device derive(const DeviceSpec& spec, const ProcessTable& table) {
  Device d;
  d.name = spec.name;
  d.description = spec.description;
  d.energy_per_flop = spec.compute.energy;
  d.memory_kind = spec.memory.kind;
  d.l2 = spec.memory.l2;
  d.pim = spec.memory.pim;
  d.idle_power = spec.power.idle;
  d.calibration = spec.calibration;
  d.spec = std::make_shared<const DeviceSpec>(spec);
  derive_performance(d, spec, nominal_point(spec));
  d.tdp = spec.power.tdp.value_or(peak_power(d, spec.links.scale_up).total());
  if (d.idle_power > d.tdp) {
    throw core::InputError(spec.origin, "power.idle",
                           fmt::format("exceeds the derived TDP of {:.0f} W", d.tdp.value()),
                           "give power.tdp or lower the idle power");
  }
  derive_economics(d, spec, table);
  return d;
}

Device at(const Device& device, const OperatingPoint& point) {
  if (!(point.compute_clock_scale > 0 && point.compute_clock_scale <= 1)) {
    throw std::invalid_argument("compute_clock_scale must be in (0, 1]");
  }
  Device d = device;
  derive_performance(d, *device.spec, point);
  return d;
}

core::FlopsPerSecond Device::peak_for(DType t) const { return with_fallback(peak, t); }

DType Device::compute_format(DType t) const { return fallback_format(peak, t); }

core::JoulesPerFlop Device::energy_for(DType t) const { return with_fallback(energy_per_flop, t); }

}  // namespace servesim::hardware
