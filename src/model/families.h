// The config.json readers of the supported architecture families (one function each).
#pragma once

#include "model/hf_config.h"

namespace servesim::model {

/// Adds llama, mistral, mixtral, qwen2, qwen3_moe, deepseek_v3, gpt2 and opt to `registry`.
void register_model_families(core::Registry<FamilyReader>& registry);

}  // namespace servesim::model
