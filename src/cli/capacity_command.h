// `servesim capacity`: the highest request rate a deployment sustains within its SLO (the QoS
// metric of scenario/capacity.h) and the latency-throughput curve measured on the way.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/scenario_flags.h"
#include "scenario/capacity.h"
#include "scenario/environment.h"

namespace servesim::cli {

struct CapacityCommandOptions {
  ScenarioFlags scenario;
  scenario::CapacityOptions search;
  bool json = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code: 0 (also when no rate meets the SLO: the curve says why), 2 for an
/// invalid mapping, 3 for a design that does not fit or exceeds a constraint. Throws
/// core::InputError (options named by their flags).
int run_capacity(const CapacityCommandOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
