// Reading ServeGen descriptor files into specs (see servegen_descriptor.h). Every problem of a
// file is collected and reported together with its line or JSON path.
#include "serving/servegen_descriptor.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/csv.h"
#include "core/diagnostics.h"

namespace servesim::serving {
namespace {

namespace fs = std::filesystem;

std::string read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::InputError(file, "", "cannot open file", "check the path");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json read_json(const std::string& file) {
  try {
    return nlohmann::json::parse(read_file(file));
  } catch (const nlohmann::json::parse_error& e) {
    throw core::InputError(file, "", fmt::format("not valid JSON ({})", e.what()),
                           "a ServeGen file as written by its generator");
  }
}

std::optional<double> number(const std::string& field) {
  double v = 0;
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The PMF string at obj[field]; nullptr (with the error recorded) when absent or malformed.
std::shared_ptr<const TokenPmf> read_pmf(const nlohmann::json& obj, const std::string& field,
                                         const std::string& path, core::Diagnostics& diag) {
  const std::string where = path.empty() ? field : path + "." + field;
  if (!obj.contains(field) || !obj[field].is_string()) {
    diag.error(where, 0, "missing or not a string",
               "a PMF string such as \"{45: 0.25, 46: 0.75}\"");
    return nullptr;
  }
  std::string why;
  auto pmf = TokenPmf::parse(obj[field].get<std::string>(), why);
  if (!pmf) {
    diag.error(where, 0, why);
    return nullptr;
  }
  return std::make_shared<const TokenPmf>(std::move(*pmf));
}

// Records unknown keys of `obj` as errors with a "did you mean".
void reject_unknown_keys(const nlohmann::json& obj, const std::vector<std::string>& known,
                         const std::string& path, core::Diagnostics& diag) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string near = core::closest_match(key, known);
    diag.error(path.empty() ? key : path + "." + key, 0, "unknown field",
               near.empty() ? fmt::format("known: {}", fmt::join(known, ", "))
                            : fmt::format("did you mean '{}'?", near));
  }
}

std::vector<ServeGenWindow> read_trace(const std::string& file) {
  std::vector<int> lines;
  const auto records = core::parse_csv_records(read_file(file), file, &lines);
  core::Diagnostics diag(file);
  std::vector<ServeGenWindow> windows;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& f = records[i];
    const int line = lines[i];
    if (f.size() == 1 && f[0].empty()) continue;
    if (f.size() != 6) {
      diag.error(
          "", line, fmt::format("{} fields instead of 6", f.size()),
          "6 fields: window_start_s,rate,cv,Weibull|Gamma|Exponential|(empty),param1,param2");
      continue;
    }
    ServeGenWindow w;
    const auto start = number(f[0]);
    const auto rate = number(f[1]);
    const auto shape = number(f[4]);
    if (!start || *start < 0) {
      diag.error("window_start_s", line, fmt::format("\"{}\" is not a number >= 0", f[0]),
                 "the window's start in seconds");
    }
    if (!rate || *rate < 0) {
      diag.error("rate", line, fmt::format("\"{}\" is not a number >= 0", f[1]),
                 "the window's request rate in requests/s");
    }
    if (f[3] == "Gamma" || f[3] == "Weibull") {
      w.family = f[3] == "Gamma" ? ArrivalFamily::gamma : ArrivalFamily::weibull;
      if (!shape || *shape <= 0) {
        diag.error("param1", line, fmt::format("\"{}\" is not a number > 0", f[4]),
                   fmt::format("the {} shape, a number > 0", f[3]));
      } else {
        w.shape = *shape;
      }
    } else if (!f[3].empty() && f[3] != "Exponential") {
      diag.error("fitted_dist", line, fmt::format("unknown family \"{}\"", f[3]),
                 "Weibull, Gamma, Exponential or empty");
    }
    if (!start || !rate) continue;
    if (!windows.empty() && *start <= windows.back().start) {
      diag.error("window_start_s", line,
                 fmt::format("{:g} does not follow {:g}", *start, windows.back().start),
                 "windows in ascending start order");
      continue;
    }
    w.start = *start;
    w.rate = *rate;
    windows.push_back(w);
  }
  diag.throw_if_errors();
  if (windows.empty()) throw core::InputError(file, "", "no windows", "one row per window");
  for (std::size_t i = 0; i + 1 < windows.size(); ++i) {
    windows[i].length = windows[i + 1].start - windows[i].start;
  }
  windows.back().length = windows.size() > 1 ? windows[windows.size() - 2].length : 600.0;
  return windows;
}

std::vector<ServeGenLengths> read_dataset(const std::string& file,
                                          const std::vector<ServeGenWindow>& windows) {
  const nlohmann::json j = read_json(file);
  core::Diagnostics diag(file);
  if (!j.is_object()) {
    diag.error("", 0, "not a JSON object", "{\"<window_start_s>\": {...}, ...}");
    diag.throw_if_errors();
  }
  std::vector<ServeGenLengths> lengths;
  for (const auto& [key, value] : j.items()) {
    const auto start = number(key);
    if (!start || *start < 0) {
      diag.error(key, 0, "not a window start", "keys are window starts in seconds, e.g. \"21600\"");
      continue;
    }
    if (!value.is_object()) {
      diag.error(key, 0, "not an object",
                 "{\"input_tokens\": \"<PMF>\", \"output_tokens\": \"<PMF>\"}");
      continue;
    }
    reject_unknown_keys(value, {"input_tokens", "output_tokens", "reason_ratio"}, key, diag);
    ServeGenLengths l{
        *start,
        {read_pmf(value, "input_tokens", key, diag), read_pmf(value, "output_tokens", key, diag)}};
    lengths.push_back(std::move(l));
  }
  std::sort(lengths.begin(), lengths.end(),
            [](const auto& a, const auto& b) { return a.start < b.start; });
  diag.throw_if_errors();
  // Every window with requests needs non-empty PMFs from the last dataset entry at or before it.
  for (const ServeGenWindow& w : windows) {
    if (w.rate == 0) continue;
    auto it = std::upper_bound(lengths.begin(), lengths.end(), w.start,
                               [](double t, const ServeGenLengths& l) { return t < l.start; });
    if (it == lengths.begin()) {
      diag.error("", 0,
                 fmt::format("no PMFs at or before window {:g} s, which has requests", w.start),
                 "a key whose window start is <= that time");
      break;
    }
    const ServeGenLengths& l = *std::prev(it);
    if (l.pmfs.input->empty() || l.pmfs.output->empty()) {
      diag.error(fmt::format("{:g}", l.start), 0,
                 fmt::format("empty PMF, but window {:g} s has {:g} requests/s", w.start, w.rate),
                 "non-empty input_tokens and output_tokens PMFs");
      break;
    }
  }
  diag.throw_if_errors();
  return lengths;
}

// Client numbers of the chunk-N-trace.csv files in `dir`, ascending.
std::vector<int> client_ids(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw core::InputError(
        dir, "", "no such ServeGen descriptor directory",
        "the directory of chunk-<client>-trace.csv and chunk-<client>-dataset.json "
        "files of a ServeGen descriptor, e.g. servegen:servegen/reason/deepseek-r1");
  }
  std::vector<int> ids;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const std::string prefix = "chunk-", suffix = "-trace.csv";
    if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string digits =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    int id = 0;
    const auto [ptr, err] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (err == std::errc() && ptr == digits.data() + digits.size()) ids.push_back(id);
  }
  if (ids.empty()) {
    throw core::InputError(dir, "", "no chunk-<client>-trace.csv files",
                           "a ServeGen descriptor directory such as data/reason/deepseek-r1");
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

std::vector<ServeGenClient> load_servegen_descriptor(const std::string& dir) {
  std::vector<ServeGenClient> clients;
  for (const int id : client_ids(dir)) {
    const fs::path base(dir);
    const std::string trace = (base / fmt::format("chunk-{}-trace.csv", id)).string();
    const std::string dataset = (base / fmt::format("chunk-{}-dataset.json", id)).string();
    std::error_code ec;
    if (!fs::is_regular_file(dataset, ec)) {
      throw core::InputError(dataset, "",
                             "missing: every chunk-N-trace.csv needs its chunk-N-dataset.json");
    }
    ServeGenClient c;
    c.id = id;
    c.windows = read_trace(trace);
    c.lengths = read_dataset(dataset, c.windows);
    clients.push_back(std::move(c));
  }
  return clients;
}

LengthPmfs load_length_descriptor(const std::string& file) {
  const nlohmann::json j = read_json(file);
  core::Diagnostics diag(file);
  if (!j.is_object()) {
    diag.error("", 0, "not a JSON object",
               "{\"input_tokens\": \"<PMF>\", \"output_tokens\": \"<PMF>\"}");
    diag.throw_if_errors();
  }
  reject_unknown_keys(j, {"source", "input_tokens", "output_tokens"}, "", diag);
  LengthPmfs pmfs{read_pmf(j, "input_tokens", "", diag), read_pmf(j, "output_tokens", "", diag)};
  for (const auto& [field, pmf] :
       {std::pair{"input_tokens", pmfs.input}, std::pair{"output_tokens", pmfs.output}}) {
    if (pmf && pmf->empty())
      diag.error(field, 0, "empty PMF", "at least one token count with probability > 0");
  }
  diag.throw_if_errors();
  return pmfs;
}

}  // namespace servesim::serving
