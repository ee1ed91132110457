// Unit-string parser: NUMBER [prefix]base[/[prefix]base]. See unit_parse.h for the grammar.
#include "core/unit_parse.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>

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

DimensionInfo describe(const Dims& d) {
  struct Named {
    Dims dims;
    const char* name;
    const char* example;
  };
  static const std::array kNamed = {
      Named{kTime, "time", "1.5 us"},
      Named{kFreq, "frequency", "1.98 GHz"},
      Named{kData, "size in bytes", "80 GiB"},
      Named{kWork, "amount of work", "2 TFLOP"},
      Named{kWorkRate, "compute rate", "989.4 TFLOPS"},
      Named{kDataRate, "bandwidth", "3.35 TB/s"},
      Named{kPower, "power", "700 W"},
      Named{kEnergy, "energy", "1.2 J"},
      Named{add(kEnergy, kData, -1), "energy per bit", "0.7 pJ/bit"},
      Named{add(kEnergy, kWork, -1), "energy per operation", "0.5 pJ/op"},
      Named{kLength, "length", "10 mm"},
      Named{kArea, "area", "826 mm²"},
      Named{kTemp, "temperature", "85 °C"},
      Named{kMoney, "cost", "$25000"},
      Named{add(kMoney, kArea, -1), "cost per area", "$0.15/mm²"},
      Named{add(kMoney, kData, -1), "cost per byte", "$10/GB"},
      Named{add(kArea, kData, -1), "area per byte", "0.5 mm²/MB"},
      Named{Dims{}, "plain number", "0.9"},
  };
  for (const Named& n : kNamed) {
    if (n.dims == d) return {n.name, n.example};
  }
  return {"quantity of unusual dimension", "?"};
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
