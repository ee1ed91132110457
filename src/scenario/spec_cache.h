// A memo of what a scenario's names resolve to, for searches that evaluate thousands of scenarios
// on a few models and devices: a model by its name, a derived system by its name, its device
// what-ifs and whether its PIM is used, an engine profile by its name. Each is read from its files and derived once; every
// later request gets a copy of the same value, so an evaluation with the cache gives exactly the
// result without it. Thread-safe. A name that fails to load is not remembered (the error comes
// again). Hand it to evaluations through Environment::cache.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "hardware/system.h"
#include "model/model_spec.h"
#include "scenario/engine_profile.h"

namespace servesim::scenario {

class SpecCache {
 public:
  /// The model called `name`, loaded by `load` the first time.
  template <class Load>
  model::ModelSpec model(const std::string& name, Load load) const {
    return *find_or_add(models_, name, load);
  }
  /// The engine profile called `name`, loaded by `load` the first time.
  template <class Load>
  EngineProfile engine_profile(const std::string& name, Load load) const {
    return *find_or_add(engine_profiles_, name, load);
  }
  /// The system for (name, what-ifs, PIM use), derived by `derive` the first time.
  template <class Derive>
  hardware::System system(const std::string& name, const hardware::DeviceEdits& edits,
                          bool use_pim, Derive derive) const {
    return *find_or_add(systems_, SystemKey{name, edits, use_pim}, derive);
  }

 private:
  using SystemKey = std::tuple<std::string, hardware::DeviceEdits, bool>;

  // The value at `key`, made by `make` (outside the lock, so loads run in parallel) when absent.
  template <class Map, class Key, class Make>
  std::shared_ptr<const typename Map::mapped_type::element_type> find_or_add(Map& map,
                                                                             const Key& key,
                                                                             Make make) const {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = map.find(key); it != map.end()) return it->second;
    }
    auto value = std::make_shared<const typename Map::mapped_type::element_type>(make());
    const std::lock_guard<std::mutex> lock(mutex_);
    return map.emplace(key, std::move(value)).first->second;
  }

  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const model::ModelSpec>> models_;
  mutable std::map<SystemKey, std::shared_ptr<const hardware::System>> systems_;
  mutable std::map<std::string, std::shared_ptr<const EngineProfile>> engine_profiles_;
};

}  // namespace servesim::scenario
