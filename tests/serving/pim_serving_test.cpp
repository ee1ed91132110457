// GPU + PIM attention offload in the serving loop: both the offload path and the GPU-only path
// conserve requests and tokens; the KV cache of a host PIM is bounded by the PIM, so the same GPUs
// hold a larger batch with it than without it.
#include <gtest/gtest.h>

#include "serving_fixture.h"
#include "support/shipped_hardware.h"

namespace servesim::serving {
namespace {

perf::StepModel gpt_89b(bool with_pim) {
  hardware::System system = servesim::testing::system("a100-l3:8");
  if (!with_pim) system.device.pim.reset();
  model::ModelSpec m = model::load_model("gpt-89b", servesim::testing::root());
  m.max_context = 32768;
  return perf::StepModel(std::move(m), system, mapping::Plan{8, 1}, {});
}

ServeSummary serve(perf::StepModel& model, testing::Recorder& rec, bool balanced = false) {
  ServeConfig config;
  config.scheduler = schedulers().select("sarathi");
  config.pim_balanced_chunks = balanced;
  config.scheduler.params.set("max_num_seqs", std::int64_t{2048});
  Workload w = open_workload(
      "offline:requests=400,input=lognormal:2000:1.0,output=lognormal:1500:1.0", {});
  return simulate(model, w, config, {&rec});
}

TEST(PimServing, OffloadAndGpuOnlyPathsConserveRequestsAndTokens) {
  for (bool with_pim : {true, false}) {
    perf::StepModel model = gpt_89b(with_pim);
    testing::Recorder rec;
    const ServeSummary s = serve(model, rec);
    EXPECT_EQ(s.completed + s.rejected, 400) << with_pim;
    EXPECT_EQ(rec.finished_twice, 0);
    EXPECT_EQ(rec.output_tokens, rec.expected_output_tokens);
    EXPECT_EQ(s.output_tokens, rec.output_tokens);
    EXPECT_LE(rec.max_kv_over_capacity, 1.0);
    EXPECT_FALSE(rec.time_went_backwards);
  }
}

TEST(PimServing, AHostPimHoldsMoreKvThanTheGpusAlone) {
  perf::StepModel l3 = gpt_89b(true);
  perf::StepModel gpu = gpt_89b(false);
  const ServeConfig config;
  const Capacity with_pim = kv_capacity(l3, config);
  const Capacity without = kv_capacity(gpu, config);
  // 256 GB × 0.9 of PIM per GPU, against 80 GiB × 0.9 minus weights and activations.
  EXPECT_NEAR(static_cast<double>(with_pim.blocks) * with_pim.block_bytes, 256e9 * 0.9,
              with_pim.block_bytes);
  EXPECT_GT(with_pim.blocks, 4 * without.blocks);
  testing::Recorder a, b;
  EXPECT_GT(serve(l3, a).batch_size_mean, 2 * serve(gpu, b).batch_size_mean);
}

TEST(PimServing, BalancedChunksSplitPromptsFinerAndConserveEverything) {
  perf::StepModel l3 = gpt_89b(true);
  testing::Recorder fixed_rec, balanced_rec;
  const ServeSummary fixed = serve(l3, fixed_rec);
  const ServeSummary balanced = serve(l3, balanced_rec, true);
  EXPECT_EQ(balanced.completed, fixed.completed);
  EXPECT_EQ(balanced_rec.output_tokens, balanced_rec.expected_output_tokens);
  EXPECT_EQ(balanced.input_tokens, fixed.input_tokens);
  EXPECT_GE(balanced.prefill_tokens_computed, balanced.input_tokens);  // recompute adds, never drops
  // The PIM is not the bottleneck here, so chunks shrink towards kMinPimChunk: more steps.
  EXPECT_GT(balanced.steps, fixed.steps);
}

}  // namespace
}  // namespace servesim::serving
