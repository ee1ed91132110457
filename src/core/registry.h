// A typed registry for the families users extend (model architectures, schedulers, routers,
// workload generators, trace readers, collective algorithms). Entries are added by explicit
// registration calls, never by static initialisers, and carry a name, a one-line summary and the
// schema of their parameters (params.h), so that `servesim list` and docs/config-reference.md
// are generated from the same source the readers check against.
#pragma once

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config_node.h"
#include "core/diagnostics.h"
#include "core/params.h"

namespace servesim::core {

template <class Value>
struct RegistryEntry {
  std::string name;
  std::string summary;  // one line
  ParamSchema params;
  Value value;
};

/// A registry entry chosen by name, with values for its parameters (what a scenario holds for its
/// scheduler, router or workload generator).
struct Selection {
  std::string name;
  ParamValues params;
  bool operator==(const Selection&) const = default;
};

/// Contract: names are unique (add() of an existing name replaces nothing and returns false);
/// entries keep registration order; find() returns nullptr for an unknown name.
template <class Value>
class Registry {
 public:
  explicit Registry(std::string family) : family_(std::move(family)) {}

  bool add(RegistryEntry<Value> entry) {
    if (find(entry.name) != nullptr) return false;
    entries_.push_back(std::move(entry));
    return true;
  }
  [[nodiscard]] const RegistryEntry<Value>* find(std::string_view name) const {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const auto& e) { return e.name == name; });
    return it == entries_.end() ? nullptr : &*it;
  }
  /// Like find() but throws InputError naming the supported entries when `name` is unknown.
  const RegistryEntry<Value>& get(const std::string& name, const std::string& file,
                                  const std::string& path) const {
    if (const auto* e = find(name)) return *e;
    const auto [message, hint] = unknown(name);
    throw InputError(file, path, message, hint);
  }
  /// The entry named by the text at `key` of `node`, or by `fallback` when the key is absent (an
  /// empty fallback makes the key required). Records an unknown or missing name in node's
  /// diagnostics (naming the supported entries, with a "did you mean") and returns nullptr.
  const RegistryEntry<Value>* read(ConfigNode& node, std::string_view key,
                                   std::string_view fallback = {}) const {
    const bool given = node.has(key);
    if (!given && fallback.empty()) {
      (void)node.text(key);  // records "is required"
      return nullptr;
    }
    const std::string name = given ? node.text(key) : std::string(fallback);
    if (const auto* e = find(name)) return e;
    const auto [message, hint] = unknown(name);
    node.error(key, message, hint);
    return nullptr;
  }
  /// `name` with its parameters at their defaults. Contract: `name` is registered
  /// (std::logic_error otherwise).
  [[nodiscard]] Selection select(std::string_view name) const {
    const auto* e = find(name);
    if (e == nullptr) throw std::logic_error("no " + family_ + " '" + std::string(name) + "'");
    return {e->name, ParamValues(e->params)};
  }
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e.name);
    return out;
  }
  [[nodiscard]] std::string joined_names() const {
    std::string out;
    for (const auto& e : entries_) out += (out.empty() ? "" : ", ") + e.name;
    return out;
  }
  [[nodiscard]] const std::vector<RegistryEntry<Value>>& entries() const { return entries_; }
  [[nodiscard]] const std::string& family() const { return family_; }

 private:
  // The message and hint about an unknown name.
  [[nodiscard]] std::pair<std::string, std::string> unknown(const std::string& name) const {
    const std::string suggestion = closest_match(name, names());
    std::string hint = "supported: " + joined_names();
    if (!suggestion.empty()) hint = "did you mean '" + suggestion + "'? " + hint;
    return {"unknown " + family_ + " '" + name + "'", hint};
  }

  std::string family_;
  std::vector<RegistryEntry<Value>> entries_;
};

}  // namespace servesim::core
