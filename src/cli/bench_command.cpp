// `servesim bench`: runs the standard benchmarks and prints each figure.
#include "cli/bench_command.h"

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "scenario/evaluation_json.h"
#include "standard_bench.h"

namespace servesim::cli {

void BenchOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("bench", "the standard speed figures of DESIGN.md");
  cmd->add_option("--seconds", seconds, "measuring time per figure")->check(CLI::Range(0.05, 60.0));
  cmd->add_flag("--json", json, "print one JSON document");
  command = cmd;
}

int run_bench(const BenchOptions& o, const scenario::Environment& env) {
  const auto figures = bench::run_standard_benchmarks(o.seconds, env);
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& f : figures) out[f.name] = f.value;
    out["provenance"] = scenario::provenance_json();
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& f : figures) {
    fmt::print("{:<22} {:>14.4g} {:<4} {}\n", f.name, f.value, f.unit, f.detail);
  }
  return kExitOk;
}

}  // namespace servesim::cli
