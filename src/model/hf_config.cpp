// config.json loading: dispatch on model_type through the family registry, then validate the
// resulting spec (heads divide hidden, kv_heads divide heads, top_k <= experts).
#include "model/hf_config.h"

#include <filesystem>

#include <fmt/format.h>

#include "model/families.h"

namespace servesim::model {
namespace {

void validate(const ModelSpec& m, core::ConfigNode& root) {
  if (m.heads > 0 && m.kv_heads > 0 && m.heads % m.kv_heads != 0) {
    root.error("num_key_value_heads",
               fmt::format("{} query heads are not divisible into {} KV groups", m.heads,
                           m.kv_heads),
               "num_attention_heads must be a multiple of num_key_value_heads");
  }
  if (m.moe && m.moe->top_k > m.moe->num_experts) {
    root.error("num_experts_per_tok",
               fmt::format("top-k {} exceeds the {} experts", m.moe->top_k, m.moe->num_experts));
  }
}

ModelSpec read_model(const core::ConfigDocument& doc, const std::string& name) {
  core::Diagnostics diag(doc.name());
  core::ConfigNode root = doc.root(diag);
  root.accept_all_keys();
  const std::string model_type = root.text("model_type");
  diag.throw_if_errors();
  const auto& family = model_families().get(model_type, doc.name(), "model_type");
  ModelSpec spec;
  spec.name = name;
  spec.family = model_type;
  family.value(root, spec);
  validate(spec, root);
  diag.throw_if_errors();
  return spec;
}

}  // namespace

const core::Registry<FamilyReader>& model_families() {
  static const core::Registry<FamilyReader> registry = [] {
    core::Registry<FamilyReader> r("model_type");
    register_model_families(r);
    return r;
  }();
  return registry;
}

ModelSpec load_model(const std::string& name_or_path, const core::DataRoot& root) {
  const std::string file = root.require(name_or_path, "models", ".json", "model");
  const auto doc = core::ConfigDocument::load(file);
  return read_model(doc, std::filesystem::path(file).stem().string());
}

ModelSpec parse_model(const std::string& json_text, const std::string& name) {
  return read_model(core::ConfigDocument::parse(json_text, name, true), name);
}

}  // namespace servesim::model
