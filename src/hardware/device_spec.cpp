// Device YAML schema and loader (see configs/devices/*.yaml and docs/config-reference.md).
#include "hardware/device_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/config_paths.h"
#include "hardware/area_model.h"
#include "hardware/peak_power.h"

namespace servesim::hardware {
namespace {

using core::Range;

void read_dtype_map(core::ConfigNode& node, const char* what,
                    const std::function<void(core::DType, core::ConfigNode&, const std::string&)>&
                        read) {
  for (const std::string& key : node.keys()) {
    auto t = core::parse_dtype(key);
    if (!t) {
      node.error(key, fmt::format("unknown data type in {}", what),
                 "use one of " + core::dtype_names());
      node.accept_all_keys();
      continue;
    }
    read(*t, node, key);
  }
}

Calibration parse_calibration(core::ConfigNode& c) {
  Calibration k;
  k.gemm_peak_fraction = c.number("gemm_peak_fraction", Range::fraction);
  k.gemm_tile_m = c.integer("gemm_tile_m");
  k.gemm_tile_n = c.integer("gemm_tile_n");
  k.gemm_k_overhead = c.number("gemm_k_overhead", Range::non_negative);
  k.grouped_gemm_efficiency =
      c.optional_number("grouped_gemm_efficiency", Range::fraction).value_or(1.0);
  k.memory_efficiency = c.number("memory_efficiency", Range::fraction);
  k.attention_peak_fraction = c.number("attention_peak_fraction", Range::fraction);
  k.kernel_overhead = c.quantity<Seconds>("kernel_overhead", Range::non_negative);
  c.finish();
  return k;
}

// Die area and, unless given, price from the process-node table; problems are reported at the
// field that names the missing entry.
void derive_area_and_price(DeviceSpec& d, const std::string& node_name, double gross_margin,
                           core::ConfigNode& root) {
  if (!d.compute_template || !d.memory_technology) {
    root.error("cost.process_node", "needs compute.template and memory.technology",
               "the area is derived from the engines, SRAM and memory interface they describe");
    return;
  }
  const ProcessTable& table = shipped_process_table();
  const ProcessNode* node = table.node(node_name);
  const MemoryParts* memory = table.memory(d.memory_technology->kind);
  const LinkPhy* link = table.link(d.scale_up.kind);
  if (node == nullptr) {
    root.error("cost.process_node", fmt::format("unknown process node \"{}\"", node_name),
               "use one of " + table.node_names() + " (configs/process_nodes.yaml)");
  }
  if (memory == nullptr) {
    root.error("memory.technology.kind",
               fmt::format("\"{}\" has no entry in the process table", d.memory_technology->kind),
               "use a kind starting with " + table.memory_kinds());
  }
  if (link == nullptr) {
    root.error("links.scale_up.kind",
               fmt::format("\"{}\" has no PHY in the process table", d.scale_up.kind),
               "use a kind starting with " + table.link_kinds());
  }
  if (node == nullptr || memory == nullptr || link == nullptr) return;
  const core::Area die = area_breakdown(d, *node, *memory, *link).die();
  if (!d.die_area) d.die_area = die;
  if (!d.price) {
    const core::Dollars cost =
        manufacturing_cost(die, d.memory_capacity, *node, *memory, table).total();
    if (!std::isfinite(cost.value())) {
      root.error("cost.process_node", "the die does not fit on a wafer",
                 "make the template smaller");
      return;
    }
    d.price = cost / (1.0 - gross_margin);
  }
}

}  // namespace

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

LinkSpec parse_link(core::ConfigNode& n) {
  LinkSpec l;
  l.kind = n.text("kind");
  l.bandwidth = n.quantity<BytesPerSecond>("bandwidth");
  l.latency = n.quantity<Seconds>("latency");
  l.efficiency = n.optional_number("efficiency", Range::fraction).value_or(1.0);
  l.energy = n.optional_quantity<JoulesPerByte>("energy", Range::non_negative).value_or(JoulesPerByte{});
  const std::string topology = n.optional_text("topology").value_or("switch");
  auto it = std::find_if(topologies().begin(), topologies().end(),
                         [&](const TopologyInfo& t) { return topology == t.name; });
  if (it == topologies().end()) {
    std::string names;
    for (const auto& t : topologies()) names += (names.empty() ? "" : ", ") + std::string(t.name);
    n.error("topology", fmt::format("unknown topology \"{}\"", topology), "use one of " + names);
  } else {
    l.topology = it->topology;
  }
  if (l.topology == Topology::mesh2d || l.topology == Topology::torus2d) {
    const std::string shape = n.text("shape");
    if (std::sscanf(shape.c_str(), "%ldx%ld", &l.shape_x, &l.shape_y) != 2 || l.shape_x < 1 ||
        l.shape_y < 1) {
      n.error("shape", fmt::format("\"{}\" is not XxY", shape), "e.g. shape: \"4x4\"");
    }
  }
  if (l.topology == Topology::photonic) l.radix = n.integer("radix");
  n.finish();
  return l;
}

DeviceSpec parse_device(core::ConfigNode& root) {
  DeviceSpec d;
  d.name = root.text("name");
  d.description = root.optional_text("description").value_or("");
  d.source = root.text("source");

  core::ConfigNode compute = root.child("compute");
  if (auto tmpl = compute.optional_child("template")) {
    d.compute_template = parse_compute_template(*tmpl);
    const FlopsPerSecond p16 = d.compute_template->matrix_peak();
    for (core::DType t : {core::DType::fp16, core::DType::bf16}) d.peak[index_of(t)] = p16;
    for (core::DType t : {core::DType::fp8, core::DType::int8}) d.peak[index_of(t)] = p16 * 2.0;
    d.peak[index_of(core::DType::fp32)] = p16 * 0.25;
    if (!std::isfinite(p16.value()) || p16.value() <= 0) {
      tmpl->error("systolic", "gives no finite compute peak", "check rows, cols, cores and frequency");
    }
    d.compute_units = d.compute_template->systolic ? d.compute_template->systolic->arrays() : 1;
    for (const char* derived : {"units", "peak"}) {
      if (compute.has(derived)) {
        compute.error(derived, "is derived from compute.template",
                      "give either the template or the datasheet values, not both");
        (void)compute.optional_text(derived);
      }
    }
  } else {
    d.compute_units = compute.integer("units");
    core::ConfigNode peak = compute.child("peak");
    read_dtype_map(peak, "compute.peak", [&](core::DType t, core::ConfigNode& n, const std::string& key) {
      d.peak[index_of(t)] = n.quantity<FlopsPerSecond>(key);
    });
    peak.finish();
  }
  core::ConfigNode energy = compute.child("energy");
  read_dtype_map(energy, "compute.energy", [&](core::DType t, core::ConfigNode& n, const std::string& key) {
    d.energy_per_flop[index_of(t)] = n.quantity<JoulesPerFlop>(key);
  });
  energy.finish();
  compute.finish();
  if (d.peak[index_of(core::DType::fp16)].value() <= 0 &&
      d.peak[index_of(core::DType::bf16)].value() <= 0) {
    root.error("compute", "needs a peak for fp16 or bf16", "add compute.peak.bf16: \"...TFLOPS\"");
  }

  core::ConfigNode memory = root.child("memory");
  d.memory_kind = memory.text("kind");
  if (auto tech = memory.optional_child("technology")) {
    d.memory_technology = parse_memory_technology(*tech);
    d.memory_capacity = d.memory_technology->capacity;
    d.memory_bandwidth = effective_bandwidth(*d.memory_technology);
    if (!std::isfinite(d.memory_bandwidth.value()) || d.memory_bandwidth.value() <= 0) {
      tech->error("data_rate", "gives no usable bandwidth",
                  "check the geometry, timing and temperature (refresh may take all the time)");
    }
    d.memory_energy = d.memory_technology->energy.total();
    for (const char* derived : {"capacity", "bandwidth", "energy"}) {
      if (memory.has(derived)) {
        memory.error(derived, "is derived from memory.technology",
                     "give either the parts (technology) or the datasheet values, not both");
        (void)memory.optional_text(derived);  // reported above; not an unknown key too
      }
    }
  } else {
    d.memory_capacity = memory.quantity<Bytes>("capacity");
    d.memory_bandwidth = memory.quantity<BytesPerSecond>("bandwidth");
    d.memory_energy = memory.quantity<JoulesPerByte>("energy");
  }
  d.l2 = memory.quantity<Bytes>("l2");
  if (auto pim = memory.optional_child("pim")) d.pim = parse_pim(*pim);
  memory.finish();

  core::ConfigNode power = root.child("power");
  // A template device's TDP may be derived (below, once its links are known).
  const std::optional<Watts> tdp = d.compute_template
                                       ? power.optional_quantity<Watts>("tdp")
                                       : std::optional<Watts>(power.quantity<Watts>("tdp"));
  d.idle_power = power.quantity<Watts>("idle");
  power.finish();

  core::ConfigNode links = root.child("links");
  d.max_devices_per_node = links.integer("max_devices_per_node");
  core::ConfigNode up = links.child("scale_up");
  d.scale_up = parse_link(up);
  core::ConfigNode out = links.child("scale_out");
  d.scale_out = parse_link(out);
  core::ConfigNode host = links.child("host");
  d.host = parse_link(host);
  links.finish();

  d.tdp = tdp.value_or(peak_power(d).total());
  if (d.idle_power > d.tdp) root.error("power.idle", "exceeds power.tdp");

  if (auto cost = root.optional_child("cost")) {
    d.die_area = cost->optional_quantity<core::Area>("die_area");
    d.price = cost->optional_quantity<core::Dollars>("price");
    const auto node = cost->optional_text("process_node");
    const double margin = cost->optional_number("gross_margin", Range::non_negative).value_or(0);
    if (margin >= 1) cost->error("gross_margin", "must be below 1", "e.g. 0.6 for a 60% margin");
    (void)cost->optional_text("source");
    cost->finish();
    if (node && margin < 1) derive_area_and_price(d, *node, margin, root);
  }
  core::ConfigNode calibration = root.child("calibration");
  d.calibration = parse_calibration(calibration);
  root.finish();
  return d;
}

namespace {

// Files a device may refine in a chain (`extends:`) before it is taken for a cycle.
constexpr int kMaxExtendsDepth = 8;

// The device document with every `extends:` ancestor laid beneath it.
core::ConfigDocument load_device_document(const std::string& file, int depth) {
  auto doc = core::ConfigDocument::load(file);
  if (auto base = doc.take_extends()) {
    if (depth >= kMaxExtendsDepth) {
      throw core::InputError(file, "extends",
                             fmt::format("more than {} files refine each other", kMaxExtendsDepth),
                             "a device file cannot extend itself, directly or through others");
    }
    const std::string base_file = core::require_config(*base, "devices", ".yaml", "device");
    doc.lay_over(load_device_document(base_file, depth + 1));
  }
  return doc;
}

}  // namespace

DeviceSpec load_device(const std::string& name_or_path, const std::vector<std::string>& overrides) {
  const std::string file = core::require_config(name_or_path, "devices", ".yaml", "device");
  auto doc = load_device_document(file, 0);
  for (const std::string& o : overrides) doc.set(o, "hardware.overrides");
  // Errors in an overridden file may come from the what-ifs: say so where they point.
  core::Diagnostics diag(overrides.empty()
                             ? file
                             : fmt::format("{} with overrides {}", file, fmt::join(overrides, ", ")));
  core::ConfigNode root = doc.root(diag);
  DeviceSpec d = parse_device(root);
  diag.throw_if_errors();
  return d;
}

FlopsPerSecond DeviceSpec::peak_for(core::DType t) const {
  using core::DType;
  for (DType candidate : {t, t == DType::int4 ? DType::int8 : t, DType::fp16, DType::bf16}) {
    if (peak[index_of(candidate)].value() > 0) return peak[index_of(candidate)];
  }
  return peak[index_of(DType::fp16)];
}

JoulesPerFlop DeviceSpec::energy_for(core::DType t) const {
  using core::DType;
  for (DType candidate : {t, t == DType::int4 ? DType::int8 : t, DType::fp16, DType::bf16}) {
    if (energy_per_flop[index_of(candidate)].value() > 0) return energy_per_flop[index_of(candidate)];
  }
  return energy_per_flop[index_of(DType::fp16)];
}

}  // namespace servesim::hardware
