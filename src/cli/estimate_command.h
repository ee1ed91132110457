// `servesim estimate`: the analytic static-batch fidelity of a scenario built from flags.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/scenario_flags.h"
#include "scenario/environment.h"

namespace servesim::cli {

struct EstimateOptions {
  ScenarioFlags scenario;
  bool json = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code (0, 2 for an invalid mapping, 3 when the batch does not fit). Throws
/// core::InputError.
int run_estimate(const EstimateOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
