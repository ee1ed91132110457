// Routers choose the replica (data-parallel copy of the model) that serves an arriving request
// (registry `servesim list routers`, one file per router under serving/routers/): round-robin;
// least-outstanding (fewest waiting + running); kv-aware (most free KV blocks, then fewest
// outstanding).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/registry.h"

namespace servesim::serving {

struct ReplicaLoad {
  std::int64_t outstanding = 0;  // waiting + running + swapped
  std::int64_t free_blocks = 0;
};

/// Returns the chosen replica index; `counter` is the router's own state (arrivals so far).
/// Ties go to the lowest index, so runs are deterministic.
using Router =
    std::function<std::size_t(const std::vector<ReplicaLoad>& loads, std::int64_t& counter)>;
/// Makes a router from its parameter values (of its registry entry's schema).
using RouterFactory = std::function<Router(const core::ParamValues&)>;
const core::Registry<RouterFactory>& routers();

}  // namespace servesim::serving
