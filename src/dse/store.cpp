// The results store in SQLite (see store.h). Schema version 1:
//   meta   (key, value): "schema_version" and "space_hash";
//   points (seq, point, fidelity, scenario_hash, infeasible, reason, metrics, version),
//          UNIQUE (point, fidelity), whose index serves find().
// `point` is the JSON array of levels ("[0,3,1]"), `metrics` a JSON object of numbers printed in
// their shortest round-trip form (nlohmann's dump), so every double reads back exactly; the
// non-finite values JSON cannot hold are the strings "inf", "-inf" and "nan".
#include "dse/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "core/diagnostics.h"
#include "scenario/version.h"

namespace servesim::dse {
namespace {

using nlohmann::json;

constexpr const char* kSchemaVersion = "1";

// Every infeasibility kind, to read their names back (scenario/evaluate.h only writes them);
// dse_tests stores every kind that scenario::to_string names, so a kind missing here fails it.
constexpr std::array kInfeasibilityKinds{
    scenario::InfeasibilityKind::invalid_mapping,     scenario::InfeasibilityKind::does_not_fit,
    scenario::InfeasibilityKind::exceeds_power,       scenario::InfeasibilityKind::exceeds_area,
    scenario::InfeasibilityKind::exceeds_temperature,
};
constexpr std::array kFidelities{scenario::Fidelity::estimate, scenario::Fidelity::simulate};

// Created when the file has no tables; a no-op on an existing store (whose meta rows stay).
constexpr const char* kCreateSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS points (
  seq           INTEGER PRIMARY KEY,  -- insertion order (rows are never deleted)
  point         TEXT NOT NULL,        -- JSON array of levels
  fidelity      TEXT NOT NULL,        -- scenario::to_string(Fidelity)
  scenario_hash TEXT NOT NULL,
  infeasible    TEXT,                 -- NULL when feasible, else scenario::to_string(kind)
  reason        TEXT NOT NULL,
  metrics       TEXT NOT NULL,        -- JSON object: metric name -> number
  version       TEXT NOT NULL,        -- the servesim that computed it
  UNIQUE (point, fidelity)
);
)sql";

struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

// Resets a statement (and drops its bindings) when it goes out of scope, even by an exception,
// so no statement keeps a read snapshot open between calls.
class Resetting {
 public:
  explicit Resetting(sqlite3_stmt* statement) : statement_(statement) {}
  ~Resetting() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  Resetting(const Resetting&) = delete;
  Resetting& operator=(const Resetting&) = delete;

 private:
  sqlite3_stmt* statement_;
};

std::string column_text(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
}

std::string encode_point(const Point& point) {
  return json(point).dump();
}

std::string encode_metrics(const std::map<std::string, double>& metrics) {
  json object = json::object();
  for (const auto& [name, value] : metrics) {
    if (std::isfinite(value)) {
      object[name] = value;
    } else {
      object[name] = std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf";
    }
  }
  return object.dump();
}

std::optional<Point> decode_point(const std::string& text) {
  const json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return std::nullopt;
  Point point;
  for (const json& level : parsed) {
    if (!level.is_number_integer()) return std::nullopt;
    point.push_back(level.get<std::int64_t>());
  }
  return point;
}

std::optional<std::map<std::string, double>> decode_metrics(const std::string& text) {
  const json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  std::map<std::string, double> metrics;
  for (const auto& [name, value] : parsed.items()) {
    if (value.is_number()) {
      metrics[name] = value.get<double>();
    } else if (value == "inf" || value == "-inf" || value == "nan") {
      metrics[name] = std::stod(value.get<std::string>());
    } else {
      return std::nullopt;
    }
  }
  return metrics;
}

std::optional<scenario::Fidelity> decode_fidelity(const std::string& text) {
  for (scenario::Fidelity fidelity : kFidelities) {
    if (text == scenario::to_string(fidelity)) return fidelity;
  }
  return std::nullopt;
}

std::optional<scenario::InfeasibilityKind> decode_kind(const std::string& text) {
  for (scenario::InfeasibilityKind kind : kInfeasibilityKinds) {
    if (text == scenario::to_string(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace

struct Store::Impl {
  std::string file;
  Database db;  // declared first: destroyed after the statements that use it
  Statement begin, commit, rollback, insert, find, all, count;

  explicit Impl(std::string path) : file(std::move(path)) {
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db.reset(raw);
    if (rc != SQLITE_OK) {
      throw core::InputError(file, "", std::string("cannot be opened: ") + sqlite3_errmsg(raw),
                             "check that its directory exists and is writable");
    }
    // Another process (a second reader, an MPI rank's writer) may hold the lock for a moment.
    sqlite3_busy_timeout(db.get(), 10'000);
  }

  [[noreturn]] void fail(const char* doing) const {
    throw std::runtime_error(file + ": SQLite error while " + doing + ": " +
                             sqlite3_errmsg(db.get()));
  }

  void exec(const char* sql, const char* doing) {
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(doing);
  }

  Statement prepare(const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
        SQLITE_OK) {
      fail("preparing a statement");
    }
    return Statement(raw);
  }

  /// Steps `statement` once: true for a row, false when done.
  bool step(sqlite3_stmt* statement, const char* doing) const {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(doing);
  }

  void bind(sqlite3_stmt* statement, int index, const std::string& text) const {
    if (sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
      fail("binding a value");
    }
  }

  /// The names of the file's tables. The first read of the file: it tells a database from any
  /// other file.
  std::vector<std::string> tables() {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(
        db.get(), "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &raw, nullptr);
    const Statement statement(raw);
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) {
      throw core::InputError(file, "",
                             std::string("is not a results store: ") + sqlite3_errmsg(db.get()),
                             "use another output directory");
    }
    if (rc != SQLITE_OK) fail("reading the tables");
    std::vector<std::string> names;
    while (step(statement.get(), "reading the tables")) {
      names.push_back(column_text(statement.get(), 0));
    }
    return names;
  }

  /// The metadata value of `key` ("" when absent).
  std::string meta(const char* key) {
    const Statement statement = prepare("SELECT value FROM meta WHERE key = ?1");
    bind(statement.get(), 1, key);
    return step(statement.get(), "reading the metadata") ? column_text(statement.get(), 0) : "";
  }

  /// Makes the file a store of `space_hash` when it has no tables, then checks that it is one.
  void claim(const std::string& space_hash, bool resume) {
    const std::vector<std::string> names = tables();
    const auto has = [&](const std::string& name) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    if (!names.empty() && !(has("meta") && has("points"))) {
      throw core::InputError(file, "",
                             "is an SQLite database but not a results store (it has no meta "
                             "and points tables)",
                             "use another output directory");
    }
    // WAL: a commit appends to the log and is atomic; readers never block the writer.
    // synchronous=NORMAL syncs the log only at checkpoints, not at every commit: a committed
    // transaction is in the log file (the OS's page cache) when COMMIT returns, so killing the
    // process (SIGKILL, OOM) never loses it; only an OS crash or power loss may roll back the
    // last transactions, never corrupt the file. FULL would fsync every batch of the search for
    // that case alone.
    exec("PRAGMA journal_mode = WAL", "switching to WAL mode");
    exec("PRAGMA synchronous = NORMAL", "setting the synchronous mode");

    exec("BEGIN IMMEDIATE", "creating the store");
    exec(kCreateSchema, "creating the store");
    const Statement insert_meta = prepare(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?1), "
        "('space_hash', ?2)");
    bind(insert_meta.get(), 1, kSchemaVersion);
    bind(insert_meta.get(), 2, space_hash);
    step(insert_meta.get(), "creating the store");
    exec("COMMIT", "creating the store");

    const std::string schema = meta("schema_version");
    if (schema != kSchemaVersion) {
      throw core::InputError(file, "",
                             "is a results store of schema version '" + schema +
                                 "'; this servesim reads version " + kSchemaVersion,
                             "use another output directory");
    }
    const std::string stored_space = meta("space_hash");
    if (stored_space != space_hash) {
      throw core::InputError(file, "",
                             "holds the results of another design space (space hash " +
                                 stored_space + ", this space's is " + space_hash + ")",
                             "use another output directory for this space");
    }
    begin = prepare("BEGIN IMMEDIATE");
    commit = prepare("COMMIT");
    rollback = prepare("ROLLBACK");
    insert = prepare(
        "INSERT OR IGNORE INTO points (point, fidelity, scenario_hash, infeasible, reason, "
        "metrics, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    find = prepare(
        "SELECT seq, infeasible, reason, metrics FROM points WHERE point = ?1 AND fidelity = ?2");
    all = prepare(
        "SELECT seq, infeasible, reason, metrics, point, fidelity, scenario_hash FROM points "
        "ORDER BY seq");
    count = prepare("SELECT count(*) FROM points");
    const std::int64_t rows = size();
    if (rows > 0 && !resume) {
      throw core::InputError(
          file, "",
          "already holds the results of " + std::to_string(rows) + " points of this search",
          "resume the search to continue it, or use another output directory");
    }
  }

  std::int64_t size() const {
    const Resetting reset(count.get());
    step(count.get(), "counting the points");
    return sqlite3_column_int64(count.get(), 0);
  }

  [[noreturn]] void malformed(std::int64_t seq, const char* column,
                              const std::string& value) const {
    throw core::InputError(file, "points[seq=" + std::to_string(seq) + "]." + column,
                           "cannot be read: '" + value + "'",
                           "the store was changed outside servesim; use another output directory");
  }

  /// The outcome in the columns seq, infeasible, reason, metrics of `statement`'s row.
  Outcome outcome(sqlite3_stmt* statement, scenario::Fidelity fidelity) const {
    const std::int64_t seq = sqlite3_column_int64(statement, 0);
    Outcome out;
    out.fidelity = fidelity;
    if (sqlite3_column_type(statement, 1) != SQLITE_NULL) {
      const std::string kind = column_text(statement, 1);
      out.infeasible = decode_kind(kind);
      if (!out.infeasible) malformed(seq, "infeasible", kind);
    }
    out.reason = column_text(statement, 2);
    const std::string metrics = column_text(statement, 3);
    std::optional<std::map<std::string, double>> decoded = decode_metrics(metrics);
    if (!decoded) malformed(seq, "metrics", metrics);
    out.metrics = std::move(*decoded);
    return out;
  }

  void put(const Record& record, const std::string& version) {
    const Resetting reset(insert.get());
    bind(insert.get(), 1, encode_point(record.point));
    bind(insert.get(), 2, scenario::to_string(record.outcome.fidelity));
    bind(insert.get(), 3, record.scenario_hash);
    if (record.outcome.infeasible) {
      bind(insert.get(), 4, scenario::to_string(*record.outcome.infeasible));
    }  // else NULL: unbound parameters are NULL
    bind(insert.get(), 5, record.outcome.reason);
    bind(insert.get(), 6, encode_metrics(record.outcome.metrics));
    bind(insert.get(), 7, version);
    step(insert.get(), "storing a point");
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& file, const std::string& space_hash, bool resume) {
  auto impl = std::make_unique<Impl>(file);
  impl->claim(space_hash, resume);
  return Store(std::move(impl));
}

std::optional<Outcome> Store::find(const Point& point, scenario::Fidelity fidelity) const {
  Impl& s = *impl_;
  const Resetting reset(s.find.get());
  s.bind(s.find.get(), 1, encode_point(point));
  s.bind(s.find.get(), 2, scenario::to_string(fidelity));
  if (!s.step(s.find.get(), "finding a point")) return std::nullopt;
  return s.outcome(s.find.get(), fidelity);
}

void Store::put(const std::vector<Record>& records) {
  std::vector<const Record*> all;
  all.reserve(records.size());
  for (const Record& r : records) all.push_back(&r);
  put(all);
}

void Store::put(const std::vector<const Record*>& records) {
  Impl& s = *impl_;
  const std::string version = scenario::version();
  {
    const Resetting reset(s.begin.get());
    s.step(s.begin.get(), "starting a transaction");
  }
  try {
    for (const Record* record : records) s.put(*record, version);
    const Resetting reset(s.commit.get());
    s.step(s.commit.get(), "committing points");
  } catch (...) {
    // The batch is all or nothing: undo its rows unless SQLite already rolled back.
    if (sqlite3_get_autocommit(s.db.get()) == 0) {
      const Resetting reset(s.rollback.get());
      sqlite3_step(s.rollback.get());
    }
    throw;
  }
}

std::vector<Record> Store::all() const {
  Impl& s = *impl_;
  const Resetting reset(s.all.get());
  std::vector<Record> records;
  while (s.step(s.all.get(), "reading the points")) {
    const std::int64_t seq = sqlite3_column_int64(s.all.get(), 0);
    Record record;
    const std::string point = column_text(s.all.get(), 4);
    std::optional<Point> levels = decode_point(point);
    if (!levels) s.malformed(seq, "point", point);
    record.point = std::move(*levels);
    const std::string fidelity_text = column_text(s.all.get(), 5);
    const std::optional<scenario::Fidelity> fidelity = decode_fidelity(fidelity_text);
    if (!fidelity) s.malformed(seq, "fidelity", fidelity_text);
    record.scenario_hash = column_text(s.all.get(), 6);
    record.outcome = s.outcome(s.all.get(), *fidelity);
    records.push_back(std::move(record));
  }
  return records;
}

std::int64_t Store::size() const {
  return impl_->size();
}

}  // namespace servesim::dse
