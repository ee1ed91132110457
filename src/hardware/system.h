// A system as the perf model sees it: its devices derived (hardware/device.h), how many, and the
// links between them — the one place links are described once a system is derived: the fabric
// inside a node (the system's, or the device's own), the network between nodes, and each
// device's host interface.
#pragma once

#include <cstdint>
#include <string>

#include "hardware/device.h"
#include "hardware/system_spec.h"

namespace servesim::hardware {

struct System {
  std::string name;
  Device device;
  std::int64_t nodes = 1;
  std::int64_t devices_per_node = 1;
  LinkSpec scale_up;   // per device, inside a node
  LinkSpec scale_out;  // per device, between nodes
  LinkSpec host;       // per device, to its host (PCIe, CXL)

  [[nodiscard]] std::int64_t device_count() const { return nodes * devices_per_node; }
};

/// The system of `spec` at its devices' nominal point. Throws core::InputError as derive() of a
/// device does.
System derive(const SystemSpec& spec, const ProcessTable& table);

/// derive(load_system(name, root), table): a system by name, without what-ifs.
System load_derived_system(const std::string& name, const core::DataRoot& root,
                           const ProcessTable& table);

}  // namespace servesim::hardware
