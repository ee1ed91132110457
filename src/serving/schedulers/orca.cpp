// Orca (Yu et al., OSDI 2022): iteration-level batching; every running decode plus whole prompts
// that fit the per-step token budget (budget_scheduler.h without chunking).
#include "serving/schedulers/budget_scheduler.h"
#include "serving/schedulers/policies.h"

namespace servesim::serving {

void register_orca_scheduler(core::Registry<SchedulerFactory>& r) {
  r.add({"orca", "iteration-level batching of whole prompts and decodes (Orca)",
         scheduler_limits_schema(), [](const core::ParamValues& p) {
           return std::make_unique<BudgetScheduler>(scheduler_limits(p), /*chunking=*/false);
         }});
}

}  // namespace servesim::serving
