// Economics: tokens per watt, per mm² and dollars per million tokens follow their formulas, and
// are absent when the device lacks the data.
#include "perf/economics.h"
#include "support/shipped_hardware.h"

#include <gtest/gtest.h>

namespace servesim::perf {
namespace {

TEST(Economics, FollowsTheCostPerSecondFormula) {
  const hardware::Device h100 = testing::device("h100-sxm-80g");
  const Economics e = economics(2000.0, core::Watts(4000), 8, h100);
  EXPECT_DOUBLE_EQ(e.tokens_per_s_per_watt, 0.5);
  ASSERT_TRUE(e.tokens_per_s_per_mm2 && e.dollars_per_million_tokens);
  EXPECT_DOUBLE_EQ(*e.tokens_per_s_per_mm2, 2000.0 / (8 * 814.0));
  const double per_second = 8 * 30000.0 / kLifetimeSeconds + 4000 * kPowerUsageEffectiveness * kDollarsPerJoule;
  EXPECT_DOUBLE_EQ(*e.dollars_per_million_tokens, per_second / 2000.0 * 1e6);
}

TEST(Economics, MissingAreaOrPriceGivesNoFigure) {
  hardware::Device d = testing::device("llmcompass-a100");
  d.die_area.reset();
  d.price.reset();
  const Economics e = economics(1000.0, core::Watts(400), 1, d);
  EXPECT_FALSE(e.tokens_per_s_per_mm2.has_value());
  EXPECT_FALSE(e.dollars_per_million_tokens.has_value());
  EXPECT_DOUBLE_EQ(e.tokens_per_s_per_watt, 2.5);
}

TEST(Economics, DevicesWithAProcessNodeGetAreaAndPriceFigures) {
  for (const char* name : {"lamosys-pc", "lamosys-dc", "ador-like"}) {
    const hardware::Device d = testing::device(name);
    const Economics e = economics(1000.0, d.tdp, 1, d);
    ASSERT_TRUE(e.tokens_per_s_per_mm2 && e.dollars_per_million_tokens) << name;
    EXPECT_DOUBLE_EQ(*e.tokens_per_s_per_mm2, 1000.0 / (d.die_area->value() * 1e6)) << name;
    EXPECT_GT(*e.dollars_per_million_tokens, 0) << name;
  }
}

}  // namespace
}  // namespace servesim::perf
