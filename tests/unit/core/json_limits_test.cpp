#include "core/json_limits.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace supplyhub {
namespace {

std::string Nested(int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']'); }

TEST(JsonLimitsTest, SixtyFourLevelsAreTheLimit) {
  EXPECT_TRUE(CheckJsonDepth(Nested(kMaxJsonDepth)));
  auto deep = CheckJsonDepth(Nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::kBadRequest);
  EXPECT_NE(deep.error().message.find("64"), std::string::npos);
  EXPECT_FALSE(CheckJsonDepth("{\"a\":" + Nested(100000) + "}"));
}

TEST(JsonLimitsTest, BracketsInsideStringsDoNotCount) {
  std::string text = "[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]";
  EXPECT_TRUE(CheckJsonDepth(text));
  auto parsed = ParseUntrustedJson(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)[0].get<std::string>().size(), 2001u);
}

TEST(JsonLimitsTest, ParseUntrustedJsonFailsAsValues) {
  EXPECT_FALSE(ParseUntrustedJson("{"));
  EXPECT_FALSE(ParseUntrustedJson(Nested(5000)));
  EXPECT_TRUE(ParseUntrustedJson(Nested(10)));
}

}  // namespace
}  // namespace supplyhub
