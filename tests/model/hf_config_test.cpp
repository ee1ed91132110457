// config.json reading: every shipped model loads; families are recognised; bad input is explained.
#include "model/hf_config.h"

#include <gtest/gtest.h>

#include "support/temp_file.h"
#include "support/shipped.h"

namespace servesim::model {
namespace {

std::string error_of(const std::string& json) {
  try {
    (void)parse_model(json, "config.json");
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(HfConfig, EveryShippedModelLoads) {
  const auto names = testing::root().shipped_names("models", ".json");
  ASSERT_GE(names.size(), 15u);
  for (const auto& name : names) {
    const ModelSpec m = load_model(name, testing::root());
    EXPECT_GT(m.layers, 0) << name;
    EXPECT_GT(m.hidden, 0) << name;
    EXPECT_GT(m.head_dim, 0) << name;
    EXPECT_EQ(m.heads % m.kv_heads, 0) << name;
  }
}

TEST(HfConfig, FamiliesSetTheirArchitecture) {
  EXPECT_EQ(load_model("mistral-7b", testing::root()).sliding_window, 4096);
  EXPECT_EQ(load_model("mixtral-8x7b", testing::root()).moe->num_experts, 8);
  EXPECT_EQ(load_model("qwen3-235b-a22b", testing::root()).moe->expert_intermediate, 1536);
  EXPECT_EQ(load_model("qwen3-235b-a22b", testing::root()).head_dim, 128);  // explicit head_dim, not hidden/heads
  EXPECT_TRUE(load_model("qwq-32b", testing::root()).qkv_bias);
  const ModelSpec ds = load_model("deepseek-v3", testing::root());
  EXPECT_EQ(ds.mla->kv_lora_rank, 512);
  EXPECT_EQ(ds.moe->shared_experts, 1);
  const ModelSpec gpt = load_model("gpt3-175b", testing::root());
  EXPECT_EQ(gpt.ffn, FfnKind::plain);
  EXPECT_EQ(gpt.norm, NormKind::layer);
  EXPECT_TRUE(gpt.learned_positions);
  EXPECT_EQ(load_model("opt-66b", testing::root()).intermediate, 36864);
}

TEST(HfConfig, UnknownModelTypeListsTheSupportedOnes) {
  const std::string e = error_of(R"({"model_type": "mamba", "hidden_size": 4096})");
  EXPECT_NE(e.find("unknown model_type 'mamba'"), std::string::npos) << e;
  EXPECT_NE(e.find("llama, mistral, mixtral, qwen2, qwen3_moe, deepseek_v3, gpt2, opt"),
            std::string::npos)
      << e;
}

TEST(HfConfig, MissingFieldNamesTheKey) {
  const std::string e = error_of(R"({"model_type": "llama", "hidden_size": 4096})");
  EXPECT_NE(e.find("num_hidden_layers: is required but missing"), std::string::npos) << e;
}

TEST(HfConfig, MissingModelTypeIsExplained) {
  EXPECT_NE(error_of(R"({"hidden_size": 4096})").find("model_type: is required"),
            std::string::npos);
}

TEST(HfConfig, InconsistentHeadsAreRejected) {
  const std::string e = error_of(
      R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 2,
          "num_attention_heads": 32, "num_key_value_heads": 5, "intermediate_size": 100,
          "vocab_size": 10})");
  EXPECT_NE(e.find("num_key_value_heads"), std::string::npos) << e;
}

TEST(HfConfig, MalformedJsonIsRejectedWithItsLine) {
  const std::string e = error_of("{\n\"model_type\": \"llama\",,\n}");
  EXPECT_NE(e.find("config.json:2"), std::string::npos) << e;
}

TEST(HfConfig, MissingFileListsShippedModels) {
  try {
    (void)load_model("no-such-model", testing::root());
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("llama-3.1-70b"), std::string::npos);
  }
}

TEST(HfConfig, ReadsAnyConfigByPath) {
  testing::TempFile f("my-model.json",
                      R"({"model_type": "llama", "hidden_size": 2048, "num_hidden_layers": 4,
                          "num_attention_heads": 16, "intermediate_size": 5632,
                          "vocab_size": 32000, "rope_scaling": {"type": "linear"}})");
  const ModelSpec m = load_model(f.path(), testing::root());
  EXPECT_EQ(m.name, "my-model");
  EXPECT_EQ(m.kv_heads, 16);
  EXPECT_EQ(m.head_dim, 128);
}

}  // namespace
}  // namespace servesim::model
