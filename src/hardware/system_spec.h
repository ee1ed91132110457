// A system: identical devices in nodes, each node on its scale-up fabric (NVSwitch), nodes joined
// by a scale-out network with one NIC per device (fat-tree, full bisection). Given on the command
// line as DEVICE:COUNT (COUNT devices in one node; counts beyond the device's node size fill whole
// nodes on the device's default scale-out link), a shipped name, or a path to a system YAML.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hardware/device_spec.h"

namespace servesim::hardware {

struct SystemSpec {
  std::string name;
  DeviceSpec device;
  std::int64_t nodes = 1;
  std::int64_t devices_per_node = 1;
  LinkSpec scale_up;   // per device, inside a node
  LinkSpec scale_out;  // per device, between nodes

  [[nodiscard]] std::int64_t device_count() const { return nodes * devices_per_node; }
};

/// Parses DEVICE:COUNT, a shipped system name, or a YAML path. Throws core::InputError.
/// `device_overrides` ("dotted.key=value") change the device's YAML before it is read.
SystemSpec load_system(const std::string& spec,
                       const std::vector<std::string>& device_overrides = {});

}  // namespace servesim::hardware
