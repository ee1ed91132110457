// A Chrome/Perfetto trace (JSON "traceEvents", opens in ui.perfetto.dev) written as the simulation
// runs: per replica, one slice per engine step with its batch composition; per request, queued /
// prefill / decode spans (async events keyed by request id); counters of KV blocks used, running
// and waiting requests, and power. Timestamps are microseconds of simulated time.
#pragma once

#include <ostream>

#include "serving/observer.h"

namespace servesim::report {

class PerfettoTraceWriter : public serving::SimulationObserver {
 public:
  explicit PerfettoTraceWriter(std::ostream& out);
  ~PerfettoTraceWriter() override;
  PerfettoTraceWriter(const PerfettoTraceWriter&) = delete;
  PerfettoTraceWriter& operator=(const PerfettoTraceWriter&) = delete;

  void on_step(const serving::StepRecord& step) override;
  void on_request_finished(const serving::RequestState& request) override;
  /// Closes the JSON document (also done by the destructor).
  void close();

 private:
  void event(const std::string& json);
  std::ostream& out_;
  bool first_ = true;
  bool closed_ = false;
  std::int64_t replicas_named_ = 0;
};

}  // namespace servesim::report
