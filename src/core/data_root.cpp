// Shipped-file lookup (see data_root.h).
#include "core/data_root.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "core/diagnostics.h"

namespace servesim::core {

namespace fs = std::filesystem;

DataRoot DataRoot::from_environment() {
  if (const char* env = std::getenv("SERVESIM_ROOT"); env != nullptr && *env != '\0') {
    return DataRoot(env);
  }
  return DataRoot(SERVESIM_SOURCE_ROOT);
}

std::string DataRoot::config_file(const std::string& relative) const {
  return (fs::path(root_) / "configs" / relative).string();
}

std::string DataRoot::data_file(const std::string& relative) const {
  return (fs::path(root_) / "data" / relative).string();
}

std::optional<std::string> DataRoot::resolve(const std::string& name_or_path,
                                             const std::string& kind,
                                             const std::string& ext) const {
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return name_or_path;
  const fs::path shipped = fs::path(root_) / "configs" / kind / (name_or_path + ext);
  if (fs::is_regular_file(shipped, ec)) return shipped.string();
  return std::nullopt;
}

std::string DataRoot::require(const std::string& name_or_path, const std::string& kind,
                              const std::string& ext, const std::string& noun) const {
  if (auto file = resolve(name_or_path, kind, ext)) return *file;
  throw InputError(name_or_path, "", fmt::format("no such {} file or shipped {}", noun, noun),
                   fmt::format("shipped {}s: {}", noun, fmt::join(shipped_names(kind, ext), ", ")));
}

std::vector<std::string> DataRoot::shipped_names(const std::string& kind,
                                                 const std::string& ext) const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(root_) / "configs" / kind, ec)) {
    if (entry.path().extension() == ext) names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace servesim::core
