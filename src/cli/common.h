// What the subcommands share: the exit codes of the command-line contract and how results are
// printed for people.
#pragma once

#include <string>

#include "perf/economics.h"

namespace servesim::cli {

/// Exit codes of the command-line contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitDoesNotFit = 3;

/// The economics of a result as one line for people.
std::string economics_line(const perf::Economics& e);

}  // namespace servesim::cli
