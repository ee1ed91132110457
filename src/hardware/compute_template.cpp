// Compute template schema (see compute_template.h).
#include "hardware/compute_template.h"

namespace servesim::hardware {

ComputeTemplate parse_compute_template(core::ConfigNode& n) {
  ComputeTemplate t;
  if (auto s = n.optional_child("systolic")) {
    SystolicTemplate a;
    a.rows = s->integer("rows");
    a.cols = s->integer("cols");
    a.arrays_per_core = s->optional_integer("arrays_per_core").value_or(1);
    a.cores = s->integer("cores");
    a.frequency = s->quantity<core::Hertz>("frequency");
    a.base_rows = s->optional_integer("base_rows", core::Range::non_negative).value_or(0);
    a.sram_per_core = s->quantity<core::Bytes>("sram_per_core");
    a.global_buffer = s->quantity<core::Bytes>("global_buffer");
    if (a.base_rows > 0 && (a.base_rows > a.rows || a.rows % a.base_rows != 0)) {
      s->error("base_rows", "must divide rows", "a partitioned array splits into equal base arrays");
    }
    s->finish();
    t.systolic = a;
  }
  if (auto m = n.optional_child("mac_tree")) {
    MacTreeTemplate tree;
    tree.width = m->integer("width");
    tree.trees = m->optional_integer("trees").value_or(1);
    tree.frequency = m->quantity<core::Hertz>("frequency");
    m->finish();
    t.mac_tree = tree;
  }
  if (!t.systolic && !t.mac_tree) {
    n.error("systolic", "a template needs a systolic array, a MAC tree or both",
            "add compute.template.systolic or compute.template.mac_tree");
  }
  n.finish();
  return t;
}

}  // namespace servesim::hardware
