#include "http/metrics.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace supplyhub::http {
namespace {

constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   0.5,   1,     2.5};

struct Series {
  uint64_t count = 0;
  double sum = 0;
  std::array<uint64_t, kBuckets.size()> buckets{};
};

struct Shard {
  std::mutex mutex;  // uncontended: only its thread and a scrape take it
  std::unordered_map<uint64_t, Series> series;
};

std::mutex shards_mutex;
std::vector<std::unique_ptr<Shard>>& Shards() {
  static std::vector<std::unique_ptr<Shard>> shards;
  return shards;
}

Shard& ThisThreadShard() {
  thread_local Shard* shard = [] {
    std::lock_guard lock(shards_mutex);
    Shards().push_back(std::make_unique<Shard>());
    return Shards().back().get();
  }();
  return *shard;
}

uint64_t Key(int route_id, int status) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(route_id + 1)) << 16) | static_cast<uint16_t>(status);
}

}  // namespace

void Metrics::Record(int route_id, int status, double seconds) {
  Shard& shard = ThisThreadShard();
  std::lock_guard lock(shard.mutex);
  Series& s = shard.series[Key(route_id, status)];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

std::string Metrics::Render(const std::vector<std::string>& route_labels) {
  std::map<uint64_t, Series> total;
  {
    std::lock_guard lock(shards_mutex);
    for (auto& shard : Shards()) {
      std::lock_guard shard_lock(shard->mutex);
      for (const auto& [key, s] : shard->series) {
        Series& t = total[key];
        t.count += s.count;
        t.sum += s.sum;
        for (size_t i = 0; i < kBuckets.size(); ++i) t.buckets[i] += s.buckets[i];
      }
    }
  }
  std::string out;
  out += "# HELP supplyhub_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE supplyhub_http_requests_total counter\n";
  char line[512];
  auto labels = [&](uint64_t key) {
    int route = static_cast<int>(key >> 16) - 1;
    int status = static_cast<int>(key & 0xffff);
    std::string l = route >= 0 && static_cast<size_t>(route) < route_labels.size()
                        ? route_labels[static_cast<size_t>(route)]
                        : std::string(R"(route="unmatched",method="")");
    return l + ",status=\"" + std::to_string(status) + "\"";
  };
  for (const auto& [key, s] : total) {
    std::snprintf(line, sizeof line, "supplyhub_http_requests_total{%s} %llu\n", labels(key).c_str(),
                  static_cast<unsigned long long>(s.count));
    out += line;
  }
  out += "# HELP supplyhub_http_request_duration_seconds Time from request read to response ready.\n";
  out += "# TYPE supplyhub_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : total) {
    std::string l = labels(key);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(line, sizeof line, "supplyhub_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n",
                    l.c_str(), kBuckets[i], static_cast<unsigned long long>(s.buckets[i]));
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "supplyhub_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n"
                  "supplyhub_http_request_duration_seconds_sum{%s} %.6f\n"
                  "supplyhub_http_request_duration_seconds_count{%s} %llu\n",
                  l.c_str(), static_cast<unsigned long long>(s.count), l.c_str(), s.sum, l.c_str(),
                  static_cast<unsigned long long>(s.count));
    out += line;
  }
  return out;
}

}  // namespace supplyhub::http
