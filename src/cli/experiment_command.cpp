// `servesim experiment` (see experiment_command.h).
#include "cli/experiment_command.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "cli/experiment_file.h"
#include "core/diagnostics.h"
#include "report/ratio_chart.h"
#include "scenario/evaluate.h"
#include "scenario/evaluation_json.h"

namespace servesim::cli {
namespace {

using Outputs = std::map<std::string, nlohmann::json>;

// Evaluates one run; its document is what `estimate --json` or `serve --json` would print.
nlohmann::json run_one(const Experiment& e, const ExperimentRun& run,
                       const scenario::Environment& env) {
  const scenario::Evaluation ev = scenario::evaluate(run.scenario, env);
  if (!ev.feasible()) {
    throw core::InputError(e.file, "runs." + run.name,
                           fmt::format("the design is infeasible ({}): {}",
                                       scenario::to_string(ev.infeasibility().kind),
                                       ev.infeasibility().reason),
                           "change the run's scenario");
  }
  return scenario::evaluation_json(ev);
}

struct Figure {
  double servesim = 0;  // geometric mean of the pairs' ratios
  double factor = 0;    // servesim / published
  bool same_direction = false;
  bool within_1_5 = false;
};

double metric(const Experiment& e, const Comparison& c, const Outputs& out, const std::string& run) {
  const nlohmann::json& doc = out.at(run);
  const nlohmann::json::json_pointer pointer(c.metric);
  if (!doc.contains(pointer) || !doc.at(pointer).is_number()) {
    throw core::InputError(e.file, "comparisons." + c.claim,
                           fmt::format("run \"{}\" has no number at {}", run, c.metric),
                           "use a pointer into the command's --json output");
  }
  const double value = doc.at(pointer).get<double>();
  if (!(value > 0) || !std::isfinite(value)) {
    throw core::InputError(e.file, "comparisons." + c.claim,
                           fmt::format("run \"{}\" has {} at {}, and a ratio needs values > 0",
                                       run, value, c.metric),
                           "compare a metric that is positive in every run");
  }
  return value;
}

Figure evaluate(const Experiment& e, const Comparison& c, const Outputs& out) {
  double log_sum = 0, largest = 0;
  for (const auto& [num, den] : c.pairs) {
    const double ratio = metric(e, c, out, num) / metric(e, c, out, den);
    log_sum += std::log(ratio);
    largest = std::max(largest, ratio);
  }
  Figure f;
  f.servesim = c.aggregate == Comparison::Aggregate::max
                   ? largest
                   : std::exp(log_sum / static_cast<double>(c.pairs.size()));
  f.factor = f.servesim / c.published;
  f.same_direction = (f.servesim > 1.0) == (c.published > 1.0);
  f.within_1_5 = f.factor >= 1.0 / 1.5 && f.factor <= 1.5;
  return f;
}

}  // namespace

void ExperimentOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "experiment", "run an experiment file and compare with its published results");
  cmd->add_option("experiment", experiment,
                  "shipped experiment name (servesim list experiments) or path to a YAML file")
      ->required();
  cmd->add_flag("--json", json, "print runs and comparisons as one JSON document");
  cmd->add_option("--svg", svg, "also write a bar chart of published vs servesim ratios (SVG)");
  command = cmd;
}

namespace {

// The chart, written before anything is printed so that a bad --svg path leaves no output.
void write_chart(const ExperimentOptions& o, const Experiment& e, const std::vector<Figure>& figures) {
  if (o.svg.empty()) return;
  std::vector<report::RatioBar> bars;
  for (std::size_t i = 0; i < e.comparisons.size(); ++i) {
    bars.push_back({e.comparisons[i].claim, e.comparisons[i].published, figures[i].servesim});
  }
  std::ofstream chart(o.svg);
  if (!chart) throw core::InputError("<command line>", "--svg", "cannot write " + o.svg);
  report::write_ratio_chart(chart, e.name + ": published vs servesim", bars);
}

void print_table(const Experiment& e, const std::vector<Figure>& figures) {
  fmt::print("{}: {}\nsource: {}\n\n", e.name, e.description, e.source);
  fmt::print("| claim | published | servesim | servesim / published | direction | within 1.5x |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < e.comparisons.size(); ++i) {
    const Comparison& c = e.comparisons[i];
    const Figure& f = figures[i];
    fmt::print("| {} | {:.3g}x | {:.3g}x | {:.2f} | {} | {} |\n", c.claim, c.published, f.servesim,
               f.factor, f.same_direction ? "same" : "OPPOSITE", f.within_1_5 ? "yes" : "no");
  }
  fmt::print("\n");
  for (const Comparison& c : e.comparisons) {
    if (!c.note.empty()) fmt::print("- {}: {}\n", c.claim, c.note);
  }
}

nlohmann::ordered_json to_json(const Experiment& e, const std::vector<Figure>& figures,
                               const Outputs& outputs) {
  nlohmann::ordered_json doc = {
      {"experiment", e.name}, {"source", e.source}, {"provenance", scenario::provenance_json()}};
  for (std::size_t i = 0; i < e.comparisons.size(); ++i) {
    const Comparison& c = e.comparisons[i];
    const Figure& f = figures[i];
    doc["comparisons"].push_back({{"claim", c.claim},
                                  {"metric", c.metric},
                                  {"published", c.published},
                                  {"servesim", f.servesim},
                                  {"factor", f.factor},
                                  {"same_direction", f.same_direction},
                                  {"within_1_5", f.within_1_5},
                                  {"note", c.note}});
  }
  for (const ExperimentRun& run : e.runs) doc["runs"][run.name] = outputs.at(run.name);
  return doc;
}

}  // namespace

int run_experiment(const ExperimentOptions& o, const scenario::Environment& env) {
  const Experiment e = load_experiment(o.experiment, env.root);
  Outputs outputs;
  for (const ExperimentRun& run : e.runs) {
    if (!o.json) std::cerr << "running " << run.name << "\n";
    outputs[run.name] = run_one(e, run, env);
  }
  // Every figure first: an error leaves nothing half-printed.
  std::vector<Figure> figures;
  for (const Comparison& c : e.comparisons) figures.push_back(evaluate(e, c, outputs));
  write_chart(o, e, figures);
  if (o.json) {
    std::cout << to_json(e, figures, outputs).dump(2) << "\n";
  } else {
    print_table(e, figures);
  }
  return kExitOk;
}

}  // namespace servesim::cli
