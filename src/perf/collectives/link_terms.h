// The link terms the collective algorithms share (equations in perf/collective.h): a link's
// effective rate and per-step latency, the fabric kinds, a photonic switch's extra hop and the
// sub-grid a group occupies on a mesh or torus.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

#include "hardware/device_spec.h"

namespace servesim::perf::collectives {

/// Bytes per second a link sustains: bandwidth × efficiency.
inline double rate(const hardware::LinkSpec& l) {
  return l.bandwidth.value() * l.efficiency;
}
/// Seconds per message or ring step.
inline double latency(const hardware::LinkSpec& l) {
  return l.latency.value();
}

/// Whether the fabric is a switch (electrical or photonic): every rank reaches every peer at once.
inline bool switched(const hardware::LinkSpec& l) {
  return l.topology == hardware::Topology::switch_fabric ||
         l.topology == hardware::Topology::photonic;
}
/// Whether the fabric is a 2D mesh or torus.
inline bool grid(const hardware::LinkSpec& l) {
  return l.topology == hardware::Topology::mesh2d || l.topology == hardware::Topology::torus2d;
}
/// A photonic switch needs a second optical hop for groups beyond its radix.
inline double switch_latency(const hardware::LinkSpec& l, std::int64_t ranks) {
  return l.topology == hardware::Topology::photonic && ranks > l.radix ? 2 * latency(l)
                                                                       : latency(l);
}
/// The sub-grid a group of n ranks occupies: as many columns as the fabric has, then rows.
inline std::pair<double, double> grid_shape(const hardware::LinkSpec& l, std::int64_t n) {
  const std::int64_t x = std::min(l.shape_x, n);
  return {static_cast<double>(x), static_cast<double>((n + x - 1) / x)};
}

}  // namespace servesim::perf::collectives
