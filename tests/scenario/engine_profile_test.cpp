// Engine profiles (scenario/engine_profile.h): every shipped profile loads; a scenario's own engine
// fields win over its profile's; the front-end latency moves every client latency by exactly its
// value and nothing else; unknown profiles and keys are errors naming the file and the key.
#include "scenario/engine_profile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/diagnostics.h"
#include "scenario/evaluate.h"
#include "serving/generators.h"
#include "support/shipped_hardware.h"
#include "support/temp_file.h"

namespace servesim::scenario {
namespace {

TEST(EngineProfile, EveryShippedProfileLoadsWithItsSourceAndASchedule) {
  const std::vector<std::string> names = engine_profile_names(testing::root());
  EXPECT_GE(names.size(), 6u);  // TensorRT-LLM (two), vLLM (two), SGLang, PyTorch eager
  for (const std::string& name : names) {
    const EngineProfile p = load_engine_profile(name, testing::root());
    EXPECT_EQ(p.name, name);
    EXPECT_FALSE(p.source.empty()) << name;
    EXPECT_FALSE(p.description.empty()) << name;
    EXPECT_TRUE(p.serving.kv_memory.has_value()) << name;
    EXPECT_TRUE(p.engine.memory_utilization.has_value()) << name;
    EXPECT_TRUE(p.engine.step_overhead.has_value()) << name;
    EXPECT_TRUE(p.engine.step_overhead_per_sequence.has_value()) << name;
    EXPECT_TRUE(p.engine.front_end_latency.has_value()) << name;
    // Kernels: every profile says how it fuses, reduces and launches.
    EXPECT_TRUE(p.engine.fusions.norm_residual.has_value() &&
                p.engine.fusions.rope_attention.has_value() &&
                p.engine.fusions.activation_gemm.has_value())
        << name;
    EXPECT_TRUE(p.engine.all_reduce.has_value()) << name;
    EXPECT_TRUE(p.engine.custom_all_reduce_max.has_value()) << name;
    EXPECT_TRUE(p.engine.eager_launch.has_value()) << name;
  }
  // The serving engines run their own all-reduce; the profilers' PyTorch calls NCCL eagerly.
  EXPECT_EQ(load_engine_profile("vllm-0.6", testing::root()).engine.all_reduce,
            model::AllReduceImpl::custom);
  const EngineProfile eager = load_engine_profile("pytorch-eager", testing::root());
  EXPECT_EQ(eager.engine.all_reduce, model::AllReduceImpl::nccl);
  EXPECT_GT(eager.engine.eager_launch->value(), 0);
}

TEST(EngineProfile, AScenariosOwnEngineFieldsWinOverItsProfile) {
  ScenarioSpec s;
  s.engine.profile = "sglang-0.4";
  const EngineSettings from_profile = engine_settings(s, testing::environment());
  EXPECT_DOUBLE_EQ(from_profile.memory_utilization, 0.88);
  EXPECT_EQ(from_profile.step_overhead.value(), 0.0);
  EXPECT_EQ(from_profile.kv_memory, serving::KvMemoryRule::fraction_of_total);
  s.engine.step_overhead = Seconds(2e-3);
  s.serving.kv_memory = "free";
  const EngineSettings own = engine_settings(s, testing::environment());
  EXPECT_DOUBLE_EQ(own.step_overhead.value(), 2e-3);
  EXPECT_EQ(own.kv_memory, serving::KvMemoryRule::fraction_of_free);
  EXPECT_DOUBLE_EQ(own.memory_utilization, 0.88);  // still the profile's
  EXPECT_TRUE(from_profile.kernels.fused.norm_residual);
  EXPECT_EQ(from_profile.kernels.all_reduce, model::AllReduceImpl::custom);
  s.engine.all_reduce = model::AllReduceImpl::nccl;
  s.engine.fusions.norm_residual = false;
  const EngineSettings kernels = engine_settings(s, testing::environment());
  EXPECT_EQ(kernels.kernels.all_reduce, model::AllReduceImpl::nccl);
  EXPECT_FALSE(kernels.kernels.fused.norm_residual);
  const EngineSettings none = engine_settings(ScenarioSpec{}, testing::environment());
  EXPECT_EQ(none.kernels.all_reduce, model::AllReduceImpl::ideal);
  EXPECT_DOUBLE_EQ(none.memory_utilization, 0.9);
  EXPECT_EQ(none.step_overhead, serving::kDefaultStepOverhead);
  EXPECT_EQ(none.front_end_latency.value(), 0.0);
}

// The same Poisson workload with and without a front end: the engine's timeline is the same, so
// throughput and TPOT are equal, and every TTFT and end-to-end figure is larger by exactly it.
TEST(EngineProfile, TheFrontEndAddsItsLatencyToEveryClientLatencyAndNothingElse) {
  ScenarioSpec s;
  s.model.name = "llama-3.1-8b";
  s.hardware.system = "h100-sxm-80g:1";
  s.workload.generator = serving::parse_synthetic(
      "poisson:rate=20,requests=200,input=exp:512,output=exp:128", "test", "online");
  const Evaluation engine_only = evaluate(s, Fidelity::simulate, testing::environment());
  s.engine.front_end_latency = Seconds(0.05);
  const Evaluation client = evaluate(s, Fidelity::simulate, testing::environment());
  ASSERT_TRUE(engine_only.feasible() && client.feasible());
  const serving::ServeSummary& a = *engine_only.metrics().serve;
  const serving::ServeSummary& b = *client.metrics().serve;
  EXPECT_DOUBLE_EQ(a.output_tokens_per_s, b.output_tokens_per_s);
  EXPECT_DOUBLE_EQ(a.tpot.mean, b.tpot.mean);
  EXPECT_NEAR(b.ttft.mean - a.ttft.mean, 0.05, 1e-9);
  EXPECT_NEAR(b.ttft.p50 - a.ttft.p50, 0.05, 1e-3);  // percentiles come from a binned histogram
  EXPECT_NEAR(b.e2e.mean - a.e2e.mean, 0.05, 1e-9);
  EXPECT_NEAR(b.e2e.max - a.e2e.max, 0.05, 1e-9);
}

// An online case and the same requests run offline, one at a time: with arrivals too sparse to
// queue, each request's TTFT online is its offline TTFT plus the front end's latency, and nothing
// else differs.
TEST(EngineProfile, OnlineAndOfflineDifferByTheFrontEndAndQueueingOnly) {
  ScenarioSpec s;
  s.model.name = "llama-3.1-8b";
  s.hardware.system = "h100-sxm-80g:1";
  s.engine.profile = "vllm-0.6";
  s.workload.generator =
      serving::parse_synthetic("concurrency:n=1,requests=5,input=512,output=64", "test", "offline");
  const Evaluation offline = evaluate(s, Fidelity::simulate, testing::environment());
  s.workload.generator =
      serving::parse_synthetic("poisson:rate=0.01,requests=5,input=512,output=64", "test", "online");
  s.engine.front_end_latency = Seconds(0.03);
  const Evaluation online = evaluate(s, Fidelity::simulate, testing::environment());
  ASSERT_TRUE(offline.feasible() && online.feasible());
  const serving::ServeSummary& a = *offline.metrics().serve;
  const serving::ServeSummary& b = *online.metrics().serve;
  EXPECT_NEAR(b.ttft.mean - a.ttft.mean, 0.03, 1e-9);
  EXPECT_NEAR(b.e2e.mean - a.e2e.mean, 0.03, 1e-9);
  EXPECT_NEAR(b.tpot.mean, a.tpot.mean, 1e-12);
  // Under load the online TTFT also waits in the queue: never less than the sparse case's.
  s.workload.generator =
      serving::parse_synthetic("poisson:rate=50,requests=200,input=512,output=64", "test", "busy");
  const Evaluation busy = evaluate(s, Fidelity::simulate, testing::environment());
  ASSERT_TRUE(busy.feasible());
  EXPECT_GT(busy.metrics().serve->ttft.p99, b.ttft.mean);
}

TEST(EngineProfile, UnknownProfilesAndKeysNameTheFileAndTheKey) {
  ScenarioSpec s;
  s.origin = "mine.yaml";
  s.engine.profile = "trtllm-9";
  try {
    (void)engine_settings(s, testing::environment());
    ADD_FAILURE() << "an unknown profile was accepted";
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("mine.yaml"), std::string::npos) << what;
    EXPECT_NE(what.find("engine.profile"), std::string::npos) << what;
    EXPECT_NE(what.find("trtllm-0.17"), std::string::npos) << what;  // the shipped ones are listed
  }
  testing::TempFile bad("engine.yaml",
                        "name: x\ndescription: d\nsource: s\n"
                        "engine: {memory_utilization: 0.9, step_overhed: 1 ms}\n");
  try {
    (void)load_engine_profile(bad.path(), testing::root());
    ADD_FAILURE() << "an unknown key was accepted";
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("engine.yaml:4"), std::string::npos) << what;
    EXPECT_NE(what.find("step_overhed"), std::string::npos) << what;
    EXPECT_NE(what.find("did you mean 'step_overhead'"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace servesim::scenario
