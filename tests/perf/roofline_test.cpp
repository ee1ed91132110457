// The roofline invariants: no op is ever faster than its roofline, for every shipped model and
// device over a range of batches; bandwidth never hurts; wave quantisation behaves.
#include "perf/perf_engine.h"

#include <gtest/gtest.h>

#include "hardware/device_spec.h"
#include "model/hf_config.h"
#include "model/step_ops.h"
#include "perf/gemm_efficiency.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

TEST(Roofline, NoOpIsFasterThanItsRoofline) {
  const auto models = testing::root().shipped_names("models", ".json");
  const auto devices = testing::root().shipped_names("devices", ".yaml");
  int checked = 0;
  for (const auto& device_name : devices) {
    const hardware::Device d = testing::device(device_name);
    for (const auto& model_name : models) {
      const model::ModelSpec m = model::load_model(model_name, testing::root());
      for (std::int64_t batch : {1, 8, 64, 512}) {
        for (std::int64_t tp : {1, 8}) {
          if (m.heads % tp != 0) continue;
          model::StepBatch b;
          b.add({1, 2047, true}, m, batch);
          b.add({batch * 16, 100, true}, m);
          model::StepOpsConfig cfg;
          cfg.tp = tp;
          cfg.dtypes = {core::DType::fp8, core::DType::bf16, core::DType::fp8};
          std::vector<model::Op> ops;
          model::build_step_ops(m, b, cfg, ops);
          for (const model::Op& op : ops) {
            const OpCost c = compute_op_cost(op, d);
            double roof = std::max(op.flops / d.peak_for(op.compute).value(),
                                   op.memory_bytes() / d.memory_bandwidth.value());
            if (d.pim && op.kind == model::OpKind::attention_decode) {  // runs in the PIM
              roof = std::max(op.flops / hardware::pim_compute(*d.pim).value(),
                              op.kv_bytes / hardware::internal_bandwidth(*d.pim).value());
            }
            ASSERT_GE(c.time.value(), roof * (1 - 1e-12))
                << device_name << " " << model_name << " " << op.name << " batch " << batch;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

model::Op gemm(std::int64_t m, std::int64_t n, std::int64_t k) {
  return model::make_gemm(m, n, k, core::DType::bf16);
}

TEST(Roofline, MoreBandwidthNeverSlowsAnOp) {
  hardware::Device d = testing::device("h100-sxm-80g");
  hardware::Device faster = d;
  faster.memory_bandwidth = faster.memory_bandwidth * 2.0;
  for (std::int64_t m : {1, 16, 128, 1024, 8192}) {
    EXPECT_LE(compute_op_cost(gemm(m, 8192, 8192), faster).time,
              compute_op_cost(gemm(m, 8192, 8192), d).time);
  }
}

TEST(Roofline, SkinnyGemmIsMemoryBoundAndFatGemmComputeBound) {
  const hardware::Device d = testing::device("a100-sxm-80g");
  EXPECT_EQ(compute_op_cost(gemm(1, 8192, 8192), d).bound, Bound::memory);
  EXPECT_EQ(compute_op_cost(gemm(8192, 8192, 8192), d).bound, Bound::compute);
}

TEST(GemmEfficiency, WaveQuantisationCostsAFullWave) {
  const hardware::Device d = testing::device("a100-sxm-80g");  // 108 SMs, 128x128 tiles
  const auto peak = d.peak_for(core::DType::fp16);
  // 108 tiles fill one wave; 109 tiles need a second, nearly empty wave.
  const double full = gemm_compute_time(128 * 108, 128, 4096, 1, peak, d).value();
  const double spill = gemm_compute_time(128 * 109, 128, 4096, 1, peak, d).value();
  EXPECT_NEAR(spill / full, 2.0, 1e-9);
}

TEST(GemmEfficiency, LargeGemmApproachesTheCalibratedPeakFraction) {
  const hardware::Device d = testing::device("a100-sxm-80g");
  const auto peak = d.peak_for(core::DType::fp16);
  const double flops = 2.0 * 16384.0 * 16384.0 * 65536.0;
  const double t = gemm_compute_time(16384, 16384, 65536, 1, peak, d).value();
  const double fraction = flops / t / peak.value();
  EXPECT_LE(fraction, d.calibration.gemm_peak_fraction);
  EXPECT_GT(fraction, 0.97 * d.calibration.gemm_peak_fraction);
}

TEST(GemmEfficiency, SplitKFillsTheMachineForFewTiles) {
  const hardware::Device d = testing::device("h100-sxm-80g");
  const auto peak = d.peak_for(core::DType::bf16);
  // 16 tiles on 132 SMs: split-K keeps the time near the ideal instead of 8x above it.
  const double t = gemm_compute_time(128, 4096, 16384, 1, peak, d).value();
  const double ideal = 2.0 * 128 * 4096 * 16384 / peak.value();
  EXPECT_LT(t / ideal, 2.0);
}

TEST(Roofline, EnergyIsFlopsPlusBytes) {
  const hardware::Device d = testing::device("h100-sxm-80g");
  const model::Op op = gemm(512, 4096, 4096);
  const OpCost c = compute_op_cost(op, d);
  const double expected = op.flops * d.energy_for(core::DType::bf16).value() +
                          op.memory_bytes() * d.memory_energy.value();
  EXPECT_DOUBLE_EQ(c.energy.value(), expected);
}

}  // namespace
}  // namespace servesim::perf

namespace servesim::perf {
namespace {

TEST(Roofline, GroupedGemmEfficiencySlowsOnlyGroupedExpertGemms) {
  hardware::Device d = testing::device("h100-sxm-80g");
  const core::FlopsPerSecond peak = d.peak_for(core::DType::bf16);
  d.calibration.grouped_gemm_efficiency = 1.0;
  const double plain = gemm_compute_time(4096, 4096, 4096, 1, peak, d).value();
  const double grouped = gemm_compute_time(512, 4096, 4096, 8, peak, d, true).value();
  const double batched = gemm_compute_time(512, 4096, 4096, 8, peak, d).value();
  EXPECT_DOUBLE_EQ(grouped, batched);
  d.calibration.grouped_gemm_efficiency = 0.8;
  EXPECT_DOUBLE_EQ(gemm_compute_time(4096, 4096, 4096, 1, peak, d).value(), plain);
  EXPECT_DOUBLE_EQ(gemm_compute_time(512, 4096, 4096, 8, peak, d).value(), batched);
  EXPECT_NEAR(gemm_compute_time(512, 4096, 4096, 8, peak, d, true).value(), grouped / 0.8,
              1e-12 * grouped);
}

}  // namespace
}  // namespace servesim::perf
