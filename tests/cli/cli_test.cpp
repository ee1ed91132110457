// The command-line contract: exit codes (0 ok, 2 bad input, 3 does not fit), --json prints one
// JSON document and nothing else, and every input error names its source and a fix.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "servesim_command.h"
#include "support/temp_file.h"

namespace servesim {
namespace {

using testing::CommandResult;
using testing::servesim;

const char* kEstimate = "estimate --model llama-3.1-8b --system h100-sxm-80g:1 ";

TEST(Cli, EstimatePrintsAReadableReport) {
  const CommandResult r = servesim(std::string(kEstimate) + "--batch 4 --input 512 --output 64");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("TTFT"), std::string::npos);
  EXPECT_NE(r.out.find("TPOT"), std::string::npos);
  EXPECT_NE(r.out.find("output tokens/s"), std::string::npos);
}

TEST(Cli, EstimateJsonIsOneDocument) {
  const CommandResult r = servesim(std::string(kEstimate) + "--batch 4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["ttft_ms"].get<double>(), 0);
  EXPECT_GT(j["tpot_mean_ms"].get<double>(), 0);
  EXPECT_GT(j["output_tokens_per_s"].get<double>(), 0);
  EXPECT_TRUE(j["memory"]["fits"].get<bool>());
  EXPECT_FALSE(j["breakdown"].empty());
}

TEST(Cli, DoesNotFitExitsThreeWithTheNumbers) {
  const CommandResult r =
      servesim("estimate --model llama-3.1-70b --system h100-sxm-80g:1 --batch 1");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("does not fit: needs 131.5 GiB, has 71.7 GiB"), std::string::npos) << r.err;
}

struct BadInput {
  const char* args;
  const char* message;
};

TEST(Cli, BadInputExitsTwoWithAClearMessage) {
  testing::TempFile bad_json("bad.json", "{\"model_type\": \"llama\",,}");
  testing::TempFile mamba("mamba.json", "{\"model_type\": \"mamba\"}");
  const std::string estimate = "estimate --system h100-sxm-80g:1 --model ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {estimate + "/no/such/config.json", "no such model file or shipped model"},
      {estimate + bad_json.path(), "malformed JSON"},
      {estimate + mamba.path(), "unknown model_type 'mamba'"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:1 --weights fp6", "--weights: unknown data type"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:8 --tp 3", "TP 3 does not divide the 32 attention heads"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:2 --tp 4", "needs 4 devices"},
      {"estimate --model llama-3.1-8b --system b200:8", "no such device"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:12", "do not fill whole nodes"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:1 --batch 0", "--batch"},
      {"estimate --system h100-sxm-80g:1", "--model: is required"},
      {"validate --cases /no/such/file.csv", "cannot open file"},
      {"list gizmos", "gizmos"},
      {"frobnicate", "subcommand"},
  };
  for (const auto& [args, message] : cases) {
    const CommandResult r = servesim(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty() || args.find("list") != std::string::npos) << args;
  }
}

TEST(Cli, BadDeviceYamlIsReportedWithFileAndKey) {
  testing::TempFile dev("dev.yaml", "name: x\nsource: y\ncompute: {units: 1}\n");
  const CommandResult r =
      servesim("estimate --model llama-3.1-8b --system " + dev.path() + ":1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("dev.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("memory: is required but missing"), std::string::npos) << r.err;
}

// Several case files: each file's table, then one summary of all their cases together (the
// accuracy targets are stated over files together).
TEST(Cli, ValidateSumsSeveralFilesUpTogether) {
  const std::string data = SERVESIM_TEST_DATA;
  CommandResult r = servesim("validate --json --cases " + data + "/kernels.csv " + data +
                             "/kernels-2.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["files"].size(), 2u);
  const int first = j["files"][0]["summary"]["n"].get<int>();
  const int second = j["files"][1]["summary"]["n"].get<int>();
  EXPECT_EQ(j["summary"]["n"].get<int>(), first + second);
  EXPECT_GE(j["summary"]["max_abs_error"].get<double>(),
            j["files"][0]["summary"]["max_abs_error"].get<double>());
  r = servesim("validate --cases " + data + "/calibration.csv --cases " + data +
               "/e2e-trtllm-v014.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("== " + data + "/e2e-trtllm-v014.csv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("all 2 files: 50 cases predicted"), std::string::npos) << r.out;
}

TEST(Cli, ValidateJsonFollowsTheDesignSchema) {
  const CommandResult r =
      servesim(std::string("validate --json --cases ") + SERVESIM_TEST_DATA + "/kernels.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["cases"].is_array());
  for (const auto& c : j["cases"]) {
    EXPECT_TRUE(c.contains("id") && c.contains("predicted") && c.contains("measured") &&
                c.contains("error"));
  }
  EXPECT_GT(j["summary"]["n"].get<int>(), 10);
  EXPECT_TRUE(j["summary"].contains("median_abs_error"));
  EXPECT_TRUE(j["summary"].contains("p90_abs_error"));
}

TEST(Cli, ListShowsShippedThings) {
  EXPECT_NE(servesim("list models").out.find("llama-3.1-70b"), std::string::npos);
  EXPECT_NE(servesim("list devices").out.find("h200-sxm-141g"), std::string::npos);
  EXPECT_NE(servesim("list families").out.find("deepseek_v3"), std::string::npos);
  EXPECT_NE(servesim("list collectives").out.find("ring"), std::string::npos);
  EXPECT_NE(servesim("list systems").out.find("dgx-h100x2"), std::string::npos);
  EXPECT_NE(servesim("list experiments").out.find("lamosys"), std::string::npos);
}

TEST(Cli, BenchJsonReportsEstimatesPerSecond) {
  const CommandResult r = servesim("bench --json --seconds 0.1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(nlohmann::json::parse(r.out)["estimates_per_s"].get<double>(), 1000);
}

}  // namespace
}  // namespace servesim

namespace servesim {
namespace {

const std::string kServe =
    "serve --model llama-3.1-8b --system h100-sxm-80g:1 --quiet --trace "
    "poisson:rate=20,requests=200,input=512,output=64 ";

TEST(CliServe, PrintsAReadableSummary) {
  const CommandResult r = servesim(kServe);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("200 completed, 0 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TTFT"), std::string::npos);
  EXPECT_NE(r.out.find("output tok/s"), std::string::npos);
}

TEST(CliServe, OutDirHoldsSummaryRequestsScenarioAndAPerfettoTrace) {
  testing::TempFile marker("x", "");
  const std::string dir = marker.path() + "-run";
  const CommandResult r = servesim(kServe + "--out " + dir + " --slo ttft=1s,tpot=50ms");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("trace.json"), std::string::npos);
  std::ifstream summary(dir + "/summary.json"), scenario(dir + "/scenario.yaml"),
      trace(dir + "/trace.json"), requests(dir + "/requests.csv");
  const auto s = nlohmann::json::parse(summary);
  EXPECT_EQ(s["requests"]["completed"].get<int>(), 200);
  std::stringstream scenario_text;
  scenario_text << scenario.rdbuf();
  EXPECT_NE(scenario_text.str().find("name: \"llama-3.1-8b\""), std::string::npos) << scenario_text.str();
  EXPECT_EQ(s["scenario"]["slo"]["tpot"].get<std::string>(), "0.05 s");
  EXPECT_FALSE(s["provenance"]["version"].get<std::string>().empty());
  const auto t = nlohmann::json::parse(trace);
  EXPECT_GT(t["traceEvents"].size(), 200u);
  // Every request span opens and closes in order; every step slice has a non-negative duration.
  std::map<std::pair<std::int64_t, std::string>, double> open;
  int closed = 0;
  for (const auto& e : t["traceEvents"]) {
    const std::string ph = e["ph"];
    if (ph == "X") {
      EXPECT_GE(e["dur"].get<double>(), 0.0);
    }
    if (ph != "b" && ph != "e") continue;
    const auto key = std::make_pair(e["id"].get<std::int64_t>(), e["name"].get<std::string>());
    if (ph == "b") {
      open[key] = e["ts"].get<double>();
      continue;
    }
    ASSERT_EQ(open.count(key), 1u);
    EXPECT_LE(open[key], e["ts"].get<double>());
    open.erase(key);
    ++closed;
  }
  EXPECT_TRUE(open.empty());
  EXPECT_GE(closed, 2 * 200);  // queued and prefill spans for every request
  std::string line;
  int rows = 0;
  while (std::getline(requests, line)) ++rows;
  EXPECT_EQ(rows, 201);
  std::filesystem::remove_all(dir);
}

TEST(CliServe, SameSeedGivesByteIdenticalOutputs) {
  const CommandResult a = servesim(kServe + "--json --seed 3");
  const CommandResult b = servesim(kServe + "--json --seed 3");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_TRUE(nlohmann::json::accept(a.out));
}

TEST(CliServe, BadInputExitsTwoAndWritesNothing) {
  testing::TempFile bad("bad.csv", "arrival_s,input_tokens,output_tokens\n0.1,10,10\n0.2,-5,1\n");
  testing::TempFile marker("x", "");
  const std::string dir = marker.path() + "-out";
  const std::string base = "serve --model llama-3.1-8b --system h100-sxm-80g:1 --quiet ";
  const CommandResult r = servesim(base + "--trace " + bad.path() + " --out " + dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.csv:3"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/summary.json"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/.requests.csv.partial"));
  std::filesystem::remove_all(dir);
  const CommandResult skipped = servesim(base + "--trace " + bad.path() + " --skip-bad-rows --json");
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(nlohmann::json::parse(skipped.out)["requests"]["skipped_rows"].get<int>(), 1);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {base + "--trace poisson:rate=1 --scheduler fifo", "unknown scheduler 'fifo'"},
      {base + "--trace poisson:rate=1 --router random", "unknown router 'random'"},
      {base + "--trace poisson:rate=1 --max-num-seqs 0", "--max-num-seqs: must be >= 1, got 0"},
      {base + "--trace poisson:rate=-1",
       "<command line>: error: --trace: rate: must be > 0, got -1"},
      {base + "--trace gamma:rate=1", "--trace: cv: is required but missing (add cv=VALUE)"},
      {base + "--trace poisson:rate=1 --preemption drop",
       "--preemption: unknown preemption \"drop\" (use one of recompute, swap)"},
      {base + "--trace poisson:rate=1 --slo ttft=fast", "--slo ttft"},
      {base + "--trace poisson:rate=1 --step-overhead 3", "bare number has no unit"},
      {base + "--trace poisson:rate=1 --duration -5s", "--duration"},
      {base + "--trace nowhere.csv", "no such trace file"},
      {base + "--trace poisson:rate=1 --replicas 4", "4 replicas of 1 devices do not fit"},
  };
  for (const auto& [args, message] : cases) {
    const CommandResult c = servesim(args);
    EXPECT_EQ(c.exit_code, 2) << args;
    EXPECT_NE(c.err.find(message), std::string::npos) << args << "\n" << c.err;
  }
}

TEST(CliScaleOut, InvalidMappingsExitTwoWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"estimate --model mixtral-8x7b --system h100-sxm-80g:8 --tp 1 --ep 3 --dp-attention",
       "EP 3 does not divide the 8 experts"},
      {"estimate --model qwq-32b --system h100-sxm-80g:8 --tp 6", "does not divide the 40 attention heads"},
      {"estimate --model llama-3.1-70b --system h100-sxm-80g:8 --tp 1 --pp 100", "exceeds the 80 layers"},
      {"estimate --model llama-3.1-70b --system h100-sxm-80g:8 --tp 2 --ep 2", "needs a mixture-of-experts"},
      {"serve --quiet --model llama-3.1-8b --system h100-sxm-80g:2 --trace poisson:rate=1 --pd 2x1",
       "do not fit h100-sxm-80g:2"},
      {"serve --quiet --model llama-3.1-8b --system h100-sxm-80g:2 --trace poisson:rate=1 --pd two",
       "is not PxD"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:8 --pd 100x100", "do not fit"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:8 --pd 0x1", "is not PxD"},
      {"estimate --model llama-3.1-8b --system h100-sxm-80g:1 --input 100000 --output 100000",
       "exceed the 131072-token context window"},
      {"estimate --model qwen3-235b-a22b --system dgx-h100x2 --tp 2 --ep 16 --dp-attention "
       "--expert-skew 100",
       "exceeds E/k = 16"},
      {"serve --quiet --model llama-3.1-8b --system dgx-h100x2 --tp 8 --trace poisson:rate=1 "
       "--replicas 2305843009213693952",
       "do not fit"},
  };
  for (const auto& [args, message] : cases) {
    const CommandResult r = servesim(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
  }
}

TEST(CliScaleOut, DisaggregatedServeReportsPoolsAndTransfers) {
  const CommandResult r = servesim(
      "serve --quiet --json --model llama-3.1-8b --system h100-sxm-80g:4 --pd 1x3 "
      "--trace poisson:rate=20,requests=300,input=1024,output=64");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["requests"]["completed"].get<int>(), 300);
  EXPECT_GT(j["kv_transfer"]["bytes"].get<double>(), 0);
  EXPECT_GT(j["pools"]["decode_output_tokens_per_s"].get<double>(), 0);
  EXPECT_NE(servesim("list topologies").out.find("torus2d"), std::string::npos);
}

TEST(CliServe, ModelWithoutRoomForKvExitsThree) {
  const CommandResult r = servesim(
      "serve --model llama-3.1-70b --system h100-sxm-80g:1 --quiet --trace poisson:rate=1");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("does not fit"), std::string::npos);
}

TEST(CliServe, APoolThatCannotHoldTheModelIsNamedWithTheNumbers) {
  const CommandResult r = servesim(
      "serve --model llama-3.1-70b --system lamosys-pc-x8 --tp 4 --pd 1x1 --decode-system "
      "lamosys-dc-x8 --decode-tp 8 --quiet --trace offline:requests=4,input=100,output=10");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("prefill pool does not fit: needs 33.7 GiB for weights and activations, "
                       "has 26.8 GiB per device (lamosys-pc-x8, TP4 PP1)"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace servesim

namespace servesim {
namespace {

TEST(CliDocs, ConfigReferenceEmbedsTheRegistries) {
  const CommandResult r = servesim("list reference");
  ASSERT_EQ(r.exit_code, 0);
  std::ifstream doc(std::string(SERVESIM_SOURCE_DIR) + "/docs/config-reference.md");
  std::stringstream text;
  text << doc.rdbuf();
  EXPECT_NE(text.str().find(r.out), std::string::npos)
      << "docs/config-reference.md is stale: paste the output of `servesim list reference`";
}

}  // namespace
}  // namespace servesim
