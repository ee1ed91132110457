// A system as written: identical devices in nodes, each node on a scale-up fabric (the device's
// own unless the system file describes another), nodes joined by a scale-out network with one
// NIC per device (fat-tree, full bisection). Named as DEVICE:COUNT (COUNT devices in one node;
// counts beyond the device's node size fill whole nodes on the device's scale-out link), a
// shipped system name, or a path to a system YAML. hardware/system.h derives what the perf model
// uses from it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/data_root.h"
#include "hardware/device_spec.h"

namespace servesim::hardware {

struct SystemSpec {
  std::string name;
  DeviceSpec device;
  std::int64_t nodes = 1;
  std::int64_t devices_per_node = 1;
  std::optional<LinkSpec> scale_up;   // per device, inside a node; absent: the device's own
  std::optional<LinkSpec> scale_out;  // per device, between nodes; absent: the device's own

  [[nodiscard]] std::int64_t device_count() const { return nodes * devices_per_node; }
};

/// Parses DEVICE:COUNT, a shipped system name, or a YAML path. `edit_device` (a what-if) changes
/// the device's spec before the system is checked against it. Throws core::InputError.
SystemSpec load_system(const std::string& spec, const core::DataRoot& root,
                       const std::function<void(DeviceSpec&)>& edit_device = {});

}  // namespace servesim::hardware
