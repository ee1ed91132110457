// `servesim explore SPACE.yaml`: searches a design space (dse/space.h) with its strategy and
// writes the store (store.sqlite, kept across a kill: --resume continues it), every point
// (points.csv), the Pareto front (front.csv, front.json) and its chart (front.svg) to --out.
// Under `mpirun -n K` rank 0 runs the search and every rank evaluates a share of each batch.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "scenario/environment.h"

namespace servesim::cli {

struct ExploreOptions {
  std::string file;
  std::string out;   // default: explore-<space name>
  bool resume = false;
  int threads = 0;   // 0: the machine's cores (under MPI: 1 per rank)
  bool json = false;
  bool quiet = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code. Throws core::InputError for a bad space or store.
int run_explore(const ExploreOptions& options, const scenario::Environment& env);

}  // namespace servesim::cli
