#include "features/cluster/redis_rate_store.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <sys/socket.h>

#include <charconv>
#include <cstdlib>
#include <unordered_map>

namespace supplyhub::features {
namespace {

// KEYS[1] bucket; ARGV capacity, refill per second, tokens wanted (0: only
// look, writing nothing).
constexpr const char* kTakeScript = R"(
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local granted = 0
if tokens >= 1 then
  granted = math.min(want, math.floor(tokens))
  tokens = tokens - granted
end
if want > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate * 1000) + 1000)
end
return {granted, tostring(tokens)}
)";

std::string Key(http::RateKey key) {
  return "supplyhub:rate:" + std::to_string(key.scope) + ":" + std::to_string(key.id);
}

// The host's first address, so that connecting later never resolves names
// on an I/O thread (getaddrinfo blocks).
Result<std::string> Resolve(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0 || !found)
    return Fail(ErrorCode::kUnavailable, "redis host " + host + ": " + ::gai_strerror(rc));
  char text[INET6_ADDRSTRLEN] = {};
  const void* address = found->ai_family == AF_INET6
                            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr)
                            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr);
  ::inet_ntop(found->ai_family, address, text, sizeof text);
  ::freeaddrinfo(found);
  return std::string(text);
}

// The start-up check, synchronous: this thread has nothing else to do.
Result<void> Ping(const std::string& host, int port, std::chrono::milliseconds timeout) {
  timeval tv{0, static_cast<suseconds_t>(std::chrono::microseconds(timeout).count())};
  redisContext* c = redisConnectWithTimeout(host.c_str(), port, tv);
  std::string where = host + ":" + std::to_string(port);
  if (!c || c->err) {
    std::string why = c ? c->errstr : "out of memory";
    if (c) redisFree(c);
    return Fail(ErrorCode::kUnavailable, "redis " + where + ": " + why);
  }
  redisSetTimeout(c, tv);
  auto* pong = static_cast<redisReply*>(redisCommand(c, "PING"));
  bool ok = pong && pong->type != REDIS_REPLY_ERROR;
  if (pong) freeReplyObject(pong);
  redisFree(c);
  if (!ok) return Fail(ErrorCode::kUnavailable, "redis does not answer PING at " + where);
  return {};
}

}  // namespace

Result<std::unique_ptr<RedisRateStore>> RedisRateStore::Open(const std::string& url,
                                                             std::chrono::milliseconds timeout) {
  // redis://host[:port] (database 0; no credentials: keep Redis on a private network)
  std::string_view rest = url;
  if (!rest.starts_with("redis://")) return Fail(ErrorCode::kBadRequest, "redis URL must start with redis://");
  rest.remove_prefix(8);
  rest = rest.substr(0, rest.find('/'));
  if (rest.find('@') != std::string_view::npos)
    return Fail(ErrorCode::kBadRequest, "redis URL: credentials are not supported (keep Redis on a private network)");
  std::string host(rest.substr(0, rest.rfind(':')));
  int port = 6379;
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    auto digits = rest.substr(colon + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), port).ec != std::errc() || port <= 0 ||
        port > 65535)
      return Fail(ErrorCode::kBadRequest, "bad port in redis URL " + url);
  }
  if (host.empty()) return Fail(ErrorCode::kBadRequest, "no host in redis URL " + url);
  auto address = Resolve(host);
  if (!address) return Fail(address.error());
  if (auto pinged = Ping(*address, port, timeout); !pinged) return Fail(pinged.error());
  return std::unique_ptr<RedisRateStore>(new RedisRateStore(*address, port, timeout));
}

RedisConnection& RedisRateStore::ThisThreadsConnection() {
  thread_local std::unordered_map<uint64_t, std::unique_ptr<RedisConnection>> connections;
  auto& c = connections[id_];
  if (!c) c = std::make_unique<RedisConnection>(host_, port_, timeout_);
  return *c;
}

Task<Result<http::RateGrant>> RedisRateStore::Take(http::RateKey key, http::RatePolicy policy, int64_t want) {
  std::vector<std::string> command = {std::string("EVAL"), std::string(kTakeScript), std::string("1"), Key(key),
                                      std::to_string(policy.capacity), std::to_string(policy.refill_per_second),
                                      std::to_string(want)};
  auto reply = co_await ThisThreadsConnection().Call(std::move(command));
  if (!reply) co_return Fail(reply.error());
  const RedisValue& r = *reply;
  if (r.type != RedisValue::Type::kArray || r.elements.size() != 2 ||
      r.elements[0].type != RedisValue::Type::kInteger)
    co_return Fail(ErrorCode::kUnavailable,
                   "redis: unexpected reply " + (r.type == RedisValue::Type::kError ? r.text : std::string()));
  http::RateGrant grant;
  grant.granted = r.elements[0].integer;
  grant.level = std::strtod(r.elements[1].text.c_str(), nullptr);
  co_return grant;
}

Task<Result<void>> RedisRateStore::Refill(http::RateKey key) {
  std::vector<std::string> command = {std::string("DEL"), Key(key)};
  auto reply = co_await ThisThreadsConnection().Call(std::move(command));
  if (!reply) co_return Fail(reply.error());
  if (reply->type == RedisValue::Type::kError) co_return Fail(ErrorCode::kUnavailable, "redis: " + reply->text);
  co_return Result<void>{};
}

}  // namespace supplyhub::features
