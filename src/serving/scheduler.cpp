// Shared scheduling mechanics: the parameters every scheduler takes, admission, swap-in, decode
// block reservation and preemption (vLLM v0 semantics: LIFO victims; recompute re-prefills prompt +
// generated tokens, swap moves the blocks to host memory and back); and the registry.
#include "serving/scheduler.h"

#include <algorithm>

#include "serving/schedulers/policies.h"

namespace servesim::serving {

const core::ParamSchema& scheduler_limits_schema() {
  using core::ParamType;
  static const core::ParamSchema schema = {
      {.name = "max_num_seqs",
       .type = ParamType::integer,
       .range = core::Range::at_least_one,
       .default_text = "256",
       .help = "requests running at once per replica"},
      {.name = "max_num_batched_tokens",
       .type = ParamType::integer,
       .range = core::Range::at_least_one,
       .default_text = "8192",
       .help = "tokens computed per step"},
      {.name = "preemption",
       .type = ParamType::choice,
       .choices = {"recompute", "swap"},
       .default_text = "recompute",
       .help = "a preempted request recomputes its KV cache later or swaps it to host memory"},
      {.name = "admission",
       .type = ParamType::choice,
       .choices = {"prompt", "full-sequence"},
       .default_text = "prompt",
       .help = "KV reserved at admission: the prompt (vLLM) or the whole sequence (TensorRT-LLM)"},
  };
  return schema;
}

SchedulerLimits scheduler_limits(const core::ParamValues& p) {
  return {p.integer("max_num_seqs"), p.integer("max_num_batched_tokens"),
          p.text("preemption") == "swap" ? PreemptionMode::swap : PreemptionMode::recompute,
          p.text("admission") == "full-sequence" ? Admission::full_sequence : Admission::prompt};
}

const core::Registry<SchedulerFactory>& schedulers() {
  static const core::Registry<SchedulerFactory> registry = [] {
    core::Registry<SchedulerFactory> r("scheduler");
    register_vllm_scheduler(r);
    register_sarathi_scheduler(r);
    register_orca_scheduler(r);
    register_static_scheduler(r);
    return r;
  }();
  return registry;
}

bool Scheduler::admit_next(ReplicaQueues& q) const {
  if (q.waiting.empty() || static_cast<std::int64_t>(q.running.size()) >= limits_.max_num_seqs) {
    return false;
  }
  RequestState* r = q.waiting.front();
  const std::int64_t tokens = limits_.admission == Admission::full_sequence
                                  ? r->request.input_tokens + r->request.output_tokens
                                  : r->prompt_target + 1;
  const std::int64_t need = std::max<std::int64_t>(0, q.kv.blocks_for(tokens) - r->blocks);
  if (!q.kv.can_allocate(need)) return false;
  q.kv.allocate(need);
  r->blocks += need;
  if (!r->scheduled_once && !r->request.prefix_blocks.empty()) {
    r->cached_prefix = q.kv.lookup_prefix(r->request.prefix_blocks, r->request.input_tokens - 1);
    r->prefilled = r->kv_tokens = r->cached_prefix;
  }
  q.waiting.pop_front();
  r->phase = Phase::running;
  q.running.push_back(r);  // admission order: LIFO preemption takes the back
  return true;
}

bool Scheduler::resume_swapped(ReplicaQueues& q) const {
  while (!q.swapped.empty() &&
         static_cast<std::int64_t>(q.running.size()) < limits_.max_num_seqs) {
    RequestState* r = q.swapped.front();
    if (!q.kv.can_allocate(r->blocks)) break;
    q.kv.allocate(r->blocks);
    q.swap_in_blocks += r->blocks;
    q.swapped.pop_front();
    r->phase = Phase::running;
    q.running.push_back(r);
  }
  return !q.swapped.empty();
}

void Scheduler::preempt(ReplicaQueues& q, RequestState* victim) const {
  q.running.erase(std::find(q.running.begin(), q.running.end(), victim));
  ++victim->preemptions;
  ++q.preemptions;
  q.kv.release(victim->blocks);
  if (limits_.preemption == PreemptionMode::swap) {
    q.swap_out_blocks += victim->blocks;
    victim->phase = Phase::swapped;
    q.swapped.push_back(victim);
    return;
  }
  victim->blocks = 0;
  victim->prompt_target = victim->request.input_tokens + victim->generated;
  victim->prefilled = victim->kv_tokens = 0;
  victim->phase = Phase::waiting;
  q.waiting.push_front(victim);
}

void Scheduler::reserve_decodes(ReplicaQueues& q, std::vector<StepWork>& work) const {
  // Walk in admission order; a request that cannot get a block preempts from the back.
  for (std::size_t i = 0; i < q.running.size(); ++i) {
    RequestState* r = q.running[i];
    if (!r->prefill_done()) continue;
    const std::int64_t need = q.kv.blocks_for(r->kv_tokens + 1) - r->blocks;
    bool self_preempted = false;
    while (need > 0 && !q.kv.can_allocate(need)) {
      RequestState* victim = q.running.back();
      preempt(q, victim);
      if (victim == r) {
        self_preempted = true;
        break;
      }
    }
    if (self_preempted) break;  // r was the last running request
    if (need > 0) {
      q.kv.allocate(need);
      r->blocks += need;
    }
    work.push_back({r, 1});
  }
}

}  // namespace servesim::serving
