// The engine's event order, its operating-point feedback and where its errors point.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "core/diagnostics.h"
#include "serving/event_queue.h"
#include "serving_fixture.h"

namespace servesim::serving {
namespace {

TEST(EventQueue, PopsByTimeThenKindThenKey) {
  EventQueue q;
  q.push({Seconds(2), EventKind::step_end, 1});
  q.push({Seconds(2), EventKind::operating_window});
  q.push({Seconds(2), EventKind::step_end, 0});
  q.push({Seconds(2), EventKind::arrival});
  q.push({Seconds(2), EventKind::kv_transfer_done, 7});
  q.push({Seconds(2), EventKind::kv_transfer_done, 3});
  q.push({Seconds(1), EventKind::operating_window});
  const std::vector<std::pair<EventKind, std::int64_t>> expected = {
      {EventKind::operating_window, 0}, {EventKind::kv_transfer_done, 3},
      {EventKind::kv_transfer_done, 7}, {EventKind::arrival, 0},
      {EventKind::step_end, 0},         {EventKind::step_end, 1},
      {EventKind::operating_window, 0}};
  for (const auto& [kind, key] : expected) {
    ASSERT_FALSE(q.empty());
    const Event e = q.pop();
    EXPECT_EQ(e.kind, kind);
    EXPECT_EQ(e.key, key);
  }
  EXPECT_TRUE(q.empty());
}

/// Records every step's start, end and kind of work.
class StepLog : public SimulationObserver {
 public:
  void on_step(const StepRecord& s) override { steps.push_back(s); }
  std::vector<StepRecord> steps;
};

/// From the first window at or after `from` on, every replica runs at `point`; records the
/// times and contexts it is called with.
class SwitchAt : public OperatingPointFeedback {
 public:
  SwitchAt(Seconds window, Seconds from, std::optional<OperatingPoint> point)
      : window_(window), from_(from), point_(point) {}
  [[nodiscard]] Seconds operating_window() const override { return window_; }
  OperatingPoint between_steps(const FeedbackContext& c) override {
    contexts.push_back(c);
    if (c.now < from_ || !point_) return c.current;
    if (switched_at < Seconds{}) switched_at = c.now;
    return *point_;
  }
  std::vector<FeedbackContext> contexts;
  Seconds switched_at{-1.0};

 private:
  Seconds window_, from_;
  std::optional<OperatingPoint> point_;
};

struct Served {
  ServeSummary summary;
  std::vector<StepRecord> steps;
};

Served serve(perf::StepModel& model, const std::string& workload, OperatingPointFeedback* feedback,
          std::int64_t replicas = 1) {
  ServeConfig config;
  config.replicas = replicas;
  Workload w = open_workload(workload, {});
  StepLog log;
  Served r;
  r.summary = simulate(model, w, config, {&log}, feedback);
  r.steps = std::move(log.steps);
  return r;
}

Seconds duration(const StepRecord& s) { return s.end - s.start; }

TEST(Feedback, ReturningTheCurrentPointLeavesTheRunBitIdentical) {
  auto sm = testing::step_model("llama-3.1-8b", "h100-sxm-80g:2", 1);
  const std::string workload = "poisson:rate=20,requests=300,input=uniform:100:3000,output=exp:100";
  const Served plain = serve(sm, workload, nullptr, 2);
  SwitchAt same(Seconds(0.05), Seconds(0), std::nullopt);
  const Served fed = serve(sm, workload, &same, 2);
  EXPECT_EQ(fed.summary.energy_j, plain.summary.energy_j);
  EXPECT_EQ(fed.summary.makespan_s, plain.summary.makespan_s);
  EXPECT_EQ(fed.summary.ttft.p99, plain.summary.ttft.p99);
  EXPECT_EQ(fed.summary.steps, plain.summary.steps);
  ASSERT_EQ(fed.steps.size(), plain.steps.size());
  for (std::size_t i = 0; i < fed.steps.size(); ++i) {
    EXPECT_EQ(fed.steps[i].start, plain.steps[i].start);
    EXPECT_EQ(fed.steps[i].end, plain.steps[i].end);
  }
  // Called for both replicas at every window until the run ends, with non-decreasing times.
  ASSERT_GT(same.contexts.size(), 100u);
  for (std::size_t i = 1; i < same.contexts.size(); ++i) {
    EXPECT_LE(same.contexts[i - 1].now, same.contexts[i].now);
  }
  EXPECT_EQ(same.contexts[0].replica, 0);
  EXPECT_EQ(same.contexts[1].replica, 1);
  EXPECT_NEAR(same.contexts[1].now.value(), 0.05, 1e-15);
  EXPECT_LE(same.contexts.back().now.value(), plain.summary.makespan_s + 0.05);
}

TEST(Feedback, SeesEachReplicasRecentPowerWithItsIdlePowerAlwaysDrawn) {
  auto sm = testing::step_model("llama-3.1-8b", "h100-sxm-80g:1", 1);
  SwitchAt watch(Seconds(0.02), Seconds(0), std::nullopt);
  (void)serve(sm, "offline:requests=64,input=2000,output=50", &watch);
  const double idle = perf::idle_power(sm.system().device).value();
  double busiest_compute = 0;
  for (const FeedbackContext& c : watch.contexts) {
    // Static power is drawn under steps and between them, from the first arrival (t = 0) on.
    EXPECT_NEAR(c.recent_power[perf::index_of(perf::EnergyComponent::idle)].value(), idle,
                1e-9 * idle);
    busiest_compute = std::max(
        busiest_compute, c.recent_power[perf::index_of(perf::EnergyComponent::compute)].value());
  }
  EXPECT_GT(busiest_compute, 0);
}

TEST(Feedback, AHalvedClockSlowsLaterComputeBoundStepsOnly) {
  auto sm = testing::step_model("llama-3.1-8b", "h100-sxm-80g:1", 1);
  // Offline prompts with one output token: the same prefill steps in the same order either way.
  const std::string workload = "offline:requests=40,input=8000,output=1";
  const Served plain = serve(sm, workload, nullptr);
  OperatingPoint slow = sm.operating_point();
  slow.compute_clock_scale = 0.5;
  SwitchAt halve(Seconds(0.1), Seconds(0.5), slow);
  const Served fed = serve(sm, workload, &halve);
  ASSERT_GT(halve.switched_at, Seconds{});
  ASSERT_EQ(fed.steps.size(), plain.steps.size());
  std::int64_t before = 0, after = 0;
  for (std::size_t i = 0; i < fed.steps.size(); ++i) {
    if (fed.steps[i].start < halve.switched_at) {
      ++before;
      EXPECT_EQ(fed.steps[i].end, plain.steps[i].end);
    } else {
      ++after;
      EXPECT_GT(duration(fed.steps[i]).value(), 1.5 * duration(plain.steps[i]).value());
    }
  }
  EXPECT_GT(before, 0);
  EXPECT_GT(after, 0);
  EXPECT_EQ(sm.operating_point().compute_clock_scale, 1.0);  // the caller's model is untouched
}

TEST(Feedback, DramAbove85CelsiusSlowsMemoryBoundDecodes) {
  auto sm = testing::step_model("llama-3.1-8b", "lamosys-dc:1", 1);
  ASSERT_TRUE(sm.system().device.memory_technology.has_value());
  const std::string workload = "offline:requests=16,input=100,output=400";
  const Served plain = serve(sm, workload, nullptr);
  OperatingPoint hot = sm.operating_point();
  hot.dram_temperature = core::celsius(115);
  SwitchAt heat(Seconds(0.05), Seconds(0.2), hot);
  const Served fed = serve(sm, workload, &heat);
  ASSERT_GT(heat.switched_at, Seconds{});
  ASSERT_EQ(fed.steps.size(), plain.steps.size());
  std::int64_t slower = 0;
  for (std::size_t i = 0; i < fed.steps.size(); ++i) {
    if (fed.steps[i].start < heat.switched_at) {
      EXPECT_EQ(fed.steps[i].end, plain.steps[i].end);
    } else if (fed.steps[i].prefill_sequences == 0) {
      EXPECT_GT(duration(fed.steps[i]), duration(plain.steps[i]));
      ++slower;
    }
  }
  EXPECT_GT(slower, 100);
  EXPECT_GT(fed.summary.makespan_s, plain.summary.makespan_s);
}

TEST(OperatingPoint, ClockScalesPeaksAndTemperatureCutsTechnologyBandwidthOnly) {
  auto gpu = testing::step_model("llama-3.1-8b", "h100-sxm-80g:1", 1);
  const hardware::Device nominal = gpu.system().device;
  OperatingPoint p = gpu.operating_point();
  p.compute_clock_scale = 0.5;
  p.dram_temperature = core::celsius(120);  // a datasheet memory has no refresh model
  gpu.set_operating_point(p);
  EXPECT_EQ(gpu.system().device.peak_for(core::DType::bf16).value(),
            0.5 * nominal.peak_for(core::DType::bf16).value());
  EXPECT_EQ(gpu.system().device.memory_bandwidth, nominal.memory_bandwidth);
  p.compute_clock_scale = 0;
  EXPECT_THROW(gpu.set_operating_point(p), std::invalid_argument);

  auto stacked = testing::step_model("llama-3.1-8b", "lamosys-dc:1", 1);
  const OperatingPoint initial = stacked.operating_point();
  EXPECT_DOUBLE_EQ(initial.dram_temperature.value(), core::celsius(65).value());
  model::StepBatch decode;
  for (int i = 0; i < 32; ++i) decode.add({1, 2000, true}, stacked.model());
  const perf::StepCost cool = stacked.price(decode);
  OperatingPoint hot = initial;
  hot.dram_temperature = core::celsius(95);
  stacked.set_operating_point(hot);
  const double bandwidth = stacked.system().device.memory_bandwidth.value();
  EXPECT_GT(stacked.price(decode).time, cool.time);
  hot.dram_temperature = core::celsius(115);
  stacked.set_operating_point(hot);  // from the nominal device: 115 °C refreshes more than 95 °C
  EXPECT_LT(stacked.system().device.memory_bandwidth.value(), bandwidth);
  stacked.set_operating_point(initial);
  EXPECT_EQ(stacked.price(decode).time, cool.time);
  EXPECT_EQ(stacked.price(decode).energy, cool.energy);
}

TEST(Feedback, RejectsAWindowThatIsNotPositive) {
  auto sm = testing::step_model();
  SwitchAt none(Seconds(0), Seconds(0), std::nullopt);
  EXPECT_THROW((void)serve(sm, "offline:requests=2", &none), std::invalid_argument);
}

using Location = std::pair<std::string, std::string>;  // file, key path

/// Where the input error `f` throws points.
Location where(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
    return {e.diagnostics().front().file, e.diagnostics().front().path};
  }
  return {};
}

TEST(EngineErrors, NameScenarioFieldsNotFlags) {
  auto sm = testing::step_model("llama-3.1-8b", "h100-sxm-80g:2", 1);
  const auto run = [&](ServeConfig config) {
    return [&sm, config] {
      Workload w = open_workload("offline:requests=1", {});
      (void)simulate(sm, w, config);
    };
  };
  ServeConfig router;
  router.router.name = "random";
  EXPECT_EQ(where(run(router)), Location("<scenario>", "serving.router"));
  ServeConfig scheduler;
  scheduler.scheduler.name = "fifo";
  EXPECT_EQ(where(run(scheduler)),
            Location("<scenario>", "serving.scheduler"));
  ServeConfig replicas;
  replicas.replicas = 3;
  EXPECT_EQ(where(run(replicas)),
            Location("<scenario>", "serving.replicas"));
  for (const auto& [p, d] : {std::pair{0, 1}, std::pair{2, 1}}) {
    ServeConfig pd;
    pd.prefill_replicas = p;
    pd.decode_replicas = d;
    EXPECT_EQ(where([&] {
                Workload w = open_workload("offline:requests=1", {});
                (void)simulate_disaggregated(sm, sm, w, pd);
              }),
              Location("<scenario>", "disaggregation"));
  }
}

}  // namespace
}  // namespace servesim::serving
