#include "support/oauth_flow.h"

#include <gtest/gtest.h>

namespace supplyhub::testing {

HttpResponse PostForm(uint16_t port, const std::string& path, const std::string& body, const Headers& headers) {
  Headers h = headers;
  h.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return HttpClient(port).Send("POST", path, body, h);
}

std::string AuthorizeWithConsent(uint16_t port, const std::string& request, const std::string& username,
                                 const std::string& password, const std::string& decision) {
  auto login = PostForm(port, "/oauth/authorize", request + "&username=" + username + "&password=" + password);
  EXPECT_EQ(login.status, 200) << login.body;
  const std::string marker = "name=\"login_ticket\" value=\"";
  size_t at = login.body.find(marker);
  EXPECT_NE(at, std::string::npos) << login.body;
  if (at == std::string::npos) return {};
  at += marker.size();
  std::string ticket = login.body.substr(at, login.body.find('"', at) - at);
  auto consent = PostForm(port, "/oauth/authorize", request + "&login_ticket=" + ticket + "&decision=" + decision);
  EXPECT_EQ(consent.status, 302) << consent.body;
  return consent.Header("location");
}

std::string QueryParam(const std::string& url, const std::string& name) {
  size_t query = url.find('?');
  if (query == std::string::npos) return {};
  for (size_t at = query + 1; at < url.size();) {
    size_t end = url.find('&', at);
    if (end == std::string::npos) end = url.size();
    std::string pair = url.substr(at, end - at);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    at = end + 1;
  }
  return {};
}

}  // namespace supplyhub::testing
