#include "core/request_id.h"

#include <openssl/rand.h>

#include <atomic>
#include <cstdint>

namespace supplyhub {

std::string NewRequestId() {
  // A random per-thread prefix plus a counter: unique without a syscall per request.
  thread_local uint32_t prefix = [] {
    uint32_t p = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&p), sizeof p);
    return p;
  }();
  thread_local uint32_t counter = 0;
  uint64_t v = (static_cast<uint64_t>(prefix) << 32) | ++counter;
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 0xf];
  return out;
}

}  // namespace supplyhub
