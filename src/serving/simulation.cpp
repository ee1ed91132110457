// The serving event loop (see simulation.h).
#include "serving/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "core/diagnostics.h"
#include "perf/batch_estimate.h"
#include "perf/kv_transfer.h"
#include "serving/event_queue.h"
#include "serving/router.h"

namespace servesim::serving {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

enum class Role { colocated, prefill, decode };

struct Replica {
  Replica(KvCache cache, perf::StepModel* step_model, Role r)
      : queues(std::move(cache)), model(step_model), role(r) {}
  ReplicaQueues queues;
  perf::StepModel* model;
  Role role;
  // P/D prefill replica: when each DP-attention group's links finish their last transfer.
  std::vector<Seconds> link_free;
  std::unique_ptr<Scheduler> scheduler;
  std::vector<StepWork> work;
  std::vector<char> was_prefill;  // per work item
  double prefill_seconds_per_token = 0;  // device time of a prompt token (pim_balanced_chunks)
  bool busy = false;
  Seconds step_start{}, step_end{}, idle_since{};
};

LatencySummary summarize(const LatencyHistogram& h) {
  return {h.count(), h.mean(), h.percentile(0.5), h.percentile(0.9), h.percentile(0.99), h.max()};
}

class Engine {
 public:
  /// `decode` is null for co-located serving; `feedback` null for a fixed operating point.
  Engine(perf::StepModel& model, perf::StepModel* decode, Workload& workload,
         const ServeConfig& config, const std::vector<SimulationObserver*>& observers,
         OperatingPointFeedback* feedback)
      : model_(model),
        workload_(workload),
        config_(config),
        observers_(observers),
        feedback_(feedback),
        router_(routers()
                    .get(config.router.name, "<scenario>", "serving.router")
                    .value(config.router.params)),
        limits_(scheduler_limits(config.scheduler.params)) {
    core::Selection scheduler = config.scheduler;
    if (workload.mode == ArrivalMode::static_batches) {
      scheduler = schedulers().select("static");
      scheduler.params = config.scheduler.params.carried_to(scheduler.params.schema());
      scheduler.params.set("max_num_seqs", workload.concurrency);
    }
    const auto& factory = schedulers().get(scheduler.name, "<scenario>", "serving.scheduler").value;
    auto add_pool = [&](perf::StepModel& m, std::int64_t count, Role role) {
      const Capacity cap = kv_capacity(m, config);
      core::ParamValues pool_params = scheduler.params;
      // A prefill replica hands a request off after its first token: it only needs the prompt.
      if (role == Role::prefill) pool_params.set("admission", std::string("prompt"));
      for (std::int64_t i = 0; i < count; ++i) {
        // Under feedback each replica has an operating point of its own, hence a model.
        perf::StepModel* own = &m;
        if (feedback_) own = owned_models_.emplace_back(std::make_unique<perf::StepModel>(m)).get();
        replicas_.push_back(
            std::make_unique<Replica>(KvCache(cap.blocks, config.block_size), own, role));
        replicas_.back()->scheduler = factory(pool_params);
        replica_block_bytes_.push_back(cap.block_bytes);
      }
      return cap;
    };
    if (decode == nullptr) {
      capacity_ = add_pool(model, config.replicas, Role::colocated);
      entry_pool_ = {0, replicas_.size()};
    } else {
      capacity_ = add_pool(model, config.prefill_replicas, Role::prefill);
      entry_pool_ = {0, replicas_.size()};
      const Capacity decode_cap = add_pool(*decode, config.decode_replicas, Role::decode);
      capacity_.blocks = std::min(capacity_.blocks, decode_cap.blocks);
      decode_pool_ = {entry_pool_.second, replicas_.size()};
    }
    std::vector<core::Watts> idle;
    for (const auto& r : replicas_) idle.emplace_back(idle_watts(*r));
    power_.emplace(std::move(idle), observers_);
  }

  ServeSummary run() {
    if (workload_.mode == ArrivalMode::closed_loop) {
      for (std::int64_t i = 0; i < workload_.concurrency; ++i) inject_next(Seconds{});
    } else {
      lookahead_ = workload_.source->next();
      arm_arrival();
    }
    if (feedback_) {
      const Seconds window = feedback_->operating_window();
      if (!(window > Seconds{}) || !std::isfinite(window.value())) {
        throw std::invalid_argument("the operating window must be positive and finite");
      }
      events_.push({window, EventKind::operating_window});
    }
    while (true) {
      for (std::size_t i = 0; i < replicas_.size(); ++i) {
        if (!replicas_[i]->busy) start(i);
      }
      if (arrival_parked_ && arrivals_allowed()) arm_arrival();
      if (!pending()) break;
      const Event e = events_.pop();
      switch (e.kind) {
        case EventKind::kv_transfer_done: land_transfers(e); break;
        case EventKind::arrival: take_arrivals(e); break;
        case EventKind::step_end: end_steps(e); break;
        case EventKind::operating_window: close_window(e); break;
      }
    }
    return finish_summary();
  }

 private:
  // The arrival event is the next request of the stream, queued at its arrival time; while the
  // queues are full it is parked instead (out of the queue) and queued again once they drain.
  void arm_arrival() {
    if (lookahead_) events_.push({lookahead_->arrival, EventKind::arrival});
    arrival_parked_ = false;
  }

  /// Whether there is work left: an event other than the operating window, once an arrival at
  /// the head that the full queues do not allow is parked.
  bool pending() {
    if (!events_.empty() && events_.top().kind == EventKind::arrival && !arrivals_allowed()) {
      events_.pop();
      arrival_parked_ = true;
    }
    return !events_.empty() &&
           !(events_.size() == 1 && events_.top().kind == EventKind::operating_window);
  }

  // Every transfer that has landed by now joins the decode pool, in the order they were sent.
  void land_transfers(const Event& first) {
    now_ = first.time;
    enqueue(first.request, decode_pool_);
    while (!events_.empty() && events_.top().kind == EventKind::kv_transfer_done &&
           events_.top().time <= now_) {
      enqueue(events_.pop().request, decode_pool_);
    }
  }

  // A deferred arrival is taken when the queues allow, at the current time.
  void take_arrivals(const Event& first) {
    now_ = Seconds(std::max(first.time.value(), now_.value()));
    while (arrivals_allowed() && lookahead_->arrival <= now_) {
      arrive(*lookahead_);
      lookahead_ = workload_.source->next();
    }
    arm_arrival();
  }

  // Every replica whose step ends now completes it, by index, before anything else happens.
  void end_steps(const Event& first) {
    now_ = first.time;
    ending_.clear();
    ending_.push_back(first.key);
    while (!events_.empty() && events_.top().kind == EventKind::step_end &&
           events_.top().time <= now_) {
      ending_.push_back(events_.pop().key);
    }
    for (const std::int64_t i : ending_) complete(static_cast<std::size_t>(i));
  }

  // The feedback sets each replica's point for its next steps; the next window is queued.
  void close_window(const Event& e) {
    now_ = e.time;
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
      Replica& r = *replicas_[i];
      const FeedbackContext context{static_cast<std::int64_t>(i), now_,
                                    r.model->operating_point(), power_->recent_power(i, now_)};
      const OperatingPoint point = feedback_->between_steps(context);
      if (point == context.current) continue;
      r.model->set_operating_point(point);
      r.prefill_seconds_per_token = 0;  // re-measured at the new point
    }
    ++windows_closed_;
    events_.push({feedback_->operating_window() * static_cast<double>(windows_closed_ + 1),
                  EventKind::operating_window});
  }

  [[nodiscard]] bool arrivals_allowed() const {
    if (!lookahead_) return false;
    std::int64_t waiting = 0;
    for (const auto& r : replicas_) waiting += static_cast<std::int64_t>(r->queues.waiting.size());
    // An idle replica always admits from a non-empty queue, so deferring arrivals cannot stall.
    return waiting < kMaxPendingPerReplica * static_cast<std::int64_t>(replicas_.size());
  }

  RequestState* acquire(const Request& request) {
    RequestState* s = nullptr;
    if (!free_.empty()) {
      s = free_.back();
      free_.pop_back();
      *s = RequestState{};
    } else {
      pool_.push_back(std::make_unique<RequestState>());
      s = pool_.back().get();
    }
    s->request = request;
    s->prompt_target = request.input_tokens;
    s->front_end = config_.front_end_latency;
    return s;
  }

  // Closed loop: the next request arrives now; rejected ones are replaced until one is queued.
  void inject_next(Seconds at) {
    while (auto r = workload_.source->next()) {
      r->arrival = at;
      if (arrive(*r)) return;
    }
  }

  void reject(const Request& r, const std::string& reason) {
    ++summary_.rejected;
    ++summary_.rejected_reasons[reason];
    for (auto* o : observers_) o->on_request_rejected(r, reason);
  }

  /// Queues an arriving request, or rejects it with the reason; returns whether it was queued.
  bool arrive(const Request& request) {
    ++summary_.requests;
    if (first_arrival_ == kNever) {
      first_arrival_ = request.arrival.value();
      for (auto& r : replicas_) r->idle_since = request.arrival;  // idle power counts from here
      power_->open(request.arrival);
    }
    const model::ModelSpec& m = model_.model();
    if (request.input_tokens > m.max_context - request.output_tokens) {
      reject(request, fmt::format("longer than the {}-token context window", m.max_context));
      return false;
    }
    const KvCache& kv = replicas_.front()->queues.kv;
    if (kv.blocks_for(request.input_tokens + request.output_tokens + 1) > capacity_.blocks) {
      reject(request, "needs more KV cache than a replica has");
      return false;
    }
    enqueue(acquire(request), entry_pool_);
    summary_.in_flight_max = std::max(
        summary_.in_flight_max, summary_.requests - summary_.rejected - summary_.completed);
    return true;
  }

  // Routes a request to a replica of the pool [first, last) and queues it there.
  void enqueue(RequestState* s, std::pair<std::size_t, std::size_t> pool) {
    loads_.resize(pool.second - pool.first);
    for (std::size_t i = pool.first; i < pool.second; ++i) {
      const ReplicaQueues& q = replicas_[i]->queues;
      loads_[i - pool.first] = {
          static_cast<std::int64_t>(q.waiting.size() + q.running.size() + q.swapped.size()),
          q.kv.capacity() - q.kv.used()};
    }
    const std::size_t target =
        pool.first + router_(loads_, pool.first == 0 ? route_counter_ : decode_route_counter_);
    s->replica = static_cast<std::int64_t>(target);
    s->phase = Phase::waiting;
    replicas_[target]->queues.waiting.push_back(s);
  }

  // Prompt tokens that make the device's time of this step (the running decodes' dense layers
  // plus the chunk, at the device's prefill rate) match the PIM's attention time (L3's adaptive
  // chunking); 0 (no limit) without decodes to overlap with.
  std::int64_t pim_balanced_budget(Replica& r) {
    if (!r.model->system().device.pim) return 0;
    model::StepBatch decodes;
    for (const RequestState* s : r.queues.running) {
      if (s->prefill_done()) decodes.add({1, s->kv_tokens, true}, r.model->model());
    }
    if (decodes.decode_sequences == 0) return 0;
    const perf::StepModel::PimBalance b = r.model->pim_balance(decodes);
    if (r.prefill_seconds_per_token <= 0) {
      // The marginal device time of a prompt token (weights are read for the decodes anyway).
      const auto device_time = [&](std::int64_t tokens) {
        model::StepBatch chunk;
        chunk.add({tokens, 0, false}, r.model->model());
        return r.model->pim_balance(chunk).device.value();
      };
      r.prefill_seconds_per_token =
          (device_time(5 * kMinPimChunk) - device_time(kMinPimChunk)) / (4.0 * kMinPimChunk);
    }
    const double rate = r.prefill_seconds_per_token;
    if (!(rate > 0) || !std::isfinite(rate)) return 0;  // no measurable prompt cost: no limit
    const double spare =
        std::clamp((b.pim - b.device).value() / rate, static_cast<double>(kMinPimChunk),
                   static_cast<double>(limits_.max_num_batched_tokens));
    return static_cast<std::int64_t>(spare);
  }

  void start(std::size_t index) {
    Replica& r = *replicas_[index];
    ReplicaQueues& q = r.queues;
    q.swap_in_blocks = q.swap_out_blocks = q.preemptions = 0;
    q.step_prompt_budget = config_.pim_balanced_chunks ? pim_balanced_budget(r) : 0;
    r.scheduler->schedule(q, r.work);
    summary_.preemptions += q.preemptions;
    if (r.work.empty()) {
      if (!q.waiting.empty() && q.running.empty() && q.swapped.empty()) {
        throw std::logic_error("scheduler left an idle replica with admissible waiting requests");
      }
      return;
    }
    batch_ = model::StepBatch{};
    r.was_prefill.assign(r.work.size(), 0);
    std::int64_t prefill_seqs = 0, prefill_tokens = 0;
    for (std::size_t i = 0; i < r.work.size(); ++i) {
      RequestState* s = r.work[i].request;
      if (!s->scheduled_once) {
        s->scheduled_once = true;
        s->first_scheduled = now_;
      }
      if (!s->prefill_done()) {
        r.was_prefill[i] = 1;
        const std::int64_t n = r.work[i].new_tokens;
        batch_.add({n, s->prefilled, s->prefilled + n >= s->prompt_target}, r.model->model());
        ++prefill_seqs;
        prefill_tokens += n;
      } else {
        batch_.add({1, s->kv_tokens, true}, r.model->model());
      }
    }
    summary_.prefill_tokens_computed += prefill_tokens;
    PoolSpan& span = r.role == Role::decode ? decode_span_ : prefill_span_;
    span.tokens += r.role == Role::decode ? static_cast<double>(r.work.size())
                                          : static_cast<double>(prefill_tokens);
    const perf::StepCost cost = r.model->price_iteration(batch_);
    const double swap_bytes =
        static_cast<double>(q.swap_in_blocks + q.swap_out_blocks) * replica_block_bytes_[index];
    // Host work per sequence is done by each DP-attention group's own scheduler, in parallel.
    const std::int64_t dp = r.model->plan().attention_dp();
    const auto group_sequences = static_cast<double>((static_cast<std::int64_t>(r.work.size()) + dp - 1) / dp);
    const Seconds host =
        config_.step_overhead + config_.step_overhead_per_sequence * group_sequences;
    const Seconds duration = cost.time + host + Seconds(swap_bytes / host_rate(r));
    if (!std::isfinite(duration.value())) {
      throw std::logic_error("a step has no finite price (a collective with no applicable algorithm)");
    }
    // Idle power between steps, then the step's own energy (dynamic + static over the step).
    power_->idle(index, r.idle_since, now_);
    const double step_static = idle_watts(r) * (duration - cost.time).value();
    const double step_energy = cost.energy.value() + step_static;
    r.busy = true;
    r.step_start = now_;
    r.step_end = now_ + duration;
    perf::EnergyByComponent split = cost.energy_by_component;
    split[perf::index_of(perf::EnergyComponent::idle)] += core::Joules(step_static);
    power_->busy(index, r.step_start, r.step_end, core::Joules(step_energy), split);
    events_.push({r.step_end, EventKind::step_end, static_cast<std::int64_t>(index)});
    span.first = std::min(span.first, now_.value());
    span.last = std::max(span.last, r.step_end.value());
    ++summary_.steps;
    const double d = duration.value();
    busy_time_ += d;
    kv_weighted_ += d * static_cast<double>(q.kv.used()) / static_cast<double>(q.kv.capacity());
    summary_.kv_utilization_max = std::max(
        summary_.kv_utilization_max,
        static_cast<double>(q.kv.used()) / static_cast<double>(q.kv.capacity()));
    batch_weighted_ += d * static_cast<double>(r.work.size());
    summary_.batch_size_max = std::max(summary_.batch_size_max, static_cast<double>(r.work.size()));
    if (!observers_.empty()) {
      StepRecord rec{static_cast<std::int64_t>(index), r.step_start, r.step_end, prefill_seqs,
                     prefill_tokens, static_cast<std::int64_t>(r.work.size()) - prefill_seqs,
                     q.kv.used(), q.kv.capacity(), static_cast<std::int64_t>(q.waiting.size()),
                     static_cast<std::int64_t>(q.running.size()), q.preemptions,
                     core::Watts(step_energy / d)};
      for (auto* o : observers_) o->on_step(rec);
      if (summary_.steps % 4096 == 0) {
        for (auto* o : observers_) o->on_progress(summary_.completed, now_);
      }
    }
  }

  void emit_token(RequestState* s) {
    ++s->generated;
    if (s->generated == 1) {
      s->first_token = now_;
      ttft_.add(s->ttft().value());
    } else {
      itl_.add((now_ - s->last_token).value());
    }
    s->last_token = now_;
  }

  void complete(std::size_t index) {
    Replica& r = *replicas_[index];
    ReplicaQueues& q = r.queues;
    r.busy = false;
    r.idle_since = now_;
    bool any_finished = false;
    for (std::size_t i = 0; i < r.work.size(); ++i) {
      RequestState* s = r.work[i].request;
      if (r.was_prefill[i]) {
        s->prefilled += r.work[i].new_tokens;
        s->kv_tokens = s->prefilled;
        if (!s->prefill_done()) continue;
        if (!s->request.prefix_blocks.empty()) {
          q.kv.insert_prefix(s->request.prefix_blocks, s->request.input_tokens);
        }
      } else {
        ++s->kv_tokens;
      }
      emit_token(s);
      if (r.role == Role::prefill && !s->finished()) {
        hand_off(index, s);
        any_finished = true;  // leaves this replica's running list
        continue;
      }
      if (s->finished()) {
        s->phase = Phase::finished;
        s->finish = now_;
        q.kv.release(s->blocks);
        s->blocks = 0;
        record_finish(*s);
        any_finished = true;
      }
    }
    if (any_finished) {
      std::erase_if(q.running, [](const RequestState* s) {
        return s->phase == Phase::finished || s->phase == Phase::transferring;
      });
      for (const StepWork& w : r.work) {
        if (w.request->phase != Phase::finished) continue;
        w.request->phase = Phase::waiting;  // recycled below; avoid double release
        free_.push_back(w.request);
        if (workload_.mode == ArrivalMode::closed_loop) inject_next(now_);
      }
    }
  }

  // A prefill replica passes a prefilled request (its first token emitted) to the decode pool
  // once its KV has crossed the link.
  void hand_off(std::size_t index, RequestState* s) {
    Replica& r = *replicas_[index];
    r.queues.kv.release(s->blocks);
    s->blocks = 0;
    s->phase = Phase::transferring;
    // Layers leave while the prefill step runs, but the replica's links carry one transfer at a
    // time: this one starts when both the step and the previous transfer allow.
    const perf::KvTransfer t = perf::kv_transfer(*r.model, s->kv_tokens, now_ - r.step_start);
    if (r.link_free.empty()) {
      r.link_free.assign(static_cast<std::size_t>(r.model->plan().attention_dp()), Seconds{});
    }
    Seconds& link = *std::min_element(r.link_free.begin(), r.link_free.end());
    const Seconds start = core::max(link, r.step_start);
    link = start + t.total;
    const Seconds done = core::max(link, now_ + t.visible);
    summary_.kv_transfer_bytes += t.bytes;
    kv_wait_.add((done - now_).value());
    power_->transfer(index, start, link, t.energy);
    events_.push({done, EventKind::kv_transfer_done, transfer_sequence_++, s});
  }

  [[nodiscard]] double idle_watts(const Replica& r) const {
    return perf::idle_power(r.model->system().device).value() *
           static_cast<double>(r.model->plan().devices());
  }
  [[nodiscard]] static double host_rate(const Replica& r) {
    const hardware::LinkSpec& host = r.model->system().host;
    return host.bandwidth.value() * host.efficiency;
  }

  void record_finish(const RequestState& s) {
    ++summary_.completed;
    summary_.input_tokens += s.request.input_tokens;
    summary_.output_tokens += s.request.output_tokens;
    e2e_.add(s.e2e().value());
    const double ttft = s.ttft().value();
    const double tpot = s.tpot().value();
    if (s.request.output_tokens > 1) tpot_.add(tpot);
    const bool meets = !config_.slo || (ttft <= config_.slo->ttft.value() &&
                                        (s.request.output_tokens <= 1 ||
                                         tpot <= config_.slo->tpot.value()));
    good_ += meets ? 1 : 0;
    last_finish_ = std::max(last_finish_, s.finish.value());
    for (auto* o : observers_) o->on_request_finished(s);
  }

  ServeSummary finish_summary() {
    ServeSummary& s = summary_;
    s.skipped_rows = workload_.source->skipped_rows();
    s.ttft = summarize(ttft_);
    s.tpot = summarize(tpot_);
    s.itl = summarize(itl_);
    s.e2e = summarize(e2e_);
    s.kv_capacity_blocks = capacity_.blocks;
    const double start = first_arrival_ == kNever ? 0.0 : first_arrival_;
    s.makespan_s = std::max(0.0, last_finish_ - start);
    if (s.makespan_s > 0) {
      s.requests_per_s = static_cast<double>(s.completed) / s.makespan_s;
      s.input_tokens_per_s = static_cast<double>(s.input_tokens) / s.makespan_s;
      s.output_tokens_per_s = static_cast<double>(s.output_tokens) / s.makespan_s;
      s.goodput_requests_per_s = static_cast<double>(good_) / s.makespan_s;
    }
    s.slo_attainment = s.completed ? static_cast<double>(good_) / static_cast<double>(s.completed) : 0;
    if (busy_time_ > 0) {
      s.kv_utilization_mean = kv_weighted_ / busy_time_;
      s.batch_size_mean = batch_weighted_ / busy_time_;
    }
    std::int64_t lookups = 0, hits = 0;
    double devices = 0;
    for (std::size_t i = 0; i < replicas_.size(); ++i) {
      const Replica& r = *replicas_[i];
      lookups += r.queues.kv.prefix_lookups();
      hits += r.queues.kv.prefix_hits();
      // Idle power from each replica's last step to the end of the run.
      power_->idle(i, r.idle_since, Seconds(last_finish_));
      devices += static_cast<double>(r.model->plan().devices());
    }
    s.kv_transfer_wait = summarize(kv_wait_);
    if (decode_pool_.second > 0) {
      s.prefill_pool_input_tokens_per_s = prefill_span_.rate();
      s.decode_pool_output_tokens_per_s = decode_span_.rate();
    }
    s.prefix_cache_hit_rate = lookups ? static_cast<double>(hits) / static_cast<double>(lookups) : 0;
    s.energy_j = power_->energy_j();
    s.energy_by_component = power_->breakdown();
    s.joules_per_output_token =
        s.output_tokens ? s.energy_j / static_cast<double>(s.output_tokens) : 0;
    const double device_seconds = devices * s.makespan_s;
    s.average_power_per_device_w = device_seconds > 0 ? s.energy_j / device_seconds : 0;
    return s;
  }

  perf::StepModel& model_;
  Workload& workload_;
  const ServeConfig& config_;
  const std::vector<SimulationObserver*>& observers_;
  OperatingPointFeedback* feedback_;
  const Router router_;
  const SchedulerLimits limits_;  // of the configured scheduler
  Capacity capacity_;
  std::vector<std::unique_ptr<perf::StepModel>> owned_models_;  // under feedback, per replica
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::vector<std::unique_ptr<RequestState>> pool_;
  std::vector<RequestState*> free_;
  std::vector<ReplicaLoad> loads_;
  std::optional<Request> lookahead_;
  model::StepBatch batch_;
  Seconds now_{};
  std::int64_t route_counter_ = 0;
  std::vector<double> replica_block_bytes_;
  std::pair<std::size_t, std::size_t> entry_pool_{0, 0};   // where arrivals go
  std::pair<std::size_t, std::size_t> decode_pool_{0, 0};  // P/D: where prefilled requests go
  EventQueue events_;
  bool arrival_parked_ = false;
  std::vector<std::int64_t> ending_;  // replicas whose steps end now
  std::int64_t windows_closed_ = 0;
  std::int64_t transfer_sequence_ = 0;
  std::int64_t decode_route_counter_ = 0;
  LatencyHistogram kv_wait_;
  struct PoolSpan {
    double first = kNever, last = 0, tokens = 0;
    [[nodiscard]] double rate() const { return last > first ? tokens / (last - first) : 0.0; }
  };
  PoolSpan prefill_span_, decode_span_;
  std::optional<PowerAccountant> power_;  // built once the replicas are known
  double first_arrival_ = kNever;
  double last_finish_ = 0;
  double busy_time_ = 0, kv_weighted_ = 0, batch_weighted_ = 0;
  std::int64_t good_ = 0;
  LatencyHistogram ttft_, tpot_, itl_, e2e_;
  ServeSummary summary_;
};

}  // namespace

Capacity kv_capacity(const perf::StepModel& model, const ServeConfig& config) {
  const model::ModelSpec& m = model.model();
  const mapping::Plan& plan = model.plan();
  Capacity c;
  const std::int64_t stage_layers = (m.layers + plan.pp - 1) / plan.pp;
  c.block_bytes = static_cast<double>(config.block_size * stage_layers) *
                  model::kv_bytes_per_token_per_layer(m, model.config().dtypes.kv, plan.tp);
  const double memory = model.system().device.memory_capacity.value();
  const double weights = mapping::device_weight_bytes(m, plan, model.config().dtypes);
  const std::int64_t dp = plan.attention_dp();
  const SchedulerLimits limits = scheduler_limits(config.scheduler.params);
  const double activations =
      perf::activation_workspace(model, (limits.max_num_batched_tokens + dp - 1) / dp,
                                 (limits.max_num_seqs + dp - 1) / dp)
          .value();
  const double device_free =
      config.kv_memory_rule == KvMemoryRule::fraction_of_free
          ? (memory - weights - activations - kRuntimeMemoryGiB * core::kGiB) *
                config.memory_utilization
          : memory * config.memory_utilization - weights - activations;
  // A PIM at the host or beside the device keeps the KV cache in its own memory.
  const hardware::Device& device = model.system().device;
  const bool kv_apart = device.pim && hardware::holds_kv_apart(*device.pim);
  const double free = !kv_apart     ? device_free
                      : device_free > 0 ? device.pim->capacity.value() * config.memory_utilization
                                        : 0.0;
  // Each DP-attention group keeps the KV of its own sequences: the replica pools them.
  c.blocks = free > 0 ? static_cast<std::int64_t>(free / c.block_bytes) * plan.attention_dp() : 0;
  if (c.blocks < 1 && kv_apart && device_free > 0) {
    c.infeasible = fmt::format(
        "does not fit: one KV block needs {:.3f} GiB per device, the PIM holds {:.3f} GiB usable",
        c.block_bytes / core::kGiB, device.pim->capacity.value() * config.memory_utilization / core::kGiB);
  } else if (c.blocks < 1) {
    c.infeasible = fmt::format(
        "does not fit: needs {:.1f} GiB for weights and activations, has {:.1f} GiB per device",
        (weights + activations) / core::kGiB, memory * config.memory_utilization / core::kGiB);
  }
  return c;
}

ServeSummary simulate(perf::StepModel& model, Workload& workload, const ServeConfig& config,
                      const std::vector<SimulationObserver*>& observers,
                      OperatingPointFeedback* feedback) {
  if (config.replicas > model.system().device_count() / model.plan().devices()) {
    throw core::InputError("<scenario>", "serving.replicas",
                           fmt::format("{} replicas of {} devices do not fit {}, which has {}",
                                       config.replicas, model.plan().devices(),
                                       model.system().name, model.system().device_count()));
  }
  Engine engine(model, nullptr, workload, config, observers, feedback);
  return engine.run();
}

ServeSummary simulate_disaggregated(perf::StepModel& prefill, perf::StepModel& decode,
                                    Workload& workload, const ServeConfig& config,
                                    const std::vector<SimulationObserver*>& observers,
                                    OperatingPointFeedback* feedback) {
  if (config.prefill_replicas < 1 || config.decode_replicas < 1) {
    throw core::InputError("<scenario>", "disaggregation", "both pools need at least one replica",
                           "give prefill_replicas and decode_replicas of 1 or more");
  }
  if (auto why = perf::pools_do_not_fit(prefill, decode, config.prefill_replicas,
                                         config.decode_replicas, config.pools_share_system)) {
    throw core::InputError("<scenario>", "disaggregation", *why);
  }
  Engine engine(prefill, &decode, workload, config, observers, feedback);
  return engine.run();
}

}  // namespace servesim::serving
