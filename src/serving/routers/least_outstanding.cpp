// Least-outstanding: the replica with the fewest requests waiting, running or swapped.
#include <algorithm>

#include "serving/routers/policies.h"

namespace servesim::serving {

void register_least_outstanding_router(core::Registry<RouterFactory>& r) {
  r.add({"least-outstanding",
         "fewest requests waiting or running",
         {},
         [](const core::ParamValues&) -> Router {
           return [](const std::vector<ReplicaLoad>& loads, std::int64_t&) {
             return static_cast<std::size_t>(std::min_element(loads.begin(), loads.end(),
                                                              [](const auto& a, const auto& b) {
                                                                return a.outstanding <
                                                                       b.outstanding;
                                                              }) -
                                             loads.begin());
           };
         }});
}

}  // namespace servesim::serving
