// One row of a validation case file, with typed access whose errors name the file, the row id,
// the column and the line (shared by the kernel and the end-to-end case readers).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "validate/validation.h"

namespace servesim::validate {

struct CaseRow {
  const core::CsvTable& table;
  std::size_t index;

  /// The field of `column`; InputError when the header has no such column.
  [[nodiscard]] const std::string& at(const char* column) const;
  /// Whether an optional column is filled in: the header has it and the field is not empty.
  [[nodiscard]] bool given(const char* column) const;
  [[noreturn]] void fail(const char* column, const std::string& message,
                         const std::string& hint = {}) const;
  /// A positive number; InputError otherwise.
  [[nodiscard]] double number(const char* column) const;
  /// A positive integer; InputError otherwise.
  [[nodiscard]] std::int64_t integer(const char* column) const;
};

/// Runs `predict` on every row and fills the fields every case has: id, metric, measured and the
/// signed error of a predicted case. `predict` sets predicted, kind, device, bound or skipped.
std::vector<CaseResult> predict_rows(const core::CsvTable& table,
                                     const std::function<CaseResult(const CaseRow&)>& predict);

}  // namespace servesim::validate
