// The scheduling policies, one file each; schedulers() (scheduler.cpp) registers them in this
// order by explicit calls.
#pragma once

#include "serving/scheduler.h"

namespace servesim::serving {

void register_vllm_scheduler(core::Registry<SchedulerFactory>& registry);
void register_sarathi_scheduler(core::Registry<SchedulerFactory>& registry);
void register_orca_scheduler(core::Registry<SchedulerFactory>& registry);
void register_static_scheduler(core::Registry<SchedulerFactory>& registry);

}  // namespace servesim::serving
