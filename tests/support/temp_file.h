// Test helpers: a file with given contents in a fresh temporary directory, removed afterwards;
// running the servesim binary and capturing its exit code, stdout and stderr.
#pragma once

#include <string>

namespace servesim::testing {

class TempFile {
 public:
  TempFile(const std::string& name, const std::string& contents);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `command` through the shell, capturing stdout and stderr separately.
CommandResult run_command(const std::string& command);

}  // namespace servesim::testing
