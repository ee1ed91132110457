// The routing policies, one file each; routers() (router.cpp) registers them in this order by
// explicit calls.
#pragma once

#include "serving/router.h"

namespace servesim::serving {

void register_round_robin_router(core::Registry<RouterFactory>& registry);
void register_least_outstanding_router(core::Registry<RouterFactory>& registry);
void register_kv_aware_router(core::Registry<RouterFactory>& registry);

}  // namespace servesim::serving
