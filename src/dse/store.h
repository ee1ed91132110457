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

// One connection to the file: use a Store from one thread at a time (other processes may read
// the file meanwhile). After open, a failure of SQLite itself (disk full, I/O error, the file
// changed under it) is a std::runtime_error with SQLite's message: it is not bad input.
class Store {
 public:
  /// Opens the store at `file` for the space whose canonical text hashes to `space_hash`,
  /// creating it when absent (or an empty database). With `resume` false an existing store that
  /// holds results is an error; in any case it must belong to the same space. Throws
  /// core::InputError naming the file: cannot be opened, not an SQLite database, an SQLite
  /// database without the store's tables (left untouched), another schema version, another
  /// space's store, results without resuming.
  static Store open(const std::string& file, const std::string& space_hash, bool resume);

  /// A moved-from Store may only be assigned to or destroyed.
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  /// The stored outcome of `point` at `fidelity`, if any. A row changed outside servesim so that
  /// it cannot be read is a core::InputError naming the file and the row's column.
  [[nodiscard]] std::optional<Outcome> find(const Point& point, scenario::Fidelity fidelity) const;
  /// Adds `records` in one transaction (a record already stored at its fidelity is left as is):
  /// when it throws, none of them is stored.
  void put(const std::vector<Record>& records);
  /// The same for records held elsewhere (a batch still running), without copying them.
  void put(const std::vector<const Record*>& records);
  /// Every record, in the order they were first put, each equal to what was put (the metrics to
  /// the last bit, NaN as NaN). Unreadable rows as for find().
  [[nodiscard]] std::vector<Record> all() const;
  /// The number of records.
  [[nodiscard]] std::int64_t size() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace servesim::dse
