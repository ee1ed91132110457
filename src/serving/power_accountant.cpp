// Energy and power by component (see power_accountant.h).
#include "serving/power_accountant.h"

#include <algorithm>

namespace servesim::serving {

using perf::EnergyComponent;
using perf::index_of;

namespace {

constexpr int kIdle = index_of(EnergyComponent::idle);
constexpr int kLink = index_of(EnergyComponent::link);

}  // namespace

PowerAccountant::PowerAccountant(std::vector<core::Watts> idle_watts,
                                 const std::vector<SimulationObserver*>& observers)
    : tracks_(idle_watts.size()), observers_(observers) {
  for (std::size_t r = 0; r < tracks_.size(); ++r) tracks_[r].idle_watts = idle_watts[r];
}

void PowerAccountant::open(Seconds at) {
  for (Track& t : tracks_) {
    t.open = true;
    t.horizon = at;
  }
}

void PowerAccountant::sample(std::size_t r, Seconds start, Seconds end,
                             const perf::EnergyByComponent& energy) {
  const double seconds = (end - start).value();
  if (observers_.empty() || !(seconds > 0)) return;
  PowerSample s{static_cast<std::int64_t>(r), start, end, {}};
  for (int c = 0; c < perf::kEnergyComponentCount; ++c) {
    s.watts[c] = core::Watts(energy[c].value() / seconds);
  }
  for (auto* o : observers_) o->on_power(s);
}

void PowerAccountant::idle(std::size_t r, Seconds from, Seconds to) {
  Track& t = tracks_[r];
  const core::Joules energy(t.idle_watts.value() * std::max(0.0, (to - from).value()));
  energy_j_ += energy.value();
  t.energy[kIdle] += energy;
  t.horizon = core::max(t.horizon, to);
  t.ends_busy = false;
  if (!observers_.empty()) {
    perf::EnergyByComponent split{};
    split[kIdle] = energy;
    sample(r, from, to, split);
  }
}

void PowerAccountant::busy(std::size_t r, Seconds start, Seconds end, core::Joules energy,
                           const perf::EnergyByComponent& split) {
  energy_j_ += energy.value();
  Track& t = tracks_[r];
  for (int c = 0; c < perf::kEnergyComponentCount; ++c) t.energy[c] += split[c];
  t.horizon = end;
  t.ends_busy = end > start;
  t.busy_start = start;
  t.busy = split;
  sample(r, start, end, split);
}

void PowerAccountant::transfer(std::size_t r, Seconds start, Seconds end, core::Joules energy) {
  energy_j_ += energy.value();
  tracks_[r].energy[kLink] += energy;
  if (!observers_.empty()) {
    perf::EnergyByComponent split{};
    split[kLink] = energy;
    sample(r, start, end, split);
  }
}

EnergyBreakdown PowerAccountant::breakdown() const {
  perf::EnergyByComponent sum{};
  for (const Track& t : tracks_) {
    for (int c = 0; c < perf::kEnergyComponentCount; ++c) sum[c] += t.energy[c];
  }
  const auto j = [&](EnergyComponent c) { return sum[index_of(c)].value(); };
  return {j(EnergyComponent::compute), j(EnergyComponent::memory), j(EnergyComponent::link),
          j(EnergyComponent::pim), j(EnergyComponent::idle)};
}

perf::EnergyByComponent PowerAccountant::energy_at(const Track& t, Seconds now) const {
  perf::EnergyByComponent e = t.energy;
  if (!t.open) return e;
  if (now >= t.horizon) {
    e[kIdle] += t.idle_watts * (now - t.horizon);
  } else if (t.ends_busy) {
    // Take back the part of the step after `now`.
    const double after = (t.horizon - now).value() / (t.horizon - t.busy_start).value();
    for (int c = 0; c < perf::kEnergyComponentCount; ++c) e[c] -= t.busy[c] * after;
  }
  return e;
}

PowerByComponent PowerAccountant::recent_power(std::size_t r, Seconds now) {
  Track& t = tracks_[r];
  const double seconds = (now - t.mark).value();
  if (seconds <= 0) return t.recent;
  const perf::EnergyByComponent e = energy_at(t, now);
  for (int c = 0; c < perf::kEnergyComponentCount; ++c) {
    t.recent[c] = core::Watts((e[c] - t.at_mark[c]).value() / seconds);
  }
  t.mark = now;
  t.at_mark = e;
  return t.recent;
}

}  // namespace servesim::serving
