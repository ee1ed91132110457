// A record as JSON, and back, exactly (doubles in their shortest round-trip form): how MPI ranks
// hand records to rank 0.
#pragma once

#include <nlohmann/json.hpp>

#include "dse/point.h"

namespace servesim::dse {

nlohmann::json record_to_json(const Record& record);
/// Contract: `j` was written by record_to_json (std::logic_error otherwise).
Record record_from_json(const nlohmann::json& j);

}  // namespace servesim::dse
