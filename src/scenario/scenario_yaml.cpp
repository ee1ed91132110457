// Scenario files (see scenario_yaml.h).
#include "scenario/scenario_yaml.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/diagnostics.h"
#include "scenario/scenario_fields.h"

namespace servesim::scenario {
namespace {

void emit(YAML::Emitter& out, const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, value] : j.items()) {
      if (value.is_null()) continue;
      out << YAML::Key << key << YAML::Value;
      emit(out, value);
    }
    out << YAML::EndMap;
  } else if (j.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& value : j) emit(out, value);
    out << YAML::EndSeq;
  } else if (j.is_string()) {
    out << YAML::DoubleQuoted << j.get<std::string>();
  } else if (j.is_boolean()) {
    out << j.get<bool>();
  } else if (j.is_number_float()) {
    out << fmt::format("{}", j.get<double>());
  } else {
    out << j.dump();
  }
}

}  // namespace

ScenarioSpec parse_scenario(core::ConfigNode& root) {
  ScenarioSpec s;
  s.origin = root.diagnostics().file();
  scenario_fields().read(root, s);
  return s;
}

ScenarioSpec load_scenario(const std::string& file) {
  return core::read_document(core::ConfigDocument::load(file), parse_scenario);
}

ScenarioSpec parse_scenario_text(const std::string& text, const std::string& name, bool is_json) {
  return core::read_document(core::ConfigDocument::parse(text, name, is_json), parse_scenario);
}

nlohmann::ordered_json scenario_json(const ScenarioSpec& spec) {
  return scenario_fields().write(spec);
}

std::string scenario_yaml(const ScenarioSpec& spec) {
  YAML::Emitter out;
  emit(out, scenario_json(spec));
  return std::string(out.c_str()) + "\n";
}

const char* to_string(Fidelity f) { return f == Fidelity::estimate ? "estimate" : "simulate"; }

}  // namespace servesim::scenario
