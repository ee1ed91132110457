// What a result costs: tokens per second per watt, per mm² of silicon, and dollars per million
// tokens. Cost per second = devices · (price / lifetime + average power · PUE · electricity price);
// $/Mtoken = cost per second / tokens per second · 10⁶. Operating assumptions (documented in
// docs/hardware.md): a 4-year depreciation life, $0.10 per kWh, PUE 1.2.
#pragma once

#include <cstdint>
#include <optional>

#include "hardware/device.h"

namespace servesim::perf {

inline constexpr double kLifetimeSeconds = 4.0 * 365.25 * 24 * 3600;
inline constexpr double kDollarsPerJoule = 0.10 / 3.6e6;  // $0.10 per kWh
inline constexpr double kPowerUsageEffectiveness = 1.2;

struct Economics {
  double tokens_per_s_per_watt = 0;
  std::optional<double> tokens_per_s_per_mm2;        // needs the device's die area
  std::optional<double> dollars_per_million_tokens;  // needs the device's price
};

/// `average_power` is the total over `devices` devices.
Economics economics(double tokens_per_s, core::Watts average_power, std::int64_t devices,
                    const hardware::Device& device);

}  // namespace servesim::perf
