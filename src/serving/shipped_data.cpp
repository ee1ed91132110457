// The bundled data files (see shipped_data.h and data/traces/README.md, data/workloads/README.md).
#include "serving/shipped_data.h"


namespace servesim::serving {

const core::Registry<std::string>& shipped_traces() {
  static const core::Registry<std::string> registry = [] {
    core::Registry<std::string> r("shipped trace");
    r.add({"azure-conv",
           "Azure LLM inference 2023, chat: 19,366 requests, 58 min (CC-BY-4.0)",
           {},
           "traces/azure2023_AzureLLMInferenceTrace_conv.csv"});
    r.add({"azure-code",
           "Azure LLM inference 2023, code: 8,819 requests, 57 min (CC-BY-4.0)",
           {},
           "traces/azure2023_AzureLLMInferenceTrace_code.csv"});
    r.add({"mooncake-conv",
           "Mooncake/Kimi conversation, long context: 12,031 requests, 59 min, mean input 12,035, "
           "with prefix hashes (Apache-2.0)",
           {},
           "traces/mooncake_conversation_trace.jsonl"});
    return r;
  }();
  return registry;
}

std::optional<std::string> shipped_trace_path(const std::string& name, const core::DataRoot& root) {
  const auto* entry = shipped_traces().find(name);
  if (entry == nullptr) return std::nullopt;
  return root.data_file(entry->value);
}

std::string reasoning_descriptor_path(const core::DataRoot& root) {
  return root.data_file("workloads/servegen_reason_deepseek_r1.json");
}

}  // namespace servesim::serving
