#include "core/hash.h"

#include <cstring>

namespace supplyhub {
namespace {

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;  // 2^64 / golden ratio

uint64_t Mix(uint64_t h) {  // a 64-bit finalizer: every input bit reaches every output bit
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian on every platform we build for
}

}  // namespace

// Two lanes of 8 bytes each per step (independent multiplies overlap), the
// tail zero-padded, the length folded in, then finalized.
uint64_t Hash64(std::string_view data) {
  uint64_t a = 0x243F6A8885A308D3ULL, b = 0x13198A2E03707344ULL ^ data.size();
  const char* p = data.data();
  size_t n = data.size();
  for (; n >= 16; p += 16, n -= 16) {
    a = (a ^ Load64(p)) * kMul;
    b = (b ^ Load64(p + 8)) * kMul;
    a ^= a >> 29;
    b ^= b >> 31;
  }
  char tail[16] = {};
  if (n) std::memcpy(tail, p, n);  // an empty view may have a null data(): memcpy from null is UB
  a = (a ^ Load64(tail)) * kMul;
  b = (b ^ Load64(tail + 8)) * kMul;
  return Mix(a ^ Mix(b + n));
}

std::string Hex64(uint64_t v) {
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = kHex[v & 15];
  return out;
}

}  // namespace supplyhub
