// Attention offload to PIM within a step (see pim_offload.h).
#include "perf/pim_offload.h"

#include <algorithm>

namespace servesim::perf {

core::Watts idle_power(const hardware::Device& device) {
  return device.idle_power + (device.pim ? device.pim->idle : core::Watts{});
}

const hardware::LinkSpec* pim_link(const hardware::System& system) {
  if (!system.device.pim) return nullptr;
  switch (hardware::location_of(*system.device.pim)) {
    case hardware::PimLocation::host: return &system.host;
    case hardware::PimLocation::peer: return &system.scale_up;
    case hardware::PimLocation::device_memory: return nullptr;
  }
  return nullptr;
}

Bytes staging_capacity(const hardware::Device& device, double weight_bytes) {
  return Bytes(std::max(0.0, device.memory_capacity.value() * kStagingShare - weight_bytes));
}

PimExchange pim_exchange(const hardware::System& system, const model::ModelSpec& m,
                         const model::DTypes& dtypes, const model::StepBatch& batch,
                         std::int64_t tp, std::int64_t layers, Bytes staging) {
  PimExchange x;
  const hardware::LinkSpec* link = pim_link(system);
  if (link == nullptr) return x;
  const double rate = link->bandwidth.value() * link->efficiency;
  const double kv_per_token = model::kv_bytes_per_token_per_layer(m, dtypes.kv, tp);
  const double query_width = static_cast<double>(m.heads * (m.mla ? m.mla->v_head_dim : m.head_dim)) /
                             static_cast<double>(tp);
  const double activation = core::bytes_per_element(dtypes.activations);
  const double l = static_cast<double>(layers);
  // Query out and attention output back, plus the new token's key and value.
  const double decode_bytes = static_cast<double>(batch.decode_sequences) * l *
                              (2.0 * query_width * activation + kv_per_token);
  const double prefill_bytes = static_cast<double>(batch.prefill_tokens) * l * kv_per_token;
  const double cached =
      std::max(0.0, batch.prefill_context - static_cast<double>(batch.prefill_tokens));
  const double fetch_bytes = std::max(0.0, cached * l * kv_per_token - staging.value());
  if (batch.decode_sequences > 0) {
    x.synchronous = Seconds(decode_bytes / rate) + link->latency * (2.0 * l);
  }
  if (fetch_bytes > 0) x.context_fetch = Seconds(fetch_bytes / rate) + link->latency * l;
  if (batch.prefill_tokens > 0) x.asynchronous = Seconds(prefill_bytes / rate) + link->latency * l;
  x.energy = Bytes(decode_bytes + prefill_bytes + fetch_bytes) * link->energy;
  return x;
}

Seconds overlapped_step(Seconds device_time, Seconds pim_time, std::int64_t layers,
                        std::int64_t sub_batches) {
  if (sub_batches < 2) return device_time + pim_time;
  const Seconds fill = core::min(device_time, pim_time) / (2.0 * static_cast<double>(std::max<std::int64_t>(1, layers)));
  return core::max(device_time, pim_time) + fill;
}

}  // namespace servesim::perf
