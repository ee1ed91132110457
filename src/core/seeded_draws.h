// Seeded draws that replay on every standard library: only the raw output of std::mt19937_64,
// which the standard fixes, is used (no std distributions or std::shuffle, whose algorithms
// differ between libraries). The searches' strategies and the expert-routing placements use them.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace servesim::core {

/// A uniform draw from 0 .. n-1 by rejection on the raw 64-bit output. Contract: n > 0.
std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t n);

/// Shuffles `items` uniformly (Fisher-Yates).
template <class T>
void shuffle(std::mt19937_64& rng, std::vector<T>& items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[uniform_below(rng, i)]);
  }
}

}  // namespace servesim::core
