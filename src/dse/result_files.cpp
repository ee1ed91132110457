// Search result files (see result_files.h).
#include "dse/result_files.h"

#include <fmt/format.h>

#include "core/csv.h"
#include "dse/metrics.h"
#include "dse/scoring.h"
#include "report/scatter_chart.h"

namespace servesim::dse {
namespace {

using Json = nlohmann::ordered_json;

// The metrics any record has, in the catalog's order.
std::vector<std::string> metric_columns(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const auto& e : metrics().entries()) {
    for (const Record& r : records) {
      if (r.outcome.metrics.count(e.name) > 0) {
        out.push_back(e.name);
        break;
      }
    }
  }
  return out;
}

void write_rows(std::ostream& out, const Space& space, const std::vector<const Record*>& rows,
                const std::vector<std::string>& columns) {
  out << "fidelity";
  for (const Parameter& p : space.parameters) out << ',' << core::csv_field(p.field);
  out << ",feasible,acceptable,infeasible,reason";
  for (const std::string& m : columns) out << ',' << m;
  out << '\n';
  for (const Record* r : rows) {
    const Outcome& o = r->outcome;
    out << scenario::to_string(o.fidelity);
    for (std::size_t i = 0; i < space.parameters.size(); ++i) {
      out << ',' << core::csv_field(space.parameters[i].values[static_cast<std::size_t>(r->point[i])]);
    }
    out << ',' << (o.feasible() ? "true" : "false") << ','
        << (acceptable(space, o) ? "true" : "false") << ','
        << (o.infeasible ? scenario::to_string(*o.infeasible) : "") << ','
        << core::csv_field(o.reason);
    for (const std::string& m : columns) {
      out << ',';
      if (auto it = o.metrics.find(m); it != o.metrics.end()) out << fmt::format("{}", it->second);
    }
    out << '\n';
  }
}

Json parameters_json(const Space& space, const Point& point) {
  Json j = Json::object();
  for (std::size_t i = 0; i < space.parameters.size(); ++i) {
    j[space.parameters[i].field] = space.parameters[i].values[static_cast<std::size_t>(point[i])];
  }
  return j;
}

Json outcome_json(const Outcome& o) {
  Json j = {{"fidelity", scenario::to_string(o.fidelity)}};
  if (o.infeasible) {
    j["infeasible"] = scenario::to_string(*o.infeasible);
    j["reason"] = o.reason;
  }
  j["metrics"] = Json::object();
  for (const auto& [name, value] : o.metrics) j["metrics"][name] = value;
  return j;
}

double value_of(const Outcome& o, const std::string& metric) {
  const auto it = o.metrics.find(metric);
  return it == o.metrics.end() ? std::nan("") : it->second;
}

}  // namespace

void write_points_csv(std::ostream& out, const Space& space, const std::vector<Record>& records) {
  std::vector<const Record*> rows;
  for (const Record& r : records) rows.push_back(&r);
  write_rows(out, space, rows, metric_columns(records));
}

void write_front_csv(std::ostream& out, const Space& space, const ExploreResult& result) {
  std::vector<const Record*> rows;
  for (const std::size_t i : result.front) rows.push_back(&result.records[i]);
  write_rows(out, space, rows, metric_columns(result.records));
}

Json front_json(const Space& space, const ExploreResult& result) {
  Json j = {{"space", space.name}, {"file", space.file}};
  for (const Objective& o : space.objectives) {
    j["objectives"].push_back(
        {{"metric", o.metric}, {"goal", o.goal == Better::higher ? "maximize" : "minimize"}});
  }
  j["front"] = Json::array();
  for (const std::size_t i : result.front) {
    const Record& r = result.records[i];
    Json row = {{"parameters", parameters_json(space, r.point)}, {"scenario_hash", r.scenario_hash}};
    row.update(outcome_json(r.outcome));
    j["front"].push_back(row);
  }
  j["references"] = Json::array();
  for (const ReferenceResult& ref : result.references) {
    Json row = {{"name", ref.name}};
    row.update(outcome_json(ref.outcome));
    j["references"].push_back(row);
  }
  j["points"] = result.records.size();
  j["evaluated"] = result.evaluated;
  return j;
}

void write_front_chart(std::ostream& out, const Space& space, const ExploreResult& result) {
  report::ScatterChart chart;
  chart.title = space.name + ": " + space.chart_y + " against " + space.chart_x;
  chart.x_label = space.chart_x;
  chart.y_label = space.chart_y;
  for (const Record& r : result.records) {
    if (!acceptable(space, r.outcome)) continue;
    chart.points.push_back({value_of(r.outcome, space.chart_x), value_of(r.outcome, space.chart_y)});
  }
  for (const std::size_t i : result.front) {
    const Outcome& o = result.records[i].outcome;
    chart.front.push_back({value_of(o, space.chart_x), value_of(o, space.chart_y)});
  }
  for (const ReferenceResult& ref : result.references) {
    if (!ref.outcome.feasible()) continue;
    chart.references.push_back(
        {{value_of(ref.outcome, space.chart_x), value_of(ref.outcome, space.chart_y)}, ref.name});
  }
  report::write_scatter_chart(out, chart);
}

}  // namespace servesim::dse
