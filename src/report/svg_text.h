// Text for SVG documents: the characters XML reserves, escaped.
#pragma once

#include <string>

namespace servesim::report {

inline std::string svg_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace servesim::report
