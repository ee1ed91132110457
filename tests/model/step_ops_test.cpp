// Step operators: FLOPs and weight traffic add up to the closed forms of the architecture, TP
// shards divide the work, and MLA's weight absorption raises decode arithmetic intensity > 100×.
#include "model/step_ops.h"

#include <gtest/gtest.h>

#include "model/hf_config.h"
#include "support/shipped.h"

namespace servesim::model {
namespace {

struct Totals {
  double gemm_flops = 0, weight_bytes = 0, attention_flops = 0, attention_kv_bytes = 0;
};

Totals sum(const ModelSpec& m, const StepBatch& b, std::int64_t tp,
           MlaMode mode = MlaMode::automatic) {
  StepOpsConfig cfg;
  cfg.tp = tp;
  cfg.mla_mode = mode;
  std::vector<Op> ops;
  build_step_ops(m, b, cfg, ops);
  Totals t;
  for (const Op& op : ops) {
    const double r = static_cast<double>(op.repeat);
    if (op.kind == OpKind::gemm || op.kind == OpKind::grouped_gemm) t.gemm_flops += op.flops * r;
    if (op.kind == OpKind::attention_decode || op.kind == OpKind::attention_prefill) {
      t.attention_flops += op.flops * r;
      t.attention_kv_bytes += op.kv_bytes * r;
    }
    t.weight_bytes += op.weight_bytes * r;
  }
  return t;
}

// Parameters a step's GEMMs read: all but the token-embedding table and the norm weights.
double linear_parameters(const ModelSpec& m) {
  const double h = static_cast<double>(m.hidden);
  const double norms = static_cast<double>(2 * m.layers + 1) * h;
  const double token_table = static_cast<double>(m.vocab) * h;
  const double lm_head = m.tie_embeddings ? token_table : 0.0;  // tied: the head reuses the table
  return count_parameters(m).total - token_table - norms + lm_head;
}

TEST(StepOps, DenseGemmFlopsAreTwiceParametersTimesTokens) {
  for (const char* name : {"llama-3.1-8b", "llama-3.1-70b", "qwq-32b"}) {
    const ModelSpec m = load_model(name, testing::root());
    StepBatch b;
    b.add({1, 1000, true}, m, 64);
    const double expected = 2.0 * 64 * linear_parameters(m);
    EXPECT_NEAR(sum(m, b, 1).gemm_flops / expected, 1.0, 0.002) << name;  // qkv bias excluded
  }
}

TEST(StepOps, DecodeReadsEveryWeightOnceSplitOverTp) {
  const ModelSpec m = load_model("llama-3.1-70b", testing::root());
  StepBatch b;
  b.add({1, 1000, true}, m, 32);
  const double all = linear_parameters(m) * 2.0;  // bf16
  EXPECT_NEAR(sum(m, b, 1).weight_bytes / all, 1.0, 1e-9);
  EXPECT_NEAR(sum(m, b, 8).weight_bytes * 8 / all, 1.0, 1e-9);
}

TEST(StepOps, LargeMoeBatchTouchesEveryExpert) {
  const ModelSpec m = load_model("mixtral-8x7b", testing::root());
  StepBatch b;
  b.add({4096, 0, true}, m);
  const double all = linear_parameters(m) * 2.0;
  EXPECT_NEAR(sum(m, b, 1).weight_bytes / all, 1.0, 1e-6);
}

TEST(StepOps, SingleTokenMoeReadsOnlyTopKExperts) {
  const ModelSpec m = load_model("mixtral-8x7b", testing::root());
  StepBatch b;
  b.add({1, 10, true}, m);
  const double active = (count_parameters(m).active - static_cast<double>(m.vocab * m.hidden) -
                         static_cast<double>((2 * m.layers + 1) * m.hidden)) * 2.0;
  EXPECT_NEAR(sum(m, b, 1).weight_bytes / active, 1.0, 1e-3);
}

// TP-sharded MoE gathers each token's hidden state once per chosen expert before the grouped GEMM
// and sums the k rows back after it: (T·h + T·k·h) activations each way. Under EP the all-to-alls
// do the reordering, so no permutation op appears.
TEST(StepOps, TpMoePermutesTokensAroundTheGroupedGemm) {
  const ModelSpec m = load_model("mixtral-8x7b", testing::root());
  StepBatch b;
  b.add({1, 500, true}, m, 1000);
  const double t = 1000, h = static_cast<double>(m.hidden), k = 2, ab = 2;  // bf16
  for (std::int64_t ep : {1, 8}) {
    StepOpsConfig cfg;
    cfg.tp = 8;
    cfg.ep = ep;
    std::vector<Op> ops;
    build_step_ops(m, b, cfg, ops);
    double permute = 0;
    int count = 0;
    for (const Op& op : ops) {
      if (op.name == "expert_permute" || op.name == "expert_unpermute") {
        permute += op.act_bytes;
        EXPECT_EQ(op.repeat, m.layers);
        ++count;
      }
    }
    if (ep == 1) {
      EXPECT_EQ(count, 2);
      EXPECT_NEAR(permute / (2 * (t * h + t * k * h) * ab), 1.0, 1e-12);
    } else {
      EXPECT_EQ(count, 0);
    }
  }
}

TEST(StepOps, TensorParallelShardsDivideTheWork) {
  const ModelSpec m = load_model("llama-3.1-70b", testing::root());
  StepBatch b;
  b.add({2048, 0, true}, m);
  const Totals one = sum(m, b, 1), eight = sum(m, b, 8);
  EXPECT_NEAR(eight.attention_flops * 8 / one.attention_flops, 1.0, 1e-9);
  // Router/LM-head-free dense model: every GEMM is sharded except nothing, so flops divide by 8.
  EXPECT_NEAR(eight.gemm_flops * 8 / one.gemm_flops, 1.0, 1e-9);
}

TEST(StepOps, MhaAttentionFlopsFollowThePairCount) {
  const ModelSpec m = load_model("gpt3-13b", testing::root());
  StepBatch b;
  b.add({1, 999, true}, m, 4);
  const double expected = 4.0 * 1000 * static_cast<double>(m.layers * m.heads) * 4.0 *
                          static_cast<double>(m.head_dim);
  EXPECT_DOUBLE_EQ(sum(m, b, 1).attention_flops, expected);
}

TEST(StepOps, MlaAbsorptionRaisesDecodeIntensityOverHundredfold) {
  // "The New LLM Bottleneck" (arXiv 2507.15465): MLA decode arithmetic intensity > 100× MHA's.
  const ModelSpec mla = load_model("deepseek-v3", testing::root());
  const ModelSpec mha = load_model("gpt3-175b", testing::root());
  StepBatch b1, b2;
  b1.add({1, 4095, true}, mla, 256);
  b2.add({1, 4095, true}, mha, 256);
  const Totals a = sum(mla, b1, 1, MlaMode::absorbed), c = sum(mha, b2, 1);
  const double ai_mla = a.attention_flops / a.attention_kv_bytes;
  const double ai_mha = c.attention_flops / c.attention_kv_bytes;
  EXPECT_GT(ai_mla / ai_mha, 100.0) << ai_mla << " vs " << ai_mha;
}

TEST(StepOps, MlaExpandedDecodeDoesMoreGemmWorkThanAbsorbed) {
  const ModelSpec m = load_model("deepseek-v3", testing::root());
  StepBatch b;
  b.add({1, 4095, true}, m, 256);
  EXPECT_GT(sum(m, b, 1, MlaMode::expanded).gemm_flops,
            10 * sum(m, b, 1, MlaMode::absorbed).gemm_flops - 1);
}

TEST(StepOps, EmptyBatchHasNoOps) {
  const ModelSpec m = load_model("llama-3.1-8b", testing::root());
  std::vector<Op> ops(3);
  build_step_ops(m, StepBatch{}, StepOpsConfig{}, ops);
  EXPECT_TRUE(ops.empty());
}

TEST(StepOps, EveryOpIsNonNegativeForEveryModel) {
  for (const char* name : {"deepseek-v3", "qwen3-235b-a22b", "opt-66b", "mistral-7b", "gpt-89b"}) {
    const ModelSpec m = load_model(name, testing::root());
    StepBatch b;
    b.add({1, 3000, true}, m, 8);
    b.add({700, 300, false}, m);
    std::vector<Op> ops;
    build_step_ops(m, b, StepOpsConfig{}, ops);
    ASSERT_FALSE(ops.empty());
    for (const Op& op : ops) {
      EXPECT_GE(op.flops, 0) << name << " " << op.name;
      EXPECT_GE(op.memory_bytes(), 0) << name << " " << op.name;
      EXPECT_GE(op.repeat, 1) << name << " " << op.name;
    }
  }
}

}  // namespace
}  // namespace servesim::model
