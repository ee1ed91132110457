// The scheduling policies (see scheduler.h for what each does and the shared mechanics).
#include <algorithm>

#include "serving/scheduler.h"

namespace servesim::serving {
namespace {

// vLLM v0: swapped requests first, then a prefill-only step when new requests can be admitted,
// otherwise one decode step for everything running.
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

// Sarathi-Serve: decode-first, then prompt chunks up to the per-step token budget. With
// `chunking` off (Orca) a prompt joins only when all of its remaining tokens fit.
class BudgetScheduler : public Scheduler {
 public:
  BudgetScheduler(SchedulerLimits limits, bool chunking) : Scheduler(limits), chunking_(chunking) {}
  void schedule(ReplicaQueues& q, std::vector<StepWork>& work) override {
    work.clear();
    resume_swapped(q);
    reserve_decodes(q, work);
    std::int64_t budget = limits().max_num_batched_tokens - static_cast<std::int64_t>(work.size());
    if (chunking_ && q.step_prompt_budget > 0) budget = std::min(budget, q.step_prompt_budget);
    auto take = [&](RequestState* r) {
      const std::int64_t want = r->remaining_prompt();
      if (!chunking_ && want > budget && !work.empty()) return false;
      const std::int64_t chunk = chunking_ ? std::min(want, budget) : want;
      if (chunk <= 0) return false;
      work.push_back({r, chunk});
      budget -= chunk;
      return true;
    };
    // Prompts already admitted (partially prefilled) continue first.
    for (RequestState* r : q.running) {
      if (budget <= 0) return;
      if (!r->prefill_done()) take(r);
    }
    while (budget > 0 && !q.waiting.empty()) {
      const std::int64_t want = q.waiting.front()->remaining_prompt();
      if (!chunking_ && want > budget && !work.empty()) return;
      if (!admit_next(q)) return;
      take(q.running.back());
    }
  }

 private:
  bool chunking_;
};

// Static batching: admit up to max_num_seqs when nothing runs, then run them to completion.
class StaticScheduler : public Scheduler {
 public:
  using Scheduler::Scheduler;
  void schedule(ReplicaQueues& q, std::vector<StepWork>& work) override {
    work.clear();
    if (q.running.empty()) {
      while (admit_next(q)) {
      }
    }
    for (RequestState* r : q.running) {
      if (!r->prefill_done()) work.push_back({r, r->remaining_prompt()});
    }
    if (!work.empty()) return;
    reserve_decodes(q, work);
  }
};

}  // namespace

const core::Registry<SchedulerFactory>& schedulers() {
  static const core::Registry<SchedulerFactory> registry = [] {
    core::Registry<SchedulerFactory> r("scheduler");
    const std::vector<core::ParamDoc> params = {
        {"serving.max_num_seqs", "integer", "256", "requests running at once"},
        {"serving.max_num_batched_tokens", "integer", "8192", "tokens computed per step"},
        {"serving.preemption", "recompute or swap", "recompute", "what happens to a preempted request"},
        {"serving.admission", "prompt or full-sequence", "prompt",
         "KV blocks reserved when a request is admitted"}};
    r.add({"vllm", "continuous batching, prefill-first (vLLM v0)", params,
           [](const SchedulerLimits& l) { return std::make_unique<VllmScheduler>(l); }});
    r.add({"sarathi", "chunked prefill with a token budget, decode-first (Sarathi-Serve)", params,
           [](const SchedulerLimits& l) { return std::make_unique<BudgetScheduler>(l, true); }});
    r.add({"orca", "iteration-level batching of whole prompts and decodes (Orca)", params,
           [](const SchedulerLimits& l) { return std::make_unique<BudgetScheduler>(l, false); }});
    r.add({"static", "static batches run to completion", params,
           [](const SchedulerLimits& l) { return std::make_unique<StaticScheduler>(l); }});
    return r;
  }();
  return registry;
}

}  // namespace servesim::serving
