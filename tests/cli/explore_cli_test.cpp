// `servesim explore`: a search writes its store, points, front and chart; infeasible points are
// stored with their reason and never stop it; a search killed with SIGKILL and resumed ends with
// the same store as one that ran through; a store is never reused by accident; a malformed
// space exits 2 naming the file, the path and the line.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "servesim_command.h"

namespace servesim {
namespace {

using testing::CommandResult;
using testing::servesim;
namespace fs = std::filesystem;

// TP 4 does not fit two GPUs: those points are infeasible and stored as such.
const char* kSpace = R"(name: tiny
base:
  model: llama-3.1-8b
  hardware: {system: "h100-sxm-80g:2"}
  workload: {generator: {kind: poisson, rate: 20, requests: 200, input: 256, output: 64}}
  slo: {ttft: 1 s, tpot: 50 ms}
parameters:
  - {field: mapping.tp, values: [1, 2, 4]}
  - {field: serving.max_num_seqs, range: [4, 256], scale: log}
  - {field: serving.max_num_batched_tokens, values: [512, 2048, 8192]}
objectives: [{metric: goodput_requests_per_s}, {metric: joules_per_token}]
strategy: {name: grid, batch: 3}
references: [{name: one-gpu, scenario: {hardware: {system: "h100-sxm-80g:1"}}}]
)";

struct Dir {
  Dir() : path(fs::temp_directory_path() / ("servesim-explore-" + std::to_string(getpid()) + "-" +
                                            std::to_string(counter++))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
  fs::path path;
  static inline int counter = 0;
};

std::string write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
  return file.string();
}

std::string slurp(const fs::path& file) {
  std::stringstream s;
  s << std::ifstream(file).rdbuf();
  return s.str();
}

// Every stored row as text, in insertion order.
std::vector<std::string> rows(const fs::path& store) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(store.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT point, fidelity, scenario_hash, ifnull(infeasible, ''), reason, "
                       "metrics FROM points ORDER BY seq",
                       -1, &st, nullptr);
    while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < 6; ++c) row += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))) + "|";
      out.push_back(row);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

TEST(ExploreCli, WritesTheStoreThePointsTheFrontAndTheChart) {
  Dir d;
  const std::string space = write(d.path / "tiny.yaml", kSpace);
  const CommandResult r = servesim("explore " + space + " --out " + (d.path / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"store.sqlite", "points.csv", "front.csv", "front.json", "front.svg"}) {
    EXPECT_TRUE(fs::exists(d.path / "out" / f)) << f;
  }
  const auto front = nlohmann::json::parse(slurp(d.path / "out" / "front.json"));
  EXPECT_EQ(front["points"], 3 * 7 * 3);
  EXPECT_FALSE(front["front"].empty());
  EXPECT_EQ(front["references"][0]["name"], "one-gpu");
  // The TP-4 points are stored as infeasible with their reason; the search went on past them.
  const std::string points = slurp(d.path / "out" / "points.csv");
  EXPECT_NE(points.find("simulate,4,4,512,false,false,invalid_mapping,"), std::string::npos);
  int infeasible = 0;
  for (const std::string& row : rows(d.path / "out" / "store.sqlite")) {
    infeasible += row.find("|invalid_mapping|") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(infeasible, 7 * 3);
  EXPECT_NE(slurp(d.path / "out" / "front.svg").find("<svg"), std::string::npos);
  // The summary: the front best first, each parameter by its shortest distinct name.
  EXPECT_NE(r.out.find("tiny: 63 points (simulate); 63 evaluated in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("best goodput_requests_per_s first"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  tp="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" max_num_seqs="), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("serving.max_num_seqs"), std::string::npos) << r.out;
}

TEST(ExploreCli, AStoreIsReusedOnlyWithResume) {
  Dir d;
  const std::string space = write(d.path / "tiny.yaml", kSpace);
  const std::string out = " --out " + (d.path / "out").string();
  ASSERT_EQ(servesim("explore " + space + out).exit_code, 0);
  const CommandResult again = servesim("explore " + space + out);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("continue it with --resume"), std::string::npos) << again.err;
  const CommandResult resumed = servesim("explore " + space + out + " --resume");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("0 evaluated in"), std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find(" 63 read from the store"), std::string::npos) << resumed.out;
  const CommandResult other =
      servesim("explore " + write(d.path / "other.yaml", std::string(kSpace) + "seed: 9\n") + out +
               " --resume");
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("holds the results of another design space"), std::string::npos);
}

TEST(ExploreCli, ASearchKilledAndResumedEndsWithTheSameStore) {
  Dir d;
  const std::string space = write(d.path / "tiny.yaml", kSpace);
  ASSERT_EQ(servesim("explore " + space + " --threads 1 --out " + (d.path / "whole").string())
                .exit_code,
            0);
  const auto whole = rows(d.path / "whole" / "store.sqlite");
  ASSERT_EQ(whole.size(), 63u);
  const fs::path killed = d.path / "killed";
  const pid_t child = fork();
  if (child == 0) {
    const std::string binary = SERVESIM_BINARY;
    execl(binary.c_str(), binary.c_str(), "explore", space.c_str(), "--threads", "1", "--quiet",
          "--out", killed.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once some batches are stored (or when it has nearly finished).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (rows(killed / "store.sqlite").size() < 9 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  const auto partial = rows(killed / "store.sqlite");
  EXPECT_GE(partial.size(), 9u);
  EXPECT_LT(partial.size(), whole.size());  // killed mid-way
  // A prefix of the uninterrupted store: rows go in in the order the search asks them.
  EXPECT_TRUE(std::equal(partial.begin(), partial.end(), whole.begin()));
  const CommandResult resumed =
      servesim("explore " + space + " --threads 1 --resume --out " + killed.string());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(rows(killed / "store.sqlite"), whole);
  EXPECT_EQ(slurp(killed / "front.json").substr(0, 2000),
            slurp(d.path / "whole" / "front.json").substr(0, 2000));
}

TEST(ExploreCli, AMalformedSpaceExitsTwoNamingTheFileThePathAndTheLine) {
  Dir d;
  std::string bad = kSpace;
  bad.replace(bad.find("mapping.tp"), 10, "mapping.tq");
  const std::string space = write(d.path / "bad.yaml", bad);
  const CommandResult r = servesim("explore " + space + " --out " + (d.path / "out").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:8: error: parameters[0].values: mapping.tq = 1: mapping.tq: is "
                       "not a field (did you mean 'tp'?"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(d.path / "out" / "store.sqlite"));
}

}  // namespace
}  // namespace servesim
