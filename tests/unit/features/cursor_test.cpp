#include "features/resources/cursor.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "features/resources/idempotency.h"
#include "features/resources/list_query.h"
#include "http/query_string.h"
#include "schema/resource.h"
#include "schema/registry.h"

namespace supplyhub::features {
namespace {

TEST(CursorTest, RoundTripsEveryKindOfValue) {
  for (const storage::Value& v : {storage::Value{}, storage::Value{int64_t{-42}}, storage::Value{0.1 + 0.2},
                                  storage::Value{std::string("Müller, \"Hans\" 1:2")}}) {
    Cursor c{"-name", 0xfedcba9876543210ULL, v, 123456789};
    auto back = DecodeCursor(EncodeCursor(c));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->sort, c.sort);
    EXPECT_EQ(back->query, c.query);
    EXPECT_EQ(back->value, c.value);
    EXPECT_EQ(back->id, c.id);
  }
}

TEST(CursorTest, AnyChangedCharacterIsRefused) {
  std::string text = EncodeCursor({"name", 7, storage::Value{std::string("abc")}, 99});
  for (size_t i = 0; i < text.size(); ++i) {
    std::string changed = text;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    auto r = DecodeCursor(changed);
    EXPECT_FALSE(r) << "position " << i;
  }
  EXPECT_FALSE(DecodeCursor(text.substr(0, text.size() - 1)));
  EXPECT_FALSE(DecodeCursor(text + "A"));
  EXPECT_FALSE(DecodeCursor(""));
  EXPECT_FALSE(DecodeCursor(Base64UrlEncode("1:1")));
  auto r = DecodeCursor("%%%");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadRequest);
}

TEST(CursorTest, ListQueryBindsTheCursorToItsSortAndFilters) {
  const schema::Resource& parts = *schema::FindResource("parts");
  auto parse = [&](http::QueryParams p) { return ParseListQuery(parts, p); };
  auto base = parse({{"sort", "-name"}, {"unit_type", "Mass"}, {"after", ""}});
  ASSERT_TRUE(base);
  EXPECT_TRUE(base->keyset);
  EXPECT_FALSE(base->after);
  std::string cursor = EncodeCursor({"-name", base->QueryHash(), storage::Value{std::string("x")}, 5});
  EXPECT_TRUE(parse({{"unit_type", "Mass"}, {"after", cursor}, {"sort", "-name"}})) << "parameters in any order";
  EXPECT_FALSE(parse({{"sort", "name"}, {"unit_type", "Mass"}, {"after", cursor}}));
  EXPECT_FALSE(parse({{"sort", "-name"}, {"unit_type", "Volume"}, {"after", cursor}}));
  EXPECT_FALSE(parse({{"sort", "-name"}, {"unit_type", "Mass"}, {"after", cursor}, {"page", "2"}}));
  std::string wrong_kind = EncodeCursor({"-name", base->QueryHash(), storage::Value{int64_t{3}}, 5});
  EXPECT_FALSE(parse({{"sort", "-name"}, {"unit_type", "Mass"}, {"after", wrong_kind}}));
}

TEST(IdempotencyKeyTest, ParsesBareAndQuotedKeys) {
  EXPECT_EQ(*IdempotencyStore::ParseKey("8e03978e-40d5-43e8-bc93-6894a57f9324"), "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(*IdempotencyStore::ParseKey("\"a \\\"quoted\\\" key\""), "a \"quoted\" key");
  EXPECT_EQ(*IdempotencyStore::ParseKey(std::string(255, 'k')), std::string(255, 'k'));
  for (const std::string& bad : {std::string(), std::string(256, 'k'), std::string("\"\""), std::string("\"a\\x\""),
                                 std::string("caf\xC3\xA9"), std::string("a\x01")}) {
    auto r = IdempotencyStore::ParseKey(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kBadRequest);
  }
}

TEST(IdempotencyKeyTest, TheSameRequestUnderEitherPrefix) {
  http::Request a, b, c;
  a.method = b.method = c.method = "POST";
  a.path = "/v1/parts";
  b.path = "/api/v1/parts";
  c.path = "/v1/parts";
  a.body = b.body = R"({"name":"x"})";
  c.body = R"({"name":"y"})";
  EXPECT_EQ(IdempotencyStore::Fingerprint(a), IdempotencyStore::Fingerprint(b));
  EXPECT_NE(IdempotencyStore::Fingerprint(a), IdempotencyStore::Fingerprint(c));
}

}  // namespace
}  // namespace supplyhub::features
