// P/D disaggregation: conservation across pools, KV bytes moved equal the prompts' KV bytes.
#include <gtest/gtest.h>

#include "perf/kv_transfer.h"
#include "serving_fixture.h"

namespace servesim::serving {
namespace {

TEST(Disaggregation, ConservesRequestsAndMovesExactlyThePromptKv) {
  auto prefill = testing::step_model("llama-3.1-8b", "h100-sxm-80g:4", 1);
  auto decode = testing::step_model("llama-3.1-8b", "h100-sxm-80g:4", 1);
  ServeConfig config;
  config.prefill_replicas = 1;
  config.decode_replicas = 3;
  testing::Recorder rec;
  Workload w = open_workload("poisson:rate=30,requests=600,input=uniform:100:4000,output=exp:100", {});
  const ServeSummary s = simulate_disaggregated(prefill, decode, w, config, {&rec});
  EXPECT_EQ(s.completed, 600);
  EXPECT_EQ(rec.finished_twice, 0);
  EXPECT_EQ(rec.output_tokens, rec.expected_output_tokens);
  const double per_token = model::kv_bytes_per_token(prefill.model(), core::DType::bf16);
  // Requests with a single output token finish in the prefill pool and move nothing.
  double expected = 0;
  Workload again =
      open_workload("poisson:rate=30,requests=600,input=uniform:100:4000,output=exp:100", {});
  while (auto r = again.source->next()) {
    if (r->output_tokens > 1) expected += static_cast<double>(r->input_tokens) * per_token;
  }
  EXPECT_DOUBLE_EQ(s.kv_transfer_bytes, expected);
  EXPECT_GT(s.kv_transfer_wait.count, 0);
}

TEST(Disaggregation, TransferIsHiddenByLayerPipelining) {
  auto sm = testing::step_model("llama-3.1-70b", "dgx-h100x2", 8);
  const perf::KvTransfer slow = perf::kv_transfer(sm, 8192, Seconds(0));
  const perf::KvTransfer hidden = perf::kv_transfer(sm, 8192, Seconds(1.0));
  EXPECT_NEAR(slow.visible.value(), slow.total.value(), 1e-12);
  EXPECT_NEAR(hidden.visible.value(), hidden.total.value() / 80, 1e-12);
  EXPECT_GT(slow.energy.value(), 0);
}

TEST(Disaggregation, PoolsMustFitTheSystem) {
  auto sm = testing::step_model("llama-3.1-8b", "h100-sxm-80g:2", 1);
  ServeConfig config;
  config.prefill_replicas = 2;
  config.decode_replicas = 1;
  Workload w = open_workload("offline:requests=1", {});
  EXPECT_THROW((void)simulate_disaggregated(sm, sm, w, config), core::InputError);
}

}  // namespace
}  // namespace servesim::serving
