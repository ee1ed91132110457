// Static-batch estimate (see batch_estimate.h).
#include "perf/batch_estimate.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/step_batch.h"
#include "perf/kv_transfer.h"

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
  const std::int64_t prefill_tokens = local_batch * r.input_tokens;
  const std::int64_t step_tokens =
      r.prefill_chunk > 0 ? std::min(prefill_tokens, r.prefill_chunk) : prefill_tokens;
  use.activations = activation_workspace(sm, step_tokens, std::min(local_batch, step_tokens));
  const hardware::Device& device = sm.system().device;
  use.capacity = device.memory_capacity * r.memory_utilization;
  if (device.pim && hardware::holds_kv_apart(*device.pim)) {
    use.kv_capacity = device.pim->capacity * r.memory_utilization;
  }
  return use;
}

namespace {

// The prefill step of `batch` sequences on one replica: its time is the TTFT.
void prefill_phase(StepModel& sm, std::int64_t batch, std::int64_t input, Estimate& e) {
  const StepCost prefill = iterate(sm, batch, input, 0);
  e.ttft = prefill.time;
  e.energy += prefill.energy;
  accumulate(e.prefill_by_class, prefill.by_class, 1.0);
}

// The decode steps of `batch` sequences on one replica, the context growing from `input`.
Seconds decode_phase(StepModel& sm, std::int64_t batch, std::int64_t input, std::int64_t output,
                     std::int64_t max_samples, Estimate& e) {
  e.decode_steps = std::max<std::int64_t>(0, output - 1);
  Seconds decode_time{};
  if (e.decode_steps == 0) return decode_time;
  const std::int64_t samples = std::clamp<std::int64_t>(max_samples, 1, e.decode_steps);
  const double weight = static_cast<double>(e.decode_steps) / static_cast<double>(samples);
  for (std::int64_t s = 0; s < samples; ++s) {
    // Midpoint of the s-th slice of decode steps j = 1..decode_steps.
    const auto j = 1 + static_cast<std::int64_t>(static_cast<double>(2 * s + 1) *
                                                 static_cast<double>(e.decode_steps) /
                                                 static_cast<double>(2 * samples));
    const StepCost it = iterate(sm, batch, 1, input + j - 1);
    decode_time += it.time * weight;
    e.energy += it.energy * weight;
    e.decode_energy += it.energy * weight;
    accumulate(e.decode_by_class, it.by_class, weight);
  }
  e.tpot_mean = decode_time / static_cast<double>(e.decode_steps);
  return decode_time;
}

void totals(Estimate& e, std::int64_t output_tokens, Seconds decode_time) {
  e.total_time = e.ttft + decode_time;
  const double output = static_cast<double>(output_tokens);
  e.output_tokens_per_s = output / e.total_time.value();
  e.joules_per_output_token = e.energy.value() / output;
  e.average_power = e.energy / e.total_time;
}

Joules idle_energy(const StepModel& sm, std::int64_t replicas, Seconds time) {
  return idle_power(sm.system().device) * time *
         static_cast<double>(replicas * sm.plan().devices());
}

}  // namespace

Estimate estimate_batch(StepModel& sm, const EstimateRequest& r) {
  Estimate e;
  e.memory = memory_use(sm, r);
  if (!e.memory.fits()) return e;
  prefill_phase(sm, r.batch, r.input_tokens, e);
  const Seconds decode_time = decode_phase(sm, r.batch, r.input_tokens, r.output_tokens, r.decode_samples, e);
  totals(e, r.batch * r.output_tokens, decode_time);
  return e;
}

std::optional<std::string> pools_do_not_fit(const StepModel& prefill, const StepModel& decode,
                                            std::int64_t p, std::int64_t d, bool shared) {
  const std::int64_t have_p = prefill.system().device_count();
  const std::int64_t have_d = decode.system().device_count();
  // Compare before multiplying: huge counts must not wrap around.
  bool fits = p <= have_p / prefill.plan().devices() && d <= have_d / decode.plan().devices();
  if (fits && shared) {
    fits = p * prefill.plan().devices() + d * decode.plan().devices() <= have_p;
  }
  if (fits) return std::nullopt;
  return fmt::format("{} prefill replicas of {} devices and {} decode replicas of {} devices do "
                     "not fit {}{}",
                     p, prefill.plan().devices(), d, decode.plan().devices(),
                     prefill.system().name, shared ? "" : " and " + decode.system().name);
}

Estimate estimate_disaggregated(StepModel& prefill, StepModel& decode, const EstimateRequest& r,
                                std::int64_t prefill_replicas, std::int64_t decode_replicas) {
  const std::int64_t bp = (r.batch + prefill_replicas - 1) / prefill_replicas;
  const std::int64_t bd = (r.batch + decode_replicas - 1) / decode_replicas;
  Estimate e;
  e.memory = memory_use(prefill, {bp, r.input_tokens, 0, r.memory_utilization, r.prefill_chunk});
  MemoryUse d = memory_use(decode, {bd, r.input_tokens, r.output_tokens, r.memory_utilization,
                                    r.prefill_chunk});
  const std::int64_t group = (bd + decode.plan().attention_dp() - 1) / decode.plan().attention_dp();
  d.activations = activation_workspace(decode, group, group);
  e.decode_memory = d;
  if (!e.memory.fits() || !d.fits()) return e;
  // Replicas that receive sequences (the batch may be smaller than a pool); the rest idle.
  const std::int64_t busy_p = (r.batch + bp - 1) / bp;
  const std::int64_t busy_d = (r.batch + bd - 1) / bd;
  prefill_phase(prefill, bp, r.input_tokens, e);
  const Seconds prefill_time = e.ttft;
  e.energy = e.energy * static_cast<double>(busy_p) +
             idle_energy(prefill, prefill_replicas - busy_p, prefill_time);
  e.kv_transfer = kv_transfer(prefill, r.input_tokens, prefill_time, bp);
  Estimate decoded;
  // The first token leaves the prefill pool (TTFT); the transfer delays the first decode step.
  const Seconds decode_time =
      decode_phase(decode, bd, r.input_tokens, r.output_tokens, r.decode_samples, decoded) + e.kv_transfer->visible;
  e.decode_steps = decoded.decode_steps;
  e.tpot_mean = decoded.decode_steps > 0
                    ? decode_time / static_cast<double>(decoded.decode_steps)
                    : Seconds{};
  e.decode_by_class = decoded.decode_by_class;
  e.decode_energy = decoded.decode_energy * static_cast<double>(busy_d);
  e.energy += decoded.energy * static_cast<double>(busy_d) +
              idle_energy(decode, decode_replicas - busy_d, decode_time) +
              e.kv_transfer->energy * static_cast<double>(busy_p) +
              idle_energy(decode, decode_replicas, e.ttft + e.kv_transfer->visible) +
              idle_energy(prefill, prefill_replicas, decode_time);
  totals(e, r.batch * r.output_tokens, decode_time);
  return e;
}

}  // namespace servesim::perf
