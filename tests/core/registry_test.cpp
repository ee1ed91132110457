// Registry: unique names, ordered entries, helpful errors for unknown names.
#include "core/registry.h"

#include <gtest/gtest.h>

namespace servesim::core {
namespace {

TEST(Registry, FindsEntriesAndRejectsDuplicates) {
  Registry<int> r("widget");
  EXPECT_TRUE(r.add({"ring", "a ring", {}, 1}));
  EXPECT_TRUE(r.add({"tree",
                     "a tree",
                     {{.name = "fanout",
                       .type = ParamType::integer,
                       .range = Range::at_least_one,
                       .default_text = "2",
                       .help = "children"}},
                     2}));
  EXPECT_FALSE(r.add({"ring", "again", {}, 3}));
  EXPECT_EQ(r.find("tree")->value, 2);
  EXPECT_EQ(r.find("star"), nullptr);
  EXPECT_EQ(r.joined_names(), "ring, tree");
  const Selection tree = r.select("tree");
  EXPECT_EQ(tree.name, "tree");
  EXPECT_EQ(tree.params.integer("fanout"), 2);
  EXPECT_THROW((void)r.select("star"), std::logic_error);
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

TEST(Registry, ReadsANameFromConfigWithTheSameMessage) {
  Registry<int> r("widget");
  r.add({"ring", "", {}, 1});
  Diagnostics diag("w.yaml");
  const auto doc = ConfigDocument::parse("algorithm: rign\n", "w.yaml", false);
  ConfigNode root = doc.root(diag);
  EXPECT_EQ(r.read(root, "algorithm"), nullptr);
  EXPECT_EQ(r.read(root, "shape", "ring")->value, 1);  // absent: the fallback
  EXPECT_EQ(r.read(root, "colour"), nullptr);          // absent without a fallback: required
  ASSERT_EQ(diag.errors().size(), 2u);
  EXPECT_EQ(diag.errors()[0].to_string(),
            "w.yaml:1: error: algorithm: unknown widget 'rign' (did you mean 'ring'? supported: "
            "ring)");
  EXPECT_NE(diag.errors()[1].to_string().find("colour: is required"), std::string::npos);
}

}  // namespace
}  // namespace servesim::core
