// `servesim validate` options and runner.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include "scenario/environment.h"

namespace servesim::cli {

struct ValidateOptions {
  std::vector<std::string> cases;  // one or more case files
  bool json = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

int run_validate(const ValidateOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
