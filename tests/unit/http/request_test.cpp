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

}  // namespace
}  // namespace supplyhub::http
