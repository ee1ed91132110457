// System loading: DEVICE:COUNT shorthand and the system YAML schema.
#include "hardware/system_spec.h"

#include <charconv>

#include <fmt/format.h>

namespace servesim::hardware {
namespace {

DeviceSpec device_of(const std::string& name, const core::DataRoot& root,
                     const std::function<void(DeviceSpec&)>& edit_device) {
  DeviceSpec d = load_device(name, root);
  if (edit_device) edit_device(d);
  return d;
}

SystemSpec from_device_count(const std::string& spec, const std::string& device_name,
                             const std::string& count_text, const core::DataRoot& root,
                             const std::function<void(DeviceSpec&)>& edit_device) {
  std::int64_t count = 0;
  const auto [end, ec] =
      std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (ec != std::errc() || end != count_text.data() + count_text.size() || count < 1) {
    throw core::InputError("<scenario>", "hardware.system",
                           fmt::format("\"{}\": COUNT must be a positive integer", spec),
                           "for example h100-sxm-80g:8");
  }
  SystemSpec s;
  s.device = device_of(device_name, root, edit_device);
  s.name = spec;
  const std::int64_t per_node = s.device.links.max_devices_per_node;
  if (count > per_node && count % per_node != 0) {
    throw core::InputError(
        "<scenario>", "hardware.system",
        fmt::format("{} devices do not fill whole nodes of {} {}", count, per_node, device_name),
        fmt::format("use a multiple of {} or describe the system in a YAML file", per_node));
  }
  s.nodes = count > per_node ? count / per_node : 1;
  s.devices_per_node = count > per_node ? per_node : count;
  return s;
}

struct SystemFile {
  std::string name, device;
  std::int64_t nodes = 1, devices_per_node = 1;
  std::optional<LinkSpec> scale_up, scale_out;
};

const core::FieldSet<SystemFile>& system_file_fields() {
  static const core::FieldSet<SystemFile> fields =
      core::FieldSet<SystemFile>()
          .text("name", &SystemFile::name)
          .text("device", &SystemFile::device)
          .integer("nodes", &SystemFile::nodes)
          .integer("devices_per_node", &SystemFile::devices_per_node)
          .group("scale_up", &SystemFile::scale_up, link_fields())
          .group("scale_out", &SystemFile::scale_out, link_fields());
  return fields;
}

SystemSpec from_yaml(const std::string& file, const core::DataRoot& root,
                     const std::function<void(DeviceSpec&)>& edit_device) {
  const SystemFile f =
      core::read_document(core::ConfigDocument::load(file), [](core::ConfigNode& node) {
        SystemFile read;
        system_file_fields().read(node, read);
        return read;
      });
  SystemSpec s{f.name, device_of(f.device, root, edit_device), f.nodes, f.devices_per_node,
               f.scale_up, f.scale_out};
  if (!f.scale_up && s.devices_per_node > s.device.links.max_devices_per_node) {
    throw core::InputError(file, "devices_per_node",
                           fmt::format("{} exceeds the {} devices a {} node holds",
                                       s.devices_per_node, s.device.links.max_devices_per_node,
                                       f.device),
                           "describe a larger fabric under scale_up");
  }
  if (f.scale_up && f.scale_up->grid() &&
      s.devices_per_node > f.scale_up->shape_x * f.scale_up->shape_y) {
    throw core::InputError(file, "devices_per_node",
                           fmt::format("{} devices do not fit a {}x{} grid", s.devices_per_node,
                                       f.scale_up->shape_x, f.scale_up->shape_y));
  }
  return s;
}

}  // namespace

SystemSpec load_system(const std::string& spec, const core::DataRoot& root,
                       const std::function<void(DeviceSpec&)>& edit_device) {
  if (auto file = root.resolve(spec, "systems", ".yaml")) return from_yaml(*file, root, edit_device);
  const auto colon = spec.rfind(':');
  if (colon != std::string::npos) {
    return from_device_count(spec, spec.substr(0, colon), spec.substr(colon + 1), root,
                             edit_device);
  }
  throw core::InputError(
      "<scenario>", "hardware.system", fmt::format("\"{}\" is not a system", spec),
      fmt::format("use DEVICE:COUNT (devices: {}), a shipped system ({}) or a YAML path",
                  fmt::join(root.shipped_names("devices", ".yaml"), ", "),
                  fmt::join(root.shipped_names("systems", ".yaml"), ", ")));
}

}  // namespace servesim::hardware
