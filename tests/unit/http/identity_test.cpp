#include <gtest/gtest.h>

#include "http/handler.h"

namespace supplyhub::http {
namespace {

TEST(IdentityTest, ScopesAndRolesBothDecide) {
  Identity owner{1, 1, Role::kOwner, {"*"}, 0, 0};
  EXPECT_TRUE(owner.Allows("write:parts"));
  Identity viewer{1, 1, Role::kViewer, {"*"}, 0, 0};
  EXPECT_TRUE(viewer.Allows("read:parts"));
  EXPECT_FALSE(viewer.Allows("write:parts"));
  Identity limited{1, 1, Role::kAdmin, {"read:parts", "write:orders"}, 0, 0};
  EXPECT_TRUE(limited.Allows("read:parts"));
  EXPECT_TRUE(limited.Allows("write:orders"));
  EXPECT_FALSE(limited.Allows("write:parts"));
  EXPECT_FALSE(limited.Allows("read:suppliers"));
  EXPECT_STREQ(RoleName(Role::kAdmin), "admin");
}

}  // namespace
}  // namespace supplyhub::http
