// Registers the shipped strategies (see registrations.h).
#include "dse/strategies/registrations.h"

namespace servesim::dse {

void register_strategies(core::Registry<StrategyFactory>& /*registry*/) {}

}  // namespace servesim::dse
