// Experiment files and what-if flags: every shipped experiment runs and reproduces the direction of
// each published claim (and lands within 1.5x of it or says why not); malformed experiment files,
// --set overrides and --max-batch behave as the command-line contract says. Runs are scenarios: a
// shared `base` with each run's `scenario` laid over it, or a `scenario_file`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "servesim_command.h"
#include "support/temp_file.h"

namespace servesim {
namespace {

using testing::CommandResult;
using testing::servesim;

TEST(Experiment, ShippedExperimentsReproduceTheDirectionOfEveryClaim) {
  int experiments = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SERVESIM_SOURCE_DIR) + "/configs/experiments")) {
    const std::string name = entry.path().stem().string();
    const CommandResult r = servesim("experiment " + name + " --json");
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_FALSE(doc["comparisons"].empty()) << name;
    for (const auto& c : doc["comparisons"]) {
      const std::string claim = c["claim"].get<std::string>();
      EXPECT_TRUE(c["same_direction"].get<bool>()) << name << ": " << claim;
      // Within a factor of 1.5 of the published ratio, or the claim's note explains the gap.
      if (!c["within_1_5"].get<bool>()) {
        EXPECT_FALSE(c["note"].get<std::string>().empty()) << name << ": " << claim;
      }
    }
    ++experiments;
  }
  EXPECT_GE(experiments, 3);
}

TEST(Experiment, PrintsTheComparisonTable) {
  const CommandResult r = servesim("experiment attacc");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| claim | published | servesim |"), std::string::npos);
  EXPECT_NE(r.out.find("decode throughput, GPU+AttAcc over a same-capacity DGX"), std::string::npos);
}

struct BadExperiment {
  std::string body;
  const char* message;
};

TEST(Experiment, MalformedFilesExitTwoNamingTheField) {
  const std::string base =
      "name: x\ndescription: d\nsource: s\n"
      "base: {model: llama-3.1-8b, hardware: {system: \"h100-sxm-80g:1\"}, fidelity: estimate}\n";
  const std::string run_a = "  - {name: a, scenario: {}}\n";
  const std::string head = base + "runs:\n" + run_a;
  const std::string claim = "comparisons:\n  - {claim: c, metric: /output_tokens_per_s, ";
  const BadExperiment cases[] = {
      {"name: x\ndescription: d\nsource: s\nrunz: []\n", "runz: unknown key (did you mean 'runs'?)"},
      {base + "runs:\n  - {name: a, scenario: {mapping: {tq: 2}}}\n",
       "runs[0].scenario.mapping.tq: unknown key (did you mean 'tp'?)"},
      {base + "runs:\n  - {name: a, scenario: {batch: {size: 0}}}\n",
       "runs[0].scenario.batch.size: must be >= 1"},
      {base + "runs:\n  - {name: a, scenario: {}, scenario_file: s.yaml}\n",
       "runs[0].scenario_file: a run has a scenario or a scenario_file, not both"},
      {head + run_a, "runs[1].name: run \"a\" is defined twice"},
      {head + claim + "pairs: \"a/b\", published: 2}\n",
       "comparisons[0].pairs: no run named \"b\""},
      {head + claim + "pairs: \"a\", published: 2}\n",
       "comparisons[0].pairs: \"a\" is not numerator/denominator"},
      {head + claim + "pairs: \"a/a\", published: 0}\n",
       "comparisons[0].published: must be > 0"},
      {head + "comparisons:\n  - {claim: c, metric: tokens, pairs: \"a/a\", published: 2}\n",
       "comparisons[0].metric: \"tokens\" is not a JSON pointer"},
      {head + "comparisons:\n  - {claim: c, metric: /a, pairs: \"a/a\", published: 2, aggregate: mean}\n",
       "comparisons[0].aggregate: unknown aggregate \"mean\""},
  };
  for (const BadExperiment& c : cases) {
    testing::TempFile f("bad_experiment.yaml", c.body);
    const CommandResult r = servesim("experiment " + f.path());
    EXPECT_EQ(r.exit_code, 2) << c.body;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(Experiment, AFailingRunOrAMissingMetricExitsTwoNamingIt) {
  const std::string head =
      "name: x\ndescription: d\nsource: s\n"
      "base: {hardware: {system: \"h100-sxm-80g:1\"}, fidelity: estimate}\nruns:\n";
  testing::TempFile failing("failing.yaml",
                            head + "  - {name: big, scenario: {model: llama-3.1-70b}}\n");
  CommandResult r = servesim("experiment " + failing.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("runs.big: the design is infeasible (does_not_fit): does not fit"),
            std::string::npos)
      << r.err;
  testing::TempFile missing(
      "missing.yaml",
      head + "  - {name: a, scenario: {model: llama-3.1-8b}}\n" +
          "comparisons:\n  - {claim: c, metric: /nothing, pairs: \"a/a\", published: 1}\n");
  r = servesim("experiment " + missing.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("run \"a\" has no number at /nothing"), std::string::npos) << r.err;
}

TEST(Experiment, UpToClaimsTakeTheLargestRatioAndChartsAreWritten) {
  testing::TempFile scenario_file(
      "b16.yaml", "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n"
                  "batch: {size: 16}\nfidelity: estimate\n");
  testing::TempFile f("up_to.yaml",
                      "name: x\ndescription: d\nsource: s\n"
                      "base: {model: llama-3.1-8b, hardware: {system: \"h100-sxm-80g:1\"}, "
                      "fidelity: estimate}\nruns:\n"
                      "  - {name: b1, scenario: {batch: {size: 1}}}\n"
                      "  - {name: b4, scenario: {batch: {size: 4}}}\n"
                      "  - {name: b16, scenario_file: \"" + scenario_file.path() + "\"}\n"
                      "comparisons:\n"
                      "  - {claim: best, metric: /output_tokens_per_s, pairs: \"b4/b1, b16/b1\", "
                      "published: 10, aggregate: max}\n"
                      "  - {claim: mean, metric: /output_tokens_per_s, pairs: \"b4/b1, b16/b1\", "
                      "published: 10}\n");
  const std::string svg = f.path() + ".svg";
  const CommandResult r = servesim("experiment " + f.path() + " --json --svg " + svg);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto throughput = [&](const char* run_name) {
    return doc["runs"][run_name]["output_tokens_per_s"].get<double>();
  };
  const double r4 = throughput("b4") / throughput("b1"), r16 = throughput("b16") / throughput("b1");
  EXPECT_NEAR(doc["comparisons"][0]["servesim"].get<double>(), std::max(r4, r16), 1e-9);
  EXPECT_NEAR(doc["comparisons"][1]["servesim"].get<double>(), std::sqrt(r4 * r16), 1e-9);
  std::ifstream chart(svg);
  std::stringstream text;
  text << chart.rdbuf();
  EXPECT_NE(text.str().find("<svg"), std::string::npos);
  EXPECT_NE(text.str().find(">best<"), std::string::npos);
  std::filesystem::remove(svg);
  // An unwritable chart path fails before anything is printed.
  const CommandResult bad = servesim("experiment " + f.path() + " --svg /nonexistent/dir/x.svg");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--svg: cannot write /nonexistent/dir/x.svg"), std::string::npos);
  EXPECT_TRUE(bad.out.empty());
}

TEST(Experiment, ARatioOfAZeroMetricIsRefused) {
  testing::TempFile f("zero.yaml",
                      "name: x\ndescription: d\nsource: s\nruns:\n"
                      "  - {name: a, scenario: {model: llama-3.1-8b, hardware: {system: "
                      "\"h100-sxm-80g:1\"}, fidelity: estimate}}\ncomparisons:\n"
                      "  - {claim: c, metric: /kv_transfer_visible_ms, pairs: \"a/a\", published: 1}\n");
  const CommandResult r = servesim("experiment " + f.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("has 0 at /kv_transfer_visible_ms, and a ratio needs values > 0"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(WhatIf, PimFlagsAreCheckedAgainstTheDevice) {
  CommandResult r = servesim(
      "serve --model gpt3-175b --system a100-sxm-80g:8 --tp 8 --pim-balanced-chunks "
      "--scheduler sarathi --quiet --trace offline:requests=2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--pim-balanced-chunks: needs a device with a PIM engine"),
            std::string::npos)
      << r.err;
  r = servesim("serve --model gpt3-175b --system a100-l3:8 --tp 8 --set memory.pim.capacity=1MB "
               "--quiet --trace offline:requests=2");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("one KV block needs 0.009 GiB per device, the PIM holds 0.001 GiB"),
            std::string::npos)
      << r.err;
}

double tpot(const std::string& extra) {
  const CommandResult r = servesim(
      "estimate --model llama-3.1-8b --system h100-sxm-80g:1 --batch 8 --json " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out)["tpot_mean_ms"].get<double>();
}

TEST(WhatIf, SetChangesTheDeviceBeforeItIsRead) {
  // Twice the memory bandwidth: a memory-bound decode gets faster.
  EXPECT_LT(tpot("--set memory.bandwidth=\"6700 GB/s\""), 0.8 * tpot(""));
  const struct {
    const char* flag;
    const char* message;
  } bad[] = {
      {"--set memory.bandwidth", "--set: \"memory.bandwidth\" is not FIELD=VALUE"},
      {"--set memory.kind.x=1", "--set memory.kind: holds a value, not a mapping"},
      {"--set memory.bandwith=1", "--set memory.bandwith: is not a field (did you mean 'bandwidth'?"},
      {"--set memory.bandwidth=fast", "--set memory.bandwidth: \"fast\" does not start with a number"},
      {"--set memory.technology.layers=4", "--set memory.technology: is not described"},
      {"--set power.idle=\"900 W\"", "--set power.idle: exceeds power.tdp"},
  };
  for (const auto& b : bad) {
    const CommandResult r =
        servesim(std::string("estimate --model llama-3.1-8b --system h100-sxm-80g:1 ") + b.flag);
    EXPECT_EQ(r.exit_code, 2) << b.flag;
    EXPECT_NE(r.err.find(b.message), std::string::npos) << r.err;
  }
}

TEST(WhatIf, MaxBatchIsTheLargestBatchThatFits) {
  const std::string base = "estimate --model llama-3.1-70b --system h100-sxm-80g:2 --tp 2 "
                           "--input 4096 --output 1024 ";
  const CommandResult r = servesim(base + "--max-batch --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto batch = nlohmann::json::parse(r.out)["batch"].get<std::int64_t>();
  EXPECT_GT(batch, 1);
  EXPECT_EQ(servesim(base + "--batch " + std::to_string(batch)).exit_code, 0);
  EXPECT_EQ(servesim(base + "--batch " + std::to_string(batch + 1)).exit_code, 3);
}

}  // namespace
}  // namespace servesim
