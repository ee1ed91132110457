// Step pricing: bounds of decode vs prefill, energy = ∫ power, monotonicity in bandwidth and
// context, and pipeline-stage arithmetic.
#include "perf/step_model.h"

#include <gtest/gtest.h>

#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

StepModel make(const char* model_name, const char* system, std::int64_t tp, std::int64_t pp = 1) {
  return StepModel(model::load_model(model_name, testing::root()), testing::system(system),
                   mapping::Plan{tp, pp}, model::StepOpsConfig{});
}

Bound dominant_bound(const StepCost& c) {
  std::array<Seconds, kBoundCount> by_bound{};
  for (const ClassCost& k : c.by_class) {
    for (int b = 0; b < kBoundCount; ++b) by_bound[b] += k.time_by_bound[b];
  }
  return static_cast<Bound>(std::max_element(by_bound.begin(), by_bound.end()) - by_bound.begin());
}

TEST(StepModel, SmallBatchDecodeOf70BIsMemoryBound) {
  StepModel sm = make("llama-3.1-70b", "h100-sxm-80g:8", 8);
  model::StepBatch b;
  b.add({1, 1024, true}, sm.model(), 4);
  EXPECT_EQ(dominant_bound(sm.price(b)), Bound::memory);
}

TEST(StepModel, LongPrefillIsComputeBound) {
  StepModel sm = make("llama-3.1-70b", "h100-sxm-80g:8", 8);
  model::StepBatch b;
  b.add({8192, 0, true}, sm.model());
  EXPECT_EQ(dominant_bound(sm.price(b)), Bound::compute);
}

TEST(StepModel, EnergyIsIdlePowerOverTimePlusDynamicEnergy) {
  StepModel sm = make("llama-3.1-8b", "h100-sxm-80g:2", 2);
  model::StepBatch b;
  b.add({1, 500, true}, sm.model(), 16);
  const StepCost c = sm.price(b);
  double dynamic = 0;
  for (const ClassCost& k : c.by_class) dynamic += k.energy.value();
  const double idle = sm.system().device.idle_power.value() * c.time.value() * 2;
  EXPECT_NEAR(c.energy.value(), idle + 2 * dynamic, 1e-9 * c.energy.value());
  // Average power stays within the devices' TDP.
  EXPECT_LE(c.energy.value() / c.time.value(), 2 * sm.system().device.tdp.value());
}

// Raising any bandwidth (memory, scale-up link) or any peak never slows a step, for every engine's
// collectives: a prefill chunk with decodes of a TP4 70B and of a TP2 MoE.
TEST(StepModel, MoreBandwidthOrPeakNeverSlowsAStep) {
  const auto base = testing::system("a100-sxm-80g:4");
  std::vector<std::pair<const char*, hardware::System>> faster;
  faster.emplace_back("memory", base);
  faster.back().second.device.memory_bandwidth = base.device.memory_bandwidth * 1.5;
  faster.emplace_back("link", base);
  faster.back().second.scale_up.bandwidth = base.scale_up.bandwidth * 1.5;
  faster.emplace_back("peak", base);
  for (auto& p : faster.back().second.device.peak) p = p * 1.5;
  for (const char* model_name : {"llama-3.1-70b", "mixtral-8x7b"}) {
    const auto m = model::load_model(model_name, testing::root());
    const std::int64_t tp = m.moe ? 2 : 4;
    for (auto impl : {model::AllReduceImpl::ideal, model::AllReduceImpl::custom,
                      model::AllReduceImpl::nccl}) {
      model::StepOpsConfig config;
      config.engine.all_reduce = impl;
      StepModel slow(m, base, {tp, 1}, config);
      for (const auto& [what, system] : faster) {
        StepModel fast(m, system, {tp, 1}, config);
        for (std::int64_t batch : {1, 32, 256}) {
          model::StepBatch b;
          b.add({1, 4000, true}, m, batch);
          b.add({512, 0, true}, m);
          EXPECT_LE(fast.price(b).time, slow.price(b).time) << model_name << " " << what << " "
                                                            << batch;
        }
      }
    }
  }
}

// Splitting a fused kernel into its parts never speeds a step up, nor does launching eagerly.
TEST(StepModel, AnUnfusedOrEagerlyLaunchedKernelNeverSpeedsAStepUp) {
  const auto m = model::load_model("llama-3.1-8b", testing::root());
  const auto system = testing::system("h100-sxm-80g:1");
  model::StepOpsConfig fused;
  fused.engine.fused = {true, true, true};
  auto time = [&](const model::StepOpsConfig& c, std::int64_t batch) {
    StepModel sm(m, system, {1, 1}, c);
    model::StepBatch b;
    b.add({1, 2000, true}, m, batch);
    b.add({256, 0, true}, m);
    return sm.price(b).time;
  };
  for (std::int64_t batch : {1, 64, 512}) {
    const Seconds all = time(fused, batch);
    for (bool model::Fusions::*f : {&model::Fusions::norm_residual, &model::Fusions::rope_attention,
                                    &model::Fusions::activation_gemm}) {
      model::StepOpsConfig split = fused;
      split.engine.fused.*f = false;
      EXPECT_GT(time(split, batch), all) << batch;
    }
    model::StepOpsConfig eager = fused;
    eager.engine.eager_launch = Seconds(20e-6);
    EXPECT_GT(time(eager, batch), all) << batch;
  }
}

TEST(StepModel, LongerContextNeverSpeedsDecodeUp) {
  StepModel sm = make("llama-3.1-8b", "h100-sxm-80g:1", 1);
  double previous = 0;
  for (std::int64_t context : {128, 1024, 8192, 65536}) {
    model::StepBatch b;
    b.add({1, context, true}, sm.model(), 32);
    const double t = sm.price(b).time.value();
    EXPECT_GE(t, previous) << context;
    previous = t;
  }
}

TEST(StepModel, TensorParallelismAddsTwoAllReducesPerLayer) {
  StepModel sm = make("llama-3.1-70b", "h100-sxm-80g:8", 8);
  model::StepBatch b;
  b.add({1, 100, true}, sm.model(), 8);
  (void)sm.price(b);
  std::int64_t all_reduces = 0;
  for (const model::Op& op : sm.last_ops()) {
    if (op.kind == model::OpKind::all_reduce) all_reduces += op.repeat;
  }
  EXPECT_EQ(all_reduces, 2 * 80);
}

TEST(StepModel, PipelineStagesSplitTheLayers) {
  StepModel one = make("llama-3.1-70b", "h100-sxm-80g:8", 4, 1);
  StepModel two = make("llama-3.1-70b", "h100-sxm-80g:8", 4, 2);
  model::StepBatch b;
  b.add({1, 1000, true}, one.model(), 64);
  const StepCost c1 = one.price(b), c2 = two.price(b);
  EXPECT_LT(c2.stage_time.value(), 0.6 * c1.stage_time.value());
  EXPECT_GE(c2.time.value(), c1.time.value() * 0.95);  // latency is not reduced by PP
}

}  // namespace
}  // namespace servesim::perf

namespace servesim::perf {
namespace {

double attention_time(model::MlaMode mode, std::int64_t batch, std::int64_t new_tokens,
                      std::int64_t cached) {
  model::StepOpsConfig cfg;
  cfg.mla_mode = mode;
  StepModel sm(model::load_model("deepseek-v3", testing::root()), testing::system("h200-sxm-141g:8"),
               mapping::Plan{8, 1}, cfg);
  model::StepBatch b;
  b.add({new_tokens, cached, true}, sm.model(), batch);
  return sm.price(b).by_class[static_cast<int>(model::OpClass::attention)].time.value();
}

TEST(StepModel, MlaAbsorptionHelpsDecodeAndHurtsPrefill) {
  // "The New LLM Bottleneck" (2507.15465): absorbed MLA is 119x faster for decode (B=256,
  // L=4096) and 2.02x slower for prefill (B=1, L=4096) than the expanded form.
  const double decode_gain = attention_time(model::MlaMode::expanded, 256, 1, 4095) /
                             attention_time(model::MlaMode::absorbed, 256, 1, 4095);
  const double prefill_loss = attention_time(model::MlaMode::absorbed, 1, 4096, 0) /
                              attention_time(model::MlaMode::expanded, 1, 4096, 0);
  EXPECT_GT(decode_gain, 10.0);
  EXPECT_GT(prefill_loss, 1.2);
  EXPECT_LT(prefill_loss, 4.0);
}

}  // namespace
}  // namespace servesim::perf

namespace servesim::perf {
namespace {

TEST(StepModel, OverlappedAllReduceHidesOnlyBehindCompute) {
  const auto m = model::load_model("llama-3.1-70b", testing::root());
  const auto system = testing::system("lamosys-dc-x8");
  mapping::Plan overlapped{8, 1};
  overlapped.overlap_all_reduce = true;
  StepModel plain(m, system, {8, 1}, {}), rdmc(m, system, overlapped, {});
  for (std::int64_t batch : {1, 64, 512}) {
    model::StepBatch b;
    b.add({1, 2048, true}, m, batch);
    const StepCost p = plain.price(b);
    const StepCost o = rdmc.price(b);
    const Seconds comm = p.by_class[static_cast<int>(model::OpClass::communication)].time;
    const Seconds compute = p.stage_time - comm;
    EXPECT_LT(o.stage_time.value(), p.stage_time.value()) << batch;
    // Never below the larger of compute and communication.
    EXPECT_GE(o.stage_time.value(), std::max(compute, comm).value() * (1 - 1e-12)) << batch;
  }
}

}  // namespace
}  // namespace servesim::perf
