// Decode attention priced on a PIM engine (hardware/pim.h): the KV cache stays in the PIM memory
// and the PUs stream it at the internal bandwidth.
//   time   = max(KV bytes / internal bandwidth, FLOPs / PIM compute) / availability + launch,
//            availability = the compute share left while a rankset transfers (DIMM-PIM), else 1
//   energy = KV bytes · memory energy + FLOPs · PU energy
// Re-layout of KV arriving from the host: free when done in flight (L3's rank PU), at least twice
// the transfer time when done offline by the CPU.
#pragma once

#include "hardware/pim.h"
#include "model/op.h"
#include "perf/op_cost.h"

namespace servesim::perf {

/// Contract: op.kind is attention_decode (one query token per sequence).
OpCost pim_attention_cost(const model::Op& op, const hardware::PimSpec& pim, bool transferring);

core::Seconds relayout_time(const hardware::PimSpec& pim, core::Seconds transfer);

}  // namespace servesim::perf
