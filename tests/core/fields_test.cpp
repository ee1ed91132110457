// Field sets: one declaration reads a mapping, sets a field by its path from text with the same
// checks, and lists the fields; every error names the path.
#include "core/fields.h"

#include <gtest/gtest.h>

namespace servesim::core {
namespace {

enum class Shape { round, square };

struct Inner {
  std::int64_t layers = 1;
  Kelvin temperature = celsius(65);
};

struct Part {
  std::string kind;
  BytesPerSecond bandwidth{};
  std::optional<Watts> tdp;
  double efficiency = 1.0;
  Shape shape = Shape::round;
  bool fast = false;
  std::int64_t corners = 0;  // square only
  std::optional<Inner> inner;
  std::array<Bytes, 2> sizes{};
};

const FieldSet<Inner>& inner_fields() {
  static const FieldSet<Inner> f = FieldSet<Inner>()
                                       .integer("layers", &Inner::layers, Need::optional)
                                       .quantity("temperature", &Inner::temperature, Need::optional);
  return f;
}

const FieldSet<std::array<Bytes, 2>>& size_fields() {
  static const FieldSet<std::array<Bytes, 2>> f = [] {
    FieldSet<std::array<Bytes, 2>> s;
    for (std::size_t i = 0; i < 2; ++i) {
      s.quantity(i == 0 ? "small" : "large",
                 [i](std::array<Bytes, 2>& a) -> Bytes& { return a[i]; }, Need::optional);
    }
    return s;
  }();
  return f;
}

const FieldSet<Part>& part_fields() {
  static const FieldSet<Part> f =
      FieldSet<Part>()
          .text("kind", &Part::kind)
          .quantity("bandwidth", &Part::bandwidth)
          .quantity("tdp", &Part::tdp)
          .number("efficiency", &Part::efficiency, Need::optional, Range::fraction)
          .choice("shape", &Part::shape, {{"round", Shape::round}, {"square", Shape::square}})
          .flag("fast", &Part::fast)
          .integer("corners", &Part::corners)
          .when([](const Part& p) { return p.shape == Shape::square; }, "a round part has no corners")
          .group("inner", &Part::inner, inner_fields())
          .group("sizes", &Part::sizes, size_fields(), Need::optional)
          .check([](const Part& p, const Report& report) {
            if (p.tdp && p.tdp->value() > 1000) report("tdp", "is above 1000 W", "lower it");
          });
  return f;
}

struct Read {
  Part part;
  std::vector<Diagnostic> errors;
};

Read read(const std::string& yaml) {
  Diagnostics diag("part.yaml");
  auto doc = ConfigDocument::parse(yaml, "part.yaml", false);
  ConfigNode root = doc.root(diag);
  Read r;
  part_fields().read(root, r.part);
  r.errors = diag.errors();
  return r;
}

std::vector<Diagnostic> set(Part& part, const std::string& path, const std::string& value) {
  Diagnostics diag("<scenario>");
  part_fields().set(part, path, value, diag, "hardware.overrides");
  return diag.errors();
}

bool has(const std::vector<Diagnostic>& errors, const std::string& path, const std::string& text) {
  for (const Diagnostic& d : errors) {
    if (d.path == path && d.to_string().find(text) != std::string::npos) return true;
  }
  return false;
}

const char* kSquare =
    "kind: a\nbandwidth: 2 TB/s\nshape: square\ncorners: 4\nfast: true\n"
    "inner: {layers: 8}\nsizes: {large: 1 GiB}\n";

TEST(Fields, ReadFillsEveryDeclaredFieldAndKeepsDefaults) {
  const Read r = read(kSquare);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  EXPECT_EQ(r.part.kind, "a");
  EXPECT_DOUBLE_EQ(r.part.bandwidth.value(), 2e12);
  EXPECT_FALSE(r.part.tdp);
  EXPECT_DOUBLE_EQ(r.part.efficiency, 1.0);
  EXPECT_EQ(r.part.shape, Shape::square);
  EXPECT_TRUE(r.part.fast);
  EXPECT_EQ(r.part.corners, 4);
  ASSERT_TRUE(r.part.inner);
  EXPECT_EQ(r.part.inner->layers, 8);
  EXPECT_DOUBLE_EQ(r.part.inner->temperature.value(), celsius(65).value());
  EXPECT_DOUBLE_EQ(r.part.sizes[1].value(), 1024.0 * 1024 * 1024);
}

TEST(Fields, ReadReportsEveryProblemWithItsPath) {
  const Read r = read(
      "bandwidth: 2 GB\nefficiency: 2\nshape: oval\ncorners: 3\ntdp: 2 kW\ninner: {layrs: 2}\n");
  EXPECT_TRUE(has(r.errors, "kind", "is required but missing"));
  EXPECT_TRUE(has(r.errors, "bandwidth", "expected a bandwidth"));
  EXPECT_TRUE(has(r.errors, "efficiency", "must be a fraction in (0, 1]"));
  EXPECT_TRUE(has(r.errors, "shape", "unknown shape \"oval\""));
  EXPECT_TRUE(has(r.errors, "corners", "a round part has no corners"));
  EXPECT_TRUE(has(r.errors, "tdp", "is above 1000 W"));
  EXPECT_TRUE(has(r.errors, "inner.layrs", "did you mean 'layers'?"));
}

TEST(Fields, SetChangesOneTypedFieldWithTheFilesChecks) {
  Part p = read(kSquare).part;
  EXPECT_TRUE(set(p, "bandwidth", "3 TB/s").empty());
  EXPECT_DOUBLE_EQ(p.bandwidth.value(), 3e12);
  EXPECT_TRUE(set(p, "inner.temperature", "95 °C").empty());
  EXPECT_DOUBLE_EQ(p.inner->temperature.value(), celsius(95).value());
  EXPECT_TRUE(set(p, "sizes.small", "2 MiB").empty());
  EXPECT_DOUBLE_EQ(p.sizes[0].value(), 2.0 * 1024 * 1024);
  EXPECT_TRUE(set(p, "shape", "round").empty());
  EXPECT_EQ(p.shape, Shape::round);
}

TEST(Fields, SetErrorsNameTheFieldUnderThePrefix) {
  Part p = read(kSquare).part;
  EXPECT_TRUE(has(set(p, "bandwith", "1 TB/s"), "hardware.overrides.bandwith",
                  "did you mean 'bandwidth'?"));
  EXPECT_TRUE(has(set(p, "bandwidth", "1 TB"), "hardware.overrides.bandwidth",
                  "expected a bandwidth"));
  EXPECT_TRUE(has(set(p, "bandwidth", "-1 TB/s"), "hardware.overrides.bandwidth", "must be > 0"));
  EXPECT_TRUE(has(set(p, "inner", "3"), "hardware.overrides.inner", "is a mapping"));
  EXPECT_TRUE(has(set(p, "kind.x", "3"), "hardware.overrides.kind", "holds a value"));
  EXPECT_TRUE(has(set(p, "tdp", "2 kW"), "hardware.overrides.tdp", "is above 1000 W"));
  Part round = read("kind: a\nbandwidth: 1 TB/s\n").part;
  EXPECT_TRUE(has(set(round, "corners", "4"), "hardware.overrides.corners",
                  "a round part has no corners"));
  EXPECT_TRUE(has(set(round, "inner.layers", "4"), "hardware.overrides.inner",
                  "is not described"));
}

TEST(Fields, WriteGivesBackWhatReadTurnsIntoTheSameStruct) {
  const Part p = read(kSquare).part;
  const nlohmann::ordered_json j = part_fields().write(p);
  EXPECT_EQ(j["bandwidth"], "2000000000000 B/s");
  EXPECT_FALSE(j.contains("tdp"));           // absent optional
  EXPECT_EQ(j["shape"], "square");
  EXPECT_EQ(j["inner"]["layers"], 8);
  const Read again = read(j.dump());
  ASSERT_TRUE(again.errors.empty()) << again.errors.front().to_string();
  EXPECT_EQ(part_fields().write(again.part), j);
  Part round = read("kind: a\nbandwidth: 1 TB/s\n").part;
  EXPECT_FALSE(part_fields().write(round).contains("corners"));  // does not apply
}

TEST(Fields, APreparedChangeGivesEveryStructWhatSetGivesIt) {
  const Part model = read(kSquare).part;
  for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
           {"bandwidth", "3 TB/s"}, {"inner.layers", "12"}, {"sizes.small", "2 MiB"},
           {"shape", "round"}, {"fast", "false"}, {"efficiency", "0.5"}}) {
    core::Diagnostics diag("<test>");
    const auto assign = part_fields().prepare(model, path, value, diag, "");
    ASSERT_TRUE(diag.ok()) << path;
    Part other = read("kind: b\nbandwidth: 9 TB/s\ninner: {layers: 1}\n").part;
    Part expected = other;
    ASSERT_TRUE(set(expected, path, value).empty());
    assign(other);
    EXPECT_EQ(part_fields().write(other), part_fields().write(expected)) << path;
  }
  core::Diagnostics diag("<test>");
  (void)part_fields().prepare(model, "bandwidth", "-1 TB/s", diag, "p");
  EXPECT_FALSE(diag.ok());
  EXPECT_EQ(diag.errors().front().path, "p.bandwidth");
}

TEST(Fields, DocsListEveryLeafWithWhatItTakes) {
  const auto docs = part_fields().docs();
  std::vector<std::string> paths;
  for (const auto& d : docs) paths.push_back(d.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"kind", "bandwidth", "tdp", "efficiency", "shape", "fast",
                                             "corners", "inner.layers", "inner.temperature",
                                             "sizes.small", "sizes.large"}));
  EXPECT_TRUE(docs[0].required);
  EXPECT_FALSE(docs[2].required);
  EXPECT_EQ(docs[1].takes, "bandwidth > 0, e.g. \"3.35 TB/s\"");
  EXPECT_EQ(docs[3].takes, "number in (0, 1]");
  EXPECT_EQ(docs[4].takes, "round | square");
}

}  // namespace
}  // namespace servesim::core
