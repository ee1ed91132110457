// The explicit registration of every search strategy, one file each (see dse/strategy.h).
#pragma once

#include "core/registry.h"
#include "dse/strategy.h"

namespace servesim::dse {

/// Adds every shipped strategy to `registry`, in the order `servesim list strategies` shows.
void register_strategies(core::Registry<StrategyFactory>& registry);

void register_grid_strategy(core::Registry<StrategyFactory>& registry);
void register_random_strategy(core::Registry<StrategyFactory>& registry);
void register_lhs_strategy(core::Registry<StrategyFactory>& registry);
void register_nsga2_strategy(core::Registry<StrategyFactory>& registry);
void register_moead_strategy(core::Registry<StrategyFactory>& registry);
void register_hierarchy_strategy(core::Registry<StrategyFactory>& registry);

}  // namespace servesim::dse
