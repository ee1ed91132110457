// Workload construction: trace files through the reader registry, shipped traces, ServeGen
// descriptors and synthetic generators (generators.h), and the rate-scale / max-requests /
// duration filters.
#include "serving/workload.h"

#include <filesystem>
#include <fstream>

#include "core/diagnostics.h"
#include "serving/generators.h"
#include "serving/servegen_source.h"
#include "serving/shipped_data.h"

namespace servesim::serving {
namespace {

// Applies --rate-scale, --max-requests and --duration to any source.
class FilteredSource : public RequestSource {
 public:
  FilteredSource(std::unique_ptr<RequestSource> inner, const WorkloadOptions& o)
      : inner_(std::move(inner)), options_(o) {}

  std::optional<Request> next() override {
    if (options_.max_requests && produced_ >= *options_.max_requests) return std::nullopt;
    auto r = inner_->next();
    if (!r) return std::nullopt;
    r->arrival = r->arrival / options_.rate_scale;
    if (options_.duration && r->arrival > *options_.duration) return std::nullopt;
    ++produced_;
    return r;
  }
  [[nodiscard]] std::int64_t skipped_rows() const override { return inner_->skipped_rows(); }

 private:
  std::unique_ptr<RequestSource> inner_;
  WorkloadOptions options_;
  std::int64_t produced_ = 0;
};

}  // namespace

void apply_options(Workload& w, const WorkloadOptions& options) {
  w.source = std::make_unique<FilteredSource>(std::move(w.source), options);
}

Workload open_workload(const std::string& trace_or_spec, const WorkloadOptions& options) {
  if (!(options.rate_scale > 0)) {
    throw core::InputError("<scenario>", "workload.rate_scale", "must be > 0");
  }
  Workload w;
  std::error_code ec;
  const std::string file = std::filesystem::is_regular_file(trace_or_spec, ec)
                               ? trace_or_spec
                           : options.data != nullptr
                               ? shipped_trace_path(trace_or_spec, *options.data).value_or("")
                               : "";
  const std::string servegen_prefix = "servegen:";
  if (!file.empty()) {
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    for (const auto& entry : trace_readers().entries()) {
      if (entry.value.recognises(file, first)) {
        w.source = entry.value.open(file, options.skip_bad_rows);
        w.description = trace_or_spec + " (" + entry.name + ")";
        break;
      }
    }
    if (!w.source) {
      throw core::InputError(file, "", "unrecognised trace format",
                             "supported: " + trace_readers().joined_names() +
                                 " (see servesim list traces)");
    }
  } else if (trace_or_spec.rfind(servegen_prefix, 0) == 0) {
    w.source = open_servegen(trace_or_spec.substr(servegen_prefix.size()), options.seed);
    w.description = trace_or_spec + " (ServeGen descriptor)";
  } else if (trace_or_spec.find(':') != std::string::npos) {
    return open_synthetic(parse_synthetic(trace_or_spec, "<scenario>", "workload.generator"),
                          options);
  } else {
    const std::string near = core::closest_match(trace_or_spec, shipped_traces().names());
    throw core::InputError(trace_or_spec, "", "no such trace file or shipped trace",
                           (near.empty() ? "" : "did you mean '" + near + "'? ") +
                               "give a trace path, a shipped trace (" +
                               shipped_traces().joined_names() +
                               ") or a spec such as poisson:rate=4,requests=1000");
  }
  apply_options(w, options);
  return w;
}

}  // namespace servesim::serving
