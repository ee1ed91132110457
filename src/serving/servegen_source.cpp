// ServeGen request generation (see servegen_source.h). A client's next arrival: u += g with g a
// unit-mean gap of the current window's family; t = start_w + (u − Λ(start_w)) / rate_w for the
// window w with Λ(start_w) <= u < Λ(end_w). Windows with rate 0 are crossed without arrivals.
#include "serving/servegen_source.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <random>

#include "serving/servegen_descriptor.h"

namespace servesim::serving {
namespace {

class ClientStream {
 public:
  ClientStream(ServeGenClient spec, std::uint64_t seed) : spec_(std::move(spec)) {
    std::seed_seq seq{seed, static_cast<std::uint64_t>(spec_.id)};
    rng_.seed(seq);
    double total = 0;
    for (const ServeGenWindow& w : spec_.windows) {
      cumulative_begin_.push_back(total);
      total += w.rate * w.length;
      cumulative_end_.push_back(total);
    }
    advance();
  }

  /// The client's next request (its id unset), or nullopt when the descriptor's span is over.
  [[nodiscard]] const std::optional<Request>& pending() const { return pending_; }

  void advance() {
    pending_.reset();
    if (!skip_spent_windows()) return;
    u_ += unit_gap(spec_.windows[window_]);
    if (!skip_spent_windows()) return;
    const ServeGenWindow& w = spec_.windows[window_];
    while (lengths_ + 1 < spec_.lengths.size() && spec_.lengths[lengths_ + 1].start <= w.start) {
      ++lengths_;
    }
    const LengthPmfs& pmfs = spec_.lengths[lengths_].pmfs;
    Request r;
    r.arrival = Seconds(w.start + (u_ - cumulative_begin_[window_]) / w.rate);
    r.input_tokens = pmfs.input->sample(rng_);
    r.output_tokens = pmfs.output->sample(rng_);
    pending_ = r;
  }

 private:
  // Moves to the window holding operational time u_; false past the last window.
  bool skip_spent_windows() {
    while (window_ < spec_.windows.size() && cumulative_end_[window_] <= u_) ++window_;
    return window_ < spec_.windows.size();
  }

  double unit_gap(const ServeGenWindow& w) {
    switch (w.family) {
      case ArrivalFamily::gamma:
        return std::gamma_distribution<double>(w.shape, 1.0 / w.shape)(rng_);
      case ArrivalFamily::weibull:
        return std::weibull_distribution<double>(w.shape,
                                                 1.0 / std::tgamma(1.0 + 1.0 / w.shape))(rng_);
      case ArrivalFamily::exponential:
        break;
    }
    return std::exponential_distribution<double>(1.0)(rng_);
  }

  ServeGenClient spec_;
  std::mt19937_64 rng_;
  std::vector<double> cumulative_begin_, cumulative_end_;  // Λ at each window's start and end
  double u_ = 0;
  std::size_t window_ = 0;
  std::size_t lengths_ = 0;
  std::optional<Request> pending_;
};

class ServeGenSource : public RequestSource {
 public:
  ServeGenSource(std::vector<ServeGenClient> clients, std::uint64_t seed) {
    for (auto& c : clients) streams_.emplace_back(std::move(c), seed);
    for (std::size_t i = 0; i < streams_.size(); ++i) {
      if (streams_[i].pending()) queue_.push({streams_[i].pending()->arrival.value(), i});
    }
  }

  std::optional<Request> next() override {
    if (queue_.empty()) return std::nullopt;
    const std::size_t i = queue_.top().second;
    queue_.pop();
    Request r = *streams_[i].pending();
    r.id = next_id_++;
    streams_[i].advance();
    if (streams_[i].pending()) queue_.push({streams_[i].pending()->arrival.value(), i});
    return r;
  }

 private:
  using Entry = std::pair<double, std::size_t>;  // (arrival, client index): earliest, then lowest
  std::vector<ClientStream> streams_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  std::int64_t next_id_ = 0;
};

}  // namespace

std::unique_ptr<RequestSource> open_servegen(const std::string& dir, std::uint64_t seed) {
  return std::make_unique<ServeGenSource>(load_servegen_descriptor(dir), seed);
}

}  // namespace servesim::serving
