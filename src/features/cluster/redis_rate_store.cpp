#include "features/cluster/redis_rate_store.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <cstdlib>
#include <unordered_map>

namespace supplyhub::features {
namespace {

// KEYS[1] bucket; ARGV capacity, refill per second, tokens wanted.
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
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate * 1000) + 1000)
return {granted, tostring(tokens)}
)";

struct Reply {
  redisReply* r;
  ~Reply() { if (r) freeReplyObject(r); }
};

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

Result<Context> Connect(const std::string& host, int port) {
  timeval timeout{0, 200 * 1000};
  Context c(redisConnectWithTimeout(host.c_str(), port, timeout));
  if (!c || c->err)
    return Fail(ErrorCode::kUnavailable, "redis " + host + ":" + std::to_string(port) + ": " +
                                             (c ? c->errstr : "out of memory"));
  redisSetTimeout(c.get(), timeout);
  return c;
}

}  // namespace

Result<std::unique_ptr<RedisRateStore>> RedisRateStore::Open(const std::string& url) {
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
  std::unique_ptr<RedisRateStore> store(new RedisRateStore(host, port));
  auto c = Connect(host, port);
  if (!c) return Fail(c.error());
  Reply pong{static_cast<redisReply*>(redisCommand(c->get(), "PING"))};
  if (!pong.r || pong.r->type == REDIS_REPLY_ERROR)
    return Fail(ErrorCode::kUnavailable, "redis does not answer PING at " + url);
  return store;
}

Task<Result<http::RateGrant>> RedisRateStore::Take(int64_t org, int64_t client, http::RatePolicy policy,
                                                    int64_t want) {
  co_return TakeNow(org, client, policy, want);
}

Result<http::RateGrant> RedisRateStore::TakeNow(int64_t org, int64_t client, http::RatePolicy policy, int64_t want) {
  thread_local std::unordered_map<const RedisRateStore*, Context> connections;
  Context& c = connections[this];
  if (!c) {
    auto made = Connect(host_, port_);
    if (!made) return Fail(made.error());
    c = std::move(*made);
  }
  std::string key = "supplyhub:rate:" + std::to_string(org) + ":" + std::to_string(client);
  std::string cap = std::to_string(policy.capacity), rate = std::to_string(policy.refill_per_second),
              wanted = std::to_string(want);
  Reply reply{static_cast<redisReply*>(redisCommand(c.get(), "EVAL %s 1 %s %s %s %s", kTakeScript, key.c_str(),
                                                    cap.c_str(), rate.c_str(), wanted.c_str()))};
  if (!reply.r) {
    std::string why = c->errstr;
    c.reset();  // reconnect next time
    return Fail(ErrorCode::kUnavailable, "redis: " + why);
  }
  if (reply.r->type != REDIS_REPLY_ARRAY || reply.r->elements != 2 || reply.r->element[0]->type != REDIS_REPLY_INTEGER)
    return Fail(ErrorCode::kUnavailable, std::string("redis: unexpected reply ") +
                                             (reply.r->type == REDIS_REPLY_ERROR ? reply.r->str : ""));
  http::RateGrant grant;
  grant.granted = reply.r->element[0]->integer;
  grant.level = std::strtod(reply.r->element[1]->str, nullptr);
  return grant;
}

}  // namespace supplyhub::features
