// Parametric compute engines (YAML parameters, not code), for accelerators that are not GPUs:
//   systolic  `cores` × `arrays_per_core` arrays of rows × cols PEs at `frequency`, weight-
//             stationary (a K×N weight tile sits in the array while the M rows stream through);
//             `base_rows` > 0 makes it a partitioned array that splits into base arrays of
//             base_rows × cols for skinny GEMMs (LaMoSys3.5D §IV-D); the global buffer bounds the
//             tiling (perf/template_gemm.h); `sram_per_core` is recorded for the area model;
//   mac_tree  `trees` adder trees of `width` MACs at `frequency`, fed by weights streamed straight
//             from DRAM without SRAM staging (ADOR / HyperAccel LPU decode dataflow).
// Peak: 2 FLOP per MAC per cycle in 16-bit formats, twice that in 8-bit ones, a quarter in fp32.
#pragma once

#include <cstdint>
#include <optional>

#include "core/config_node.h"
#include "core/units.h"

namespace servesim::hardware {

struct SystolicTemplate {
  std::int64_t rows = 0, cols = 0;
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

struct ComputeTemplate {
  std::optional<SystolicTemplate> systolic;
  std::optional<MacTreeTemplate> mac_tree;
};

/// Reads `compute.template`; errors go to the node's diagnostics (at least one engine needed).
ComputeTemplate parse_compute_template(core::ConfigNode& node);

}  // namespace servesim::hardware
