// The synthetic workload kinds, one file each; generators() (generators.cpp) registers them in
// this order by explicit calls.
#pragma once

#include "serving/generators.h"

namespace servesim::serving {

void register_poisson_generator(core::Registry<GeneratorFactory>& registry);
void register_gamma_generator(core::Registry<GeneratorFactory>& registry);
void register_reasoning_generator(core::Registry<GeneratorFactory>& registry);
void register_offline_generator(core::Registry<GeneratorFactory>& registry);
void register_concurrency_generator(core::Registry<GeneratorFactory>& registry);
void register_batch_generator(core::Registry<GeneratorFactory>& registry);

}  // namespace servesim::serving
