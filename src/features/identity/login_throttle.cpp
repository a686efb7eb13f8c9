#include "features/identity/login_throttle.h"

#include <algorithm>
#include <cctype>

namespace supplyhub::features {
namespace {
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

int LoginThrottle::Check(std::unordered_map<std::string, Window>& map, const std::string& key, int limit) {
  auto it = map.find(key);
  if (it == map.end()) return 0;
  auto elapsed = std::chrono::steady_clock::now() - it->second.started;
  if (elapsed >= limits_.window) {
    map.erase(it);
    return 0;
  }
  if (it->second.failures < limit) return 0;
  return static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(limits_.window - elapsed).count()) + 1;
}

void LoginThrottle::Add(std::unordered_map<std::string, Window>& map, const std::string& key) {
  auto now = std::chrono::steady_clock::now();
  auto [it, inserted] = map.try_emplace(key, Window{0, now});
  if (!inserted && now - it->second.started >= limits_.window) it->second = Window{0, now};
  ++it->second.failures;
}

int LoginThrottle::RetryAfter(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  return std::max(Check(accounts_, Lower(account), limits_.per_account),
                  Check(addresses_, address, limits_.per_address));
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  Add(accounts_, Lower(account));
  Add(addresses_, address);
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(Lower(account));
}

}  // namespace supplyhub::features
