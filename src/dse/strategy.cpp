// The strategy registry (see strategy.h); each strategy registers itself from its own file.
#include "dse/strategy.h"

#include "dse/strategies/registrations.h"

namespace servesim::dse {

const core::Registry<StrategyFactory>& strategies() {
  static const core::Registry<StrategyFactory> registry = [] {
    core::Registry<StrategyFactory> r("strategy");
    register_strategies(r);
    return r;
  }();
  return registry;
}

}  // namespace servesim::dse
