#pragma once
// The browser's side of the OAuth authorization-code flow, shared by the
// OAuth tests and the seed 001 flow: form posts, the login and consent
// pages of /oauth/authorize, and reading the redirect.
#include <cstdint>
#include <string>

#include "support/http_client.h"

namespace supplyhub::testing {

// POSTs an application/x-www-form-urlencoded body on a fresh connection.
HttpResponse PostForm(uint16_t port, const std::string& path, const std::string& body, const Headers& headers = {});

// Signs in on the login page of /oauth/authorize and answers the consent page
// with `decision` ("approve" or "deny"). `request` is the authorization
// request as a form body (response_type, client_id, redirect_uri, scope,
// state, PKCE...). Returns the Location of the consent's 302 ("" on failure,
// after recording the test failure).
std::string AuthorizeWithConsent(uint16_t port, const std::string& request, const std::string& username,
                                 const std::string& password, const std::string& decision = "approve");

// The raw (still percent-encoded) value of `name` in a URL's query; "" when absent.
std::string QueryParam(const std::string& url, const std::string& name);

}  // namespace supplyhub::testing
