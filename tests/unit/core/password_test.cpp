#include "core/password.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace supplyhub {
namespace {

// printf %s Password123 | sha512sum
constexpr const char* kPassword123Sha512 =
    "804f50ddbaab7f28c933a95c162d019acbf96afde56dba10e4c7dfcfe453dec4"
    "bacf5e78b1ddbdc1695a793bcb5d7d409425db4cc3370e71c4965e4ef992e8c4";
// printf '' | sha512sum
constexpr const char* kEmptySha512 =
    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
    "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

TEST(PasswordTest, Sha512HexIsTheLowercaseHexDigest) {
  EXPECT_EQ(Sha512Hex("Password123"), kPassword123Sha512);
  EXPECT_EQ(Sha512Hex(""), kEmptySha512);
  EXPECT_EQ(Sha512Hex("Password123").size(), 128u);
}

TEST(PasswordTest, NormalizeHashesAPlainPassword) {
  EXPECT_EQ(NormalizePassword("Password123"), kPassword123Sha512);
  EXPECT_EQ(NormalizePassword(""), kEmptySha512);
}

TEST(PasswordTest, NormalizeKeepsASha512HexAndLowercasesIt) {
  EXPECT_EQ(NormalizePassword(kPassword123Sha512), kPassword123Sha512);
  EXPECT_EQ(NormalizePassword(Upper(kPassword123Sha512)), kPassword123Sha512);
}

TEST(PasswordTest, NormalizeHashesAnythingThatIsNotExactly128HexDigits) {
  std::string hex(kPassword123Sha512);
  std::string short_hex = hex.substr(0, 127);
  EXPECT_EQ(NormalizePassword(short_hex), Sha512Hex(short_hex));
  std::string long_hex = hex + "0";
  EXPECT_EQ(NormalizePassword(long_hex), Sha512Hex(long_hex));
  std::string not_hex = hex;
  not_hex[5] = 'g';
  EXPECT_EQ(NormalizePassword(not_hex), Sha512Hex(not_hex));
  EXPECT_NE(NormalizePassword(not_hex), not_hex);
}

class PasswordHashTest : public ::testing::Test {
 protected:
  // Argon2id is deliberately slow: hash once for the whole suite.
  static void SetUpTestSuite() { hash_ = new std::string(HashPassword("Password123")); }
  static void TearDownTestSuite() {
    delete hash_;
    hash_ = nullptr;
  }
  static std::string* hash_;
};
std::string* PasswordHashTest::hash_ = nullptr;

TEST_F(PasswordHashTest, HashIsAnEncodedArgon2idString) {
  EXPECT_EQ(hash_->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash_;
  EXPECT_EQ(hash_->find("Password123"), std::string::npos);
  EXPECT_EQ(hash_->find(kPassword123Sha512), std::string::npos);
}

TEST_F(PasswordHashTest, EachHashHasItsOwnSalt) { EXPECT_NE(HashPassword("Password123"), *hash_); }

TEST_F(PasswordHashTest, VerifyAcceptsThePlainPassword) { EXPECT_TRUE(VerifyPassword("Password123", *hash_)); }

TEST_F(PasswordHashTest, VerifyAcceptsTheSha512InEitherCase) {
  EXPECT_TRUE(VerifyPassword(kPassword123Sha512, *hash_));
  EXPECT_TRUE(VerifyPassword(Upper(kPassword123Sha512), *hash_));
}

TEST_F(PasswordHashTest, VerifyRejectsAWrongPassword) {
  EXPECT_FALSE(VerifyPassword("password123", *hash_));
  EXPECT_FALSE(VerifyPassword(kEmptySha512, *hash_));
}

TEST(PasswordTest, VerifyRejectsAGarbageHashWithoutHashing) {
  EXPECT_FALSE(VerifyPassword("Password123", ""));
  EXPECT_FALSE(VerifyPassword("Password123", "not-an-argon2-hash"));
  EXPECT_FALSE(VerifyPassword("Password123", kPassword123Sha512));
}

}  // namespace
}  // namespace supplyhub
