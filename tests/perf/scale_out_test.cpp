// Scale-out mappings: expert parallelism against its analytic expectation, skew only slows,
// DP attention shares the batch, pipeline micro-batches fill the bubble, invalid plans say why.
#include <algorithm>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "mapping/plan.h"
#include "perf/step_model.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

double routed_rows_per_rank(const model::ModelSpec& m, std::int64_t ep, double skew,
                            std::int64_t tokens, std::int64_t redundant = 0) {
  model::StepOpsConfig cfg;
  cfg.tp = ep;
  cfg.ep = ep;
  cfg.expert_skew = skew;
  cfg.redundant_experts = redundant;
  model::StepBatch b;
  b.add({tokens, 0, true}, m);
  std::vector<model::Op> ops;
  model::build_step_ops(m, b, cfg, ops);
  for (const model::Op& op : ops) {
    if (op.name == "expert_down") return op.flops / (2.0 * static_cast<double>(op.k * op.n));
  }
  return 0;
}

TEST(ExpertParallel, UniformRoutingMatchesTheAnalyticShare) {
  const model::ModelSpec m = model::load_model("mixtral-8x7b", testing::root());  // 8 experts, top-2
  for (std::int64_t ep : {2, 4, 8}) {
    // T·k/ep tokens per rank, each through whole experts (no TP column split).
    EXPECT_DOUBLE_EQ(routed_rows_per_rank(m, ep, 1.0, 4096), 4096.0 * 2 / static_cast<double>(ep));
  }
}

TEST(ExpertParallel, SkewOnlySlowsTheStep) {
  const model::ModelSpec m = model::load_model("deepseek-v3", testing::root());
  const auto system = testing::system("dgx-h100x2");
  double previous = 0;
  for (double skew : {1.0, 1.5, 2.0, 4.0}) {
    model::StepOpsConfig cfg;
    cfg.expert_skew = skew;
    cfg.dtypes.weights = core::DType::fp8;
    StepModel sm(m, system, mapping::Plan{1, 1, 16, true}, cfg);
    model::StepBatch b;
    b.add({1, 3000, true}, m, 512);
    const double t = sm.price(b).time.value();
    EXPECT_GE(t, previous) << skew;
    previous = t;
  }
  EXPECT_GT(routed_rows_per_rank(m, 8, 2.0, 8192), routed_rows_per_rank(m, 8, 1.0, 8192));
}

// A routing distribution sets the busiest EP rank's load: uniform matches the default, a measured
// histogram puts exactly its busiest rank's share on the critical rank, a steeper Zipf router
// slows the step.
TEST(ExpertParallel, ARoutingDistributionSetsTheBusiestRank) {
  const model::ModelSpec m = model::load_model("deepseek-v3", testing::root());
  const auto system = testing::system("dgx-h100x2");
  auto step = [&](const char* routing) {
    model::StepOpsConfig cfg;
    cfg.dtypes.weights = core::DType::fp8;
    if (routing != nullptr) {
      std::string why;
      cfg.routing = std::make_shared<const model::ExpertRouting>(
          *model::parse_expert_routing(routing, m.moe->num_experts, m.moe->top_k, why));
    }
    StepModel sm(m, system, mapping::Plan{1, 1, 16, true}, cfg);
    model::StepBatch b;
    b.add({1, 3000, true}, m, 512);
    return sm.price(b).time.value();
  };
  EXPECT_DOUBLE_EQ(step("uniform"), step(nullptr));
  EXPECT_GT(step("zipf:0.6"), step("uniform"));
  EXPECT_GT(step("zipf:0.8"), step("zipf:0.6"));
  // A histogram with all load on the first 16 experts (rank 0 of 16 ranks holds experts 0-15).
  std::string hot = "histogram:";
  for (int e = 0; e < 256; ++e) hot += std::string(e ? "/" : "") + (e < 16 ? "1" : "0");
  model::StepOpsConfig cfg;
  cfg.tp = 16;
  cfg.ep = 16;
  std::string why;
  cfg.routing =
      std::make_shared<const model::ExpertRouting>(*model::parse_expert_routing(hot, 256, 8, why));
  cfg.busiest_rank_share = model::busiest_rank_share(*cfg.routing, 256, 16);
  EXPECT_DOUBLE_EQ(cfg.busiest_rank_share, 1.0);
  model::StepBatch b;
  b.add({4096, 0, true}, m);
  std::vector<model::Op> ops;
  model::build_step_ops(m, b, cfg, ops);
  const auto down = std::find_if(ops.begin(), ops.end(),
                                 [](const model::Op& op) { return op.name == "expert_down"; });
  ASSERT_NE(down, ops.end());
  EXPECT_DOUBLE_EQ(down->flops / (2.0 * static_cast<double>(down->k * down->n)), 4096.0 * 8);
}

TEST(ExpertParallel, DispatchAndCombineReplaceTheFfnAllReduce) {
  const model::ModelSpec m = model::load_model("mixtral-8x7b", testing::root());
  StepModel sm(m, testing::system("h100-sxm-80g:8"), mapping::Plan{8, 1, 8, false}, {});
  model::StepBatch b;
  b.add({1, 1000, true}, m, 64);
  (void)sm.price(b);
  std::int64_t all_reduce = 0, all_to_all = 0;
  for (const model::Op& op : sm.last_ops()) {
    if (op.kind == model::OpKind::all_reduce) all_reduce += op.repeat;
    if (op.kind == model::OpKind::all_to_all) all_to_all += op.repeat;
  }
  EXPECT_EQ(all_reduce, 32);      // after attention only
  EXPECT_EQ(all_to_all, 2 * 32);  // dispatch + combine per MoE layer
}

TEST(DpAttention, EachGroupSeesItsShareOfTheBatch) {
  const model::ModelSpec m = model::load_model("deepseek-v3", testing::root());
  const auto system = testing::system("dgx-h100x2");
  model::StepBatch b;
  b.add({1, 2000, true}, m, 256);
  auto attention_flops = [&](mapping::Plan plan) {
    StepModel sm(m, system, plan, {});
    return sm.price(b).by_class[static_cast<int>(model::OpClass::attention)].flops.value();
  };
  // 16 DP groups of TP1 each do 1/16 of the attention of a single TP1 rank holding everyone.
  EXPECT_NEAR(attention_flops({1, 1, 16, true}) * 16 / attention_flops({1, 1, 1, false}), 1.0,
              1e-9);
  EXPECT_EQ((mapping::Plan{1, 1, 16, true}).devices(), 16);
  EXPECT_EQ((mapping::Plan{2, 1, 16, true}).attention_dp(), 8);
}

TEST(DpAttention, WeightsSplitExpertsOverEpAndReplicateAttention) {
  const model::ModelSpec m = model::load_model("deepseek-v3", testing::root());
  const core::DTypes fp8{core::DType::fp8, core::DType::bf16, core::DType::bf16};
  const double one = mapping::device_weight_bytes(m, {1, 1, 1, false}, fp8);
  const double ep16 = mapping::device_weight_bytes(m, {1, 1, 16, true}, fp8);
  EXPECT_LT(ep16, one / 8);   // the experts are ~96% of DeepSeek-V3
  EXPECT_GT(ep16, one / 16);  // attention and embeddings are replicated
}

TEST(PipelineParallel, MicroBatchesFillTheBubble) {
  const model::ModelSpec m = model::load_model("llama-3.1-70b", testing::root());
  StepModel sm(m, testing::system("h100-sxm-80g:8"), mapping::Plan{4, 2}, {});
  model::StepBatch b;
  b.add({1, 1000, true}, m, 64);
  const StepCost whole = sm.price(b);
  const StepCost pipelined = sm.price_iteration(b);
  // Two micro-batches in flight: an iteration is two half-batch stage times, never more than two
  // full-batch stage times.
  EXPECT_LE(pipelined.time.value(), whole.time.value());
  EXPECT_NEAR(pipelined.time.value(), 2 * pipelined.stage_time.value(), 1e-12);
}

TEST(ExpertParallel, RedundantExpertsRelieveOnlyTheSkew) {
  const model::ModelSpec m = model::load_model("deepseek-v3", testing::root());  // 256 experts, top-8
  const double tokens = 8192, mean = tokens * 8 / 72;
  // Uniform routing, 32 copies on 72 ranks: 8 ranks cannot get a shared slot and hold four
  // single-copy experts (4·T·k/256); with copies enough for every rank, T·k/EP.
  EXPECT_NEAR(routed_rows_per_rank(m, 72, 1.0, 8192, 32), 4 * tokens * 8 / 256, 1e-9 * mean);
  EXPECT_NEAR(routed_rows_per_rank(m, 72, 1.0, 8192, 104), mean, 1e-9 * mean);
  // No copies: the rank with the hottest expert takes (skew − 1)·T·k/E more.
  EXPECT_NEAR(routed_rows_per_rank(m, 64, 2.0, 8192), tokens * 8 / 64 + tokens * 8 / 256,
              1e-6 * tokens);
  // With copies, the hottest expert's load is split; more copies never add load.
  double previous = routed_rows_per_rank(m, 72, 2.0, 8192, 0 + 32);
  EXPECT_LT(previous, routed_rows_per_rank(m, 64, 2.0, 8192));
  for (std::int64_t redundant : {104, 176}) {  // 360 and 432 slots
    const double rows = routed_rows_per_rank(m, 72, 2.0, 8192, redundant);
    EXPECT_LE(rows, previous * (1 + 1e-12)) << redundant;
    EXPECT_GE(rows, mean * (1 - 1e-12)) << redundant;
    previous = rows;
  }
  // Every rank stores (E + R) / EP experts.
  const core::DTypes fp8{core::DType::fp8, core::DType::bf16, core::DType::bf16};
  const double plain = mapping::device_weight_bytes(m, {1, 1, 64, true}, fp8);
  mapping::Plan eplb{1, 1, 72, true};
  eplb.redundant_experts = 32;
  const double with_copies = mapping::device_weight_bytes(m, eplb, fp8);
  EXPECT_GT(with_copies * 72, plain * 64);  // 288 expert copies in all, not 256
}

TEST(Plan, InvalidScaleOutMappingsSayWhy) {
  const auto system = testing::system("dgx-h100x2");
  auto why = [&](mapping::Plan p, const char* model) {
    return mapping::check_plan(p, model::load_model(model, testing::root()), system).value_or("");
  };
  EXPECT_NE(why({1, 1, 3, true}, "mixtral-8x7b").find("does not divide the 8 experts"),
            std::string::npos);
  EXPECT_NE(why({2, 1, 2, false}, "llama-3.1-70b").find("needs a mixture-of-experts model"),
            std::string::npos);
  EXPECT_NE(why({1, 1, 1, true}, "deepseek-v3").find("DP attention needs EP > 1"),
            std::string::npos);
  EXPECT_NE(why({2, 1, 4, false}, "mixtral-8x7b").find("must equal TP"), std::string::npos);
  EXPECT_NE(why({12, 1}, "llama-3.1-70b").find("does not divide the 64 attention heads"),
            std::string::npos);
  EXPECT_EQ(why({8, 1}, "qwen3-235b-a22b"), "");  // 4 KV heads replicated twice
  EXPECT_NE(why({6, 1}, "qwq-32b").find("does not divide the 40 attention heads"),
            std::string::npos);
  EXPECT_NE(why({1, 200}, "llama-3.1-70b").find("exceeds the 80 layers"), std::string::npos);
  mapping::Plan eplb{1, 1, 16, true};
  eplb.redundant_experts = 8;
  EXPECT_NE(why(eplb, "deepseek-v3").find("EP 16 does not divide the 256 + 8 expert slots"),
            std::string::npos);
  eplb.redundant_experts = 16;
  EXPECT_EQ(why(eplb, "deepseek-v3"), "");
  mapping::Plan no_ep{8, 1};
  no_ep.redundant_experts = 8;
  EXPECT_NE(why(no_ep, "mixtral-8x7b").find("redundant experts need EP > 1"), std::string::npos);
}

}  // namespace
}  // namespace servesim::perf
