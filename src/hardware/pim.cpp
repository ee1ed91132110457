// PIM engine parameters and closed forms (see pim.h).
#include "hardware/pim.h"

#include <algorithm>


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

bool holds_kv_apart(const PimSpec& p) { return location_of(p) != PimLocation::device_memory; }

bool can_overlap(const PimSpec& p) { return holds_kv_apart(p) || p.dual_row_buffer; }

PimLocation location_of(const PimSpec& p) {
  if (p.location) return *p.location;
  return p.kind == PimKind::dimm_pim ? PimLocation::host : PimLocation::device_memory;
}

const core::FieldSet<PimSpec>& pim_fields() {
  using core::Need;
  using core::Range;
  const auto hbm = [](const PimSpec& p) { return p.kind == PimKind::hbm_pim; };
  const auto dimm = [](const PimSpec& p) { return p.kind == PimKind::dimm_pim; };
  const char* not_dimm = "a dimm-pim has ranks, not HBM stacks: drop it or use kind: hbm-pim";
  const char* not_hbm = "an hbm-pim has stacks, not DIMM ranks: drop it or use kind: dimm-pim";
  static const core::FieldSet<PimSpec> fields =
      core::FieldSet<PimSpec>()
          .choice("kind", &PimSpec::kind,
                  {{"hbm-pim", PimKind::hbm_pim}, {"dimm-pim", PimKind::dimm_pim}}, Need::required)
          .integer("stacks", &PimSpec::stacks).when(hbm, not_dimm)
          .quantity("stack_bandwidth", &PimSpec::stack_bandwidth).when(hbm, not_dimm)
          .choice("placement", &PimSpec::placement,
                  {{"bank", PimPlacement::bank},
                   {"bank-group", PimPlacement::bank_group},
                   {"buffer-die", PimPlacement::buffer_die}},
                  Need::required)
          .when(hbm, not_dimm)
          .flag("dual_row_buffer", &PimSpec::dual_row_buffer).when(hbm, not_dimm)
          .integer("channels", &PimSpec::channels).when(dimm, not_hbm)
          .integer("dimms_per_channel", &PimSpec::dimms_per_channel).when(dimm, not_hbm)
          .integer("ranks_per_dimm", &PimSpec::ranks_per_dimm).when(dimm, not_hbm)
          .quantity("rank_bandwidth", &PimSpec::rank_bandwidth).when(dimm, not_hbm)
          .number("compute_share_during_transfer", &PimSpec::compute_share_during_transfer,
                  Need::optional, Range::fraction)
          .when(dimm, not_hbm)
          .flag("in_flight_relayout", &PimSpec::in_flight_relayout).when(dimm, not_hbm)
          .choice("location", &PimSpec::location,
                  {{"device-memory", PimLocation::device_memory},
                   {"host", PimLocation::host},
                   {"peer", PimLocation::peer}})
          .number("ops_per_byte", &PimSpec::ops_per_byte, Need::required, Range::positive)
          .quantity("capacity", &PimSpec::capacity)
          .quantity("energy", &PimSpec::energy, Need::required, Range::non_negative)
          .quantity("pu_energy", &PimSpec::pu_energy, Need::required, Range::non_negative)
          .quantity("launch", &PimSpec::launch, Need::required, Range::non_negative)
          .quantity("idle", &PimSpec::idle, Need::optional, Range::non_negative);
  return fields;
}

}  // namespace servesim::hardware
