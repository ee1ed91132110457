// The results store of a search, in SQLite (one file): a row per evaluated point with its
// parameter levels, the hash of its resolved scenario, the fidelity, the metrics or the typed
// infeasibility and its reason, and the servesim version that computed it. Written in WAL mode,
// one transaction per batch, so a search killed at any moment keeps every batch it committed.
// A search resumes by replaying its strategy (dse/strategy.h: deterministic): each point it asks
// is looked up here first and evaluated only when absent, so nothing is evaluated twice and the
// finished store holds the same rows as an uninterrupted search's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dse/point.h"

namespace servesim::dse {

class Store {
 public:
  /// Opens the store at `file` for the space whose canonical text hashes to `space_hash`,
  /// creating it when absent. With `resume` false an existing store that holds results is an
  /// error; with `resume` true it must belong to the same space. Throws core::InputError naming
  /// the file (not a store, another space's results, results without --resume).
  static Store open(const std::string& file, const std::string& space_hash, bool resume);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  /// The stored outcome of `point` at `fidelity`, if any.
  [[nodiscard]] std::optional<Outcome> find(const Point& point, scenario::Fidelity fidelity) const;
  /// Adds `records` in one transaction (a record already stored at its fidelity is left as is).
  void put(const std::vector<Record>& records);
  /// Every record, in the order they were first put.
  [[nodiscard]] std::vector<Record> all() const;
  [[nodiscard]] std::int64_t size() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace servesim::dse
