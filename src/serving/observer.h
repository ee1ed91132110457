// Cross-cutting outputs (Perfetto timeline, per-request CSV, progress) subscribe to simulation
// events through this interface; the simulation knows nothing about files.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/units.h"
#include "perf/step_model.h"
#include "serving/request.h"

namespace servesim::serving {

/// One engine step of one replica.
struct StepRecord {
  std::int64_t replica = 0;
  Seconds start{};
  Seconds end{};
  std::int64_t prefill_sequences = 0;
  std::int64_t prefill_tokens = 0;
  std::int64_t decode_sequences = 0;
  std::int64_t kv_blocks_used = 0;
  std::int64_t kv_blocks_capacity = 0;
  std::int64_t waiting = 0;
  std::int64_t running = 0;
  std::int64_t preemptions = 0;
  core::Watts power{};  // average over the step, all devices of the replica
};

/// Power per component, indexed by perf::EnergyComponent.
using PowerByComponent = std::array<core::Watts, perf::kEnergyComponentCount>;

/// What one replica draws over [start, end): a step (busy), the time between steps (idle), or a
/// KV transfer it sends (links only; it overlaps the replica's steps).
struct PowerSample {
  std::int64_t replica = 0;
  Seconds start{};
  Seconds end{};
  PowerByComponent watts{};
};

class SimulationObserver {
 public:
  virtual ~SimulationObserver() = default;
  virtual void on_step(const StepRecord& /*step*/) {}
  /// Every interval of positive length of every replica, in the order the engine records them
  /// (a replica's idle and busy intervals in time order; a transfer when it is sent). The
  /// integral of all samples' power is the run's energy.
  virtual void on_power(const PowerSample& /*sample*/) {}
  virtual void on_request_finished(const RequestState& /*request*/) {}
  virtual void on_request_rejected(const Request& /*request*/, const std::string& /*reason*/) {}
  /// Called about every 4096 steps with the requests finished and the total known so far.
  virtual void on_progress(std::int64_t /*finished*/, Seconds /*now*/) {}
};

}  // namespace servesim::serving
