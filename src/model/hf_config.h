// Reads a Hugging Face config.json into a ModelSpec. The architecture family is chosen by the
// file's model_type through a registry of readers (one per family); an unknown model_type is an
// InputError listing the supported ones. Unknown keys are accepted: HF configs carry many fields
// (rope scaling, token ids, ...) that do not change performance.
#pragma once

#include <functional>
#include <string>

#include "core/config_node.h"
#include "core/data_root.h"
#include "core/registry.h"
#include "model/model_spec.h"

namespace servesim::model {

/// Reads the family-specific fields of a config.json root into `spec` (name is set by the caller).
using FamilyReader = std::function<void(core::ConfigNode& root, ModelSpec& spec)>;

/// The registry of supported model_type values: llama, mistral, mixtral, qwen2, qwen3_moe,
/// deepseek_v3, gpt2, opt.
const core::Registry<FamilyReader>& model_families();

/// Loads a shipped model name (<root>/configs/models/NAME.json) or a path to any config.json.
/// Throws core::InputError on a missing file, malformed JSON, a missing or invalid field, or an
/// unknown model_type.
ModelSpec load_model(const std::string& name_or_path, const core::DataRoot& root);

/// Parses config.json text (name is used in messages and as ModelSpec::name).
ModelSpec parse_model(const std::string& json_text, const std::string& name);

}  // namespace servesim::model
