#include "core/clock.h"

#include <gtest/gtest.h>

namespace supplyhub {
namespace {

TEST(ClockTest, TimestampsParseAsRfc3339OrUnixSeconds) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestamp("2026-11-22T10:15:30Z"), 1795342530);
  EXPECT_EQ(ParseTimestamp("2026-11-22T10:15:30.123Z"), 1795342530);
  EXPECT_EQ(ParseTimestamp("2026-11-22T12:15:30+02:00"), 1795342530);
  EXPECT_EQ(ParseTimestamp("1795342530"), 1795342530);
  EXPECT_EQ(UnixToRfc3339(1795342530), "2026-11-22T10:15:30Z");
  EXPECT_EQ(ParseTimestamp(UnixToRfc3339(1234567890)), 1234567890);
  for (const char* bad : {"", "yesterday", "2026-11-22", "2026-13-01T00:00:00Z", "2026-11-22T10:15:30",
                          "2026-11-22T10:15:30Zjunk", "2026-11-22T25:00:00Z", "2026-11-22T10:15:30.Z", "-5"})
    EXPECT_FALSE(ParseTimestamp(bad)) << bad;
}

}  // namespace
}  // namespace supplyhub
