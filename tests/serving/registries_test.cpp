// Every registry family: each entry has a one-line summary and a schema whose parameters are
// documented and whose defaults pass their own checks and read back from what they write.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/params.h"
#include "model/hf_config.h"
#include "perf/collective.h"
#include "serving/generators.h"
#include "serving/router.h"
#include "serving/scheduler.h"
#include "serving/shipped_data.h"
#include "serving/workload.h"

namespace servesim::serving {
namespace {

template <class Registry>
void expect_documented(const Registry& registry) {
  ASSERT_FALSE(registry.entries().empty()) << registry.family();
  for (const auto& e : registry.entries()) {
    const std::string what = registry.family() + " " + e.name;
    EXPECT_FALSE(e.summary.empty()) << what;
    EXPECT_EQ(e.summary.find('\n'), std::string::npos) << what;
    bool required = false;
    for (const core::ParamSpec& p : e.params.specs()) {
      EXPECT_FALSE(p.help.empty()) << what << "." << p.name;
      required = required || p.presence == core::Presence::required;
    }
    ASSERT_NO_THROW(core::ParamValues{e.params}) << what;  // every default passes its checks
    if (required) continue;
    const core::ParamValues defaults(e.params);
    core::Diagnostics diag("<registry>");
    EXPECT_EQ(core::read_params(e.params, defaults.to_text(), diag, e.name), defaults) << what;
    EXPECT_TRUE(diag.ok()) << what;
  }
}

TEST(Registries, EveryEntryHasASummaryAndASelfConsistentSchema) {
  expect_documented(model::model_families());
  expect_documented(perf::collective_algorithms());
  expect_documented(schedulers());
  expect_documented(routers());
  expect_documented(generators());
  expect_documented(trace_readers());
  expect_documented(shipped_traces());
}

TEST(Registries, EverySchedulerTakesTheSharedLimits) {
  for (const auto& e : schedulers().entries()) {
    const std::vector<std::string> shared = scheduler_limits_schema().names();
    const std::vector<std::string> names = e.params.names();
    ASSERT_GE(names.size(), shared.size()) << e.name;
    EXPECT_TRUE(std::equal(shared.begin(), shared.end(), names.begin())) << e.name;
    const SchedulerLimits limits = scheduler_limits(core::ParamValues(e.params));
    EXPECT_EQ(limits.max_num_seqs, 256) << e.name;
    EXPECT_EQ(limits.max_num_batched_tokens, 8192) << e.name;
  }
}

TEST(Registries, GeneratorTextReadsBackToTheSameGenerator) {
  for (const char* text : {"poisson:rate=4,requests=10,input=exp:256,output=7",
                           "gamma:rate=0.5,cv=3", "reasoning:rate=2,cv=1.5,output=uniform:1:9",
                           "offline:", "concurrency:n=4", "batch:n=8,input=lognormal:100:2"}) {
    const core::Selection g = parse_synthetic(text, "t", "p");
    EXPECT_EQ(parse_synthetic(synthetic_text(g), "t", "p"), g) << text;
    EXPECT_TRUE(is_synthetic_spec(text)) << text;
  }
  EXPECT_EQ(synthetic_text(parse_synthetic("poisson:rate=4", "t", "p")),
            "poisson:rate=4,requests=1000,input=1024,output=256");
  EXPECT_EQ(synthetic_text(parse_synthetic("reasoning:rate=4", "t", "p")),
            "reasoning:rate=4,requests=1000");  // lengths stay the ServeGen PMFs
  EXPECT_FALSE(is_synthetic_spec("zipf:rate=1"));
  EXPECT_FALSE(is_synthetic_spec("azure-conv"));
}

}  // namespace
}  // namespace servesim::serving
