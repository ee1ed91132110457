// Where the points of a batch are evaluated: on this machine's threads, or spread over MPI ranks
// (dse/mpi_executor.h). Either way the records come back in task order and each equals what
// Evaluator::evaluate gives for its task, so a search's results do not depend on the split.
#pragma once

#include <vector>

#include "dse/evaluator.h"

namespace servesim::dse {

struct Task {
  Point point;
  scenario::Fidelity fidelity = scenario::Fidelity::estimate;
};

class Executor {
 public:
  virtual ~Executor() = default;
  /// Evaluates every task; the records in task order.
  virtual std::vector<Record> run(const std::vector<Task>& tasks) = 0;
};

/// Up to `threads` threads of this process, each taking the next task.
class ThreadExecutor : public Executor {
 public:
  /// Contract: `evaluator` outlives the executor; threads >= 1.
  ThreadExecutor(const Evaluator& evaluator, int threads)
      : evaluator_(evaluator), threads_(threads) {}
  std::vector<Record> run(const std::vector<Task>& tasks) override;

 private:
  const Evaluator& evaluator_;
  int threads_;
};

}  // namespace servesim::dse
