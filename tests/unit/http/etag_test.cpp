#include "http/etag.h"

#include <gtest/gtest.h>

namespace supplyhub::http {
namespace {

TEST(ETagTest, StrongTagOfTheExactBytes) {
  std::string a = ETagOf(R"({"id":1,"name":"x"})");
  EXPECT_EQ(a.size(), 18u);
  EXPECT_EQ(a.front(), '"');
  EXPECT_EQ(a.back(), '"');
  EXPECT_EQ(a, ETagOf(R"({"id":1,"name":"x"})"));
  EXPECT_NE(a, ETagOf(R"({"id":1,"name":"y"})"));
  EXPECT_NE(a, ETagOf(R"({"id":1, "name":"x"})"));
}

TEST(ETagTest, ParsesListsStarAndWeakTags) {
  auto star = ParseEntityTags(" * ", "If-Match");
  ASSERT_TRUE(star);
  EXPECT_TRUE(star->any);
  EXPECT_TRUE(star->MatchesStrongly("\"x\""));
  auto list = ParseEntityTags(R"("a", W/"b" ,"c")", "If-Match");
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->MatchesStrongly("\"a\""));
  EXPECT_TRUE(list->MatchesStrongly("\"c\""));
  EXPECT_FALSE(list->MatchesStrongly("\"b\"")) << "a weak tag never matches strongly";
  EXPECT_TRUE(list->MatchesWeakly("\"b\""));
  EXPECT_FALSE(list->MatchesWeakly("\"d\""));
}

TEST(ETagTest, MalformedValuesAre400NamingTheHeader) {
  for (const char* bad : {"", "abc", "\"a", "\"a\" \"b\"", "\"a\",", ",\"a\"", "W/a", "\"a\"x", "**", "\"a b\""}) {
    auto r = ParseEntityTags(bad, "If-None-Match");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kBadRequest);
    EXPECT_NE(r.error().message.find("If-None-Match"), std::string::npos);
  }
}

}  // namespace
}  // namespace supplyhub::http
