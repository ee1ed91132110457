// Shared setup for serving tests: a step model for a small deployment and a recording observer.
#pragma once

#include <map>
#include <set>
#include <string>

#include "hardware/system_spec.h"
#include "model/hf_config.h"
#include "serving/simulation.h"
#include "support/shipped_hardware.h"

namespace servesim::serving::testing {

inline perf::StepModel step_model(const char* model = "llama-3.1-8b",
                                  const char* system = "h100-sxm-80g:1", std::int64_t tp = 1) {
  return perf::StepModel(model::load_model(model, servesim::testing::root()), servesim::testing::system(system),
                         mapping::Plan{tp, 1}, model::StepOpsConfig{});
}

/// Records what the simulation reports, to check conservation and invariants.
class Recorder : public SimulationObserver {
 public:
  void on_step(const StepRecord& s) override {
    ++steps;
    max_kv_over_capacity = std::max(max_kv_over_capacity,
                                    static_cast<double>(s.kv_blocks_used) /
                                        static_cast<double>(s.kv_blocks_capacity));
    max_running = std::max(max_running, s.running);
    if (s.end < s.start) time_went_backwards = true;
  }
  void on_request_finished(const RequestState& r) override {
    if (!finished_ids.insert(r.request.id).second) ++finished_twice;
    output_tokens += r.generated;
    expected_output_tokens += r.request.output_tokens;
    if (r.first_token > r.finish || r.first_token < r.request.arrival) ++ttft_after_e2e;
    if (r.preemptions > 0) ++preempted_and_finished;
  }
  void on_request_rejected(const Request& r, const std::string& reason) override {
    rejected[reason]++;
    if (!finished_ids.insert(r.id).second) ++finished_twice;
  }

  std::int64_t steps = 0;
  double max_kv_over_capacity = 0;
  std::int64_t max_running = 0;
  bool time_went_backwards = false;
  std::set<std::int64_t> finished_ids;
  std::int64_t finished_twice = 0;
  std::int64_t output_tokens = 0;
  std::int64_t expected_output_tokens = 0;
  std::int64_t ttft_after_e2e = 0;
  std::int64_t preempted_and_finished = 0;
  std::map<std::string, std::int64_t> rejected;
};

}  // namespace servesim::serving::testing
