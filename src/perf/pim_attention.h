// Decode attention priced on a PIM engine (hardware/pim.h): the KV cache stays in the PIM memory
// and the PUs stream it at the internal bandwidth.
//   time   = max(KV bytes / internal bandwidth, FLOPs / PIM compute) + launch
//   energy = KV bytes · memory energy + FLOPs · PU energy
// While KV is written into a DIMM-PIM, one rankset per channel is in transfer mode and the PUs keep
// the share s of their compute (L3: about 75%): work W that starts with a transfer of T seconds takes
// W / s if it ends within the transfer (W ≤ s·T), else W + (1 − s)·T.
// Re-layout of KV arriving from the host: free when done in flight (L3's rank PU), at least twice
// the transfer time when done offline by the CPU.
#pragma once

#include "hardware/pim.h"
#include "model/op.h"
#include "perf/op_cost.h"

namespace servesim::perf {

/// Contract: op.kind is attention_decode (one query token per sequence).
OpCost pim_attention_cost(const model::Op& op, const hardware::PimSpec& pim);

/// Time of `work` seconds of PIM attention (at full compute) that overlaps a KV transfer of
/// `transfer` seconds (the rule above; unchanged for HBM-PIM).
core::Seconds during_transfer(core::Seconds work, core::Seconds transfer,
                              const hardware::PimSpec& pim);

core::Seconds relayout_time(const hardware::PimSpec& pim, core::Seconds transfer);

}  // namespace servesim::perf
