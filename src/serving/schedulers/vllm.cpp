// vLLM v0: swapped requests first, then a prefill-only step when new requests can be admitted
// (whole prompts up to the token budget), otherwise one decode step for everything running.
#include "serving/schedulers/policies.h"

namespace servesim::serving {
namespace {

class VllmScheduler : public Scheduler {
 public:
  using Scheduler::Scheduler;
  void schedule(ReplicaQueues& q, std::vector<StepWork>& work) override {
    work.clear();
    const bool swapped_left = resume_swapped(q);
    if (!swapped_left) {
      std::int64_t tokens = 0;
      while (!q.waiting.empty()) {
        const std::int64_t prompt = q.waiting.front()->remaining_prompt();
        const bool first = work.empty();
        if (!first && tokens + prompt > limits().max_num_batched_tokens) break;
        if (!admit_next(q)) break;
        RequestState* r = q.running.back();
        if (r->prefill_done()) continue;  // arrived with its KV (disaggregated decode pool)
        work.push_back({r, r->remaining_prompt()});
        tokens += r->remaining_prompt();
      }
      if (!work.empty()) return;
    }
    reserve_decodes(q, work);
  }
};

}  // namespace

void register_vllm_scheduler(core::Registry<SchedulerFactory>& r) {
  r.add({"vllm", "continuous batching, prefill-first (vLLM v0)", scheduler_limits_schema(),
         [](const core::ParamValues& p) {
           return std::make_unique<VllmScheduler>(scheduler_limits(p));
         }});
}

}  // namespace servesim::serving
