#include "core/error.h"

#include <gtest/gtest.h>

namespace supplyhub {
namespace {

TEST(ErrorTest, CodeNamesAreStableAndDistinct) {
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kValidation), "validation_failed");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kPayloadTooLarge), "payload_too_large");
  EXPECT_STRNE(ErrorCodeName(ErrorCode::kConflict), ErrorCodeName(ErrorCode::kBadRequest));
}

TEST(ErrorTest, FailCarriesCodeAndMessage) {
  Result<int> r = Fail(ErrorCode::kConflict, "taken");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().message, "taken");
}

}  // namespace
}  // namespace supplyhub
