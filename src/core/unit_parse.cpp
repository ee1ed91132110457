// Unit-string parser: NUMBER [prefix]base[/[prefix]base]. See unit_parse.h for the grammar.
#include "core/unit_parse.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace servesim::core {
namespace {

struct BaseUnit {
  std::string_view symbol;
  Dims dims;
  double scale;          // SI value of one unit
  bool takes_prefix;     // "°C" and "$" take none
};

constexpr Dims kTime{1, 0, 0, 0, 0, 0, 0};
constexpr Dims kFreq{-1, 0, 0, 0, 0, 0, 0};
constexpr Dims kData{0, 1, 0, 0, 0, 0, 0};
constexpr Dims kWork{0, 0, 1, 0, 0, 0, 0};
constexpr Dims kWorkRate{-1, 0, 1, 0, 0, 0, 0};
constexpr Dims kDataRate{-1, 1, 0, 0, 0, 0, 0};
constexpr Dims kPower{-1, 0, 0, 1, 0, 0, 0};
constexpr Dims kEnergy{0, 0, 0, 1, 0, 0, 0};
constexpr Dims kLength{0, 0, 0, 0, 1, 0, 0};
constexpr Dims kArea{0, 0, 0, 0, 2, 0, 0};
constexpr Dims kTemp{0, 0, 0, 0, 0, 1, 0};
constexpr Dims kMoney{0, 0, 0, 0, 0, 0, 1};

// Longest symbols first where one is a prefix of another is not needed: matching is exact on the
// remainder after the prefix.
constexpr std::array kBaseUnits = {
    BaseUnit{"s", kTime, 1.0, true},         BaseUnit{"Hz", kFreq, 1.0, true},
    BaseUnit{"B", kData, 1.0, true},         BaseUnit{"byte", kData, 1.0, true},
    BaseUnit{"bytes", kData, 1.0, true},     BaseUnit{"b", kData, 0.125, true},
    BaseUnit{"bit", kData, 0.125, true},     BaseUnit{"bits", kData, 0.125, true},
    BaseUnit{"bps", kDataRate, 0.125, true}, BaseUnit{"FLOP", kWork, 1.0, true},
    BaseUnit{"op", kWork, 1.0, true},        BaseUnit{"OP", kWork, 1.0, true},
    BaseUnit{"MAC", kWork, 2.0, true},       BaseUnit{"FLOPS", kWorkRate, 1.0, true},
    BaseUnit{"FLOP/s", kWorkRate, 1.0, true}, BaseUnit{"OPS", kWorkRate, 1.0, true},
    BaseUnit{"W", kPower, 1.0, true},        BaseUnit{"J", kEnergy, 1.0, true},
    BaseUnit{"m", kLength, 1.0, true},       BaseUnit{"m²", kArea, 1.0, true},
    BaseUnit{"m2", kArea, 1.0, true},        BaseUnit{"K", kTemp, 1.0, false},
    BaseUnit{"$", kMoney, 1.0, false},       BaseUnit{"USD", kMoney, 1.0, false},
};

struct Prefix {
  std::string_view symbol;
  double scale;
};
constexpr std::array kPrefixes = {
    Prefix{"Ki", 1024.0},        Prefix{"Mi", 1024.0 * 1024},  Prefix{"Gi", 1024.0 * 1024 * 1024},
    Prefix{"Ti", 1099511627776.0}, Prefix{"p", 1e-12},         Prefix{"n", 1e-9},
    Prefix{"u", 1e-6},           Prefix{"µ", 1e-6},           Prefix{"m", 1e-3},
    Prefix{"c", 1e-2},           Prefix{"k", 1e3},            Prefix{"K", 1e3},
    Prefix{"M", 1e6},            Prefix{"G", 1e9},            Prefix{"T", 1e12},
    Prefix{"P", 1e15},           Prefix{"f", 1e-15},
};

Dims add(Dims a, Dims b, int sign) {
  return {a.time + sign * b.time,       a.data + sign * b.data,
          a.work + sign * b.work,       a.energy + sign * b.energy,
          a.length + sign * b.length,   a.temperature + sign * b.temperature,
          a.money + sign * b.money};
}

std::optional<ParsedQuantity> parse_term(std::string_view term) {
  for (const BaseUnit& u : kBaseUnits) {
    if (term == u.symbol) return ParsedQuantity{u.scale, u.dims};
  }
  for (const Prefix& p : kPrefixes) {
    if (term.size() <= p.symbol.size() || term.substr(0, p.symbol.size()) != p.symbol) continue;
    const std::string_view rest = term.substr(p.symbol.size());
    for (const BaseUnit& u : kBaseUnits) {
      if (!u.takes_prefix || rest != u.symbol) continue;
      double scale = p.scale;
      if (u.dims == kArea) scale *= p.scale;  // mm² = (1e-3 m)²
      return ParsedQuantity{scale * u.scale, u.dims};
    }
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<ParsedQuantity> parse_unit(std::string_view unit) {
  if (unit == "°C" || unit == "degC" || unit == "C") return ParsedQuantity{1.0, kTemp};
  if (auto whole = parse_term(unit)) return whole;  // "FLOP/s"
  const auto slash = unit.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto num = parse_term(trim(unit.substr(0, slash)));
  auto den = parse_term(trim(unit.substr(slash + 1)));
  if (!num || !den) return std::nullopt;
  return ParsedQuantity{num->si / den->si, add(num->dims, den->dims, -1)};
}

std::string with_3_digits(double v, std::string_view unit) {
  return fmt::format("{:.3g} {}", v, unit);
}

}  // namespace

std::optional<ParsedQuantity> parse_quantity(std::string_view text, std::string& error) {
  std::string_view s = trim(text);
  bool money_prefix = false;
  if (!s.empty() && s.front() == '$') {  // "$15/mm²" = 15 $/mm²
    money_prefix = true;
    s.remove_prefix(1);
  }
  const std::string buffer(s);
  char* end = nullptr;
  const double number = std::strtod(buffer.c_str(), &end);
  if (end == buffer.c_str()) {
    error = "does not start with a number";
    return std::nullopt;
  }
  if (!std::isfinite(number)) {
    error = "is not a finite number";
    return std::nullopt;
  }
  std::string_view unit = trim(std::string_view(end));
  if (money_prefix) {
    std::string composed(1, '$');
    composed.append(unit);
    auto u = parse_unit(composed);
    if (!u) {
      error = fmt::format("has an unknown unit \"{}\"", composed);
      return std::nullopt;
    }
    return ParsedQuantity{number * u->si, u->dims};
  }
  if (unit.empty()) return ParsedQuantity{number, Dims{}};
  if (unit == "°C" || unit == "degC" || unit == "C") {
    return ParsedQuantity{number + kCelsiusZero, kTemp};
  }
  auto u = parse_unit(unit);
  if (!u) {
    error = fmt::format("has an unknown unit \"{}\"", unit);
    return std::nullopt;
  }
  return ParsedQuantity{number * u->si, u->dims};
}

namespace {

// Dimensions with a name, an example for error hints and the SI unit format_si() writes.
struct NamedDims {
  Dims dims;
  const char* name;
  const char* example;
  const char* si_unit;
};

const NamedDims* find_named(const Dims& d) {
  static const std::array kNamed = {
      NamedDims{kTime, "time", "1.5 us", "s"},
      NamedDims{kFreq, "frequency", "1.98 GHz", "Hz"},
      NamedDims{kData, "size in bytes", "80 GiB", "B"},
      NamedDims{kWork, "amount of work", "2 TFLOP", "FLOP"},
      NamedDims{kWorkRate, "compute rate", "989.4 TFLOPS", "FLOPS"},
      NamedDims{kDataRate, "bandwidth", "3.35 TB/s", "B/s"},
      NamedDims{kPower, "power", "700 W", "W"},
      NamedDims{kEnergy, "energy", "1.2 J", "J"},
      NamedDims{add(kEnergy, kData, -1), "energy per bit", "0.7 pJ/bit", "J/B"},
      NamedDims{add(kEnergy, kWork, -1), "energy per operation", "0.5 pJ/op", "J/op"},
      NamedDims{kLength, "length", "10 mm", "m"},
      NamedDims{kArea, "area", "826 mm²", "m2"},
      NamedDims{kTemp, "temperature", "85 °C", "K"},
      NamedDims{kMoney, "cost", "$25000", "$"},
      NamedDims{add(kMoney, kArea, -1), "cost per area", "$0.15/mm²", "$/m2"},
      NamedDims{add(kMoney, kData, -1), "cost per byte", "$10/GB", "$/B"},
      NamedDims{add(kArea, kData, -1), "area per byte", "0.5 mm²/MB", "m2/B"},
      NamedDims{Dims{}, "plain number", "0.9", ""},
  };
  for (const NamedDims& n : kNamed) {
    if (n.dims == d) return &n;
  }
  return nullptr;
}

}  // namespace

DimensionInfo describe(const Dims& d) {
  if (const NamedDims* n = find_named(d)) return {n->name, n->example};
  return {"quantity of unusual dimension", "?"};
}

std::optional<double> parse_with_dims(std::string_view text, const Dims& dims, std::string& error) {
  auto parsed = parse_quantity(text, error);
  if (!parsed) return std::nullopt;
  if (!(parsed->dims == dims)) {
    const DimensionInfo want = describe(dims);
    if (parsed->dims == Dims{}) {
      error = "a bare number has no unit; expected a " + want.name + " such as \"" + want.example +
              "\"";
    } else {
      error = "has the dimension of a " + describe(parsed->dims).name + "; expected a " +
              want.name + " such as \"" + want.example + "\"";
    }
    return std::nullopt;
  }
  return parsed->si;
}

std::string format_si(double si, const Dims& dims) {
  const NamedDims* n = find_named(dims);
  if (n == nullptr) throw std::logic_error("format_si: a dimension without an SI unit name");
  if (*n->si_unit == '\0') return fmt::format("{}", si);
  return fmt::format("{} {}", si, n->si_unit);
}

std::string format_bytes(Bytes b) {
  const double v = b.value();
  if (std::abs(v) >= kGiB) return with_3_digits(v / kGiB, "GiB");
  if (std::abs(v) >= kMiB) return with_3_digits(v / kMiB, "MiB");
  if (std::abs(v) >= 1024.0) return with_3_digits(v / 1024.0, "KiB");
  return with_3_digits(v, "B");
}

std::string format_seconds(Seconds s) {
  const double v = s.value();
  if (std::abs(v) >= 1.0) return with_3_digits(v, "s");
  if (std::abs(v) >= 1e-3) return with_3_digits(v * 1e3, "ms");
  if (std::abs(v) >= 1e-6) return with_3_digits(v * 1e6, "us");
  return with_3_digits(v * 1e9, "ns");
}

std::string format_bandwidth(BytesPerSecond bw) {
  const double v = bw.value();
  if (std::abs(v) >= 1e12) return with_3_digits(v / 1e12, "TB/s");
  if (std::abs(v) >= 1e9) return with_3_digits(v / 1e9, "GB/s");
  return with_3_digits(v / 1e6, "MB/s");
}

std::string format_rate(FlopsPerSecond f) {
  const double v = f.value();
  if (std::abs(v) >= 1e12) return with_3_digits(v / 1e12, "TFLOPS");
  return with_3_digits(v / 1e9, "GFLOPS");
}

}  // namespace servesim::core
