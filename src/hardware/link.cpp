// Link schema and topology names (see link.h).
#include "hardware/link.h"

#include <cstdio>

namespace servesim::hardware {

const std::vector<TopologyInfo>& topologies() {
  static const std::vector<TopologyInfo> list = {
      {Topology::switch_fabric, "switch", "non-blocking switch (NVSwitch, PCIe switch); default"},
      {Topology::photonic, "photonic",
       "optical all-to-all switch with `radix` ports; two optical hops beyond the radix"},
      {Topology::ring, "ring", "each device linked to two neighbours (bandwidth per link)"},
      {Topology::mesh2d, "mesh2d", "X x Y grid (`shape: \"4x4\"`), e.g. chiplets on an interposer"},
      {Topology::torus2d, "torus2d", "X x Y grid with wrap-around links"},
  };
  return list;
}

std::int64_t ports_per_device(const LinkSpec& link) {
  switch (link.topology) {
    case Topology::mesh2d:
    case Topology::torus2d: return 4;
    case Topology::ring: return 2;
    case Topology::switch_fabric:
    case Topology::photonic: break;
  }
  return 1;
}

namespace {

// "XxY" into the link's grid dimensions.
std::string parse_shape(const std::string& text, LinkSpec& link) {
  std::int64_t x = 0, y = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%ldx%ld%c", &x, &y, &tail) != 2 || x < 1 || y < 1) {
    return "\"" + text + "\" is not XxY";
  }
  link.shape_x = x;
  link.shape_y = y;
  return "";
}

}  // namespace

const core::FieldSet<LinkSpec>& link_fields() {
  static const core::FieldSet<LinkSpec> fields = [] {
    std::vector<std::pair<std::string, Topology>> names;
    for (const auto& t : topologies()) names.emplace_back(t.name, t.topology);
    using core::Need;
    using core::Range;
    return core::FieldSet<LinkSpec>()
        .text("kind", &LinkSpec::kind)
        .quantity("bandwidth", &LinkSpec::bandwidth)
        .quantity("latency", &LinkSpec::latency)
        .number("efficiency", &LinkSpec::efficiency, Need::optional, Range::fraction)
        .quantity("energy", &LinkSpec::energy, Need::optional, Range::non_negative)
        .choice("topology", &LinkSpec::topology, names)
        .parsed("shape", "XxY, e.g. \"4x4\"", parse_shape,
                [](const LinkSpec& l) {
                  return nlohmann::ordered_json(std::to_string(l.shape_x) + "x" +
                                                std::to_string(l.shape_y));
                })
        .when([](const LinkSpec& l) { return l.grid(); }, "only a mesh2d or torus2d has a shape")
        .integer("radix", &LinkSpec::radix)
        .when([](const LinkSpec& l) { return l.topology == Topology::photonic; },
              "only a photonic fabric has a radix");
  }();
  return fields;
}

}  // namespace servesim::hardware
