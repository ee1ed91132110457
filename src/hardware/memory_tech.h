// A memory tier described by its parts instead of its datasheet bandwidth: HBM stacks, 3D DRAM
// stacked on logic, DDR5/LPDDR5 DIMMs and CXL memory. Closed forms:
//   peak bandwidth   B = units · layers · banks · io_width · data_rate / 8      (bytes/s)
//     (units: stacks or DIMMs; for a DIMM "banks" are the channels and io_width a channel's bits)
//   access time      t = tRCD + tCAS + tRP + t_s, t_s = BL · N_cmd / data_rate,
//                    N_cmd = page / (io·BL/8) (LaMoSys3.5D §V-C: one activation per page)
//   row efficiency   with n banks taking turns on one I/O port, the others' activations hide
//                    behind one bank's transfer: min(1, n·t_s / t, t_s / tRRD, 4·t_s / tFAW)
//                    (bank interleaving; JEDEC ACT-to-ACT and four-activate window limits)
//   refresh          overhead = tRFC / tREFI(T), tREFI halving for every 10 °C above 85 °C (JEDEC)
//   effective        B_eff = B · row efficiency · (1 − refresh overhead)
//   energy per byte  the sum of the paths a byte takes: cell, column path, TSV, interposer, and
//                    off-package I/O (AttAcc's HBM3 breakdown; FGDRAM, MICRO'17)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/fields.h"
#include "core/units.h"

namespace servesim::hardware {

struct DramTiming {
  core::Seconds tRCD{}, tCAS{}, tRP{};
  core::Seconds tRFC{}, tREFI{};
  std::int64_t burst_length = 8;
  core::Seconds tRRD{}, tFAW{};  // activation-rate limits per I/O port (0: none)
};

/// Energy per byte along each part of the path from cell to compute die.
struct MemoryPathEnergy {
  core::JoulesPerByte cell{}, column{}, tsv{}, interposer{}, off_package{};
  [[nodiscard]] core::JoulesPerByte total() const {
    return cell + column + tsv + interposer + off_package;
  }
};

struct MemoryTechnology {
  std::string kind;            // "hbm3", "3d-dram", "ddr5-dimm", "lpddr5", "cxl"
  std::int64_t units = 1;      // stacks or DIMMs
  std::int64_t layers = 1;     // DRAM dies per stack (1 for a DIMM)
  std::int64_t banks = 1;      // independently streaming banks (channels for a DIMM) per layer
  std::int64_t io_width_bits = 64;
  std::int64_t interleave = 1; // banks that take turns on one I/O port (bank group)
  core::Hertz data_rate{};     // transfers per second per pin
  core::Bytes page{};          // row buffer per bank
  core::Bytes capacity{};      // all units together
  DramTiming timing;
  core::Kelvin temperature = core::celsius(65);
  MemoryPathEnergy energy;
};

core::BytesPerSecond peak_bandwidth(const MemoryTechnology& m);
/// tREFI at a temperature: halves for every started 10 °C above 85 °C.
core::Seconds refresh_interval(const DramTiming& t, core::Kelvin temperature);
/// Fraction of time a bank is refreshing: tRFC / tREFI(T).
double refresh_overhead(const DramTiming& t, core::Kelvin temperature);
/// Fraction of a port's time spent moving data when whole pages are streamed, with `interleave`
/// banks overlapping their activations (see the header).
double row_efficiency(const MemoryTechnology& m);
core::BytesPerSecond effective_bandwidth(const MemoryTechnology& m);

/// The fields of a `memory.technology` mapping (see docs/hardware.md). Every timing and energy
/// field carries a unit.
const core::FieldSet<MemoryTechnology>& memory_technology_fields();

}  // namespace servesim::hardware
