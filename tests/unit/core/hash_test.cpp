#include "core/hash.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/crypto.h"

namespace supplyhub {
namespace {

// Stable across builds and nodes: these values must never change (ETags and
// cursors handed out earlier would stop matching).
TEST(HashTest, KnownValuesNeverChange) {
  EXPECT_EQ(Hex64(Hash64("")), Hex64(Hash64(std::string_view())));
  EXPECT_EQ(Hex64(0x0123456789abcdefULL), "0123456789abcdef");
  const std::string a = Hex64(Hash64("{\"id\":1}")), b = Hex64(Hash64("{\"id\":1}"));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 16u);
}

TEST(HashTest, EveryByteAndTheLengthCount) {
  std::set<uint64_t> seen;
  std::string base(40, 'x');
  seen.insert(Hash64(base));
  for (size_t i = 0; i < base.size(); ++i) {
    std::string changed = base;
    changed[i] = 'y';
    EXPECT_TRUE(seen.insert(Hash64(changed)).second) << "byte " << i;
  }
  for (size_t n = 0; n < 40; ++n) EXPECT_TRUE(seen.insert(Hash64(std::string(n, '\0'))).second) << n << " zeros";
}

TEST(Base64UrlTest, RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    auto decoded = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, bytes);
    bytes += static_cast<char>(n * 37);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, RefusesWhatNoEncodingProduces) {
  for (const char* bad : {"a", "ab=", "a+b/", "ab c", "-_9"}) EXPECT_FALSE(Base64UrlDecode(bad)) << bad;
}

}  // namespace
}  // namespace supplyhub
