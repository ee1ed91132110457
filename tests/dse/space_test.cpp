// Space files: parameters over scenario fields (values, ranges), constraints and objectives on
// metrics, the strategy; every malformed space is an error naming the file, path and line; the
// Pareto front is non-dominated and complete.
#include "dse/space.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "dse/parameter_range.h"
#include "dse/scoring.h"
#include "scenario/evaluate.h"
#include "support/shipped_hardware.h"
#include "support/temp_file.h"

namespace servesim::dse {
namespace {

const char* kBase =
    "name: small\n"
    "base: {model: llama-3.1-8b, hardware: {system: \"h100-sxm-80g:2\"}, fidelity: estimate,\n"
    "       batch: {size: 8, input: 512, output: 64}}\n";

Space load(const std::string& text) {
  testing::TempFile f("space.yaml", text);
  return load_space(f.path(), testing::root());
}

std::string error_of(const std::string& text) {
  try {
    (void)load(text);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Space, ParametersExpandAndApplyInOrder) {
  const Space s = load(std::string(kBase) +
                       "parameters:\n"
                       "  - {field: mapping.tp, values: [1, 2]}\n"
                       "  - {field: batch.size, range: [8, 64], scale: log}\n"
                       "  - {field: hardware.overrides.memory.bandwidth, range: [\"2 TB/s\", "
                       "\"4 TB/s\"], points: 3}\n"
                       "  - {field: batch.input, range: [100, 400], step: 100}\n"
                       "objectives: [{metric: output_tokens_per_s}, {metric: joules_per_token}]\n"
                       "strategy: {name: grid}\n");
  ASSERT_EQ(s.parameters.size(), 4u);
  EXPECT_EQ(s.parameters[1].values, (std::vector<std::string>{"8", "16", "32", "64"}));
  EXPECT_EQ(s.parameters[2].values, (std::vector<std::string>{"2 TB/s", "3 TB/s", "4 TB/s"}));
  EXPECT_EQ(s.parameters[3].values, (std::vector<std::string>{"100", "200", "300", "400"}));
  EXPECT_FALSE(s.parameters[0].hardware);
  EXPECT_TRUE(s.parameters[2].hardware);
  EXPECT_EQ(s.size(), 2 * 4 * 3 * 4);
  EXPECT_EQ(s.shape().dimensions[1].levels, 4);
  EXPECT_EQ(s.objectives[0].goal, Better::higher);
  EXPECT_EQ(s.objectives[1].goal, Better::lower);
  const scenario::ScenarioSpec spec = s.scenario_of({1, 2, 0, 3});
  EXPECT_EQ(spec.mapping.tp, 2);
  EXPECT_EQ(spec.batch.size, 32);
  EXPECT_EQ(spec.batch.input, 400);
  EXPECT_EQ(spec.hardware.overrides, (hardware::DeviceEdits{{"memory.bandwidth", "2 TB/s"}}));
  EXPECT_EQ(s.chart_y, "output_tokens_per_s");
  EXPECT_EQ(s.chart_x, "joules_per_token");
}

TEST(Space, LinkedFieldsChangeTogether) {
  const Space s = load(std::string(kBase) +
                       "parameters:\n"
                       "  - fields: [mapping.tp, batch.size]\n"
                       "    values: [[1, 16], [2, 32]]\n"
                       "objectives: [{metric: output_tokens_per_s}]\n");
  ASSERT_EQ(s.parameters.size(), 1u);
  EXPECT_EQ(s.parameters[0].field, "mapping.tp+batch.size");
  EXPECT_EQ(s.parameters[0].values, (std::vector<std::string>{"1, 16", "2, 32"}));
  const scenario::ScenarioSpec spec = s.scenario_of({1});
  EXPECT_EQ(spec.mapping.tp, 2);
  EXPECT_EQ(spec.batch.size, 32);
  EXPECT_NE(error_of(std::string(kBase) +
                     "parameters: [{fields: [mapping.tp, batch.size], values: [[1]]}]\n"
                     "objectives: [{metric: output_tokens_per_s}]\n")
                .find("row 0 has 1 values for 2 fields"),
            std::string::npos);
}

TEST(Space, TheHashFollowsTheContent) {
  const std::string objectives = "objectives: [{metric: output_tokens_per_s}]\n";
  const std::string a = std::string(kBase) + "parameters: [{field: mapping.tp, values: [1, 2]}]\n";
  EXPECT_EQ(load(a + objectives).hash, load(a + objectives).hash);
  EXPECT_NE(load(a + objectives).hash, load(a + objectives + "seed: 2\n").hash);
  EXPECT_NE(load(a + objectives).hash,
            load(std::string(kBase) + "parameters: [{field: mapping.tp, values: [1, 4]}]\n" +
                 objectives)
                .hash);
}

TEST(Space, EveryShippedSpaceLoadsAndItsBaseAndReferencesAreFeasible) {
  int shipped = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SERVESIM_SOURCE_DIR) + "/configs/spaces")) {
    const Space s = load_space(entry.path().string(), testing::root());
    EXPECT_FALSE(s.description.empty()) << entry.path();
    EXPECT_GT(s.size(), 1) << entry.path();
    const auto feasible = [&](const scenario::ScenarioSpec& spec, const std::string& what) {
      const scenario::Evaluation e =
          scenario::evaluate(spec, scenario::Fidelity::estimate, testing::environment());
      EXPECT_TRUE(e.feasible()) << entry.path() << " " << what << ": "
                                << (e.feasible() ? "" : e.infeasibility().reason);
    };
    feasible(s.base, "base");
    for (const Reference& r : s.references) feasible(r.scenario, r.name);
    ++shipped;
  }
  EXPECT_GE(shipped, 6);  // one per seed (ADOR, LaMoSys, L3, the review) and the GPU deployments
}

TEST(Space, MalformedSpacesNameTheFileThePathAndTheLine) {
  const std::string obj = "objectives: [{metric: output_tokens_per_s}]\n";
  const struct {
    std::string text;
    const char* message;
  } cases[] = {
      {std::string(kBase) + "parameters:\n  - {field: mapping.tq, values: [1]}\n" + obj,
       "space.yaml:5: error: parameters[0].values: mapping.tq = 1: mapping.tq: is not a field"},
      {std::string(kBase) + "parameters:\n  - {field: mapping.tp, values: [0]}\n" + obj,
       "parameters[0].values: mapping.tp = 0: mapping.tp: must be >= 1, got 0"},
      {std::string(kBase) + "parameters:\n  - {field: mapping.tp, range: [8, 2]}\n" + obj,
       "parameters[0].range: range [8, 2] is empty: low is above high"},
      {std::string(kBase) + "parameters:\n  - {field: mapping.tp, values: []}\n" + obj,
       "parameters[0].values: is empty"},
      {std::string(kBase) + "parameters:\n  - {field: mapping.tp}\n" + obj,
       "a parameter has either values or a range"},
      {std::string(kBase) + "constraints: [{metric: tokens_per_watt, max: 3}]\n" + obj,
       "constraints[0].metric: unknown metric 'tokens_per_watt'"},
      {std::string(kBase) + "constraints: [{metric: devices}]\n" + obj,
       "a constraint needs min, max or both"},
      {std::string(kBase) + "objectives: [{metric: speed}]\n", "objectives[0].metric: unknown metric 'speed'"},
      {std::string(kBase), "objectives: a space needs at least one objective"},
      {std::string(kBase) + obj, "parameters: a space needs at least one parameter"},
      {std::string(kBase) + obj + "strategy: {name: annealing}\n", "unknown strategy 'annealing'"},
      {std::string(kBase) + obj + "fidelity: {screen: estimate}\n", "fidelity.keep: is required"},
      {std::string(kBase) + obj + "colour: red\n", "colour: unknown key"},
  };
  for (const auto& c : cases) {
    const std::string e = error_of(c.text);
    EXPECT_NE(e.find(c.message), std::string::npos) << c.message << "\n" << e;
  }
}

TEST(ParameterRange, ExpandsLinearLogAndPointsAndNamesBadRanges) {
  std::string problem;
  EXPECT_EQ(expand_range({.low = "1", .high = "2", .step = "0.25"}, problem),
            (std::vector<std::string>{"1", "1.25", "1.5", "1.75", "2"}));
  EXPECT_EQ(expand_range({.low = "1 GHz", .high = "4 GHz", .points = 4, .log = true}, problem),
            (std::vector<std::string>{"1 GHz", "1.5874 GHz", "2.51984 GHz", "4 GHz"}));
  EXPECT_EQ(expand_range({.low = "64", .high = "64"}, problem), std::vector<std::string>{"64"});
  EXPECT_TRUE(problem.empty()) << problem;
  for (const auto& [range, message] :
       std::vector<std::pair<ParameterRange, std::string>>{
           {{.low = "1 GB", .high = "2 TB"}, "mixes units"},
           {{.low = "a", .high = "2"}, "needs two numbers"},
           {{.low = "0", .high = "8", .log = true}, "positive low end"},
           {{.low = "1", .high = "2", .step = "0"}, "must be a positive number"},
           {{.low = "1", .high = "2", .step = "1", .points = 3}, "give step or points, not both"},
           {{.low = "1", .high = "1e9"}, "more than 10000"}}) {
    problem.clear();
    EXPECT_TRUE(expand_range(range, problem).empty());
    EXPECT_NE(problem.find(message), std::string::npos) << message << ": " << problem;
  }
}

TEST(ParetoFront, IsNonDominatedAndContainsEveryNonDominatedPoint) {
  const Space s = load(std::string(kBase) + "parameters: [{field: mapping.tp, values: [1]}]\n" +
                       "objectives: [{metric: output_tokens_per_s}, {metric: joules_per_token},\n"
                       "             {metric: ttft_mean_ms}]\n"
                       "constraints: [{metric: devices, max: 4}]\n");
  std::mt19937_64 rng(5);
  std::vector<Record> records;
  for (int i = 0; i < 300; ++i) {
    Record r;
    r.point = {i};
    r.outcome.metrics = {{"output_tokens_per_s", static_cast<double>(rng() % 20)},
                         {"joules_per_token", static_cast<double>(rng() % 20)},
                         {"ttft_mean_ms", static_cast<double>(rng() % 20)},
                         {"devices", static_cast<double>(rng() % 6)}};
    if (i % 37 == 0) r.outcome.infeasible = scenario::InfeasibilityKind::does_not_fit;
    records.push_back(r);
  }
  const auto front = pareto_front(s, records);
  ASSERT_FALSE(front.empty());
  const auto vec = [&](const Record& r) { return *objective_vector(s, r.outcome); };
  const auto dominates = [](const std::vector<double>& a, const std::vector<double>& b) {
    bool better = false;
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (a[k] > b[k]) return false;
      better = better || a[k] < b[k];
    }
    return better;
  };
  for (std::size_t i = 0; i < records.size(); ++i) {
    const bool ok = acceptable(s, records[i].outcome);
    bool dominated = false;
    for (std::size_t j = 0; j < records.size() && ok; ++j) {
      dominated = dominated ||
                  (acceptable(s, records[j].outcome) && dominates(vec(records[j]), vec(records[i])));
    }
    const bool on_front = std::find(front.begin(), front.end(), i) != front.end();
    EXPECT_EQ(on_front, ok && !dominated) << i;
  }
}

}  // namespace
}  // namespace servesim::dse
