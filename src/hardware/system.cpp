// Derivation of a system from its spec (see system.h).
#include "hardware/system.h"

namespace servesim::hardware {

System derive(const SystemSpec& spec, const ProcessTable& table) {
  System s;
  s.name = spec.name;
  s.device = derive(spec.device, table);
  s.nodes = spec.nodes;
  s.devices_per_node = spec.devices_per_node;
  s.scale_up = spec.scale_up.value_or(spec.device.links.scale_up);
  s.scale_out = spec.scale_out.value_or(spec.device.links.scale_out);
  s.host = spec.device.links.host;
  return s;
}

System load_derived_system(const std::string& name, const core::DataRoot& root,
                           const ProcessTable& table) {
  return derive(load_system(name, root), table);
}

}  // namespace servesim::hardware
