// Golden scenarios (tests/golden/*.yaml, README.md beside them): every file evaluates, and every
// expected figure is within its tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/config_node.h"
#include "scenario/evaluate.h"
#include "scenario/evaluation_json.h"
#include "scenario/scenario_yaml.h"
#include "support/shipped_hardware.h"

namespace servesim::scenario {
namespace {

struct Golden {
  ScenarioSpec scenario;
  struct Expect {
    std::string metric;
    double value = 0;
    double tolerance = 0;
  };
  std::vector<Expect> expect;
};

Golden load(const std::string& file) {
  const auto doc = core::ConfigDocument::load(file);
  core::Diagnostics diag(file);
  core::ConfigNode root = doc.root(diag);
  Golden g;
  core::ConfigNode scenario = root.child("scenario");
  g.scenario = parse_scenario(scenario);
  for (core::ConfigNode& e : root.list("expect")) {
    g.expect.push_back({e.text("metric"), e.number("value"), e.number("tolerance", core::Range::fraction)});
    e.finish();
  }
  root.finish();
  diag.throw_if_errors();
  return g;
}

TEST(Golden, EveryGoldenScenarioMeetsItsExpectedFigures) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SERVESIM_GOLDEN_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string file = entry.path().string();
    const Golden g = load(file);
    ASSERT_FALSE(g.expect.empty()) << file;
    const Evaluation e = evaluate(g.scenario, testing::environment());
    ASSERT_TRUE(e.feasible()) << file << ": " << e.infeasibility().reason;
    const nlohmann::ordered_json doc = evaluation_json(e);
    for (const Golden::Expect& x : g.expect) {
      const nlohmann::json::json_pointer pointer(x.metric);
      ASSERT_TRUE(doc.contains(pointer)) << file << ": " << x.metric;
      const double got = doc.at(pointer).get<double>();
      EXPECT_NEAR(got, x.value, std::abs(x.value) * x.tolerance) << file << ": " << x.metric;
    }
    ++files;
  }
  EXPECT_GE(files, 4);
}

}  // namespace
}  // namespace servesim::scenario
