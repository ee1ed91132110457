// `servesim bench`: the standard speed figures (DESIGN.md).
#pragma once

#include <CLI/CLI.hpp>
#include "scenario/environment.h"

namespace servesim::cli {

struct BenchOptions {
  bool json = false;
  double seconds = 2.0;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

int run_bench(const BenchOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
