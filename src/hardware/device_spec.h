// A device SKU as its file describes it (configs/devices/NAME.yaml): compute as datasheet peaks
// or as a template of engines; memory as datasheet figures or as its parts (a technology), with
// an optional PIM; power; the links it has; its cost or the process node to derive it from; and
// the calibrated efficiency factors of the perf model (each a fraction of a datasheet peak or a
// positive latency, with its source in the YAML). Nothing here is derived: hardware/device.h
// turns a spec into the peaks, bandwidth, power, area and price the perf model uses. SKUs are
// data, never code (DESIGN.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/data_root.h"
#include "core/dtype.h"
#include "core/fields.h"
#include "core/units.h"
#include "hardware/compute_template.h"
#include "hardware/link.h"
#include "hardware/memory_tech.h"
#include "hardware/pim.h"

namespace servesim::hardware {

inline constexpr int kDTypeCount = 6;
inline constexpr int index_of(core::DType t) { return static_cast<int>(t); }

/// One value per data type (indexed by index_of), 0 where the file gives none.
template <class Q>
using PerDType = std::array<Q, kDTypeCount>;

/// Fitted constants of the roofline model; see docs/validation.md for how each was fitted.
struct Calibration {
  double gemm_peak_fraction = 1.0;      // best sustained fraction of dense peak on large GEMMs
  PerDType<double> gemm_peak_fraction_by_format{};  // per format where it differs (0: the above)
  std::int64_t gemm_tile_m = 128;       // output tile of the GEMM kernels (wave quantisation)
  std::int64_t gemm_tile_n = 128;
  double gemm_k_overhead = 0.0;         // per-tile prologue/epilogue, in K elements at 16 bits
  double memory_efficiency = 1.0;       // fraction of memory bandwidth a streaming kernel reaches
  double attention_peak_fraction = 1.0; // flash-style prefill attention, fraction of peak
  /// Decode attention over a paged KV cache: the bandwidth fraction it reaches on long sequences,
  /// and the fixed work per sequence (loading the query, walking the page table, merging split
  /// partial results) in KV tokens it is worth; 0 and 0: as any streaming kernel.
  double attention_decode_efficiency = 0.0;
  double attention_decode_sequence_tokens = 0.0;
  core::Seconds kernel_overhead{};      // floor of every kernel: launch, prologue and tail
  core::Seconds nccl_call_overhead{};   // fixed cost of one NCCL collective call
  core::Seconds custom_all_reduce_overhead{};  // of one custom one-/two-shot all-reduce

  /// The sustained fraction of dense peak for GEMMs in `format`.
  [[nodiscard]] double gemm_fraction(core::DType format) const;
};

/// Either a template of engines (the peaks follow from it) or datasheet units and peaks.
struct ComputeSpec {
  std::optional<ComputeTemplate> compute_template;
  std::int64_t units = 1;                     // datasheet: SMs or CUs (wave quantisation)
  PerDType<core::FlopsPerSecond> peak{};      // datasheet: dense peak per format, 0 = none
  PerDType<core::JoulesPerFlop> energy{};     // per FLOP per format
};

/// Either datasheet figures or the memory's parts (capacity, bandwidth and energy follow).
struct MemorySpec {
  std::string kind;  // "HBM3", "3D-DRAM", ...
  std::optional<core::Bytes> capacity;
  std::optional<core::BytesPerSecond> bandwidth;
  std::optional<core::JoulesPerByte> energy;
  std::optional<MemoryTechnology> technology;
  core::Bytes l2{};
  std::optional<PimSpec> pim;  // processing-in-memory engines attention can run on
};

struct PowerSpec {
  std::optional<core::Watts> tdp;  // a template device may leave it to be derived
  core::Watts idle{};
};

/// The device's own links: its native scale-up fabric, its NIC and its host interface. A system
/// may wire the devices differently (hardware/system_spec.h); these are its defaults.
struct LinksSpec {
  std::int64_t max_devices_per_node = 1;
  LinkSpec scale_up, scale_out, host;
};

/// The economics of one device: given, or derived from a process node (hardware/area_model.h).
struct CostSpec {
  std::optional<core::Area> die_area;
  std::optional<core::Dollars> price;
  std::optional<std::string> process_node;
  double gross_margin = 0;  // [0, 1): price = manufacturing cost / (1 - margin)
  std::string source;
};

struct DeviceSpec {
  std::string name;
  std::string description;
  std::string source;
  ComputeSpec compute;
  MemorySpec memory;
  PowerSpec power;
  LinksSpec links;
  std::optional<CostSpec> cost;
  Calibration calibration;
  /// The file it came from, for messages about values derived from it.
  std::string origin;
};

/// Every field of a device file, declared once: the loader reads them and set_device_field()
/// changes one (docs/config-reference.md lists them).
const core::FieldSet<DeviceSpec>& device_fields();

/// Loads a shipped device name or a YAML path; throws core::InputError with every problem of the
/// file. A file may refine another with `extends: NAME` (its keys laid over the other's,
/// mappings merged key by key).
DeviceSpec load_device(const std::string& name_or_path, const core::DataRoot& root);

/// A what-if: changes the field at the dotted device path ("memory.bandwidth") to `value` (text
/// with its unit, as the file would hold it), checked as the file's value is. Problems go to
/// `diag` under `field` followed by the path (the scenario field that asked for the change).
void set_device_field(DeviceSpec& spec, const std::string& path, const std::string& value,
                      core::Diagnostics& diag, const std::string& field);

/// (path, value) edits applied in order to a device spec.
using DeviceEdits = std::vector<std::pair<std::string, std::string>>;

/// Applies `edits` with set_device_field; throws core::InputError (file `file`) with every
/// problem.
void apply_device_edits(DeviceSpec& spec, const DeviceEdits& edits, const std::string& file,
                        const std::string& field);

}  // namespace servesim::hardware
