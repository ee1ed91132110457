// Parametric compute engines (YAML parameters, not code), for accelerators that are not GPUs:
//   systolic  `cores` × `arrays_per_core` arrays of rows × cols PEs at `frequency`; `dataflow`
//             says which operand stays in the PEs (SCALE-Sim, Samajdar et al., ISPASS'20):
//             weight-stationary (a K×N weight tile holds while the M rows stream through; the
//             default), output-stationary (each PE accumulates one output while K streams) or
//             input-stationary (a K×M input tile holds while the N weight columns stream);
//             `base_rows` > 0 makes a weight-stationary array partitioned: it splits into base
//             arrays of base_rows × cols for skinny GEMMs (LaMoSys3.5D §IV-D); the global buffer
//             bounds the tiling (perf/template_gemm.h); `sram_per_core` counts in the area model;
//   mac_tree  `trees` adder trees of `width` MACs at `frequency`, fed by weights streamed straight
//             from DRAM without SRAM staging (ADOR / HyperAccel LPU decode dataflow);
//   vector    `count` vector units of `lanes` lanes at `frequency`, one operation per lane and
//             cycle: element-wise ops, norms and softmax run on them (perf/roofline.h).
// Peak: 2 FLOP per MAC per cycle in 16-bit formats, twice that in 8-bit ones, a quarter in fp32.
#pragma once

#include <cstdint>
#include <optional>

#include "core/fields.h"
#include "core/units.h"

namespace servesim::hardware {

/// Which operand stays in the PEs of a systolic array.
enum class Dataflow { weight_stationary, output_stationary, input_stationary };

struct SystolicTemplate {
  std::int64_t rows = 0, cols = 0;
  Dataflow dataflow = Dataflow::weight_stationary;
  std::int64_t arrays_per_core = 1;
  std::int64_t cores = 1;
  core::Hertz frequency{};
  std::int64_t base_rows = 0;  // partitioned array: rows of a base array (0: not partitioned)
  core::Bytes sram_per_core{};
  core::Bytes global_buffer{};

  [[nodiscard]] std::int64_t arrays() const { return cores * arrays_per_core; }
  /// Dense 16-bit peak of all arrays.
  [[nodiscard]] core::FlopsPerSecond peak() const {
    return core::FlopsPerSecond(2.0 * static_cast<double>(rows) * static_cast<double>(cols) *
                                static_cast<double>(cores) * static_cast<double>(arrays_per_core) *
                                frequency.value());
  }
};

struct MacTreeTemplate {
  std::int64_t width = 0;  // MACs per tree
  std::int64_t trees = 1;
  core::Hertz frequency{};

  [[nodiscard]] core::FlopsPerSecond peak() const {
    return core::FlopsPerSecond(2.0 * static_cast<double>(width) * static_cast<double>(trees) *
                                frequency.value());
  }
};

struct VectorTemplate {
  std::int64_t lanes = 0;
  std::int64_t count = 1;
  core::Hertz frequency{};

  [[nodiscard]] std::int64_t total_lanes() const { return lanes * count; }
  /// One operation (FLOP as the model counts them) per lane per cycle, in every format.
  [[nodiscard]] core::FlopsPerSecond peak() const {
    return core::FlopsPerSecond(static_cast<double>(total_lanes()) * frequency.value());
  }
};

struct ComputeTemplate {
  std::optional<SystolicTemplate> systolic;
  std::optional<MacTreeTemplate> mac_tree;
  std::optional<VectorTemplate> vector;

  /// MAC units of the matrix engines (systolic PEs and MAC-tree multipliers).
  [[nodiscard]] std::int64_t matrix_macs() const;
  /// Dense 16-bit peak of the matrix engines.
  [[nodiscard]] core::FlopsPerSecond matrix_peak() const;
  /// SRAM of the template: per-core SRAM of every core plus the global buffer.
  [[nodiscard]] core::Bytes sram() const;
};

/// Reads `compute.template`; errors go to the node's diagnostics (at least one matrix engine).
/// The fields of `compute.template` (docs/hardware.md).
const core::FieldSet<ComputeTemplate>& compute_template_fields();

}  // namespace servesim::hardware
