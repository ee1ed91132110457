// hierarchy (see hierarchy.h) and its registration: `outer` and `inner` name the strategies, and
// `outer_params`/`inner_params` give their parameters as key=value text (their defaults else).
#include "dse/strategies/hierarchy.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "dse/strategies/registrations.h"
#include "dse/strategies/sampling.h"

namespace servesim::dse {

Shape part_of(const Shape& shape, bool hardware) {
  Shape part{{}, shape.objectives, shape.seed};
  for (const auto& d : shape.dimensions) {
    if (d.hardware == hardware) part.dimensions.push_back(d);
  }
  return part;
}

std::optional<std::size_t> representative(const std::vector<std::vector<double>>& objectives) {
  if (objectives.empty()) return std::nullopt;
  const std::size_t n_obj = objectives.front().size();
  std::vector<double> lo(n_obj, std::numeric_limits<double>::infinity());
  std::vector<double> hi(n_obj, -std::numeric_limits<double>::infinity());
  for (const auto& f : objectives) {
    for (std::size_t k = 0; k < n_obj; ++k) {
      lo[k] = std::min(lo[k], f[k]);
      hi[k] = std::max(hi[k], f[k]);
    }
  }
  std::size_t best = 0;
  double best_sum = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    double sum = 0;
    for (std::size_t k = 0; k < n_obj; ++k) {
      if (hi[k] > lo[k]) sum += (objectives[i][k] - lo[k]) / (hi[k] - lo[k]);
    }
    if (sum < best_sum) {
      best = i;
      best_sum = sum;
    }
  }
  return best;
}

Hierarchy::Hierarchy(const Shape& shape, std::unique_ptr<Strategy> outer, InnerFactory make_inner)
    : shape_(shape),
      inner_shape_(part_of(shape, false)),
      outer_(std::move(outer)),
      make_inner_(std::move(make_inner)) {
  for (std::size_t i = 0; i < shape.dimensions.size(); ++i) {
    (shape.dimensions[i].hardware ? hardware_ : other_).push_back(i);
  }
  if (hardware_.empty() || other_.empty()) {
    throw std::logic_error("hierarchy: needs hardware and other dimensions");
  }
}

std::vector<Point> Hierarchy::ask() {
  for (;;) {
    if (searches_.empty() && !start_outer_batch()) return {};
    asked_.clear();
    std::vector<Point> batch;
    for (std::size_t i = 0; i < searches_.size(); ++i) {
      InnerSearch& s = searches_[i];
      if (s.over) continue;
      std::vector<Point> inner = s.strategy->ask();
      s.over = inner.empty();
      for (const auto& p : inner) batch.push_back(combine(outer_points_[i], p));
      if (!s.over) asked_.push_back({i, std::move(inner)});
    }
    if (!batch.empty()) return batch;
    // Every inner search of the batch is over: the outer learns what its points gave.
    std::vector<Told> results;
    for (const InnerSearch& s : searches_) {
      const auto best = representative(s.feasible);
      results.push_back(best ? Told{true, s.feasible[*best]} : Told{});
    }
    outer_->tell(outer_points_, results);
    searches_.clear();
  }
}

void Hierarchy::tell(const std::vector<Point>& points, const std::vector<Told>& results) {
  check_told(shape_, points, results);
  std::size_t next = 0;
  for (const Asked& a : asked_) {
    const auto first = results.begin() + static_cast<std::ptrdiff_t>(next);
    next += a.points.size();
    if (next > results.size()) throw std::logic_error("hierarchy tell: fewer results than asked");
    const std::vector<Told> part(first, results.begin() + static_cast<std::ptrdiff_t>(next));
    InnerSearch& s = searches_[a.search];
    s.strategy->tell(a.points, part);
    for (const Told& t : part) {
      if (t.feasible) s.feasible.push_back(t.objectives);
    }
  }
  asked_.clear();
}

bool Hierarchy::start_outer_batch() {
  outer_points_ = outer_->ask();
  for (std::size_t i = 0; i < outer_points_.size(); ++i) {
    Shape inner = inner_shape_;
    inner.seed = mix_seed(shape_.seed, inner_started_++);
    searches_.push_back({make_inner_(inner), false, {}});
  }
  return !outer_points_.empty();
}

Point Hierarchy::combine(const Point& outer, const Point& inner) const {
  Point p(shape_.dimensions.size());
  for (std::size_t i = 0; i < hardware_.size(); ++i) p[hardware_[i]] = outer[i];
  for (std::size_t i = 0; i < other_.size(); ++i) p[other_[i]] = inner[i];
  return p;
}

namespace {

const std::vector<std::string> kParts = {"grid", "random", "lhs", "nsga2", "moead"};

// Makes the strategy named by parameter `role` ("outer", "inner") of `p` with its parameters,
// filing every error about them under strategy.<role>_params.
class PartMaker {
 public:
  PartMaker(const core::ParamValues& p, const std::string& role)
      : path_("strategy." + role + "_params"),
        entry_(&strategies().get(p.text(role), kSpaceFile, "strategy." + role)),
        values_(entry_->params) {
    if (!p.has(role + "_params")) return;
    core::Diagnostics diag(kSpaceFile);
    values_ = core::read_params(entry_->params, p.text(role + "_params"), diag, path_);
    diag.throw_if_errors();
  }

  std::unique_ptr<Strategy> operator()(const Shape& shape) const {
    try {
      return entry_->value(values_, shape);
    } catch (const core::InputError& e) {
      std::vector<core::Diagnostic> moved = e.diagnostics();
      for (auto& d : moved) d.path = path_;
      throw core::InputError(std::move(moved));
    }
  }

 private:
  std::string path_;
  const core::RegistryEntry<StrategyFactory>* entry_;
  core::ParamValues values_;
};

core::ParamSpec part_param(const std::string& role, const std::string& what) {
  return {.name = role,
          .type = core::ParamType::choice,
          .choices = kParts,
          .default_text = "grid",
          .help = "the search over " + what};
}

core::ParamSpec part_params_param(const std::string& role) {
  return {.name = role + "_params",
          .type = core::ParamType::text,
          .text_kind = "key=value,...",
          .presence = core::Presence::optional,
          .help = "the " + role + " strategy's parameters (default: its defaults)"};
}

}  // namespace

void register_hierarchy_strategy(core::Registry<StrategyFactory>& registry) {
  registry.add({"hierarchy",
                "an outer search over the hardware, an inner one over the rest per hardware point",
                {part_param("outer", "the hardware dimensions"), part_params_param("outer"),
                 part_param("inner", "the other dimensions, for each hardware point"),
                 part_params_param("inner")},
                [](const core::ParamValues& p, const Shape& shape) -> std::unique_ptr<Strategy> {
                  check_shape(shape);
                  const PartMaker outer(p, "outer");
                  const PartMaker inner(p, "inner");
                  const Shape hardware = part_of(shape, true);
                  if (hardware.dimensions.empty()) return inner(shape);
                  if (hardware.dimensions.size() == shape.dimensions.size()) return outer(shape);
                  (void)inner(part_of(shape, false));  // its errors now, not at the first ask
                  return std::make_unique<Hierarchy>(shape, outer(hardware), inner);
                }});
}

}  // namespace servesim::dse
