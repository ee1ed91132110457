// Registry: unique names, ordered entries, helpful errors for unknown names.
#include "core/registry.h"

#include <gtest/gtest.h>

namespace servesim::core {
namespace {

TEST(Registry, FindsEntriesAndRejectsDuplicates) {
  Registry<int> r("widget");
  EXPECT_TRUE(r.add({"ring", "a ring", {}, 1}));
  EXPECT_TRUE(r.add({"tree", "a tree", {{"fanout", "integer", "2", "children"}}, 2}));
  EXPECT_FALSE(r.add({"ring", "again", {}, 3}));
  EXPECT_EQ(r.find("tree")->value, 2);
  EXPECT_EQ(r.find("star"), nullptr);
  EXPECT_EQ(r.joined_names(), "ring, tree");
}

TEST(Registry, UnknownNameListsTheSupportedOnes) {
  Registry<int> r("widget");
  r.add({"ring", "", {}, 1});
  r.add({"tree", "", {}, 2});
  try {
    (void)r.get("rign", "f.yaml", "algorithm");
    FAIL();
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("unknown widget 'rign'"), std::string::npos);
    EXPECT_NE(what.find("did you mean 'ring'?"), std::string::npos);
    EXPECT_NE(what.find("supported: ring, tree"), std::string::npos);
  }
}

}  // namespace
}  // namespace servesim::core
