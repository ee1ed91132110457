// The servesim command line: builds every subcommand, parses, runs the chosen one and maps errors
// to the exit codes of the contract (0 ok, 2 bad input, 3 the model does not fit). Diagnostics go
// to stderr; results to stdout.
#pragma once

#include <string>

namespace servesim::cli {

/// Runs `servesim` with argv as given to main().
int run_servesim(int argc, char** argv);

}  // namespace servesim::cli
