#pragma once
// Request counters and latency histograms by route, method and status, in
// Prometheus text format. Each thread writes its own shard; a scrape sums them.
#include <string>
#include <vector>

namespace supplyhub::http {

class Metrics {
 public:
  // route_id -1 means "no route matched".
  static void Record(int route_id, int status, double seconds);
  // `route_labels[i]` is `route="...",method="..."` for route id i.
  static std::string Render(const std::vector<std::string>& route_labels);
};

}  // namespace supplyhub::http
