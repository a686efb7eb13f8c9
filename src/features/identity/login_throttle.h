#pragma once
// Slows down password guessing: too many failed logins for one account or
// from one client address within a window answer 429 until it passes.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace supplyhub::features {

class LoginThrottle {
 public:
  struct Limits {
    int per_account = 5;
    int per_address = 20;
    std::chrono::seconds window{300};
  };
  LoginThrottle() : LoginThrottle(Limits{}) {}
  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // Seconds to wait before trying again, or 0 when a try is allowed.
  int RetryAfter(const std::string& account, const std::string& address);
  void RecordFailure(const std::string& account, const std::string& address);
  void RecordSuccess(const std::string& account);

 private:
  struct Window {
    int failures = 0;
    std::chrono::steady_clock::time_point started;
  };
  int Check(std::unordered_map<std::string, Window>& map, const std::string& key, int limit);
  void Add(std::unordered_map<std::string, Window>& map, const std::string& key);

  Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> accounts_;
  std::unordered_map<std::string, Window> addresses_;
};

}  // namespace supplyhub::features
