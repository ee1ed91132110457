// A parameter's range expanded into its values: `[low, high]` (numbers, with the same unit when
// they have one: "2 TB/s") stepped linearly by `step`, spread over `points` values, or stepped
// geometrically (`log`: doubling, or `points` values). The values are text as a scenario file
// would hold them ("3 TB/s", "128"), integers where every value is whole.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace servesim::dse {

struct ParameterRange {
  std::string low, high;
  std::optional<std::string> step{};  // linear
  std::optional<std::int64_t> points{};
  bool log = false;
};

/// At most this many values per parameter.
inline constexpr std::int64_t kMaxLevels = 10'000;

/// The values of `range`, low first; or, in `problem`, what is wrong with it (units that differ,
/// low above high, a step that is not positive, a log range that is not positive, more than
/// kMaxLevels values, both `step` and `points`).
std::vector<std::string> expand_range(const ParameterRange& range, std::string& problem);

}  // namespace servesim::dse
