// Shared printing (see common.h).
#include "cli/common.h"

#include <fmt/format.h>

namespace servesim::cli {

std::string economics_line(const perf::Economics& e) {
  std::string line = fmt::format("{:.2f} output tok/s/W", e.tokens_per_s_per_watt);
  if (e.tokens_per_s_per_mm2) line += fmt::format(", {:.3f} tok/s/mm²", *e.tokens_per_s_per_mm2);
  if (e.dollars_per_million_tokens) {
    line += fmt::format(", ${:.3f} per million output tokens", *e.dollars_per_million_tokens);
  }
  return line;
}

}  // namespace servesim::cli
