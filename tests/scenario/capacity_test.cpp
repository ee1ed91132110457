// The QoS search (scenario/capacity.h): the maximum meets the attainment and the grid rate above it
// does not; a faster design never gets a lower maximum; the curve is sorted and agrees with the
// answer; bad requests are input errors naming the field, an infeasible design is a value.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/diagnostics.h"
#include "scenario/capacity.h"
#include "serving/generators.h"
#include "support/shipped_hardware.h"

namespace servesim::scenario {
namespace {

// llama-3.1-8b on one H100, 300 Poisson requests; its capacity lies a few times above the
// workload's own rate.
ScenarioSpec deployment() {
  ScenarioSpec s;
  s.origin = "mine.yaml";
  s.model.name = "llama-3.1-8b";
  s.hardware.system = "h100-sxm-80g:1";
  s.workload.generator = serving::parse_synthetic(
      "poisson:rate=10,requests=300,input=exp:512,output=exp:128", "test", "deployment");
  s.slo.ttft = Seconds(0.25);
  s.slo.tpot = Seconds(0.02);
  return s;
}

Capacity capacity_of(const ScenarioSpec& s, const CapacityOptions& o = {}) {
  return find_capacity(s, testing::environment(), o);
}

// The curve's sample at `rate_scale`, or null.
const CapacitySample* at(const Capacity& c, double rate_scale) {
  for (const CapacitySample& s : c.curve) {
    if (std::abs(s.rate_scale / rate_scale - 1) < 1e-9) return &s;
  }
  return nullptr;
}

// Every rate that met the attainment (and was steady) is at or below the answer and every other
// above it; rates strictly increase; no more evaluations than capacity.h promises.
void expect_consistent(const Capacity& c, const CapacityOptions& o = {}) {
  ASSERT_FALSE(c.curve.empty());
  EXPECT_LE(c.curve.size(), 17u);
  for (std::size_t i = 1; i < c.curve.size(); ++i) {
    EXPECT_GT(c.curve[i].rate_scale, c.curve[i - 1].rate_scale) << i;
  }
  for (const CapacitySample& s : c.curve) {
    const bool met = s.steady && s.slo_attainment >= o.attainment;
    const bool at_or_below = c.max_rate_scale && s.rate_scale <= *c.max_rate_scale;
    EXPECT_EQ(met, at_or_below) << "rate scale " << s.rate_scale << ": attainment "
                                << s.slo_attainment;
  }
}

TEST(Capacity, TheMaximumMeetsTheAttainmentAndTheNextGridRateMisses) {
  const CapacityOptions o;
  const Capacity c = capacity_of(deployment(), o);
  ASSERT_FALSE(c.infeasible.has_value());
  ASSERT_TRUE(c.max_rate_scale.has_value());
  ASSERT_TRUE(c.max_requests_per_s.has_value());
  // Within the grid, not at its ends: the example is meaningful.
  EXPECT_GT(*c.max_rate_scale, 1.0);
  EXPECT_LT(*c.max_rate_scale, 64.0);
  const CapacitySample* best = at(c, *c.max_rate_scale);
  ASSERT_NE(best, nullptr);
  EXPECT_GE(best->slo_attainment, o.attainment);
  EXPECT_DOUBLE_EQ(*c.max_requests_per_s, best->offered_requests_per_s);
  const CapacitySample* above = at(c, *c.max_rate_scale * o.grid_ratio);
  ASSERT_NE(above, nullptr) << "the grid rate above the maximum is always evaluated";
  EXPECT_LT(above->slo_attainment, o.attainment);
  // The offered rate is the generator's rate times the scale (300 Poisson arrivals: within 15%).
  EXPECT_NEAR(best->offered_requests_per_s / (10 * best->rate_scale), 1.0, 0.15);
  // The maximum is on the grid: lowest_scale · grid_ratio^k.
  const double k = std::log(*c.max_rate_scale / o.lowest_scale) / std::log(o.grid_ratio);
  EXPECT_NEAR(k, std::round(k), 1e-6);
}

TEST(Capacity, AFasterDesignNeverGetsALowerMaximum) {
  const ScenarioSpec slower = deployment();
  ScenarioSpec faster = slower;
  faster.hardware.overrides = {{"memory.bandwidth", "4.8 TB/s"},
                               {"compute.peak.bf16", "1400 TFLOPS"}};
  const Capacity a = capacity_of(slower);
  const Capacity b = capacity_of(faster);
  ASSERT_TRUE(a.max_rate_scale.has_value());
  ASSERT_TRUE(b.max_rate_scale.has_value());
  EXPECT_GE(*b.max_rate_scale, *a.max_rate_scale);
  // And the comparison is not vacuous: 40% more of both is worth more than one grid step.
  EXPECT_GT(*b.max_rate_scale, *a.max_rate_scale);
  // A looser target on the same design: never a lower maximum either.
  CapacityOptions looser;
  looser.attainment = 0.9;
  const Capacity loose = capacity_of(slower, looser);
  ASSERT_TRUE(loose.max_rate_scale.has_value());
  EXPECT_GE(*loose.max_rate_scale, *a.max_rate_scale);
  expect_consistent(loose, looser);
}

TEST(Capacity, TheCurveIsSortedAndAgreesWithTheAnswer) {
  const Capacity c = capacity_of(deployment());
  expect_consistent(c);
  // The search started at the grid rate nearest the scenario's own (scale 1: 64 · 1.05^-85).
  EXPECT_NE(at(c, std::pow(1.05, 85) / 64), nullptr);
  // Latencies and throughput grow with the rate.
  EXPECT_LT(c.curve.front().output_tokens_per_s, c.curve.back().output_tokens_per_s);
  EXPECT_LE(c.curve.front().ttft_p99.value(), c.curve.back().ttft_p99.value());
  // The same request gives the same answer and curve (the search is deterministic).
  const Capacity again = capacity_of(deployment());
  EXPECT_EQ(again.max_rate_scale, c.max_rate_scale);
  ASSERT_EQ(again.curve.size(), c.curve.size());
  for (std::size_t i = 0; i < c.curve.size(); ++i) {
    EXPECT_EQ(again.curve[i].slo_attainment, c.curve[i].slo_attainment) << i;
  }
}

// 40 requests of 2,000 output tokens under a loose SLO: every rate meets the attainment, because
// the whole workload fits in the batch at once. Only the steady-state rule bounds the answer: above
// it more than half the requests were in the system at once.
TEST(Capacity, ARateIsSustainedOnlyIfTheRunReachesItsSteadyState) {
  ScenarioSpec s = deployment();
  s.workload.generator = serving::parse_synthetic(
      "poisson:rate=1,requests=40,input=100,output=2000", "test", "short");
  s.slo.ttft = Seconds(30);
  s.slo.tpot = Seconds(1);
  const Capacity c = capacity_of(s);
  expect_consistent(c);
  ASSERT_TRUE(c.max_rate_scale.has_value());
  EXPECT_LT(*c.max_rate_scale, 1024.0);  // not the top of the grid
  for (const CapacitySample& sample : c.curve) {
    EXPECT_EQ(sample.slo_attainment, 1.0) << sample.rate_scale;
    const bool within = sample.rate_scale <= *c.max_rate_scale;
    EXPECT_EQ(sample.steady, within) << sample.rate_scale;
    EXPECT_EQ(sample.in_flight_max <= 20, within) << sample.rate_scale;
  }
}

TEST(Capacity, ASloMissedEvenAtTheLowestRateHasNoMaximumButACurve) {
  ScenarioSpec s = deployment();
  s.slo.ttft = Seconds(1e-6);
  const CapacityOptions o;
  const Capacity c = capacity_of(s, o);
  EXPECT_FALSE(c.infeasible.has_value());
  EXPECT_FALSE(c.max_rate_scale.has_value());
  EXPECT_FALSE(c.max_requests_per_s.has_value());
  expect_consistent(c);
  EXPECT_DOUBLE_EQ(c.curve.front().rate_scale, o.lowest_scale);
}

TEST(Capacity, AnInfeasibleDesignHasNoRateAndNoCurve) {
  ScenarioSpec s = deployment();
  s.model.name = "llama-3.1-70b";
  const Capacity big = capacity_of(s);
  ASSERT_TRUE(big.infeasible.has_value());
  EXPECT_EQ(big.infeasible->kind, InfeasibilityKind::does_not_fit);
  EXPECT_FALSE(big.max_rate_scale.has_value());
  EXPECT_TRUE(big.curve.empty());
  s = deployment();
  s.hardware.system = "h100-sxm-80g:8";
  s.mapping.tp = 3;
  const Capacity invalid = capacity_of(s);
  ASSERT_TRUE(invalid.infeasible.has_value());
  EXPECT_EQ(invalid.infeasible->kind, InfeasibilityKind::invalid_mapping);
  EXPECT_TRUE(invalid.curve.empty());
}

std::string error_of(const ScenarioSpec& s, const CapacityOptions& o = {}) {
  try {
    (void)capacity_of(s, o);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

void expect_error(const ScenarioSpec& s, const CapacityOptions& o, const std::string& expected) {
  const std::string error = error_of(s, o);
  EXPECT_NE(error.find(expected), std::string::npos) << "expected \"" << expected << "\" in\n"
                                                     << error;
}

TEST(Capacity, BadRequestsAreInputErrorsNamingTheField) {
  ScenarioSpec s = deployment();
  s.slo = {};
  expect_error(s, {}, "mine.yaml: error: slo: is required");
  for (const char* generator : {"concurrency:n=4,requests=50", "batch:n=4,requests=50"}) {
    s = deployment();
    s.workload.generator = serving::parse_synthetic(generator, "test", "generator");
    expect_error(s, {}, "mine.yaml: error: workload.generator: releases requests as others finish");
  }
  s = deployment();
  s.workload.generator = serving::parse_synthetic("offline:requests=50", "test", "generator");
  expect_error(s, {}, "mine.yaml: error: workload.generator: its requests all arrive at once");
  s = deployment();
  s.workload.rate_scale = 0;
  expect_error(s, {}, "mine.yaml: error: workload.rate_scale: 0 is not a positive rate scale");
  for (double attainment : {0.0, 1.5}) {
    CapacityOptions o;
    o.attainment = attainment;
    expect_error(deployment(), o, "mine.yaml: error: attainment: " +
                                      std::string(attainment == 0 ? "0" : "1.5") +
                                      " is not in (0, 1]");
  }
  CapacityOptions o;
  o.grid_ratio = 1;
  expect_error(deployment(), o, "mine.yaml: error: grid_ratio: 1 is not a finite factor above 1");
  o = {};
  o.lowest_scale = 0;
  expect_error(deployment(), o, "mine.yaml: error: lowest_scale: 0 is not a positive rate scale");
  o = {};
  o.highest_scale = o.lowest_scale;
  expect_error(deployment(), o, "mine.yaml: error: highest_scale:");
  // Every problem of the request at once.
  s = deployment();
  s.slo = {};
  o = {};
  o.attainment = 2;
  o.grid_ratio = 0.5;
  const std::string all = error_of(s, o);
  for (const char* field : {"slo:", "attainment:", "grid_ratio:"}) {
    EXPECT_NE(all.find(field), std::string::npos) << field << " in\n" << all;
  }
  // An input error comes before the design's infeasibility.
  s = deployment();
  s.model.name = "llama-3.1-70b";
  s.workload.generator = serving::parse_synthetic("concurrency:n=4,requests=50", "test", "g");
  expect_error(s, {}, "workload.generator");
}

}  // namespace
}  // namespace servesim::scenario
