// A typed registry for the families users extend (model architectures, collective algorithms,
// later schedulers, strategies, trace readers). Entries are added by explicit registration calls,
// never by static initialisers, and carry a name, a one-line summary and their parameters, so that
// `servesim list` and docs/config-reference.md are generated from the same source.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/diagnostics.h"

namespace servesim::core {

/// One documented parameter of a registry entry.
struct ParamDoc {
  std::string name;
  std::string type;         // "bandwidth", "integer", "fraction", ...
  std::string default_value;
  std::string help;
};

template <class Value>
struct RegistryEntry {
  std::string name;
  std::string summary;
  std::vector<ParamDoc> params;
  Value value;
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
  [[nodiscard]] const RegistryEntry<Value>* find(const std::string& name) const {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const auto& e) { return e.name == name; });
    return it == entries_.end() ? nullptr : &*it;
  }
  /// Like find() but throws InputError naming the supported entries when `name` is unknown.
  const RegistryEntry<Value>& get(const std::string& name, const std::string& file,
                                  const std::string& path) const {
    if (const auto* e = find(name)) return *e;
    const std::string suggestion = closest_match(name, names());
    std::string hint = "supported: " + joined_names();
    if (!suggestion.empty()) hint = "did you mean '" + suggestion + "'? " + hint;
    throw InputError(file, path, "unknown " + family_ + " '" + name + "'", hint);
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
  std::string family_;
  std::vector<RegistryEntry<Value>> entries_;
};

}  // namespace servesim::core
