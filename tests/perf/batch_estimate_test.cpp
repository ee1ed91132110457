// Static-batch estimates: memory check, latency trends, tokens and energy accounting.
#include "perf/batch_estimate.h"

#include <gtest/gtest.h>

#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

StepModel make(const char* model_name, const char* system, std::int64_t tp,
               core::DType weights = core::DType::bf16) {
  model::StepOpsConfig cfg;
  cfg.dtypes.weights = weights;
  return StepModel(model::load_model(model_name, testing::root()), testing::system(system),
                   mapping::Plan{tp, 1}, cfg);
}

TEST(Estimate, SeventyBillionInBf16DoesNotFitOneGpu) {
  StepModel sm = make("llama-3.1-70b", "h100-sxm-80g:1", 1);
  const Estimate e = estimate_batch(sm, {1, 128, 128});
  EXPECT_FALSE(e.memory.fits());
  EXPECT_GT(e.memory.weights.value(), 130e9);
  EXPECT_DOUBLE_EQ(e.ttft.value(), 0.0);  // no timing for a batch that does not fit
}

TEST(Estimate, FitBoundaryFollowsTheKvCache) {
  StepModel sm = make("llama-3.1-8b", "h100-sxm-80g:1", 1);
  // Find the largest batch that fits and check one more does not.
  std::int64_t batch = 1;
  while (memory_use(sm, {batch * 2, 4096, 4096}).fits()) batch *= 2;
  EXPECT_TRUE(memory_use(sm, {batch, 4096, 4096}).fits());
  EXPECT_FALSE(memory_use(sm, {batch * 2, 4096, 4096}).fits());
  const MemoryUse u = memory_use(sm, {batch, 4096, 4096});
  EXPECT_NEAR(u.kv_cache.value(), static_cast<double>(batch) * 8192.0 * 32 * 2 * 8 * 128 * 2, 1.0);
}

TEST(Estimate, TimesAreConsistent) {
  StepModel sm = make("llama-3.1-70b", "h100-sxm-80g:8", 8);
  const Estimate e = estimate_batch(sm, {16, 1024, 256});
  ASSERT_TRUE(e.memory.fits());
  EXPECT_EQ(e.decode_steps, 255);
  EXPECT_NEAR(e.total_time.value(), e.ttft.value() + 255 * e.tpot_mean.value(),
              1e-9 * e.total_time.value());
  EXPECT_NEAR(e.output_tokens_per_s, 16 * 256 / e.total_time.value(), 1e-6);
  EXPECT_NEAR(e.joules_per_output_token * 16 * 256, e.energy.value(), 1e-6 * e.energy.value());
  EXPECT_LE(e.average_power.value(), 8 * sm.system().device.tdp.value());
  EXPECT_GE(e.average_power.value(), 8 * sm.system().device.idle_power.value());
}

TEST(Estimate, LongerPromptsRaiseTtftAndTpot) {
  StepModel sm = make("llama-3.1-8b", "a100-sxm-80g:1", 1);
  const Estimate short_prompt = estimate_batch(sm, {8, 512, 64});
  const Estimate long_prompt = estimate_batch(sm, {8, 4096, 64});
  EXPECT_GT(long_prompt.ttft, short_prompt.ttft);
  EXPECT_GT(long_prompt.tpot_mean, short_prompt.tpot_mean);
}

TEST(Estimate, SampledDecodeMatchesExactSummation) {
  StepModel sm = make("llama-3.1-8b", "h100-sxm-80g:1", 1);
  const Estimate sampled = estimate_batch(sm, {4, 100, 3000});  // > 512 decode samples
  Seconds exact{};
  for (std::int64_t j = 1; j < 3000; ++j) {
    model::StepBatch b;
    b.add({1, 100 + j - 1, true}, sm.model(), 4);
    exact += sm.price(b).time;
  }
  EXPECT_NEAR(sampled.tpot_mean.value() * 2999 / exact.value(), 1.0, 1e-3);
}

TEST(Estimate, Fp8WeightsDecodeFasterThanBf16) {
  StepModel bf16 = make("llama-3.1-70b", "h100-sxm-80g:4", 4);
  StepModel fp8 = make("llama-3.1-70b", "h100-sxm-80g:4", 4, core::DType::fp8);
  EXPECT_LT(estimate_batch(fp8, {8, 512, 128}).tpot_mean, estimate_batch(bf16, {8, 512, 128}).tpot_mean);
}

}  // namespace
}  // namespace servesim::perf

namespace servesim::perf {
namespace {

TEST(Estimate, DisaggregatedSplitsTheBatchAndMovesThePromptKv) {
  const auto system = testing::system("dgx-h100x2");
  const auto m = model::load_model("llama-3.1-70b", testing::root());
  StepModel prefill(m, system, mapping::Plan{8, 1}, {});
  StepModel decode(m, system, mapping::Plan{8, 1}, {});
  StepModel colocated(m, system, mapping::Plan{8, 1}, {});
  const Estimate pd = estimate_disaggregated(prefill, decode, {32, 2048, 128}, 1, 1);
  const Estimate one = estimate_batch(colocated, {32, 2048, 128});
  ASSERT_TRUE(pd.fits());
  ASSERT_TRUE(pd.kv_transfer.has_value());
  EXPECT_DOUBLE_EQ(pd.kv_transfer->bytes, 32.0 * 2048 * model::kv_bytes_per_token(m, core::DType::bf16));
  EXPECT_NEAR(pd.ttft.value(), one.ttft.value(), 1e-12);
  EXPECT_NEAR(pd.tpot_mean.value() * 127,
              one.tpot_mean.value() * 127 + pd.kv_transfer->visible.value(), 1e-9);
  // Two decode replicas each carry half the batch: faster steps.
  const Estimate wider = estimate_disaggregated(prefill, decode, {32, 2048, 128}, 1, 2);
  EXPECT_LT(wider.tpot_mean, pd.tpot_mean);
}

}  // namespace
}  // namespace servesim::perf
