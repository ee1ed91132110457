// Routing policies (see router.h). Ties go to the lowest index, so runs are deterministic.
#include "serving/router.h"

#include <algorithm>

namespace servesim::serving {

const core::Registry<Router>& routers() {
  static const core::Registry<Router> registry = [] {
    core::Registry<Router> r("router");
    r.add({"round-robin", "replicas in turn", {},
           [](const std::vector<ReplicaLoad>& loads, std::int64_t& counter) {
             return static_cast<std::size_t>(counter++ % static_cast<std::int64_t>(loads.size()));
           }});
    r.add({"least-outstanding", "fewest requests waiting or running", {},
           [](const std::vector<ReplicaLoad>& loads, std::int64_t&) {
             return static_cast<std::size_t>(
                 std::min_element(loads.begin(), loads.end(),
                                  [](const auto& a, const auto& b) {
                                    return a.outstanding < b.outstanding;
                                  }) -
                 loads.begin());
           }});
    r.add({"kv-aware", "most free KV-cache blocks, then fewest outstanding", {},
           [](const std::vector<ReplicaLoad>& loads, std::int64_t&) {
             return static_cast<std::size_t>(
                 std::min_element(loads.begin(), loads.end(),
                                  [](const auto& a, const auto& b) {
                                    if (a.free_blocks != b.free_blocks) {
                                      return a.free_blocks > b.free_blocks;
                                    }
                                    return a.outstanding < b.outstanding;
                                  }) -
                 loads.begin());
           }});
    return r;
  }();
  return registry;
}

}  // namespace servesim::serving
