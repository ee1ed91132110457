// Energy by component: a step's split sums to its energy; the accountant's components and its
// power samples integrate to the run's energy on co-located, P/D and PIM runs.
#include <gtest/gtest.h>

#include <array>

#include "serving/power_accountant.h"
#include "serving_fixture.h"
#include "support/shipped_hardware.h"

namespace servesim::serving {
namespace {

using perf::EnergyComponent;
using perf::index_of;

/// Integrates the power samples, in total and by component.
class PowerIntegral : public SimulationObserver {
 public:
  void on_power(const PowerSample& s) override {
    if (s.end <= s.start) ++empty_samples;
    for (int c = 0; c < perf::kEnergyComponentCount; ++c) {
      by_component[c] += s.watts[c].value() * (s.end - s.start).value();
    }
  }
  [[nodiscard]] double total() const {
    double t = 0;
    for (double j : by_component) t += j;
    return t;
  }
  std::array<double, perf::kEnergyComponentCount> by_component{};
  std::int64_t empty_samples = 0;
};

/// Checks ∫ power = energy_j, by component and in total; returns the breakdown.
EnergyBreakdown expect_power_integrates_to_energy(const ServeSummary& s, const PowerIntegral& p) {
  const EnergyBreakdown& b = s.energy_by_component;
  const double tolerance = 1e-9 * s.energy_j;
  EXPECT_GT(s.energy_j, 0);
  EXPECT_NEAR(b.total_j(), s.energy_j, tolerance);
  EXPECT_NEAR(p.total(), s.energy_j, tolerance);
  const std::array<double, perf::kEnergyComponentCount> fields = {b.compute_j, b.memory_j,
                                                                  b.link_j, b.pim_j, b.idle_j};
  for (int c = 0; c < perf::kEnergyComponentCount; ++c) {
    EXPECT_NEAR(p.by_component[c], fields[c], tolerance) << "component " << c;
    EXPECT_GE(fields[c], 0) << "component " << c;
  }
  EXPECT_EQ(p.empty_samples, 0);
  EXPECT_GT(b.compute_j, 0);
  EXPECT_GT(b.memory_j, 0);
  return b;
}

double idle_watts(const perf::StepModel& m) {
  return perf::idle_power(m.system().device).value() * static_cast<double>(m.plan().devices());
}

TEST(PowerAccountant, StepEnergySplitSumsToTheStepEnergy) {
  auto sm = testing::step_model("llama-3.1-70b", "h100-sxm-80g:8", 4);
  model::StepBatch b;
  b.add({2000, 0, true}, sm.model());
  for (int i = 0; i < 16; ++i) b.add({1, 1500, true}, sm.model());
  const perf::StepCost c = sm.price_iteration(b);
  double sum = 0;
  for (const core::Joules j : c.energy_by_component) sum += j.value();
  EXPECT_NEAR(sum, c.energy.value(), 1e-12 * c.energy.value());
  EXPECT_GT(c.energy_by_component[index_of(EnergyComponent::link)].value(), 0);  // TP all-reduces
  EXPECT_EQ(c.energy_by_component[index_of(EnergyComponent::pim)].value(), 0);
  EXPECT_NEAR(c.energy_by_component[index_of(EnergyComponent::idle)].value(),
              idle_watts(sm) * c.time.value(), 1e-12 * c.energy.value());
}

TEST(PowerAccountant, CoLocatedRunIntegratesToItsEnergy) {
  auto sm = testing::step_model("llama-3.1-8b", "h100-sxm-80g:4", 2);
  ServeConfig config;
  config.replicas = 2;
  Workload w = open_workload("poisson:rate=25,requests=400,input=uniform:100:3000,output=exp:150", {});
  PowerIntegral p;
  const ServeSummary s = simulate(sm, w, config, {&p});
  const EnergyBreakdown b = expect_power_integrates_to_energy(s, p);
  EXPECT_GT(b.link_j, 0);
  EXPECT_EQ(b.pim_j, 0);
  // Every device draws idle power from the first arrival to the last completion.
  EXPECT_NEAR(b.idle_j, 2 * idle_watts(sm) * s.makespan_s, 1e-9 * b.idle_j);
}

TEST(PowerAccountant, DisaggregatedRunCountsKvTransfersOnLinks) {
  auto prefill = testing::step_model("llama-3.1-8b", "h100-sxm-80g:4", 1);
  auto decode = testing::step_model("llama-3.1-8b", "h100-sxm-80g:4", 1);
  ServeConfig config;
  config.prefill_replicas = 1;
  config.decode_replicas = 3;
  Workload w = open_workload("poisson:rate=30,requests=400,input=uniform:100:4000,output=exp:100", {});
  PowerIntegral p;
  const ServeSummary s = simulate_disaggregated(prefill, decode, w, config, {&p});
  const EnergyBreakdown b = expect_power_integrates_to_energy(s, p);
  EXPECT_GT(s.kv_transfer_bytes, 0);
  EXPECT_GT(b.link_j, 0);  // TP1 has no collectives: the links carry the KV transfers
  EXPECT_NEAR(b.idle_j, 4 * idle_watts(prefill) * s.makespan_s, 1e-9 * b.idle_j);
}

TEST(PowerAccountant, PimRunCountsAttentionInThePim) {
  hardware::System system = servesim::testing::system("a100-l3:8");
  ASSERT_TRUE(system.device.pim.has_value());
  model::ModelSpec m = model::load_model("gpt-89b", servesim::testing::root());
  m.max_context = 32768;
  perf::StepModel sm(std::move(m), system, mapping::Plan{8, 1}, {});
  ServeConfig config;
  config.scheduler = schedulers().select("sarathi");
  config.scheduler.params.set("max_num_seqs", std::int64_t{512});
  Workload w = open_workload("offline:requests=120,input=lognormal:2000:1.0,output=lognormal:800:1.0", {});
  PowerIntegral p;
  const ServeSummary s = simulate(sm, w, config, {&p});
  const EnergyBreakdown b = expect_power_integrates_to_energy(s, p);
  EXPECT_GT(b.pim_j, 0);
  EXPECT_GT(b.link_j, 0);
}

TEST(PowerAccountant, RecentPowerCountsTheStepInProgressAndIdleAfterIt) {
  const std::vector<SimulationObserver*> none;
  PowerAccountant a({core::Watts(100)}, none);
  EXPECT_EQ(a.recent_power(0, Seconds(1))[index_of(EnergyComponent::idle)].value(), 0);  // closed
  a.open(Seconds(1));
  a.idle(0, Seconds(1), Seconds(2));
  perf::EnergyByComponent split{};
  split[index_of(EnergyComponent::compute)] = core::Joules(400);
  split[index_of(EnergyComponent::idle)] = core::Joules(200);
  a.busy(0, Seconds(2), Seconds(4), core::Joules(600), split);
  a.transfer(0, Seconds(2), Seconds(3), core::Joules(30));
  // [1, 3]: idle 100 W for 1 s, then half the step (200 W compute, 100 W idle); the transfer in full.
  const PowerByComponent w = a.recent_power(0, Seconds(3));
  EXPECT_DOUBLE_EQ(w[index_of(EnergyComponent::idle)].value(), 100);
  EXPECT_DOUBLE_EQ(w[index_of(EnergyComponent::compute)].value(), 100);
  EXPECT_DOUBLE_EQ(w[index_of(EnergyComponent::link)].value(), 15);
  // [3, 6]: the rest of the step, then idle from its end.
  const PowerByComponent later = a.recent_power(0, Seconds(6));
  EXPECT_DOUBLE_EQ(later[index_of(EnergyComponent::compute)].value(), 200.0 / 3);
  EXPECT_DOUBLE_EQ(later[index_of(EnergyComponent::idle)].value(), 100);
  EXPECT_DOUBLE_EQ(a.recent_power(0, Seconds(6))[index_of(EnergyComponent::compute)].value(),
                   200.0 / 3);  // no time passed: the previous average
  EXPECT_DOUBLE_EQ(a.energy_j(), 100 + 600 + 30);
  EXPECT_DOUBLE_EQ(a.breakdown().total_j(), 730);
}

}  // namespace
}  // namespace servesim::serving
