// Where shipped configuration lives, and how a name given on the command line becomes a file:
// a path that exists is used as is; otherwise NAME is looked up as <config dir>/<kind>/NAME.<ext>.
// The config dir is $SERVESIM_CONFIG_DIR if set, else the source tree's configs/ (set at build).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace servesim::core {

std::string config_dir();

/// Resolves a shipped name or a path. kind: "models", "devices", "systems"; ext: ".json"/".yaml".
/// Returns nullopt when neither a file nor a shipped entry of that name exists.
std::optional<std::string> resolve_config(const std::string& name_or_path, const std::string& kind,
                                          const std::string& ext);

/// Like resolve_config, but throws InputError naming the shipped entries when nothing is found.
/// `noun` names the kind in the message ("model", "device").
std::string require_config(const std::string& name_or_path, const std::string& kind,
                           const std::string& ext, const std::string& noun);

/// Names (file stems) of the shipped entries of a kind, sorted.
std::vector<std::string> shipped_names(const std::string& kind, const std::string& ext);

}  // namespace servesim::core
