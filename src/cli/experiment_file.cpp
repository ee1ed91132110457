// Experiment files (see experiment_file.h).
#include "cli/experiment_file.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/config_node.h"
#include "scenario/scenario_yaml.h"

namespace servesim::cli {
namespace {

bool is_json_pointer(const std::string& text) {
  try {
    (void)nlohmann::json::json_pointer(text);
    return !text.empty();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

std::string trimmed(const std::string& s) {
  const std::size_t a = s.find_first_not_of(' ');
  const std::size_t b = s.find_last_not_of(' ');
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// "a/b, c/d": (numerator, denominator) run pairs.
std::vector<std::pair<std::string, std::string>> read_pairs(core::ConfigNode& c,
                                                            const std::set<std::string>& runs) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::string text = c.text("pairs");
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::size_t slash = item.find('/');
    const std::string num = trimmed(item.substr(0, slash));
    const std::string den = slash == std::string::npos ? "" : trimmed(item.substr(slash + 1));
    if (num.empty() || den.empty()) {
      c.error("pairs", fmt::format("\"{}\" is not numerator/denominator", trimmed(item)),
              "e.g. pairs: \"l3/attacc, l3-175b/attacc-175b\"");
      return pairs;
    }
    for (const std::string& n : {num, den}) {
      if (runs.count(n) == 0) {
        c.error("pairs", fmt::format("no run named \"{}\"", n), "name a run of this file");
      }
    }
    pairs.emplace_back(num, den);
    start = comma + 1;
  }
  return pairs;
}

}  // namespace

Experiment load_experiment(const std::string& name_or_path, const core::DataRoot& data) {
  const std::string file = data.require(name_or_path, "experiments", ".yaml", "experiment");
  const auto doc = core::ConfigDocument::load(file);
  core::Diagnostics diag(file);
  core::ConfigNode root = doc.root(diag);
  Experiment e;
  e.file = file;
  e.name = root.text("name");
  e.description = root.text("description");
  e.source = root.text("source");
  std::set<std::string> names;
  std::optional<core::ConfigNode> base = root.optional_child("base");
  if (!base) base.emplace(YAML::Node(YAML::NodeType::Map), "base", &diag);
  for (core::ConfigNode& r : root.list("runs")) {
    ExperimentRun run;
    run.name = r.text("name");
    const auto file_name = r.optional_text("scenario_file");
    if (file_name && r.has("scenario")) {
      r.error("scenario_file", "a run has a scenario or a scenario_file, not both");
    } else if (file_name) {
      run.scenario = scenario::load_scenario(
          (std::filesystem::path(file).parent_path() / *file_name).string());
    } else {
      core::ConfigNode spec = r.child_over("scenario", *base);
      run.scenario = scenario::parse_scenario(spec);
    }
    if (!names.insert(run.name).second) {
      r.error("name", fmt::format("run \"{}\" is defined twice", run.name), "give each run its own name");
    }
    r.finish();
    e.runs.push_back(std::move(run));
  }
  for (core::ConfigNode& c : root.list("comparisons")) {
    Comparison k;
    k.claim = c.text("claim");
    k.metric = c.text("metric");
    if (!is_json_pointer(k.metric)) {
      c.error("metric", fmt::format("\"{}\" is not a JSON pointer", k.metric),
              "e.g. /throughput/output_tokens_per_s");
    }
    k.pairs = read_pairs(c, names);
    const std::string aggregate = c.optional_text("aggregate").value_or("geomean");
    if (aggregate == "max") {
      k.aggregate = Comparison::Aggregate::max;
    } else if (aggregate != "geomean") {
      c.error("aggregate", fmt::format("unknown aggregate \"{}\"", aggregate),
              "use geomean (the default) or max (for 'up to' claims)");
    }
    k.published = c.number("published", core::Range::positive);
    k.note = c.optional_text("note").value_or("");
    c.finish();
    e.comparisons.push_back(std::move(k));
  }
  root.finish();
  diag.throw_if_errors();
  return e;
}

}  // namespace servesim::cli
