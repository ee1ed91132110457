// `servesim run` and `--config`: a run replays from the scenario.yaml in its own --out directory;
// flags override a scenario file; errors name flags for flags and fields (with lines) for files;
// every output carries the version.
#include <gtest/gtest.h>

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

std::string read(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

void expect_replays(const std::string& serve_args) {
  testing::TempFile marker("x", "");
  const std::string first = marker.path() + "-first", second = marker.path() + "-second";
  const CommandResult a = servesim("serve --quiet " + serve_args + " --out " + first);
  ASSERT_EQ(a.exit_code, 0) << serve_args << "\n" << a.err;
  const CommandResult b = servesim("run --quiet " + first + "/scenario.yaml --out " + second);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  for (const char* file : {"summary.json", "scenario.yaml", "requests.csv"}) {
    const std::string original = read(first + "/" + file);
    EXPECT_FALSE(original.empty()) << file;
    EXPECT_EQ(read(second + "/" + file), original) << serve_args << ": " << file;
  }
  std::filesystem::remove_all(first);
  std::filesystem::remove_all(second);
}

TEST(RunScenario, AServeReplaysFromItsOwnOutput) {
  // Every kind of flag: the what-ifs, P/D, the SLO, limits, engine parameters and the seed.
  expect_replays("--model llama-3.1-8b --system h100-sxm-80g:2 --tp 2 --max-context 65536 "
                 "--set memory.bandwidth=3000GB/s --trace poisson:rate=8,requests=150,input=exp:400,"
                 "output=uniform:10:60 --slo ttft=1s,tpot=40ms --scheduler sarathi "
                 "--max-num-batched-tokens 1024 --step-overhead 1.2ms --seed 5 --rate-scale 1.5");
  expect_replays("--model llama-3.1-8b --system h100-sxm-80g:4 --pd 1x3 --weights fp8 --kv fp8 "
                 "--trace gamma:rate=20,cv=2,requests=120,input=800,output=40 --duration 30s "
                 "--max-requests 100 --admission full-sequence --kv-memory free");
  expect_replays("--model gpt-89b --system a100-l3:8 --tp 8 --max-context 131072 "
                 "--trace reasoning:rate=50,requests=40 --scheduler sarathi --pim-balanced-chunks");
}

TEST(RunScenario, FlagsOverrideAScenarioFile) {
  testing::TempFile file("s.yaml",
                         "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:2\"}\n"
                         "batch: {size: 4, input: 256, output: 32}\nfidelity: estimate\n");
  const auto estimate = [&](const std::string& extra) {
    const CommandResult r = servesim("estimate --json --config " + file.path() + " " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  const auto from_file = estimate("");
  EXPECT_EQ(from_file["batch"], 4);
  EXPECT_EQ(from_file["input_tokens"], 256);
  EXPECT_EQ(from_file["tp"], 1);
  const auto overridden = estimate("--batch 8 --tp 2");
  EXPECT_EQ(overridden["batch"], 8);
  EXPECT_EQ(overridden["input_tokens"], 256);  // not overridden: from the file
  EXPECT_EQ(overridden["tp"], 2);
  // The same as the scenario file run on its own, and the run's scenario is the merged one.
  const CommandResult run = servesim("run --json " + file.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto alone = nlohmann::json::parse(run.out);
  EXPECT_EQ(alone["tpot_mean_ms"], from_file["tpot_mean_ms"]);
  EXPECT_EQ(overridden["scenario"]["batch"]["size"], 8);
  EXPECT_EQ(overridden["scenario"]["mapping"]["tp"], 2);
}

TEST(RunScenario, ErrorsNameFlagsForFlagsAndFieldsForFiles) {
  testing::TempFile file("s.yaml",
                         "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:8\"}\n"
                         "mapping: {tp: 3}\nfidelity: estimate\n");
  CommandResult r = servesim("run " + file.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("s.yaml: error: mapping: TP 3 does not divide the 32 attention heads"),
            std::string::npos)
      << r.err;
  r = servesim("estimate --config " + file.path() + " --tp 5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("<command line>: error: --tp/--pp/--ep/--dp-attention: TP 5"),
            std::string::npos)
      << r.err;
  testing::TempFile typo("t.yaml", "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n"
                                   "serving:\n  max_num_seq: 4\n");
  r = servesim("run " + typo.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("t.yaml:4: error: serving.max_num_seq: unknown key (did you mean "
                       "'max_num_seqs'?)"),
            std::string::npos)
      << r.err;
  r = servesim("serve --quiet --config " + typo.path() + " --trace poisson:rate=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("t.yaml:4"), std::string::npos) << r.err;
  r = servesim("run /no/such/scenario.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/no/such/scenario.yaml"), std::string::npos) << r.err;
  r = servesim("serve --quiet --model llama-3.1-8b --system h100-sxm-80g:1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--trace: is required"), std::string::npos) << r.err;
  r = servesim("estimate --model llama-3.1-8b --system h100-sxm-80g:1 --decode-tp 2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--decode-tp: applies to the decode pool of a P/D deployment"),
            std::string::npos)
      << r.err;
}

// An unknown engine profile exits 2: in flag terms from the command line, with the file and the
// field from a scenario file, with the file, the row and the column from a validation case.
TEST(RunScenario, AnUnknownEngineExitsTwoNamingWhereItWasGiven) {
  CommandResult r = servesim("estimate --model llama-3.1-8b --system h100-sxm-80g:1 --engine vllm-9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--engine"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("vllm-0.8"), std::string::npos) << r.err;  // the shipped ones are listed
  testing::TempFile file("e.yaml", "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n"
                                   "engine: {profile: vllm-9}\nfidelity: estimate\n");
  r = servesim("run " + file.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("e.yaml: error: engine.profile"), std::string::npos) << r.err;
  testing::TempFile cases(
      "cases.csv",
      "id,device,devices,tp,pp,replicas,model,weight_dtype,kv_dtype,isl,osl,requests,arrival,"
      "metric,measured,engine,source\n"
      "X-1,h100-sxm-80g,1,1,1,1,llama-3.1-8b,bf16,bf16,128,32,50,offline,output_tok_s,100,"
      "vllm-9,s\n");
  r = servesim("validate --cases " + cases.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("X-1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("engine"), std::string::npos) << r.err;
  r = servesim("list engines");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("trtllm-0.14"), std::string::npos) << r.out;
}

TEST(RunScenario, AnInfeasibleScenarioExitsThreeWithItsReason) {
  testing::TempFile file("big.yaml",
                         "model: llama-3.1-8b\nhardware: {system: \"h100-sxm-80g:1\"}\n"
                         "constraints: {max_power: 500 W}\nfidelity: estimate\n");
  CommandResult r = servesim("run --json " + file.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("peak power 700 W exceeds the limit of 500 W"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["infeasible"], "exceeds_power");
  r = servesim("run --fidelity simulate " + file.path());
  EXPECT_EQ(r.exit_code, 3);
}

TEST(RunScenario, VersionAndProvenance) {
  const CommandResult v = servesim("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("servesim ", 0), 0u) << v.out;
  const CommandResult e =
      servesim("estimate --model llama-3.1-8b --system h100-sxm-80g:1 --json");
  ASSERT_EQ(e.exit_code, 0);
  const auto doc = nlohmann::json::parse(e.out);
  EXPECT_NE(v.out.find(doc["provenance"]["version"].get<std::string>()), std::string::npos);
  EXPECT_TRUE(doc["provenance"].contains("git_commit"));
  EXPECT_EQ(doc["scenario"]["model"]["name"], "llama-3.1-8b");
  // Every JSON document carries the build's provenance.
  for (const std::string& command :
       {std::string("bench --json --seconds 0.05"),
        "validate --json --cases " + std::string(SERVESIM_TEST_DATA) + "/kernels.csv"}) {
    const CommandResult r = servesim(command);
    ASSERT_EQ(r.exit_code, 0) << command << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["provenance"]["version"], doc["provenance"]["version"])
        << command;
  }
}

}  // namespace
}  // namespace servesim
