// ConfigNode and ConfigDocument: YAML via yaml-cpp; JSON syntax checked strictly by nlohmann-json
// first (yaml-cpp would accept some invalid JSON), then read through the same YAML tree so that
// every value keeps its line number.
#include "core/config_node.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace servesim::core {
namespace {

int line_at_offset(const std::string& text, std::size_t offset) {
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

ConfigNode::ConfigNode(YAML::Node node, std::string path, Diagnostics* diag)
    : node_(std::move(node)), path_(std::move(path)), diag_(diag) {}

ConfigNode ConfigNode::single(const std::string& key, const std::string& value, std::string path,
                              Diagnostics* diag) {
  YAML::Node map(YAML::NodeType::Map);
  try {
    map[key] = YAML::Load(value);
  } catch (const YAML::Exception&) {
    map[key] = value;  // not YAML: read as the text it is
  }
  return ConfigNode(map, std::move(path), diag);
}

bool ConfigNode::has(std::string_view key) const {
  return node_.IsMap() && node_[std::string(key)].IsDefined() && !node_[std::string(key)].IsNull();
}

bool ConfigNode::holds_mapping(std::string_view key) const {
  return has(key) && node_[std::string(key)].IsMap();
}

std::optional<std::string> ConfigNode::peek(std::string_view key) const {
  if (!has(key) || !node_[std::string(key)].IsScalar()) return std::nullopt;
  return node_[std::string(key)].Scalar();
}

int ConfigNode::line() const { return node_.IsDefined() ? node_.Mark().line + 1 : 0; }

std::string ConfigNode::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

int ConfigNode::line_of(std::string_view key) const {
  if (!has(key)) return line();
  return node_[std::string(key)].Mark().line + 1;
}

void ConfigNode::error(std::string_view key, std::string message, std::string hint) const {
  diag_->error(key_path(key), line_of(key), std::move(message), std::move(hint));
}

void ConfigNode::mark_known(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
}

std::optional<std::string> ConfigNode::scalar(std::string_view key) {
  mark_known(key);
  if (!has(key)) return std::nullopt;
  const YAML::Node v = node_[std::string(key)];
  if (!v.IsScalar()) {
    error(key, "expected a single value, found a list or mapping");
    return std::nullopt;
  }
  return v.Scalar();
}

void ConfigNode::missing(std::string_view key, const std::string& example) {
  error(key, "is required but missing", example.empty() ? "" : "for example " + std::string(key) +
                                                                  ": \"" + example + "\"");
}

std::optional<std::string> range_violation(double value, Range range) {
  switch (range) {
    case Range::any:
      return std::nullopt;
    case Range::positive:
      if (value > 0) return std::nullopt;
      return fmt::format("must be > 0, got {}", value);
    case Range::non_negative:
      if (value >= 0) return std::nullopt;
      return fmt::format("must be >= 0, got {}", value);
    case Range::fraction:
      if (value > 0 && value <= 1) return std::nullopt;
      return fmt::format("must be a fraction in (0, 1], got {}", value);
    case Range::at_least_one:
      if (value >= 1) return std::nullopt;
      return fmt::format("must be >= 1, got {}", value);
  }
  return "has an unknown range";
}

namespace {

// `value` when it lies in `range`, else nullopt with `error` set.
template <class T>
std::optional<T> in_range(T value, Range range, std::string& error) {
  if (auto why = range_violation(static_cast<double>(value), range)) {
    error = *why;
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<double> parse_number(std::string_view text, Range range, std::string& error) {
  std::string why;
  auto q = parse_quantity(text, why);
  if (!q) {
    error = fmt::format("expected a number, got \"{}\"", text);
    return std::nullopt;
  }
  if (!(q->dims == Dims{})) {
    error = fmt::format("expected a plain number, got \"{}\" with a unit", text);
    return std::nullopt;
  }
  return in_range(q->si, range, error);
}

std::optional<std::int64_t> parse_integer(std::string_view text, Range range, std::string& error) {
  std::int64_t value = 0;
  std::istringstream in{std::string(text)};
  if (!(in >> value) || !in.eof()) {
    error = fmt::format("expected an integer, got \"{}\"", text);
    return std::nullopt;
  }
  return in_range(value, range, error);
}

std::optional<double> parse_dimensioned(std::string_view text, const Dims& dims, Range range,
                                        std::string& error) {
  std::string why;
  const auto si = parse_with_dims(text, dims, why);
  if (!si) {
    error = fmt::format("\"{}\" {}", text, why);
    return std::nullopt;
  }
  return in_range(*si, range, error);
}

std::optional<bool> parse_bool(std::string_view text, std::string& error) {
  if (text == "true") return true;
  if (text == "false") return false;
  error = fmt::format("expected true or false, got \"{}\"", text);
  return std::nullopt;
}

std::optional<double> ConfigNode::optional_number(std::string_view key, Range range) {
  return optional_scalar(
      key, [&](std::string_view text, std::string& why) { return parse_number(text, range, why); });
}

double ConfigNode::number(std::string_view key, Range range) {
  auto v = optional_number(key, range);
  if (!v && !has(key)) missing(key, "");
  return v.value_or(0.0);
}

std::optional<std::int64_t> ConfigNode::optional_integer(std::string_view key, Range range) {
  return optional_scalar(key, [&](std::string_view text, std::string& why) {
    return parse_integer(text, range, why);
  });
}

std::int64_t ConfigNode::integer(std::string_view key, Range range) {
  auto v = optional_integer(key, range);
  if (!v && !has(key)) missing(key, "");
  return v.value_or(0);
}

std::optional<std::string> ConfigNode::optional_text(std::string_view key) { return scalar(key); }

std::string ConfigNode::text(std::string_view key) {
  auto v = scalar(key);
  if (!v && !has(key)) missing(key, "");
  return v.value_or("");
}

bool ConfigNode::flag(std::string_view key, bool fallback) {
  return optional_scalar(key, parse_bool).value_or(fallback);
}

std::optional<ConfigNode> ConfigNode::optional_child(std::string_view key) {
  mark_known(key);
  if (!has(key)) return std::nullopt;
  const YAML::Node v = node_[std::string(key)];
  if (!v.IsMap()) {
    error(key, "expected a mapping of keys to values");
    return std::nullopt;
  }
  return ConfigNode(v, key_path(key), diag_);
}

ConfigNode ConfigNode::child(std::string_view key) {
  auto c = optional_child(key);
  if (c) return *c;
  if (!has(key)) missing(key, "");
  return ConfigNode(YAML::Node(YAML::NodeType::Map), key_path(key), diag_);
}

std::vector<ConfigNode> ConfigNode::list(std::string_view key) {
  mark_known(key);
  std::vector<ConfigNode> items;
  if (!has(key)) return items;
  const YAML::Node v = node_[std::string(key)];
  if (!v.IsSequence()) {
    error(key, "expected a list");
    return items;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string item_path = fmt::format("{}[{}]", key_path(key), i);
    if (!v[i].IsMap()) {
      diag_->error(item_path, v[i].Mark().line + 1, "expected a mapping");
      continue;
    }
    items.emplace_back(v[i], item_path, diag_);
  }
  return items;
}

std::vector<std::string> ConfigNode::scalars(std::string_view key) {
  mark_known(key);
  std::vector<std::string> items;
  if (!has(key)) return items;
  const YAML::Node v = node_[std::string(key)];
  if (!v.IsSequence()) {
    error(key, "expected a list of values");
    return items;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].IsScalar()) {
      diag_->error(fmt::format("{}[{}]", key_path(key), i), v[i].Mark().line + 1,
                   "expected a single value");
      continue;
    }
    items.push_back(v[i].Scalar());
  }
  return items;
}

std::vector<std::vector<std::string>> ConfigNode::scalar_rows(std::string_view key) {
  mark_known(key);
  std::vector<std::vector<std::string>> rows;
  if (!has(key)) return rows;
  const YAML::Node v = node_[std::string(key)];
  if (!v.IsSequence()) {
    error(key, "expected a list of lists of values");
    return rows;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string item_path = fmt::format("{}[{}]", key_path(key), i);
    if (!v[i].IsSequence()) {
      diag_->error(item_path, v[i].Mark().line + 1, "expected a list of values");
      continue;
    }
    std::vector<std::string> row;
    for (std::size_t j = 0; j < v[i].size(); ++j) {
      if (!v[i][j].IsScalar()) {
        diag_->error(fmt::format("{}[{}]", item_path, j), v[i][j].Mark().line + 1,
                     "expected a single value");
        continue;
      }
      row.push_back(v[i][j].Scalar());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (!node_.IsMap()) return out;
  for (const auto& kv : node_) out.push_back(kv.first.as<std::string>());
  return out;
}

void ConfigNode::accept_all_keys() {
  for (const std::string& k : keys()) mark_known(k);
}

void ConfigNode::finish() {
  if (!node_.IsMap()) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.as<std::string>();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    const std::string suggestion = closest_match(key, known_);
    std::string hint = suggestion.empty() ? "" : "did you mean '" + suggestion + "'?";
    if (hint.empty() && !known_.empty()) {
      hint = "known keys: ";
      for (std::size_t i = 0; i < known_.size(); ++i) hint += (i ? ", " : "") + known_[i];
    }
    diag_->error(key_path(key), kv.first.Mark().line + 1, "unknown key", hint);
  }
}

ConfigDocument ConfigDocument::parse(const std::string& text, const std::string& name,
                                     bool is_json) {
  if (is_json) {
    try {
      const auto parsed = nlohmann::json::parse(text);
      (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
      const int line = line_at_offset(text, e.byte > 0 ? e.byte - 1 : 0);
      std::string what = e.what();
      const auto colon = what.find("parse error");
      throw InputError({Diagnostic{name, "", line, "malformed JSON: " + what.substr(
                                                       colon == std::string::npos ? 0 : colon),
                                   "check brackets, commas and quotes near this line"}});
    }
  }
  ConfigDocument doc;
  doc.name_ = name;
  try {
    doc.root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError({Diagnostic{name, "", e.mark.line + 1,
                                 std::string(is_json ? "malformed JSON: " : "malformed YAML: ") +
                                     e.msg,
                                 "check indentation, colons and quotes near this line"}});
  }
  if (!doc.root_.IsMap()) {
    throw InputError(name, "", "the top level must be a mapping of keys to values");
  }
  return doc;
}

ConfigDocument ConfigDocument::load(const std::string& filename) {
  std::ifstream in(filename);
  if (!in) {
    throw InputError(filename, "", "cannot open file", "check the path and permissions");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), filename, ends_with(filename, ".json"));
}

ConfigNode ConfigDocument::root(Diagnostics& diag) const { return ConfigNode(root_, "", &diag); }

namespace {

// `over`'s keys written into `base` (a clone the caller owns), recursively for mappings.
void merge_into(YAML::Node base, const YAML::Node& over) {
  for (const auto& kv : over) {
    const std::string key = kv.first.as<std::string>();
    YAML::Node existing = base[key];
    if (kv.second.IsMap() && existing.IsMap()) {
      merge_into(existing, kv.second);
    } else {
      base[key] = kv.second;
    }
  }
}

}  // namespace

std::optional<std::string> ConfigDocument::take_extends() {
  const YAML::Node extends = root_["extends"];
  if (!extends.IsDefined()) return std::nullopt;
  if (!extends.IsScalar() || extends.Scalar().empty()) {
    throw InputError({Diagnostic{name_, "extends", extends.Mark().line + 1,
                                 "expected the name or path of the file this one refines",
                                 "e.g. extends: a100-sxm-80g"}});
  }
  std::string base = extends.Scalar();
  root_.remove("extends");
  return base;
}

ConfigNode ConfigNode::child_over(std::string_view key, const ConfigNode& base) {
  mark_known(key);
  YAML::Node merged = YAML::Clone(base.node_);
  if (has(key)) {
    const YAML::Node over = node_[std::string(key)];
    if (!over.IsMap()) {
      error(key, "expected a mapping");
    } else if (merged.IsMap()) {
      merge_into(merged, over);
    } else {
      merged = over;
    }
  }
  return ConfigNode(merged, key_path(key), diag_);
}

void ConfigDocument::lay_over(const ConfigDocument& base) {
  YAML::Node merged = YAML::Clone(base.root_);
  merge_into(merged, root_);
  root_ = merged;
}

}  // namespace servesim::core
