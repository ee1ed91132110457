// Typed access to validation case rows (see case_row.h).
#include "validate/case_row.h"

#include <charconv>

#include <fmt/format.h>

#include "core/diagnostics.h"

namespace servesim::validate {

const std::string& CaseRow::at(const char* column) const {
  const int c = table.column(column);
  if (c < 0) {
    throw core::InputError(table.file, "header", fmt::format("missing column \"{}\"", column));
  }
  return table.rows[index][static_cast<std::size_t>(c)];
}

bool CaseRow::given(const char* column) const {
  return table.column(column) >= 0 && !at(column).empty();
}

void CaseRow::fail(const char* column, const std::string& message, const std::string& hint) const {
  throw core::InputError({core::Diagnostic{table.file, fmt::format("row {}.{}", at("id"), column),
                                           table.row_lines[index], message, hint}});
}

double CaseRow::number(const char* column) const {
  const std::string& s = at(column);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !(v > 0)) {
    fail(column, fmt::format("expected a positive number, got \"{}\"", s));
  }
  return v;
}

std::int64_t CaseRow::integer(const char* column) const {
  const double v = number(column);
  if (v > 1e15 || v != static_cast<double>(static_cast<std::int64_t>(v))) {
    fail(column, fmt::format("expected a positive integer, got \"{}\"", at(column)));
  }
  return static_cast<std::int64_t>(v);
}

std::vector<CaseResult> predict_rows(const core::CsvTable& table,
                                     const std::function<CaseResult(const CaseRow&)>& predict) {
  std::vector<CaseResult> results;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const CaseRow row{table, i};
    CaseResult r = predict(row);
    r.id = row.at("id");
    r.metric = row.at("metric");
    r.measured = row.number("measured");
    if (r.skipped.empty()) r.error = (r.predicted - r.measured) / r.measured;
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace servesim::validate
