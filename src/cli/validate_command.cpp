// `servesim validate`: the per-case table (human) or the DESIGN.md JSON document.
#include "cli/validate_command.h"

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "scenario/evaluation_json.h"
#include "validate/validation.h"

namespace servesim::cli {

void ValidateOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("validate", "predicted vs measured for a file of cases");
  cmd->add_option("--cases", cases, "case file (CSV)")->required();
  cmd->add_flag("--json", json, "print one JSON document");
  command = cmd;
}

int run_validate(const ValidateOptions& o, const scenario::Environment& env) {
  const validate::ValidationReport r = validate::run_validation(o.cases, env);
  if (o.json) {
    nlohmann::ordered_json cases = nlohmann::ordered_json::array();
    for (const auto& c : r.cases) {
      nlohmann::ordered_json j = {{"id", c.id}, {"measured", c.measured}};
      if (c.skipped.empty()) {
        j["predicted"] = c.predicted;
        j["error"] = c.error;
        j["bound"] = c.bound;
      } else {
        j["predicted"] = nullptr;
        j["error"] = nullptr;
        j["skipped"] = c.skipped;
      }
      cases.push_back(j);
    }
    const nlohmann::ordered_json out = {{"cases", cases},
                                {"summary",
                                 {{"n", r.summary.n},
                                  {"skipped", r.summary.skipped},
                                  {"median_abs_error", r.summary.median_abs_error},
                                  {"p90_abs_error", r.summary.p90_abs_error},
                                  {"max_abs_error", r.summary.max_abs_error}}},
                                {"provenance", scenario::provenance_json()}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  fmt::print("{:<8} {:<14} {:<28} {:>11} {:>11} {:>8}  {}\n", "id", "device", "op", "predicted",
             "measured", "error", "bound");
  for (const auto& c : r.cases) {
    if (!c.skipped.empty()) {
      fmt::print("{:<8} {:<14} {:<28} {:>11} {:>11.4g} {:>8}  skipped: {}\n", c.id, c.device,
                 c.kind, "-", c.measured, "-", c.skipped);
      continue;
    }
    fmt::print("{:<8} {:<14} {:<28} {:>11.4g} {:>11.4g} {:>+7.1f}%  {}\n", c.id, c.device, c.kind,
               c.predicted, c.measured, 100 * c.error, c.bound);
  }
  fmt::print("\n{} cases predicted, {} skipped: median |error| {:.1f}%, p90 {:.1f}%, max {:.1f}%\n",
             r.summary.n, r.summary.skipped, 100 * r.summary.median_abs_error,
             100 * r.summary.p90_abs_error, 100 * r.summary.max_abs_error);
  return kExitOk;
}

}  // namespace servesim::cli
