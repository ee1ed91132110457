// Diagnostics formatting and the "did you mean" suggestion (Levenshtein distance).
#include "core/diagnostics.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace servesim::core {
namespace {

std::string join_report(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}", line);
  std::string out = path.empty() ? fmt::format("{}: error: {}", where, message)
                                 : fmt::format("{}: error: {}: {}", where, path, message);
  if (!hint.empty()) out += fmt::format(" ({})", hint);
  return out;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_report(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(std::string file, std::string path, std::string message, std::string hint)
    : InputError(std::vector<Diagnostic>{
          Diagnostic{std::move(file), std::move(path), 0, std::move(message), std::move(hint)}}) {}

InputError relocated(const InputError& error, const std::string& placeholder,
                     const std::string& file) {
  std::vector<Diagnostic> out = error.diagnostics();
  for (Diagnostic& d : out) {
    if (d.file == placeholder) d.file = file;
  }
  return InputError(std::move(out));
}

void Diagnostics::error(const std::string& path, int line, std::string message, std::string hint) {
  errors_.push_back(Diagnostic{file_, path, line, std::move(message), std::move(hint)});
}

void Diagnostics::throw_if_errors() const {
  if (!errors_.empty()) throw InputError(errors_);
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  // Accept up to a third of the word (at least two edits, so one transposition still matches).
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace servesim::core
