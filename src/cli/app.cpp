// The servesim command line (see app.h).
#include "cli/app.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/bench_command.h"
#include "cli/capacity_command.h"
#include "cli/common.h"
#include "cli/estimate_command.h"
#include "cli/experiment_command.h"
#include "cli/explore_command.h"
#include "cli/list_command.h"
#include "cli/run_command.h"
#include "cli/serve_command.h"
#include "cli/validate_command.h"
#include "core/diagnostics.h"
#include "scenario/version.h"

namespace servesim::cli {
namespace {

struct Commands {
  CLI::App app{"servesim: hardware/software co-design simulator for LLM inference serving"};
  EstimateOptions estimate;
  ServeOptions serve;
  CapacityCommandOptions capacity;
  ValidateOptions validate;
  BenchOptions bench;
  ListOptions list;
  ExperimentOptions experiment;
  RunOptions run_file;
  ExploreOptions explore;

  Commands() {
    app.require_subcommand(1);
    app.set_version_flag("--version", version_text());
    estimate.add_to(app);
    serve.add_to(app);
    capacity.add_to(app);
    run_file.add_to(app);
    validate.add_to(app);
    bench.add_to(app);
    list.add_to(app);
    experiment.add_to(app);
    explore.add_to(app);
  }

  static std::string version_text() {
    const std::string commit = scenario::git_commit();
    return std::string("servesim ") + scenario::version() +
           (commit.empty() ? "" : " (git " + commit + ")");
  }

  int run() {
    try {
      return run_parsed();
    } catch (const core::InputError& e) {
      // Errors about scenario fields name the flags that set them.
      const ScenarioFlags* flags = estimate.command->parsed() ? &estimate.scenario
                                   : serve.command->parsed()    ? &serve.scenario
                                   : capacity.command->parsed() ? &capacity.scenario
                                                                : nullptr;
      std::cerr << (flags != nullptr ? flags->in_flag_terms(e) : e).what() << "\n";
      return kExitBadInput;
    }
  }

  int run_parsed() {
    const scenario::Environment env =
        scenario::Environment::load(core::DataRoot::from_environment());
    if (estimate.command->parsed()) return run_estimate(estimate, env);
    if (serve.command->parsed()) return run_serve(serve, env);
    if (capacity.command->parsed()) return run_capacity(capacity, env);
    if (run_file.command->parsed()) return run_run(run_file, env);
    if (validate.command->parsed()) return run_validate(validate, env);
    if (bench.command->parsed()) return run_bench(bench, env);
    if (list.command->parsed()) return run_list(list, env);
    if (experiment.command->parsed()) return run_experiment(experiment, env);
    if (explore.command->parsed()) return run_explore(explore, env);
    return kExitBadInput;
  }
};

// Parses with `parse` and runs; CLI11's help and parse errors become its exit codes.
template <class Parse>
int parse_and_run(Commands& c, Parse parse) {
  try {
    parse(c.app);
  } catch (const CLI::CallForHelp& e) {
    return c.app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return c.app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return c.app.exit(e);
  } catch (const CLI::ParseError& e) {
    c.app.exit(e);
    return kExitBadInput;
  }
  return c.run();
}

}  // namespace

int run_servesim(int argc, char** argv) {
  Commands c;
  return parse_and_run(c, [&](CLI::App& app) { app.parse(argc, argv); });
}

}  // namespace servesim::cli
