// KV-aware: the replica with the most free KV-cache blocks, then the fewest outstanding requests.
#include <algorithm>

#include "serving/routers/policies.h"

namespace servesim::serving {

void register_kv_aware_router(core::Registry<RouterFactory>& r) {
  r.add({"kv-aware",
         "most free KV-cache blocks, then fewest outstanding",
         {},
         [](const core::ParamValues&) -> Router {
           return [](const std::vector<ReplicaLoad>& loads, std::int64_t&) {
             return static_cast<std::size_t>(
                 std::min_element(loads.begin(), loads.end(),
                                  [](const auto& a, const auto& b) {
                                    if (a.free_blocks != b.free_blocks) {
                                      return a.free_blocks > b.free_blocks;
                                    }
                                    return a.outstanding < b.outstanding;
                                  }) -
                 loads.begin());
           };
         }});
}

}  // namespace servesim::serving
