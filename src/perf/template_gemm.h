// GEMM cost on a parametric accelerator (hardware/compute_template.h). Compute:
//   systolic: the stationary operand is cut into rows×cols folds that run in waves over all
//     arrays; each fold streams the temporal dimension T through and costs T + rows + cols cycles
//     (fill and drain; the next fold's stationary operand is preloaded behind the current one).
//     Stationary × temporal, after SCALE-Sim (Samajdar et al., ISPASS'20): weight-stationary
//     K×N × M, output-stationary M×N × K, input-stationary K×M × N. For M < rows a partitioned
//     (weight-stationary) array splits into base arrays of base_rows × cols, which costs
//     M + base_rows + cols per tile over rows/base_rows times as many arrays (LaMoSys §IV-D).
//   MAC tree: the trees split the output columns, so FLOPs run at the trees' full peak even for
//     one token; the weights stream from DRAM once per pass of up to `trees` tokens.
// DRAM traffic of the systolic engine: the fewest bytes among the reuse policies that fit the
// global buffer (LaMoSys3.5D §V-A): all-reuse (A, W and O fit), weight reuse (a K×Tn weight block
// stays; A is re-read N/Tn times), input reuse (a Tm×K block of A stays; W re-read M/Tm times),
// output reuse (a Tm×Tn output tile stays; both re-read). The faster engine is used, as a
// heterogeneous-dataflow design (ADOR) would map the operator; between equally fast
// (memory-bound) engines, the one that computes least.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/units.h"
#include "hardware/device.h"

namespace servesim::perf {

struct TemplateGemm {
  core::Seconds compute{};  // at the device's calibrated peak fraction
  core::Bytes traffic{};    // DRAM bytes
  std::string_view engine;  // "systolic", "partitioned", "mac_tree"
};

/// Contract: device.compute_template is set. `element_bytes`: bytes per weight/activation
/// element; `eight_bit`: the format runs at twice the 16-bit rate.
TemplateGemm template_gemm(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t groups,
                           double element_bytes, bool eight_bit,
                           const hardware::Device& device);

}  // namespace servesim::perf
