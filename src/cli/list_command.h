// `servesim list WHAT`: what exists (shipped configs and registry entries).
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include "scenario/environment.h"

namespace servesim::cli {

struct ListOptions {
  std::string what;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

int run_list(const ListOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
