#include "features/oauth/authorize_pages.h"

namespace supplyhub::features {
namespace {

const char* kStyle =
    "<style>body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}"
    "main{max-width:360px;margin:10vh auto;background:#fff;padding:2rem;border-radius:8px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem}"
    "input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}"
    "button{margin-top:1rem;padding:.6rem 1.2rem;margin-right:.5rem}.error{color:#b00020}li{margin:.2rem 0}</style>";

std::string Page(const std::string& title, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
         "</title><meta name=\"viewport\" content=\"width=device-width\">" + kStyle + "</head><body><main><h1>" +
         HtmlEscape(title) + "</h1>" + body + "</main></body></html>";
}

std::string Hidden(const Form& params) {
  std::string out;
  for (const char* key : {"response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                          "code_challenge_method"}) {
    auto it = params.find(key);
    if (it != params.end())
      out += "<input type=\"hidden\" name=\"" + std::string(key) + "\" value=\"" + HtmlEscape(it->second) + "\">";
  }
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string LoginPage(const AuthorizeRequest& req, const Form& params, const std::string& error) {
  std::string body = "<p>Log in to let <strong>" + HtmlEscape(req.client.name) + "</strong> use Supplyhub.</p>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>";
  body += "<form method=\"post\" action=\"/oauth/authorize\">" + Hidden(params) +
          "<label for=\"username\">Username or email</label>"
          "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
          "<label for=\"password\">Password</label>"
          "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
          "<button type=\"submit\">Log in</button></form>";
  return Page("Supplyhub login", body);
}

std::string ConsentPage(const AuthorizeRequest& req, const Form& params, const std::string& ticket) {
  std::string body = "<p><strong>" + HtmlEscape(req.client.name) + "</strong> asks to:</p><ul>";
  for (const auto& s : req.scopes)
    body += "<li>" + HtmlEscape(s == "offline_access" ? std::string("stay connected when you are away") : s) + "</li>";
  body += "</ul><form method=\"post\" action=\"/oauth/authorize\">" + Hidden(params) +
          "<input type=\"hidden\" name=\"login_ticket\" value=\"" + HtmlEscape(ticket) + "\">"
          "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>"
          "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>";
  return Page("Authorize " + req.client.name, body);
}

std::string ErrorPage(const std::string& message) {
  return Page("Cannot authorize", "<p class=\"error\">" + HtmlEscape(message) + "</p>");
}

}  // namespace supplyhub::features
