// Parameter schemas: YAML and key=value text are read with the same checks and the same messages
// (every message a reader can give has a row below), values write back to what they were read
// from, and misuse from code is a logic error.
#include "core/params.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/param_docs.h"

namespace servesim::core {
namespace {

const ParamSchema& schema() {
  static const ParamSchema s = {
      {.name = "count",
       .type = ParamType::integer,
       .range = Range::at_least_one,
       .at_most = 100,
       .default_text = "8",
       .help = "how many"},
      {.name = "rate",
       .type = ParamType::number,
       .range = Range::positive,
       .presence = Presence::required,
       .help = "per second"},
      {.name = "share",
       .type = ParamType::number,
       .range = Range::fraction,
       .default_text = "0.5",
       .help = "a fraction"},
      {.name = "delay",
       .type = ParamType::quantity,
       .range = Range::non_negative,
       .dims = Seconds::dims,
       .default_text = "1 ms",
       .help = "a time"},
      {.name = "fast", .type = ParamType::flag, .default_text = "false", .help = "a flag"},
      {.name = "mode",
       .type = ParamType::choice,
       .choices = {"recompute", "swap"},
       .default_text = "recompute",
       .help = "a choice"},
      {.name = "shape",
       .type = ParamType::text,
       .text_kind = "shape",
       .check = [](const std::string& t) -> std::optional<std::string> {
         if (t == "round" || t == "square") return std::nullopt;
         return "\"" + t + "\" is not a shape";
       },
       .presence = Presence::optional,
       .help = "a checked text"},
  };
  return s;
}

// The errors of reading `yaml` (a mapping) against the schema, finished.
std::vector<Diagnostic> yaml_errors(const std::string& yaml) {
  Diagnostics diag("p.yaml");
  const auto doc = ConfigDocument::parse(yaml, "p.yaml", false);
  ConfigNode root = doc.root(diag);
  (void)read_params(schema(), root);
  root.finish();
  return diag.errors();
}

std::vector<Diagnostic> text_errors(const std::string& text) {
  Diagnostics diag("<scenario>");
  (void)read_params(schema(), text, diag, "workload.generator");
  return diag.errors();
}

std::string joined(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.to_string() + "\n";
  return out;
}

struct BadValue {
  const char* key;
  const char* value;
  const char* message;  // the same from YAML and from text
};

TEST(Params, EveryValueErrorReadsTheSameFromYamlAndFromText) {
  const BadValue cases[] = {
      {"count", "many", "expected an integer, got \"many\""},
      {"count", "0", "must be >= 1, got 0"},
      {"count", "200", "must be at most 100, got 200"},
      {"rate", "fast", "expected a number, got \"fast\""},
      {"rate", "3 s", "expected a plain number, got \"3 s\" with a unit"},
      {"rate", "-1", "must be > 0, got -1"},
      {"share", "1.5", "must be a fraction in (0, 1], got 1.5"},
      {"delay", "3", "\"3\" a bare number has no unit; expected a time"},
      {"delay", "3 GB", "\"3 GB\" has the dimension of a size in bytes; expected a time"},
      {"delay", "soon", "\"soon\" does not start with a number"},
      {"delay", "-1 s", "must be >= 0, got -1"},
      {"fast", "yes", "expected true or false, got \"yes\""},
      {"mode", "drop", "unknown mode \"drop\" (use one of recompute, swap)"},
      {"shape", "oval", "\"oval\" is not a shape"},
  };
  for (const BadValue& c : cases) {
    const bool rate = std::string(c.key) == "rate";
    const std::string yaml =
        joined(yaml_errors(fmt::format("{}: \"{}\"\n{}", c.key, c.value, rate ? "" : "rate: 1\n")));
    EXPECT_NE(yaml.find(fmt::format("p.yaml:1: error: {}: {}", c.key, c.message)),
              std::string::npos)
        << c.key << "=" << c.value << "\n"
        << yaml;
    const std::string text =
        joined(text_errors(fmt::format("{}={}{}", c.key, c.value, rate ? "" : ",rate=1")));
    EXPECT_NE(
        text.find(fmt::format("<scenario>: error: workload.generator: {}: {}", c.key, c.message)),
        std::string::npos)
        << c.key << "=" << c.value << "\n"
        << text;
  }
}

TEST(Params, YamlReaderReportsMissingUnknownAndMisshapenKeys) {
  const std::string errors = joined(yaml_errors("count: [1, 2]\nrat: 4\n"));
  EXPECT_NE(errors.find("p.yaml:1: error: count: expected a single value, found a list or mapping"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("error: rate: is required but missing"), std::string::npos) << errors;
  EXPECT_NE(errors.find("p.yaml:2: error: rat: unknown key (did you mean 'rate'?)"),
            std::string::npos)
      << errors;
}

TEST(Params, TextReaderReportsEveryMalformedItem) {
  const std::pair<const char*, const char*> cases[] = {
      {"rate", "workload.generator: \"rate\" is not key=value (write key=value pairs"},
      {"rate=1,rat=2", "workload.generator: unknown key \"rat\" (did you mean 'rate'?)"},
      {"rate=1,zzzzzz=2", "unknown key \"zzzzzz\" (known keys: count, rate, share, delay, fast"},
      {"rate=1,rate=2", "workload.generator: rate: given twice"},
      {"count=3", "workload.generator: rate: is required but missing (add rate=VALUE)"},
  };
  for (const auto& [text, message] : cases) {
    EXPECT_NE(joined(text_errors(text)).find(message), std::string::npos)
        << text << "\n"
        << joined(text_errors(text));
  }
  EXPECT_EQ(text_errors("rate=1,rate=x").size(), 1u);  // a repeated key is not read again
}

TEST(Params, AbsentParametersTakeTheirDefaultsOrStayAbsent) {
  Diagnostics diag("<scenario>");
  const ParamValues v = read_params(schema(), "rate=2.5", diag, "p");
  ASSERT_TRUE(diag.ok());
  EXPECT_EQ(v.integer("count"), 8);
  EXPECT_DOUBLE_EQ(v.number("rate"), 2.5);
  EXPECT_DOUBLE_EQ(v.seconds("delay").value(), 1e-3);
  EXPECT_FALSE(v.flag("fast"));
  EXPECT_EQ(v.text("mode"), "recompute");
  EXPECT_FALSE(v.has("shape"));
}

TEST(Params, ValuesWriteBackToWhatReadsThemAgain) {
  Diagnostics diag("<scenario>");
  const ParamValues v = read_params(
      schema(), "count=12,rate=0.1,delay=250 us,fast=true,mode=swap,shape=round", diag, "p");
  ASSERT_TRUE(diag.ok()) << joined(diag.errors());
  EXPECT_EQ(v.to_text(),
            "count=12,rate=0.1,share=0.5,delay=0.00025 s,fast=true,mode=swap,shape=round");
  EXPECT_EQ(
      v.to_json().dump(),
      R"({"count":12,"rate":0.1,"share":0.5,"delay":"0.00025 s","fast":true,"mode":"swap","shape":"round"})");
  const ParamValues again = read_params(schema(), v.to_text(), diag, "p");
  EXPECT_TRUE(diag.ok());
  EXPECT_EQ(again, v);
  Diagnostics yaml_diag("p.yaml");
  const auto doc = ConfigDocument::parse(v.to_json().dump(), "p.json", true);
  ConfigNode root = doc.root(yaml_diag);
  EXPECT_EQ(read_params(schema(), root), v);
  EXPECT_TRUE(yaml_diag.ok());
}

TEST(Params, CodeSetsCheckedValuesAndCarriesThemToAnotherSchema) {
  ParamValues v(schema());
  v.set("count", std::int64_t{42});
  v.set("mode", std::string("swap"));
  EXPECT_EQ(v.integer("count"), 42);
  EXPECT_EQ(v.assign("count", "0")->message, "must be >= 1, got 0");
  EXPECT_EQ(v.integer("count"), 42);  // a refused value leaves the old one
  const ParamSchema other = {
      {.name = "count",
       .type = ParamType::integer,
       .range = Range::at_least_one,
       .at_most = 10,
       .default_text = "1",
       .help = "fewer"},
      {.name = "mode",
       .type = ParamType::choice,
       .choices = {"swap"},
       .default_text = "swap",
       .help = "one way"},
      {.name = "extra", .type = ParamType::flag, .default_text = "true", .help = "new"},
  };
  const ParamValues moved = v.carried_to(other);
  EXPECT_EQ(moved.integer("count"), 1);  // 42 is beyond the new bound: the default
  EXPECT_EQ(moved.text("mode"), "swap");
  EXPECT_TRUE(moved.flag("extra"));
}

TEST(Params, APolicyExtendsTheSchemaItsFamilyShares) {
  const ParamSchema extended(schema(), {{.name = "depth",
                                         .type = ParamType::integer,
                                         .range = Range::at_least_one,
                                         .default_text = "2",
                                         .help = "an extra parameter"}});
  EXPECT_EQ(extended.names().back(), "depth");
  EXPECT_EQ(extended.specs().size(), schema().specs().size() + 1);
  Diagnostics diag("<scenario>");
  const ParamValues v = read_params(extended, "rate=1,depth=5,count=3", diag, "p");
  EXPECT_TRUE(diag.ok());
  EXPECT_EQ(v.integer("depth"), 5);
  EXPECT_EQ(v.integer("count"), 3);
  EXPECT_THROW((ParamSchema(schema(), {{.name = "rate", .help = "again"}})), std::logic_error);
}

TEST(Params, MisuseFromCodeIsALogicError) {
  ParamValues v(schema());
  EXPECT_THROW((void)v.integer("cuont"), std::logic_error);          // not declared
  EXPECT_THROW((void)v.number("count"), std::logic_error);           // another type
  EXPECT_THROW((void)v.number("rate"), std::logic_error);            // required, absent
  EXPECT_THROW((void)v.quantity<Bytes>("delay"), std::logic_error);  // another dimension
  EXPECT_THROW(v.set("count", 2.0), std::logic_error);               // a value of another type
  EXPECT_THROW(v.set("count", std::int64_t{0}), std::logic_error);   // out of range
  EXPECT_THROW((void)v.assign("nope", "1"), std::logic_error);
  EXPECT_THROW((ParamSchema{{.name = "a", .help = "x"}, {.name = "a", .help = "y"}}),
               std::logic_error);
  const ParamSchema bad_default = {{.name = "n",
                                    .type = ParamType::integer,
                                    .range = Range::at_least_one,
                                    .default_text = "0",
                                    .help = "a default outside its own range"}};
  EXPECT_THROW(ParamValues{bad_default}, std::logic_error);
}

TEST(ParamDocs, TablesAndListsShowTypeDefaultRangeAndHelp) {
  const std::string table = markdown_table(schema());
  EXPECT_NE(table.find("| parameter | type | default | range | meaning |"), std::string::npos);
  EXPECT_NE(table.find("| `count` | integer | 8 | ≥ 1, ≤ 100 | how many |"), std::string::npos)
      << table;
  EXPECT_NE(table.find("| `rate` | number | required | > 0 | per second |"), std::string::npos);
  EXPECT_NE(table.find("| `delay` | time | 1 ms | ≥ 0 | a time |"), std::string::npos);
  EXPECT_NE(table.find("| `mode` | recompute or swap | recompute |  | a choice |"),
            std::string::npos);
  EXPECT_NE(table.find("| `shape` | shape | none |  | a checked text |"), std::string::npos);
  const std::string list = plain_list(schema(), "  ");
  EXPECT_NE(list.find("  fast"), std::string::npos);
  EXPECT_NE(list.find("default 0.5"), std::string::npos);
  EXPECT_NE(list.find("(0, 1]"), std::string::npos) << list;
  EXPECT_EQ(markdown_table(ParamSchema{}), "");
}

}  // namespace
}  // namespace servesim::core
