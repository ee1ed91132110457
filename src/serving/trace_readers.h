// The trace-file readers behind `--trace FILE` (the trace_readers() registry of workload.h; one
// file per format under serving/traces/) and what they share: a line-oriented source that checks
// every row (positive token counts at most 2^40, time never going backwards) and turns a corrupt
// row into an InputError with the file and line, or skips and counts it.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "serving/workload.h"

namespace servesim::serving {

/// The largest token count a row may hold: far beyond any context, and safe to add.
inline constexpr std::int64_t kMaxTraceTokens = std::int64_t{1} << 40;

/// A corrupt trace row; readers turn it into an InputError with file and line, or skip the row.
class RowError : public std::runtime_error {
 public:
  explicit RowError(const std::string& what);
};

/// A line-oriented trace: subclasses parse one line into a request or throw RowError; blank lines
/// are skipped, ids are assigned in order.
class LineSource : public RequestSource {
 public:
  /// Throws core::InputError when the file cannot be opened; `has_header` skips the first line.
  LineSource(std::string filename, bool skip_bad_rows, bool has_header);

  std::optional<Request> next() override;
  [[nodiscard]] std::int64_t skipped_rows() const override { return skipped_; }

 protected:
  virtual Request parse(const std::string& line) = 0;

  /// The integer in `field` (leading spaces allowed); RowError naming `what` otherwise.
  static std::int64_t integer(const std::string& field, const char* what);
  /// The finite number in `field`; RowError naming `what` otherwise.
  static double real(const std::string& field, const char* what);
  /// The `expected` comma-separated (CSV-quoted) fields of `line`; RowError otherwise.
  [[nodiscard]] std::vector<std::string> fields(const std::string& line,
                                                std::size_t expected) const;

 private:
  std::string filename_;
  std::ifstream in_;
  bool skip_;
  int line_ = 0;
  std::int64_t skipped_ = 0;
  std::int64_t next_id_ = 0;
  bool has_previous_ = false;
  Seconds previous_arrival_{};
};

}  // namespace servesim::serving
