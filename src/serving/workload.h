// Workloads: streams of requests in arrival order, from trace files (Azure LLM inference CSV,
// Mooncake JSONL, plain CSV; the trace_readers() registry) or synthetic generators
// (generators.h: KIND:key=value,... such as poisson:rate=4,requests=1000,input=exp:256). Streams
// are pulled one request at a time, so a million-request workload runs in bounded memory. Besides
// generator text, a workload is named by a trace path, a shipped trace's short name (azure-conv,
// azure-code, mooncake-conv; shipped_data.h) or servegen:DIR, a ServeGen descriptor directory
// (servegen_source.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/data_root.h"
#include "core/registry.h"
#include "serving/request.h"

namespace servesim::serving {

class RequestSource {
 public:
  virtual ~RequestSource() = default;
  /// The next request in arrival order, or nullopt when the stream ends. Throws core::InputError
  /// naming the file and line for a corrupt row, unless the source skips bad rows.
  virtual std::optional<Request> next() = 0;
  /// Rows skipped as corrupt.
  [[nodiscard]] virtual std::int64_t skipped_rows() const { return 0; }
};

enum class ArrivalMode { open, closed_loop, static_batches };

struct WorkloadOptions {
  double rate_scale = 1.0;                // arrival rate multiplier (inter-arrival times ÷ it)
  std::optional<std::int64_t> max_requests;
  std::optional<Seconds> duration;        // drop requests arriving after this time
  std::uint64_t seed = 1;
  bool skip_bad_rows = false;
  /// Where shipped traces and bundled descriptors live; null: only files given by path. Contract:
  /// outlives the call that opens the workload.
  const core::DataRoot* data = nullptr;
};

struct Workload {
  std::unique_ptr<RequestSource> source;
  ArrivalMode mode = ArrivalMode::open;
  std::int64_t concurrency = 0;  // closed-loop N or static batch size
  std::string description;
};

/// A trace reader: opens a file of one format as a request stream (one file per format under
/// serving/traces/).
struct TraceReader {
  std::function<bool(const std::string& filename, const std::string& first_line)> recognises;
  std::function<std::unique_ptr<RequestSource>(const std::string& filename, bool skip_bad_rows)>
      open;
};
const core::Registry<TraceReader>& trace_readers();

/// Applies the rate scale, request limit and duration of `options` to the workload's source.
void apply_options(Workload& workload, const WorkloadOptions& options);

/// Opens a trace file, shipped trace, ServeGen descriptor or synthetic spec text. Throws
/// core::InputError for a missing file, an unknown format, or a malformed spec or descriptor
/// (naming the file or key and what is expected).
Workload open_workload(const std::string& trace_or_spec, const WorkloadOptions& options);

}  // namespace servesim::serving
