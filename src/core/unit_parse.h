// Parsing of unit strings at the configuration boundary: "3.35 TB/s", "80 GiB", "0.7 pJ/bit",
// "1.98 GHz", "989.4 TFLOPS", "85 °C", "120 mm²", "$15/mm²". A unit is a term or term/term, a term
// an optional SI or binary prefix and a base unit; decimal prefixes are powers of 1000 (GB = 1e9),
// binary ones powers of 1024 (GiB = 2^30); bits are converted to bytes (1 b = 1/8 B).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/units.h"

namespace servesim::core {

/// A parsed value in SI units with its dimension.
struct ParsedQuantity {
  double si = 0.0;
  Dims dims;
};

/// Parses "NUMBER UNIT". On failure returns nullopt and sets `error` to a one-line reason.
/// Contract: a bare number (no unit) parses as a dimensionless quantity (all exponents 0).
std::optional<ParsedQuantity> parse_quantity(std::string_view text, std::string& error);

/// Human-readable name of a dimension and an example literal, for error hints.
/// Example: dims of BytesPerSecond → {"bandwidth", "3.35 TB/s"}.
struct DimensionInfo {
  std::string name;
  std::string example;
};
DimensionInfo describe(const Dims& dims);

/// Parses "NUMBER UNIT" as a quantity of dimension `dims` (its SI value); nullopt with `error` set
/// when the text does not parse or has another dimension (the error then names what was expected,
/// with an example).
std::optional<double> parse_with_dims(std::string_view text, const Dims& dims, std::string& error);

/// parse_with_dims() into a typed quantity.
template <class Q>
std::optional<Q> parse_as(std::string_view text, std::string& error) {
  const auto si = parse_with_dims(text, Q::dims, error);
  if (!si) return std::nullopt;
  return Q(*si);
}

/// "VALUE UNIT" in the SI unit of `dims` ("0.001 s", "700 W"), which parse_with_dims() reads back
/// to the same value. Contract: `dims` is one describe() names (std::logic_error otherwise).
std::string format_si(double si, const Dims& dims);

/// Formats a quantity for people: "3.35 TB/s", "80.0 GiB", "1.23 ms" (3 significant digits).
std::string format_bytes(Bytes b);
std::string format_seconds(Seconds s);
std::string format_bandwidth(BytesPerSecond bw);
std::string format_rate(FlopsPerSecond f);

}  // namespace servesim::core
