// Expert routing distributions (model/expert_routing.h): the text forms parse or are explained,
// shares are normalised, and the busiest EP rank's share follows the placement: 1/ranks for
// uniform routing, exact by id for a histogram, rising with the Zipf exponent.
#include "model/expert_routing.h"

#include <gtest/gtest.h>

#include <string>

namespace servesim::model {
namespace {

ExpertRouting parse(const std::string& text, std::int64_t experts, std::int64_t top_k = 1) {
  std::string why;
  auto r = parse_expert_routing(text, experts, top_k, why);
  EXPECT_TRUE(r.has_value()) << text << ": " << why;
  return r.value_or(ExpertRouting{});
}

std::string error_of(const std::string& text, std::int64_t experts, std::int64_t top_k = 1) {
  std::string why;
  EXPECT_FALSE(parse_expert_routing(text, experts, top_k, why).has_value()) << text;
  return why;
}

TEST(ExpertRouting, UniformRoutingLoadsEveryRankAlike) {
  const ExpertRouting u = parse("uniform", 8);
  EXPECT_DOUBLE_EQ(hottest_over_mean(u, 8), 1.0);
  EXPECT_DOUBLE_EQ(busiest_rank_share(u, 8, 4), 0.25);
  EXPECT_NEAR(busiest_rank_share(parse("zipf:0", 8), 8, 4), 0.25, 1e-12);  // S = 0 is uniform
}

TEST(ExpertRouting, AHistogramPlacesExpertsByIdOnConsecutiveRanks) {
  // Experts 0-1 on rank 0 (1 + 1), 2-3 on rank 1 (4 + 2), 4-5 on rank 2 (0 + 0), 6-7 on rank 3.
  const ExpertRouting h = parse("histogram:1/1/4/2/0/0/1/1", 8);
  EXPECT_NEAR(busiest_rank_share(h, 8, 4), 6.0 / 10.0, 1e-12);
  EXPECT_NEAR(hottest_over_mean(h, 8), 4.0 / 10.0 * 8, 1e-12);
  EXPECT_NEAR(busiest_rank_share(h, 8, 1), 1.0, 1e-12);
}

TEST(ExpertRouting, ASteeperZipfLoadsTheBusiestRankMore) {
  double previous = 0;
  for (const char* s : {"zipf:0", "zipf:0.5", "zipf:1", "zipf:1.5"}) {
    const ExpertRouting z = parse(s, 256);
    const double share = busiest_rank_share(z, 256, 32);
    EXPECT_GT(share, previous) << s;
    // Some rank holds the hottest expert; no rank holds more than 8 experts as hot as it.
    const double hottest = hottest_over_mean(z, 256) / 256;
    EXPECT_GE(share, hottest) << s;
    EXPECT_LE(share, 8 * hottest) << s;
    previous = share;
  }
  // The mean over the fixed placements: this value on every run and machine.
  EXPECT_NEAR(busiest_rank_share(parse("zipf:1", 256), 256, 32), 0.18647575984735001, 1e-12);
}

TEST(ExpertRouting, BadFormsAreExplained) {
  EXPECT_NE(error_of("zipf", 8).find("is not uniform, zipf:S or histogram"), std::string::npos);
  EXPECT_NE(error_of("zipf:-1", 8).find("must be a number >= 0"), std::string::npos);
  EXPECT_NE(error_of("zipf:nan", 8).find("must be a number >= 0"), std::string::npos);
  EXPECT_NE(error_of("histogram:1/2/3", 8).find("3 weights for 8 experts"), std::string::npos);
  EXPECT_NE(error_of("histogram:1/-2", 2).find("non-negative weights"), std::string::npos);
  EXPECT_NE(error_of("histogram:0/0", 2).find("no expert receives any load"), std::string::npos);
  // Top-2 routing: no expert takes more than half of the pairs.
  EXPECT_NE(error_of("histogram:8/1/1/1", 4, 2).find("more than 1/k = 0.500"), std::string::npos);
  EXPECT_NE(error_of("zipf:3", 8, 2).find("more than 1/k"), std::string::npos);
  (void)parse("histogram:1/1/0/0", 4, 2);  // exactly 1/k each
}

}  // namespace
}  // namespace servesim::model
