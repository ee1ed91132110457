// `servesim capacity`: the curve and the maximum as a table or one JSON document with the
// documented keys; an SLO is required (exit 2 naming --slo); options are named by their flags; an
// infeasible design exits 3 with its reason.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "servesim_command.h"

namespace servesim {
namespace {

using testing::CommandResult;
using testing::servesim;

const std::string kCapacity =
    "capacity --model llama-3.1-8b --system h100-sxm-80g:1 "
    "--trace poisson:rate=10,requests=200,input=exp:512,output=exp:128 ";
const std::string kSlo = "--slo ttft=250ms,tpot=20ms ";

TEST(CapacityCli, JsonHasTheMaximumTheCurveTheScenarioAndTheProvenance) {
  const CommandResult r = servesim(kCapacity + kSlo + "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"max_rate_scale", "max_requests_per_s", "attainment_target", "curve",
                          "scenario", "provenance"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_DOUBLE_EQ(j["attainment_target"].get<double>(), 0.99);
  EXPECT_GT(j["max_rate_scale"].get<double>(), 0);
  EXPECT_GT(j["max_requests_per_s"].get<double>(), 0);
  ASSERT_FALSE(j["curve"].empty());
  for (const char* key : {"rate_scale", "offered_requests_per_s", "output_tokens_per_s",
                          "goodput_requests_per_s", "slo_attainment", "ttft_p99_ms",
                          "tpot_p99_ms"}) {
    EXPECT_TRUE(j["curve"][0].contains(key)) << key;
  }
  EXPECT_EQ(j["scenario"]["model"]["name"], "llama-3.1-8b");
  EXPECT_FALSE(j["provenance"]["version"].get<std::string>().empty());
  // The same request, the same bytes.
  EXPECT_EQ(servesim(kCapacity + kSlo + "--json").out, r.out);
}

TEST(CapacityCli, PrintsTheCurveAndTheMaximum) {
  const CommandResult r = servesim(kCapacity + kSlo + "--attainment 0.9 --grid-ratio 1.1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("offered req/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<- maximum"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("maximum rate: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("90% of requests"), std::string::npos) << r.out;
}

TEST(CapacityCli, AnSloIsRequired) {
  const CommandResult r = servesim(kCapacity + "--json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--slo"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CapacityCli, BadOptionsAndWorkloadsNameTheirFlags) {
  CommandResult r = servesim(kCapacity + kSlo + "--attainment 1.5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("<command line>: error: --attainment: 1.5 is not in (0, 1]"),
            std::string::npos)
      << r.err;
  r = servesim(kCapacity + kSlo + "--grid-ratio 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--grid-ratio"), std::string::npos) << r.err;
  r = servesim("capacity --model llama-3.1-8b --system h100-sxm-80g:1 " + kSlo +
               "--trace concurrency:n=4,requests=20");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--trace: releases requests as others finish"), std::string::npos) << r.err;
}

TEST(CapacityCli, AnInfeasibleDesignExitsThreeWithItsReason) {
  const std::string big =
      "capacity --model llama-3.1-70b --system h100-sxm-80g:1 --trace poisson:rate=1,requests=20 " +
      kSlo;
  CommandResult r = servesim(big);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("servesim capacity: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("does not fit"), std::string::npos) << r.err;
  r = servesim(big + "--json");
  EXPECT_EQ(r.exit_code, 3);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["infeasible"], "does_not_fit");
  EXPECT_EQ(j["scenario"]["model"]["name"], "llama-3.1-70b");
  // An invalid mapping is bad input, named by its flags.
  r = servesim("capacity --model llama-3.1-8b --system h100-sxm-80g:8 --tp 3 "
               "--trace poisson:rate=1,requests=20 " + kSlo);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--tp"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace servesim
