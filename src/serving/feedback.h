// How another model (a thermal one) steers the devices while a serving run goes on. Unlike a
// SimulationObserver, which only watches, an OperatingPointFeedback answers: at the end of every
// operating window (times k · operating_window(), k = 1, 2, ...) the engine asks it, for each
// replica in index order, for the replica's operating point, given the point the replica runs at
// and its average power per component over the window just closed (power_accountant.h). A new
// point takes effect from the replica's next step (a step in progress keeps its price): the
// clock scales the device's compute peaks, the DRAM temperature its refresh overhead and so its
// effective bandwidth (perf::StepModel::set_operating_point).
// Contract: the engine calls between_steps with non-decreasing times, and only while the run
// still has events to process; returning `current` leaves the run exactly as without feedback.
#pragma once

#include <cstdint>

#include "core/units.h"
#include "perf/step_model.h"
#include "serving/observer.h"

namespace servesim::serving {

using OperatingPoint = hardware::OperatingPoint;

struct FeedbackContext {
  std::int64_t replica = 0;
  Seconds now{};                    // the end of the window
  OperatingPoint current;           // what the replica runs at now
  PowerByComponent recent_power{};  // the replica's average power over the window
};

class OperatingPointFeedback {
 public:
  virtual ~OperatingPointFeedback() = default;
  /// The window's length. Contract: positive and finite.
  [[nodiscard]] virtual Seconds operating_window() const = 0;
  /// The replica's operating point from its next step on. Contract (of the answer): 0 <
  /// compute_clock_scale <= 1.
  virtual OperatingPoint between_steps(const FeedbackContext& context) = 0;
};

}  // namespace servesim::serving
