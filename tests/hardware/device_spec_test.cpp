// Device YAML: every shipped SKU loads with its datasheet peaks; each kind of bad input is
// reported with the file, the key path and a hint.
#include "hardware/device_spec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::hardware {
namespace {

TEST(DeviceSpec, EveryShippedDeviceLoadsAndIsPhysical) {
  const auto names = testing::root().shipped_names("devices", ".yaml");
  ASSERT_GE(names.size(), 3u);
  for (const auto& name : names) {
    const Device d = testing::device(name);
    EXPECT_EQ(d.name, name);
    EXPECT_GT(d.peak_for(core::DType::bf16).value(), 0) << name;
    EXPECT_GT(d.memory_bandwidth.value(), 0) << name;
    EXPECT_LE(d.idle_power, d.tdp) << name;
    const Calibration& c = d.calibration;
    for (double fraction : {c.gemm_peak_fraction, c.memory_efficiency, c.attention_peak_fraction,
                            d.spec->links.scale_up.efficiency, d.spec->links.scale_out.efficiency,
                            d.spec->links.host.efficiency}) {
      EXPECT_GT(fraction, 0) << name;
      EXPECT_LE(fraction, 1) << name;
    }
    EXPECT_GT(d.spec->links.scale_up.latency.value(), 0) << name;
    EXPECT_GE(c.kernel_overhead.value(), 0) << name;
    // A sustained compute-bound GEMM must not draw more than the TDP, in any format.
    for (core::DType t : {core::DType::fp32, core::DType::bf16, core::DType::fp16, core::DType::fp8,
                          core::DType::int8, core::DType::int4}) {
      const double gemm_power = d.idle_power.value() + c.gemm_peak_fraction *
                                                           d.peak_for(t).value() *
                                                           d.energy_for(t).value();
      EXPECT_LE(gemm_power, d.tdp.value() * 1.001) << name << " " << core::to_string(t);
    }
  }
}

TEST(DeviceSpec, DatasheetValues) {
  const Device h100 = testing::device("h100-sxm-80g");
  EXPECT_DOUBLE_EQ(h100.peak_for(core::DType::bf16).value(), 989.4e12);
  EXPECT_DOUBLE_EQ(h100.peak_for(core::DType::fp8).value(), 1979e12);
  EXPECT_DOUBLE_EQ(h100.memory_bandwidth.value(), 3.35e12);
  EXPECT_EQ(h100.compute_units, 132);
  const Device a100 = testing::device("a100-sxm-80g");
  EXPECT_DOUBLE_EQ(a100.memory_capacity.value(), 80.0 * core::kGiB);
  // No FP8 units on A100: FP8 falls back to the FP16 rate.
  EXPECT_DOUBLE_EQ(a100.peak_for(core::DType::fp8).value(), 312e12);
  EXPECT_DOUBLE_EQ(testing::device("h200-sxm-141g").memory_bandwidth.value(), 4.8e12);
}

std::string shipped_text(const std::string& name) {
  std::ifstream in(*testing::root().resolve(name, "devices", ".yaml"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of_modified(const std::string& pattern, const std::string& replacement) {
  const std::string text = std::regex_replace(shipped_text("h100-sxm-80g"), std::regex(pattern),
                                              replacement, std::regex_constants::format_first_only);
  testing::TempFile f("bad-device.yaml", text);
  try {
    (void)testing::device(f.path());
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(DeviceSpec, UnknownKeyGetsADidYouMean) {
  const std::string e = error_of_modified("  bandwidth: \"3.35 TB/s\"", "  bandwith: \"3.35 TB/s\"");
  EXPECT_NE(e.find("bad-device.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("memory.bandwith: unknown key (did you mean 'bandwidth'?)"), std::string::npos)
      << e;
}

TEST(DeviceSpec, BareNumberWhereAUnitIsNeeded) {
  const std::string e = error_of_modified("\"3.35 TB/s\"", "3.35");
  EXPECT_NE(e.find("memory.bandwidth: \"3.35\" a bare number has no unit"), std::string::npos) << e;
}

TEST(DeviceSpec, NegativeBandwidthIsRejected) {
  const std::string e = error_of_modified("\"3.35 TB/s\"", "\"-3.35 TB/s\"");
  EXPECT_NE(e.find("memory.bandwidth: must be > 0"), std::string::npos) << e;
}

TEST(DeviceSpec, ASequenceCostWithoutADecodeAttentionEfficiencyIsRejected) {
  const std::string e =
      error_of_modified("  attention_decode_efficiency: 0\\.90[^\\n]*\\n", "");
  EXPECT_NE(e.find("calibration.attention_decode_sequence_tokens: needs attention_decode_efficiency"),
            std::string::npos)
      << e;
}

TEST(DeviceSpec, EfficiencyAboveOneIsRejected) {
  const std::string e = error_of_modified("memory_efficiency: 0.90", "memory_efficiency: 1.2");
  EXPECT_NE(e.find("calibration.memory_efficiency: must be a fraction in (0, 1]"),
            std::string::npos)
      << e;
}

TEST(DeviceSpec, UnknownDataTypeInPeakIsRejected) {
  const std::string e = error_of_modified("    fp8: \"1979 TFLOPS\"", "    fp6: \"1979 TFLOPS\"");
  EXPECT_NE(e.find("compute.peak.fp6: unknown key (did you mean 'fp16'?)"), std::string::npos) << e;
}

TEST(DeviceSpec, IdleAboveTdpIsRejected) {
  const std::string e = error_of_modified("idle: \"70 W\"", "idle: \"900 W\"");
  EXPECT_NE(e.find("power.idle: exceeds power.tdp"), std::string::npos) << e;
}

TEST(DeviceSpec, MissingSectionIsReported) {
  const std::string e = error_of_modified("\ncalibration:", "\ncalibrations:");
  EXPECT_NE(e.find("calibration: is required but missing"), std::string::npos) << e;
}

TEST(DeviceSpec, UnknownDeviceListsTheShippedOnes) {
  try {
    (void)testing::device("b200");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("shipped devices: "), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("a100-sxm-80g"), std::string::npos);
  }
}

}  // namespace
}  // namespace servesim::hardware

namespace servesim::hardware {
namespace {

TEST(DeviceSpec, ExtendsLaysAFileOverItsBase) {
  testing::TempFile f("faster.yaml",
                      "extends: h100-sxm-80g\nname: faster\nmemory: {bandwidth: \"6700 GB/s\"}\n");
  const Device base = testing::device("h100-sxm-80g");
  const Device d = testing::device(f.path());
  EXPECT_EQ(d.name, "faster");
  EXPECT_DOUBLE_EQ(d.memory_bandwidth.value(), 6.7e12);
  // Everything else, including the rest of the memory mapping, comes from the base.
  EXPECT_DOUBLE_EQ(d.memory_capacity.value(), base.memory_capacity.value());
  EXPECT_DOUBLE_EQ(d.peak_for(core::DType::bf16).value(), base.peak_for(core::DType::bf16).value());
  EXPECT_DOUBLE_EQ(d.calibration.gemm_peak_fraction, base.calibration.gemm_peak_fraction);
}

TEST(DeviceSpec, ExtendsThatLoopsOrIsNotANameIsAnInputError) {
  testing::TempFile loop("loop.yaml", "name: loop\n");
  {
    std::ofstream rewrite(loop.path());
    rewrite << "extends: " << loop.path() << "\nname: loop\n";
  }
  try {
    (void)testing::device(loop.path());
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("extends: more than 8 files refine each other"),
              std::string::npos)
        << e.what();
  }
  testing::TempFile list("list.yaml", "extends: [a, b]\nname: x\n");
  try {
    (void)testing::device(list.path());
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("extends: expected the name or path of the file"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace servesim::hardware
