// The trace formats, one file each; trace_readers() (trace_readers.cpp) registers them in this
// order by explicit calls (the first whose recognises() accepts a file reads it).
#pragma once

#include "serving/workload.h"

namespace servesim::serving {

void register_azure_trace(core::Registry<TraceReader>& registry);
void register_mooncake_trace(core::Registry<TraceReader>& registry);
void register_csv_trace(core::Registry<TraceReader>& registry);

}  // namespace servesim::serving
