// KV transfer time and energy (see kv_transfer.h).
#include "perf/kv_transfer.h"

#include <algorithm>

namespace servesim::perf {

KvTransfer kv_transfer(const StepModel& prefill, std::int64_t prompt_tokens, Seconds prefill_step,
                       std::int64_t sequences) {
  const model::ModelSpec& m = prefill.model();
  const hardware::LinkSpec& link = prefill.system().scale_out;
  KvTransfer t;
  t.bytes = static_cast<double>(sequences * model::kv_tokens_kept(m, prompt_tokens)) *
            model::kv_bytes_per_token(m, prefill.config().dtypes.kv);
  // Sequences spread over the DP-attention groups; each group sends over its own links.
  const std::int64_t groups = std::min(prefill.plan().attention_dp(), std::max<std::int64_t>(1, sequences));
  const double holders = static_cast<double>(prefill.plan().tp * prefill.plan().pp * groups);
  const double rate = holders * link.bandwidth.value() * link.efficiency;
  t.total = Seconds(t.bytes / rate) + link.latency;
  const double layers = static_cast<double>(m.layers);
  const double hidden = prefill_step.value() * (layers - 1) / layers;
  t.visible = Seconds(std::max(t.total.value() / layers, t.total.value() - hidden));
  t.energy = core::Bytes(t.bytes) * link.energy;
  return t;
}

}  // namespace servesim::perf
