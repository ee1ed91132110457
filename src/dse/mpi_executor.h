// A search spread over MPI ranks (`mpirun -n K servesim explore SPACE`): rank 0 runs the search,
// its store and its outputs and hands each batch to every rank; every rank, rank 0 included,
// evaluates the tasks i with i mod K equal to its rank (on its own threads), and rank 0 gathers
// the records back into task order. The records are exactly those one process gives (they travel
// as JSON with doubles in round-trip form), so a search's results do not depend on K.
#pragma once

#include "dse/executor.h"

namespace servesim::dse {

/// MPI_Init and MPI_Finalize around the life of this object.
class MpiSession {
 public:
  /// Whether this process was started by an MPI launcher (mpirun sets OMPI_COMM_WORLD_SIZE or
  /// PMI_SIZE); only then is a session opened.
  static bool launched();
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

 private:
  int rank_ = 0, size_ = 1;
};

/// The executor of rank 0. Contract: every other rank runs serve_mpi_worker meanwhile; the
/// destructor releases them.
class MpiExecutor : public Executor {
 public:
  MpiExecutor(const Evaluator& evaluator, const MpiSession& session, int threads_per_rank);
  ~MpiExecutor() override;
  MpiExecutor(const MpiExecutor&) = delete;
  MpiExecutor& operator=(const MpiExecutor&) = delete;
  /// `on_done` is told of the batch's records once they are gathered (ranks report per batch).
  std::vector<Record> run(const std::vector<Task>& tasks, const RecordSink& on_done) override;

 private:
  const Evaluator& evaluator_;
  const MpiSession& session_;
  int threads_;
};

/// The loop of ranks 1..K-1: evaluate this rank's share of every batch rank 0 hands out, until
/// rank 0's executor is released.
void serve_mpi_worker(const Evaluator& evaluator, const MpiSession& session, int threads_per_rank);

}  // namespace servesim::dse
