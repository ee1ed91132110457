// KV-cache transfer from a prefill replica to a decode replica (Splitwise/DistServe-style P/D
// disaggregation). The prompt's KV bytes (all layers) leave the devices of the attention group
// that holds them (TP · PP devices) in parallel over each device's scale-out link:
// t = bytes / (TP · PP · B · efficiency) + latency; with DP attention, sequences spread over the
// groups, whose links work in parallel.
// Pipelined per layer, layer i travels while layer i+1 is computed, so only the part that does not
// fit under the prefill step shows: visible = max(t / layers, t − prefill · (layers − 1)/layers).
// Energy = bytes · the link's energy per byte.
#pragma once

#include <cstdint>

#include "perf/step_model.h"

namespace servesim::perf {

struct KvTransfer {
  double bytes = 0;
  Seconds total{};    // link time of the whole transfer
  Seconds visible{};  // what the request waits after its prefill step
  core::Joules energy{};
};

/// The transfer of `sequences` prompts of `prompt_tokens` each, prefilled in `prefill_step`.
KvTransfer kv_transfer(const StepModel& prefill, std::int64_t prompt_tokens, Seconds prefill_step,
                       std::int64_t sequences = 1);

}  // namespace servesim::perf
