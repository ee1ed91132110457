// Attention offload to PIM within a step: the sub-batch overlap law, the link traffic of host and
// peer PIMs, the free-PIM sanity bound (a step is never faster than its dense layers), and the KV
// cache held in the PIM's own capacity.
#include "perf/pim_offload.h"

#include <gtest/gtest.h>

#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "perf/batch_estimate.h"
#include "perf/step_model.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

TEST(PimOffload, OneSubBatchRunsDeviceAndPimInSeries) {
  EXPECT_DOUBLE_EQ(overlapped_step(Seconds(3), Seconds(2), 10, 1).value(), 5.0);
}

TEST(PimOffload, TwoSubBatchesOverlapUpToTheFirstLayersFill) {
  // max(3, 2) + min(3, 2) / (2 · 10)
  EXPECT_DOUBLE_EQ(overlapped_step(Seconds(3), Seconds(2), 10, 2).value(), 3.1);
  for (double pim : {0.0, 0.5, 3.0, 7.0}) {
    const double t = overlapped_step(Seconds(3), Seconds(pim), 4, 2).value();
    EXPECT_GE(t, std::max(3.0, pim));
    EXPECT_LE(t, 3.0 + pim);
  }
}

StepModel model_on(const char* system, std::int64_t tp) {
  return StepModel(model::load_model("gpt3-175b", testing::root()), testing::system(system),
                   mapping::Plan{tp, 1}, model::StepOpsConfig{});
}

model::StepBatch decodes(const StepModel& sm, std::int64_t batch, std::int64_t context) {
  model::StepBatch b;
  b.add({1, context, true}, sm.model(), batch);
  return b;
}

TEST(PimOffload, HostPimMovesQueriesKeysValuesAndOutputsOverTheHostLink) {
  const StepModel sm = model_on("a100-l3:8", 8);
  const hardware::LinkSpec& host = sm.system().host;
  const model::ModelSpec& m = sm.model();
  const PimExchange x = pim_exchange(sm.system(), m, {}, decodes(sm, 32, 4096), 8, m.layers, Bytes{});
  // Per layer and sequence: query and output (2 · 12288/8 · 2 B) plus one token's K and V.
  const double bytes = 32.0 * 96 * (2 * 1536 * 2 + 2 * 1536 * 2);
  const double rate = host.bandwidth.value() * host.efficiency;
  EXPECT_NEAR(x.synchronous.value(), bytes / rate + 2 * 96 * host.latency.value(), 1e-12);
  EXPECT_DOUBLE_EQ(x.asynchronous.value(), 0.0);
  EXPECT_NEAR(x.energy.value(), bytes * host.energy.value(), 1e-15);
  // A PIM in device memory moves nothing.
  const StepModel neupims(model::load_model("gpt3-13b", testing::root()), testing::system("neupims-npu:1"),
                          mapping::Plan{1, 1}, model::StepOpsConfig{});
  const PimExchange none = pim_exchange(neupims.system(), neupims.model(), {},
                                        decodes(neupims, 32, 1024), 1, 40, Bytes{});
  EXPECT_DOUBLE_EQ(none.synchronous.value() + none.asynchronous.value(), 0.0);
}

TEST(PimOffload, WithAFreePimAStepIsNeverFasterThanItsDenseLayers) {
  hardware::System free_pim = testing::system("a100-l3:8");
  free_pim.device.pim->rank_bandwidth = core::BytesPerSecond(1e30);
  free_pim.device.pim->launch = Seconds{};
  free_pim.host.bandwidth = core::BytesPerSecond(1e30);
  free_pim.host.latency = Seconds{};
  StepModel l3(model::load_model("gpt3-175b", testing::root()), free_pim, mapping::Plan{8, 1}, {});
  hardware::System gpu_only = free_pim;
  gpu_only.device.pim.reset();
  StepModel gpu(model::load_model("gpt3-175b", testing::root()), gpu_only, mapping::Plan{8, 1}, {});
  for (std::int64_t batch : {2, 16, 64}) {
    const model::StepBatch b = decodes(gpu, batch, 8192);
    const StepCost g = gpu.price(b);
    const Seconds dense = g.stage_time - g.by_class[static_cast<int>(model::OpClass::attention)].time;
    const StepCost p = l3.price(b);
    EXPECT_GE(p.stage_time.value(), dense.value() * (1 - 1e-9)) << batch;
    EXPECT_LT(p.stage_time.value(), g.stage_time.value()) << batch;
  }
}

TEST(PimOffload, InterleavingReadsTheWeightsTwiceAndSerialIsTheSum) {
  const hardware::System system = testing::system("a100-l3:8");
  StepModel overlapped(model::load_model("gpt3-175b", testing::root()), system, mapping::Plan{8, 1}, {}, {2});
  StepModel serial(model::load_model("gpt3-175b", testing::root()), system, mapping::Plan{8, 1}, {}, {1});
  const hardware::Device& d = system.device;
  const double weights = mapping::device_weight_bytes(serial.model(), serial.plan(), {});
  const double weight_read = weights / (d.memory_bandwidth.value() * d.calibration.memory_efficiency);
  for (std::int64_t batch : {2, 8, 64, 256}) {
    const model::StepBatch b = decodes(serial, batch, 8192);
    const StepCost s = serial.price(b);
    const StepCost o = overlapped.price(b);
    // Interleaving runs the dense layers once per sub-batch: it reads the weights twice.
    EXPECT_GE(o.stage_time.value(), std::min(s.stage_time.value(), 2 * weight_read)) << batch;
    double sum = 0;
    for (const ClassCost& c : s.by_class) sum += c.time.value();
    EXPECT_NEAR(s.stage_time.value(), sum, 1e-9 * sum);
  }
  // Long contexts make attention dominate, and then interleaving pays.
  const model::StepBatch b = decodes(serial, 64, 8192);
  EXPECT_LT(overlapped.price(b).stage_time.value(), serial.price(b).stage_time.value());
}

TEST(PimOffload, APrefillChunkStagesWhatFitsAndFetchesTheRest) {
  const StepModel sm = model_on("a100-l3:8", 8);
  const hardware::Device& d = sm.system().device;
  const hardware::LinkSpec& host = sm.system().host;
  model::StepBatch chunk;
  chunk.add({2048, 6144, false}, sm.model());  // a chunk on 6,144 earlier tokens
  const double kv = model::kv_bytes_per_token_per_layer(sm.model(), core::DType::bf16, 8);
  const double rate = host.bandwidth.value() * host.efficiency;
  const double latency = 96 * host.latency.value();
  const double cached = 6144 * 96 * kv;
  // Staged entirely: only the new KV crosses the link.
  PimExchange x = pim_exchange(sm.system(), sm.model(), {}, chunk, 8, 96, Bytes(cached));
  EXPECT_DOUBLE_EQ(x.context_fetch.value(), 0.0);
  EXPECT_NEAR(x.asynchronous.value(), 2048 * 96 * kv / rate + latency, 1e-12);
  // A quarter of the context does not fit the staging area and comes back from the PIM.
  x = pim_exchange(sm.system(), sm.model(), {}, chunk, 8, 96, Bytes(0.75 * cached));
  EXPECT_NEAR(x.context_fetch.value(), 0.25 * cached / rate + latency, 1e-12);
  EXPECT_NEAR(x.energy.value(), (2048 * 96 * kv + 0.25 * cached) * host.energy.value(), 1e-12);
  // The staging area is what the weights leave of 80% of device memory.
  EXPECT_NEAR(staging_capacity(d, 40e9).value(), 0.8 * d.memory_capacity.value() - 40e9, 1);
}

TEST(PimOffload, InterleavingPutsThePrefillChunkInOneSubBatchOnly) {
  hardware::System system = testing::system("a100-l3:8");
  StepModel sm(model::load_model("gpt3-175b", testing::root()), system, mapping::Plan{8, 1}, {}, {2});
  for (std::int64_t decodes : {2, 3, 256, 1024}) {
    model::StepBatch b;
    b.add({1, 4096, true}, sm.model(), decodes);
    b.add({2048, 0, true}, sm.model());
    const StepCost c = sm.price(b);
    // Whether serial or interleaved, the work is the batch's once: FLOPs of the classes add up
    // to the whole batch's (no chunk priced twice).
    double flops = 0;
    for (const ClassCost& k : c.by_class) flops += k.flops.value();
    const StepCost parts = [&] {
      StepModel serial(sm.model(), system, mapping::Plan{8, 1}, {}, {1});
      return serial.price(b);
    }();
    double serial_flops = 0;
    for (const ClassCost& k : parts.by_class) serial_flops += k.flops.value();
    EXPECT_NEAR(flops, serial_flops, 1e-6 * serial_flops) << decodes;
    EXPECT_LE(c.stage_time.value(), parts.stage_time.value() * (1 + 1e-12)) << decodes;
  }
}

TEST(PimOffload, TheKvCacheOfAHostPimIsBoundedByThePimNotTheDevice) {
  StepModel sm = model_on("a100-l3:8", 8);
  const EstimateRequest fits{64, 2048, 2048, 0.9};
  MemoryUse use = memory_use(sm, fits);
  ASSERT_TRUE(use.kv_capacity.has_value());
  EXPECT_GT(use.kv_cache, use.capacity);  // more KV than the GPU could hold...
  EXPECT_TRUE(use.fits());                // ...fits in the PIM
  EXPECT_DOUBLE_EQ(use.kv_capacity->value(), 256e9 * 0.9);
  use = memory_use(sm, {512, 2048, 2048, 0.9});
  EXPECT_FALSE(use.fits());
}

}  // namespace
}  // namespace servesim::perf
