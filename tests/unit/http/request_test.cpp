#include "http/request.h"

#include <gtest/gtest.h>

namespace supplyhub::http {
namespace {

const std::vector<std::string> kNginx = {"10.0.0.5"};

TEST(ClientAddressTest, DirectClientsAreTheirPeerAndCannotForgeAHeader) {
  EXPECT_EQ(ClientAddress("203.0.113.7", "", kNginx), "203.0.113.7");
  EXPECT_EQ(ClientAddress("203.0.113.7", "198.51.100.1", kNginx), "203.0.113.7");  // not a trusted proxy
  EXPECT_EQ(ClientAddress("10.0.0.5", "198.51.100.1", {}), "10.0.0.5");            // nothing trusted
}

TEST(ClientAddressTest, BehindATrustedProxyTheRightmostUntrustedEntryCounts) {
  EXPECT_EQ(ClientAddress("10.0.0.5", "198.51.100.1", kNginx), "198.51.100.1");
  // The client wrote the left entry itself; nginx appended the real address.
  EXPECT_EQ(ClientAddress("10.0.0.5", "1.2.3.4, 198.51.100.1", kNginx), "198.51.100.1");
  // Chained trusted proxies are skipped.
  EXPECT_EQ(ClientAddress("10.0.0.5", "198.51.100.1,10.0.0.5", kNginx), "198.51.100.1");
  EXPECT_EQ(ClientAddress("10.0.0.5", " , ", kNginx), "10.0.0.5");
}

using Headers = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(CheckFramingTest, OnlyExactlyChunkedIsATransferEncoding) {
  EXPECT_TRUE(CheckFraming(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}}));
  EXPECT_TRUE(CheckFraming(11, {{"host", "a"}, {"transfer-encoding", " Chunked "}}));
  for (std::string_view te : {"xchunked", "chunked, identity", "gzip, chunked", "identity", ""})
    EXPECT_FALSE(CheckFraming(11, {{"Host", "a"}, {"Transfer-Encoding", te}})) << te;
  EXPECT_FALSE(CheckFraming(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}));
  EXPECT_FALSE(CheckFraming(10, {{"Transfer-Encoding", "chunked"}}));
}

TEST(CheckFramingTest, LengthsMustBeUnambiguous) {
  EXPECT_TRUE(CheckFraming(11, {{"Host", "a"}, {"Content-Length", "5"}}));
  EXPECT_FALSE(CheckFraming(11, {{"Host", "a"}, {"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}));
  EXPECT_FALSE(CheckFraming(11, {{"Host", "a"}, {"Content-Length", "5"}, {"Content-Length", "5"}}));
}

TEST(CheckFramingTest, Http11NeedsExactlyOnePlainHost) {
  EXPECT_FALSE(CheckFraming(11, {}));
  EXPECT_FALSE(CheckFraming(11, {{"Host", "a"}, {"Host", "b"}}));
  EXPECT_FALSE(CheckFraming(11, {{"Host", "a b"}}));
  EXPECT_FALSE(CheckFraming(11, {{"Host", "a\"><script>"}}));
  EXPECT_TRUE(CheckFraming(11, {{"Host", "[::1]:8080"}}));
  EXPECT_TRUE(CheckFraming(11, {{"Host", "api.example.com"}}));
  EXPECT_TRUE(CheckFraming(10, {}));
}

TEST(OriginTest, APublicUrlBeatsTheHostHeader) {
  Request r;
  r.headers = {{"Host", "evil.example"}};
  EXPECT_EQ(r.Origin(), "http://evil.example");
  r.tls = true;
  EXPECT_EQ(r.Origin(), "https://evil.example");
  r.public_url = "https://api.example.com";
  EXPECT_EQ(r.Origin(), "https://api.example.com");
  EXPECT_EQ(Request{}.Origin(), "");
}

}  // namespace
}  // namespace supplyhub::http
