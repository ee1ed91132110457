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
  // 108 tiles fill one wave; 109 need a second, nearly empty one (2x) unless the library shrinks
  // the tile: 218 tiles of 128x64 take three waves of half the work (1.5x), 436 of 64x64 five
  // waves of a quarter (1.25x), the fastest.
  const double full = gemm_compute_time(128 * 108, 128, 4096, 1, core::DType::fp16, d).value();
  const double spill = gemm_compute_time(128 * 109, 128, 4096, 1, core::DType::fp16, d).value();
  EXPECT_NEAR(spill / full, 1.25, 1e-9);
}

TEST(GemmEfficiency, LargeGemmApproachesTheCalibratedPeakFraction) {
  const hardware::Device d = testing::device("a100-sxm-80g");
  const auto peak = d.peak_for(core::DType::fp16);
  const double flops = 2.0 * 16384.0 * 16384.0 * 65536.0;
  const double t = gemm_compute_time(16384, 16384, 65536, 1, core::DType::fp16, d).value();
  const double fraction = flops / t / peak.value();
  EXPECT_LE(fraction, d.calibration.gemm_peak_fraction);
  EXPECT_GT(fraction, 0.97 * d.calibration.gemm_peak_fraction);
}

TEST(GemmEfficiency, SplitKFillsTheMachineForFewTiles) {
  const hardware::Device d = testing::device("h100-sxm-80g");
  const auto peak = d.peak_for(core::DType::bf16);
  // 16 tiles on 132 SMs: split-K keeps the time near the ideal instead of 8x above it.
  const double t = gemm_compute_time(128, 4096, 16384, 1, core::DType::bf16, d).value();
  const double ideal = 2.0 * 128 * 4096 * 16384 / peak.value();
  EXPECT_LT(t / ideal, 2.0);
}

// The library picks the tile by shape: 2048 x 2560 on 132 SMs is 160 tiles of 128x256 (two
// waves, the second 21% full: 4 tile-units of 128x128), 320 of 128x128 (three waves: 3 units)
// or 640 of 64x128 (five waves of half tiles: 2.5 units, the fastest).
TEST(GemmEfficiency, TheFastestOfTheDevicesTileAndItsHalvesIsUsed) {
  const hardware::Device d = testing::device("h100-sxm-80g");
  const hardware::Calibration& c = d.calibration;
  ASSERT_EQ(c.gemm_tile_n, 256);
  const double rate = d.peak_for(core::DType::bf16).value() * c.gemm_fraction(core::DType::bf16) /
                      static_cast<double>(d.compute_units);
  const double quarter_tiles = 5 * 2.0 * 64 * 128 * (8192 + c.gemm_k_overhead) / rate;
  EXPECT_NEAR(gemm_compute_time(2048, 2560, 8192, 1, core::DType::bf16, d).value(), quarter_tiles,
              1e-12);
}

// Each format runs at its own fraction of its own peak: a format the file names (FP8, fitted on
// DeepGEMM) its value, any other the common one.
TEST(GemmEfficiency, EachFormatRunsAtItsOwnPeakFraction) {
  hardware::Device d = testing::device("h100-sxm-80g");
  auto fraction = [&d](core::DType t) {
    const double flops = 2.0 * 16384.0 * 16384.0 * 65536.0;
    return flops / gemm_compute_time(16384, 16384, 65536, 1, t, d).value() /
           d.peak_for(t).value();
  };
  EXPECT_GT(d.calibration.gemm_fraction(core::DType::fp8), 0);
  EXPECT_LT(d.calibration.gemm_fraction(core::DType::fp8), d.calibration.gemm_peak_fraction);
  EXPECT_NEAR(fraction(core::DType::fp8) / fraction(core::DType::bf16),
              d.calibration.gemm_fraction(core::DType::fp8) / d.calibration.gemm_peak_fraction,
              0.01);
  d.calibration.gemm_peak_fraction_by_format = {};
  EXPECT_NEAR(fraction(core::DType::fp8), fraction(core::DType::bf16), 0.01);
  // On a device without FP8 units an FP8 GEMM runs on the 16-bit units, at their fraction.
  hardware::Device a100 = testing::device("a100-sxm-80g");
  ASSERT_EQ(a100.compute_format(core::DType::fp8), core::DType::fp16);
  a100.calibration.gemm_peak_fraction_by_format[hardware::index_of(core::DType::fp8)] = 0.5;
  EXPECT_DOUBLE_EQ(gemm_compute_time(4096, 4096, 4096, 1, core::DType::fp8, a100).value(),
                   gemm_compute_time(4096, 4096, 4096, 1, core::DType::fp16, a100).value());
}

// A tile's prologue and epilogue take a fixed time: in FP8 (twice the 16-bit rate) a short-K GEMM
// loses a larger share to it, so its speed-up over 16 bits is below 2x and shrinks as K does.
TEST(GemmEfficiency, TheTileOverheadIsAFixedTimeInEveryFormat) {
  const hardware::Device d = testing::device("h800-sxm");
  const hardware::Calibration& c = d.calibration;
  auto speedup = [&d](std::int64_t k) {
    return gemm_compute_time(4096, 32768, k, 1, core::DType::bf16, d).value() /
           gemm_compute_time(4096, 32768, k, 1, core::DType::fp8, d).value();
  };
  // r: the FP8 rate over the 16-bit rate, fractions included.
  const double r = d.peak_for(core::DType::fp8).value() * c.gemm_fraction(core::DType::fp8) /
                   (d.peak_for(core::DType::bf16).value() * c.gemm_fraction(core::DType::bf16));
  EXPECT_LT(speedup(512), speedup(16384));
  EXPECT_LT(speedup(16384), r);
  const double k_over = c.gemm_k_overhead;
  EXPECT_NEAR(speedup(512), r * (512 + k_over) / (512 + r * k_over), 1e-9);
}

// A grouped expert GEMM schedules its groups' tiles as one grid: as fast as a batched GEMM of the
// same problems, and never faster than one dense GEMM of all their rows.
TEST(GemmEfficiency, AGroupedGemmIsOneGridOfItsGroupsTiles) {
  const hardware::Device d = testing::device("h100-sxm-80g");
  const model::Op grouped = model::make_expert_gemm(8, 500, 4096, 4096, core::DType::bf16);
  const model::Op dense = model::make_gemm(8 * 500, 4096, 4096, core::DType::bf16);
  EXPECT_GE(compute_op_cost(grouped, d).time.value(),
            compute_op_cost(dense, d).time.value() * (1 - 1e-12));
  // Each group rounds its own rows up to whole tiles: 8 groups of 500 rows cost what 8 of 512
  // do, and 8 groups of 400 rows more than one GEMM of their 3,200 rows.
  EXPECT_DOUBLE_EQ(gemm_compute_time(500, 4096, 4096, 8, core::DType::bf16, d).value(),
                   gemm_compute_time(512, 4096, 4096, 8, core::DType::bf16, d).value());
  EXPECT_GT(gemm_compute_time(400, 4096, 4096, 8, core::DType::bf16, d).value(),
            gemm_compute_time(3200, 4096, 4096, 1, core::DType::bf16, d).value());
}

// Decode attention streams the cache at its own efficiency, reached on long sequences: a
// sequence's fixed work is worth `attention_decode_sequence_tokens` of cache.
TEST(Roofline, DecodeAttentionReachesItsBandwidthOnLongSequences) {
  const hardware::Device d = testing::device("h100-sxm-80g");
  const hardware::Calibration& c = d.calibration;
  ASSERT_GT(c.attention_decode_efficiency, 0);
  auto bandwidth = [&d](std::int64_t kv_len) {
    const model::Op op = model::make_decode_attention(64, kv_len, 8, 1, 128, core::DType::bf16);
    const OpCost cost = compute_op_cost(op, d);
    return op.memory_bytes() / (cost.time - d.calibration.kernel_overhead).value() /
           d.memory_bandwidth.value();
  };
  const double l0 = c.attention_decode_sequence_tokens;
  EXPECT_NEAR(bandwidth(100000), c.attention_decode_efficiency * 100000 / (100000 + l0), 1e-9);
  EXPECT_NEAR(bandwidth(256), c.attention_decode_efficiency * 256 / (256 + l0), 1e-9);
  EXPECT_LT(bandwidth(256), bandwidth(4096));
  // An op that gives no length streams at the long-sequence rate.
  model::Op unknown = model::make_decode_attention(64, 4096, 8, 1, 128, core::DType::bf16);
  unknown.k = 0;
  const OpCost cost = compute_op_cost(unknown, d);
  EXPECT_NEAR(unknown.memory_bytes() / (cost.time - d.calibration.kernel_overhead).value() /
                  d.memory_bandwidth.value(),
              c.attention_decode_efficiency, 1e-9);
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
