// Space files (see space.h).
#include "dse/space.h"

#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "core/stable_hash.h"
#include "dse/parameter_range.h"
#include "scenario/scenario_fields.h"
#include "scenario/scenario_yaml.h"

namespace servesim::dse {
namespace {

using core::ConfigNode;
using Json = nlohmann::ordered_json;

// A metric name at `key` of `c`, checked against the catalog; nullptr after recording an error.
const core::RegistryEntry<MetricDef>* read_metric(ConfigNode& c, const char* key) {
  return metrics().read(c, key);
}

using Assignment = std::function<void(scenario::ScenarioSpec&)>;

// `value` of `field` prepared against `base` (scenario_fields().prepare); the problems are filed
// under the parameter's `key`, and the assignment is empty then.
Assignment prepare_value(const scenario::ScenarioSpec& base, const std::string& field,
                         const std::string& value, ConfigNode& node, const char* key) {
  core::Diagnostics diag(node.diagnostics().file());
  Assignment a = scenario::scenario_fields().prepare(base, field, value, diag, "");
  for (const core::Diagnostic& d : diag.errors()) {
    node.error(key, fmt::format("{} = {}: {}: {}", field, value, d.path, d.message), d.hint);
  }
  return diag.ok() ? a : Assignment{};
}

bool under_hardware(const std::string& field) { return field.rfind("hardware.", 0) == 0; }

// `fields: [a, b]` with `values: [[a1, b1], [a2, b2]]`: several fields that change together (a
// prefill:decode split, a system with its matching EP degree). Shown as "a+b" = "a1, b1".
void read_linked(ConfigNode& c, const scenario::ScenarioSpec& base, Parameter& p) {
  const std::vector<std::string> fields = c.scalars("fields");
  if (fields.empty()) c.error("fields", "is empty", "list the fields that change together");
  const auto rows = c.scalar_rows("values");
  if (rows.empty()) c.error("values", "is empty", "list at least one row of values");
  bool hardware = false;
  p.fields = fields;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    p.field += (f ? "+" : "") + fields[f];
    hardware = hardware || under_hardware(fields[f]);
  }
  p.hardware = c.flag("hardware", hardware);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != fields.size()) {
      c.error("values", fmt::format("row {} has {} values for {} fields", i, rows[i].size(),
                                    fields.size()));
      return;
    }
    std::string shown;
    std::vector<Assignment> parts;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      shown += (f ? ", " : "") + rows[i][f];
      parts.push_back(prepare_value(base, fields[f], rows[i][f], c, "values"));
      if (!parts.back()) return;
    }
    p.values.push_back(shown);
    p.assign.push_back([parts](scenario::ScenarioSpec& s) {
      for (const Assignment& a : parts) a(s);
    });
  }
}

Parameter read_parameter(ConfigNode& c, const scenario::ScenarioSpec& base) {
  Parameter p;
  if (c.has("fields")) {
    read_linked(c, base, p);
    c.finish();
    return p;
  }
  p.field = c.text("field");
  p.fields = {p.field};
  const bool listed = c.has("values");
  if (listed == c.has("range")) {
    c.error(listed ? "range" : "values", "a parameter has either values or a range",
            "values: [a, b, c] or range: [low, high] with step, points or scale: log");
  }
  if (listed) {
    p.values = c.scalars("values");
    if (p.values.empty()) c.error("values", "is empty", "list at least one value");
  } else if (c.has("range")) {
    const auto ends = c.scalars("range");
    ParameterRange r;
    if (ends.size() == 2) {
      r.low = ends[0];
      r.high = ends[1];
    } else {
      c.error("range", "needs two values, [low, high]");
    }
    r.step = c.optional_text("step");
    r.points = c.optional_integer("points");
    r.log = c.choice<bool>("scale", {{"linear", false}, {"log", true}}, "linear");
    std::string problem;
    if (ends.size() == 2) p.values = expand_range(r, problem);
    if (!problem.empty()) c.error("range", problem);
  }
  p.hardware = c.flag("hardware", under_hardware(p.field));
  c.finish();
  if (!p.field.empty()) {
    for (const std::string& v : p.values) {
      p.assign.push_back(prepare_value(base, p.field, v, c, listed ? "values" : "range"));
      if (!p.assign.back()) break;  // one message for a bad field, not one per value
    }
  }
  return p;
}

Bound read_bound(ConfigNode& c) {
  Bound b;
  if (const auto* m = read_metric(c, "metric")) b.metric = m->name;
  b.min = c.optional_number("min");
  b.max = c.optional_number("max");
  if (!b.min && !b.max) c.error("metric", "a constraint needs min, max or both");
  if (b.min && b.max && *b.min > *b.max) c.error("min", "is above max");
  c.finish();
  return b;
}

Objective read_objective(ConfigNode& c) {
  Objective o;
  const auto* m = read_metric(c, "metric");
  if (m != nullptr) {
    o.metric = m->name;
    o.goal = m->value.better;
  }
  if (c.has("goal")) {
    o.goal = c.choice<Better>("goal", {{"maximize", Better::higher}, {"minimize", Better::lower}});
  }
  c.finish();
  return o;
}

void read_fidelity(ConfigNode& root, Space& s) {
  const std::initializer_list<std::pair<std::string_view, scenario::Fidelity>> names = {
      {"estimate", scenario::Fidelity::estimate}, {"simulate", scenario::Fidelity::simulate}};
  if (!root.holds_mapping("fidelity")) {
    s.fidelity = root.choice<scenario::Fidelity>("fidelity", names, "simulate");
    return;
  }
  ConfigNode f = root.child("fidelity");
  s.screen = f.choice<scenario::Fidelity>("screen", names);
  s.fidelity = f.choice<scenario::Fidelity>("rank", names, "simulate");
  s.keep = f.integer("keep");
  if (s.screen == s.fidelity) f.error("rank", "is the screening fidelity: nothing to refine");
  f.finish();
}

void read_strategy(ConfigNode& root, Space& s) {
  s.strategy = strategies().select("grid");
  if (!root.has("strategy")) return;
  ConfigNode c = root.child("strategy");
  if (const auto* e = strategies().read(c, "name")) {
    s.strategy = {e->name, core::read_params(e->params, c)};
  } else {
    c.accept_all_keys();
  }
  c.finish();
}

void read_capacity(ConfigNode& root, Space& s) {
  auto c = root.optional_child("capacity");
  if (!c) return;
  s.capacity.attainment =
      c->optional_number("attainment", core::Range::fraction).value_or(s.capacity.attainment);
  s.capacity.grid_ratio =
      c->optional_number("grid_ratio", core::Range::positive).value_or(s.capacity.grid_ratio);
  if (s.capacity.grid_ratio <= 1) c->error("grid_ratio", "must be above 1");
  c->finish();
}

void read_chart(ConfigNode& root, Space& s) {
  if (auto c = root.optional_child("chart")) {
    if (const auto* x = read_metric(*c, "x")) s.chart_x = x->name;
    if (const auto* y = read_metric(*c, "y")) s.chart_y = y->name;
    c->finish();
  } else if (!s.objectives.empty()) {
    s.chart_y = s.objectives.front().metric;
    s.chart_x = s.objectives.size() > 1 ? s.objectives[1].metric : "devices";
  }
}

// The space's content in a canonical form, whose hash identifies its results.
Json canonical(const Space& s) {
  Json j;
  j["base"] = scenario::scenario_json(s.base);
  for (const Parameter& p : s.parameters) j["parameters"].push_back({{p.field, p.values}});
  for (const Bound& b : s.constraints) {
    j["constraints"].push_back({{"metric", b.metric},
                                {"min", b.min ? Json(*b.min) : Json()},
                                {"max", b.max ? Json(*b.max) : Json()}});
  }
  for (const Objective& o : s.objectives) {
    j["objectives"].push_back({{o.metric, o.goal == Better::higher ? "max" : "min"}});
  }
  j["strategy"] = {{"name", s.strategy.name}, {"params", s.strategy.params.to_json()}};
  j["fidelity"] = {{"screen", s.screen ? scenario::to_string(*s.screen) : ""},
                   {"rank", scenario::to_string(s.fidelity)},
                   {"keep", s.keep}};
  j["capacity"] = {{"attainment", s.capacity.attainment}, {"grid", s.capacity.grid_ratio}};
  j["seed"] = s.seed;
  return j;
}

Space parse_space(ConfigNode& root, const std::string& file) {
  Space s;
  s.file = file;
  s.name = root.text("name");
  s.description = root.optional_text("description").value_or("");
  if (const auto base_file = root.optional_text("base_file")) {
    const auto dir = std::filesystem::path(file).parent_path();
    s.base = scenario::load_scenario((dir / *base_file).string());
    if (root.has("base")) root.error("base", "a space has a base or a base_file, not both");
  } else {
    ConfigNode base = root.child("base");
    s.base = scenario::parse_scenario(base);
  }
  for (ConfigNode& c : root.list("parameters")) s.parameters.push_back(read_parameter(c, s.base));
  if (s.parameters.empty()) {
    root.error("parameters", "a space needs at least one parameter",
               "e.g. parameters: [{field: mapping.tp, values: [1, 2, 4, 8]}]");
  }
  for (ConfigNode& c : root.list("constraints")) s.constraints.push_back(read_bound(c));
  for (ConfigNode& c : root.list("objectives")) s.objectives.push_back(read_objective(c));
  if (s.objectives.empty()) {
    root.error("objectives", "a space needs at least one objective",
               "e.g. objectives: [{metric: output_tokens_per_s}]");
  }
  read_strategy(root, s);
  read_fidelity(root, s);
  read_capacity(root, s);
  // A reference is the base with its own scenario fields laid over it.
  const auto base_doc = core::ConfigDocument::parse(scenario::scenario_json(s.base).dump(), file, true);
  const ConfigNode base_node = base_doc.root(root.diagnostics());
  for (ConfigNode& c : root.list("references")) {
    Reference r;
    r.name = c.text("name");
    ConfigNode spec = c.child_over("scenario", base_node);
    r.scenario = scenario::parse_scenario(spec);
    c.finish();
    s.references.push_back(std::move(r));
  }
  read_chart(root, s);
  const auto seed = root.optional_integer("seed", core::Range::non_negative);
  s.seed = seed ? static_cast<std::uint64_t>(*seed) : s.seed;
  root.finish();
  s.hash = core::stable_hash(canonical(s).dump());
  s.base_hash = scenario_hash(s.base);
  return s;
}

}  // namespace

scenario::ScenarioSpec Space::scenario_of(const Point& point) const {
  scenario::ScenarioSpec spec = base;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    parameters[i].assign[static_cast<std::size_t>(point[i])](spec);
  }
  spec.origin = file;
  return spec;
}

std::string Space::scenario_hash_of(const Point& point) const {
  std::string text = base_hash;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const Parameter& p = parameters[i];
    text += "|" + p.field + "=" + p.values[static_cast<std::size_t>(point[i])];
  }
  return core::stable_hash(text);
}

Shape Space::shape() const {
  Shape shape;
  for (const Parameter& p : parameters) {
    shape.dimensions.push_back({static_cast<std::int64_t>(p.values.size()), p.hardware});
  }
  shape.objectives = static_cast<std::int64_t>(objectives.size());
  shape.seed = seed;
  return shape;
}

bool Space::needs_capacity() const {
  for (const Bound& b : constraints) {
    if (b.metric == kMaxRateMetric) return true;
  }
  for (const Objective& o : objectives) {
    if (o.metric == kMaxRateMetric) return true;
  }
  return false;
}

std::int64_t Space::size() const {
  std::int64_t n = 1;
  for (const Parameter& p : parameters) {
    const auto levels = static_cast<std::int64_t>(p.values.size());
    if (levels > 0 && n > std::numeric_limits<std::int64_t>::max() / levels) {
      return std::numeric_limits<std::int64_t>::max();
    }
    n *= levels;
  }
  return n;
}

Space load_space(const std::string& name_or_path, const core::DataRoot& root) {
  const std::string file = root.require(name_or_path, "spaces", ".yaml", "space");
  return core::read_document(core::ConfigDocument::load(file),
                             [&file](ConfigNode& node) { return parse_space(node, file); });
}

Space parse_space_text(const std::string& text, const std::string& name) {
  return core::read_document(core::ConfigDocument::parse(text, name, false),
                             [&name](ConfigNode& node) { return parse_space(node, name); });
}

std::string scenario_hash(const scenario::ScenarioSpec& spec) {
  return core::stable_hash(scenario::scenario_json(spec).dump());
}

}  // namespace servesim::dse
