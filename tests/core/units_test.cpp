// Strong units: only meaningful products have a dimension; conversions are SI.
#include "core/units.h"

#include <gtest/gtest.h>

#include <type_traits>

namespace servesim::core {

static_assert(std::is_same_v<decltype(Bytes(1) / BytesPerSecond(1)), Seconds>);
static_assert(std::is_same_v<decltype(Watts(1) * Seconds(1)), Joules>);
static_assert(std::is_same_v<decltype(Flops(1) / FlopsPerSecond(1)), Seconds>);
static_assert(std::is_same_v<decltype(Bytes(1) * JoulesPerByte(1)), Joules>);
static_assert(std::is_same_v<decltype(Seconds(1) / Seconds(1)), double>);
static_assert(!std::is_invocable_v<std::plus<>, Bytes, Seconds>, "bytes + seconds must not compile");

TEST(Units, DividingBytesByBandwidthGivesSeconds) {
  const Seconds t = gibibytes(1) / BytesPerSecond(kGiB);
  EXPECT_DOUBLE_EQ(t.value(), 1.0);
}

TEST(Units, CelsiusIsStoredInKelvin) {
  EXPECT_DOUBLE_EQ(celsius(85).value(), 358.15);
  EXPECT_DOUBLE_EQ(to_celsius(celsius(65)), 65.0);
}

TEST(Units, ComparisonAndScaling) {
  EXPECT_LT(milliseconds(1), seconds(1));
  EXPECT_DOUBLE_EQ((microseconds(3) * 2.0).value(), 6e-6);
  EXPECT_DOUBLE_EQ(max(Bytes(2), Bytes(3)).value(), 3.0);
}

}  // namespace servesim::core
