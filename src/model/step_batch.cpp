// Step summaries. Causal pairs: query i (1..n) sees min(cached + i, window) keys; the closed form
// splits the queries before and after the window fills.
#include "model/step_batch.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace servesim::model {

double causal_pairs(std::int64_t n, std::int64_t cached, std::int64_t window) {
  const double nd = static_cast<double>(n);
  const double cd = static_cast<double>(cached);
  if (cached + n <= window) return nd * cd + nd * (nd + 1) / 2;
  const double w = static_cast<double>(window);
  if (cached >= window) return nd * w;
  const double j = static_cast<double>(window - cached);  // queries before the window is full
  return j * cd + j * (j + 1) / 2 + (nd - j) * w;
}

void StepBatch::add(const SequenceWork& s, const ModelSpec& m, std::int64_t count) {
  const std::int64_t window = m.sliding_window.value_or(std::numeric_limits<std::int64_t>::max());
  const double n = static_cast<double>(count);
  const double pairs = n * causal_pairs(s.new_tokens, s.cached_tokens, window);
  new_tokens += s.new_tokens * count;
  logit_tokens += s.emits_token ? count : 0;
  if (s.new_tokens > 1) {
    prefill_sequences += count;
    prefill_tokens += s.new_tokens * count;
    prefill_pairs += pairs;
    const double blocks = static_cast<double>((s.new_tokens + kPrefillQueryBlock - 1) /
                                              kPrefillQueryBlock);
    prefill_kv_reads += blocks * pairs / static_cast<double>(s.new_tokens);
    prefill_context += n * static_cast<double>(kv_tokens_kept(m, s.cached_tokens + s.new_tokens));
  } else if (s.new_tokens == 1) {
    decode_sequences += count;
    decode_context += pairs;
  }
}

StepBatch StepBatch::part(std::int64_t index, std::int64_t parts) const {
  StepBatch b;
  const std::int64_t decodes =
      decode_sequences / parts + (index < decode_sequences % parts ? 1 : 0);
  b.decode_sequences = decodes;
  b.decode_context = decode_sequences > 0 ? decode_context * static_cast<double>(decodes) /
                                                static_cast<double>(decode_sequences)
                                          : 0.0;
  b.new_tokens = decodes;
  b.logit_tokens = decodes;
  if (index == 0) {
    b.prefill_sequences = prefill_sequences;
    b.prefill_tokens = prefill_tokens;
    b.prefill_pairs = prefill_pairs;
    b.prefill_kv_reads = prefill_kv_reads;
    b.prefill_context = prefill_context;
    b.new_tokens += prefill_tokens;
    b.logit_tokens += std::max<std::int64_t>(0, logit_tokens - decode_sequences);
  }
  return b;
}

StepBatch StepBatch::share(std::int64_t parts) const {
  if (parts <= 1) return *this;
  auto up = [parts](std::int64_t n) { return (n + parts - 1) / parts; };
  // Whole sequences go to a part: the busiest holds ceil(n / parts) of them.
  const double fp = prefill_sequences > 0 ? static_cast<double>(up(prefill_sequences)) /
                                                static_cast<double>(prefill_sequences)
                                          : 0.0;
  const double fd = decode_sequences > 0 ? static_cast<double>(up(decode_sequences)) /
                                               static_cast<double>(decode_sequences)
                                         : 0.0;
  StepBatch b;
  b.prefill_sequences = up(prefill_sequences);
  b.decode_sequences = up(decode_sequences);
  b.prefill_tokens = static_cast<std::int64_t>(std::ceil(static_cast<double>(prefill_tokens) * fp));
  b.new_tokens = b.prefill_tokens + b.decode_sequences;
  b.logit_tokens = std::min(logit_tokens, b.prefill_sequences + b.decode_sequences);
  b.prefill_pairs = prefill_pairs * fp;
  b.prefill_kv_reads = prefill_kv_reads * fp;
  b.prefill_context = prefill_context * fp;
  b.decode_context = decode_context * fd;
  return b;
}

StepBatch summarize(std::span<const SequenceWork> sequences, const ModelSpec& m) {
  StepBatch b;
  for (const SequenceWork& s : sequences) b.add(s, m);
  return b;
}

}  // namespace servesim::model
