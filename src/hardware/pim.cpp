// PIM engine parameters and closed forms (see pim.h).
#include "hardware/pim.h"

#include <algorithm>

#include <fmt/format.h>

namespace servesim::hardware {

double internal_scale(PimPlacement p) {
  switch (p) {
    case PimPlacement::bank: return 16;
    case PimPlacement::bank_group: return 8;
    case PimPlacement::buffer_die: return 1;
  }
  return 1;
}

double power_cap(PimPlacement p) {
  switch (p) {
    case PimPlacement::bank: return 9;
    case PimPlacement::bank_group: return 3;
    case PimPlacement::buffer_die: return 1;
  }
  return 1;
}

core::BytesPerSecond internal_bandwidth(const PimSpec& p) {
  if (p.kind == PimKind::hbm_pim) {
    return p.stack_bandwidth * static_cast<double>(p.stacks) *
           std::min(internal_scale(p.placement), power_cap(p.placement));
  }
  return p.rank_bandwidth * static_cast<double>(p.channels * p.dimms_per_channel * p.ranks_per_dimm);
}

core::FlopsPerSecond pim_compute(const PimSpec& p) {
  return core::FlopsPerSecond(internal_bandwidth(p).value() * p.ops_per_byte);
}

bool holds_kv_apart(const PimSpec& p) { return p.location != PimLocation::device_memory; }

bool can_overlap(const PimSpec& p) { return holds_kv_apart(p) || p.dual_row_buffer; }

PimSpec parse_pim(core::ConfigNode& n) {
  using core::Range;
  PimSpec p;
  const std::string kind = n.text("kind");
  if (kind == "hbm-pim") {
    p.kind = PimKind::hbm_pim;
    p.stacks = n.integer("stacks");
    p.stack_bandwidth = n.quantity<core::BytesPerSecond>("stack_bandwidth");
    p.placement = n.choice<PimPlacement>("placement", {{"bank", PimPlacement::bank},
                                                       {"bank-group", PimPlacement::bank_group},
                                                       {"buffer-die", PimPlacement::buffer_die}});
    p.dual_row_buffer = n.flag("dual_row_buffer", false);
  } else if (kind == "dimm-pim") {
    p.kind = PimKind::dimm_pim;
    p.channels = n.integer("channels");
    p.dimms_per_channel = n.integer("dimms_per_channel");
    p.ranks_per_dimm = n.integer("ranks_per_dimm");
    p.rank_bandwidth = n.quantity<core::BytesPerSecond>("rank_bandwidth");
    p.compute_share_during_transfer =
        n.optional_number("compute_share_during_transfer", Range::fraction).value_or(0.75);
    p.in_flight_relayout = n.flag("in_flight_relayout", true);
  } else if (!kind.empty()) {
    n.error("kind", fmt::format("unknown PIM kind \"{}\"", kind), "use hbm-pim or dimm-pim");
  }
  p.location = n.choice<PimLocation>("location",
                                      {{"device-memory", PimLocation::device_memory},
                                       {"host", PimLocation::host},
                                       {"peer", PimLocation::peer}},
                                      p.kind == PimKind::dimm_pim ? "host" : "device-memory");
  p.ops_per_byte = n.number("ops_per_byte", Range::positive);
  p.capacity = n.quantity<core::Bytes>("capacity");
  p.energy = n.quantity<core::JoulesPerByte>("energy", Range::non_negative);
  p.pu_energy = n.quantity<core::JoulesPerFlop>("pu_energy", Range::non_negative);
  p.launch = n.quantity<core::Seconds>("launch", Range::non_negative);
  p.idle = n.optional_quantity<core::Watts>("idle", Range::non_negative).value_or(core::Watts{});
  n.finish();
  return p;
}

}  // namespace servesim::hardware
