// Typed, diagnosed access to YAML/JSON configuration (JSON is read as YAML 1.2 flow, after a strict
// JSON syntax check). A ConfigNode reads one mapping: every getter records the key as known, errors
// go to the shared Diagnostics with the full key path and line, and finish() reports keys that no
// getter asked for, suggesting the closest known key. Dimensioned values must carry units.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/diagnostics.h"
#include "core/unit_parse.h"

namespace servesim::core {

/// Which values a numeric field accepts.
enum class Range { any, positive, non_negative, fraction /* (0, 1] */, at_least_one };

/// Why `value` is outside `range` ("must be > 0, got -1"), or nullopt when it is inside.
std::optional<std::string> range_violation(double value, Range range);

/// The checks ConfigNode's getters make on one scalar, for values that come from other text (a
/// key=value list): each returns the value, or nullopt with `error` set to the message the getter
/// records. A quantity is returned in SI units of `dims`.
std::optional<double> parse_number(std::string_view text, Range range, std::string& error);
std::optional<std::int64_t> parse_integer(std::string_view text, Range range, std::string& error);
std::optional<double> parse_dimensioned(std::string_view text, const Dims& dims, Range range,
                                        std::string& error);
std::optional<bool> parse_bool(std::string_view text, std::string& error);

class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string path, Diagnostics* diag);
  /// A one-key mapping {key: value} at `path`, the value read as YAML (a what-if's text).
  static ConfigNode single(const std::string& key, const std::string& value, std::string path,
                           Diagnostics* diag);

  [[nodiscard]] bool has(std::string_view key) const;
  /// Whether `key` holds a mapping (for fields that take a name or a mapping).
  [[nodiscard]] bool holds_mapping(std::string_view key) const;
  /// The scalar text at `key` without reading it (the key stays unknown), or nullopt.
  [[nodiscard]] std::optional<std::string> peek(std::string_view key) const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] int line() const;
  [[nodiscard]] Diagnostics& diagnostics() const { return *diag_; }
  [[nodiscard]] std::string key_path(std::string_view key) const;
  [[nodiscard]] int line_of(std::string_view key) const;
  void error(std::string_view key, std::string message, std::string hint = {}) const;

  /// Required dimensioned value ("3.35 TB/s"); returns Q{} after recording an error.
  template <class Q>
  Q quantity(std::string_view key, Range range = Range::positive) {
    auto v = optional_quantity<Q>(key, range);
    if (!v && !has(key)) missing(key, describe(Q::dims).example);
    return v.value_or(Q{});
  }
  template <class Q>
  std::optional<Q> optional_quantity(std::string_view key, Range range = Range::positive) {
    const auto si = optional_scalar(key, [&](std::string_view text, std::string& why) {
      return parse_dimensioned(text, Q::dims, range, why);
    });
    if (!si) return std::nullopt;
    return Q(*si);
  }

  double number(std::string_view key, Range range = Range::any);
  std::optional<double> optional_number(std::string_view key, Range range = Range::any);
  std::int64_t integer(std::string_view key, Range range = Range::at_least_one);
  std::optional<std::int64_t> optional_integer(std::string_view key,
                                               Range range = Range::at_least_one);
  std::string text(std::string_view key);
  std::optional<std::string> optional_text(std::string_view key);
  /// The value named by the text at `key` among `options`, or `fallback`'s value when the key is
  /// absent (an empty fallback makes the key required). An unknown name records an error that
  /// lists the names, and the first option's value is returned.
  template <class E>
  E choice(std::string_view key, std::initializer_list<std::pair<std::string_view, E>> options,
           std::string_view fallback = {}) {
    if (!has(key) && fallback.empty()) {
      (void)text(key);  // records "is required"
      return options.begin()->second;
    }
    const std::string name = optional_text(key).value_or(std::string(fallback));
    std::string names;
    for (const auto& [option, value] : options) {
      if (option == name) return value;
      names += (names.empty() ? "" : ", ") + std::string(option);
    }
    error(key, "unknown " + std::string(key) + " \"" + name + "\"", "use one of " + names);
    return options.begin()->second;
  }
  bool flag(std::string_view key, bool fallback);

  /// A nested mapping; an invalid node (records an error) when absent or not a mapping.
  ConfigNode child(std::string_view key);
  std::optional<ConfigNode> optional_child(std::string_view key);
  /// The mapping at `key` laid over `base` (mappings merge key by key, anything else replaces the
  /// base's value), read as one mapping at this key's path; `base` alone when `key` is absent.
  ConfigNode child_over(std::string_view key, const ConfigNode& base);
  /// The items of a sequence of mappings.
  std::vector<ConfigNode> list(std::string_view key);
  /// The items of a sequence of single values, as text; a nested list or mapping is an error.
  std::vector<std::string> scalars(std::string_view key);
  /// The items of a sequence of sequences of single values (rows of a table), as text.
  std::vector<std::vector<std::string>> scalar_rows(std::string_view key);
  /// Keys of this mapping in file order (for maps whose keys are data, e.g. dtype → peak).
  std::vector<std::string> keys() const;
  /// Marks every present key as known (for files with open schemas such as HF config.json).
  void accept_all_keys();
  /// Marks `key` as known without reading it (a key reported otherwise).
  void accept_key(std::string_view key) { mark_known(key); }
  /// Reports every key that no getter asked for, with a "did you mean" hint.
  void finish();

 private:
  std::optional<std::string> scalar(std::string_view key);
  /// The scalar at `key` read by `parse(text, error)`; nullopt when absent or after recording
  /// the error.
  template <class Parse>
  auto optional_scalar(std::string_view key, Parse parse)
      -> decltype(parse(std::string_view{}, std::declval<std::string&>())) {
    auto text = scalar(key);
    if (!text) return std::nullopt;
    std::string why;
    auto value = parse(*text, why);
    if (!value) error(key, why);
    return value;
  }
  void missing(std::string_view key, const std::string& example);
  void mark_known(std::string_view key);

  YAML::Node node_;
  std::string path_;
  Diagnostics* diag_;
  std::vector<std::string> known_;
};

/// A parsed YAML or JSON file. load() throws InputError for a missing or malformed file.
class ConfigDocument {
 public:
  static ConfigDocument load(const std::string& filename);
  static ConfigDocument parse(const std::string& text, const std::string& name, bool is_json);

  [[nodiscard]] const std::string& name() const { return name_; }
  /// The root mapping; diagnostics are recorded in `diag`.
  ConfigNode root(Diagnostics& diag) const;
  /// The value of a top-level `extends: NAME` (a file this one refines), removed from the
  /// document; nullopt when there is none. Throws InputError when it is not a single name.
  std::optional<std::string> take_extends();
  /// Makes this document `base` with this document's keys laid over it: mappings merge key by
  /// key, anything else replaces the base's value.
  void lay_over(const ConfigDocument& base);

 private:
  std::string name_;
  YAML::Node root_;
};

/// Reads the root mapping of `doc` with `read` (a function of ConfigNode& returning the value)
/// and throws InputError with every problem recorded, under the document's name.
template <class Read>
auto read_document(const ConfigDocument& doc, Read read) {
  Diagnostics diag(doc.name());
  ConfigNode root = doc.root(diag);
  auto value = read(root);
  diag.throw_if_errors();
  return value;
}

}  // namespace servesim::core
