// Unit strings at the boundary: a table of accepted literals and of rejected ones with the reason.
#include "core/unit_parse.h"

#include <gtest/gtest.h>

#include <random>

namespace servesim::core {
namespace {

template <class Q>
double si(const char* text) {
  std::string error;
  auto q = parse_as<Q>(text, error);
  EXPECT_TRUE(q.has_value()) << text << ": " << error;
  return q ? q->value() : -1;
}

TEST(UnitParse, AcceptsDatasheetLiterals) {
  EXPECT_DOUBLE_EQ(si<BytesPerSecond>("3.35 TB/s"), 3.35e12);
  EXPECT_DOUBLE_EQ(si<BytesPerSecond>("2039 GB/s"), 2039e9);
  EXPECT_DOUBLE_EQ(si<BytesPerSecond>("400 Gb/s"), 50e9);
  EXPECT_DOUBLE_EQ(si<BytesPerSecond>("400 Gbps"), 50e9);
  EXPECT_DOUBLE_EQ(si<BytesPerSecond>("1 GiB/s"), kGiB);
  EXPECT_DOUBLE_EQ(si<Bytes>("80 GiB"), 80 * kGiB);
  EXPECT_DOUBLE_EQ(si<Bytes>("80 GB"), 80e9);
  EXPECT_DOUBLE_EQ(si<Bytes>("40 MiB"), 40 * kMiB);
  EXPECT_DOUBLE_EQ(si<Bytes>("256 KiB"), 256 * 1024.0);
  EXPECT_DOUBLE_EQ(si<FlopsPerSecond>("989.4 TFLOPS"), 989.4e12);
  EXPECT_DOUBLE_EQ(si<FlopsPerSecond>("624 TOPS"), 624e12);
  EXPECT_DOUBLE_EQ(si<Watts>("700 W"), 700);
  EXPECT_DOUBLE_EQ(si<Watts>("284.31 mW"), 0.28431);
  EXPECT_DOUBLE_EQ(si<Hertz>("1.98 GHz"), 1.98e9);
  EXPECT_DOUBLE_EQ(si<Seconds>("8.92 us"), 8.92e-6);
  EXPECT_DOUBLE_EQ(si<Seconds>("8.92 µs"), 8.92e-6);
  EXPECT_DOUBLE_EQ(si<Seconds>("20 ns"), 20e-9);
  EXPECT_DOUBLE_EQ(si<JoulesPerByte>("0.7 pJ/bit"), 5.6e-12);
  EXPECT_DOUBLE_EQ(si<JoulesPerByte>("0.7 pJ/b"), 5.6e-12);
  EXPECT_DOUBLE_EQ(si<JoulesPerFlop>("0.5 pJ/op"), 0.5e-12);
  EXPECT_DOUBLE_EQ(si<JoulesPerFlop>("1 pJ/MAC"), 0.5e-12);
  EXPECT_DOUBLE_EQ(si<JoulesPerFlop>("0.73 pJ/FLOP"), 0.73e-12);
  EXPECT_NEAR(si<Area>("826 mm²"), 826e-6, 1e-15);
  EXPECT_NEAR(si<Area>("826 mm2"), 826e-6, 1e-15);
  EXPECT_DOUBLE_EQ(si<Kelvin>("85 °C"), 358.15);
  EXPECT_DOUBLE_EQ(si<Kelvin>("300 K"), 300);
  EXPECT_DOUBLE_EQ(si<Dollars>("$25000"), 25000);
  EXPECT_NEAR(si<DollarsPerArea>("$0.15/mm²"), 0.15e6, 1e-6);
  EXPECT_NEAR(si<DollarsPerByte>("10 $/GB"), 10e-9, 1e-20);
  EXPECT_DOUBLE_EQ(si<BytesPerSecond>("1e12 B/s"), 1e12);
}

struct Rejected {
  const char* text;
  const char* reason;
};

TEST(UnitParse, RejectsWithAReasonThatNamesTheFix) {
  const Rejected cases[] = {
      {"3.35", "bare number has no unit; expected a bandwidth such as \"3.35 TB/s\""},
      {"3.35 TB", "dimension of a size in bytes; expected a bandwidth"},
      {"fast", "does not start with a number"},
      {"3 furlongs/s", "unknown unit \"furlongs/s\""},
      {"", "does not start with a number"},
      {"inf TB/s", "not a finite number"},
  };
  for (const Rejected& c : cases) {
    std::string error;
    EXPECT_FALSE(parse_as<BytesPerSecond>(c.text, error).has_value()) << c.text;
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.text << " gave: " << error;
  }
}

TEST(UnitParse, FuzzedInputNeverCrashesAndAlwaysExplainsAFailure) {
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789.eE+- /TGMKkmunpfiBbsWJHzFLOPS$°C²";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int len = static_cast<int>(rng() % 14);
    for (int j = 0; j < len; ++j) s += alphabet[rng() % alphabet.size()];
    std::string error;
    auto q = parse_quantity(s, error);
    if (!q) {
      EXPECT_FALSE(error.empty()) << s;
    }
  }
}

TEST(UnitParse, FormatsForPeople) {
  EXPECT_EQ(format_bytes(Bytes(80 * kGiB)), "80 GiB");
  EXPECT_EQ(format_seconds(Seconds(0.0123)), "12.3 ms");
  EXPECT_EQ(format_bandwidth(BytesPerSecond(3.35e12)), "3.35 TB/s");
  EXPECT_EQ(format_rate(FlopsPerSecond(989.4e12)), "989 TFLOPS");
}

}  // namespace
}  // namespace servesim::core
