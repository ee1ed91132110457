// `servesim serve` options and runner.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "serving/simulation.h"

namespace servesim::cli {

struct ServeOptions {
  std::string model;
  std::string system;
  MappingFlags mapping;
  DTypeFlags dtypes;
  std::string trace;
  std::string scheduler = "vllm";
  std::string router = "round-robin";
  std::int64_t replicas = 1;
  DisaggregationFlags disaggregation;
  serving::SchedulerLimits limits;
  std::string preemption = "recompute";
  std::string admission = "prompt";
  bool pim_balanced_chunks = false;
  std::string kv_memory = "total";
  std::int64_t block_size = 16;
  double memory_utilization = 0.9;
  std::string step_overhead;
  std::string slo;
  double rate_scale = 1.0;
  std::int64_t max_requests = 0;
  std::string duration;
  std::uint64_t seed = 1;
  bool skip_bad_rows = false;
  std::string out;
  bool json = false;
  bool quiet = false;
  CLI::App* command = nullptr;

  void add_to(CLI::App& app);
};

/// Returns the exit code (0, or 3 when the model leaves no KV cache). Throws core::InputError.
int run_serve(const ServeOptions& options);

}  // namespace servesim::cli
