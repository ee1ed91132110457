// Strong physical quantities in SI units (seconds, bytes, flops, joules, metres, kelvin, dollars).
// A Quantity carries its dimension as template exponents, so only meaningful products compile:
// Bytes / BytesPerSecond is Seconds, Watts * Seconds is Joules, Bytes + Seconds does not compile.
// Conventions (DESIGN.md): GB = 1e9 bytes, GiB = 2^30 bytes; data is counted in bytes, work in flops.
#pragma once

#include <cmath>
#include <compare>

namespace servesim::core {

/// The exponents of the seven base dimensions of a quantity.
struct Dims {
  int time = 0, data = 0, work = 0, energy = 0, length = 0, temperature = 0, money = 0;
  constexpr bool operator==(const Dims&) const = default;
};

/// A double in SI units tagged with its dimension. Contract: value() is always SI.
template <int T, int D, int W, int E, int L, int K, int M>
class Quantity {
 public:
  static constexpr Dims dims{T, D, W, E, L, K, M};

  constexpr Quantity() = default;
  constexpr explicit Quantity(double si) : value_(si) {}

  [[nodiscard]] constexpr double value() const { return value_; }

  constexpr Quantity operator+(Quantity o) const { return Quantity(value_ + o.value_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(value_ - o.value_); }
  constexpr Quantity operator-() const { return Quantity(-value_); }
  constexpr Quantity& operator+=(Quantity o) { value_ += o.value_; return *this; }
  constexpr Quantity& operator-=(Quantity o) { value_ -= o.value_; return *this; }
  constexpr Quantity operator*(double s) const { return Quantity(value_ * s); }
  constexpr Quantity operator/(double s) const { return Quantity(value_ / s); }
  constexpr Quantity& operator*=(double s) { value_ *= s; return *this; }
  friend constexpr Quantity operator*(double s, Quantity q) { return Quantity(s * q.value_); }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  double value_ = 0.0;
};

template <int T1, int D1, int W1, int E1, int L1, int K1, int M1, int T2, int D2, int W2, int E2,
          int L2, int K2, int M2>
constexpr auto operator*(Quantity<T1, D1, W1, E1, L1, K1, M1> a,
                         Quantity<T2, D2, W2, E2, L2, K2, M2> b) {
  if constexpr (T1 + T2 == 0 && D1 + D2 == 0 && W1 + W2 == 0 && E1 + E2 == 0 && L1 + L2 == 0 &&
                K1 + K2 == 0 && M1 + M2 == 0) {
    return a.value() * b.value();
  } else {
    return Quantity<T1 + T2, D1 + D2, W1 + W2, E1 + E2, L1 + L2, K1 + K2, M1 + M2>(a.value() *
                                                                                  b.value());
  }
}

template <int T1, int D1, int W1, int E1, int L1, int K1, int M1, int T2, int D2, int W2, int E2,
          int L2, int K2, int M2>
constexpr auto operator/(Quantity<T1, D1, W1, E1, L1, K1, M1> a,
                         Quantity<T2, D2, W2, E2, L2, K2, M2> b) {
  if constexpr (T1 == T2 && D1 == D2 && W1 == W2 && E1 == E2 && L1 == L2 && K1 == K2 && M1 == M2) {
    return a.value() / b.value();
  } else {
    return Quantity<T1 - T2, D1 - D2, W1 - W2, E1 - E2, L1 - L2, K1 - K2, M1 - M2>(a.value() /
                                                                                  b.value());
  }
}

//                           T   D   W   E   L   K   M
using Seconds = Quantity<1, 0, 0, 0, 0, 0, 0>;
using Hertz = Quantity<-1, 0, 0, 0, 0, 0, 0>;
using Bytes = Quantity<0, 1, 0, 0, 0, 0, 0>;
using Flops = Quantity<0, 0, 1, 0, 0, 0, 0>;
using Joules = Quantity<0, 0, 0, 1, 0, 0, 0>;
using Area = Quantity<0, 0, 0, 0, 2, 0, 0>;
using Kelvin = Quantity<0, 0, 0, 0, 0, 1, 0>;
using Dollars = Quantity<0, 0, 0, 0, 0, 0, 1>;
using BytesPerSecond = Quantity<-1, 1, 0, 0, 0, 0, 0>;
using FlopsPerSecond = Quantity<-1, 0, 1, 0, 0, 0, 0>;
using Watts = Quantity<-1, 0, 0, 1, 0, 0, 0>;
using JoulesPerByte = Quantity<0, -1, 0, 1, 0, 0, 0>;
using JoulesPerFlop = Quantity<0, 0, -1, 1, 0, 0, 0>;
using DollarsPerArea = Quantity<0, 0, 0, 0, -2, 0, 1>;
using DollarsPerByte = Quantity<0, -1, 0, 0, 0, 0, 1>;
using AreaPerByte = Quantity<0, -1, 0, 0, 2, 0, 0>;

inline constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
inline constexpr double kMiB = 1024.0 * 1024.0;
inline constexpr double kCelsiusZero = 273.15;

constexpr Seconds seconds(double s) { return Seconds(s); }
constexpr Seconds milliseconds(double ms) { return Seconds(ms * 1e-3); }
constexpr Seconds microseconds(double us) { return Seconds(us * 1e-6); }
constexpr Bytes bytes(double b) { return Bytes(b); }
constexpr Bytes gibibytes(double g) { return Bytes(g * kGiB); }
constexpr Flops flops(double f) { return Flops(f); }
constexpr Kelvin celsius(double c) { return Kelvin(c + kCelsiusZero); }
constexpr double to_celsius(Kelvin k) { return k.value() - kCelsiusZero; }

template <class Q>
constexpr Q max(Q a, Q b) { return a < b ? b : a; }
template <class Q>
constexpr Q min(Q a, Q b) { return a < b ? a : b; }

}  // namespace servesim::core
