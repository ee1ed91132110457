// Compute templates: systolic timing, the partitioned array for skinny GEMMs, the MAC tree, the
// buffer-bounded tiling, and the LLMCompass A100 template against the measured A100 GEMMs.
#include "perf/template_gemm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "core/csv.h"
#include "hardware/device_spec.h"
#include "perf/perf_engine.h"
#include "support/shipped_hardware.h"

namespace servesim::perf {
namespace {

hardware::Device accelerator(std::int64_t base_rows, bool mac_tree, double buffer_mib = 64) {
  hardware::Device d = testing::device("llmcompass-a100");
  hardware::SystolicTemplate s;
  s.rows = 64;
  s.cols = 32;
  s.cores = 256;
  s.frequency = core::Hertz(0.8e9);
  s.base_rows = base_rows;
  s.sram_per_core = core::Bytes(256 * 1024.0);
  s.global_buffer = core::Bytes(buffer_mib * core::kMiB);
  d.compute_template = hardware::ComputeTemplate{s, std::nullopt, std::nullopt};
  if (mac_tree) d.compute_template->mac_tree = hardware::MacTreeTemplate{4096, 16, core::Hertz(1e9)};
  return d;
}

TEST(TemplateGemm, EachDataflowStreamsItsTemporalDimension) {
  // SCALE-Sim's mapping: WS holds K×N and streams M, OS holds M×N and streams K, IS holds K×M
  // and streams N; every fold costs T + rows + cols cycles, folds run in waves over 256 arrays.
  const double m = 4096, n = 1024, k = 8192;
  auto cycles = [](double s_rows, double s_cols, double t) {
    return std::ceil(std::ceil(s_rows / 64) * std::ceil(s_cols / 32) / 256) * (t + 64 + 32);
  };
  for (const auto& [dataflow, expected] :
       {std::pair{hardware::Dataflow::weight_stationary, cycles(k, n, m)},
        std::pair{hardware::Dataflow::output_stationary, cycles(m, n, k)},
        std::pair{hardware::Dataflow::input_stationary, cycles(k, m, n)}}) {
    auto d = accelerator(0, false);
    d.compute_template->systolic->dataflow = dataflow;
    const TemplateGemm t = template_gemm(4096, 1024, 8192, 1, 2.0, false, d);
    EXPECT_NEAR(t.compute.value(), expected / (0.8e9 * d.calibration.gemm_peak_fraction), 1e-12)
        << static_cast<int>(dataflow);
  }
}

TEST(TemplateGemm, VectorUnitsPriceElementwiseOps) {
  const hardware::Device d = testing::device("ador-like");
  model::Op op;
  op.kind = model::OpKind::elementwise;
  op.flops = 1e12;
  op.act_bytes = 1e3;  // compute-bound
  const double vector_peak = d.compute_template->vector->peak().value();
  EXPECT_NEAR(compute_op_cost(op, d).time.value(),
              1e12 / vector_peak + d.calibration.kernel_overhead.value(), 1e-12);
  hardware::Device no_vector = d;
  no_vector.compute_template->vector.reset();  // falls back to the matrix peak
  EXPECT_LT(compute_op_cost(op, no_vector).time.value(), compute_op_cost(op, d).time.value());
}

TEST(TemplateGemm, LargeGemmsApproachTheArrayPeak) {
  const auto d = accelerator(0, false);
  const TemplateGemm t = template_gemm(16384, 16384, 16384, 1, 2.0, false, d);
  const double ideal = 2.0 * 16384.0 * 16384 * 16384 /
                       (d.compute_template->systolic->peak().value() * d.calibration.gemm_peak_fraction);
  EXPECT_EQ(t.engine, "systolic");
  EXPECT_GE(t.compute.value(), ideal);
  EXPECT_LT(t.compute.value(), 1.01 * ideal);
}

TEST(TemplateGemm, PartitionedArraySpeedsUpSkinnyGemms) {
  // LaMoSys3.5D §IV-D: a 64×32 array splits into 8×32 base arrays for GEMV.
  const TemplateGemm whole = template_gemm(1, 8192, 8192, 1, 2.0, false, accelerator(0, false));
  const TemplateGemm split = template_gemm(1, 8192, 8192, 1, 2.0, false, accelerator(8, false));
  EXPECT_EQ(split.engine, "partitioned");
  EXPECT_LT(split.compute.value(), 0.5 * whole.compute.value());
  // A large GEMM does not need it: both shapes cost the same within fill/drain.
  const TemplateGemm big = template_gemm(8192, 8192, 8192, 1, 2.0, false, accelerator(8, false));
  EXPECT_EQ(big.engine, "systolic");
}

TEST(TemplateGemm, MacTreeTakesTheDecodeGemv) {
  const TemplateGemm t = template_gemm(1, 8192, 8192, 1, 2.0, false, accelerator(0, true));
  EXPECT_EQ(t.engine, "mac_tree");
  EXPECT_NEAR(t.traffic.value(), 8192.0 * 8192 * 2 + (8192.0 + 8192) * 2, 1.0);
}

TEST(TemplateGemm, TrafficIsAtLeastCompulsoryAndFallsWithABiggerBuffer) {
  const double compulsory = (4096.0 * 8192 + 8192.0 * 28672 + 4096.0 * 28672) * 2;
  double previous = 1e300;
  for (double mib : {1.0, 4.0, 16.0, 64.0, 1024.0}) {
    const TemplateGemm t = template_gemm(4096, 28672, 8192, 1, 2.0, false, accelerator(0, false, mib));
    EXPECT_GE(t.traffic.value(), compulsory * (1 - 1e-12)) << mib;
    EXPECT_LE(t.traffic.value(), previous) << mib;
    previous = t.traffic.value();
  }
  EXPECT_NEAR(previous, compulsory, 1.0);  // everything fits in 1 GiB: each byte read once
}

TEST(TemplateGemm, LlmCompassTemplateReproducesItsA100Gemms) {
  // The LLMCompass artifact rows (K-01..K-04) and the weight-read GEMV (K-10a) within 10%;
  // docs/validation.md lists all rows, including Vidur's K-08 that no A100 model here matches.
  const hardware::Device d = testing::device("llmcompass-a100");
  const core::CsvTable t = core::read_csv(std::string(SERVESIM_TEST_DATA) + "/kernels.csv");
  int checked = 0;
  for (const auto& row : t.rows) {
    const std::string id = row[0];
    if (id != "K-01" && id != "K-02" && id != "K-03" && id != "K-04" && id != "K-10a") continue;
    std::int64_t m = 0, k = 0, n = 0;
    ASSERT_EQ(std::sscanf(row[4].c_str(), "M=%ld K=%ld N=%ld", &m, &k, &n), 3) << id;
    const model::Op op = model::make_gemm(m, n, k, core::DType::fp16);
    const double predicted_ms = compute_op_cost(op, d).time.value() * 1e3;
    const double measured_ms = std::stod(row[7]);
    EXPECT_NEAR(predicted_ms / measured_ms, 1.0, 0.10) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST(TemplateGemm, TemplateDeviceDerivesItsPeaks) {
  const hardware::Device d = testing::device("llmcompass-a100");
  EXPECT_DOUBLE_EQ(d.peak_for(core::DType::fp16).value(), 2.0 * 16 * 16 * 4 * 128 * 1.41e9);
  EXPECT_DOUBLE_EQ(d.peak_for(core::DType::int8).value(), 2 * d.peak_for(core::DType::fp16).value());
}

}  // namespace
}  // namespace servesim::perf
