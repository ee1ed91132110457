// Static-batch estimate (see batch_estimate.h).
#include "perf/batch_estimate.h"

#include <algorithm>

#include "model/step_batch.h"

namespace servesim::perf {
namespace {

struct Iteration {
  StepCost step;          // one micro-batch through one stage; energy is the whole iteration's
  Seconds time{};
  double micro_batches = 1;
};

// One iteration of the whole batch: m micro-batches of ceil(B/m) sequences through PP stages.
Iteration iterate(StepModel& sm, std::int64_t batch, std::int64_t new_tokens,
                  std::int64_t cached_tokens) {
  const std::int64_t pp = sm.plan().pp;
  const std::int64_t micro = std::min(pp, batch);
  const std::int64_t per_micro = (batch + micro - 1) / micro;
  model::StepBatch b;
  b.add(model::SequenceWork{new_tokens, cached_tokens, true}, sm.model(), per_micro);
  Iteration it;
  it.step = sm.price(b);
  it.micro_batches = static_cast<double>(micro);
  const double stages = static_cast<double>(micro + pp - 1);
  it.time = it.step.stage_time * stages;
  // Energy: micro-batches each pay their dynamic energy; static power over the iteration.
  const double devices = static_cast<double>(sm.plan().devices());
  const Joules static_energy = sm.system().device.idle_power * it.step.time * devices;
  const Joules dynamic = it.step.energy - static_energy;
  it.step.energy = dynamic * static_cast<double>(micro) +
                   sm.system().device.idle_power * it.time * devices;
  return it;
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
  const double shards = static_cast<double>(plan.tp * plan.pp);
  use.weights = Bytes(model::weight_bytes(m, dt) / shards);
  const std::int64_t stage_layers = (m.layers + plan.pp - 1) / plan.pp;
  const double kv_tokens = static_cast<double>(
      r.batch * model::kv_tokens_kept(m, r.input_tokens + r.output_tokens));
  use.kv_cache = Bytes(kv_tokens * static_cast<double>(stage_layers) *
                       model::kv_bytes_per_token_per_layer(m, dt.kv, plan.tp));
  use.activations = activation_workspace(sm, r.batch * r.input_tokens, r.batch);
  use.capacity = sm.system().device.memory_capacity * r.memory_utilization;
  return use;
}

Estimate estimate_batch(StepModel& sm, const EstimateRequest& r) {
  Estimate e;
  e.memory = memory_use(sm, r);
  if (!e.memory.fits()) return e;

  const Iteration prefill = iterate(sm, r.batch, r.input_tokens, 0);
  e.ttft = prefill.time;
  e.energy = prefill.step.energy;
  accumulate(e.prefill_by_class, prefill.step.by_class, prefill.micro_batches);

  e.decode_steps = std::max<std::int64_t>(0, r.output_tokens - 1);
  Seconds decode_time{};
  if (e.decode_steps > 0) {
    const std::int64_t samples = std::min(e.decode_steps, kMaxPricedDecodeSteps);
    const double weight = static_cast<double>(e.decode_steps) / static_cast<double>(samples);
    for (std::int64_t s = 0; s < samples; ++s) {
      // Midpoint of the s-th slice of decode steps j = 1..decode_steps.
      const std::int64_t j =
          1 + (2 * s + 1) * e.decode_steps / (2 * samples);
      const Iteration it = iterate(sm, r.batch, 1, r.input_tokens + j - 1);
      decode_time += it.time * weight;
      e.energy += it.step.energy * weight;
      accumulate(e.decode_by_class, it.step.by_class, weight * it.micro_batches);
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
