// `servesim estimate`: a static batch of B sequences, each with L_in prompt tokens and L_out
// output tokens, on one replica. The prefill of the whole batch is one step (its time is the
// TTFT); decode steps follow with the context growing by one token per step. With PP the batch is
// split into m = min(PP, B) micro-batches kept in flight (StepModel::price_iteration). The memory check counts, per device, weights/(TP·PP),
// the KV cache of B·(L_in + L_out) tokens and the peak activation workspace of the prefill,
// against capacity × memory_utilization; when a PIM holds the KV cache apart, the KV is checked
// against the PIM's capacity × memory_utilization instead.
#pragma once

#include <array>
#include <cstdint>

#include <optional>
#include <string>

#include "model/op.h"
#include "perf/kv_transfer.h"
#include "perf/step_model.h"

namespace servesim::perf {

struct EstimateRequest {
  std::int64_t batch = 1;
  std::int64_t input_tokens = 128;
  std::int64_t output_tokens = 128;
  double memory_utilization = 0.9;  // fraction of device memory the engine may use
  /// > 0: the prefill runs in chunks of this many tokens per step, so the activation workspace
  /// holds one chunk (the prefill is still priced as one step: the same GEMM and attention FLOPs).
  std::int64_t prefill_chunk = 0;
  /// Decode steps priced, at most (evenly spaced midpoints, each weighted for its slice): exact
  /// while step time is affine in the context; fewer is faster, for a search's screening.
  std::int64_t decode_samples = 512;
};

struct MemoryUse {
  Bytes weights{};      // per device
  Bytes kv_cache{};     // per device
  Bytes activations{};  // per device
  Bytes capacity{};     // usable per device (capacity × utilisation)
  /// When a PIM at the host or beside the device holds the KV cache (hardware/pim.h): its usable
  /// capacity per device; the device memory then holds only weights and activations.
  std::optional<Bytes> kv_capacity;

  /// Device memory in use.
  [[nodiscard]] Bytes total() const {
    return weights + activations + (kv_capacity ? Bytes{} : kv_cache);
  }
  [[nodiscard]] bool fits() const {
    return total() <= capacity && (!kv_capacity || kv_cache <= *kv_capacity);
  }
};

struct Estimate {
  MemoryUse memory;
  Seconds ttft{};
  Seconds tpot_mean{};
  Seconds total_time{};
  double output_tokens_per_s = 0;
  Joules energy{};
  Joules decode_energy{};  // the decode steps' share of `energy` (one replica or the decode pool)
  double joules_per_output_token = 0;
  core::Watts average_power{};           // all devices of the replica
  std::int64_t decode_steps = 0;
  std::array<ClassCost, model::kOpClassCount> prefill_by_class{};
  std::array<ClassCost, model::kOpClassCount> decode_by_class{};  // summed over decode steps
  // P/D disaggregation only: the decode pool's memory (`memory` is then the prefill pool's) and
  // the KV transfer of one prefill replica's sequences.
  std::optional<MemoryUse> decode_memory;
  std::optional<KvTransfer> kv_transfer;

  [[nodiscard]] bool fits() const { return memory.fits() && (!decode_memory || decode_memory->fits()); }
};


MemoryUse memory_use(const StepModel& step_model, const EstimateRequest& request);

/// Peak activation memory per device of a step computing `tokens` tokens with `logit_rows` rows of
/// logits: residual stream, attention and FFN intermediates (4·hidden + 3·ffn/TP per token, in the
/// activation format) and FP32 logits over the TP shard of the vocabulary.
Bytes activation_workspace(const StepModel& step_model, std::int64_t tokens,
                           std::int64_t logit_rows);

/// Contract: when memory_use(...).fits() is false the result carries only `memory`; callers report
/// "does not fit" instead of timing.
Estimate estimate_batch(StepModel& step_model, const EstimateRequest& request);

/// Why P prefill replicas of `prefill` and D decode replicas of `decode` do not fit their
/// system(s) (`shared`: both pools on the prefill model's system), or nullopt.
std::optional<std::string> pools_do_not_fit(const StepModel& prefill, const StepModel& decode,
                                            std::int64_t prefill_replicas,
                                            std::int64_t decode_replicas, bool shared);

/// P/D disaggregation: the batch's prefills spread over `prefill_replicas` replicas of `prefill`
/// (TTFT = the prefill; the first token leaves from there, as in serve), its decodes over
/// `decode_replicas` replicas of `decode`, delayed by the visible KV transfer (kv_transfer.h),
/// which counts in TPOT. Energy covers both pools, idle while the other works. Same contract on
/// memory as estimate_batch (fits() checks both pools).
Estimate estimate_disaggregated(StepModel& prefill, StepModel& decode,
                                const EstimateRequest& request, std::int64_t prefill_replicas,
                                std::int64_t decode_replicas);

}  // namespace servesim::perf
