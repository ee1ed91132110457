// Closed forms of the architecture: published parameter counts (within 1%) and KV bytes per token.
#include "model/model_spec.h"

#include <gtest/gtest.h>

#include "model/hf_config.h"
#include "support/shipped.h"

namespace servesim::model {
namespace {

struct Published {
  const char* model;
  double total_billions;
  double active_billions;  // 0: dense (same as total)
};

TEST(ParameterCount, MatchesPublishedTotalsWithinOnePercent) {
  const Published cases[] = {
      {"llama-3.1-8b", 8.03, 0},       // Meta model card
      {"llama-3.1-70b", 70.6, 0},      // Meta model card
      {"llama-3.1-405b", 405.9, 0},    // Meta (405B; 405.9 B exact)
      {"llama-2-7b", 6.74, 0},         // Llama 2 paper
      {"llama-2-70b", 68.98, 0},       // HF safetensors count
      {"mistral-7b", 7.24, 0},         // Mistral 7B paper
      {"mixtral-8x7b", 46.7, 12.9},    // Mixtral paper
      {"mixtral-8x22b", 141, 39},      // Mistral announcement
      {"deepseek-v3", 671, 37},        // DeepSeek-V3 report (main model, without MTP)
      {"qwen3-235b-a22b", 235, 22},    // Qwen3 report
      {"qwq-32b", 32.5, 0},            // Qwen model card
      {"gpt3-175b", 175, 0},           // GPT-3 paper
      {"gpt3-13b", 12.85, 0},          // GPT-3 paper's "13B": 12·L·d² + embeddings = 12.85 B
      {"opt-66b", 66, 0},              // OPT paper
  };
  for (const Published& p : cases) {
    const ParameterCount c = count_parameters(load_model(p.model, testing::root()));
    EXPECT_NEAR(c.total / 1e9, p.total_billions, 0.01 * p.total_billions) << p.model;
    const double active = p.active_billions > 0 ? p.active_billions : p.total_billions;
    EXPECT_NEAR(c.active / 1e9, active, 0.01 * active + (p.active_billions > 0 ? 0.5 : 0))
        << p.model;
  }
}

TEST(KvBytesPerToken, GqaAndMhaClosedForm) {
  for (const auto& name : testing::root().shipped_names("models", ".json")) {
    const ModelSpec m = load_model(name, testing::root());
    if (m.mla) continue;
    const double expected = 2.0 * static_cast<double>(m.layers * m.kv_heads * m.head_dim) * 2.0;
    EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, DType::bf16), expected) << name;
    EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, DType::fp8), expected / 2) << name;
  }
}

TEST(KvBytesPerToken, MlaStoresTheCompressedLatent) {
  const ModelSpec m = load_model("deepseek-v3", testing::root());
  ASSERT_TRUE(m.mla.has_value());
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, DType::bf16), 61.0 * (512 + 64) * 2);
  // Replicated on every TP shard: sharding does not shrink it.
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer(m, DType::bf16, 8), (512 + 64) * 2);
}

TEST(KvBytesPerToken, KvHeadsAreReplicatedWhenTpExceedsThem) {
  const ModelSpec m = load_model("llama-3.1-70b", testing::root());  // 8 KV heads
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer(m, DType::bf16, 8), 2.0 * 128 * 2);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer(m, DType::bf16, 16), 2.0 * 128 * 2);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_layer(m, DType::bf16, 2), 2.0 * 4 * 128 * 2);
}

TEST(WeightBytes, QuantisedLinearLayersAndSixteenBitEmbeddings) {
  const ModelSpec m = load_model("llama-3.1-8b", testing::root());
  const ParameterCount c = count_parameters(m);
  const DTypes bf16{DType::bf16, DType::bf16, DType::bf16};
  const DTypes fp8{DType::fp8, DType::bf16, DType::fp8};
  const DTypes int4{DType::int4, DType::fp16, DType::fp16};
  EXPECT_DOUBLE_EQ(weight_bytes(m, bf16), 2 * c.total);
  EXPECT_DOUBLE_EQ(weight_bytes(m, fp8), (c.total - c.embedding) + 2 * c.embedding);
  EXPECT_DOUBLE_EQ(weight_bytes(m, int4), 0.5 * (c.total - c.embedding) + 2 * c.embedding);
}

TEST(MoeLayers, DeepSeekHasThreeDenseLayersFirst) {
  const ModelSpec m = load_model("deepseek-v3", testing::root());
  EXPECT_EQ(m.moe_layers(), 58);
  EXPECT_EQ(m.dense_layers(), 3);
  EXPECT_FALSE(m.is_moe_layer(2));
  EXPECT_TRUE(m.is_moe_layer(3));
}

TEST(SlidingWindow, CapsTheKeptContext) {
  const ModelSpec m = load_model("mistral-7b", testing::root());
  EXPECT_EQ(kv_tokens_kept(m, 10000), 4096);
  EXPECT_EQ(kv_tokens_kept(m, 100), 100);
}

}  // namespace
}  // namespace servesim::model
