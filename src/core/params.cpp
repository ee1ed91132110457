// Parameter schemas and values (see params.h). One parser per type turns text into a value; one
// check applies a parameter's range, bound, choices or text rule to a value, whether it came from
// YAML, key=value text or code.
#include "core/params.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "core/unit_parse.h"

namespace servesim::core {
namespace {

// The ParamValue alternative that holds a type's values.
std::size_t alternative(ParamType type) {
  switch (type) {
    case ParamType::integer:
      return 0;
    case ParamType::number:
    case ParamType::quantity:
      return 1;
    case ParamType::flag:
      return 2;
    case ParamType::choice:
    case ParamType::text:
      return 3;
  }
  return 3;
}

double numeric(const ParamValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Why `v` (of the spec's type) is not acceptable to `spec`, or nullopt.
std::optional<ParamProblem> check(const ParamSpec& spec, const ParamValue& v) {
  switch (spec.type) {
    case ParamType::integer:
    case ParamType::number:
    case ParamType::quantity: {
      const double x = numeric(v);
      if (auto why = range_violation(x, spec.range)) return ParamProblem{*why, ""};
      if (spec.at_most && x > *spec.at_most) {
        return ParamProblem{fmt::format("must be at most {:g}, got {:g}", *spec.at_most, x), ""};
      }
      return std::nullopt;
    }
    case ParamType::flag:
      return std::nullopt;
    case ParamType::choice: {
      const std::string& name = std::get<std::string>(v);
      if (std::find(spec.choices.begin(), spec.choices.end(), name) != spec.choices.end()) {
        return std::nullopt;
      }
      return ParamProblem{fmt::format("unknown {} \"{}\"", spec.name, name),
                          "use one of " + joined(spec.choices)};
    }
    case ParamType::text:
      if (spec.check) {
        if (auto why = spec.check(std::get<std::string>(v))) return ParamProblem{*why, ""};
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// The value `text` gives `spec`, or the problem.
std::variant<ParamValue, ParamProblem> parse(const ParamSpec& spec, std::string_view text) {
  std::string error;
  std::optional<ParamValue> v;
  switch (spec.type) {
    case ParamType::integer:
      if (auto i = parse_integer(text, Range::any, error)) v = *i;
      break;
    case ParamType::number:
      if (auto x = parse_number(text, Range::any, error)) v = *x;
      break;
    case ParamType::quantity:
      if (auto x = parse_dimensioned(text, spec.dims, Range::any, error)) v = *x;
      break;
    case ParamType::flag:
      if (auto b = parse_bool(text, error)) v = *b;
      break;
    case ParamType::choice:
    case ParamType::text:
      v = std::string(text);
      break;
  }
  if (!v) return ParamProblem{error, ""};
  if (auto problem = check(spec, *v)) return *problem;
  return *v;
}

// A value as a user writes it (the inverse of parse()).
std::string text_of(const ParamSpec& spec, const ParamValue& v) {
  switch (spec.type) {
    case ParamType::integer:
      return std::to_string(std::get<std::int64_t>(v));
    case ParamType::number:
      return fmt::format("{}", std::get<double>(v));
    case ParamType::quantity:
      return format_si(std::get<double>(v), spec.dims);
    case ParamType::flag:
      return std::get<bool>(v) ? "true" : "false";
    case ParamType::choice:
    case ParamType::text:
      return std::get<std::string>(v);
  }
  return "";
}

}  // namespace

ParamSchema::ParamSchema(std::initializer_list<ParamSpec> specs)
    : ParamSchema(ParamSchema(), specs) {}

ParamSchema::ParamSchema(const ParamSchema& base, std::initializer_list<ParamSpec> more) {
  std::vector<ParamSpec> specs = base.specs();
  specs.insert(specs.end(), more.begin(), more.end());
  for (auto it = specs.begin(); it != specs.end(); ++it) {
    if (it->name.empty() || std::any_of(specs.begin(), it, [&](const ParamSpec& earlier) {
          return earlier.name == it->name;
        })) {
      throw std::logic_error("parameter schema: empty or repeated name \"" + it->name + "\"");
    }
  }
  specs_ = std::make_shared<const std::vector<ParamSpec>>(std::move(specs));
}

const std::vector<ParamSpec>& ParamSchema::specs() const {
  static const std::vector<ParamSpec> none;
  return specs_ ? *specs_ : none;
}

const ParamSpec* ParamSchema::find(std::string_view name) const {
  for (const ParamSpec& s : specs()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> ParamSchema::names() const {
  std::vector<std::string> out;
  for (const ParamSpec& s : specs()) out.push_back(s.name);
  return out;
}

ParamValues::ParamValues(ParamSchema schema)
    : schema_(std::move(schema)), values_(schema_.specs().size()) {
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const ParamSpec& spec = schema_.specs()[i];
    if (spec.presence != Presence::defaulted) continue;
    auto parsed = parse(spec, spec.default_text);
    if (const auto* problem = std::get_if<ParamProblem>(&parsed)) {
      throw std::logic_error(fmt::format("parameter {}: default \"{}\" fails its own check: {}",
                                         spec.name, spec.default_text, problem->message));
    }
    values_[i] = std::get<ParamValue>(parsed);
  }
}

std::size_t ParamValues::index(std::string_view name, ParamType type) const {
  const auto& specs = schema_.specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name != name) continue;
    const bool text_of_choice = type == ParamType::text && specs[i].type == ParamType::choice;
    if (specs[i].type != type && !text_of_choice) {
      throw std::logic_error(fmt::format("parameter {} read or set as another type", name));
    }
    return i;
  }
  throw std::logic_error(fmt::format("parameter {} is not declared by the schema", name));
}

const ParamValue& ParamValues::value(std::string_view name, ParamType type) const {
  const auto& v = values_[index(name, type)];
  if (!v) throw std::logic_error(fmt::format("parameter {} has no value", name));
  return *v;
}

bool ParamValues::has(std::string_view name) const {
  const ParamSpec* spec = schema_.find(name);
  if (spec == nullptr) {
    throw std::logic_error(fmt::format("parameter {} is not declared by the schema", name));
  }
  return values_[static_cast<std::size_t>(spec - schema_.specs().data())].has_value();
}

std::int64_t ParamValues::integer(std::string_view name) const {
  return std::get<std::int64_t>(value(name, ParamType::integer));
}

double ParamValues::number(std::string_view name) const {
  return std::get<double>(value(name, ParamType::number));
}

double ParamValues::quantity_si(std::string_view name, const Dims& dims) const {
  if (!(schema_.specs()[index(name, ParamType::quantity)].dims == dims)) {
    throw std::logic_error(fmt::format("parameter {} read with another dimension", name));
  }
  return std::get<double>(value(name, ParamType::quantity));
}

bool ParamValues::flag(std::string_view name) const {
  return std::get<bool>(value(name, ParamType::flag));
}

const std::string& ParamValues::text(std::string_view name) const {
  return std::get<std::string>(value(name, ParamType::text));
}

void ParamValues::set(std::string_view name, ParamValue value) {
  const ParamSpec* spec = schema_.find(name);
  if (spec == nullptr) {
    throw std::logic_error(fmt::format("parameter {} is not declared by the schema", name));
  }
  const std::size_t i = index(name, spec->type);
  if (value.index() != alternative(spec->type)) {
    throw std::logic_error(fmt::format("parameter {} set to a value of another type", name));
  }
  if (auto problem = check(*spec, value)) {
    throw std::logic_error(fmt::format("parameter {}: {}", name, problem->message));
  }
  values_[i] = std::move(value);
}

std::optional<ParamProblem> ParamValues::assign(std::string_view name, std::string_view text) {
  const ParamSpec* spec = schema_.find(name);
  if (spec == nullptr) {
    throw std::logic_error(fmt::format("parameter {} is not declared by the schema", name));
  }
  auto parsed = parse(*spec, text);
  if (auto* problem = std::get_if<ParamProblem>(&parsed)) return *problem;
  values_[index(name, spec->type)] = std::get<ParamValue>(std::move(parsed));
  return std::nullopt;
}

ParamValues ParamValues::carried_to(const ParamSchema& schema) const {
  ParamValues out(schema);
  for (std::size_t i = 0; i < out.values_.size(); ++i) {
    const ParamSpec& spec = schema.specs()[i];
    const ParamSpec* mine = schema_.find(spec.name);
    if (mine == nullptr || mine->type != spec.type) continue;
    const auto& v = values_[static_cast<std::size_t>(mine - schema_.specs().data())];
    if (v && !check(spec, *v)) out.values_[i] = v;
  }
  return out;
}

nlohmann::ordered_json ParamValues::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!values_[i]) continue;
    const ParamSpec& spec = schema_.specs()[i];
    const ParamValue& v = *values_[i];
    if (spec.type == ParamType::quantity) {
      out[spec.name] = text_of(spec, v);
    } else {
      std::visit([&](const auto& x) { out[spec.name] = x; }, v);
    }
  }
  return out;
}

std::string ParamValues::to_text() const {
  std::string out;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!values_[i]) continue;
    const ParamSpec& spec = schema_.specs()[i];
    out += (out.empty() ? "" : ",") + spec.name + "=" + text_of(spec, *values_[i]);
  }
  return out;
}

bool ParamValues::operator==(const ParamValues& other) const {
  return values_ == other.values_ && schema_.names() == other.schema_.names();
}

ParamValues read_params(const ParamSchema& schema, ConfigNode& node, const ParamValues* base) {
  ParamValues values = base != nullptr ? base->carried_to(schema) : ParamValues(schema);
  for (const ParamSpec& spec : schema.specs()) {
    if (!node.has(spec.name) && spec.presence == Presence::required && !values.has(spec.name)) {
      (void)node.text(spec.name);  // records "is required but missing"
      continue;
    }
    const auto text = node.optional_text(spec.name);
    if (!text) continue;
    if (auto problem = values.assign(spec.name, *text)) {
      node.error(spec.name, problem->message, problem->hint);
    }
  }
  return values;
}

ParamValues read_params(const ParamSchema& schema, std::string_view text, Diagnostics& diag,
                        const std::string& path) {
  ParamValues values(schema);
  std::vector<std::string> given;
  std::stringstream in{std::string(text)};
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) {
      diag.error(path, 0, fmt::format("\"{}\" is not key=value", item),
                 "write key=value pairs separated by commas");
      continue;
    }
    const std::string key = item.substr(0, eq);
    if (schema.find(key) == nullptr) {
      const std::string near = closest_match(key, schema.names());
      diag.error(
          path, 0, fmt::format("unknown key \"{}\"", key),
          near.empty() ? "known keys: " + joined(schema.names()) : "did you mean '" + near + "'?");
      continue;
    }
    if (std::find(given.begin(), given.end(), key) != given.end()) {
      diag.error(path, 0, fmt::format("{}: given twice", key));
      continue;
    }
    given.push_back(key);
    if (auto problem = values.assign(key, item.substr(eq + 1))) {
      diag.error(path, 0, key + ": " + problem->message, problem->hint);
    }
  }
  for (const ParamSpec& spec : schema.specs()) {
    const bool missing = std::find(given.begin(), given.end(), spec.name) == given.end();
    if (missing && spec.presence == Presence::required) {
      diag.error(path, 0, spec.name + ": is required but missing",
                 fmt::format("add {}=VALUE", spec.name));
    }
  }
  return values;
}

}  // namespace servesim::core
