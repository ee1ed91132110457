// Registers the shipped strategies (see registrations.h).
#include "dse/strategies/registrations.h"

namespace servesim::dse {

void register_strategies(core::Registry<StrategyFactory>& registry) {
  register_grid_strategy(registry);
  register_random_strategy(registry);
  register_lhs_strategy(registry);
  register_nsga2_strategy(registry);
  register_moead_strategy(registry);
  register_hierarchy_strategy(registry);
}

}  // namespace servesim::dse
