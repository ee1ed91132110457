// Runs the servesim binary under test (SERVESIM_BINARY) with arguments, capturing its streams.
#pragma once

#include <string>

#include "support/temp_file.h"

namespace servesim::testing {

inline CommandResult servesim(const std::string& args) {
  return run_command(std::string(SERVESIM_BINARY) + " " + args);
}

}  // namespace servesim::testing
