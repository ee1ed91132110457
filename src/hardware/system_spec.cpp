// System loading: DEVICE:COUNT shorthand and the system YAML schema.
#include "hardware/system_spec.h"

#include <charconv>

#include <fmt/format.h>

#include "core/config_paths.h"

namespace servesim::hardware {
namespace {

SystemSpec from_device_count(const std::string& spec, const std::string& device_name,
                             const std::string& count_text, const std::vector<std::string>& overrides) {
  std::int64_t count = 0;
  const auto [end, ec] =
      std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (ec != std::errc() || end != count_text.data() + count_text.size() || count < 1) {
    throw core::InputError("<scenario>", "hardware.system",
                           fmt::format("\"{}\": COUNT must be a positive integer", spec),
                           "for example h100-sxm-80g:8");
  }
  SystemSpec s;
  s.device = load_device(device_name, overrides);
  s.name = spec;
  const std::int64_t per_node = s.device.max_devices_per_node;
  if (count > per_node && count % per_node != 0) {
    throw core::InputError(
        "<scenario>", "hardware.system",
        fmt::format("{} devices do not fill whole nodes of {} {}", count, per_node, device_name),
        fmt::format("use a multiple of {} or describe the system in a YAML file", per_node));
  }
  s.nodes = count > per_node ? count / per_node : 1;
  s.devices_per_node = count > per_node ? per_node : count;
  s.scale_up = s.device.scale_up;
  s.scale_out = s.device.scale_out;
  return s;
}

SystemSpec from_yaml(const std::string& file, const std::vector<std::string>& overrides) {
  const auto doc = core::ConfigDocument::load(file);
  core::Diagnostics diag(file);
  core::ConfigNode root = doc.root(diag);
  SystemSpec s;
  s.name = root.text("name");
  const std::string device = root.text("device");
  s.nodes = root.integer("nodes");
  s.devices_per_node = root.integer("devices_per_node");
  auto up = root.optional_child("scale_up");
  auto out = root.optional_child("scale_out");
  LinkSpec up_link, out_link;
  if (up) up_link = parse_link(*up);
  if (out) out_link = parse_link(*out);
  root.finish();
  diag.throw_if_errors();
  s.device = load_device(device, overrides);
  if (!up && s.devices_per_node > s.device.max_devices_per_node) {
    throw core::InputError(file, "devices_per_node",
                           fmt::format("{} exceeds the {} devices a {} node holds",
                                       s.devices_per_node, s.device.max_devices_per_node, device),
                           "describe a larger fabric under scale_up");
  }
  const bool grid = up_link.topology == hardware::Topology::mesh2d ||
                    up_link.topology == hardware::Topology::torus2d;
  if (up && grid && s.devices_per_node > up_link.shape_x * up_link.shape_y) {
    throw core::InputError(file, "devices_per_node",
                           fmt::format("{} devices do not fit a {}x{} grid", s.devices_per_node,
                                       up_link.shape_x, up_link.shape_y));
  }
  s.scale_up = up ? up_link : s.device.scale_up;
  s.scale_out = out ? out_link : s.device.scale_out;
  return s;
}

}  // namespace

SystemSpec load_system(const std::string& spec, const std::vector<std::string>& device_overrides) {
  if (auto file = core::resolve_config(spec, "systems", ".yaml")) {
    return from_yaml(*file, device_overrides);
  }
  const auto colon = spec.rfind(':');
  if (colon != std::string::npos) {
    return from_device_count(spec, spec.substr(0, colon), spec.substr(colon + 1),
                             device_overrides);
  }
  throw core::InputError(
      "<scenario>", "hardware.system", fmt::format("\"{}\" is not a system", spec),
      fmt::format("use DEVICE:COUNT (devices: {}), a shipped system ({}) or a YAML path",
                  fmt::join(core::shipped_names("devices", ".yaml"), ", "),
                  fmt::join(core::shipped_names("systems", ".yaml"), ", ")));
}

}  // namespace servesim::hardware
