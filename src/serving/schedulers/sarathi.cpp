// Sarathi-Serve (Agrawal et al., OSDI 2024): decode-first, prompts chunked to fill the per-step
// token budget (budget_scheduler.h).
#include "serving/schedulers/budget_scheduler.h"
#include "serving/schedulers/policies.h"

namespace servesim::serving {

void register_sarathi_scheduler(core::Registry<SchedulerFactory>& r) {
  r.add({"sarathi", "chunked prefill with a token budget, decode-first (Sarathi-Serve)",
         scheduler_limits_schema(), [](const core::ParamValues& p) {
           return std::make_unique<BudgetScheduler>(scheduler_limits(p), /*chunking=*/true);
         }});
}

}  // namespace servesim::serving
