// `servesim experiment NAME|FILE`: runs the runs of an experiment file (experiment_file.h) and
// prints each published comparison beside servesim's figure: the ratio, its factor over the
// published one, whether the direction matches and whether it is within a factor of 1.5.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include "scenario/environment.h"

namespace servesim::cli {

struct ExperimentOptions {
  std::string experiment;
  bool json = false;
  std::string svg;  // when set, a chart of published vs servesim ratios is written there
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

int run_experiment(const ExperimentOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
