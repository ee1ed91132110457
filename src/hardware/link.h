// A link class as a device or system file describes it (`links.scale_up` of a device, `scale_up`
// and `scale_out` of a system): per-direction bandwidth, per-message latency (the alpha of the
// alpha-beta model, protocol software included), the achievable fraction of the bandwidth, the
// energy per byte, and for a scale-up fabric its topology.
#pragma once

#include <cstdint>
#include <vector>

#include "core/fields.h"
#include "core/units.h"

namespace servesim::hardware {

/// How the devices of one fabric are wired (`servesim list topologies`):
///   switch    every device has `bandwidth` into a non-blocking switch (NVSwitch, PCIe switch);
///   photonic  an optical all-to-all switch of `radix` ports (Photonic Fabric): a switch for up
///             to `radix` devices, two optical hops beyond;
///   ring      each device links to two neighbours, `bandwidth` per link and direction;
///   mesh2d    an X×Y grid (`shape: "4x4"`), links to up to four neighbours (chiplets on an
///             interposer);
///   torus2d   the same grid with wrap-around links.
enum class Topology { switch_fabric, photonic, ring, mesh2d, torus2d };

struct LinkSpec {
  std::string kind;  // "nvlink4", "infiniband-ndr", "pcie5", "cxl2", "aib2", ...
  core::BytesPerSecond bandwidth{};
  core::Seconds latency{};
  double efficiency = 1.0;
  core::JoulesPerByte energy{};
  Topology topology = Topology::switch_fabric;
  std::int64_t shape_x = 0, shape_y = 0;  // mesh2d / torus2d
  std::int64_t radix = 0;                 // photonic

  [[nodiscard]] bool grid() const {
    return topology == Topology::mesh2d || topology == Topology::torus2d;
  }
};

/// Names and one-line descriptions of the topologies, for `servesim list topologies`.
struct TopologyInfo {
  Topology topology;
  const char* name;
  const char* summary;
};
const std::vector<TopologyInfo>& topologies();

/// PHY ports a device needs for a link class: 4 in a 2D mesh or torus, 2 in a ring, 1 into a
/// switch.
std::int64_t ports_per_device(const LinkSpec& link);

/// The fields of a link mapping (`shape` only on a grid, `radix` only on a photonic fabric).
const core::FieldSet<LinkSpec>& link_fields();

}  // namespace servesim::hardware
