// The collective algorithms, one file each; collective_algorithms() (perf/collective.cpp)
// registers them in this order by explicit calls (on equal times the earlier one is chosen).
#pragma once

#include "perf/collective.h"

namespace servesim::perf {

void register_ring_collective(core::Registry<CollectiveAlgorithm>& registry);
void register_tree_collective(core::Registry<CollectiveAlgorithm>& registry);
void register_direct_collective(core::Registry<CollectiveAlgorithm>& registry);
void register_grid_ring_collective(core::Registry<CollectiveAlgorithm>& registry);
void register_bisection_collective(core::Registry<CollectiveAlgorithm>& registry);
void register_p2p_collective(core::Registry<CollectiveAlgorithm>& registry);

}  // namespace servesim::perf
