// Serving simulation invariants: conservation, latency ordering, KV capacity, preemption,
// the low-rate limit, saturation, determinism.
#include "serving/simulation.h"

#include <tuple>

#include <gtest/gtest.h>

#include "perf/batch_estimate.h"
#include "report/summary_json.h"
#include "serving/router.h"
#include "serving_fixture.h"

namespace servesim::serving {
namespace {

using testing::Recorder;
using testing::step_model;

ServeSummary run(perf::StepModel& sm, const std::string& spec, ServeConfig config = {},
                 Recorder* recorder = nullptr, WorkloadOptions options = {}) {
  Workload w = open_workload(spec, options);
  std::vector<SimulationObserver*> observers;
  if (recorder) observers.push_back(recorder);
  return simulate(sm, w, config, observers);
}

TEST(Simulation, EveryRequestFinishesOnceWithItsTokensUnderEveryScheduler) {
  auto sm = step_model();
  for (const auto& entry : schedulers().entries()) {
    ServeConfig config;
    config.scheduler = schedulers().select(entry.name);
    Recorder rec;
    const ServeSummary s =
        run(sm, "poisson:rate=20,requests=400,input=uniform:50:3000,output=exp:200", config, &rec);
    EXPECT_EQ(s.requests, 400) << entry.name;
    EXPECT_EQ(s.completed + s.rejected, 400) << entry.name;
    EXPECT_EQ(s.rejected, 0) << entry.name;
    EXPECT_EQ(static_cast<std::int64_t>(rec.finished_ids.size()), 400) << entry.name;
    EXPECT_EQ(rec.finished_twice, 0) << entry.name;
    EXPECT_EQ(rec.output_tokens, rec.expected_output_tokens) << entry.name;
    EXPECT_EQ(s.output_tokens, rec.expected_output_tokens) << entry.name;
    EXPECT_EQ(rec.ttft_after_e2e, 0) << entry.name;
    EXPECT_LE(rec.max_kv_over_capacity, 1.0) << entry.name;
    EXPECT_FALSE(rec.time_went_backwards) << entry.name;
    EXPECT_LE(s.ttft.p99, s.e2e.max) << entry.name;
  }
}

TEST(Simulation, TooLongRequestsAreRejectedWithTheReason) {
  auto sm = step_model("gpt3-13b", "a100-sxm-80g:1");  // 2048-token context
  Recorder rec;
  const ServeSummary s = run(sm, "offline:requests=10,input=2000,output=100", {}, &rec);
  EXPECT_EQ(s.rejected, 10);
  EXPECT_EQ(s.completed, 0);
  EXPECT_EQ(rec.rejected.begin()->first, "longer than the 2048-token context window");
}

TEST(Simulation, TightMemoryPreemptsAndEveryPreemptedRequestCompletes) {
  auto sm = step_model();
  for (const char* mode : {"recompute", "swap"}) {
    ServeConfig config;
    config.memory_utilization = 0.22;  // a few GiB of KV cache for 8B on 80 GB
    config.scheduler.params.set("preemption", std::string(mode));
    Recorder rec;
    const ServeSummary s = run(sm, "offline:requests=300,input=2000,output=2000", config, &rec);
    EXPECT_GT(s.preemptions, 0);
    EXPECT_GT(rec.preempted_and_finished, 0);
    EXPECT_EQ(s.completed, 300);
    EXPECT_EQ(rec.output_tokens, rec.expected_output_tokens);
    EXPECT_LE(rec.max_kv_over_capacity, 1.0);
  }
}

TEST(Simulation, FullSequenceAdmissionNeverPreempts) {
  auto sm = step_model();
  ServeConfig config;
  config.memory_utilization = 0.22;
  config.scheduler.params.set("admission", std::string("full-sequence"));
  const ServeSummary s = run(sm, "offline:requests=300,input=2000,output=2000", config);
  EXPECT_EQ(s.preemptions, 0);
  EXPECT_EQ(s.completed, 300);
}

TEST(Simulation, AtLowRateTtftIsTheSingleRequestPrefillOfEstimate) {
  auto sm = step_model("llama-3.1-70b", "h100-sxm-80g:8", 8);
  ServeConfig config;
  config.step_overhead = Seconds(0);
  config.step_overhead_per_sequence = Seconds(0);
  const ServeSummary s = run(sm, "poisson:rate=0.01,requests=20,input=1500,output=20", config);
  const perf::Estimate e = perf::estimate_batch(sm, {1, 1500, 20});
  EXPECT_NEAR(s.ttft.mean / e.ttft.value(), 1.0, 1e-9);
  EXPECT_NEAR(s.tpot.mean / e.tpot_mean.value(), 1.0, 1e-3);
}

TEST(Simulation, ThroughputSaturatesAsTheRateGrows) {
  auto sm = step_model();
  const std::string lengths = ",requests=3000,input=512,output=128";
  const double low = run(sm, "poisson:rate=2" + lengths).output_tokens_per_s;
  const double high = run(sm, "poisson:rate=500" + lengths).output_tokens_per_s;
  const double higher = run(sm, "poisson:rate=5000" + lengths).output_tokens_per_s;
  EXPECT_GT(high, 5 * low);
  EXPECT_NEAR(higher / high, 1.0, 0.1);
}

TEST(Simulation, SameInputsAndSeedGiveIdenticalOutputs) {
  auto sm = step_model();
  const std::string spec = "gamma:rate=30,cv=3,requests=500,input=lognormal:800:1.5,output=exp:150";
  WorkloadOptions o;
  o.seed = 7;
  const std::string a = report::summary_json(run(sm, spec, {}, nullptr, o)).dump();
  const std::string b = report::summary_json(run(sm, spec, {}, nullptr, o)).dump();
  EXPECT_EQ(a, b);
  o.seed = 8;
  EXPECT_NE(a, report::summary_json(run(sm, spec, {}, nullptr, o)).dump());
}

TEST(Simulation, StaticBatchesAndClosedLoopsKeepAtMostNRunning) {
  auto sm = step_model();
  for (const auto& [spec, n, requests] :
       {std::tuple{"batch:n=16,requests=100,input=256,output=64", 16, 100},
        std::tuple{"concurrency:n=8,requests=200,input=256,output=64", 8, 200}}) {
    Recorder rec;
    const ServeSummary s = run(sm, spec, {}, &rec);
    EXPECT_EQ(s.completed, requests) << spec;
    EXPECT_LE(rec.max_running, n) << spec;
    EXPECT_DOUBLE_EQ(s.batch_size_max, n) << spec;
  }
}

TEST(Simulation, ReplicasShareTheLoad) {
  auto sm = step_model("llama-3.1-8b", "h100-sxm-80g:2", 1);
  const std::string spec = "poisson:rate=60,requests=2000,input=1024,output=256";
  const double one = run(sm, spec).ttft.p90;
  for (const auto& router : routers().entries()) {
    ServeConfig two;
    two.replicas = 2;
    two.router = routers().select(router.name);
    const ServeSummary s = run(sm, spec, two);
    EXPECT_EQ(s.completed, 2000) << router.name;
    EXPECT_LT(s.ttft.p90, one) << router.name;
  }
}

TEST(Simulation, SloGoodputCountsOnlyRequestsMeetingBothTargets) {
  auto sm = step_model();
  ServeConfig config;
  config.slo = Slo{Seconds(0.2), Seconds(0.05)};
  const ServeSummary s = run(sm, "poisson:rate=40,requests=1000,input=1024,output=128", config);
  EXPECT_GT(s.slo_attainment, 0);
  EXPECT_LE(s.slo_attainment, 1);
  EXPECT_NEAR(s.goodput_requests_per_s, s.requests_per_s * s.slo_attainment, 1e-9);
  config.slo = Slo{Seconds(1e-6), Seconds(1e-6)};
  EXPECT_EQ(run(sm, "poisson:rate=40,requests=100,input=1024,output=128", config).slo_attainment, 0);
}

TEST(Simulation, EnergyCoversIdleAndBusyTime) {
  auto sm = step_model();
  const ServeSummary s = run(sm, "poisson:rate=1,requests=50,input=512,output=64");
  const double idle = sm.system().device.idle_power.value();
  const double tdp = sm.system().device.tdp.value();
  EXPECT_GE(s.average_power_per_device_w, idle * 0.999);
  EXPECT_LE(s.average_power_per_device_w, tdp);
  EXPECT_NEAR(s.joules_per_output_token * static_cast<double>(s.output_tokens), s.energy_j,
              1e-6 * s.energy_j);
}

TEST(Simulation, NotEnoughMemoryIsAValueWithTheNumbers) {
  auto sm = step_model("llama-3.1-70b", "h100-sxm-80g:1", 1);
  const Capacity c = kv_capacity(sm, ServeConfig{});
  EXPECT_EQ(c.blocks, 0);
  EXPECT_NE(c.infeasible.find("does not fit: needs"), std::string::npos);
}

TEST(Simulation, TooManyReplicasForTheSystemIsAnInputError) {
  auto sm = step_model("llama-3.1-8b", "h100-sxm-80g:2", 1);
  ServeConfig config;
  config.replicas = 3;
  Workload w = open_workload("offline:requests=1", {});
  EXPECT_THROW((void)simulate(sm, w, config), core::InputError);
}

}  // namespace
}  // namespace servesim::serving
