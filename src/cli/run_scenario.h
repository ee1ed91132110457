// Runs one scenario for `estimate`, `serve` and `run` and reports it: a readable report or the
// JSON document on stdout, the --out directory (summary.json, requests.csv, trace.json and the
// resolved scenario.yaml) for the simulate fidelity, and an infeasible design as its reason on
// stderr with the exit code of the contract.
#pragma once

#include <string>

#include "cli/scenario_flags.h"
#include "scenario/environment.h"
#include "scenario/scenario_spec.h"

namespace servesim::cli {

struct ReportOptions {
  std::string command;  // "estimate", "serve" or "run", for messages
  bool json = false;
  bool quiet = false;   // no progress bar
  std::string out;      // --out DIR (simulate fidelity only)
};

/// Evaluates `spec` (names resolved in `env`) and reports it. `flags` (null for a scenario file) names flags instead of
/// scenario fields in messages. Returns the exit code: 0, 2 for an invalid mapping, 3 for a design
/// that does not fit or exceeds a constraint. Throws core::InputError for bad input.
int run_scenario(const scenario::ScenarioSpec& spec, const ReportOptions& options,
                 const ScenarioFlags* flags, const scenario::Environment& env);

}  // namespace servesim::cli
