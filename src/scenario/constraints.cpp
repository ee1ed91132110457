// Design limits (see constraints.h).
#include "scenario/constraints.h"

#include <fmt/format.h>

#include "core/diagnostics.h"

namespace servesim::scenario {
namespace {

// Every pool's device with its count.
template <class Visit>
void for_each_pool(const ScenarioSpec& spec, const Deployment& d, Fidelity fidelity, Visit visit) {
  if (const auto& pd = spec.disaggregation) {
    visit(d.prefill.system.device, pd->prefill_replicas * d.prefill.plan.devices());
    visit(d.decode->system.device, pd->decode_replicas * d.decode->plan.devices());
    return;
  }
  const std::int64_t replicas = fidelity == Fidelity::estimate ? 1 : spec.serving.replicas;
  visit(d.prefill.system.device, replicas * d.prefill.plan.devices());
}

}  // namespace

HardwareTotals hardware_totals(const ScenarioSpec& spec, const Deployment& d, Fidelity fidelity) {
  HardwareTotals t;
  t.silicon_area = core::Area{};
  t.price = core::Dollars{};
  for_each_pool(spec, d, fidelity, [&](const hardware::Device& device, std::int64_t count) {
    const double n = static_cast<double>(count);
    t.devices += count;
    t.peak_power += device.tdp * n;
    if (t.silicon_area && device.die_area) {
      *t.silicon_area += *device.die_area * n;
    } else {
      t.silicon_area.reset();
    }
    if (t.price && device.price) {
      *t.price += *device.price * n;
    } else {
      t.price.reset();
    }
    if (device.memory_technology) {
      const core::Kelvin k = device.memory_technology->temperature;
      t.hottest_dram = t.hottest_dram ? core::max(*t.hottest_dram, k) : k;
    }
  });
  return t;
}

std::optional<Infeasibility> check_constraints(const ScenarioSpec& spec, const HardwareTotals& t) {
  const ConstraintSpec& k = spec.constraints;
  if (k.max_area && !t.silicon_area) {
    throw core::InputError(spec.origin, "constraints.max_area",
                           "a device of the deployment has no die area to check",
                           "give the device cost.die_area or cost.process_node");
  }
  if (k.max_temperature && !t.hottest_dram) {
    throw core::InputError(spec.origin, "constraints.max_temperature",
                           "no device of the deployment has a DRAM temperature to check",
                           "describe its memory by its parts (memory.technology)");
  }
  Infeasibility why;
  if (k.max_power && t.peak_power > *k.max_power) {
    why.kind = InfeasibilityKind::exceeds_power;
    why.field = "constraints.max_power";
    why.reason = fmt::format("peak power {:.0f} W exceeds the limit of {:.0f} W",
                             t.peak_power.value(), k.max_power->value());
    return why;
  }
  if (k.max_area && *t.silicon_area > *k.max_area) {
    why.kind = InfeasibilityKind::exceeds_area;
    why.field = "constraints.max_area";
    why.reason = fmt::format("silicon area {:.0f} mm² exceeds the limit of {:.0f} mm²",
                             t.silicon_area->value() * 1e6, k.max_area->value() * 1e6);
    return why;
  }
  if (k.max_temperature && *t.hottest_dram > *k.max_temperature) {
    why.kind = InfeasibilityKind::exceeds_temperature;
    why.field = "constraints.max_temperature";
    why.reason = fmt::format("DRAM temperature {:.1f} °C exceeds the limit of {:.1f} °C",
                             core::to_celsius(*t.hottest_dram),
                             core::to_celsius(*k.max_temperature));
    return why;
  }
  return std::nullopt;
}

}  // namespace servesim::scenario
