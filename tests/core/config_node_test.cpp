// Config access: every problem of a file is collected with its path and line, unknown keys get a
// "did you mean", malformed files name their line.
#include "core/config_node.h"

#include <gtest/gtest.h>

#include "support/temp_file.h"

namespace servesim::core {
namespace {

std::vector<Diagnostic> read_memory(const std::string& yaml) {
  Diagnostics diag("test.yaml");
  auto doc = ConfigDocument::parse(yaml, "test.yaml", false);
  ConfigNode root = doc.root(diag);
  ConfigNode memory = root.child("memory");
  (void)memory.quantity<BytesPerSecond>("bandwidth");
  (void)memory.quantity<Bytes>("capacity");
  memory.finish();
  root.finish();
  return diag.errors();
}

bool has_error(const std::vector<Diagnostic>& errors, const std::string& path,
               const std::string& text, int line = 0) {
  for (const Diagnostic& d : errors) {
    if (d.path == path && d.to_string().find(text) != std::string::npos &&
        (line == 0 || d.line == line)) {
      return true;
    }
  }
  return false;
}

TEST(ConfigNode, ValidFileHasNoErrors) {
  EXPECT_TRUE(read_memory("memory:\n  bandwidth: 3.35 TB/s\n  capacity: 80 GiB\n").empty());
}

TEST(ConfigNode, UnknownKeySuggestsTheClosestKnownKey) {
  auto errors = read_memory("memory:\n  bandwith: 3.35 TB/s\n  capacity: 80 GiB\n");
  EXPECT_TRUE(has_error(errors, "memory.bandwith", "did you mean 'bandwidth'?", 2));
  EXPECT_TRUE(has_error(errors, "memory.bandwidth", "is required but missing"));
}

TEST(ConfigNode, BareNumberWhereAUnitIsNeeded) {
  auto errors = read_memory("memory:\n  bandwidth: 3.35\n  capacity: 80 GiB\n");
  EXPECT_TRUE(has_error(errors, "memory.bandwidth", "bare number has no unit", 2));
}

TEST(ConfigNode, NegativeBandwidthIsRejected) {
  auto errors = read_memory("memory:\n  bandwidth: -3 TB/s\n  capacity: 80 GiB\n");
  EXPECT_TRUE(has_error(errors, "memory.bandwidth", "must be > 0"));
}

TEST(ConfigNode, AllProblemsAreCollectedTogether) {
  auto errors = read_memory("memory:\n  bandwidth: 3 GB\n  capacity: lots\n  colour: red\n");
  EXPECT_EQ(errors.size(), 3u);
}

TEST(ConfigNode, WrongShapeIsReported) {
  Diagnostics diag("t.yaml");
  auto doc = ConfigDocument::parse("memory: [1, 2]\nname: {a: 1}\n", "t.yaml", false);
  ConfigNode root = doc.root(diag);
  (void)root.child("memory");
  (void)root.text("name");
  EXPECT_TRUE(has_error(diag.errors(), "memory", "expected a mapping"));
  EXPECT_TRUE(has_error(diag.errors(), "name", "expected a single value"));
}

TEST(ConfigNode, NumbersIntegersFlagsAndRanges) {
  Diagnostics diag("t.yaml");
  auto doc = ConfigDocument::parse("a: 1.5\nb: 2.5\nc: maybe\nd: 0\ne: 2 W\n", "t.yaml", false);
  ConfigNode root = doc.root(diag);
  EXPECT_DOUBLE_EQ(root.number("a", Range::any), 1.5);
  (void)root.integer("b");
  (void)root.flag("c", false);
  (void)root.number("d", Range::fraction);
  (void)root.number("e");
  EXPECT_TRUE(has_error(diag.errors(), "b", "expected an integer"));
  EXPECT_TRUE(has_error(diag.errors(), "c", "expected true or false"));
  EXPECT_TRUE(has_error(diag.errors(), "d", "fraction in (0, 1]"));
  EXPECT_TRUE(has_error(diag.errors(), "e", "expected a plain number"));
}

TEST(ConfigDocument, MalformedYamlNamesTheLine) {
  try {
    (void)ConfigDocument::parse("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml", false);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.yaml:"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("malformed YAML"), std::string::npos);
  }
}

TEST(ConfigDocument, MalformedJsonNamesTheLine) {
  try {
    (void)ConfigDocument::parse("{\n  \"a\": 1,\n  \"b\": ,\n}\n", "bad.json", true);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos);
  }
}

TEST(ConfigDocument, MissingFileIsAnInputError) {
  EXPECT_THROW((void)ConfigDocument::load("/nonexistent/servesim.yaml"), InputError);
}

TEST(ConfigDocument, TopLevelMustBeAMapping) {
  EXPECT_THROW((void)ConfigDocument::parse("- 1\n- 2\n", "list.yaml", false), InputError);
}

TEST(ConfigDocument, LoadsAFileFromDisk) {
  testing::TempFile f("ok.json", "{\"name\": \"x\"}");
  Diagnostics diag(f.path());
  auto doc = ConfigDocument::load(f.path());
  ConfigNode root = doc.root(diag);
  EXPECT_EQ(root.text("name"), "x");
}

TEST(ClosestMatch, SuggestsOnlyNearbyWords) {
  EXPECT_EQ(closest_match("bandwith", {"bandwidth", "capacity"}), "bandwidth");
  EXPECT_EQ(closest_match("zzz", {"bandwidth", "capacity"}), "");
}

}  // namespace
}  // namespace servesim::core
