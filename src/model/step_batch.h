// The work of one engine step, summarised so that pricing it costs O(1) in the number of
// sequences: a batch that mixes prefill chunks (many new tokens on a cached prefix) and decodes
// (one new token on a long context) is reduced to token counts, attention (query, key) pairs and
// KV tokens read, each capped by the model's sliding window.
#pragma once

#include <cstdint>
#include <span>

#include "model/model_spec.h"

namespace servesim::model {

/// One sequence's share of a step: `new_tokens` computed on top of `cached_tokens` already in the
/// KV cache. `emits_token` is false for a prefill chunk that does not finish the prompt.
struct SequenceWork {
  std::int64_t new_tokens = 1;
  std::int64_t cached_tokens = 0;
  bool emits_token = true;
};

/// Query rows per block of a flash-style prefill kernel: KV is re-read once per query block.
inline constexpr std::int64_t kPrefillQueryBlock = 128;

struct StepBatch {
  std::int64_t new_tokens = 0;     // all tokens computed this step (GEMM M dimension)
  std::int64_t logit_tokens = 0;   // tokens whose logits the LM head computes
  // Sequences with more than one new token (prefill or prefill chunks).
  std::int64_t prefill_sequences = 0;
  std::int64_t prefill_tokens = 0;
  double prefill_pairs = 0;        // causal (query, key) pairs, window-capped
  double prefill_kv_reads = 0;     // KV tokens read by the flash kernel (once per query block)
  double prefill_context = 0;      // Σ KV tokens kept after the step (prefill sequences)
  // Sequences with exactly one new token.
  std::int64_t decode_sequences = 0;
  double decode_context = 0;       // Σ KV tokens attended (= pairs = KV tokens read)

  [[nodiscard]] std::int64_t sequences() const { return prefill_sequences + decode_sequences; }
  /// Adds `count` sequences with this work (order does not matter; the summary is a sum).
  void add(const SequenceWork& s, const ModelSpec& m, std::int64_t count = 1);
  /// The busiest of `parts` shares of this batch (data-parallel attention groups, pipeline
  /// micro-batches): whole sequences are dealt out, so it holds ceil(n / parts) of the prefill and
  /// of the decode sequences, with their proportional share of tokens, pairs and context.
  [[nodiscard]] StepBatch share(std::int64_t parts) const;
  /// Part `index` of `parts` sub-batches that together are this batch (PIM sub-batches, pipeline
  /// micro-batches): the decodes dealt as evenly as whole sequences allow, with their context in
  /// proportion; every prefill chunk in part 0.
  [[nodiscard]] StepBatch part(std::int64_t index, std::int64_t parts) const;
};

StepBatch summarize(std::span<const SequenceWork> sequences, const ModelSpec& m);

/// Causal (query, key) pairs of `n` new tokens on `cached` tokens under an optional window.
double causal_pairs(std::int64_t n, std::int64_t cached, std::int64_t window);

}  // namespace servesim::model
