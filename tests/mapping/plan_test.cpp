// Plan validation: each rejected mapping says why.
#include "mapping/plan.h"

#include <gtest/gtest.h>

#include "model/hf_config.h"
#include "support/shipped_hardware.h"

namespace servesim::mapping {
namespace {

std::string why(Plan p, const char* model_name, const char* system) {
  return check_plan(p, model::load_model(model_name, testing::root()), testing::system(system)).value_or("");
}

TEST(Plan, ValidPlansPass) {
  EXPECT_EQ(why({8, 1}, "llama-3.1-70b", "h100-sxm-80g:8"), "");
  EXPECT_EQ(why({16, 1}, "llama-3.1-405b", "dgx-h100x2"), "");  // KV heads replicated 2x
  EXPECT_EQ(why({8, 2}, "deepseek-v3", "dgx-h100x2"), "");
}

TEST(Plan, InvalidPlansSayWhy) {
  EXPECT_NE(why({3, 1}, "llama-3.1-70b", "h100-sxm-80g:8").find("does not divide the 64 attention heads"),
            std::string::npos);
  EXPECT_NE(why({8, 100}, "llama-3.1-8b", "h100-sxm-80g:8").find("exceeds the 32 layers"),
            std::string::npos);
  EXPECT_NE(why({8, 2}, "llama-3.1-70b", "h100-sxm-80g:8").find("needs 16 devices"),
            std::string::npos);
  EXPECT_NE(why({64, 1}, "gpt3-175b", "dgx-h100x2").find("does not divide the 96"),
            std::string::npos);
}

TEST(Plan, TpGroupsPackIntoNodes) {
  const auto system = testing::system("dgx-h100x2");
  EXPECT_EQ(tp_group({8, 1}, system).nodes(), 1);
  EXPECT_EQ(tp_group({16, 1}, system).nodes(), 2);
  EXPECT_EQ(pp_link({8, 2}, system).nodes(), 2);
  EXPECT_EQ(pp_link({4, 2}, system).nodes(), 1);
}

}  // namespace
}  // namespace servesim::mapping
