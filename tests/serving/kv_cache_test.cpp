// KV cache accounting and the prefix cache; latency histogram accuracy.
#include "serving/kv_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "serving/latency_histogram.h"
#include "serving/simulation.h"
#include "serving_fixture.h"
#include "support/temp_file.h"

namespace servesim::serving {
namespace {

TEST(KvCache, BlocksRoundUp) {
  KvCache kv(100, 16);
  EXPECT_EQ(kv.blocks_for(1), 1);
  EXPECT_EQ(kv.blocks_for(16), 1);
  EXPECT_EQ(kv.blocks_for(17), 2);
  EXPECT_TRUE(kv.can_allocate(100));
  EXPECT_FALSE(kv.can_allocate(101));
}

TEST(KvCache, PrefixCacheLivesInFreeBlocksAndIsEvictedFirst) {
  KvCache kv(100, 16);  // 32 blocks per 512-token prefix block: room for 3
  kv.insert_prefix({1, 2, 3, 4}, 4 * 512);  // the fourth evicts the least recent, 1
  EXPECT_EQ(kv.lookup_prefix({1}, 10000), 0);
  EXPECT_EQ(kv.lookup_prefix({2, 3, 4}, 10000), 3 * 512);
  kv.allocate(60);  // running requests need the space: evicts down to one entry, the most recent
  EXPECT_EQ(kv.lookup_prefix({4}, 10000), 512);
  EXPECT_EQ(kv.lookup_prefix({2}, 10000) + kv.lookup_prefix({3}, 10000), 0);
  EXPECT_EQ(kv.lookup_prefix({9}, 10000), 0);
}

TEST(KvCache, LookupStopsAtTheFirstMissAndRespectsTheLimit) {
  KvCache kv(1000, 16);
  kv.insert_prefix({1, 2, 3}, 3 * 512);
  EXPECT_EQ(kv.lookup_prefix({1, 7, 3}, 10000), 512);
  EXPECT_EQ(kv.lookup_prefix({1, 2, 3}, 1100), 2 * 512);  // at most max_tokens
  EXPECT_EQ(kv.prefix_lookups(), 5);
  EXPECT_EQ(kv.prefix_hits(), 3);
}

TEST(PrefixCaching, SharedPrefixesSkipPrefillWork) {
  std::string rows;
  for (int i = 0; i < 200; ++i) {
    rows += fmt::format("{{\"timestamp\": {}, \"input_length\": 2100, \"output_length\": 10, "
                        "\"hash_ids\": [0, 1, 2, 3, {}]}}\n",
                        i * 100, 100 + i);
  }
  ::servesim::testing::TempFile f("shared.jsonl", rows);
  auto sm = testing::step_model();
  Workload w = open_workload(f.path(), {});
  const ServeSummary s = simulate(sm, w, ServeConfig{});
  EXPECT_EQ(s.completed, 200);
  EXPECT_GT(s.prefix_cache_hit_rate, 0.9);
  EXPECT_LT(s.prefill_tokens_computed, 200 * 2100 / 2);
}

TEST(LatencyHistogram, PercentilesWithinHalfAPercent) {
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> d(-3, 1.5);
  std::vector<double> xs(100000);
  LatencyHistogram h;
  for (double& x : xs) {
    x = d(rng);
    h.add(x);
  }
  std::sort(xs.begin(), xs.end());
  for (double q : {0.5, 0.9, 0.99}) {
    const double exact = xs[static_cast<std::size_t>(std::ceil(q * 100000)) - 1];
    EXPECT_NEAR(h.percentile(q) / exact, 1.0, 0.005) << q;
  }
  EXPECT_DOUBLE_EQ(h.max(), xs.back());
  EXPECT_EQ(h.count(), 100000);
}

}  // namespace
}  // namespace servesim::serving
