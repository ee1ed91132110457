// The router registry (see router.h).
#include "serving/router.h"

#include "serving/routers/policies.h"

namespace servesim::serving {

const core::Registry<RouterFactory>& routers() {
  static const core::Registry<RouterFactory> registry = [] {
    core::Registry<RouterFactory> r("router");
    register_round_robin_router(r);
    register_least_outstanding_router(r);
    register_kv_aware_router(r);
    return r;
  }();
  return registry;
}

}  // namespace servesim::serving
