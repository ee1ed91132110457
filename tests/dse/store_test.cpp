// The results store: every record reads back exactly as it was put (doubles to the last bit),
// in insertion order; a stored (point, fidelity) is never overwritten; reopening resumes only the
// same space's store and only when asked; files that are not stores are refused with their name;
// and a writer killed at any moment leaves a readable store holding whole batches only.
#include "dse/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "core/diagnostics.h"
#include "scenario/version.h"
#include "support/temp_file.h"

namespace servesim::dse {
namespace {

using scenario::Fidelity;
using scenario::InfeasibilityKind;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A path in a fresh temporary directory where no file exists yet.
class StorePath {
 public:
  StorePath() : dir_("unused", "") {}
  [[nodiscard]] std::string path() const {
    return (std::filesystem::path(dir_.path()).parent_path() / "results.sqlite").string();
  }

 private:
  testing::TempFile dir_;
};

// Runs `sql` on `file` through a connection of its own (as another program would).
void run_sql(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error == nullptr ? "" : error;
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

// The single number `sql` selects from `file`, opened read-only; -1 when it cannot be read (yet).
std::int64_t select_number(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::int64_t value = -1;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return value;
}

// The message of the InputError that opening `file` throws ("" when it opens), checking that
// the error names the file.
std::string open_error(const std::string& file, const std::string& space_hash, bool resume) {
  try {
    (void)Store::open(file, space_hash, resume);
  } catch (const core::InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).file, file);
    EXPECT_TRUE(contains(e.what(), file)) << e.what();
    return e.what();
  }
  return "";
}

Record feasible(Point point, Fidelity fidelity, std::map<std::string, double> metrics) {
  Record r;
  r.point = std::move(point);
  r.scenario_hash = "hash-" + std::to_string(r.point.empty() ? -1 : r.point[0]);
  r.outcome.fidelity = fidelity;
  r.outcome.metrics = std::move(metrics);
  return r;
}

Record infeasible(Point point, Fidelity fidelity, InfeasibilityKind kind, std::string reason) {
  Record r = feasible(std::move(point), fidelity, {});
  r.outcome.infeasible = kind;
  r.outcome.reason = std::move(reason);
  return r;
}

// Every infeasibility kind that scenario::to_string names (it names the rest "unknown").
std::vector<InfeasibilityKind> every_kind() {
  std::vector<InfeasibilityKind> kinds;
  for (int i = 0; std::string(scenario::to_string(static_cast<InfeasibilityKind>(i))) != "unknown";
       ++i) {
    kinds.push_back(static_cast<InfeasibilityKind>(i));
  }
  return kinds;
}

std::vector<Record> sample_records() {
  std::vector<Record> records;
  records.push_back(feasible({0, 1, 2}, Fidelity::estimate,
                             {{"sum", 0.1 + 0.2},
                              {"tiny", 1e-300},
                              {"avogadro", 6.02e23},
                              {"third", 1.0 / 3.0},
                              {"denormal", std::numeric_limits<double>::denorm_min()},
                              {"largest", std::numeric_limits<double>::max()},
                              {"negative", -123.456e-7},
                              {"zero", 0.0},
                              {"integral", 42.0}}));
  records.push_back(feasible({0, 1, 2}, Fidelity::simulate, {{"sum", 0.30000000000000004}}));
  std::int64_t level = 1;
  for (InfeasibilityKind kind : every_kind()) {
    records.push_back(infeasible({level++, 0, 0}, Fidelity::estimate, kind,
                                 std::string("because of ") + scenario::to_string(kind) +
                                     ": 'quoted', \"double\", ünïcode"));
  }
  records.push_back(feasible({}, Fidelity::simulate, {}));
  records.push_back(feasible({std::numeric_limits<std::int64_t>::max(), 7}, Fidelity::estimate,
                             {{"ttft_s", 0.25}}));
  return records;
}

TEST(Store, AllReturnsEveryRecordExactlyInInsertionOrder) {
  ASSERT_EQ(every_kind().size(), 5u);
  StorePath path;
  Store store = Store::open(path.path(), "space-a", false);
  EXPECT_EQ(store.size(), 0);
  const std::vector<Record> records = sample_records();
  store.put(std::vector<Record>(records.begin(), records.begin() + 3));
  store.put(std::vector<Record>(records.begin() + 3, records.end()));
  EXPECT_EQ(store.all(), records);
  EXPECT_EQ(store.size(), static_cast<std::int64_t>(records.size()));
  // The doubles are the same bits, not merely close.
  EXPECT_EQ(store.all()[0].outcome.metrics.at("sum"), 0.1 + 0.2);
  EXPECT_NE(store.all()[0].outcome.metrics.at("sum"), 0.3);
}

TEST(Store, FindReturnsEachRecordsOutcomeAtItsFidelity) {
  StorePath path;
  Store store = Store::open(path.path(), "space-a", false);
  const std::vector<Record> records = sample_records();
  store.put(records);
  for (const Record& r : records) {
    const std::optional<Outcome> found = store.find(r.point, r.outcome.fidelity);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, r.outcome);
  }
  EXPECT_FALSE(store.find({9, 9, 9}, Fidelity::estimate).has_value());
  EXPECT_FALSE(store.find({0, 1}, Fidelity::estimate).has_value());
  // {1, 0, 0} is stored at the estimate fidelity only.
  EXPECT_FALSE(store.find({1, 0, 0}, Fidelity::simulate).has_value());
}

TEST(Store, PuttingAStoredPointAgainKeepsTheFirstOutcome) {
  StorePath path;
  Store store = Store::open(path.path(), "space-a", false);
  const Record first = feasible({3, 4}, Fidelity::simulate, {{"goodput", 12.5}});
  const Record other = infeasible({3, 4}, Fidelity::simulate, InfeasibilityKind::does_not_fit,
                                  "a different outcome");
  const Record next = feasible({5, 6}, Fidelity::simulate, {{"goodput", 1.0}});
  store.put({first});
  store.put({other, next});
  store.put({next, next});
  EXPECT_EQ(store.all(), (std::vector<Record>{first, next}));
  EXPECT_EQ(store.find({3, 4}, Fidelity::simulate), first.outcome);
}

TEST(Store, NonFiniteMetricsReadBack) {
  StorePath path;
  Store store = Store::open(path.path(), "space-a", false);
  const double inf = std::numeric_limits<double>::infinity();
  store.put(
      {feasible({1}, Fidelity::estimate, {{"up", inf}, {"down", -inf}, {"nan", std::nan("")}})});
  const std::map<std::string, double> metrics = store.all().at(0).outcome.metrics;
  EXPECT_EQ(metrics.at("up"), inf);
  EXPECT_EQ(metrics.at("down"), -inf);
  EXPECT_TRUE(std::isnan(metrics.at("nan")));
}

TEST(Store, EveryRowRecordsTheVersionThatComputedIt) {
  StorePath path;
  Store::open(path.path(), "space-a", false).put(sample_records());
  const std::string quoted = std::string("'") + scenario::version() + "'";
  EXPECT_EQ(select_number(path.path(), "SELECT count(*) FROM points WHERE version = " + quoted),
            static_cast<std::int64_t>(sample_records().size()));
}

TEST(Store, ReopensWithResumeAndRefusesWithout) {
  StorePath path;
  const std::vector<Record> records = sample_records();
  {
    Store store = Store::open(path.path(), "space-a", false);
    store.put(records);
  }
  {
    Store resumed = Store::open(path.path(), "space-a", true);
    EXPECT_EQ(resumed.all(), records);
    const Record more = feasible({77}, Fidelity::simulate, {{"x", 2.5}});
    resumed.put({more});
    std::vector<Record> expected = records;
    expected.push_back(more);
    EXPECT_EQ(resumed.all(), expected);
  }
  const std::string refused = open_error(path.path(), "space-a", false);
  EXPECT_TRUE(contains(refused, "already holds the results of")) << refused;
  EXPECT_TRUE(contains(refused, "resume the search")) << refused;
  EXPECT_TRUE(contains(refused, "another output directory")) << refused;
}

TEST(Store, AStoreWithoutResultsOpensWithoutResume) {
  StorePath path;
  (void)Store::open(path.path(), "space-a", false);
  EXPECT_EQ(Store::open(path.path(), "space-a", false).size(), 0);
}

TEST(Store, RefusesAnotherSpacesStore) {
  StorePath path;
  Store::open(path.path(), "space-a", false).put(sample_records());
  for (bool resume : {true, false}) {
    const std::string refused = open_error(path.path(), "space-b", resume);
    EXPECT_TRUE(contains(refused, "another design space")) << refused;
    EXPECT_TRUE(contains(refused, "space-a")) << refused;
    EXPECT_TRUE(contains(refused, "space-b")) << refused;
  }
}

TEST(Store, RefusesATextFile) {
  const testing::TempFile text("results.sqlite", "point,metric\n1,2\n");
  const std::string refused = open_error(text.path(), "space-a", true);
  EXPECT_TRUE(contains(refused, "is not a results store")) << refused;
}

TEST(Store, RefusesAnSqliteFileWithoutTheStoresTables) {
  StorePath path;
  run_sql(path.path(), "CREATE TABLE other (x INTEGER); INSERT INTO other VALUES (1);");
  const std::string refused = open_error(path.path(), "space-a", true);
  EXPECT_TRUE(contains(refused, "is an SQLite database but not a results store")) << refused;
  // The other program's database is left as it was.
  EXPECT_EQ(select_number(path.path(), "SELECT count(*) FROM sqlite_master"), 1);
}

TEST(Store, RefusesAnotherSchemaVersion) {
  StorePath path;
  (void)Store::open(path.path(), "space-a", false);
  run_sql(path.path(), "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
  const std::string refused = open_error(path.path(), "space-a", true);
  EXPECT_TRUE(contains(refused, "schema version '2'")) << refused;
}

TEST(Store, RefusesAFileInAMissingDirectory) {
  StorePath path;
  const std::string file = path.path() + ".d/results.sqlite";
  const std::string refused = open_error(file, "space-a", false);
  EXPECT_TRUE(contains(refused, "cannot be opened")) << refused;
}

TEST(Store, RowsChangedOutsideServesimAreInputErrorsNamingTheField) {
  const std::vector<std::pair<std::string, std::string>> damage = {
      {"point", "UPDATE points SET point = '[1, \"a\"]'"},
      {"fidelity", "UPDATE points SET fidelity = 'guess'"},
      {"infeasible", "UPDATE points SET infeasible = 'too_hot'"},
      {"metrics", "UPDATE points SET metrics = '{\"x\": [1]}'"},
      {"metrics", "UPDATE points SET metrics = 'not json'"},
  };
  for (const auto& [column, sql] : damage) {
    StorePath path;
    const Record record =
        infeasible({1, 2}, Fidelity::estimate, InfeasibilityKind::exceeds_power, "hot");
    Store::open(path.path(), "space-a", false).put({record});
    run_sql(path.path(), sql);
    const Store store = Store::open(path.path(), "space-a", true);
    try {
      (void)store.all();
      ADD_FAILURE() << "all() read a damaged " << column;
    } catch (const core::InputError& e) {
      EXPECT_EQ(e.diagnostics().at(0).file, path.path());
      EXPECT_EQ(e.diagnostics().at(0).path, "points[seq=1]." + column);
      EXPECT_TRUE(contains(e.what(), "cannot be read")) << e.what();
      EXPECT_TRUE(contains(e.what(), "changed outside servesim")) << e.what();
    }
    if (column == "infeasible" || column == "metrics") {
      EXPECT_THROW((void)store.find({1, 2}, Fidelity::estimate), core::InputError) << column;
    }
  }
}

TEST(Store, SqliteFailuresAfterOpenAreRuntimeErrorsWithSqlitesMessage) {
  StorePath path;
  Store store = Store::open(path.path(), "space-a", false);
  run_sql(path.path(), "DROP TABLE points");
  const auto expect_failure = [&](const auto& call, const std::string& doing) {
    try {
      call();
      ADD_FAILURE() << doing << " succeeded";
    } catch (const core::InputError& e) {
      ADD_FAILURE() << "an InputError: " << e.what();
    } catch (const std::runtime_error& e) {
      const std::string message = e.what();
      EXPECT_TRUE(contains(message, path.path() + ": SQLite error while " + doing)) << message;
      EXPECT_TRUE(contains(message, "no such table: points")) << message;
    }
  };
  expect_failure([&] { store.put({feasible({1}, Fidelity::estimate, {})}); }, "storing a point");
  expect_failure([&] { (void)store.find({1}, Fidelity::estimate); }, "finding a point");
  expect_failure([&] { (void)store.all(); }, "reading the points");
  expect_failure([&] { (void)store.size(); }, "counting the points");
}

TEST(Store, AFailedBatchStoresNoneOfItsRecords) {
  StorePath path;
  Store store = Store::open(path.path(), "space-a", false);
  run_sql(path.path(),
          "CREATE TRIGGER poison BEFORE INSERT ON points WHEN NEW.scenario_hash = 'hash-13' "
          "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");
  const Record good = feasible({12}, Fidelity::estimate, {{"x", 1.0}});
  const Record poisoned = feasible({13}, Fidelity::estimate, {{"x", 2.0}});
  try {
    store.put({good, poisoned});
    ADD_FAILURE() << "the poisoned batch was stored";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), "poisoned row")) << e.what();
  }
  EXPECT_EQ(store.size(), 0);
  store.put({good});  // the failed batch left no transaction open
  EXPECT_EQ(store.all(), std::vector<Record>{good});
}

TEST(Store, MovesKeepTheConnection) {
  StorePath first_path, second_path;
  Store first = Store::open(first_path.path(), "space-a", false);
  first.put({feasible({1}, Fidelity::estimate, {{"x", 1.0}})});
  Store moved(std::move(first));
  EXPECT_EQ(moved.size(), 1);
  Store other = Store::open(second_path.path(), "space-b", false);
  other = std::move(moved);
  EXPECT_EQ(other.size(), 1);
  EXPECT_EQ(other.find({1}, Fidelity::estimate)->metrics.at("x"), 1.0);
}

// What the killed writer puts: record i of an endless deterministic sequence.
constexpr std::int64_t kBatch = 50;

Record writer_record(std::int64_t i) {
  if (i % 9 == 4) {
    return infeasible({i, i % 3}, i % 2 == 0 ? Fidelity::estimate : Fidelity::simulate,
                      InfeasibilityKind::does_not_fit, "needs " + std::to_string(i) + " GB");
  }
  return feasible({i, i % 3}, i % 2 == 0 ? Fidelity::estimate : Fidelity::simulate,
                  {{"m", static_cast<double>(i) * 0.5}, {"r", 1.0 / static_cast<double>(i + 3)}});
}

// Continues the sequence from what the store holds, a batch per transaction, until killed.
[[noreturn]] void write_until_killed(const std::string& file) {
  try {
    Store store = Store::open(file, "space-kill", true);
    for (std::int64_t next = store.size();; next += kBatch) {
      std::vector<Record> batch;
      for (std::int64_t i = next; i < next + kBatch; ++i) batch.push_back(writer_record(i));
      store.put(batch);
    }
  } catch (...) {
  }
  _exit(1);  // only on failure: the parent expects death by SIGKILL
}

// Kills the writer if a check failed before the test killed it.
struct Writer {
  pid_t pid = -1;
  ~Writer() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

TEST(Store, AWriterKilledAtAnyMomentLeavesWholeBatchesInOrder) {
  StorePath path;
  std::int64_t before = 0;
  for (int round = 0; round < 3; ++round) {
    Writer writer;
    writer.pid = fork();
    ASSERT_GE(writer.pid, 0);
    if (writer.pid == 0) write_until_killed(path.path());

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::int64_t seen = -1;
    while ((seen = select_number(path.path(), "SELECT count(*) FROM points")) < before + 300) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the writer stored " << seen;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(kill(writer.pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(writer.pid, &status, 0), writer.pid);
    writer.pid = -1;
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer failed";

    Store store = Store::open(path.path(), "space-kill", true);
    const std::vector<Record> records = store.all();  // throws on a malformed row
    const auto count = static_cast<std::int64_t>(records.size());
    EXPECT_GE(count, seen);  // nothing committed is lost
    EXPECT_EQ(count % kBatch, 0) << "a batch was stored in part";
    for (std::int64_t i = 0; i < count; ++i) {
      ASSERT_EQ(records[i], writer_record(i)) << "row " << i;
    }
    EXPECT_EQ(select_number(path.path(),
                            "SELECT count(*) FROM pragma_integrity_check "
                            "WHERE integrity_check = 'ok'"),
              1);
    before = count;
  }
}

}  // namespace
}  // namespace servesim::dse
