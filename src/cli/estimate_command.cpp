// `servesim estimate`: latency, throughput, energy and memory of a static batch.
#include "cli/estimate_command.h"

#include "cli/run_scenario.h"

namespace servesim::cli {

void EstimateOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("estimate", "latency, throughput, energy and memory of a batch");
  scenario.add_deployment(*cmd);
  scenario.add_batch(*cmd);
  scenario.add_engine(*cmd);
  cmd->add_flag("--json", json, "print one JSON document");
  command = cmd;
}

int run_estimate(const EstimateOptions& o, const scenario::Environment& env) {
  scenario::ScenarioSpec spec = o.scenario.spec();
  spec.fidelity = scenario::Fidelity::estimate;
  return run_scenario(spec, {"estimate", o.json, true, ""}, &o.scenario, env);
}

}  // namespace servesim::cli
