// Static-batch estimate (see batch_estimate.h).
#include "perf/batch_estimate.h"

#include <algorithm>

#include "model/step_batch.h"

namespace servesim::perf {
namespace {

// One iteration of the whole batch (all B sequences with the same work).
StepCost iterate(StepModel& sm, std::int64_t batch, std::int64_t new_tokens,
                 std::int64_t cached_tokens) {
  model::StepBatch b;
  b.add(model::SequenceWork{new_tokens, cached_tokens, true}, sm.model(), batch);
  return sm.price_iteration(b);
}

void accumulate(std::array<ClassCost, model::kOpClassCount>& into,
                const std::array<ClassCost, model::kOpClassCount>& from, double weight) {
  for (int i = 0; i < model::kOpClassCount; ++i) into[i].add(from[i], weight);
}

}  // namespace

Bytes activation_workspace(const StepModel& sm, std::int64_t tokens, std::int64_t logit_rows) {
  const model::ModelSpec& m = sm.model();
  const double tp = static_cast<double>(sm.plan().tp);
  const double ab = core::bytes_per_element(sm.config().dtypes.activations);
  const double ffn = static_cast<double>(
      m.moe ? std::max(m.intermediate, m.moe->expert_intermediate * m.moe->top_k) : m.intermediate);
  const double per_token = (4.0 * static_cast<double>(m.hidden) + 3.0 * ffn / tp) * ab;
  const double logits = static_cast<double>(logit_rows * m.vocab) / tp * 4.0;
  return Bytes(static_cast<double>(tokens) * per_token + logits);
}

MemoryUse memory_use(const StepModel& sm, const EstimateRequest& r) {
  const model::ModelSpec& m = sm.model();
  const mapping::Plan& plan = sm.plan();
  const model::DTypes& dt = sm.config().dtypes;
  MemoryUse use;
  use.weights = Bytes(mapping::device_weight_bytes(m, plan, dt));
  const std::int64_t stage_layers = (m.layers + plan.pp - 1) / plan.pp;
  const std::int64_t local_batch = (r.batch + plan.attention_dp() - 1) / plan.attention_dp();
  const double kv_tokens = static_cast<double>(
      local_batch * model::kv_tokens_kept(m, r.input_tokens + r.output_tokens));
  use.kv_cache = Bytes(kv_tokens * static_cast<double>(stage_layers) *
                       model::kv_bytes_per_token_per_layer(m, dt.kv, plan.tp));
  use.activations = activation_workspace(sm, local_batch * r.input_tokens, local_batch);
  use.capacity = sm.system().device.memory_capacity * r.memory_utilization;
  return use;
}

Estimate estimate_batch(StepModel& sm, const EstimateRequest& r) {
  Estimate e;
  e.memory = memory_use(sm, r);
  if (!e.memory.fits()) return e;

  const StepCost prefill = iterate(sm, r.batch, r.input_tokens, 0);
  e.ttft = prefill.time;
  e.energy = prefill.energy;
  accumulate(e.prefill_by_class, prefill.by_class, 1.0);

  e.decode_steps = std::max<std::int64_t>(0, r.output_tokens - 1);
  Seconds decode_time{};
  if (e.decode_steps > 0) {
    const std::int64_t samples = std::min(e.decode_steps, kMaxPricedDecodeSteps);
    const double weight = static_cast<double>(e.decode_steps) / static_cast<double>(samples);
    for (std::int64_t s = 0; s < samples; ++s) {
      // Midpoint of the s-th slice of decode steps j = 1..decode_steps.
      const std::int64_t j =
          1 + (2 * s + 1) * e.decode_steps / (2 * samples);
      const StepCost it = iterate(sm, r.batch, 1, r.input_tokens + j - 1);
      decode_time += it.time * weight;
      e.energy += it.energy * weight;
      accumulate(e.decode_by_class, it.by_class, weight);
    }
    e.tpot_mean = decode_time / static_cast<double>(e.decode_steps);
  }
  e.total_time = e.ttft + decode_time;
  const double output = static_cast<double>(r.batch * r.output_tokens);
  e.output_tokens_per_s = output / e.total_time.value();
  e.joules_per_output_token = e.energy.value() / output;
  e.average_power = e.energy / e.total_time;
  return e;
}

}  // namespace servesim::perf
