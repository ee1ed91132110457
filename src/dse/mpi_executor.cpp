// MPI executor (see mpi_executor.h). Messages: rank 0 broadcasts a batch as JSON text (its length
// first; length 0 ends the workers' loop); each rank's records come back by MPI_Gatherv as JSON.
#include "dse/mpi_executor.h"

#include <mpi.h>

#include <cstdlib>
#include <string>

#include "dse/record_json.h"

namespace servesim::dse {
namespace {

std::string tasks_text(const std::vector<Task>& tasks) {
  nlohmann::json j = nlohmann::json::array();
  for (const Task& t : tasks) {
    j.push_back({{"p", t.point}, {"f", scenario::to_string(t.fidelity)}});
  }
  return j.dump();
}

std::vector<Task> tasks_of(const std::string& text) {
  std::vector<Task> tasks;
  for (const auto& t : nlohmann::json::parse(text)) {
    tasks.push_back({t.at("p").get<Point>(), t.at("f").get<std::string>() == "estimate"
                                                 ? scenario::Fidelity::estimate
                                                 : scenario::Fidelity::simulate});
  }
  return tasks;
}

// Rank 0's text to every rank (an empty text stops the workers).
std::string broadcast(std::string text) {
  long long length = static_cast<long long>(text.size());
  MPI_Bcast(&length, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  text.resize(static_cast<std::size_t>(length));
  if (length > 0) MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
  return text;
}

// This rank's share of `tasks` (indices i with i mod size = rank), evaluated, as JSON text.
std::string evaluate_share(const Evaluator& evaluator, const std::vector<Task>& tasks, int rank,
                           int size, int threads) {
  std::vector<Task> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < tasks.size();
       i += static_cast<std::size_t>(size)) {
    mine.push_back(tasks[i]);
  }
  ThreadExecutor local(evaluator, threads);
  nlohmann::json j = nlohmann::json::array();
  for (const Record& r : local.run(mine, {})) j.push_back(record_to_json(r));
  return j.dump();
}

// Every rank's text gathered at rank 0 (empty strings elsewhere).
std::vector<std::string> gather(const std::string& text, int rank, int size) {
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<std::size_t>(size));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(static_cast<std::size_t>(size), 0);
  int total = 0;
  for (int r = 0; r < size; ++r) {
    offsets[static_cast<std::size_t>(r)] = total;
    total += lengths[static_cast<std::size_t>(r)];
  }
  std::string all(static_cast<std::size_t>(rank == 0 ? total : 0), '\0');
  MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
              0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  if (rank != 0) return out;
  for (int r = 0; r < size; ++r) {
    out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                             static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)])));
  }
  return out;
}

}  // namespace

bool MpiSession::launched() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr;
}

MpiSession::MpiSession() {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

MpiExecutor::MpiExecutor(const Evaluator& evaluator, const MpiSession& session,
                         int threads_per_rank)
    : evaluator_(evaluator), session_(session), threads_(threads_per_rank) {}

MpiExecutor::~MpiExecutor() { (void)broadcast(""); }

std::vector<Record> MpiExecutor::run(const std::vector<Task>& tasks, const RecordSink& on_done) {
  if (tasks.empty()) return {};
  const std::vector<Task> all = tasks_of(broadcast(tasks_text(tasks)));
  const std::vector<std::string> shares =
      gather(evaluate_share(evaluator_, all, 0, session_.size(), threads_), 0, session_.size());
  std::vector<Record> records(tasks.size());
  for (int r = 0; r < session_.size(); ++r) {
    std::size_t i = static_cast<std::size_t>(r);
    for (const auto& j : nlohmann::json::parse(shares[static_cast<std::size_t>(r)])) {
      records[i] = record_from_json(j);
      i += static_cast<std::size_t>(session_.size());
    }
  }
  if (on_done) {
    for (std::size_t i = 0; i < records.size(); ++i) on_done(i, records[i]);
  }
  return records;
}

void serve_mpi_worker(const Evaluator& evaluator, const MpiSession& session, int threads_per_rank) {
  while (true) {
    const std::string text = broadcast("");
    if (text.empty()) return;
    const std::vector<Task> tasks = tasks_of(text);
    (void)gather(evaluate_share(evaluator, tasks, session.rank(), session.size(), threads_per_rank),
                 session.rank(), session.size());
  }
}

}  // namespace servesim::dse
