#include "features/oauth/redirect_uri.h"

#include <gtest/gtest.h>

namespace supplyhub::features {
namespace {

TEST(RedirectUriTest, HttpsAnywhereHttpOnlyToLoopback) {
  for (const char* ok : {"https://app.example.com/cb", "https://app.example.com:8443/cb?x=1", "https://a.example",
                         "http://127.0.0.1/cb", "http://127.0.0.1:51000/cb", "http://[::1]:8080/cb", "http://localhost/cb"})
    EXPECT_EQ(RedirectUriProblem(ok), "") << ok;
  for (const char* bad : {"http://localhost.evil.com/cb", "http://127.0.0.1.evil.com/", "http://example.com/cb",
                          "ftp://a.example/cb", "javascript:alert(1)", "custom-scheme:/cb", "http://[::1].evil/"})
    EXPECT_NE(RedirectUriProblem(bad), "") << bad;
}

TEST(RedirectUriTest, NoUserinfoFragmentWhitespaceOrControls) {
  for (const char* bad : {"http://localhost@evil.com/cb", "https://user:pw@a.example/cb", "https://a.example/cb#f",
                          "https://a.example/cb http://evil.example/steal", "https://a.example/cb\r\nSet-Cookie: x=1",
                          "https://a.example/\tcb", "https://a.example/\x7f", "https:///cb", "https://a.example:8x/cb"})
    EXPECT_NE(RedirectUriProblem(bad), "") << bad;
  EXPECT_NE(RedirectUriProblem("https://a.example/" + std::string(3000, 'a')), "");
}

}  // namespace
}  // namespace supplyhub::features
