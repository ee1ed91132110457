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

std::int64_t deployed_devices(const ScenarioSpec& spec, const Deployment& d, Fidelity fidelity) {
  std::int64_t n = 0;
  for_each_pool(spec, d, fidelity, [&](const hardware::Device&, std::int64_t count) { n += count; });
  return n;
}

std::optional<Infeasibility> check_constraints(const ScenarioSpec& spec, const Deployment& d,
                                               Fidelity fidelity) {
  const ConstraintSpec& k = spec.constraints;
  double watts = 0, area = 0;
  std::optional<double> hottest;
  for_each_pool(spec, d, fidelity, [&](const hardware::Device& device, std::int64_t count) {
    watts += device.tdp.value() * static_cast<double>(count);
    if (k.max_area && !device.die_area) {
      throw core::InputError(spec.origin, "constraints.max_area",
                             fmt::format("device {} has no die area to check", device.name),
                             "give the device cost.die_area or cost.process_node");
    }
    if (device.die_area) area += device.die_area->value() * static_cast<double>(count);
    if (k.max_temperature && !device.memory_technology) {
      throw core::InputError(spec.origin, "constraints.max_temperature",
                             fmt::format("device {} has no DRAM temperature to check", device.name),
                             "describe its memory by its parts (memory.technology)");
    }
    if (device.memory_technology) {
      const double t = device.memory_technology->temperature.value();
      hottest = std::max(hottest.value_or(t), t);
    }
  });
  Infeasibility why;
  if (k.max_power && watts > k.max_power->value()) {
    why.kind = InfeasibilityKind::exceeds_power;
    why.field = "constraints.max_power";
    why.reason = fmt::format("peak power {:.0f} W exceeds the limit of {:.0f} W", watts,
                             k.max_power->value());
    return why;
  }
  if (k.max_area && area > k.max_area->value()) {
    why.kind = InfeasibilityKind::exceeds_area;
    why.field = "constraints.max_area";
    why.reason = fmt::format("silicon area {:.0f} mm² exceeds the limit of {:.0f} mm²", area * 1e6,
                             k.max_area->value() * 1e6);
    return why;
  }
  if (k.max_temperature && hottest && *hottest > k.max_temperature->value()) {
    why.kind = InfeasibilityKind::exceeds_temperature;
    why.field = "constraints.max_temperature";
    why.reason = fmt::format("DRAM temperature {:.1f} °C exceeds the limit of {:.1f} °C",
                             core::to_celsius(core::Kelvin(*hottest)),
                             core::to_celsius(*k.max_temperature));
    return why;
  }
  return std::nullopt;
}

}  // namespace servesim::scenario
