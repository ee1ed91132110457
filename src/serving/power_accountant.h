// Energy and power of a serving run by component (perf::EnergyComponent: compute, memory,
// links, PIM, idle). The engine reports, per replica and in time order, the intervals between
// its steps (idle power), its steps (the step's energy split by component) and the KV transfers
// it sends (link energy); the accountant
//   - sums the energy in the order reported, which is the run's energy (ServeSummary::energy_j),
//     and by component (ServeSummary::energy_by_component);
//   - streams each interval's power to the observers (SimulationObserver::on_power);
//   - tells a replica's average power per component over a recent window (what a thermal model
//     feeds on), counting a step in progress up to the window's end and a KV transfer in full
//     when it is sent.
// Contract: no allocation after construction.
#pragma once

#include <cstddef>
#include <vector>

#include "core/units.h"
#include "perf/step_model.h"
#include "serving/observer.h"

namespace servesim::serving {

/// A run's energy by component, in joules. `idle_j` is the devices' idle (static) power over the
/// whole run, under steps and between them; the other four are dynamic energy.
struct EnergyBreakdown {
  double compute_j = 0, memory_j = 0, link_j = 0, pim_j = 0, idle_j = 0;
  [[nodiscard]] double total_j() const { return compute_j + memory_j + link_j + pim_j + idle_j; }
};

class PowerAccountant {
 public:
  /// `idle_watts[r]`: replica r's idle power (all its devices). Samples go to `observers`.
  PowerAccountant(std::vector<core::Watts> idle_watts,
                  const std::vector<SimulationObserver*>& observers);

  /// From `at` on (the first arrival) every replica draws idle power between its intervals.
  void open(Seconds at);
  /// Replica `r` idles over [from, to] (nothing when to <= from). Contract: after open(); from
  /// is the end of the replica's previous interval or the open time.
  void idle(std::size_t r, Seconds from, Seconds to);
  /// Replica `r` is busy over [start, end] and spends `energy`, split as `split` (which sums to
  /// it up to rounding). Contract: start is the end of the replica's previous interval.
  void busy(std::size_t r, Seconds start, Seconds end, core::Joules energy,
            const perf::EnergyByComponent& split);
  /// Replica `r` sends a KV transfer whose links work over [start, end] for `energy`.
  void transfer(std::size_t r, Seconds start, Seconds end, core::Joules energy);

  /// Everything reported, summed in the order reported.
  [[nodiscard]] double energy_j() const { return energy_j_; }
  [[nodiscard]] EnergyBreakdown breakdown() const;

  /// Replica `r`'s average power per component from its previous call (from 0 at the first) to
  /// `now`; the previous average when no time has passed. Time after the replica's last reported
  /// interval counts as idle once open. Contract: `now` does not decrease and is
  /// not before the start of the replica's last busy interval.
  PowerByComponent recent_power(std::size_t r, Seconds now);

 private:
  struct Track {
    core::Watts idle_watts{};
    perf::EnergyByComponent energy{};  // reported so far (up to `horizon`, transfers in full)
    bool open = false;                 // draws idle power from `horizon` on
    Seconds horizon{};                 // end of the last idle or busy interval
    bool ends_busy = false;            // the last interval was a step:
    Seconds busy_start{};              //   its start
    perf::EnergyByComponent busy{};    //   and its energy
    Seconds mark{};                    // previous recent_power() call
    perf::EnergyByComponent at_mark{};
    PowerByComponent recent{};
  };
  /// Streams an interval's power to the observers.
  void sample(std::size_t r, Seconds start, Seconds end, const perf::EnergyByComponent& energy);
  [[nodiscard]] perf::EnergyByComponent energy_at(const Track& t, Seconds now) const;

  std::vector<Track> tracks_;
  const std::vector<SimulationObserver*>& observers_;
  double energy_j_ = 0;
};

}  // namespace servesim::serving
