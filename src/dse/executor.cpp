// Thread executor (see executor.h).
#include "dse/executor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace servesim::dse {

std::vector<Record> ThreadExecutor::run(const std::vector<Task>& tasks,
                                        const RecordSink& on_done) {
  std::vector<Record> records(tasks.size());
  std::vector<std::exception_ptr> errors(tasks.size());
  std::atomic<std::size_t> next{0};
  std::mutex telling;
  const auto work = [&] {
    for (std::size_t i = next++; i < tasks.size(); i = next++) {
      try {
        records[i] = evaluator_.evaluate(tasks[i].point, tasks[i].fidelity);
        if (on_done) {
          const std::lock_guard<std::mutex> one_at_a_time(telling);
          on_done(i, records[i]);
        }
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  const auto n = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads_)), tasks.size());
  for (std::size_t t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return records;
}

}  // namespace servesim::dse
