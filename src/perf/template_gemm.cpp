// Template GEMM cost (see template_gemm.h).
#include "perf/template_gemm.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "perf/perf_engine.h"
#include "perf/roofline.h"

namespace servesim::perf {
namespace {

double ceil_div(double a, double b) { return std::ceil(a / b); }

// Cycles of a GEMM on `arrays` rows × cols arrays: the stationary operand is cut into folds of
// rows × cols (spatial dimensions s_rows × s_cols), folds run in waves over the arrays, and each
// fold streams the temporal dimension through, paying rows + cols cycles of fill and drain.
double systolic_cycles(double s_rows, double s_cols, double temporal, double groups, double rows,
                       double cols, double arrays) {
  const double folds = ceil_div(s_rows, rows) * ceil_div(s_cols, cols) * groups;
  return ceil_div(folds, arrays) * (temporal + rows + cols);
}

// The spatial and temporal dimensions of each dataflow (SCALE-Sim's mapping): weight-stationary
// holds K × N and streams M; output-stationary holds M × N and streams K; input-stationary holds
// K × M and streams N.
struct Mapping {
  double s_rows, s_cols, temporal;
};
Mapping map_gemm(hardware::Dataflow dataflow, double m, double n, double k) {
  switch (dataflow) {
    case hardware::Dataflow::output_stationary: return {m, n, k};
    case hardware::Dataflow::input_stationary: return {k, m, n};
    case hardware::Dataflow::weight_stationary: break;
  }
  return {k, n, m};
}

// The fewest DRAM bytes among the reuse policies that fit `buffer` (see template_gemm.h).
double tiled_traffic(double m, double n, double k, double b, double buffer) {
  const double a = m * k * b, w = k * n * b, o = m * n * b;
  double best = std::numeric_limits<double>::infinity();
  if (a + w + o <= buffer) best = a + w + o;                                 // all reuse
  const double tn = std::min(n, std::floor(buffer / (k * b)));
  if (tn >= 1) best = std::min(best, w + a * ceil_div(n, tn) + o);          // weight reuse
  const double tm = std::min(m, std::floor(buffer / (k * b)));
  if (tm >= 1) best = std::min(best, a + w * ceil_div(m, tm) + o);          // input reuse
  const double t = std::floor(std::sqrt(buffer / b));
  if (t >= 1) {                                                             // output reuse
    best = std::min(best, a * ceil_div(n, std::min(n, t)) + w * ceil_div(m, std::min(m, t)) + o);
  }
  return std::isfinite(best) ? best : a * n + w * m + o;  // nothing fits: stream everything
}

}  // namespace

TemplateGemm template_gemm(std::int64_t m_i, std::int64_t n_i, std::int64_t k_i,
                           std::int64_t groups_i, double element_bytes, bool eight_bit,
                           const hardware::Device& device) {
  const hardware::ComputeTemplate& t = *device.compute_template;
  const double m = static_cast<double>(m_i), n = static_cast<double>(n_i),
               k = static_cast<double>(k_i), g = static_cast<double>(std::max<std::int64_t>(1, groups_i));
  const double rate = (eight_bit ? 2.0 : 1.0) * device.calibration.gemm_peak_fraction;
  const double bandwidth = device.memory_bandwidth.value() * device.calibration.memory_efficiency;
  TemplateGemm best;
  double best_time = std::numeric_limits<double>::infinity();
  double best_compute = std::numeric_limits<double>::infinity();
  // The fastest engine; among equally fast (memory-bound) ones, the one that computes least.
  auto consider = [&](std::string_view engine, double compute, double traffic) {
    const double time = std::max(compute, traffic / bandwidth);
    if (time < best_time || (time == best_time && compute < best_compute)) {
      best_compute = compute;
      best_time = time;
      best = {core::Seconds(compute), core::Bytes(traffic), engine};
    }
  };
  if (t.systolic) {
    const hardware::SystolicTemplate& s = *t.systolic;
    const double f = s.frequency.value() * rate;
    const double rows = static_cast<double>(s.rows), cols = static_cast<double>(s.cols);
    const double arrays = static_cast<double>(s.arrays());
    const double traffic =
        g * tiled_traffic(m, n, k, element_bytes, s.global_buffer.value());
    const Mapping map = map_gemm(s.dataflow, m, n, k);
    consider("systolic",
             systolic_cycles(map.s_rows, map.s_cols, map.temporal, g, rows, cols, arrays) / f,
             traffic);
    if (s.base_rows > 0 && m < rows) {  // LaMoSys: the full array for M >= rows (weight-stationary)
      const double base = static_cast<double>(s.base_rows);
      consider("partitioned",
               systolic_cycles(k, n, m, g, base, cols, arrays * rows / base) / f, traffic);
    }
  }
  if (t.mac_tree) {
    const hardware::MacTreeTemplate& tree = *t.mac_tree;
    // The trees split the output columns, so one token keeps them all busy; a pass streams the
    // weights once and serves up to `trees` tokens (one accumulator set per tree and token).
    const double compute = 2.0 * m * n * k * g / (tree.peak().value() * rate);
    const double passes = ceil_div(m, static_cast<double>(tree.trees));
    const double traffic = g * (k * n * element_bytes * passes + (m * k + m * n) * element_bytes);
    consider("mac_tree", compute, traffic);
  }
  return best;
}

namespace {

bool is_template_gemm(model::OpKind kind, const hardware::Device& device) {
  return device.compute_template &&
         (kind == model::OpKind::gemm || kind == model::OpKind::grouped_gemm);
}

OpCost dataflow_cost(const model::Op& op, const hardware::Device& device) {
  const double element = op.weight_bytes > 0 && op.k > 0 && op.n > 0
                             ? op.weight_bytes / static_cast<double>(op.groups * op.k * op.n)
                             : core::bytes_per_element(op.compute);
  const TemplateGemm t = template_gemm(op.m, op.n, op.k, op.groups, element,
                                       core::bytes_per_element(op.compute) <= 1.0, device);
  return roofline_cost(op, device, t.compute, core::max(t.traffic, core::Bytes(op.memory_bytes())));
}

}  // namespace

void register_dataflow_engine(core::Registry<PerfEngine>& r) {
  r.add({"dataflow",
         "GEMMs on a template accelerator's systolic arrays, partitioned arrays or MAC trees, with "
         "the DRAM traffic of the best SRAM reuse policy",
         {},
         {"compute.template", is_template_gemm, dataflow_cost}});
}

}  // namespace servesim::perf
