// A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF). Hand-written because Debian
// ships no C++ CSV library among the project's allowed dependencies; it is ~60 lines and fuzzed
// by tests/core/csv_test.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace servesim::core {

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_lines;  // 1-based line of each row, for messages

  /// Column index of `name`, or -1.
  [[nodiscard]] int column(std::string_view name) const;
};

/// Splits CSV text into records. Throws InputError (with the line) on an unterminated quote.
std::vector<std::vector<std::string>> parse_csv_records(std::string_view text,
                                                         const std::string& name,
                                                         std::vector<int>* lines = nullptr);

/// `text` as one CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

/// Reads a CSV file whose first record is the header. Throws InputError when the file cannot be
/// opened, is empty, or a row has more fields than the header.
CsvTable read_csv(const std::string& filename);

}  // namespace servesim::core
