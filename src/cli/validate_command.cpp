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
  CLI::App* cmd = app.add_subcommand("validate", "predicted vs measured for files of cases");
  cmd->add_option("--cases", cases,
                  "case file (CSV); several (--cases A B, or --cases repeated) are also summed up "
                  "together")
      ->required()
      ->expected(1, -1);
  cmd->add_flag("--json", json, "print one JSON document");
  command = cmd;
}

namespace {

nlohmann::ordered_json summary_json(const validate::Summary& s) {
  return {{"n", s.n},
          {"skipped", s.skipped},
          {"median_abs_error", s.median_abs_error},
          {"p90_abs_error", s.p90_abs_error},
          {"max_abs_error", s.max_abs_error}};
}

nlohmann::ordered_json cases_json(const validate::ValidationReport& r) {
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
  return cases;
}

std::string summary_text(const validate::Summary& s) {
  return fmt::format("{} cases predicted, {} skipped: median |error| {:.1f}%, p90 {:.1f}%, max {:.1f}%",
                     s.n, s.skipped, 100 * s.median_abs_error, 100 * s.p90_abs_error,
                     100 * s.max_abs_error);
}

void print_table(const validate::ValidationReport& r) {
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
  fmt::print("\n{}\n", summary_text(r.summary));
}

}  // namespace

// One file: its table and summary (JSON: {cases, summary, provenance}). Several: each file's, then
// the summary of all their cases together (JSON: {files: [{file, cases, summary}], summary,
// provenance}).
int run_validate(const ValidateOptions& o, const scenario::Environment& env) {
  std::vector<validate::ValidationReport> reports;
  std::vector<validate::CaseResult> all;
  for (const std::string& file : o.cases) {
    reports.push_back(validate::run_validation(file, env));
    all.insert(all.end(), reports.back().cases.begin(), reports.back().cases.end());
  }
  const validate::Summary together = validate::summarize(all);
  if (o.json) {
    nlohmann::ordered_json out;
    if (reports.size() == 1) {
      out = {{"cases", cases_json(reports.front())}, {"summary", summary_json(together)}};
    } else {
      nlohmann::ordered_json files = nlohmann::ordered_json::array();
      for (const auto& r : reports) {
        files.push_back(
            {{"file", r.file}, {"cases", cases_json(r)}, {"summary", summary_json(r.summary)}});
      }
      out = {{"files", files}, {"summary", summary_json(together)}};
    }
    out["provenance"] = scenario::provenance_json();
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (reports.size() > 1) fmt::print("{}== {}\n", i ? "\n" : "", reports[i].file);
    print_table(reports[i]);
  }
  if (reports.size() > 1) fmt::print("\nall {} files: {}\n", reports.size(), summary_text(together));
  return kExitOk;
}

}  // namespace servesim::cli
