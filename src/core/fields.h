// The fields of a spec struct, declared once. A FieldSet<T> lists, for each key of T's YAML
// mapping, what the key takes and where its value goes in T. From that one declaration
//   - read() reads a mapping into a T: every value checked by type, unit and range, required keys
//     enforced, unknown keys reported with a "did you mean";
//   - set() changes one field of a T that was already read, by its dotted path, from text checked
//     exactly as the file's value would be (a what-if such as `memory.bandwidth=2039 GB/s`, or a
//     design-space parameter), then re-runs the checks of every struct on the path;
//   - docs() lists every field with what it takes (docs/config-reference.md, `servesim list`).
// Rules that involve several fields are `check`s; a field that only some values of an earlier
// field allow (a PIM kind's parameters) is declared `when`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/config_node.h"
#include "core/diagnostics.h"

namespace servesim::core {

enum class Need { required, optional };

/// A field as the reference lists it.
struct FieldDoc {
  std::string path;   // "memory.technology.layers"
  std::string takes;  // "integer >= 1", "bandwidth, e.g. \"3.35 TB/s\"", "bank | bank-group"
  bool required = false;
};

/// Records a problem with a key of the struct being checked: (key, message, hint).
using Report = std::function<void(std::string_view key, std::string message, std::string hint)>;

/// What a numeric range accepts, for docs ("> 0", "in (0, 1]"); empty for Range::any.
std::string describe_range(Range range);

namespace detail {
template <class M>
struct Stored {
  using type = M;
  static constexpr bool optional = false;
};
template <class M>
struct Stored<std::optional<M>> {
  using type = M;
  static constexpr bool optional = true;
};
/// The member a field accessor designates: a data-member pointer or a callable T& -> M&.
template <class T, class Get>
using Member = std::remove_cvref_t<std::invoke_result_t<Get, T&>>;
}  // namespace detail

template <class T>
class FieldSet {
 public:
  /// Fields whose member is std::optional are always optional (absent: nullopt). Otherwise a
  /// required field must be present and an optional one keeps the member's value when absent.
  template <class Get>
  FieldSet& quantity(std::string key, Get get, Need need = Need::required,
                     Range range = Range::positive) {
    using S = detail::Stored<detail::Member<T, Get>>;
    using Q = typename S::type;
    const std::string takes = describe(Q::dims).name + with_range(range) + ", e.g. \"" +
                              describe(Q::dims).example + "\"";
    return leaf(std::move(key), takes, S::optional ? Need::optional : need,
                [get, range](ConfigNode& n, std::string_view k, T& t, bool required) {
                  if (auto v = n.optional_quantity<Q>(k, range)) {
                    std::invoke(get, t) = *v;
                  } else if (required && !n.has(k)) {
                    (void)n.quantity<Q>(k, range);  // records "is required" with an example
                  }
                });
  }

  template <class Get>
  FieldSet& integer(std::string key, Get get, Need need = Need::required,
                    Range range = Range::at_least_one) {
    using S = detail::Stored<detail::Member<T, Get>>;
    return leaf(std::move(key), "integer" + with_range(range), S::optional ? Need::optional : need,
                [get, range](ConfigNode& n, std::string_view k, T& t, bool required) {
                  if (auto v = n.optional_integer(k, range)) {
                    std::invoke(get, t) = *v;
                  } else if (required) {
                    (void)n.integer(k, range);
                  }
                });
  }

  template <class Get>
  FieldSet& number(std::string key, Get get, Need need = Need::required, Range range = Range::any) {
    using S = detail::Stored<detail::Member<T, Get>>;
    return leaf(std::move(key), "number" + with_range(range), S::optional ? Need::optional : need,
                [get, range](ConfigNode& n, std::string_view k, T& t, bool required) {
                  if (auto v = n.optional_number(k, range)) {
                    std::invoke(get, t) = *v;
                  } else if (required) {
                    (void)n.number(k, range);
                  }
                });
  }

  /// A boolean; always optional, keeping the member's value when absent.
  template <class Get>
  FieldSet& flag(std::string key, Get get) {
    return leaf(std::move(key), "true | false", Need::optional,
                [get](ConfigNode& n, std::string_view k, T& t, bool) {
                  auto& member = std::invoke(get, t);
                  member = n.flag(k, member);
                });
  }

  template <class Get>
  FieldSet& text(std::string key, Get get, Need need = Need::required) {
    using S = detail::Stored<detail::Member<T, Get>>;
    return leaf(std::move(key), "text", S::optional ? Need::optional : need,
                [get](ConfigNode& n, std::string_view k, T& t, bool required) {
                  if (auto v = n.optional_text(k)) {
                    std::invoke(get, t) = *v;
                  } else if (required) {
                    (void)n.text(k);
                  }
                });
  }

  /// A value named among `options` (name, value).
  template <class Get, class E = typename detail::Stored<detail::Member<T, Get>>::type>
  FieldSet& choice(std::string key, Get get, std::vector<std::pair<std::string, E>> options,
                   Need need = Need::optional) {
    using S = detail::Stored<detail::Member<T, Get>>;
    std::string names;
    for (const auto& o : options) names += (names.empty() ? "" : " | ") + o.first;
    return leaf(std::move(key), names, S::optional ? Need::optional : need,
                [get, options](ConfigNode& n, std::string_view k, T& t, bool required) {
                  const auto name = n.optional_text(k);
                  if (!name) {
                    if (required) (void)n.text(k);
                    return;
                  }
                  for (const auto& [option, value] : options) {
                    if (option == *name) {
                      std::invoke(get, t) = value;
                      return;
                    }
                  }
                  std::vector<std::string> candidates;
                  std::string listed;
                  for (const auto& o : options) {
                    candidates.push_back(o.first);
                    listed += (listed.empty() ? "" : ", ") + o.first;
                  }
                  const std::string near = closest_match(*name, candidates);
                  n.error(k, "unknown " + std::string(k) + " \"" + *name + "\"",
                          (near.empty() ? "" : "did you mean '" + near + "'? ") + "use one of " +
                              listed);
                });
  }

  /// A value read from text by `parse`, which stores it in the struct and returns "" or, when the
  /// text is malformed, what is wrong with it. `takes` describes the form ("XxY, e.g. \"4x4\"").
  FieldSet& parsed(std::string key, std::string takes,
                   std::function<std::string(const std::string& text, T& target)> parse,
                   Need need = Need::required) {
    return leaf(std::move(key), takes, need,
                [parse, takes](ConfigNode& n, std::string_view k, T& t, bool required) {
                  const auto text = n.optional_text(k);
                  if (!text) {
                    if (required) (void)n.text(k);
                    return;
                  }
                  if (const std::string why = parse(*text, t); !why.empty()) {
                    n.error(k, why, "use " + takes);
                  }
                });
  }

  /// A nested mapping read by `fields`. A std::optional member is set when the mapping is
  /// present; a plain member with Need::optional keeps its value when it is absent.
  template <class Get, class U = typename detail::Stored<detail::Member<T, Get>>::type>
  FieldSet& group(std::string key, Get get, const FieldSet<U>& fields, Need need = Need::required) {
    using S = detail::Stored<detail::Member<T, Get>>;
    Entry e;
    e.key = std::move(key);
    e.required = !S::optional && need == Need::required;
    e.read = [get, &fields](ConfigNode& n, std::string_view k, T& t, bool required) {
      if (auto child = n.optional_child(k)) {
        if constexpr (S::optional) {
          U u{};
          fields.read(*child, u);
          std::invoke(get, t) = std::move(u);
        } else {
          fields.read(*child, std::invoke(get, t));
        }
      } else if (required && !n.has(k)) {
        ConfigNode missing = n.child(k);  // records "is required"
        (void)missing;
      }
    };
    e.set_inside = [get, &fields](T& t, std::string_view rest, const std::string& value,
                                  Diagnostics& diag, const std::string& path) {
      auto& member = std::invoke(get, t);
      if constexpr (S::optional) {
        if (!member) {
          diag.error(path, 0, "is not described, so it has no " + std::string(rest),
                     "a what-if changes what the file describes: describe it in the file");
          return;
        }
        fields.set(*member, rest, value, diag, path);
      } else {
        fields.set(member, rest, value, diag, path);
      }
    };
    e.docs = [&fields](const std::string& path) { return fields.docs(path); };
    entries_.push_back(std::move(e));
    return *this;
  }

  /// The field declared last applies only when `applies` holds for what was read before it;
  /// present otherwise, it is an error that says `why` ("hbm-pim takes no channels").
  FieldSet& when(std::function<bool(const T&)> applies, std::string why) {
    entries_.back().applies = std::move(applies);
    entries_.back().why_not = std::move(why);
    return *this;
  }

  /// A rule over several fields, run after read() and after every set().
  FieldSet& check(std::function<void(const T&, const Report&)> rule) {
    checks_.push_back(std::move(rule));
    return *this;
  }

  /// Reads every field from `node` into `target`, runs the checks and reports unknown keys.
  /// Problems go to the node's diagnostics.
  void read(ConfigNode& node, T& target) const {
    for (const Entry& e : entries_) {
      if (e.applies && !e.applies(target)) {
        if (node.has(e.key)) {
          node.error(e.key, e.why_not);
        }
        node.accept_key(e.key);
        continue;
      }
      e.read(node, e.key, target, e.required);
    }
    const Report report = [&node](std::string_view key, std::string message, std::string hint) {
      node.error(key, std::move(message), std::move(hint));
    };
    for (const auto& rule : checks_) rule(target, report);
    node.finish();
  }

  /// Sets the field at the dotted `path` of `target` from `value` (YAML scalar syntax, with units
  /// where the field has them), checked as a file's value is, then re-runs the checks of the
  /// structs on the path. Problems go to `diag` under `prefix` (the path of `target` itself, such
  /// as "hardware.overrides") followed by the field's path.
  void set(T& target, std::string_view path, const std::string& value, Diagnostics& diag,
           const std::string& prefix) const {
    const std::size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    const std::string here = prefix.empty() ? key : prefix + "." + key;
    const Entry* e = find(key);
    if (e == nullptr) {
      const std::string near = closest_match(key, keys());
      diag.error(here, 0, "is not a field",
                 (near.empty() ? "" : "did you mean '" + near + "'? ") + "fields here: " +
                     joined_keys());
      return;
    }
    if (e->applies && !e->applies(target)) {
      diag.error(here, 0, e->why_not);
      return;
    }
    if (dot != std::string_view::npos) {
      if (!e->set_inside) {
        diag.error(here, 0, "holds a value, not a mapping",
                   "set " + here + " itself, without " + std::string(path.substr(dot)));
        return;
      }
      e->set_inside(target, path.substr(dot + 1), value, diag, here);
    } else if (e->set_inside) {
      diag.error(here, 0, "is a mapping", "set one of its fields: " + here + ".FIELD=VALUE");
      return;
    } else {
      set_leaf(*e, target, value, diag, prefix);
    }
    for (const auto& rule : checks_) {
      rule(target, [&](std::string_view k, std::string message, std::string hint) {
        diag.error(prefix.empty() ? std::string(k) : prefix + "." + std::string(k), 0,
                   std::move(message), std::move(hint));
      });
    }
  }

  /// Every field, nested ones with their full path under `prefix`.
  [[nodiscard]] std::vector<FieldDoc> docs(const std::string& prefix = {}) const {
    std::vector<FieldDoc> out;
    for (const Entry& e : entries_) {
      const std::string path = prefix.empty() ? e.key : prefix + "." + e.key;
      if (e.docs) {
        for (FieldDoc d : e.docs(path)) out.push_back(std::move(d));
      } else {
        out.push_back({path, e.takes, e.required});
      }
    }
    return out;
  }

 private:
  using Reader = std::function<void(ConfigNode&, std::string_view key, T&, bool required)>;
  struct Entry {
    std::string key;
    std::string takes;
    bool required = false;
    Reader read;
    // Groups only: sets a field inside the nested struct, and lists its fields.
    std::function<void(T&, std::string_view, const std::string&, Diagnostics&, const std::string&)>
        set_inside;
    std::function<std::vector<FieldDoc>(const std::string&)> docs;
    std::function<bool(const T&)> applies;  // empty: always
    std::string why_not;
  };

  FieldSet& leaf(std::string key, std::string takes, Need need, Reader read) {
    Entry e;
    e.key = std::move(key);
    e.takes = std::move(takes);
    e.required = need == Need::required;
    e.read = std::move(read);
    entries_.push_back(std::move(e));
    return *this;
  }

  static std::string with_range(Range range) {
    const std::string r = describe_range(range);
    return r.empty() ? "" : " " + r;
  }

  // Reads `value` as the file would hold it: a one-key mapping at `prefix`.
  void set_leaf(const Entry& e, T& target, const std::string& value, Diagnostics& diag,
                const std::string& prefix) const {
    ConfigNode node = ConfigNode::single(e.key, value, prefix, &diag);
    e.read(node, e.key, target, true);
  }

  [[nodiscard]] const Entry* find(const std::string& key) const {
    for (const Entry& e : entries_) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }
  [[nodiscard]] std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const Entry& e : entries_) out.push_back(e.key);
    return out;
  }
  [[nodiscard]] std::string joined_keys() const {
    std::string out;
    for (const Entry& e : entries_) out += (out.empty() ? "" : ", ") + e.key;
    return out;
  }

  std::vector<Entry> entries_;
  std::vector<std::function<void(const T&, const Report&)>> checks_;
};

}  // namespace servesim::core
