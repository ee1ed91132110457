// Compute template schema (see compute_template.h).
#include "hardware/compute_template.h"

#include <string>

namespace servesim::hardware {
namespace {

using core::FieldSet;
using core::Need;

// `count` engines (default 1) of `width` lanes at `frequency`: the schema shared by MAC trees and
// vector units, under their own key names.
template <class Engine>
FieldSet<Engine> lane_group(const char* width_key, std::int64_t Engine::*width,
                            const char* count_key, std::int64_t Engine::*count) {
  return FieldSet<Engine>()
      .integer(width_key, width)
      .integer(count_key, count, Need::optional)
      .quantity("frequency", &Engine::frequency);
}

const FieldSet<SystolicTemplate>& systolic_fields() {
  static const FieldSet<SystolicTemplate> fields =
      FieldSet<SystolicTemplate>()
          .integer("rows", &SystolicTemplate::rows)
          .integer("cols", &SystolicTemplate::cols)
          .choice("dataflow", &SystolicTemplate::dataflow,
                  {{"weight-stationary", Dataflow::weight_stationary},
                   {"output-stationary", Dataflow::output_stationary},
                   {"input-stationary", Dataflow::input_stationary}})
          .integer("arrays_per_core", &SystolicTemplate::arrays_per_core, Need::optional)
          .integer("cores", &SystolicTemplate::cores)
          .quantity("frequency", &SystolicTemplate::frequency)
          .integer("base_rows", &SystolicTemplate::base_rows, Need::optional,
                   core::Range::non_negative)
          .quantity("sram_per_core", &SystolicTemplate::sram_per_core)
          .quantity("global_buffer", &SystolicTemplate::global_buffer)
          .check([](const SystolicTemplate& a, const core::Report& report) {
            if (a.base_rows > 0 && (a.base_rows > a.rows || a.rows % a.base_rows != 0)) {
              report("base_rows", "must divide rows",
                     "a partitioned array splits into equal base arrays");
            }
            if (a.base_rows > 0 && a.dataflow != Dataflow::weight_stationary) {
              report("base_rows", "needs a weight-stationary array",
                     "LaMoSys's partitioned array splits a weight-stationary array; drop base_rows");
            }
          });
  return fields;
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

const FieldSet<ComputeTemplate>& compute_template_fields() {
  static const FieldSet<MacTreeTemplate> mac_tree =
      lane_group("width", &MacTreeTemplate::width, "trees", &MacTreeTemplate::trees);
  static const FieldSet<VectorTemplate> vector =
      lane_group("lanes", &VectorTemplate::lanes, "count", &VectorTemplate::count);
  static const FieldSet<ComputeTemplate> fields =
      FieldSet<ComputeTemplate>()
          .group("systolic", &ComputeTemplate::systolic, systolic_fields())
          .group("mac_tree", &ComputeTemplate::mac_tree, mac_tree)
          .group("vector", &ComputeTemplate::vector, vector)
          .check([](const ComputeTemplate& t, const core::Report& report) {
            if (!t.systolic && !t.mac_tree) {
              report("systolic", "a template needs a systolic array, a MAC tree or both",
                     "add compute.template.systolic or compute.template.mac_tree");
            }
          });
  return fields;
}

}  // namespace servesim::hardware
