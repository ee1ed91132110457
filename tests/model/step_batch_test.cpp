// Step summaries: the causal-pair closed form equals the brute-force count, windows cap it.
#include "model/step_batch.h"

#include <gtest/gtest.h>

#include <random>

#include "model/hf_config.h"
#include "support/shipped.h"

namespace servesim::model {
namespace {

double brute_force_pairs(std::int64_t n, std::int64_t cached, std::int64_t window) {
  double pairs = 0;
  for (std::int64_t i = 1; i <= n; ++i) pairs += static_cast<double>(std::min(cached + i, window));
  return pairs;
}

TEST(CausalPairs, ClosedFormEqualsBruteForce) {
  std::mt19937 rng(3);
  for (int t = 0; t < 2000; ++t) {
    const std::int64_t n = 1 + static_cast<std::int64_t>(rng() % 300);
    const std::int64_t cached = static_cast<std::int64_t>(rng() % 500);
    const std::int64_t window = 1 + static_cast<std::int64_t>(rng() % 600);
    EXPECT_DOUBLE_EQ(causal_pairs(n, cached, window), brute_force_pairs(n, cached, window))
        << n << " " << cached << " " << window;
  }
}

TEST(StepBatch, SplitsPrefillAndDecodeAndConservesTokens) {
  const ModelSpec m = load_model("llama-3.1-8b", testing::root());
  const SequenceWork work[] = {{512, 0, true}, {256, 512, false}, {1, 100, true}, {1, 200, true}};
  const StepBatch b = summarize(work, m);
  EXPECT_EQ(b.new_tokens, 512 + 256 + 1 + 1);
  EXPECT_EQ(b.prefill_sequences, 2);
  EXPECT_EQ(b.decode_sequences, 2);
  EXPECT_EQ(b.logit_tokens, 3);
  EXPECT_DOUBLE_EQ(b.decode_context, 101 + 201);
  EXPECT_DOUBLE_EQ(b.prefill_context, 512 + 768);
}

TEST(StepBatch, AddingCountEqualsAddingOneByOne) {
  const ModelSpec m = load_model("mistral-7b", testing::root());
  StepBatch many, one_by_one;
  many.add({300, 5000, true}, m, 7);
  for (int i = 0; i < 7; ++i) one_by_one.add({300, 5000, true}, m);
  EXPECT_DOUBLE_EQ(many.prefill_pairs, one_by_one.prefill_pairs);
  EXPECT_DOUBLE_EQ(many.prefill_kv_reads, one_by_one.prefill_kv_reads);
  EXPECT_EQ(many.new_tokens, one_by_one.new_tokens);
}

TEST(StepBatch, SlidingWindowCapsAttention) {
  const ModelSpec m = load_model("mistral-7b", testing::root());  // window 4096
  StepBatch b;
  b.add({1, 100000, true}, m);
  EXPECT_DOUBLE_EQ(b.decode_context, 4096);
}

}  // namespace
}  // namespace servesim::model
