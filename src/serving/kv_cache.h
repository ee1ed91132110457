// Paged KV-cache accounting for one replica (vLLM's block manager, at block granularity):
// capacity in blocks of `block_size` tokens; a request holds ceil(tokens / block_size) blocks.
// A prefix cache keyed by Mooncake hash ids (512-token blocks) lives in the free blocks: entries
// are kept in LRU order and evicted when running requests need the space, so
// used + prefix-cached ≤ capacity always holds. Simplification (documented): requests that hit
// the prefix cache skip the prefill compute of the cached tokens but still hold their own blocks
// (block sharing between running requests is not modelled).
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

namespace servesim::serving {

class KvCache {
 public:
  KvCache(std::int64_t capacity_blocks, std::int64_t block_size);

  [[nodiscard]] std::int64_t blocks_for(std::int64_t tokens) const {
    return (tokens + block_size_ - 1) / block_size_;
  }
  [[nodiscard]] std::int64_t capacity() const { return capacity_; }
  [[nodiscard]] std::int64_t used() const { return used_; }
  [[nodiscard]] std::int64_t block_size() const { return block_size_; }
  [[nodiscard]] bool can_allocate(std::int64_t blocks) const { return used_ + blocks <= capacity_; }
  /// Contract: can_allocate(blocks). Evicts prefix-cache entries as needed.
  void allocate(std::int64_t blocks);
  void release(std::int64_t blocks);

  /// Prompt tokens of `hashes` already cached (leading full 512-token blocks, at most
  /// max_tokens); refreshes their LRU position and counts hits and lookups.
  std::int64_t lookup_prefix(const std::vector<std::uint64_t>& hashes, std::int64_t max_tokens);
  /// Records the full 512-token blocks of a prefilled prompt of `prompt_tokens` tokens.
  void insert_prefix(const std::vector<std::uint64_t>& hashes, std::int64_t prompt_tokens);
  [[nodiscard]] std::int64_t prefix_lookups() const { return lookups_; }
  [[nodiscard]] std::int64_t prefix_hits() const { return hits_; }

 private:
  void evict_until_fits();
  [[nodiscard]] std::int64_t cached_blocks() const {
    return static_cast<std::int64_t>(lru_.size()) * blocks_per_prefix_;
  }

  std::int64_t capacity_;
  std::int64_t block_size_;
  std::int64_t used_ = 0;
  std::int64_t blocks_per_prefix_;
  std::list<std::uint64_t> lru_;  // front = most recent
  std::unordered_map<std::uint64_t, std::list<std::uint64_t>::iterator> index_;
  std::int64_t lookups_ = 0;
  std::int64_t hits_ = 0;
};

}  // namespace servesim::serving
