// A hash of text that is the same on every machine and in every run (FNV-1a, 64 bits), for
// identities that are stored and compared later: a search space, a resolved scenario.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace servesim::core {

/// FNV-1a of `text` as 16 lowercase hex digits.
inline std::string stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xF];
  return out;
}

}  // namespace servesim::core
