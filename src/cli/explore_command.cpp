// `servesim explore` (see explore_command.h).
#include "cli/explore_command.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "cli/common.h"
#include "cli/output_dir.h"
#include "dse/explore.h"
#include "dse/mpi_executor.h"
#include "dse/result_files.h"
#include "dse/space.h"

namespace servesim::cli {
namespace {

// One line on stderr, redrawn after every batch.
class ProgressLine : public dse::ProgressObserver {
 public:
  explicit ProgressLine(const dse::Space& space) : space_(space) {}
  ~ProgressLine() override {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
  }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void on_batch(const dse::Progress& p) override {
    shown_ = true;
    const double rate = p.seconds > 0 ? static_cast<double>(p.evaluated) / p.seconds : 0;
    const std::string of =
        p.budget > 0 ? fmt::format(" of {}, {:.0f} s left", p.budget,
                                   p.asked > 0 ? p.seconds * static_cast<double>(p.budget - p.asked) /
                                                     static_cast<double>(p.asked)
                                               : 0.0)
                     : "";
    std::cerr << fmt::format("\r\033[Kservesim explore {}: {} {} points{} ({} evaluated, {:.0f}/s), "
                             "{} acceptable{}",
                             space_.name, p.phase, p.asked, of, p.evaluated, rate, p.acceptable,
                             p.best ? fmt::format(", best {} {:.4g}",
                                                  space_.objectives.front().metric, *p.best)
                                    : "")
              << std::flush;
  }

 private:
  const dse::Space& space_;
  bool shown_ = false;
};

// Each parameter's field path cut to its shortest dotted suffix that no other parameter's field
// shares ("hardware.overrides.compute.template.systolic.cores" -> "cores"); linked fields cut each.
std::vector<std::string> short_names(const dse::Space& space) {
  std::vector<std::string> paths;
  for (const auto& p : space.parameters) {
    for (const auto& f : p.fields) paths.push_back(f);
  }
  const auto shortest = [&](const std::string& path) {
    for (std::size_t dot = path.rfind('.'); dot != std::string::npos; dot = path.rfind('.', dot - 1)) {
      const std::string tail = path.substr(dot + 1);
      const auto clashes = std::count_if(paths.begin(), paths.end(), [&](const std::string& q) {
        return q == tail || (q.size() > tail.size() && q.ends_with("." + tail));
      });
      if (clashes == 1) return tail;
      if (dot == 0) break;
    }
    return path;
  };
  std::vector<std::string> names;
  for (const auto& p : space.parameters) {
    std::vector<std::string> parts;
    for (const auto& f : p.fields) parts.push_back(shortest(f));
    names.push_back(fmt::format("{}", fmt::join(parts, "+")));
  }
  return names;
}

std::string objective_values(const dse::Space& space, const dse::Outcome& outcome) {
  std::string values;
  for (const auto& o : space.objectives) {
    const auto it = outcome.metrics.find(o.metric);
    if (it != outcome.metrics.end()) values += fmt::format("  {} {:.4g}", o.metric, it->second);
  }
  return values;
}

constexpr std::size_t kFrontLinesShown = 10;

void print_summary(const dse::Space& space, const dse::ExploreResult& r, const std::string& dir,
                   double seconds) {
  const std::size_t stored = r.records.size() + r.screened.size();
  fmt::print("servesim explore {}: {}{} points{} ({}); {} evaluated in {:.1f} s, {} read from the "
             "store\n",
             space.name,
             space.screen ? fmt::format("{} points screened ({}), ", r.screened.size(),
                                        scenario::to_string(*space.screen))
                          : "",
             r.records.size(), space.screen ? " ranked" : "", scenario::to_string(space.fidelity),
             r.evaluated, seconds,
             stored - std::min<std::size_t>(stored, static_cast<std::size_t>(r.evaluated)));
  std::vector<std::string> objectives;
  for (const auto& o : space.objectives) objectives.push_back(o.metric);
  fmt::print("Pareto front of {} ({} points, best {} first):\n", fmt::join(objectives, ", "),
             r.front.size(), objectives.front());
  // The front by its first objective, best first.
  std::vector<std::size_t> front = r.front;
  const dse::Objective& first = space.objectives.front();
  const auto value = [&](std::size_t i) {
    const auto it = r.records[i].outcome.metrics.find(first.metric);
    return it == r.records[i].outcome.metrics.end() ? 0.0 : it->second;
  };
  std::stable_sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    return first.goal == dse::Better::higher ? value(a) > value(b) : value(a) < value(b);
  });
  const std::vector<std::string> names = short_names(space);
  for (std::size_t n = 0; n < front.size() && n < kFrontLinesShown; ++n) {
    const dse::Record& rec = r.records[front[n]];
    std::string params;
    for (std::size_t k = 0; k < space.parameters.size(); ++k) {
      params += fmt::format("{}{}={}", k ? " " : "", names[k],
                            space.parameters[k].values[static_cast<std::size_t>(rec.point[k])]);
    }
    fmt::print("  {}{}\n", params, objective_values(space, rec.outcome));
  }
  if (front.size() > kFrontLinesShown) {
    fmt::print("  ... {} more in {}/front.csv\n", front.size() - kFrontLinesShown, dir);
  }
  for (const auto& ref : r.references) {
    fmt::print("  reference {}:{}{}\n", ref.name, objective_values(space, ref.outcome),
               ref.outcome.feasible() ? "" : " infeasible: " + ref.outcome.reason);
  }
  fmt::print("  wrote {}/{{points.csv,front.csv,front.json,front.svg}}; store {}/store.sqlite\n",
             dir, dir);
}

// The store, with the store's "resume it" advice given in the command's own words.
dse::Store open_store(const std::string& file, const dse::Space& space, bool resume) {
  try {
    return dse::Store::open(file, space.hash, resume);
  } catch (const core::InputError& e) {
    std::vector<core::Diagnostic> out = e.diagnostics();
    for (core::Diagnostic& d : out) {
      if (d.message.rfind("already holds", 0) == 0) {
        d.hint = "continue it with --resume, or give another --out";
      }
    }
    throw core::InputError(std::move(out));
  }
}

}  // namespace

void ExploreOptions::add_to(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("explore", "search a design space (configs/spaces)");
  cmd->add_option("space", file, "space YAML or shipped space name (servesim list spaces)")
      ->required();
  cmd->add_option("--out", out, "directory for store.sqlite, points.csv, front.csv, front.json, "
                                "front.svg (default explore-NAME)");
  cmd->add_flag("--resume", resume, "continue the search whose store is in --out");
  cmd->add_option("--threads", threads, "evaluation threads (default: all cores; 1 per MPI rank)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--json", json, "print front.json on stdout");
  cmd->add_flag("--quiet", quiet, "no progress line");
  command = cmd;
}

int run_explore(const ExploreOptions& o, const scenario::Environment& env) {
  const dse::Space space = dse::load_space(o.file, env.root);
  const dse::Evaluator evaluator(space, env);
  std::optional<dse::MpiSession> mpi;
  if (dse::MpiSession::launched()) mpi.emplace();
  const int threads = o.threads > 0 ? o.threads
                      : mpi         ? 1
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (mpi && mpi->rank() != 0) {
    dse::serve_mpi_worker(evaluator, *mpi, threads);
    return kExitOk;
  }
  std::unique_ptr<dse::Executor> executor;
  if (mpi) {
    executor = std::make_unique<dse::MpiExecutor>(evaluator, *mpi, threads);
  } else {
    executor = std::make_unique<dse::ThreadExecutor>(evaluator, threads);
  }
  const std::string dir = o.out.empty() ? "explore-" + space.name : o.out;
  OutputDir out(dir);
  dse::Store store = open_store(dir + "/store.sqlite", space, o.resume);
  ProgressLine progress(space);
  const bool show = !o.quiet && !o.json && isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  const dse::ExploreResult result = dse::explore(evaluator, *executor, store, show ? &progress : nullptr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  dse::write_points_csv(out.open("points.csv"), space, result.records);
  if (space.screen) dse::write_points_csv(out.open("screened.csv"), space, result.screened);
  dse::write_front_csv(out.open("front.csv"), space, result);
  const nlohmann::ordered_json front = dse::front_json(space, result);
  out.open("front.json") << front.dump(2) << "\n";
  dse::write_front_chart(out.open("front.svg"), space, result);
  out.commit();
  if (o.json) {
    std::cout << front.dump(2) << "\n";
  } else {
    print_summary(space, result, dir, seconds);
  }
  return kExitOk;
}

}  // namespace servesim::cli
