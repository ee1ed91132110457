// `servesim run SCENARIO.yaml`: evaluates a scenario file at its own fidelity (or --fidelity),
// for instance the scenario.yaml that `serve --out` wrote, which replays that run.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include "scenario/environment.h"

namespace servesim::cli {

struct RunOptions {
  std::string file;
  std::string fidelity;  // empty: the scenario's
  std::string out;
  bool json = false;
  bool quiet = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code (as serve and estimate). Throws core::InputError.
int run_run(const RunOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
