// Atomic output directories (see output_dir.h).
#include "cli/output_dir.h"

#include "core/diagnostics.h"

namespace servesim::cli {

namespace fs = std::filesystem;

OutputDir::OutputDir(const std::string& dir) : dir_(dir) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) {
    throw core::InputError(dir, "", "cannot create the output directory", ec.message());
  }
}

OutputDir::~OutputDir() {
  for (auto& [name, stream] : files_) {
    stream.close();
    if (!committed_) {
      std::error_code ec;
      fs::remove(partial(name), ec);
    }
  }
}

std::ofstream& OutputDir::open(const std::string& name) {
  auto& stream = files_[name];
  stream.open(partial(name));
  if (!stream) throw core::InputError((dir_ / name).string(), "", "cannot write file");
  return stream;
}

void OutputDir::commit() {
  for (auto& [name, stream] : files_) {
    stream.close();
    if (stream.fail()) throw core::InputError((dir_ / name).string(), "", "writing the file failed");
  }
  for (auto& [name, stream] : files_) fs::rename(partial(name), dir_ / name);
  committed_ = true;
}

fs::path OutputDir::partial(const std::string& name) const {
  return dir_ / ("." + name + ".partial");
}

}  // namespace servesim::cli
