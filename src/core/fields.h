// The fields of a spec struct, declared once. A FieldSet<T> lists, for each key of T's YAML
// mapping, what the key takes and where its value goes in T. From that one declaration
//   - read() reads a mapping into a T: every value checked by type, unit and range, required keys
//     enforced, unknown keys reported with a "did you mean";
//   - set() changes one field of a T that was already read, by its dotted path, from text checked
//     exactly as the file's value would be (a what-if such as `memory.bandwidth=2039 GB/s`, or a
//     design-space parameter), then re-runs the checks of every struct on the path;
//   - write() gives the T back as JSON that read() turns into the same T (quantities in SI units);
//   - docs() lists every field with what it takes (docs/config-reference.md, `servesim list`).
// Rules that involve several fields are `check`s; a field that only some values of an earlier
// field allow (a PIM kind's parameters) is declared `when`; a default that depends on another
// field is filled `after_read`; keys named by the data (a policy's parameters) are `open` keys.
// write() leaves out what read() would refuse (an empty optional, a zero where only positive
// values are accepted: an unset member), so what it writes always reads back.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config_node.h"
#include "core/diagnostics.h"
#include "core/unit_parse.h"

namespace servesim::core {

enum class Need { required, optional };

/// A field as the reference lists it.
struct FieldDoc {
  std::string path;   // "memory.technology.layers"
  std::string takes;  // "integer >= 1", "bandwidth > 0, e.g. \"3.35 TB/s\"", "bank | bank-group"
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

/// The stored value of a member, or nullptr when it is an empty optional.
template <class M>
const typename Stored<M>::type* stored(const M& member) {
  if constexpr (Stored<M>::optional) {
    return member ? &*member : nullptr;
  } else {
    return &member;
  }
}
}  // namespace detail

template <class T>
class FieldSet {
 public:
  /// Reads the key into the struct: (node, key, target, whether it is required).
  using Reader = std::function<void(ConfigNode&, std::string_view, T&, bool)>;
  /// Adds the key's value to `out` (nothing when the struct has none).
  using Writer = std::function<void(const T&, std::string_view, nlohmann::ordered_json& out)>;
  /// Gives a struct one field's prepared value (prepare()).
  using Assignment = std::function<void(T&)>;
  /// Sets a field below the key: (target, the rest of the path, value, diagnostics, the key's path).
  using Inside = std::function<void(T&, std::string_view, const std::string&, Diagnostics&,
                                    const std::string&)>;

  /// Fields whose member is std::optional are always optional (absent: nullopt). Otherwise a
  /// required field must be present and an optional one keeps the member's value when absent.
  template <class Get>
  FieldSet& quantity(std::string key, Get get, Need need = Need::required,
                     Range range = Range::positive) {
    using M = detail::Member<T, Get>;
    using Q = typename detail::Stored<M>::type;
    const std::string takes = describe(Q::dims).name + with_range(range) + ", e.g. \"" +
                              describe(Q::dims).example + "\"";
    return leaf(
        std::move(key), takes, detail::Stored<M>::optional ? Need::optional : need,
        [get, range](ConfigNode& n, std::string_view k, T& t, bool required) {
          if (auto v = n.optional_quantity<Q>(k, range)) {
            std::invoke(get, t) = *v;
          } else if (required && !n.has(k)) {
            (void)n.quantity<Q>(k, range);  // records "is required" with an example
          }
        },
        [get, range](const T& t, std::string_view k, nlohmann::ordered_json& out) {
          const auto* v = detail::stored(std::invoke(get, const_cast<T&>(t)));
          if (v != nullptr && !range_violation(v->value(), range)) {
            out[std::string(k)] = format_si(v->value(), Q::dims);
          }
        },
        capture_of(get));
  }

  template <class Get>
  FieldSet& integer(std::string key, Get get, Need need = Need::required,
                    Range range = Range::at_least_one) {
    using M = detail::Member<T, Get>;
    return leaf(
        std::move(key), "integer" + with_range(range),
        detail::Stored<M>::optional ? Need::optional : need,
        [get, range](ConfigNode& n, std::string_view k, T& t, bool required) {
          if (auto v = n.optional_integer(k, range)) {
            std::invoke(get, t) = static_cast<typename detail::Stored<M>::type>(*v);
          } else if (required && !n.has(k)) {
            (void)n.integer(k, range);  // records "is required"
          }
        },
        plain_writer(get, range),
        capture_of(get));
  }

  template <class Get>
  FieldSet& number(std::string key, Get get, Need need = Need::required, Range range = Range::any) {
    using M = detail::Member<T, Get>;
    return leaf(
        std::move(key), "number" + with_range(range),
        detail::Stored<M>::optional ? Need::optional : need,
        [get, range](ConfigNode& n, std::string_view k, T& t, bool required) {
          if (auto v = n.optional_number(k, range)) {
            std::invoke(get, t) = *v;
          } else if (required && !n.has(k)) {
            (void)n.number(k, range);  // records "is required"
          }
        },
        plain_writer(get, range),
        capture_of(get));
  }

  /// A boolean; always optional: a plain member keeps its value when absent.
  template <class Get>
  FieldSet& flag(std::string key, Get get) {
    using M = detail::Member<T, Get>;
    return leaf(
        std::move(key), "true | false", Need::optional,
        [get](ConfigNode& n, std::string_view k, T& t, bool) {
          auto& member = std::invoke(get, t);
          if constexpr (detail::Stored<M>::optional) {
            if (n.has(k)) member = n.flag(k, false);
          } else {
            member = n.flag(k, member);
          }
        },
        plain_writer(get),
        capture_of(get));
  }

  /// Text; an optional plain member that is empty counts as absent (it is not written).
  template <class Get>
  FieldSet& text(std::string key, Get get, Need need = Need::required) {
    using M = detail::Member<T, Get>;
    const bool optional = detail::Stored<M>::optional || need == Need::optional;
    return leaf(
        std::move(key), "text", optional ? Need::optional : Need::required,
        [get](ConfigNode& n, std::string_view k, T& t, bool required) {
          if (auto v = n.optional_text(k)) {
            std::invoke(get, t) = *v;
          } else if (required) {
            (void)n.text(k);
          }
        },
        [get, optional](const T& t, std::string_view k, nlohmann::ordered_json& out) {
          const auto* v = detail::stored(std::invoke(get, const_cast<T&>(t)));
          if (v != nullptr && !(optional && v->empty())) out[std::string(k)] = *v;
        },
        capture_of(get));
  }

  /// A value named among `options` (name, value).
  template <class Get, class E = typename detail::Stored<detail::Member<T, Get>>::type>
  FieldSet& choice(std::string key, Get get, std::vector<std::pair<std::string, E>> options,
                   Need need = Need::optional) {
    using S = detail::Stored<detail::Member<T, Get>>;
    std::string names;
    for (const auto& o : options) names += (names.empty() ? "" : " | ") + o.first;
    return leaf(
        std::move(key), names, S::optional ? Need::optional : need,
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
                  (near.empty() ? "" : "did you mean '" + near + "'? ") + "use one of " + listed);
        },
        [get, options](const T& t, std::string_view k, nlohmann::ordered_json& out) {
          const auto* v = detail::stored(std::invoke(get, const_cast<T&>(t)));
          if (v == nullptr) return;
          for (const auto& [option, value] : options) {
            if (value == *v) out[std::string(k)] = option;
          }
        },
        capture_of(get));
  }

  /// A value read from text by `parse`, which stores it in the struct and returns "" or, when the
  /// text is malformed, what is wrong with it; `format` gives the value back as the file would
  /// hold it (null: none). `takes` describes the form ("XxY, e.g. \"4x4\"").
  FieldSet& parsed(std::string key, std::string takes,
                   std::function<std::string(const std::string& text, T& target)> parse,
                   std::function<nlohmann::ordered_json(const T&)> format,
                   Need need = Need::required) {
    leaf(
        std::move(key), takes, need,
        [parse, takes](ConfigNode& n, std::string_view k, T& t, bool required) {
          const auto text = n.optional_text(k);
          if (!text) {
            if (required) (void)n.text(k);
            return;
          }
          if (const std::string why = parse(*text, t); !why.empty()) n.error(k, why, "use " + takes);
        },
        [format](const T& t, std::string_view k, nlohmann::ordered_json& out) {
          if (auto value = format(t); !value.is_null()) out[std::string(k)] = std::move(value);
        });
    entries_.back().reparse = parse;
    return *this;
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
        (void)n.child(k);  // records "is required"
      }
    };
    // An empty optional mapping is left out (a required one is written, even empty).
    const bool write_empty = !S::optional && need == Need::required;
    e.write = [get, &fields, write_empty](const T& t, std::string_view k,
                                          nlohmann::ordered_json& out) {
      if (const U* u = detail::stored(std::invoke(get, const_cast<T&>(t)))) {
        nlohmann::ordered_json inner = fields.write(*u);
        if (!inner.empty() || write_empty) out[std::string(k)] = std::move(inner);
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
    e.assign_inside = [get, &fields](const T& model, std::string_view rest,
                                     const std::string& value) -> Assignment {
      const U* u = detail::stored(std::invoke(get, const_cast<T&>(model)));
      if (u == nullptr) return {};
      auto inner = fields.assignment(*u, rest, value);
      if (!inner) return {};
      return [get, inner](T& t) {
        auto& member = std::invoke(get, t);
        if constexpr (S::optional) {
          if (member) inner(*member);
        } else {
          inner(member);
        }
      };
    };
    entries_.push_back(std::move(e));
    paths_ = std::make_shared<PathIndex>();
    return *this;
  }

  /// A field with its own reading, writing and (optionally) setting below it, for the shapes the
  /// kinds above do not cover (a name or a mapping; a name with the named policy's parameters).
  /// Set from text without `inside`, it is read from a one-key mapping as the file would hold it.
  FieldSet& custom(std::string key, std::string takes, Need need, Reader read, Writer write,
                   Inside inside = {},
                   std::function<std::vector<FieldDoc>(const std::string&)> docs = {}) {
    leaf(std::move(key), std::move(takes), need, std::move(read), std::move(write));
    entries_.back().set_inside = std::move(inside);
    entries_.back().docs = std::move(docs);
    entries_.back().settable_as_value = true;
    return *this;
  }

  /// Keys the declaration cannot name, because the data names them (the parameters of the
  /// scheduler a field selects): `read` takes them from the node after the declared fields,
  /// `set` sets one by key (false: not one of them), `write` adds them to the written mapping.
  FieldSet& open(std::function<void(ConfigNode&, T&)> read,
                 std::function<bool(T&, std::string_view key, const std::string& value,
                                    Diagnostics&, const std::string& path)>
                     set,
                 std::function<void(const T&, nlohmann::ordered_json&)> write) {
    open_read_ = std::move(read);
    open_set_ = std::move(set);
    open_write_ = std::move(write);
    return *this;
  }

  /// The field declared last applies only when `applies` holds for what was read before it;
  /// present otherwise, it is an error that says `why` ("hbm-pim takes no channels").
  FieldSet& when(std::function<bool(const T&)> applies, std::string why) {
    entries_.back().applies = std::move(applies);
    entries_.back().why_not = std::move(why);
    return *this;
  }

  /// Defaults that depend on other fields, filled after reading (not after set()): `fill` sees
  /// the node, so it can tell an absent key from a given one.
  FieldSet& after_read(std::function<void(ConfigNode&, T&)> fill) {
    after_read_ = std::move(fill);
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
        if (node.has(e.key)) node.error(e.key, e.why_not);
        node.accept_key(e.key);
        continue;
      }
      e.read(node, e.key, target, e.required);
    }
    if (open_read_) open_read_(node, target);
    if (after_read_) after_read_(node, target);
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
      if (open_set_ && dot == std::string_view::npos && open_set_(target, key, value, diag, here)) {
        run_checks(target, diag, prefix);
        return;
      }
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
    } else if (e->set_inside && !e->settable_as_value) {
      diag.error(here, 0, "is a mapping", "set one of its fields: " + here + ".FIELD=VALUE");
      return;
    } else {
      ConfigNode node = ConfigNode::single(e->key, value, prefix, &diag);
      e->read(node, e->key, target, true);
    }
    run_checks(target, diag, prefix);
  }

  /// A change to many structs, checked and parsed once: set() at `path` from `value` on a copy of
  /// `model` (problems to `diag`, as set() files them), then an assignment that gives any struct
  /// what that copy got there, without parsing again (a search applies each parameter value to
  /// thousands of points). Fields with their own shapes (custom, open) are set() again instead.
  /// The cross-field checks are not run again when it is applied.
  Assignment prepare(const T& model, std::string_view path, const std::string& value,
                     Diagnostics& diag, const std::string& prefix) const {
    T scratch = model;
    set(scratch, path, value, diag, prefix);
    return assignment(model, path, value);
  }

  /// prepare() without the checks. Contract: set() at `path` from `value` on `model` succeeds.
  [[nodiscard]] Assignment assignment(const T& model, std::string_view path,
                                      const std::string& value) const {
    const std::size_t dot = path.find('.');
    const Entry* e = find(std::string(path.substr(0, dot)));
    Assignment fast;
    if (e != nullptr && dot != std::string_view::npos && e->assign_inside) {
      fast = e->assign_inside(model, path.substr(dot + 1), value);
    } else if (e != nullptr && dot == std::string_view::npos && e->capture) {
      T scratch = model;
      Diagnostics unused("<prepared>");
      ConfigNode node = ConfigNode::single(e->key, value, "", &unused);
      e->read(node, e->key, scratch, true);
      fast = e->capture(scratch);
    } else if (e != nullptr && dot == std::string_view::npos && e->reparse) {
      fast = [parse = e->reparse, value](T& t) { (void)parse(value, t); };
    }
    if (fast) return fast;
    return [this, p = std::string(path), value](T& t) {
      Diagnostics unused("<prepared>");
      set(t, p, value, unused, "");
    };
  }

  /// The struct as a mapping read() turns into the same struct: every field it holds, optional
  /// ones that are absent and fields that do not apply left out.
  [[nodiscard]] nlohmann::ordered_json write(const T& target) const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Entry& e : entries_) {
      if (e.applies && !e.applies(target)) continue;
      e.write(target, e.key, out);
    }
    if (open_write_) open_write_(target, out);
    return out;
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

  /// Whether `path` names a field of this set (nested ones through their groups).
  [[nodiscard]] bool has_path(const std::string& path) const {
    PathIndex& index = *paths_;
    std::call_once(index.once, [this, &index] {
      for (const FieldDoc& d : docs()) index.paths.push_back(d.path);
      std::sort(index.paths.begin(), index.paths.end());
    });
    return std::binary_search(index.paths.begin(), index.paths.end(), path);
  }

 private:
  struct Entry {
    std::string key;
    std::string takes;
    bool required = false;
    Reader read;
    Writer write;
    Inside set_inside;  // groups and some custom fields
    std::function<std::vector<FieldDoc>(const std::string&)> docs;
    bool settable_as_value = false;  // a custom field with fields inside may still take text
    std::function<Assignment(const T&)> capture;  // typed leaves: the value a struct holds
    std::function<std::string(const std::string&, T&)> reparse;  // parsed leaves
    std::function<Assignment(const T&, std::string_view, const std::string&)> assign_inside;
    std::function<bool(const T&)> applies;  // empty: always
    std::string why_not;
  };

  FieldSet& leaf(std::string key, std::string takes, Need need, Reader read, Writer write,
                 std::function<Assignment(const T&)> capture = {}) {
    Entry e;
    e.key = std::move(key);
    e.takes = std::move(takes);
    e.required = need == Need::required;
    e.read = std::move(read);
    e.write = std::move(write);
    e.capture = std::move(capture);
    entries_.push_back(std::move(e));
    paths_ = std::make_shared<PathIndex>();
    return *this;
  }

  // The assignment that gives a struct the member `get` designates as `scratch` has it.
  template <class Get>
  static std::function<Assignment(const T&)> capture_of(Get get) {
    return [get](const T& scratch) -> Assignment {
      auto value = std::invoke(get, const_cast<T&>(scratch));
      return [get, value](T& t) { std::invoke(get, t) = value; };
    };
  }

  // Writes a member JSON can hold as it is (numbers, flags, text). A number outside `range` is an
  // unset value that read() would refuse: it is left out.
  template <class Get>
  static Writer plain_writer(Get get, Range range = Range::any) {
    return [get, range](const T& t, std::string_view k, nlohmann::ordered_json& out) {
      const auto* v = detail::stored(std::invoke(get, const_cast<T&>(t)));
      if (v == nullptr) return;
      if constexpr (std::is_arithmetic_v<std::remove_cvref_t<decltype(*v)>> &&
                    !std::is_same_v<std::remove_cvref_t<decltype(*v)>, bool>) {
        if (range_violation(static_cast<double>(*v), range)) return;
      }
      out[std::string(k)] = *v;
    };
  }

  static std::string with_range(Range range) {
    const std::string r = describe_range(range);
    return r.empty() ? "" : " " + r;
  }

  void run_checks(const T& target, Diagnostics& diag, const std::string& prefix) const {
    for (const auto& rule : checks_) {
      rule(target, [&](std::string_view k, std::string message, std::string hint) {
        diag.error(prefix.empty() ? std::string(k) : prefix + "." + std::string(k), 0,
                   std::move(message), std::move(hint));
      });
    }
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
  std::function<void(ConfigNode&, T&)> after_read_;
  std::function<void(ConfigNode&, T&)> open_read_;
  std::function<bool(T&, std::string_view, const std::string&, Diagnostics&, const std::string&)>
      open_set_;
  std::function<void(const T&, nlohmann::ordered_json&)> open_write_;
  // has_path()'s sorted paths, built on first use; a new index whenever a field is declared.
  struct PathIndex {
    std::once_flag once;
    std::vector<std::string> paths;
  };
  std::shared_ptr<PathIndex> paths_ = std::make_shared<PathIndex>();
};

}  // namespace servesim::core
