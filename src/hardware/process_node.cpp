// Process-node table schema and loader (see process_node.h).
#include "hardware/process_node.h"

#include <algorithm>


namespace servesim::hardware {
namespace {

// The entry whose kind is the longest prefix of `kind` ("hbm" for "hbm3e", "lpddr5" for
// "lpddr5x" rather than a shorter match).
template <class Entry>
const Entry* by_prefix(const std::vector<Entry>& entries, const std::string& kind) {
  const Entry* best = nullptr;
  for (const Entry& e : entries) {
    if (kind.rfind(e.kind, 0) == 0 && (best == nullptr || e.kind.size() > best->kind.size())) {
      best = &e;
    }
  }
  return best;
}

template <class Entry, class Name>
std::string joined(const std::vector<Entry>& entries, Name name) {
  std::string out;
  for (const Entry& e : entries) out += (out.empty() ? "" : ", ") + name(e);
  return out;
}

}  // namespace

const ProcessNode* ProcessTable::node(const std::string& name) const {
  auto it = std::find_if(nodes.begin(), nodes.end(),
                         [&](const ProcessNode& n) { return n.name == name; });
  return it == nodes.end() ? nullptr : &*it;
}

const MemoryParts* ProcessTable::memory(const std::string& technology_kind) const {
  return by_prefix(memories, technology_kind);
}

const LinkPhy* ProcessTable::link(const std::string& link_kind) const {
  return by_prefix(links, link_kind);
}

std::string ProcessTable::node_names() const {
  return joined(nodes, [](const ProcessNode& n) { return n.name; });
}
std::string ProcessTable::memory_kinds() const {
  return joined(memories, [](const MemoryParts& m) { return m.kind; });
}
std::string ProcessTable::link_kinds() const {
  return joined(links, [](const LinkPhy& l) { return l.kind; });
}

ProcessTable parse_process_table(core::ConfigNode& root) {
  using core::Range;
  ProcessTable t;
  core::ConfigNode yield = root.child("yield");
  t.wafer_diameter = yield.quantity<Length>("wafer_diameter");
  t.clustering = yield.number("clustering", Range::positive);
  yield.finish();
  for (core::ConfigNode& n : root.list("nodes")) {
    ProcessNode p;
    p.name = n.text("name");
    p.mac_area = n.quantity<core::Area>("mac_area");
    p.sram_area = n.quantity<core::AreaPerByte>("sram_area");
    p.wafer_cost = n.quantity<core::Dollars>("wafer_cost");
    p.defects_per_cm2 = n.number("defects_per_cm2", Range::non_negative);
    n.finish();
    t.nodes.push_back(p);
  }
  for (core::ConfigNode& n : root.list("memories")) {
    MemoryParts m;
    m.kind = n.text("kind");
    m.phy_area = n.quantity<core::Area>("phy_area");
    m.phy_bits = n.integer("phy_bits");
    m.layer_area = n.optional_quantity<core::AreaPerByte>("layer_area");
    m.price = n.quantity<core::DollarsPerByte>("price");
    n.finish();
    t.memories.push_back(m);
  }
  for (core::ConfigNode& n : root.list("links")) {
    LinkPhy l;
    l.kind = n.text("kind");
    l.area = n.quantity<core::Area>("area");
    l.bandwidth = n.quantity<core::BytesPerSecond>("bandwidth");
    n.finish();
    t.links.push_back(l);
  }
  root.finish();
  return t;
}

ProcessTable load_process_table(const core::DataRoot& root) {
  return core::read_document(core::ConfigDocument::load(root.config_file("process_nodes.yaml")),
                             parse_process_table);
}

}  // namespace servesim::hardware
