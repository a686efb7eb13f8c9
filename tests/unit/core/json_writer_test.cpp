#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace supplyhub {
namespace {

using nlohmann::json;

// Parses `text` strictly; fails the test (and returns null) when it is not JSON.
json Parse(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << "not valid JSON: " << text;
  return doc;
}

std::string StringValue(std::string_view s) {
  JsonWriter w;
  w.String(s);
  return w.Take();
}

std::string DoubleValue(double d) {
  JsonWriter w;
  w.Double(d);
  return w.Take();
}

TEST(JsonWriterTest, EmptyContainers) {
  JsonWriter a;
  a.StartObject().EndObject();
  EXPECT_EQ(a.View(), "{}");
  JsonWriter b;
  b.StartArray().EndArray();
  EXPECT_EQ(b.View(), "[]");
}

TEST(JsonWriterTest, CommasInNestedObjectsAndArrays) {
  JsonWriter w;
  w.StartObject();
  w.Key("a").StartArray().Int(1).StartObject().Key("b").StartArray().EndArray().EndObject().StartArray().EndArray().EndArray();
  w.Key("c").StartObject().EndObject();
  w.Key("d").StartObject().Key("x").Int(1).Key("y").StartArray().Bool(true).Null().EndArray().Key("z").String("s").EndObject();
  w.Key("e").Bool(false);
  w.EndObject();
  EXPECT_EQ(w.View(), R"({"a":[1,{"b":[]},[]],"c":{},"d":{"x":1,"y":[true,null],"z":"s"},"e":false})");
  json doc = Parse(w.View());
  EXPECT_EQ(doc["a"][1]["b"], json::array());
  EXPECT_EQ(doc["d"]["y"][1], nullptr);
  EXPECT_EQ(doc["e"], false);
}

TEST(JsonWriterTest, ArrayOfObjectsAndArrayOfArrays) {
  JsonWriter w;
  w.StartArray();
  for (int i = 0; i < 3; ++i) w.StartObject().Key("i").Int(i).Key("sq").StartArray().Int(i).Int(i * i).EndArray().EndObject();
  w.StartArray().StartArray().EndArray().StartArray().Int(7).EndArray().EndArray();
  w.EndArray();
  EXPECT_EQ(w.View(), R"([{"i":0,"sq":[0,0]},{"i":1,"sq":[1,1]},{"i":2,"sq":[2,4]},[[],[7]]])");
  json doc = Parse(w.View());
  ASSERT_EQ(doc.size(), 4u);
  EXPECT_EQ(doc[2]["sq"][1], 4);
  EXPECT_EQ(doc[3][1][0], 7);
}

TEST(JsonWriterTest, SiblingsAfterADeepBranchGetTheirComma) {
  JsonWriter w;
  w.StartArray();
  w.StartArray().StartArray().StartArray().Int(1).EndArray().EndArray().EndArray();
  w.Int(2);
  w.StartObject().Key("k").StartObject().Key("k").StartObject().EndObject().EndObject().Key("j").Int(3).EndObject();
  w.EndArray();
  EXPECT_EQ(w.View(), R"([[[[1]]],2,{"k":{"k":{}},"j":3}])");
  Parse(w.View());
}

TEST(JsonWriterTest, TopLevelScalars) {
  JsonWriter w;
  w.Int(5);
  EXPECT_EQ(w.View(), "5");
  EXPECT_EQ(StringValue("x"), "\"x\"");
}

TEST(JsonWriterTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(StringValue("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(StringValue("C:\\path\\"), R"("C:\\path\\")");
  EXPECT_EQ(Parse(StringValue("a\"b\\c")), "a\"b\\c");
}

TEST(JsonWriterTest, EscapesControlCharacters) {
  EXPECT_EQ(StringValue("a\nb"), R"("a\nb")");
  EXPECT_EQ(StringValue("\r\t\b\f"), R"("\r\t\b\f")");
  EXPECT_EQ(StringValue(std::string_view("\x01", 1)), R"("\u0001")");
  EXPECT_EQ(StringValue(std::string_view("\x1f", 1)), R"("\u001f")");
  EXPECT_EQ(StringValue(std::string_view("a\0b", 3)), R"("a\u0000b")");
  std::string all;
  for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
  all += "\"\\/";
  EXPECT_EQ(Parse(StringValue(all)), all);  // round-trips through a real parser
}

TEST(JsonWriterTest, EscapesKeys) {
  JsonWriter w;
  w.StartObject().Key("a\"\n").Int(1).EndObject();
  EXPECT_EQ(w.View(), R"({"a\"\n":1})");
  EXPECT_EQ(Parse(w.View())["a\"\n"], 1);
}

TEST(JsonWriterTest, Utf8PassesThroughUntouched) {
  const std::string text = "h\xC3\xA9llo \xE2\x9C\x93 \xF0\x9F\x98\x80 /";  // héllo ✓ 😀 /
  EXPECT_EQ(StringValue(text), "\"" + text + "\"");
  EXPECT_EQ(Parse(StringValue(text)), text);
}

TEST(JsonWriterTest, IntegerExtremes) {
  JsonWriter w;
  w.StartArray()
      .Int(std::numeric_limits<int64_t>::min())
      .Int(std::numeric_limits<int64_t>::max())
      .Int(0)
      .Int(-1)
      .EndArray();
  EXPECT_EQ(w.View(), "[-9223372036854775808,9223372036854775807,0,-1]");
  json doc = Parse(w.View());
  EXPECT_EQ(doc[0].get<int64_t>(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(doc[1].get<int64_t>(), std::numeric_limits<int64_t>::max());
}

TEST(JsonWriterTest, DoublesUseTheShortestRoundTripFormWithAFraction) {
  EXPECT_EQ(DoubleValue(0.5), "0.5");
  EXPECT_EQ(DoubleValue(1.0), "1.0");
  EXPECT_EQ(DoubleValue(-3.0), "-3.0");
  EXPECT_EQ(DoubleValue(0.1), "0.1");
  EXPECT_EQ(DoubleValue(2.675), "2.675");
  EXPECT_EQ(DoubleValue(1e21), "1e+21");  // exponent form is already a JSON number
  EXPECT_EQ(DoubleValue(1.5e-7), "1.5e-07");
  EXPECT_EQ(Parse(DoubleValue(0.1)).get<double>(), 0.1);
  EXPECT_EQ(Parse(DoubleValue(1e21)).get<double>(), 1e21);
  EXPECT_TRUE(Parse(DoubleValue(1.0)).is_number_float());
}

TEST(JsonWriterTest, NonFiniteDoublesBecomeNull) {
  EXPECT_EQ(DoubleValue(std::nan("")), "null");
  EXPECT_EQ(DoubleValue(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(DoubleValue(-std::numeric_limits<double>::infinity()), "null");
  JsonWriter w;
  w.StartArray().Double(std::nan("")).Double(2.5).EndArray();
  EXPECT_EQ(w.View(), "[null,2.5]");
  Parse(w.View());
}

TEST(JsonWriterTest, RawInsertsSerializedJsonAsAValue) {
  JsonWriter w;
  w.StartObject().Key("tags").Raw(R"(["a","b"])").Key("n").Int(1).Key("obj").Raw(R"({"x":null})").EndObject();
  EXPECT_EQ(w.View(), R"({"tags":["a","b"],"n":1,"obj":{"x":null}})");
  json doc = Parse(w.View());
  EXPECT_EQ(doc["tags"][1], "b");
  JsonWriter arr;
  arr.StartArray().Raw("1").Raw("2").EndArray();
  EXPECT_EQ(arr.View(), "[1,2]");
}

TEST(JsonWriterTest, OptionalIntWritesNullWhenAbsent) {
  JsonWriter w;
  w.StartObject().Key("a").OptionalInt(true, 7).Key("b").OptionalInt(false, 7).Key("c").OptionalInt(true, -1).EndObject();
  EXPECT_EQ(w.View(), R"({"a":7,"b":null,"c":-1})");
  json doc = Parse(w.View());
  EXPECT_TRUE(doc["b"].is_null());
}

TEST(JsonWriterTest, TakeMovesTheOutputOut) {
  JsonWriter w;
  w.StartArray().String("x").EndArray();
  std::string out = w.Take();
  EXPECT_EQ(out, R"(["x"])");
}

TEST(JsonWriterTest, DeepNestingWithinSixtyFourLevelsStaysValid) {
  JsonWriter w;
  constexpr int kDepth = 60;
  for (int i = 0; i < kDepth; ++i) w.StartArray().Int(i);
  for (int i = 0; i < kDepth; ++i) {
    w.EndArray();
    if (i < kDepth - 1) w.Int(-i);  // a sibling after each closed inner array
  }
  json doc = Parse(w.View());
  ASSERT_EQ(doc.size(), 3u);
  EXPECT_EQ(doc[0], 0);
  EXPECT_EQ(doc[2], -(kDepth - 2));
  EXPECT_EQ(doc[1][0], 1);
  EXPECT_EQ(doc[1][2], -(kDepth - 3));
}

// BUG (latent): the writer keeps one "has items" bit per level in a uint64_t
// indexed by (depth - 1) & 63, so level 65 shares a bit with level 1. Closing
// an empty array at depth 65 clears level 1's bit, and the next value at
// level 1 is written without its comma: [[[...[]...]]2] is not valid JSON.
// Unreachable today (request bodies are capped at 32 levels by validation),
// hence disabled; enable it when the writer supports or rejects deeper nesting.
TEST(JsonWriterTest, NestingDeeperThanSixtyFourLevelsStaysValid) {
  JsonWriter w;
  w.StartArray().Int(1);
  for (int i = 0; i < 64; ++i) w.StartArray();
  for (int i = 0; i < 64; ++i) w.EndArray();
  w.Int(2).EndArray();
  json doc = json::parse(w.View(), nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(doc.is_discarded()) << "not valid JSON: " << w.View();
  EXPECT_EQ(doc.size(), 3u);
  EXPECT_EQ(doc[2], 2);
}

}  // namespace
TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacters) {
  JsonWriter w;
  w.StartArray();
  w.String("ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");  // é € 😀 stay
  w.String("\xFF\xFE" "bad");                                // stray bytes
  w.String("\xED\xA0\x80");                                 // an encoded surrogate
  w.String("cut \xE2\x82");                                  // truncated sequence
  w.String("\xC0\xAF");                                      // overlong
  w.String("long enough to take the 8-byte path \x80 here");
  w.EndArray();
  EXPECT_EQ(w.View(),
            "[\"ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\",\"\\ufffd\\ufffdbad\",\"\\ufffd\\ufffd\\ufffd\",\"cut "
            "\\ufffd\\ufffd\",\"\\ufffd\\ufffd\",\"long enough to take the 8-byte path \\ufffd here\"]");
}

}  // namespace supplyhub
