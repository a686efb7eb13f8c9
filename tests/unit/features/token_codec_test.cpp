#include "features/identity/token_codec.h"

#include <gtest/gtest.h>

#include <set>

namespace supplyhub::features {
namespace {

TEST(TokenCodecTest, TokensCarryRegionAndKindAndParseBack) {
  std::string t = MakeToken("eu-1", TokenKind::kRefresh);
  EXPECT_EQ(t.rfind("eu-1_rt_", 0), 0u);
  EXPECT_EQ(t.size(), std::string("eu-1_rt_").size() + 43);  // 256 random bits
  auto parsed = ParseToken(t);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->region, "eu-1");
  EXPECT_EQ(parsed->kind, TokenKind::kRefresh);
}

TEST(TokenCodecTest, TokensAreUniqueAndHashedWithSha256) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(MakeToken("local", TokenKind::kLogin));
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenCodecTest, MalformedTokensDoNotParse) {
  std::string good = MakeToken("local", TokenKind::kLogin);
  for (std::string bad : {std::string(""), std::string("local"), std::string("_lt_") + good.substr(9),
                          std::string("local_xx_") + good.substr(9), good.substr(0, good.size() - 1),
                          good + "A", std::string("lo cal_lt_") + good.substr(9), good.substr(0, 20) + "!" +
                          good.substr(21)}) {
    EXPECT_FALSE(ParseToken(bad)) << bad;
  }
}

}  // namespace
}  // namespace supplyhub::features
