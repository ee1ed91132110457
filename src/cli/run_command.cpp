// `servesim run` (see run_command.h).
#include "cli/run_command.h"

#include "cli/run_scenario.h"
#include "scenario/scenario_yaml.h"

namespace servesim::cli {

void RunOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("run", "evaluate a scenario file (see docs/scenarios.md)");
  cmd->add_option("scenario", file, "scenario YAML or shipped scenario name (configs/scenarios), e.g. the scenario.yaml of a serve --out")
      ->required();
  cmd->add_option("--fidelity", fidelity, "estimate (static batch) or simulate (the workload)")
      ->check(CLI::IsMember({"estimate", "simulate"}));
  cmd->add_option("--out", out, "directory for summary.json and scenario.yaml (and, when "
                                "simulating, requests.csv and trace.json)");
  cmd->add_flag("--json", json, "print one JSON document");
  cmd->add_flag("--quiet", quiet, "no progress bar");
  command = cmd;
}

int run_run(const RunOptions& o, const scenario::Environment& env) {
  scenario::ScenarioSpec spec = scenario::load_scenario(
      env.root.require(o.file, "scenarios", ".yaml", "scenario"));
  if (!o.fidelity.empty()) {
    spec.fidelity = o.fidelity == "estimate" ? scenario::Fidelity::estimate : scenario::Fidelity::simulate;
  }
  return run_scenario(spec, {"run", o.json, o.quiet, o.out}, nullptr, env);
}

}  // namespace servesim::cli
