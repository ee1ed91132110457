// CSV parsing (see csv.h).
#include "core/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/diagnostics.h"

namespace servesim::core {

int CsvTable::column(std::string_view name) const {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::vector<std::vector<std::string>> parse_csv_records(std::string_view text,
                                                         const std::string& name,
                                                         std::vector<int>* lines) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1, record_line = 1;
  auto end_record = [&] {
    if (field_started || !record.empty()) {
      record.push_back(std::move(field));
      records.push_back(std::move(record));
      if (lines) lines->push_back(record_line);
    }
    record.clear();
    field.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (!field_started && record.empty()) record_line = line;
    switch (c) {
      case '"':
        quoted = true;
        field_started = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        field_started = true;
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        break;
      default:
        field += c;
        field_started = true;
    }
  }
  if (quoted) throw InputError({Diagnostic{name, "", record_line, "unterminated quoted field",
                                           "close the quote or remove it"}});
  end_record();
  return records;
}

CsvTable read_csv(const std::string& filename) {
  std::ifstream in(filename);
  if (!in) throw InputError(filename, "", "cannot open file", "check the path and permissions");
  std::stringstream buffer;
  buffer << in.rdbuf();
  CsvTable table;
  table.file = filename;
  std::vector<int> lines;
  auto records = parse_csv_records(buffer.str(), filename, &lines);
  if (records.empty()) throw InputError(filename, "", "the file is empty", "a header row is needed");
  table.header = std::move(records.front());
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() > table.header.size()) {
      throw InputError({Diagnostic{filename, fmt::format("row {}", i), lines[i],
                                   fmt::format("has {} fields but the header has {}",
                                               records[i].size(), table.header.size()),
                                   "quote fields that contain commas"}});
    }
    records[i].resize(table.header.size());
    table.rows.push_back(std::move(records[i]));
    table.row_lines.push_back(lines[i]);
  }
  return table;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace servesim::core
