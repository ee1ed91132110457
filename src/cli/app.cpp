// The servesim command line (see app.h).
#include "cli/app.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/bench_command.h"
#include "cli/common.h"
#include "cli/estimate_command.h"
#include "cli/experiment_command.h"
#include "cli/list_command.h"
#include "cli/serve_command.h"
#include "cli/validate_command.h"
#include "core/diagnostics.h"

namespace servesim::cli {
namespace {

struct Commands {
  CLI::App app{"servesim: hardware/software co-design simulator for LLM inference serving"};
  EstimateOptions estimate;
  ServeOptions serve;
  ValidateOptions validate;
  BenchOptions bench;
  ListOptions list;
  ExperimentOptions experiment;

  Commands() {
    app.require_subcommand(1);
    estimate.add_to(app);
    serve.add_to(app);
    validate.add_to(app);
    bench.add_to(app);
    list.add_to(app);
    experiment.add_to(app);
  }

  int run() {
    try {
      if (estimate.command->parsed()) return run_estimate(estimate);
      if (serve.command->parsed()) return run_serve(serve);
      if (validate.command->parsed()) return run_validate(validate);
      if (bench.command->parsed()) return run_bench(bench);
      if (list.command->parsed()) return run_list(list);
      if (experiment.command->parsed()) return run_experiment(experiment);
    } catch (const core::InputError& e) {
      std::cerr << e.what() << "\n";
      return kExitBadInput;
    }
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

int run_servesim(const std::string& command_line) {
  Commands c;
  return parse_and_run(c, [&](CLI::App& app) { app.parse(command_line, false); });
}

}  // namespace servesim::cli
