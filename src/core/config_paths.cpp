// Shipped-config lookup (see config_paths.h).
#include "core/config_paths.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "core/diagnostics.h"

namespace servesim::core {

std::string config_dir() {
  if (const char* env = std::getenv("SERVESIM_CONFIG_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return SERVESIM_CONFIG_DIR;
}

std::optional<std::string> resolve_config(const std::string& name_or_path, const std::string& kind,
                                          const std::string& ext) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return name_or_path;
  const fs::path shipped = fs::path(config_dir()) / kind / (name_or_path + ext);
  if (fs::is_regular_file(shipped, ec)) return shipped.string();
  return std::nullopt;
}

std::string require_config(const std::string& name_or_path, const std::string& kind,
                           const std::string& ext, const std::string& noun) {
  if (auto file = resolve_config(name_or_path, kind, ext)) return *file;
  throw InputError(name_or_path, "", fmt::format("no such {} file or shipped {}", noun, noun),
                   fmt::format("shipped {}s: {}", noun, fmt::join(shipped_names(kind, ext), ", ")));
}

std::vector<std::string> shipped_names(const std::string& kind, const std::string& ext) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(config_dir()) / kind, ec)) {
    if (entry.path().extension() == ext) names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace servesim::core
