#include "http/query_string.h"

#include <gtest/gtest.h>

#include <string>

namespace supplyhub::http {
namespace {

QueryParams Parsed(std::string_view q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r) << "query: " << q << " error: " << (r ? "" : r.error().message);
  return r ? *r : QueryParams{};
}

void ExpectBadRequest(std::string_view q) {
  auto r = ParseQuery(q);
  ASSERT_FALSE(r) << "query should be rejected: " << q;
  EXPECT_EQ(r.error().code, ErrorCode::kBadRequest) << q;
  EXPECT_EQ(r.error().message, "Malformed percent-encoding in the query string") << q;
}

TEST(QueryStringTest, EmptyQuery) { EXPECT_TRUE(Parsed("").empty()); }

TEST(QueryStringTest, SimplePairs) {
  EXPECT_EQ(Parsed("page=2&per_page=10"), (QueryParams{{"page", "2"}, {"per_page", "10"}}));
}

TEST(QueryStringTest, DecodesPercentEscapesAndPlus) {
  EXPECT_EQ(Parsed("keyword=x%20y&name=hello+world&amp=%26%3D%2b"),
            (QueryParams{{"keyword", "x y"}, {"name", "hello world"}, {"amp", "&=+"}}));
  EXPECT_EQ(Parsed("k=%C3%A9t%c3%a9"), (QueryParams{{"k", "\xC3\xA9t\xC3\xA9"}}));  // "été", either hex case
  EXPECT_EQ(Parsed("%6Bey=v"), (QueryParams{{"key", "v"}}));                          // keys are decoded too
  EXPECT_EQ(Parsed("k=%41"), (QueryParams{{"k", "A"}}));                              // escape at the very end
  EXPECT_EQ(Parsed("k=%00"), (QueryParams{{"k", std::string(1, '\0')}}));
}

TEST(QueryStringTest, EmptyValuesAndBareKeys) {
  EXPECT_EQ(Parsed("a=&b&c=3"), (QueryParams{{"a", ""}, {"b", ""}, {"c", "3"}}));
  EXPECT_EQ(Parsed("=v"), (QueryParams{{"", "v"}}));
}

TEST(QueryStringTest, OnlyTheFirstEqualsSplits) { EXPECT_EQ(Parsed("a=b=c"), (QueryParams{{"a", "b=c"}})); }

TEST(QueryStringTest, SkipsEmptyPairs) {
  EXPECT_EQ(Parsed("&&a=1&&b=2&"), (QueryParams{{"a", "1"}, {"b", "2"}}));
  EXPECT_TRUE(Parsed("&").empty());
}

TEST(QueryStringTest, RepeatedKeysAreKeptInOrder) {
  EXPECT_EQ(Parsed("tag=b&x=1&tag=a&tag=c"), (QueryParams{{"tag", "b"}, {"x", "1"}, {"tag", "a"}, {"tag", "c"}}));
}

TEST(QueryStringTest, MalformedEscapesAreBadRequests) {
  ExpectBadRequest("a=%G1");
  ExpectBadRequest("a=%1G");
  ExpectBadRequest("a=%4");
  ExpectBadRequest("a=%");
  ExpectBadRequest("%zz=1");
  ExpectBadRequest("ok=1&a=%4");
  ExpectBadRequest("a=100%");
  ExpectBadRequest("a=%%41");
}

TEST(QueryStringTest, LengthIsCapped) {
  std::string at_limit = "k=" + std::string(kMaxQueryLength - 2, 'v');
  EXPECT_EQ(Parsed(at_limit).at(0).second.size(), kMaxQueryLength - 2);
  auto r = ParseQuery(at_limit + "v");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(r.error().message, "Query string too long: at most 4096 bytes");
  EXPECT_FALSE(ParseQuery(std::string(5000, '&')));  // the raw length counts, before any decoding
}

TEST(PercentEncodeTest, KeepsUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(PercentEncodeTest, EncodesEverythingElseAsUppercaseHex) {
  EXPECT_EQ(PercentEncode("a b"), "a%20b");
  EXPECT_EQ(PercentEncode("&=+/?#%"), "%26%3D%2B%2F%3F%23%25");
  EXPECT_EQ(PercentEncode("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(PercentEncode(std::string(1, '\0')), "%00");
  EXPECT_EQ(PercentEncode("\xff"), "%FF");
}

TEST(PercentEncodeTest, RoundTripsThroughParseQuery) {
  const std::string value = "a b&c=d/\xC3\xA9+~%";
  QueryParams p = Parsed(PercentEncode("k y") + "=" + PercentEncode(value));
  EXPECT_EQ(p, (QueryParams{{"k y", value}}));
}

}  // namespace
}  // namespace supplyhub::http
