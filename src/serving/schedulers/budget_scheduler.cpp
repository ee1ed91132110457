// The token-budget policy (see budget_scheduler.h).
#include "serving/schedulers/budget_scheduler.h"

#include <algorithm>

namespace servesim::serving {

void BudgetScheduler::schedule(ReplicaQueues& q, std::vector<StepWork>& work) {
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

}  // namespace servesim::serving
