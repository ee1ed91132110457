// The search driver with a scripted executor: finished work reaches the store while a batch still
// runs, and always as the finished prefix of the batch in task order.
#include "dse/explore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "dse/executor.h"
#include "support/shipped_hardware.h"
#include "support/temp_file.h"

namespace servesim::dse {
namespace {

// Evaluates a batch on this thread but tells its tasks out of order (the last first, then the
// rest, pausing longer than the driver's storing interval), noting the store's size after each.
class OutOfOrderExecutor : public Executor {
 public:
  OutOfOrderExecutor(const Evaluator& evaluator, const Store& store)
      : evaluator_(evaluator), store_(store) {}
  std::vector<Record> run(const std::vector<Task>& tasks, const RecordSink& on_done) override {
    std::vector<Record> records;
    for (const Task& t : tasks) records.push_back(evaluator_.evaluate(t.point, t.fidelity));
    if (records.size() < 3) return records;
    const std::size_t last = records.size() - 1;
    on_done(last, records[last]);
    stored_after.push_back(store_.all().size());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    for (std::size_t i = 0; i < last; ++i) {
      on_done(i, records[i]);
      stored_after.push_back(store_.all().size());
    }
    return records;
  }
  std::vector<std::size_t> stored_after;

 private:
  const Evaluator& evaluator_;
  const Store& store_;
};

TEST(Explore, FinishedWorkIsStoredWhileABatchRunsAsItsFinishedPrefix) {
  testing::TempFile file("space.yaml",
                         "name: four\n"
                         "base: {model: llama-3.1-8b, hardware: {system: \"h100-sxm-80g:1\"},\n"
                         "       batch: {size: 8, input: 256, output: 16}}\n"
                         "parameters: [{field: batch.size, values: [1, 2, 4, 8]}]\n"
                         "objectives: [{metric: output_tokens_per_s}]\n"
                         "fidelity: estimate\n");
  const Space space = load_space(file.path(), testing::root());
  const Evaluator evaluator(space, testing::environment());
  testing::TempFile db("store.sqlite", "");
  Store store = Store::open(db.path(), space.hash, true);
  OutOfOrderExecutor executor(evaluator, store);
  const ExploreResult result = explore(evaluator, executor, store, nullptr);
  // Task 3 alone is not a prefix: nothing stored. Task 0 a second later: stored at once. Tasks 1
  // and 2 within the second: held until the batch ends.
  EXPECT_EQ(executor.stored_after, (std::vector<std::size_t>{0, 1, 1, 1}));
  const std::vector<Record> stored = store.all();
  ASSERT_EQ(stored.size(), 4u);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].point, result.records[i].point) << i;
  }
}

}  // namespace
}  // namespace servesim::dse
