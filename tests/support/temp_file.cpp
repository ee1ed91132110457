// Test helpers (see temp_file.h).
#include "support/temp_file.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace servesim::testing {

TempFile::TempFile(const std::string& name, const std::string& contents) {
  std::string pattern = (std::filesystem::temp_directory_path() / "servesim-test-XXXXXX").string();
  dir_ = mkdtemp(pattern.data());
  path_ = dir_ + "/" + name;
  std::ofstream(path_) << contents;
}

TempFile::~TempFile() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

CommandResult run_command(const std::string& command) {
  TempFile out("stdout", ""), err("stderr", "");
  const std::string full = command + " >" + out.path() + " 2>" + err.path();
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream o, e;
  o << std::ifstream(out.path()).rdbuf();
  e << std::ifstream(err.path()).rdbuf();
  r.out = o.str();
  r.err = e.str();
  return r;
}

}  // namespace servesim::testing
