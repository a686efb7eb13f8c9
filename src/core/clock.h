#pragma once
#include <chrono>
#include <string>

namespace supplyhub {

// Current UTC time as RFC 3339 with milliseconds: 2026-11-22T10:15:30.123Z
std::string NowRfc3339();
int64_t NowUnixSeconds();

}  // namespace supplyhub
