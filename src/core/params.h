// Typed parameter schemas: what a registry entry (a scheduler, router, workload generator, trace
// reader, collective algorithm) accepts, declared once. The same schema reads the values from a
// YAML mapping (through ConfigNode: path, line, "did you mean") or from `key=value,...` text with
// the same checks and messages, writes them back so that a resolved scenario round-trips, and
// documents them (param_docs.h: `servesim list`, docs/config-reference.md).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config_node.h"
#include "core/diagnostics.h"
#include "core/units.h"

namespace servesim::core {

enum class ParamType { integer, number, quantity, flag, choice, text };

/// What a parameter without a given value is: its default, an error, or absent (its owner then
/// does what the help says, e.g. draws lengths from a bundled distribution).
enum class Presence { defaulted, required, optional };

/// One parameter, best written with designated initialisers:
///   {.name = "rate", .type = ParamType::number, .range = Range::positive,
///    .presence = Presence::required, .help = "requests per second"}
struct ParamSpec {
  std::string name{};
  ParamType type = ParamType::number;
  Range range = Range::any;            // integer, number, quantity
  std::optional<double> at_most{};     // integer, number, quantity: the largest accepted value (SI)
  Dims dims{};                         // quantity: its dimension (Seconds::dims, ...)
  std::vector<std::string> choices{};  // choice: the accepted names
  std::string text_kind = "text";      // text: what the text is, shown as its type ("length")
  /// text: why a text is not acceptable, or nullopt when it is; empty accepts any text.
  std::function<std::optional<std::string>(const std::string&)> check{};
  Presence presence = Presence::defaulted;
  std::string default_text{};  // defaulted: the default as a user writes it ("256", "1 ms")
  std::string help{};          // one line
};

/// An ordered list of parameters. Copies share the list.
class ParamSchema {
 public:
  /// No parameters.
  ParamSchema() = default;
  /// Contract: names are unique and not empty (std::logic_error otherwise).
  ParamSchema(std::initializer_list<ParamSpec> specs);
  /// `base`'s parameters followed by `more` (a policy's own parameters after the ones its family
  /// shares). Contract: as above, over both.
  ParamSchema(const ParamSchema& base, std::initializer_list<ParamSpec> more);

  /// The parameters in declaration order.
  [[nodiscard]] const std::vector<ParamSpec>& specs() const;
  /// The parameter called `name`, or nullptr.
  [[nodiscard]] const ParamSpec* find(std::string_view name) const;
  /// Their names in declaration order.
  [[nodiscard]] std::vector<std::string> names() const;
  /// Whether there are no parameters.
  [[nodiscard]] bool empty() const { return specs().empty(); }

 private:
  std::shared_ptr<const std::vector<ParamSpec>> specs_;
};

/// A parameter's value: integer; number or quantity (SI units); flag; choice or text.
using ParamValue = std::variant<std::int64_t, double, bool, std::string>;

/// Why a value is not acceptable, as a diagnostic's message and hint.
struct ParamProblem {
  std::string message;
  std::string hint;
};

/// A value for parameters of one schema, each checked against its spec. Naming a parameter the
/// schema does not declare, or asking for another type than it has, is a programming error
/// (std::logic_error), as is reading an absent (required or optional) parameter.
class ParamValues {
 public:
  /// The values of an empty schema.
  ParamValues() = default;
  /// Every parameter at its default; required and optional ones absent. Throws std::logic_error
  /// when a default fails its own parameter's checks.
  explicit ParamValues(ParamSchema schema);

  /// The schema these are values of.
  [[nodiscard]] const ParamSchema& schema() const { return schema_; }
  /// Whether parameter `name` has a value.
  [[nodiscard]] bool has(std::string_view name) const;
  /// The value of an integer parameter.
  [[nodiscard]] std::int64_t integer(std::string_view name) const;
  /// The value of a number parameter.
  [[nodiscard]] double number(std::string_view name) const;
  /// A quantity parameter. Contract: Q's dimension is the parameter's.
  template <class Q>
  [[nodiscard]] Q quantity(std::string_view name) const {
    return Q(quantity_si(name, Q::dims));
  }
  /// A time parameter.
  [[nodiscard]] Seconds seconds(std::string_view name) const { return quantity<Seconds>(name); }
  /// The value of a flag parameter.
  [[nodiscard]] bool flag(std::string_view name) const;
  /// A choice or text parameter.
  [[nodiscard]] const std::string& text(std::string_view name) const;

  /// Sets a value from code (a quantity in SI units). Contract: the parameter is declared, the
  /// value has its type and passes its checks.
  void set(std::string_view name, ParamValue value);
  /// Sets a value from user text, as a key=value list would; returns the problem instead when the
  /// text is not acceptable. Contract: the parameter is declared.
  std::optional<ParamProblem> assign(std::string_view name, std::string_view text);
  /// Values for `schema`: its parameters that this one also has (same name and type, value within
  /// the new checks) keep their values, the others take their defaults.
  [[nodiscard]] ParamValues carried_to(const ParamSchema& schema) const;

  /// {name: value} in schema order without absent parameters: numbers and flags as JSON numbers
  /// and booleans, quantities as strings with SI units ("0.001 s"), choices and texts as strings.
  [[nodiscard]] nlohmann::ordered_json to_json() const;
  /// "name=value,..." in schema order without absent parameters: the text read_params() reads
  /// back to these values.
  [[nodiscard]] std::string to_text() const;

  /// The same parameter names with the same values.
  bool operator==(const ParamValues& other) const;

 private:
  /// The index of `name` of type `type`; std::logic_error when it is not declared so.
  [[nodiscard]] std::size_t index(std::string_view name, ParamType type) const;
  [[nodiscard]] const ParamValue& value(std::string_view name, ParamType type) const;
  [[nodiscard]] double quantity_si(std::string_view name, const Dims& dims) const;

  ParamSchema schema_;
  std::vector<std::optional<ParamValue>> values_;
};

/// Reads `schema`'s parameters from the keys of the mapping `node`: each value is checked by type
/// and range, and a missing required one is reported, in node's diagnostics at the key's path and
/// line. Keys the schema does not declare are left to the caller's node.finish(), which reports
/// them with a "did you mean" among the schema's names. A bad value leaves the parameter at its
/// default. With `base`, a parameter the node does not give keeps base's value when base has it
/// (ParamValues::carried_to): a policy renamed keeps the settings it shares with the old one.
ParamValues read_params(const ParamSchema& schema, ConfigNode& node,
                        const ParamValues* base = nullptr);

/// Reads them from "key=value,key=value" text (empty: no values given), with the same checks.
/// Every problem is recorded in `diag` at `path` (line 0), its message naming the key: an item
/// that is not key=value, an unknown (with a "did you mean") or repeated key, a bad value, a
/// missing required parameter.
ParamValues read_params(const ParamSchema& schema, std::string_view text, Diagnostics& diag,
                        const std::string& path);

}  // namespace servesim::core
