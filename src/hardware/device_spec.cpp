// Device file schema, loader and what-ifs (see device_spec.h, configs/devices/*.yaml and
// docs/config-reference.md).
#include "hardware/device_spec.h"

#include <cmath>

#include <fmt/format.h>

namespace servesim::hardware {
namespace {

using core::FieldSet;
using core::Need;
using core::Range;
using core::Report;

// A mapping from format name (fp16, bf16, ...) to a value of each format.
template <class Q>
FieldSet<PerDType<Q>> per_dtype(Range range) {
  FieldSet<PerDType<Q>> fields;
  for (int i = 0; i < kDTypeCount; ++i) {
    const std::string name(core::to_string(static_cast<core::DType>(i)));
    fields.quantity(name, [i](PerDType<Q>& a) -> Q& { return a[static_cast<std::size_t>(i)]; },
                    Need::optional, range);
  }
  return fields;
}

const FieldSet<ComputeSpec>& compute_fields() {
  static const FieldSet<PerDType<core::FlopsPerSecond>> peak =
      per_dtype<core::FlopsPerSecond>(Range::positive);
  static const FieldSet<PerDType<core::JoulesPerFlop>> energy =
      per_dtype<core::JoulesPerFlop>(Range::positive);
  const auto datasheet = [](const ComputeSpec& c) { return !c.compute_template; };
  const char* derived =
      "is derived from compute.template: give either the template or the datasheet values";
  static const FieldSet<ComputeSpec> fields =
      FieldSet<ComputeSpec>()
          .group("template", &ComputeSpec::compute_template, compute_template_fields())
          .integer("units", &ComputeSpec::units).when(datasheet, derived)
          .group("peak", &ComputeSpec::peak, peak).when(datasheet, derived)
          .group("energy", &ComputeSpec::energy, energy)
          .check([](const ComputeSpec& c, const Report& report) {
            const auto bf16 = static_cast<std::size_t>(index_of(core::DType::bf16));
            const auto fp16 = static_cast<std::size_t>(index_of(core::DType::fp16));
            if (!c.compute_template && c.peak[bf16].value() <= 0 && c.peak[fp16].value() <= 0) {
              report("peak", "needs a peak for fp16 or bf16", "add compute.peak.bf16: \"...TFLOPS\"");
            }
            if (c.compute_template) {
              const double p = c.compute_template->matrix_peak().value();
              if (!std::isfinite(p) || p <= 0) {
                report("template", "gives no finite compute peak",
                       "check rows, cols, cores and frequency");
              }
            }
          });
  return fields;
}

const FieldSet<MemorySpec>& memory_fields() {
  const auto datasheet = [](const MemorySpec& m) { return !m.technology; };
  const char* derived =
      "is derived from memory.technology: give either the parts (technology) or the datasheet "
      "values";
  static const FieldSet<MemorySpec> fields =
      FieldSet<MemorySpec>()
          .text("kind", &MemorySpec::kind)
          .group("technology", &MemorySpec::technology, memory_technology_fields())
          .quantity("capacity", &MemorySpec::capacity).when(datasheet, derived)
          .quantity("bandwidth", &MemorySpec::bandwidth).when(datasheet, derived)
          .quantity("energy", &MemorySpec::energy).when(datasheet, derived)
          .quantity("l2", &MemorySpec::l2)
          .group("pim", &MemorySpec::pim, pim_fields())
          .check([](const MemorySpec& m, const Report& report) {
            if (m.technology) return;
            for (const auto& [key, given] : {std::pair{"capacity", m.capacity.has_value()},
                                            std::pair{"bandwidth", m.bandwidth.has_value()},
                                            std::pair{"energy", m.energy.has_value()}}) {
              if (!given) {
                report(key, "is required but missing",
                       "give the datasheet value or describe the memory by its parts "
                       "(memory.technology)");
              }
            }
          });
  return fields;
}

const FieldSet<Calibration>& calibration_fields() {
  static const FieldSet<PerDType<double>> by_format = [] {
    FieldSet<PerDType<double>> f;
    for (int i = 0; i < kDTypeCount; ++i) {
      const std::string name(core::to_string(static_cast<core::DType>(i)));
      f.number(name, [i](PerDType<double>& a) -> double& { return a[static_cast<std::size_t>(i)]; },
               Need::optional, Range::fraction);
    }
    return f;
  }();
  static const FieldSet<Calibration> fields =
      FieldSet<Calibration>()
          .number("gemm_peak_fraction", &Calibration::gemm_peak_fraction, Need::required,
                  Range::fraction)
          .group("gemm_peak_fraction_by_format", &Calibration::gemm_peak_fraction_by_format,
                 by_format, Need::optional)
          .integer("gemm_tile_m", &Calibration::gemm_tile_m)
          .integer("gemm_tile_n", &Calibration::gemm_tile_n)
          .number("gemm_k_overhead", &Calibration::gemm_k_overhead, Need::required,
                  Range::non_negative)
          .number("memory_efficiency", &Calibration::memory_efficiency, Need::required,
                  Range::fraction)
          .number("attention_peak_fraction", &Calibration::attention_peak_fraction,
                  Need::required, Range::fraction)
          .number("attention_decode_efficiency", &Calibration::attention_decode_efficiency,
                  Need::optional, Range::fraction)
          .number("attention_decode_sequence_tokens",
                  &Calibration::attention_decode_sequence_tokens, Need::optional,
                  Range::non_negative)
          .quantity("kernel_overhead", &Calibration::kernel_overhead, Need::required,
                    Range::non_negative)
          .quantity("nccl_call_overhead", &Calibration::nccl_call_overhead, Need::optional,
                    Range::non_negative)
          .quantity("custom_all_reduce_overhead", &Calibration::custom_all_reduce_overhead,
                    Need::optional, Range::non_negative)
          .check([](const Calibration& c, const Report& report) {
            if (c.attention_decode_sequence_tokens > 0 && c.attention_decode_efficiency <= 0) {
              report("attention_decode_sequence_tokens", "needs attention_decode_efficiency",
                     "give decode attention's own bandwidth fraction, e.g. 0.9");
            }
          });
  return fields;
}

// The rules across sections: what a derived TDP and a derived cost need, idle below TDP.
void check_device(const DeviceSpec& d, const Report& report) {
  if (!d.power.tdp && !d.compute.compute_template) {
    report("power.tdp", "is required for a device without compute.template",
           "give the datasheet TDP, e.g. tdp: \"700 W\"");
  }
  if (d.power.tdp && d.power.idle > *d.power.tdp) report("power.idle", "exceeds power.tdp", "");
  if (d.cost && d.cost->process_node && (!d.compute.compute_template || !d.memory.technology)) {
    report("cost.process_node", "needs compute.template and memory.technology",
           "the area is derived from the engines, SRAM and memory interface they describe");
  }
}

}  // namespace

double Calibration::gemm_fraction(core::DType format) const {
  const double f = gemm_peak_fraction_by_format[static_cast<std::size_t>(index_of(format))];
  return f > 0 ? f : gemm_peak_fraction;
}

const core::FieldSet<DeviceSpec>& device_fields() {
  static const FieldSet<PowerSpec> power =
      FieldSet<PowerSpec>()
          .quantity("tdp", &PowerSpec::tdp)
          .quantity("idle", &PowerSpec::idle, Need::required, Range::non_negative);
  static const FieldSet<LinksSpec> links =
      FieldSet<LinksSpec>()
          .integer("max_devices_per_node", &LinksSpec::max_devices_per_node)
          .group("scale_up", &LinksSpec::scale_up, link_fields())
          .group("scale_out", &LinksSpec::scale_out, link_fields())
          .group("host", &LinksSpec::host, link_fields());
  static const FieldSet<CostSpec> cost =
      FieldSet<CostSpec>()
          .quantity("die_area", &CostSpec::die_area)
          .quantity("price", &CostSpec::price)
          .text("process_node", &CostSpec::process_node)
          .number("gross_margin", &CostSpec::gross_margin, Need::optional, Range::non_negative)
          .text("source", &CostSpec::source, Need::optional)
          .check([](const CostSpec& c, const Report& report) {
            if (c.gross_margin >= 1) {
              report("gross_margin", "must be below 1", "e.g. 0.6 for a 60% margin");
            }
          });
  static const FieldSet<DeviceSpec> fields =
      FieldSet<DeviceSpec>()
          .text("name", &DeviceSpec::name)
          .text("description", &DeviceSpec::description, Need::optional)
          .text("source", &DeviceSpec::source)
          .group("compute", &DeviceSpec::compute, compute_fields())
          .group("memory", &DeviceSpec::memory, memory_fields())
          .group("power", &DeviceSpec::power, power)
          .group("links", &DeviceSpec::links, links)
          .group("cost", &DeviceSpec::cost, cost)
          .group("calibration", &DeviceSpec::calibration, calibration_fields())
          .check(check_device);
  return fields;
}

namespace {

// Files a device may refine in a chain (`extends:`) before it is taken for a cycle.
constexpr int kMaxExtendsDepth = 8;

// The device document with every `extends:` ancestor laid beneath it.
core::ConfigDocument load_device_document(const std::string& file, const core::DataRoot& root,
                                          int depth) {
  auto doc = core::ConfigDocument::load(file);
  if (auto base = doc.take_extends()) {
    if (depth >= kMaxExtendsDepth) {
      throw core::InputError(file, "extends",
                             fmt::format("more than {} files refine each other", kMaxExtendsDepth),
                             "a device file cannot extend itself, directly or through others");
    }
    const std::string base_file = root.require(*base, "devices", ".yaml", "device");
    doc.lay_over(load_device_document(base_file, root, depth + 1));
  }
  return doc;
}

}  // namespace

DeviceSpec load_device(const std::string& name_or_path, const core::DataRoot& root) {
  const std::string file = root.require(name_or_path, "devices", ".yaml", "device");
  DeviceSpec d = core::read_document(load_device_document(file, root, 0), [](core::ConfigNode& node) {
    DeviceSpec read;
    device_fields().read(node, read);
    return read;
  });
  d.origin = file;
  return d;
}

void set_device_field(DeviceSpec& spec, const std::string& path, const std::string& value,
                      core::Diagnostics& diag, const std::string& field) {
  device_fields().set(spec, path, value, diag, field);
}

void apply_device_edits(DeviceSpec& spec, const DeviceEdits& edits, const std::string& file,
                        const std::string& field) {
  if (edits.empty()) return;
  core::Diagnostics diag(file);
  for (const auto& [path, value] : edits) set_device_field(spec, path, value, diag, field);
  diag.throw_if_errors();
  std::string list;
  for (const auto& [path, value] : edits) list += (list.empty() ? "" : ", ") + path + "=" + value;
  spec.origin += " with " + list;
}

}  // namespace servesim::hardware
