#pragma once
// A fast 64-bit hash of bytes, stable across runs, builds and nodes (ETags,
// cursor checksums and lock keys must agree between them). Not
// cryptographic: it detects change, it does not resist forgery.
#include <cstdint>
#include <string>
#include <string_view>

namespace supplyhub {

uint64_t Hash64(std::string_view data);
// 16 lowercase hex digits.
std::string Hex64(uint64_t value);

}  // namespace supplyhub
