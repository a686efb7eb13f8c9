#pragma once
#include <string>

namespace supplyhub {
// A short unique id for a request: 16 hex characters, cheap to make.
std::string NewRequestId();
}  // namespace supplyhub
