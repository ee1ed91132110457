// Where the points of a batch are evaluated: on this machine's threads, or spread over MPI ranks
// (dse/mpi_executor.h). Either way the records come back in task order and each equals what
// Evaluator::evaluate gives for its task, so a search's results do not depend on the split.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "dse/evaluator.h"

namespace servesim::dse {

struct Task {
  Point point;
  scenario::Fidelity fidelity = scenario::Fidelity::estimate;
};

/// Told of each finished task (its index in the batch and its record), one call at a time, as
/// soon as the executor has it: a search stores finished work while the batch still runs.
using RecordSink = std::function<void(std::size_t index, const Record& record)>;

class Executor {
 public:
  virtual ~Executor() = default;
  /// Evaluates every task; the records in task order. `on_done` (may be empty) is told of every
  /// task once, before run returns.
  virtual std::vector<Record> run(const std::vector<Task>& tasks, const RecordSink& on_done) = 0;
};

/// Up to `threads` threads of this process, each taking the next task; `on_done` is told of each
/// task when it finishes.
class ThreadExecutor : public Executor {
 public:
  /// Contract: `evaluator` outlives the executor; threads >= 1.
  ThreadExecutor(const Evaluator& evaluator, int threads)
      : evaluator_(evaluator), threads_(threads) {}
  std::vector<Record> run(const std::vector<Task>& tasks, const RecordSink& on_done) override;

 private:
  const Evaluator& evaluator_;
  int threads_;
};

}  // namespace servesim::dse
