// Record (de)serialisation (see record_json.h).
#include "dse/record_json.h"

#include <stdexcept>

namespace servesim::dse {
namespace {

scenario::InfeasibilityKind kind_named(const std::string& name) {
  for (const auto k : {scenario::InfeasibilityKind::invalid_mapping,
                       scenario::InfeasibilityKind::does_not_fit,
                       scenario::InfeasibilityKind::exceeds_power,
                       scenario::InfeasibilityKind::exceeds_area,
                       scenario::InfeasibilityKind::exceeds_temperature}) {
    if (name == scenario::to_string(k)) return k;
  }
  throw std::logic_error("unknown infeasibility kind " + name);
}

}  // namespace

nlohmann::json record_to_json(const Record& r) {
  nlohmann::json j = {{"p", r.point},
                      {"h", r.scenario_hash},
                      {"f", scenario::to_string(r.outcome.fidelity)},
                      {"r", r.outcome.reason},
                      {"m", r.outcome.metrics}};
  if (r.outcome.infeasible) j["k"] = scenario::to_string(*r.outcome.infeasible);
  return j;
}

Record record_from_json(const nlohmann::json& j) {
  Record r;
  r.point = j.at("p").get<Point>();
  r.scenario_hash = j.at("h").get<std::string>();
  r.outcome.fidelity = j.at("f").get<std::string>() == "estimate" ? scenario::Fidelity::estimate
                                                                  : scenario::Fidelity::simulate;
  r.outcome.reason = j.at("r").get<std::string>();
  r.outcome.metrics = j.at("m").get<std::map<std::string, double>>();
  if (j.contains("k")) r.outcome.infeasible = kind_named(j.at("k").get<std::string>());
  return r;
}

}  // namespace servesim::dse
