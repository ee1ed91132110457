// Memory technologies: the stack's bandwidth equals its closed form, refresh overhead grows with
// temperature as JEDEC specifies, energy is the sum of its paths, and bad YAML is explained.
#include "hardware/memory_tech.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "hardware/device_spec.h"
#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::hardware {
namespace {

// A LaMoSys3.5D prefill-chiplet-like stack: 4 layers × 32 banks × 256-bit I/O (seeds.md §1).
MemoryTechnology stack() {
  MemoryTechnology m;
  m.kind = "3d-dram";
  m.layers = 4;
  m.banks = 32;
  m.io_width_bits = 256;
  m.data_rate = core::Hertz(2.5e9);
  m.page = core::Bytes(2048);
  m.capacity = core::gibibytes(32);
  m.timing = {core::Seconds(14e-9), core::Seconds(14e-9), core::Seconds(14e-9),
              core::Seconds(110e-9), core::Seconds(3.9e-6), 8, core::Seconds{}, core::Seconds{}};
  m.energy = {core::JoulesPerByte(8 * 0.55e-12), core::JoulesPerByte(8 * 1.01e-12),
              core::JoulesPerByte(8 * 0.5e-12), core::JoulesPerByte(0), core::JoulesPerByte(0)};
  return m;
}

TEST(MemoryTechnology, PeakBandwidthIsTheClosedForm) {
  const MemoryTechnology m = stack();
  EXPECT_DOUBLE_EQ(peak_bandwidth(m).value(), 4.0 * 32 * 256 * 2.5e9 / 8);  // 10.24 TB/s
  MemoryTechnology two = m;
  two.units = 2;
  EXPECT_DOUBLE_EQ(peak_bandwidth(two).value(), 2 * peak_bandwidth(m).value());
}

TEST(MemoryTechnology, RefreshIntervalHalvesPerTenDegreesAboveEightyFive) {
  const DramTiming t = stack().timing;
  EXPECT_DOUBLE_EQ(refresh_interval(t, core::celsius(65)).value(), 3.9e-6);
  EXPECT_DOUBLE_EQ(refresh_interval(t, core::celsius(85)).value(), 3.9e-6);
  EXPECT_DOUBLE_EQ(refresh_interval(t, core::celsius(85.5)).value(), 3.9e-6 / 2);
  EXPECT_DOUBLE_EQ(refresh_interval(t, core::celsius(95)).value(), 3.9e-6 / 2);
  EXPECT_DOUBLE_EQ(refresh_interval(t, core::celsius(96)).value(), 3.9e-6 / 4);
  double previous = 0;
  for (double c = 40; c <= 125; c += 1) {
    const double overhead = refresh_overhead(t, core::celsius(c));
    EXPECT_GE(overhead, previous) << c;
    EXPECT_LE(overhead, 1.0);
    previous = overhead;
  }
}

TEST(MemoryTechnology, HeatCostsBandwidthThroughRefresh) {
  MemoryTechnology cool = stack(), hot = stack();
  hot.temperature = core::celsius(105);
  EXPECT_LT(effective_bandwidth(hot), effective_bandwidth(cool));
  EXPECT_LE(effective_bandwidth(cool), peak_bandwidth(cool));
  EXPECT_GT(row_efficiency(cool), 0);
  EXPECT_LE(row_efficiency(cool), 1);
  const double loss = 1 - effective_bandwidth(hot) / effective_bandwidth(cool);
  EXPECT_NEAR(loss, (refresh_overhead(hot.timing, hot.temperature) -
                     refresh_overhead(cool.timing, cool.temperature)) /
                        (1 - refresh_overhead(cool.timing, cool.temperature)),
              1e-12);
}

TEST(MemoryTechnology, InterleavedBanksHideTheRowOverhead) {
  const MemoryTechnology one = stack();
  const double streaming = 8 * 8 / 2.5e9;  // a 2 KiB page in 8 bursts of 256 B
  const double single = streaming / (streaming + 42e-9);
  EXPECT_NEAR(row_efficiency(one), single, 1e-12);  // LaMoSys §V-C: one activation per page
  for (std::int64_t n : {2, 3, 4, 8}) {
    MemoryTechnology m = stack();
    m.interleave = n;
    EXPECT_NEAR(row_efficiency(m), std::min(1.0, static_cast<double>(n) * single), 1e-12) << n;
    EXPECT_DOUBLE_EQ(peak_bandwidth(m).value(), peak_bandwidth(one).value()) << n;
  }
  // Activation-rate limits cap the overlap: one ACT per tRRD, four per tFAW.
  MemoryTechnology limited = stack();
  limited.interleave = 8;
  limited.timing.tRRD = core::Seconds(2 * streaming);
  EXPECT_NEAR(row_efficiency(limited), 0.5, 1e-12);
  limited.timing.tFAW = core::Seconds(16 * streaming);
  EXPECT_NEAR(row_efficiency(limited), 0.25, 1e-12);
}

TEST(MemoryTechnology, LamosysLosesAboutTenPercentFrom65To105Celsius) {
  // LaMoSys3.5D Fig. 3(b): ~10% bandwidth loss from 65 to 105 °C, driven by refresh.
  for (const char* name : {"lamosys-pc", "lamosys-dc"}) {
    MemoryTechnology m = *testing::device(name).memory_technology;
    const double cool = effective_bandwidth(m).value();
    EXPECT_GT(cool, 0.95 * peak_bandwidth(m).value()) << name;  // bank overlap hides row overhead
    m.temperature = core::celsius(105);
    const double loss = 1 - effective_bandwidth(m).value() / cool;
    EXPECT_GT(loss, 0.05) << name;
    EXPECT_LT(loss, 0.15) << name;
  }
}

TEST(MemoryTechnology, EnergyIsTheSumOfItsPaths) {
  EXPECT_NEAR(stack().energy.total().value(), 8 * (0.55 + 1.01 + 0.5) * 1e-12, 1e-24);
}

std::string h100_with(const std::string& from, const std::string& to) {
  std::ifstream in(*testing::root().resolve("h100-sxm-80g", "devices", ".yaml"));
  std::stringstream text;
  text << in.rdbuf();
  return std::regex_replace(text.str(), std::regex(from), to,
                            std::regex_constants::format_first_only);
}

const char* kTechnology = R"(memory:
  kind: 3D-DRAM
  technology:
    kind: 3d-dram
    layers: 4
    banks: 32
    io_width_bits: 256
    data_rate: "2.5 GHz"
    page: "2 KiB"
    capacity: "32 GiB"
    temperature: "65 °C"
    timing: {tRCD: "14 ns", tCAS: "14 ns", tRP: "14 ns", tRFC: "110 ns", tREFI: "3.9 us", burst_length: 8}
    energy: {cell: "0.55 pJ/bit", column: "1.01 pJ/bit", tsv: "0.5 pJ/bit"}
)";

TEST(MemoryTechnology, DeviceYamlDerivesTheMemoryFromItsParts) {
  const std::string yaml = h100_with(
      R"(memory:\n  kind: HBM3\n  capacity: [^\n]*\n  bandwidth: [^\n]*\n  energy: [^\n]*\n)",
      kTechnology);
  testing::TempFile f("chiplet.yaml", yaml);
  const Device d = testing::device(f.path());
  ASSERT_TRUE(d.memory_technology.has_value());
  EXPECT_DOUBLE_EQ(d.memory_bandwidth.value(), effective_bandwidth(*d.memory_technology).value());
  EXPECT_DOUBLE_EQ(d.memory_capacity.value(), 32 * core::kGiB);
  EXPECT_NEAR(d.memory_energy.value(), 8 * 2.06e-12, 1e-20);
}

TEST(MemoryTechnology, BadTechnologyYamlIsExplained) {
  auto error_of = [](const std::string& yaml) {
    testing::TempFile f("bad.yaml", yaml);
    try {
      (void)testing::device(f.path());
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string base = h100_with(
      R"(memory:\n  kind: HBM3\n  capacity: [^\n]*\n  bandwidth: [^\n]*\n  energy: [^\n]*\n)",
      kTechnology);
  EXPECT_NE(error_of(std::regex_replace(base, std::regex("tRFC: \"110 ns\""), "tRFC: \"5 us\""))
                .find("memory.technology.timing.tRFC: must be shorter than timing.tREFI"),
            std::string::npos);
  EXPECT_NE(error_of(std::regex_replace(base, std::regex("data_rate: \"2.5 GHz\""), "data_rate: 2.5"))
                .find("memory.technology.data_rate: \"2.5\" a bare number has no unit"),
            std::string::npos);
  EXPECT_NE(error_of(std::regex_replace(base, std::regex("  technology:"),
                                        "  bandwidth: \"1 TB/s\"\n  technology:"))
                .find("memory.bandwidth: is derived from memory.technology"),
            std::string::npos);
  EXPECT_NE(error_of(std::regex_replace(base, std::regex("temperature: \"65 °C\""),
                                        "temperature: \"150 °C\""))
                .find("memory.technology.data_rate: gives no usable bandwidth"),
            std::string::npos);
  EXPECT_NE(error_of(std::regex_replace(base, std::regex("banks: 32"), "bank: 32"))
                .find("did you mean 'banks'?"),
            std::string::npos);
}

}  // namespace
}  // namespace servesim::hardware
