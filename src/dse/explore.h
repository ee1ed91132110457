// A search: the space's strategy asks points, the executor evaluates those the store does not
// hold yet, the store keeps every record (so a killed search resumes without losing or repeating
// a point), and the strategy is told the results, until it stops. With successive fidelity the
// whole search runs on the screening fidelity and the best `keep` points are then evaluated again
// at the ranking fidelity. The result is every final-fidelity record, its Pareto front and the
// reference designs.
#pragma once

#include <chrono>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "dse/executor.h"
#include "dse/store.h"

namespace servesim::dse {

/// Where a search stands: after each batch, and about once a second while a batch runs.
struct Progress {
  std::int64_t asked = 0;      // points asked so far (repeats included; of a running batch, the
                               // ones already known or finished)
  std::int64_t budget = 0;     // points the phase asks at most (0: not known in advance)
  std::int64_t evaluated = 0;  // evaluations run in this process (not found in the store)
  std::int64_t acceptable = 0;
  double seconds = 0;          // since the search started
  std::string phase;           // "search", or "screen" then "rank"
  /// The best value of the first objective among acceptable points so far, in its metric's unit.
  std::optional<double> best;
};

class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  /// Called from the thread that runs the search or, while a batch runs, from the thread that
  /// finished a point (one call at a time).
  virtual void on_batch(const Progress& progress) = 0;
};

struct ReferenceResult {
  std::string name;
  Outcome outcome;
};

struct ExploreResult {
  std::vector<Record> records;     // at the space's (ranking) fidelity, in the order first asked
  std::vector<Record> screened;    // at the screening fidelity (successive fidelity only)
  std::vector<std::size_t> front;  // indices into `records`
  std::vector<ReferenceResult> references;
  std::int64_t evaluated = 0;      // evaluations run in this process
};

/// Runs the space's search. Throws core::InputError for a bad strategy parameter.
ExploreResult explore(const Evaluator& evaluator, Executor& executor, Store& store,
                      ProgressObserver* observer = nullptr);

}  // namespace servesim::dse
