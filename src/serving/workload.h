// Workloads: streams of requests in arrival order, from trace files (Azure LLM inference CSV,
// Mooncake JSONL, plain CSV) or synthetic specs. Streams are pulled one request at a time, so a
// million-request workload runs in bounded memory.
//
// Spec grammar (`--trace SPEC`): KIND:key=value,... with KIND one of
//   poisson   rate=R (req/s)                     Poisson arrivals
//   gamma     rate=R,cv=C                        Gamma inter-arrivals with coefficient of variation C
//   reasoning rate=R[,cv=C]                      Poisson (Gamma with cv) arrivals; lengths drawn
//                                                from the bundled ServeGen deepseek-r1 PMFs
//   offline                                      every request at t = 0
//   concurrency  n=N                             closed loop: N requests in flight
//   batch     n=N                                static batches of N (the next after all finish)
// and common keys requests=COUNT (default 1000), input=LEN, output=LEN, where LEN is a token count
// or uniform:A:B, exp:MEAN, lognormal:MEAN:CV. Besides specs, --trace takes a trace path, a
// shipped trace's short name (azure-conv, azure-code, mooncake-conv; shipped_data.h) or
// servegen:DIR, a ServeGen descriptor directory (servegen_source.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

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
};

struct Workload {
  std::unique_ptr<RequestSource> source;
  ArrivalMode mode = ArrivalMode::open;
  std::int64_t concurrency = 0;  // closed-loop N or static batch size
  std::string description;
};

/// A trace reader: opens a file of one format as a request stream.
struct TraceReader {
  std::function<bool(const std::string& filename, const std::string& first_line)> recognises;
  std::function<std::unique_ptr<RequestSource>(const std::string& filename, bool skip_bad_rows)>
      open;
};
const core::Registry<TraceReader>& trace_readers();

/// A synthetic workload: the kind (the grammar's KIND) and its parameters; absent lengths take
/// the kind's default (1024 input and 256 output tokens; the ServeGen PMFs for reasoning).
struct SyntheticSpec {
  std::string kind;
  std::optional<double> rate;     // requests per second (poisson, gamma, reasoning)
  std::optional<double> cv;       // inter-arrival coefficient of variation (gamma, reasoning)
  std::optional<std::int64_t> n;  // requests in flight (concurrency) or per batch (batch)
  std::int64_t requests = 1000;
  std::string input;              // LEN of the grammar; empty: the kind's default
  std::string output;
};

/// The first problem of a synthetic spec as (parameter, what is wrong), or nullopt: an unknown
/// kind, a parameter the kind does not take or lacks, a value out of range, a bad length.
std::optional<std::pair<std::string, std::string>> check_synthetic(const SyntheticSpec& spec);

/// Parses the grammar's KIND:key=value,... text. Throws core::InputError at `file`/`path`.
SyntheticSpec parse_synthetic(const std::string& text, const std::string& file,
                              const std::string& path);

/// The spec in the grammar (what a run reports as its workload).
std::string describe(const SyntheticSpec& spec);

/// Opens a synthetic workload. Contract: check_synthetic(spec) is nullopt.
Workload open_synthetic(const SyntheticSpec& spec, const WorkloadOptions& options);

/// Opens a trace file, shipped trace, ServeGen descriptor or synthetic spec text. Throws
/// core::InputError for a missing file, an unknown format, or a malformed spec or descriptor
/// (naming the file or key and what is expected).
Workload open_workload(const std::string& trace_or_spec, const WorkloadOptions& options);

/// Whether `text` is synthetic spec text (KIND:... with a synthetic KIND) rather than a trace.
bool is_synthetic_spec(const std::string& text);

}  // namespace servesim::serving
