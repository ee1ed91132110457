// `servesim serve`: the simulate fidelity of a scenario built from flags.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/scenario_flags.h"
#include "scenario/environment.h"

namespace servesim::cli {

struct ServeOptions {
  ScenarioFlags scenario;
  std::string out;
  bool json = false;
  bool quiet = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code (0, 2 for an invalid mapping, 3 when the model leaves no KV cache).
/// Throws core::InputError.
int run_serve(const ServeOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
