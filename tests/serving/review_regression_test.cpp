// Regressions from the code review: each test reproduces a defect that was fixed.
#include <gtest/gtest.h>

#include "core/diagnostics.h"
#include "perf/collective.h"
#include "perf/kv_transfer.h"
#include "serving_fixture.h"
#include "support/temp_file.h"
#include "support/shipped_hardware.h"

namespace servesim::serving {
namespace {

TEST(Regression, ClosedLoopRejectionsDoNotRecurse) {
  auto sm = testing::step_model("llama-2-7b", "h100-sxm-80g:1", 1);  // 4096-token context
  Workload w = open_workload("concurrency:n=1,requests=50000,input=300000,output=10", {});
  const ServeSummary s = simulate(sm, w, ServeConfig{});
  EXPECT_EQ(s.rejected, 50000);
  EXPECT_EQ(s.completed, 0);
}

TEST(Regression, EnergyCountsFromTheFirstArrival) {
  auto sm = testing::step_model();
  ::servesim::testing::TempFile early("a.csv", "arrival_s,input_tokens,output_tokens\n0,500,50\n1,500,50\n");
  ::servesim::testing::TempFile late("b.csv",
                                     "arrival_s,input_tokens,output_tokens\n10000,500,50\n10001,500,50\n");
  Workload a = open_workload(early.path(), {});
  Workload b = open_workload(late.path(), {});
  const ServeSummary sa = simulate(sm, a, ServeConfig{});
  const ServeSummary sb = simulate(sm, b, ServeConfig{});
  EXPECT_NEAR(sb.joules_per_output_token / sa.joules_per_output_token, 1.0, 1e-6);
  EXPECT_NEAR(sb.average_power_per_device_w / sa.average_power_per_device_w, 1.0, 1e-6);
}

TEST(Regression, AllToAllAcrossNodesOfAGridFabricIsFinite) {
  hardware::LinkSpec torus;
  torus.kind = "t";
  torus.bandwidth = core::BytesPerSecond(100e9);
  torus.latency = core::Seconds(1e-6);
  torus.topology = hardware::Topology::torus2d;
  torus.shape_x = torus.shape_y = 2;
  hardware::LinkSpec nic = torus;
  nic.topology = hardware::Topology::switch_fabric;
  const mapping::CommGroup g{16, 4, torus, nic};
  const double t = perf::collective_cost(model::OpKind::all_to_all, 1e8, g).time.value();
  EXPECT_TRUE(std::isfinite(t));
  EXPECT_GE(t, 12.0 / 16 * 1e8 / 100e9);  // the NIC share at least
}

std::string error_of(const std::string& spec_or_file, WorkloadOptions o = {}) {
  try {
    Workload w = open_workload(spec_or_file, o);
    while (w.source->next()) {
    }
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Regression, SpecNumbersAreBoundedIntegersWhereCountsAreMeant) {
  EXPECT_NE(error_of("batch:n=0.5").find("n: expected an integer"), std::string::npos);
  EXPECT_NE(error_of("concurrency:n=0.5").find("n: expected an integer"), std::string::npos);
  EXPECT_NE(error_of("offline:requests=1e30").find("requests: expected an integer"),
            std::string::npos);
  EXPECT_NE(error_of("offline:requests=10000000000000").find("requests: must be at most 1e+12"),
            std::string::npos);
  EXPECT_NE(error_of("offline:requests=inf").find("requests: expected an integer"),
            std::string::npos);
  EXPECT_NE(error_of("gamma:rate=1,cv=inf").find("cv: expected a number"), std::string::npos);
  EXPECT_NE(error_of("gamma:rate=1,cv=101").find("cv: must be at most 100"), std::string::npos);
  EXPECT_NE(error_of("poisson:rate=2e9").find("rate: must be at most 1e+09"), std::string::npos);
  EXPECT_NE(error_of("poisson:rate=1,input=1e30").find("is not a length"), std::string::npos);
}

TEST(Regression, HugeTokenCountsAreBadRows) {
  ::servesim::testing::TempFile f("t.csv", "arrival_s,input_tokens,output_tokens\n0,9223372036854775807,1\n");
  EXPECT_NE(error_of(f.path()).find("at most 2^40"), std::string::npos);
  ::servesim::testing::TempFile m("t.jsonl", "{\"timestamp\": 0, \"input_length\": 1e20, \"output_length\": 5}\n");
  EXPECT_NE(error_of(m.path()).find("must be an integer from 1 to 2^40"), std::string::npos);
}

TEST(Regression, StrayQuoteIsASkippableRowWithItsLine) {
  ::servesim::testing::TempFile f("q.csv",
                                  "arrival_s,input_tokens,output_tokens\n0,5,5\n1,5,5\n2,\"5,5\n3,5,5\n");
  EXPECT_NE(error_of(f.path()).find("q.csv:4"), std::string::npos) << error_of(f.path());
  WorkloadOptions skip;
  skip.skip_bad_rows = true;
  Workload w = open_workload(f.path(), skip);
  int n = 0;
  while (w.source->next()) ++n;
  EXPECT_EQ(n, 3);
  EXPECT_EQ(w.source->skipped_rows(), 1);
}

TEST(Regression, SharedExpertsUnderExpertParallelismAreStillReduced) {
  auto sm = testing::step_model("deepseek-v3", "h200-sxm-141g:8", 8);
  perf::StepModel ep(sm.model(), sm.system(), mapping::Plan{8, 1, 8, false}, {});
  model::StepBatch b;
  b.add({1, 100, true}, ep.model(), 8);
  (void)ep.price(b);
  std::int64_t all_reduces = 0;
  for (const model::Op& op : ep.last_ops()) {
    if (op.kind == model::OpKind::all_reduce) all_reduces += op.repeat;
  }
  EXPECT_EQ(all_reduces, 2 * 61);
}

}  // namespace
}  // namespace servesim::serving

namespace servesim::serving {
namespace {

TEST(Regression, DpAttentionKeepsWholeSequencesInAGroup) {
  // One 8k-token prompt on 16 attention groups costs its busiest group as much as 16 of them do.
  perf::StepModel sm(model::load_model("deepseek-v3", servesim::testing::root()), servesim::testing::system("dgx-h100x2"),
                     mapping::Plan{1, 1, 16, true}, {});
  auto attention = [&](std::int64_t batch) {
    model::StepBatch b;
    b.add({8192, 0, true}, sm.model(), batch);
    return sm.price(b).by_class[static_cast<int>(model::OpClass::attention)].time.value();
  };
  EXPECT_NEAR(attention(1) / attention(16), 1.0, 1e-9);
}

TEST(Regression, KvTransfersShareTheirLink) {
  // With a 1 Gb/s NIC, 32 prompts finishing together queue on the link instead of all at once.
  ::servesim::testing::TempFile slow(
      "slow.yaml",
      "name: slow\ndevice: h100-sxm-80g\nnodes: 2\ndevices_per_node: 8\n"
      "scale_out: {kind: slow, bandwidth: \"1 Gb/s\", latency: \"5 us\"}\n");
  perf::StepModel sm(model::load_model("llama-3.1-8b", servesim::testing::root()), servesim::testing::system(slow.path()),
                     mapping::Plan{8, 1}, {});
  ServeConfig config;
  config.prefill_replicas = config.decode_replicas = 1;
  config.scheduler.params.set("max_num_batched_tokens", std::int64_t{100000});
  Workload w = open_workload("batch:n=32,requests=32,input=1024,output=8", {});
  const ServeSummary s = simulate_disaggregated(sm, sm, w, config);
  const perf::KvTransfer one = perf::kv_transfer(sm, 1024, Seconds(0));
  EXPECT_GT(s.kv_transfer_wait.max, 30 * one.total.value());
}

TEST(Regression, ExpertSkewDoesNotCreateEnergy) {
  const auto m = model::load_model("qwen3-235b-a22b", servesim::testing::root());
  auto dynamic_energy = [&](double skew) {
    model::StepOpsConfig cfg;
    cfg.expert_skew = skew;
    perf::StepModel sm(m, servesim::testing::system("dgx-h100x2"), mapping::Plan{2, 1, 16, true}, cfg);
    model::StepBatch b;
    b.add({2048, 0, true}, m, 64);
    const perf::StepCost c = sm.price(b);
    return c.energy.value() - sm.system().device.idle_power.value() * c.time.value() * 16;
  };
  EXPECT_NEAR(dynamic_energy(4.0) / dynamic_energy(1.0), 1.0, 0.02);
}

}  // namespace
}  // namespace servesim::serving
