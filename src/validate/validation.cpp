// Case-file dispatch and the error summary.
#include "validate/validation.h"

#include <algorithm>
#include <cmath>

#include "core/csv.h"
#include "core/diagnostics.h"
#include "validate/kernel_cases.h"
#include "validate/serving_cases.h"

namespace servesim::validate {

Summary summarize(const std::vector<CaseResult>& cases) {
  std::vector<double> errors;
  Summary s;
  for (const CaseResult& c : cases) {
    if (!c.skipped.empty()) {
      ++s.skipped;
      continue;
    }
    errors.push_back(std::abs(c.error));
  }
  s.n = static_cast<int>(errors.size());
  if (errors.empty()) return s;
  std::sort(errors.begin(), errors.end());
  auto rank = [&](double q) {
    const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(errors.size()))) - 1;
    return errors[std::min(i, errors.size() - 1)];
  };
  const std::size_t n = errors.size();
  s.median_abs_error = n % 2 == 1 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
  s.p90_abs_error = rank(0.9);
  s.max_abs_error = errors.back();
  return s;
}

ValidationReport run_validation(const std::string& csv_file, const scenario::Environment& env) {
  const core::CsvTable table = core::read_csv(csv_file);
  ValidationReport report;
  report.file = csv_file;
  if (table.column("op") >= 0 && table.column("shape") >= 0) {
    report.cases = run_kernel_cases(table, env);
  } else if (table.column("arrival") >= 0 && table.column("model") >= 0) {
    report.cases = run_serving_cases(table, env);
  } else {
    throw core::InputError(csv_file, "header", "not a validation case file",
                           "expected kernel columns (id,device,devices,op,shape,dtype,metric,"
                           "measured,source) or serving columns (id,device,...,arrival,metric,"
                           "measured,source)");
  }
  report.summary = summarize(report.cases);
  return report;
}

}  // namespace servesim::validate
