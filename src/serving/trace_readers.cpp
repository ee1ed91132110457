// The line-oriented trace source every reader shares, and the reader registry (see
// trace_readers.h).
#include "serving/trace_readers.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/diagnostics.h"
#include "serving/traces/formats.h"

namespace servesim::serving {

RowError::RowError(const std::string& what) : std::runtime_error(what) {}

LineSource::LineSource(std::string filename, bool skip_bad_rows, bool has_header)
    : filename_(std::move(filename)), in_(filename_), skip_(skip_bad_rows) {
  if (!in_) throw core::InputError(filename_, "", "cannot open file", "check the path");
  if (has_header) {
    std::string header;
    std::getline(in_, header);
    ++line_;
  }
}

std::optional<Request> LineSource::next() {
  std::string text;
  while (std::getline(in_, text)) {
    ++line_;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    try {
      Request r = parse(text);
      if (r.input_tokens < 1) throw RowError("input tokens must be >= 1");
      if (r.output_tokens < 1) throw RowError("output tokens must be >= 1");
      if (r.input_tokens > kMaxTraceTokens || r.output_tokens > kMaxTraceTokens) {
        throw RowError("token counts must be at most 2^40");
      }
      if (has_previous_ && r.arrival < previous_arrival_) {
        throw RowError(fmt::format("arrival time goes backwards ({:.6f} s after {:.6f} s)",
                                   r.arrival.value(), previous_arrival_.value()));
      }
      has_previous_ = true;
      previous_arrival_ = r.arrival;
      r.id = next_id_++;
      return r;
    } catch (const RowError& e) {
      if (!skip_) {
        throw core::InputError(
            {core::Diagnostic{filename_, "", line_, e.what(),
                              "fix the row or skip bad rows (workload.skip_bad_rows)"}});
      }
      ++skipped_;
    }
  }
  return std::nullopt;
}

std::int64_t LineSource::integer(const std::string& field, const char* what) {
  std::int64_t v = 0;
  const char* begin = field.data();
  const char* end = begin + field.size();
  while (begin < end && *begin == ' ') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end) {
    throw RowError(fmt::format("{} \"{}\" is not an integer", what, field));
  }
  return v;
}

double LineSource::real(const std::string& field, const char* what) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(v)) {
    throw RowError(fmt::format("{} \"{}\" is not a number", what, field));
  }
  return v;
}

std::vector<std::string> LineSource::fields(const std::string& line, std::size_t expected) const {
  std::vector<std::vector<std::string>> records;
  try {
    records = core::parse_csv_records(line, filename_);
  } catch (const core::InputError&) {
    throw RowError("unterminated quoted field");
  }
  if (records.size() != 1 || records[0].size() != expected) {
    throw RowError(fmt::format("expected {} comma-separated fields", expected));
  }
  return records[0];
}

const core::Registry<TraceReader>& trace_readers() {
  static const core::Registry<TraceReader> registry = [] {
    core::Registry<TraceReader> r("trace format");
    register_azure_trace(r);
    register_mooncake_trace(r);
    register_csv_trace(r);
    return r;
  }();
  return registry;
}

}  // namespace servesim::serving
