// The search driver (see explore.h).
#include "dse/explore.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <pagmo/utils/multi_objective.hpp>

#include "dse/scoring.h"

namespace servesim::dse {
namespace {

using Key = std::pair<Point, scenario::Fidelity>;

// Stores a batch's records while it runs, so that a kill loses only the work of the last second
// or so: every kStoreEvery, the finished records that follow the stored ones in task order go
// into the store in one transaction. Storing in task order keeps the store's row order that of
// an uninterrupted search whatever the threads' timing. The records are the executor's (alive
// while it runs): nothing is copied.
class StoreAsFinished {
 public:
  StoreAsFinished(Store& store, std::size_t tasks) : store_(store), finished_(tasks, nullptr) {}
  /// Task `index` finished with `record` (one call at a time). Whether it stored (about once a
  /// second: the moment to report progress).
  bool finished(std::size_t index, const Record& record) {
    finished_[index] = &record;
    ++count_;
    if (std::chrono::steady_clock::now() - last_ < kStoreEvery) return false;
    store_finished_prefix();
    return true;
  }
  /// How many tasks have finished.
  [[nodiscard]] std::size_t count() const { return count_; }
  /// Stores what is not stored yet of the batch's records (all of them, as the executor
  /// returned them).
  void rest(const std::vector<Record>& records) {
    for (std::size_t i = stored_; i < records.size(); ++i) finished_[i] = &records[i];
    store_finished_prefix();
  }

 private:
  static constexpr std::chrono::seconds kStoreEvery{1};
  Store& store_;
  std::vector<const Record*> finished_;
  std::size_t stored_ = 0, count_ = 0;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();

  void store_finished_prefix() {
    std::vector<const Record*> ready;
    for (; stored_ < finished_.size() && finished_[stored_] != nullptr; ++stored_) {
      ready.push_back(finished_[stored_]);
    }
    if (!ready.empty()) store_.put(ready);
    last_ = std::chrono::steady_clock::now();
  }
};

class Search {
 public:
  Search(const Evaluator& evaluator, Executor& executor, Store& store, ProgressObserver* observer)
      : space_(evaluator.space()), executor_(executor), store_(store), observer_(observer),
        start_(std::chrono::steady_clock::now()) {
    for (Record& r : store_.all()) {
      Key key{r.point, r.outcome.fidelity};
      known_.emplace(std::move(key), std::move(r));
    }
  }

  // Records of `points` at `fidelity`: from the store, or evaluated (each missing point once) and
  // stored while the batch runs (see StoreAsFinished).
  std::vector<Record> batch(const std::vector<Point>& points, scenario::Fidelity fidelity,
                            const char* phase) {
    std::vector<Task> tasks;
    std::set<Point> queued;
    for (const Point& p : points) {
      if (known_.count({p, fidelity}) == 0 && queued.insert(p).second) {
        tasks.push_back({p, fidelity});
      }
    }
    StoreAsFinished storing(store_, tasks.size());
    const std::int64_t known = static_cast<std::int64_t>(points.size() - tasks.size());
    const Progress before = progress_;
    std::vector<Record> fresh = executor_.run(tasks, [&](std::size_t i, const Record& r) {
      if (!storing.finished(i, r)) return;
      const auto done = static_cast<std::int64_t>(storing.count());
      progress_.asked = before.asked + known + done;  // of this batch: the known and the finished
      report(evaluated_ + done, phase);
    });
    storing.rest(fresh);
    progress_.asked = before.asked;
    evaluated_ += static_cast<std::int64_t>(fresh.size());
    for (Record& r : fresh) {
      Key key{r.point, fidelity};
      known_.emplace(std::move(key), std::move(r));
    }
    std::vector<Record> out;
    for (const Point& p : points) {
      const Record& r = known_.at({p, fidelity});
      if (seen_.insert({p, fidelity}).second) {
        order_.push_back({p, fidelity});
        if (acceptable(space_, r.outcome)) {
          ++progress_.acceptable;
          note_best(r.outcome);
        }
      }
      out.push_back(r);
    }
    progress_.asked += static_cast<std::int64_t>(points.size());
    report(evaluated_, phase);
    return out;
  }

  // Every distinct record at `fidelity`, in the order first asked.
  [[nodiscard]] std::vector<Record> records_at(scenario::Fidelity fidelity) const {
    std::vector<Record> out;
    for (const Key& k : order_) {
      if (k.second == fidelity) out.push_back(known_.at(k));
    }
    return out;
  }

  [[nodiscard]] std::int64_t evaluated() const { return evaluated_; }
  /// A new phase: its budget, and the asked count from zero.
  void start_phase(std::int64_t budget) {
    progress_.asked = 0;
    progress_.budget = budget;
  }

 private:
  // Tells the observer how far the search is.
  void report(std::int64_t evaluated, const char* phase) {
    progress_.evaluated = evaluated;
    progress_.phase = phase;
    progress_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (observer_ != nullptr) observer_->on_batch(progress_);
  }

  void note_best(const Outcome& o) {
    const Objective& first = space_.objectives.front();
    const auto it = o.metrics.find(first.metric);
    if (it == o.metrics.end()) return;
    const bool better = !progress_.best || (first.goal == Better::higher ? it->second > *progress_.best
                                                                         : it->second < *progress_.best);
    if (better) progress_.best = it->second;
  }

  const Space& space_;
  Executor& executor_;
  Store& store_;
  ProgressObserver* observer_;
  std::chrono::steady_clock::time_point start_;
  std::map<Key, Record> known_;
  std::set<Key> seen_;
  std::vector<Key> order_;
  std::int64_t evaluated_ = 0;
  Progress progress_;
};

// The strategy's whole search at one fidelity.
void run_strategy(const Space& space, Search& search, scenario::Fidelity fidelity,
                  const char* phase) {
  const auto& entry = strategies().get(space.strategy.name, space.file, "strategy.name");
  const std::unique_ptr<Strategy> strategy = entry.value(space.strategy.params, space.shape());
  search.start_phase(strategy->budget().value_or(0));
  for (std::vector<Point> points = strategy->ask(); !points.empty(); points = strategy->ask()) {
    const std::vector<Record> records = search.batch(points, fidelity, phase);
    std::vector<Told> results;
    for (const Record& r : records) results.push_back(told(space, r.outcome));
    strategy->tell(points, results);
  }
}

// The best `keep` screened points: by Pareto rank, then crowding distance (pagmo's selection).
std::vector<Point> survivors(const Space& space, const std::vector<Record>& screened) {
  std::vector<Point> points;
  std::vector<pagmo::vector_double> vectors;
  for (const Record& r : screened) {
    if (!acceptable(space, r.outcome)) continue;
    if (auto v = objective_vector(space, r.outcome)) {
      points.push_back(r.point);
      vectors.push_back(std::move(*v));
    }
  }
  const auto keep = static_cast<std::size_t>(std::max<std::int64_t>(space.keep, 0));
  if (points.size() <= keep) return points;
  std::vector<pagmo::vector_double::size_type> best;
  if (space.objectives.size() == 1) {
    best.resize(points.size());
    for (std::size_t i = 0; i < best.size(); ++i) best[i] = i;
    std::stable_sort(best.begin(), best.end(),
                     [&](auto a, auto b) { return vectors[a][0] < vectors[b][0]; });
    best.resize(keep);
  } else {
    best = pagmo::select_best_N_mo(vectors, keep);
  }
  std::sort(best.begin(), best.end());
  std::vector<Point> out;
  for (const auto i : best) out.push_back(points[i]);
  return out;
}

constexpr std::size_t kRankBatch = 64;

}  // namespace

ExploreResult explore(const Evaluator& evaluator, Executor& executor, Store& store,
                      ProgressObserver* observer) {
  const Space& space = evaluator.space();
  Search search(evaluator, executor, store, observer);
  ExploreResult result;
  if (space.screen) {
    run_strategy(space, search, *space.screen, "screen");
    result.screened = search.records_at(*space.screen);
    const std::vector<Point> kept = survivors(space, result.screened);
    search.start_phase(static_cast<std::int64_t>(kept.size()));
    for (std::size_t i = 0; i < kept.size(); i += kRankBatch) {
      const std::vector<Point> part(kept.begin() + static_cast<std::ptrdiff_t>(i),
                                    kept.begin() + static_cast<std::ptrdiff_t>(
                                                       std::min(kept.size(), i + kRankBatch)));
      (void)search.batch(part, space.fidelity, "rank");
    }
  } else {
    run_strategy(space, search, space.fidelity, "search");
  }
  result.records = search.records_at(space.fidelity);
  result.front = pareto_front(space, result.records);
  for (const Reference& ref : space.references) {
    result.references.push_back({ref.name, evaluator.evaluate(ref.scenario, space.fidelity)});
  }
  result.evaluated = search.evaluated();
  return result;
}

}  // namespace servesim::dse
