// servesim command line: the only place that prints diagnostics, exits, or knows about files named
// on the command line. Exit codes: 0 ok, 2 bad input, 3 the model does not fit.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/bench_command.h"
#include "cli/common.h"
#include "cli/estimate_command.h"
#include "cli/list_command.h"
#include "cli/serve_command.h"
#include "cli/validate_command.h"
#include "core/diagnostics.h"

int main(int argc, char** argv) {
  using namespace servesim::cli;
  CLI::App app{"servesim: hardware/software co-design simulator for LLM inference serving"};
  app.require_subcommand(1);
  EstimateOptions estimate;
  ServeOptions serve;
  ValidateOptions validate;
  BenchOptions bench;
  ListOptions list;
  estimate.add_to(app);
  serve.add_to(app);
  validate.add_to(app);
  bench.add_to(app);
  list.add_to(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  try {
    if (estimate.command->parsed()) return run_estimate(estimate);
    if (serve.command->parsed()) return run_serve(serve);
    if (validate.command->parsed()) return run_validate(validate);
    if (bench.command->parsed()) return run_bench(bench);
    if (list.command->parsed()) return run_list(list);
  } catch (const servesim::core::InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
  return kExitBadInput;
}
