// Where servesim's shipped files live: one root directory holding configs/ (models, devices,
// systems, scenarios, experiments, process_nodes.yaml) and data/ (traces, workload descriptors).
// A name a user gives becomes a file here: a path that exists is used as is; otherwise NAME is
// looked up as <root>/configs/<kind>/NAME<ext>. Every loader is handed the root (there is no
// global), so evaluations with different roots can run side by side.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace servesim::core {

class DataRoot {
 public:
  explicit DataRoot(std::string root) : root_(std::move(root)) {}
  /// $SERVESIM_ROOT when set, else the source tree this binary was built from. For the CLI and
  /// tests; libraries take a root from their caller.
  static DataRoot from_environment();

  [[nodiscard]] const std::string& path() const { return root_; }
  /// <root>/configs/`relative`.
  [[nodiscard]] std::string config_file(const std::string& relative) const;
  /// <root>/data/`relative`.
  [[nodiscard]] std::string data_file(const std::string& relative) const;

  /// A shipped name or a path. kind: "models", "devices", "systems", ...; ext: ".json" or
  /// ".yaml". Nullopt when neither a file nor a shipped entry of that name exists.
  [[nodiscard]] std::optional<std::string> resolve(const std::string& name_or_path,
                                                   const std::string& kind,
                                                   const std::string& ext) const;
  /// Like resolve(), but throws InputError naming the shipped entries when nothing is found.
  /// `noun` names the kind in the message ("model", "device").
  [[nodiscard]] std::string require(const std::string& name_or_path, const std::string& kind,
                                    const std::string& ext, const std::string& noun) const;
  /// Names (file stems) of the shipped entries of a kind, sorted.
  [[nodiscard]] std::vector<std::string> shipped_names(const std::string& kind,
                                                       const std::string& ext) const;

 private:
  std::string root_;
};

}  // namespace servesim::core
