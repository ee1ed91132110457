// Processing-in-memory engines that attention can run on (`memory.pim` in a device YAML):
//   hbm-pim   AttAcc (ASPLOS'24): PUs per bank, per bank group or on the buffer die of HBM3
//             stacks. Internal bandwidth = stacks · 670.4 GB/s · min(scale, power cap), with the
//             scale 16 / 8 / 1 and the cap 9 / 3 / 1 for bank / bank-group / buffer placement.
//             `dual_row_buffer` (NeuPIMs, ASPLOS'24) lets the host read while the PUs compute.
//   dimm-pim  L3 (arXiv 2504.17584): DIMMs of ranks with a rank PU and bank PUs; bank PUs stream
//             the rank's banks in parallel. Ranks are grouped into ranksets, one per channel in
//             transfer mode at a time, which keeps about 75% of PIM compute available while KV moves.
//             Re-layout of incoming KV is free in flight, or costs at least 2× the transfer offline.
// Compute = internal bandwidth · ops_per_byte (AttAcc: FLOPS = BW × op/byte).
// Where the PIM memory sits (`location`):
//   device-memory  it is the device's own memory (NeuPIMs, an HBM-PIM GPU): weights and KV share
//                  it; device and PIM overlap only with a dual row buffer;
//   host           in host memory behind the host link (L3's DIMM-PIM): the KV cache lives there;
//   peer           a separate PIM device beside each accelerator on its scale-up link (AttAcc's
//                  GPU + AttAcc devices): the KV cache lives there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/fields.h"
#include "core/units.h"

namespace servesim::hardware {

enum class PimKind { hbm_pim, dimm_pim };
enum class PimPlacement { bank, bank_group, buffer_die };
enum class PimLocation { device_memory, host, peer };

struct PimSpec {
  PimKind kind = PimKind::hbm_pim;
  // HBM-PIM
  std::int64_t stacks = 0;
  core::BytesPerSecond stack_bandwidth{};  // external bandwidth of one stack
  PimPlacement placement = PimPlacement::bank;
  bool dual_row_buffer = false;
  // DIMM-PIM
  std::int64_t channels = 0, dimms_per_channel = 0, ranks_per_dimm = 0;
  core::BytesPerSecond rank_bandwidth{};  // internal bandwidth the bank PUs of one rank reach
  double compute_share_during_transfer = 0.75;
  bool in_flight_relayout = true;
  // Both
  std::optional<PimLocation> location;  // default: host for dimm-pim, device-memory for hbm-pim
  double ops_per_byte = 1.0;       // FLOPs per byte streamed
  core::Bytes capacity{};
  core::JoulesPerByte energy{};    // per byte read inside the memory (cell + local datapath)
  core::JoulesPerFlop pu_energy{}; // per FLOP in the PUs
  core::Seconds launch{};          // fixed cost of one PIM command sequence
  core::Watts idle{};              // static power of the PIM memory and PUs (beyond the device's)
};

/// AttAcc's internal-bandwidth scale and its power cap for a placement.
double internal_scale(PimPlacement p);
double power_cap(PimPlacement p);

/// Bandwidth the PUs stream KV at (all stacks or all ranks together).
core::BytesPerSecond internal_bandwidth(const PimSpec& pim);
core::FlopsPerSecond pim_compute(const PimSpec& pim);

/// True when the KV cache lives in the PIM's own memory (host or peer), not in device memory.
bool holds_kv_apart(const PimSpec& pim);
/// True when the device and the PIM can work at the same time (sub-batch interleaving): the
/// PIM has memory of its own, or a dual row buffer lets the device read while the PUs compute.
bool can_overlap(const PimSpec& pim);

/// Where the PIM memory sits: as given, or the kind's default (host for a DIMM-PIM, the device's
/// own memory for an HBM-PIM).
PimLocation location_of(const PimSpec& pim);
/// The fields of `memory.pim` (the kind's parameters apply to that kind only).
const core::FieldSet<PimSpec>& pim_fields();

}  // namespace servesim::hardware
