// Compute template schema (see compute_template.h).
#include "hardware/compute_template.h"

#include <string>

namespace servesim::hardware {
namespace {

// `count` engines (default 1) of `width` lanes at `frequency`: the schema shared by MAC trees and
// vector units, under their own key names.
struct LaneGroup {
  std::int64_t width = 0;
  std::int64_t count = 1;
  core::Hertz frequency{};
};

LaneGroup parse_lane_group(core::ConfigNode& n, const char* width_key, const char* count_key) {
  LaneGroup g;
  g.width = n.integer(width_key);
  g.count = n.optional_integer(count_key).value_or(1);
  g.frequency = n.quantity<core::Hertz>("frequency");
  n.finish();
  return g;
}

Dataflow parse_dataflow(core::ConfigNode& s) {
  return s.choice<Dataflow>("dataflow",
                            {{"weight-stationary", Dataflow::weight_stationary},
                             {"output-stationary", Dataflow::output_stationary},
                             {"input-stationary", Dataflow::input_stationary}},
                            "weight-stationary");
}

}  // namespace

std::int64_t ComputeTemplate::matrix_macs() const {
  std::int64_t macs = 0;
  if (systolic) macs += systolic->rows * systolic->cols * systolic->arrays();
  if (mac_tree) macs += mac_tree->width * mac_tree->trees;
  return macs;
}

core::FlopsPerSecond ComputeTemplate::matrix_peak() const {
  core::FlopsPerSecond p{};
  if (systolic) p += systolic->peak();
  if (mac_tree) p += mac_tree->peak();
  return p;
}

core::Bytes ComputeTemplate::sram() const {
  if (!systolic) return core::Bytes{};
  return systolic->sram_per_core * static_cast<double>(systolic->cores) + systolic->global_buffer;
}

ComputeTemplate parse_compute_template(core::ConfigNode& n) {
  ComputeTemplate t;
  if (auto s = n.optional_child("systolic")) {
    SystolicTemplate a;
    a.rows = s->integer("rows");
    a.cols = s->integer("cols");
    a.dataflow = parse_dataflow(*s);
    a.arrays_per_core = s->optional_integer("arrays_per_core").value_or(1);
    a.cores = s->integer("cores");
    a.frequency = s->quantity<core::Hertz>("frequency");
    a.base_rows = s->optional_integer("base_rows", core::Range::non_negative).value_or(0);
    a.sram_per_core = s->quantity<core::Bytes>("sram_per_core");
    a.global_buffer = s->quantity<core::Bytes>("global_buffer");
    if (a.base_rows > 0 && (a.base_rows > a.rows || a.rows % a.base_rows != 0)) {
      s->error("base_rows", "must divide rows", "a partitioned array splits into equal base arrays");
    }
    if (a.base_rows > 0 && a.dataflow != Dataflow::weight_stationary) {
      s->error("base_rows", "needs a weight-stationary array",
               "LaMoSys's partitioned array splits a weight-stationary array; drop base_rows");
    }
    s->finish();
    t.systolic = a;
  }
  if (auto m = n.optional_child("mac_tree")) {
    const LaneGroup g = parse_lane_group(*m, "width", "trees");
    t.mac_tree = MacTreeTemplate{g.width, g.count, g.frequency};
  }
  if (auto v = n.optional_child("vector")) {
    const LaneGroup g = parse_lane_group(*v, "lanes", "count");
    t.vector = VectorTemplate{g.width, g.count, g.frequency};
  }
  if (!t.systolic && !t.mac_tree) {
    n.error("systolic", "a template needs a systolic array, a MAC tree or both",
            "add compute.template.systolic or compute.template.mac_tree");
  }
  n.finish();
  return t;
}

}  // namespace servesim::hardware
