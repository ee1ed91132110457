// Per-replica schedulers: each step they choose which requests run and how many tokens each
// computes. They share the replica's queues and KV cache through ReplicaQueues, the admission,
// block-reservation and preemption rules below and the parameters of scheduler_limits_schema(),
// and differ only in policy (registry `servesim list schedulers`, one file per policy under
// serving/schedulers/):
//   vllm     continuous batching, prefill-first: a step is either the prefills of newly admitted
//            requests (whole prompts, up to the token budget) or one decode for every running one;
//   sarathi  chunked prefill, decode-first: every running decode plus prompt chunks filling the
//            per-step token budget;
//   orca     iteration-level: every running decode plus whole prompts that fit the budget;
//   static   a batch of up to max_num_seqs requests runs to completion before the next is admitted.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "core/registry.h"
#include "serving/kv_cache.h"
#include "serving/request.h"

namespace servesim::serving {

enum class PreemptionMode { recompute, swap };

/// How many KV blocks admission reserves: the prompt (vLLM; decode growth may then preempt) or
/// the whole sequence, prompt + output (TensorRT-LLM's GUARANTEED_NO_EVICT; never preempts).
enum class Admission { prompt, full_sequence };

/// The limits every scheduler applies, built by scheduler_limits() from its parameters.
struct SchedulerLimits {
  std::int64_t max_num_seqs = 0;
  std::int64_t max_num_batched_tokens = 0;
  PreemptionMode preemption{};
  Admission admission{};
};

/// The parameters every scheduler takes, declared once: max_num_seqs, max_num_batched_tokens,
/// preemption (recompute | swap) and admission (prompt | full-sequence). Each registered
/// scheduler's schema starts with these; a policy with parameters of its own extends it
/// (ParamSchema(scheduler_limits_schema(), {...})), and the scenario reads and writes them beside
/// the shared ones with no change to the scenario layer.
const core::ParamSchema& scheduler_limits_schema();

/// The limits of a scheduler's parameters. Contract: `params` declares scheduler_limits_schema().
SchedulerLimits scheduler_limits(const core::ParamValues& params);

struct StepWork {
  RequestState* request = nullptr;
  std::int64_t new_tokens = 0;  // prompt tokens (prefill) or 1 (decode)
};

/// The queues and KV cache of one replica.
struct ReplicaQueues {
  explicit ReplicaQueues(KvCache cache) : kv(std::move(cache)) {}

  std::deque<RequestState*> waiting;   // arrival order; recompute-preempted at the front
  std::deque<RequestState*> swapped;   // swapped to host memory, resumed first
  std::vector<RequestState*> running;  // admitted, holding KV blocks, in admission order
  KvCache kv;
  // Traffic and events of the step being scheduled (reset by the replica before scheduling).
  std::int64_t swap_in_blocks = 0;
  std::int64_t swap_out_blocks = 0;
  std::int64_t preemptions = 0;
  /// > 0: prompt tokens this step may take, below max_num_batched_tokens (set by the replica,
  /// e.g. to balance device and PIM time); honoured by the chunking schedulers.
  std::int64_t step_prompt_budget = 0;
};

class Scheduler {
 public:
  explicit Scheduler(SchedulerLimits limits) : limits_(limits) {}
  virtual ~Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Fills `work` with the next step (empty when there is nothing to run).
  /// Contract: every request in `work` is running and holds KV blocks for the tokens it will have
  /// after the step; at most max_num_seqs requests run; prompt tokens of a step stay within
  /// max_num_batched_tokens except a single whole prompt larger than it (non-chunking policies).
  virtual void schedule(ReplicaQueues& q, std::vector<StepWork>& work) = 0;

  [[nodiscard]] const SchedulerLimits& limits() const { return limits_; }

 protected:
  /// Admits the first waiting request if a sequence slot and KV blocks for its prompt are free;
  /// looks up its prompt in the prefix cache the first time.
  bool admit_next(ReplicaQueues& q) const;
  /// Resumes swapped requests while their blocks fit. Returns whether any swapped request is left.
  bool resume_swapped(ReplicaQueues& q) const;
  /// Reserves the block each decoding request needs for its next token, preempting the latest
  /// admitted requests when the cache is full; appends the decodes that can run to `work`.
  void reserve_decodes(ReplicaQueues& q, std::vector<StepWork>& work) const;
  void preempt(ReplicaQueues& q, RequestState* victim) const;

 private:
  SchedulerLimits limits_;
};

/// Makes a scheduler from its parameter values (of its registry entry's schema).
using SchedulerFactory = std::function<std::unique_ptr<Scheduler>(const core::ParamValues&)>;
/// The scheduling policies, one file each under serving/schedulers/ (`servesim list schedulers`).
const core::Registry<SchedulerFactory>& schedulers();

}  // namespace servesim::serving
