// The serving engine's pending events, popped in a deterministic order: by time, then by kind
// (KV transfers land before arrivals, arrivals before step ends, step ends before an operating
// window closes), then by key (the replica index of a step end, the sequence number of a
// transfer). An event's time may lie before the engine's clock (an arrival deferred while the
// queues were full); the engine's clock never goes back.
// Contract: push and pop are O(log n) and allocate only when the queue outgrows its largest size.
#pragma once

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "core/units.h"
#include "serving/request.h"

namespace servesim::serving {

/// In tie-break order at equal times.
enum class EventKind { kv_transfer_done, arrival, step_end, operating_window };

struct Event {
  core::Seconds time{};
  EventKind kind = EventKind::arrival;
  std::int64_t key = 0;  // replica index (step_end) or sequence number (kv_transfer_done)
  RequestState* request = nullptr;  // kv_transfer_done: the request whose KV lands

  /// Whether this event comes before `o`.
  [[nodiscard]] bool before(const Event& o) const {
    return std::tuple(time.value(), kind, key) < std::tuple(o.time.value(), o.kind, o.key);
  }
};

class EventQueue {
 public:
  void push(const Event& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  /// The first event. Contract: not empty().
  [[nodiscard]] const Event& top() const { return heap_.front(); }
  /// Removes and returns the first event. Contract: not empty().
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }

 private:
  static bool later(const Event& a, const Event& b) { return b.before(a); }
  std::vector<Event> heap_;  // a min-heap by Event::before
};

}  // namespace servesim::serving
