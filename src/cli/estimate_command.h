// `servesim estimate` options and runner.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace servesim::cli {

struct EstimateOptions {
  std::string model;
  std::string system;
  MappingFlags mapping;
  DTypeFlags dtypes;
  DisaggregationFlags disaggregation;
  std::int64_t batch = 1;
  bool max_batch = false;  // use the largest batch that fits instead of --batch
  std::int64_t prefill_chunk = 0;  // > 0: prefill tokens per step (activation workspace)
  std::int64_t input = 128;
  std::int64_t output = 128;
  double memory_utilization = 0.9;
  bool json = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code (0, or 3 when the batch does not fit). Throws core::InputError.
int run_estimate(const EstimateOptions& options);

}  // namespace servesim::cli
