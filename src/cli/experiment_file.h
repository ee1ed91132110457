// An experiment file (configs/experiments/NAME.yaml): named runs, each a scenario (scenario.h),
// and the published comparisons they reproduce. A run's scenario is `base` (a scenario mapping
// shared by the runs) with the run's own `scenario` mapping laid over it, or a scenario file
// (`scenario_file`, relative to the experiment file). A comparison takes one metric (a JSON
// pointer into the runs' evaluation documents: what `estimate --json` or `serve --json` print)
// and one or more (numerator run, denominator run) pairs; with several pairs the figure is their
// geometric mean, or their largest ratio with `aggregate: max` (a published "up to" claim, the
// best case over settings). Published claims are ratios of the same orientation.
//
//   name: l3
//   description: "L3 vs HBM-PIM on long-context reasoning"
//   source: "L3 (arXiv 2504.17584) Fig. 8"
//   base: {model: gpt-89b, mapping: {tp: 8}, workload: {generator: {kind: reasoning, rate: 100}}}
//   runs:
//     - {name: l3, scenario: {hardware: {system: "a100-l3:8"}}}
//     - {name: attacc, scenario: {hardware: {system: "a100-attacc:8"}}}
//   comparisons:
//     - claim: "throughput, L3 over AttAcc"
//       metric: /throughput/output_tokens_per_s
//       pairs: "l3/attacc"            # numerator/denominator, comma-separated
//       published: 6.1
//       note: "what matches, what does not, and the unpublished parameter that explains it"
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/data_root.h"
#include "scenario/scenario_spec.h"

namespace servesim::cli {

struct ExperimentRun {
  std::string name;
  scenario::ScenarioSpec scenario;
};

struct Comparison {
  std::string claim;
  std::string metric;  // JSON pointer into the run's --json output
  std::vector<std::pair<std::string, std::string>> pairs;  // (numerator, denominator) runs
  /// How several pairs combine: their geometric mean, or the largest ratio (for "up to" claims).
  enum class Aggregate { geomean, max } aggregate = Aggregate::geomean;
  double published = 0;
  std::string note;
};

struct Experiment {
  std::string file;  // where it was loaded from (for error messages)
  std::string name;
  std::string description;
  std::string source;
  std::vector<ExperimentRun> runs;
  std::vector<Comparison> comparisons;
};

/// Loads a shipped experiment name or a YAML path. Throws core::InputError naming the file and
/// field: unknown keys, a run's scenario with a bad field (or both or neither of `scenario` and
/// `scenario_file`), duplicate run names, a pair naming an unknown run, a metric that is not a
/// JSON pointer, a published ratio that is not > 0.
Experiment load_experiment(const std::string& name_or_path, const core::DataRoot& data);

}  // namespace servesim::cli
