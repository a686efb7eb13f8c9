#pragma once
// Where the build put things, for tests that run the binary or read files of
// the source tree. Compiled in build_paths.cpp alone, the one file with these
// paths in its flags: every other test file is the same text in every clone,
// so ccache serves it to a fresh clone elsewhere (docs/testing.md).
#include <string>

namespace supplyhub::testing {

std::string SourceDir();     // the repository's root
std::string SupplyhubBin();  // the supplyhub binary of this build

}  // namespace supplyhub::testing
