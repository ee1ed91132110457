// KV block accounting and the LRU prefix cache (see kv_cache.h).
#include "serving/kv_cache.h"

#include <algorithm>

#include "serving/request.h"

namespace servesim::serving {

KvCache::KvCache(std::int64_t capacity_blocks, std::int64_t block_size)
    : capacity_(capacity_blocks),
      block_size_(block_size),
      blocks_per_prefix_((kPrefixBlockTokens + block_size - 1) / block_size) {}

void KvCache::allocate(std::int64_t blocks) {
  used_ += blocks;
  evict_until_fits();
}

void KvCache::release(std::int64_t blocks) { used_ = std::max<std::int64_t>(0, used_ - blocks); }

void KvCache::evict_until_fits() {
  while (!lru_.empty() && used_ + cached_blocks() > capacity_) {
    index_.erase(lru_.back());
    lru_.pop_back();
  }
}

std::int64_t KvCache::lookup_prefix(const std::vector<std::uint64_t>& hashes,
                                    std::int64_t max_tokens) {
  const auto max_blocks = static_cast<std::size_t>(max_tokens / kPrefixBlockTokens);
  const std::size_t considered = std::min(hashes.size(), max_blocks);
  std::size_t hit = 0;
  for (; hit < considered; ++hit) {
    auto it = index_.find(hashes[hit]);
    if (it == index_.end()) break;
    lru_.splice(lru_.begin(), lru_, it->second);
  }
  lookups_ += static_cast<std::int64_t>(considered);
  hits_ += static_cast<std::int64_t>(hit);
  return static_cast<std::int64_t>(hit) * kPrefixBlockTokens;
}

void KvCache::insert_prefix(const std::vector<std::uint64_t>& hashes, std::int64_t prompt_tokens) {
  const auto full = std::min(hashes.size(), static_cast<std::size_t>(prompt_tokens / kPrefixBlockTokens));
  for (std::size_t i = 0; i < full; ++i) {
    auto it = index_.find(hashes[i]);
    if (it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      continue;
    }
    if (used_ + blocks_per_prefix_ > capacity_) return;  // no room even with the cache emptied
    lru_.push_front(hashes[i]);
    index_[hashes[i]] = lru_.begin();
    evict_until_fits();  // drops the least recent entries (never the new one: it fits alone)
  }
}

}  // namespace servesim::serving
