// `servesim serve`: replay a trace or a synthetic workload through the serving simulator.
#include "cli/serve_command.h"

#include "cli/run_scenario.h"
#include "core/diagnostics.h"

namespace servesim::cli {

void ServeOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("serve", "simulate serving a trace or synthetic workload");
  scenario.add_deployment(*cmd);
  scenario.add_serving(*cmd);
  scenario.add_engine(*cmd);
  cmd->add_option("--out", out,
                  "directory for summary.json, requests.csv, trace.json and the resolved "
                  "scenario.yaml (replay it with servesim run)");
  cmd->add_flag("--json", json, "print the summary as one JSON document");
  cmd->add_flag("--quiet", quiet, "no progress bar");
  command = cmd;
}

int run_serve(const ServeOptions& o, const scenario::Environment& env) {
  scenario::ScenarioSpec spec = o.scenario.spec();
  spec.fidelity = scenario::Fidelity::simulate;
  if (spec.workload.trace.empty() && !spec.workload.generator) {
    throw core::InputError("<command line>", "--trace", "is required",
                           "give --trace, or --config with a scenario that has a workload");
  }
  return run_scenario(spec, {"serve", o.json, o.quiet, o.out}, &o.scenario, env);
}

}  // namespace servesim::cli
