// Round-robin: replicas in turn, whatever their load.
#include "serving/routers/policies.h"

namespace servesim::serving {

void register_round_robin_router(core::Registry<RouterFactory>& r) {
  r.add({"round-robin", "replicas in turn", {}, [](const core::ParamValues&) -> Router {
           return [](const std::vector<ReplicaLoad>& loads, std::int64_t& counter) {
             return static_cast<std::size_t>(counter++ % static_cast<std::int64_t>(loads.size()));
           };
         }});
}

}  // namespace servesim::serving
