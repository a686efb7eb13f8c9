#include "features/webhooks/webhook_sender.h"

#include <chrono>
#include <cstring>
#include <optional>

#include <curl/curl.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "features/webhooks/destination.h"
#include "features/webhooks/retry_schedule.h"

namespace supplyhub::features {
namespace {

constexpr size_t kResponseExcerpt = 1024;

// A response excerpt safe to store and show: printable ASCII, the rest as '?'.
std::string Printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 ? c != '\n' && c != '\t' : static_cast<unsigned char>(c) > 0x7e) c = '?';
  return out;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* response = static_cast<std::string*>(user);
  size_t bytes = size * n;
  if (response->size() < kResponseExcerpt) response->append(data, std::min(bytes, kResponseExcerpt - response->size()));
  return bytes;  // the rest is read and dropped
}

}  // namespace

struct WebhookSender::Transfer {
  ClaimedMessage message;
  std::string response;
  curl_slist* headers = nullptr;
  std::optional<int64_t> retry_after;
  bool allow_private = false, refused = false;
  int64_t started_ms = 0;
  char error[CURL_ERROR_SIZE] = {};
  ~Transfer() { curl_slist_free_all(headers); }
};

// The SSRF guard on the address curl is about to connect to (after DNS, per connection).
static curl_socket_t OpenCheckedSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<WebhookSender::Transfer*>(user);
  if (!t->allow_private && !IsPublicAddress(&address->addr)) {
    t->refused = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<WebhookSender::Transfer*>(user);
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0)
    t->retry_after = ParseRetryAfter(line.substr(kName.size()), NowUnixSeconds());
  return size * n;
}

WebhookSender::WebhookSender(SenderSettings settings) : settings_(std::move(settings)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  multi_ = curl_multi_init();
}

WebhookSender::~WebhookSender() {
  for (auto& [easy, t] : running_) {
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), static_cast<CURL*>(easy));
    curl_easy_cleanup(static_cast<CURL*>(easy));
  }
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}


void WebhookSender::Send(ClaimedMessage message) {
  auto t = std::make_unique<Transfer>();
  t->message = std::move(message);
  for (const auto& h : t->message.headers) t->headers = curl_slist_append(t->headers, h.c_str());
  t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
  t->allow_private = settings_.allow_private;
  const ClaimedMessage& m = t->message;
  CURL* easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, m.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_PROXY, "");  // never via a proxy: the guard checks the real destination
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_POST, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, m.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(m.body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "Supplyhub-Webhooks/1");
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout_seconds));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min<int64_t>(10, settings_.timeout_seconds)));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t->response);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, OpenCheckedSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
  if (!settings_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, settings_.ca_file.c_str());
  t->started_ms = SteadyMillis();
  curl_multi_add_handle(static_cast<CURLM*>(multi_), easy);
  running_[easy] = std::move(t);
}

void WebhookSender::Perform(std::vector<DeliveryOutcome>& done) {
  int still_running = 0;
  curl_multi_perform(static_cast<CURLM*>(multi_), &still_running);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(static_cast<CURLM*>(multi_), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    auto it = running_.find(easy);
    if (it == running_.end()) continue;
    Transfer& t = *it->second;
    const ClaimedMessage& m = t.message;
    DeliveryOutcome o{m.message_id, m.endpoint_id, m.org_id, m.event_id, m.attempts, 0, SteadyMillis() - t.started_ms,
                      Printable(t.response), {}, t.retry_after};
    if (msg->data.result == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &o.status);
    else if (t.refused) o.error = "refused: the destination resolved to a private or internal address";
    else o.error = std::string(curl_easy_strerror(msg->data.result)) + (t.error[0] ? std::string(": ") + t.error : "");
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), easy);
    curl_easy_cleanup(easy);
    running_.erase(it);
    done.push_back(std::move(o));
  }
}

void WebhookSender::Poll(int wait_ms) { curl_multi_poll(static_cast<CURLM*>(multi_), nullptr, 0, wait_ms, nullptr); }

void WebhookSender::Wakeup() { curl_multi_wakeup(static_cast<CURLM*>(multi_)); }

}  // namespace supplyhub::features
