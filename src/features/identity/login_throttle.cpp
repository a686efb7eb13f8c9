#include "features/identity/login_throttle.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/crypto.h"

namespace supplyhub::features {
namespace {

// Bucket scopes: negative, so never an organization's rate-limit bucket.
constexpr int64_t kAccountScope = -1;       // id: the user's id
constexpr int64_t kUnknownLoginScope = -2;  // id: hash of the lowercased login
constexpr int64_t kAddressScope = -3;       // id: hash of the client address

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// 64 bits of SHA-256: names a bucket without storing what the client typed.
int64_t Hash64(std::string_view text) {
  std::string hex = Sha256Hex(text);
  uint64_t v = 0;
  std::from_chars(hex.data(), hex.data() + 16, v, 16);
  return static_cast<int64_t>(v);
}

http::RatePolicy Policy(int tries, std::chrono::seconds window) {
  return {tries, static_cast<double>(tries) / static_cast<double>(window.count())};
}

int SecondsUntilOne(const http::RateGrant& look, const http::RatePolicy& policy) {
  if (look.level >= 1) return 0;
  return std::max(1, static_cast<int>(std::ceil((1 - look.level) / policy.refill_per_second)));
}

}  // namespace

LoginThrottle::LoginThrottle(Limits limits)
    : per_account_(Policy(limits.per_account, limits.window)),
      per_address_(Policy(limits.per_address, limits.window)),
      outage_(std::make_unique<http::StoreOutage>("login-throttle", true)) {}

void LoginThrottle::ShareBuckets(http::RateStore* store, bool fail_open) {
  store_ = store;
  outage_ = std::make_unique<http::StoreOutage>("login-throttle", fail_open);
}

http::RateKey LoginThrottle::AccountKey(const LoginAccount& account) {
  if (account.user_id > 0) return {kAccountScope, account.user_id};
  return {kUnknownLoginScope, Hash64(Lower(account.login))};
}

http::RateKey LoginThrottle::AddressKey(const std::string& address) { return {kAddressScope, Hash64(address)}; }

Result<int> LoginThrottle::WhenStoreFails(const Error& error, bool skipped) {
  if (!skipped) outage_->Failed(error);
  if (outage_->fail_open()) return 0;
  return Fail(outage_->Unavailable());
}

Task<Result<int>> LoginThrottle::Admit(LoginAccount account, std::string address) {
  if (outage_->Skip()) co_return WhenStoreFails({}, true);
  auto by_address = co_await store_->Take(AddressKey(address), per_address_, 0);
  if (!by_address) co_return WhenStoreFails(by_address.error(), false);
  if (int wait = SecondsUntilOne(*by_address, per_address_); wait > 0) {
    outage_->Succeeded();
    co_return wait;
  }
  auto by_account = co_await store_->Take(AccountKey(account), per_account_, 1);
  if (!by_account) co_return WhenStoreFails(by_account.error(), false);
  outage_->Succeeded();
  if (by_account->granted == 1) co_return 0;
  co_return SecondsUntilOne(*by_account, per_account_);
}

Task<void> LoginThrottle::RecordFailure(std::string address) {
  if (outage_->Skip()) co_return;
  if (auto taken = co_await store_->Take(AddressKey(address), per_address_, 1); !taken)
    outage_->Failed(taken.error());
}

Task<void> LoginThrottle::RecordSuccess(LoginAccount account) {
  if (outage_->Skip()) co_return;
  if (auto refilled = co_await store_->Refill(AccountKey(account)); !refilled) outage_->Failed(refilled.error());
}

}  // namespace supplyhub::features
