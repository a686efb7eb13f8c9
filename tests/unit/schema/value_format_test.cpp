#include "schema/value_format.h"

#include <gtest/gtest.h>

#include "schema/resources/declarations.h"

namespace supplyhub::schema {
namespace {

TEST(IsDateTest, AcceptsRealCalendarDays) {
  for (const char* d : {"2023-01-12", "2023-12-31", "0001-01-01", "9999-12-31", "2023-04-30", "2023-02-28"})
    EXPECT_TRUE(IsDate(d)) << d;
}

TEST(IsDateTest, LeapYears) {
  EXPECT_TRUE(IsDate("2024-02-29"));   // divisible by 4
  EXPECT_TRUE(IsDate("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(IsDate("2023-02-29"));  // not divisible by 4
  EXPECT_FALSE(IsDate("1900-02-29"));  // divisible by 100, not 400
  EXPECT_FALSE(IsDate("2024-02-30"));
}

TEST(IsDateTest, RejectsImpossibleDaysAndMonths) {
  for (const char* d : {"2023-02-30", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "2023-01-32",
                        "2023-06-31", "2023-11-31"})
    EXPECT_FALSE(IsDate(d)) << d;
}

TEST(IsDateTest, RejectsOtherShapes) {
  for (const char* d : {"", "2023-1-12", "2023-01-1", "20230112", "2023/01/12", "2023-01-12 ", " 2023-01-12",
                        "2023-01-120", "abcd-01-12", "2023-0a-12", "+023-01-12", "2023-01-12T00:00:00Z"})
    EXPECT_FALSE(IsDate(d)) << "'" << d << "'";
}

TEST(IsDateTimeTest, AcceptsRfc3339) {
  for (const char* s : {"2023-01-12T00:00:00Z", "2023-01-12T23:59:59Z", "2023-01-12t10:15:30z",
                        "2023-01-12 10:15:30Z", "2023-01-12T10:15:30.123Z", "2023-01-12T10:15:30.1Z",
                        "2023-01-12T10:15:30.123456789Z", "2023-01-12T10:15:30+05:30", "2023-01-12T10:15:30-08:00",
                        "2023-01-12T10:15:30.5+00:00", "2016-12-31T23:59:60Z", "2024-02-29T12:00:00Z"})
    EXPECT_TRUE(IsDateTime(s)) << s;
}

TEST(IsDateTimeTest, RejectsBadTimes) {
  for (const char* s : {"2023-01-12T24:00:00Z", "2023-01-12T23:60:00Z", "2023-01-12T23:59:61Z",
                        "2023-01-12T1:00:00Z", "2023-01-12T10-15-30Z", "2023-01-12Tab:00:00Z"})
    EXPECT_FALSE(IsDateTime(s)) << s;
}

TEST(IsDateTimeTest, RejectsBadDates) {
  EXPECT_FALSE(IsDateTime("2023-02-30T00:00:00Z"));
  EXPECT_FALSE(IsDateTime("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(IsDateTime("2023-13-01T00:00:00Z"));
}

TEST(IsDateTimeTest, RequiresAnOffset) {
  EXPECT_FALSE(IsDateTime("2023-01-12T10:15:30"));
  EXPECT_FALSE(IsDateTime("2023-01-12T10:15:30.123"));
  EXPECT_FALSE(IsDateTime("2023-01-12"));
}

TEST(IsDateTimeTest, RejectsBadFractionsAndOffsets) {
  for (const char* s : {"2023-01-12T10:15:30.Z", "2023-01-12T10:15:30.+01:00", "2023-01-12T10:15:30+0530",
                        "2023-01-12T10:15:30+05", "2023-01-12T10:15:30+24:00", "2023-01-12T10:15:30+05:60",
                        "2023-01-12T10:15:30+05:30:00", "2023-01-12T10:15:30ZZ", "2023-01-12T10:15:30Z ",
                        "2023-01-12T10:15:30 Z", "2023-01-12X10:15:30Z", "2023-01-12T10:15:30*05:30",
                        "2023-01-12T10:15:30+5:30", ""})
    EXPECT_FALSE(IsDateTime(s)) << "'" << s << "'";
}

TEST(Utf8LengthTest, CountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("\xC3\xA9"), 1u);               // é
  EXPECT_EQ(Utf8Length("\xE2\x82\xAC"), 1u);           // €
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1u);       // 😀
  EXPECT_EQ(Utf8Length("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"), 5u);
  EXPECT_EQ(Utf8Length(std::string_view("a\0b", 3)), 3u);
}

TEST(CanonicalEnumValueTest, MatchesCaseInsensitively) {
  const Field& unit_type = resources::Parts().fields[static_cast<size_t>(resources::Parts().FieldIndex("unit_type"))];
  EXPECT_EQ(CanonicalEnumValue(unit_type, "Volume"), "Volume");
  EXPECT_EQ(CanonicalEnumValue(unit_type, "volume"), "Volume");
  EXPECT_EQ(CanonicalEnumValue(unit_type, "MASS"), "Mass");
  EXPECT_EQ(CanonicalEnumValue(unit_type, "lEnGtH"), "Length");
}

TEST(CanonicalEnumValueTest, NoPrefixOrPartialMatches) {
  const Field& unit_type = resources::Parts().fields[static_cast<size_t>(resources::Parts().FieldIndex("unit_type"))];
  for (const char* v : {"", "Vol", "Volumes", " Volume", "Volume ", "Weight"})
    EXPECT_EQ(CanonicalEnumValue(unit_type, v), "") << "'" << v << "'";
}

TEST(CanonicalEnumValueTest, DistinguishesShortValues) {
  Field f = Field::Enum("unit", {"t", "tsp", "l", "lb"});
  EXPECT_EQ(CanonicalEnumValue(f, "T"), "t");
  EXPECT_EQ(CanonicalEnumValue(f, "TSP"), "tsp");
  EXPECT_EQ(CanonicalEnumValue(f, "L"), "l");
  EXPECT_EQ(CanonicalEnumValue(f, "Lb"), "lb");
  EXPECT_EQ(CanonicalEnumValue(f, "ts"), "");
}

TEST(MoneyTest, MinorUnitsFollowTheCurrency) {
  EXPECT_EQ(CurrencyExponent("USD"), 2);
  EXPECT_EQ(CurrencyExponent("JPY"), 0);
  EXPECT_EQ(CurrencyExponent("KWD"), 3);
  int64_t minor = 0;
  ASSERT_TRUE(ParseMoney("130", 2, minor));
  EXPECT_EQ(minor, 13000);
  ASSERT_TRUE(ParseMoney("130.5", 2, minor));
  EXPECT_EQ(minor, 13050);
  ASSERT_TRUE(ParseMoney("1000", 0, minor));
  EXPECT_EQ(minor, 1000);
  ASSERT_TRUE(ParseMoney("1.234", 3, minor));
  EXPECT_EQ(minor, 1234);
  ASSERT_TRUE(ParseMoney("-0.01", 2, minor));
  EXPECT_EQ(minor, -1);
}

TEST(MoneyTest, RefusesMoreDecimalsThanTheCurrencyHas) {
  int64_t minor = 0;
  EXPECT_FALSE(ParseMoney("0.001", 2, minor));
  EXPECT_FALSE(ParseMoney("10.5", 0, minor));
  EXPECT_FALSE(ParseMoney("abc", 2, minor));
  EXPECT_FALSE(ParseMoney("", 2, minor));
  EXPECT_TRUE(ParseMoney("10.50", 2, minor));  // trailing zeros are not more precision
}

TEST(MoneyTest, FormatsWithTheCurrencysDecimals) {
  EXPECT_EQ(FormatMoney(13000, 2), "130.00");
  EXPECT_EQ(FormatMoney(5, 2), "0.05");
  EXPECT_EQ(FormatMoney(-5, 2), "-0.05");
  EXPECT_EQ(FormatMoney(1000, 0), "1000");
  EXPECT_EQ(FormatMoney(1234, 3), "1.234");
  EXPECT_TRUE(IsCurrencyCode("EUR"));
  for (const char* bad : {"eur", "EURO", "E1R", ""}) EXPECT_FALSE(IsCurrencyCode(bad)) << bad;
}

}  // namespace
}  // namespace supplyhub::schema
