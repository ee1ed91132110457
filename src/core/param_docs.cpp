// Parameter documentation (see param_docs.h).
#include "core/param_docs.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/unit_parse.h"

namespace servesim::core {
namespace {

// "a", "a or b", "a, b or c".
std::string or_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// The columns a UTF-8 text takes ("≥" takes one).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

const char* range_symbol(Range range) {
  switch (range) {
    case Range::any:
      return "";
    case Range::positive:
      return "> 0";
    case Range::non_negative:
      return "≥ 0";
    case Range::fraction:
      return "(0, 1]";
    case Range::at_least_one:
      return "≥ 1";
  }
  return "";
}

}  // namespace

std::string type_name(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::integer:
      return "integer";
    case ParamType::number:
      return "number";
    case ParamType::quantity:
      return describe(spec.dims).name;
    case ParamType::flag:
      return "true or false";
    case ParamType::choice:
      return or_list(spec.choices);
    case ParamType::text:
      return spec.text_kind;
  }
  return "";
}

std::string default_name(const ParamSpec& spec) {
  switch (spec.presence) {
    case Presence::defaulted:
      return spec.default_text;
    case Presence::required:
      return "required";
    case Presence::optional:
      return "none";
  }
  return "";
}

std::string range_name(const ParamSpec& spec) {
  const bool numeric = spec.type == ParamType::integer || spec.type == ParamType::number ||
                       spec.type == ParamType::quantity;
  if (!numeric) return "";
  std::string out = range_symbol(spec.range);
  if (spec.at_most) {
    const std::string bound = spec.type == ParamType::quantity ? format_si(*spec.at_most, spec.dims)
                                                               : fmt::format("{:g}", *spec.at_most);
    out += (out.empty() ? "≤ " : ", ≤ ") + bound;
  }
  return out;
}

std::string markdown_table(const ParamSchema& schema) {
  if (schema.empty()) return "";
  std::string out = "| parameter | type | default | range | meaning |\n|---|---|---|---|---|\n";
  for (const ParamSpec& s : schema.specs()) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", s.name, type_name(s), default_name(s),
                       range_name(s), s.help);
  }
  return out;
}

std::string plain_list(const ParamSchema& schema, std::string_view indent) {
  // Columns as wide as their widest cell: name, type, default, range, then the help.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> widths(4, 0);
  for (const ParamSpec& s : schema.specs()) {
    const bool required = s.presence == Presence::required;
    rows.push_back({s.name, type_name(s), (required ? "" : "default ") + default_name(s),
                    range_name(s), s.help});
    for (std::size_t c = 0; c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(rows.back()[c]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    out += indent;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      if (widths[c] > 0) out += row[c] + std::string(widths[c] - display_width(row[c]) + 2, ' ');
    }
    out += row.back() + "\n";
  }
  return out;
}

}  // namespace servesim::core
