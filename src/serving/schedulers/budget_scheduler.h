// The token-budget policy Sarathi-Serve and Orca share: every running decode first, then prompt
// tokens up to max_num_batched_tokens per step. With chunking (Sarathi-Serve) a prompt is split to
// fill the budget; without (Orca) a prompt joins only when all of its remaining tokens fit.
#pragma once

#include "serving/scheduler.h"

namespace servesim::serving {

class BudgetScheduler : public Scheduler {
 public:
  BudgetScheduler(SchedulerLimits limits, bool chunking) : Scheduler(limits), chunking_(chunking) {}
  void schedule(ReplicaQueues& q, std::vector<StepWork>& work) override;

 private:
  bool chunking_;
};

}  // namespace servesim::serving
