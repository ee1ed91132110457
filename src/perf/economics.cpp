// Efficiency and cost per token (see economics.h).
#include "perf/economics.h"

namespace servesim::perf {

Economics economics(double tokens_per_s, core::Watts average_power, std::int64_t devices,
                    const hardware::Device& device) {
  Economics e;
  const double n = static_cast<double>(devices);
  if (average_power.value() > 0) e.tokens_per_s_per_watt = tokens_per_s / average_power.value();
  if (device.die_area) e.tokens_per_s_per_mm2 = tokens_per_s / (n * device.die_area->value() * 1e6);
  if (device.price && tokens_per_s > 0) {
    const double per_second = n * device.price->value() / kLifetimeSeconds +
                              average_power.value() * kPowerUsageEffectiveness * kDollarsPerJoule;
    e.dollars_per_million_tokens = per_second / tokens_per_s * 1e6;
  }
  return e;
}

}  // namespace servesim::perf
