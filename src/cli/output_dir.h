// An --out directory whose files appear only when the run succeeds: each file is written under a
// temporary name and renamed on commit(); a run that fails (an exception before commit) removes
// its partial files and leaves the directory's earlier contents as they were.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace servesim::cli {

class OutputDir {
 public:
  /// Creates the directory; InputError when it cannot.
  explicit OutputDir(const std::string& dir);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// A stream for `name` inside the directory; InputError when it cannot be written.
  std::ofstream& open(const std::string& name);
  /// Closes every stream and gives each file its final name; InputError when a stream failed.
  void commit();

 private:
  [[nodiscard]] std::filesystem::path partial(const std::string& name) const;
  std::filesystem::path dir_;
  std::map<std::string, std::ofstream> files_;
  bool committed_ = false;
};

}  // namespace servesim::cli
