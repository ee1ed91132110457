// Range expansion (see parameter_range.h).
#include "dse/parameter_range.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace servesim::dse {
namespace {

struct Number {
  double value = 0;
  std::string unit;
};

// "2.5 TB/s" → {2.5, "TB/s"}; nullopt when the text does not start with a number.
std::optional<Number> split(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v)) return std::nullopt;
  std::string unit(end);
  unit.erase(0, unit.find_first_not_of(' '));
  unit.erase(unit.find_last_not_of(' ') + 1);
  return Number{v, unit};
}

std::string format(double v, bool whole, const std::string& unit) {
  const std::string number = whole ? fmt::format("{}", static_cast<std::int64_t>(std::llround(v)))
                                   : fmt::format("{:.6g}", v);
  return unit.empty() ? number : number + " " + unit;
}

}  // namespace

std::vector<std::string> expand_range(const ParameterRange& r, std::string& problem) {
  const auto low = split(r.low), high = split(r.high);
  if (!low || !high) {
    problem = fmt::format("range [{}, {}] needs two numbers", r.low, r.high);
    return {};
  }
  if (low->unit != high->unit) {
    problem = fmt::format("range [{}, {}] mixes units", r.low, r.high);
    return {};
  }
  if (low->value > high->value) {
    problem = fmt::format("range [{}, {}] is empty: low is above high", r.low, r.high);
    return {};
  }
  if (r.step && r.points) {
    problem = "give step or points, not both";
    return {};
  }
  if (r.points && (*r.points < 1 || *r.points > kMaxLevels)) {
    problem = fmt::format("points must be in [1, {}]", kMaxLevels);
    return {};
  }
  std::vector<double> values;
  const double lo = low->value, hi = high->value, span = hi - lo;
  if (r.log) {
    if (lo <= 0) {
      problem = "a log range needs a positive low end";
      return {};
    }
    const double n = r.points ? static_cast<double>(*r.points) : 0;
    const double factor = r.points ? (n > 1 ? std::pow(hi / lo, 1.0 / (n - 1)) : 1.0) : 2.0;
    for (double v = lo; v <= hi * (1 + 1e-12) && values.size() < static_cast<std::size_t>(kMaxLevels) + 1;
         v *= factor) {
      values.push_back(v);
      if (factor == 1.0) break;
    }
  } else if (r.points) {
    const auto n = *r.points;
    for (std::int64_t i = 0; i < n; ++i) {
      values.push_back(n == 1 ? lo : lo + span * static_cast<double>(i) / static_cast<double>(n - 1));
    }
  } else {
    const auto step = split(r.step.value_or("1"));
    if (!step || step->value <= 0 || (r.step && step->unit != low->unit)) {
      problem = fmt::format("step {} must be a positive number in the range's unit",
                            r.step.value_or(""));
      return {};
    }
    const double count = std::floor(span / step->value * (1 + 1e-12)) + 1;
    if (count > static_cast<double>(kMaxLevels)) {
      problem = fmt::format("the range has {:.0f} values, more than {}", count, kMaxLevels);
      return {};
    }
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(count); ++i) {
      values.push_back(lo + step->value * static_cast<double>(i));
    }
  }
  if (values.size() > static_cast<std::size_t>(kMaxLevels)) {
    problem = fmt::format("the range has more than {} values", kMaxLevels);
    return {};
  }
  bool whole = true;
  for (double v : values) whole = whole && std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15;
  std::vector<std::string> out;
  for (double v : values) out.push_back(format(v, whole, low->unit));
  return out;
}

}  // namespace servesim::dse
