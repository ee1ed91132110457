// Seeded draws (see seeded_draws.h).
#include "core/seeded_draws.h"

namespace servesim::core {

std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t n) {
  // 2^64 mod n raw values at the bottom are rejected so that every residue is equally likely.
  const std::uint64_t threshold = (0 - n) % n;
  std::uint64_t x = rng();
  while (x < threshold) x = rng();
  return x % n;
}

}  // namespace servesim::core
