#include "support/build_paths.h"

namespace supplyhub::testing {

std::string SourceDir() { return SUPPLYHUB_SOURCE_DIR; }
std::string SupplyhubBin() { return SUPPLYHUB_BIN; }

}  // namespace supplyhub::testing
