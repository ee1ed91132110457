// Collected configuration diagnostics. Loaders record every problem of a file (with its key path
// and line) instead of stopping at the first; the caller throws InputError once, after the whole
// file was read, so a user sees all mistakes at once (DESIGN.md "Specs before models").
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace servesim::core {

struct Diagnostic {
  std::string file;     // "configs/devices/h100.yaml", or a placeholder such as "<scenario>"
  std::string path;     // "memory.bandwidth", "devices[2].name"
  int line = 0;         // 1-based, 0 when unknown
  std::string message;  // "must be > 0"
  std::string hint;     // "did you mean 'bandwidth'?" (may be empty)

  [[nodiscard]] std::string to_string() const;
};

/// Bad user input. Carries every diagnostic; what() is the formatted multi-line report.
/// The CLI maps it to exit code 2. Library code throws it only at API boundaries.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  InputError(std::string file, std::string path, std::string message, std::string hint = {});
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// `error` with the diagnostics filed under `placeholder` (a layer's name for input it was handed,
/// such as "<scenario>") filed under `file` instead.
InputError relocated(const InputError& error, const std::string& placeholder,
                     const std::string& file);

/// Accumulates errors for one input file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(const std::string& path, int line, std::string message, std::string hint = {});
  [[nodiscard]] bool ok() const { return errors_.empty(); }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::vector<Diagnostic>& errors() const { return errors_; }
  /// Throws InputError with all collected errors if there are any.
  void throw_if_errors() const;

 private:
  std::string file_;
  std::vector<Diagnostic> errors_;
};

/// The closest candidate by edit distance, or "" if none is within a third of the word's length.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace servesim::core
