#pragma once
// The HTML of the authorization flow: login, consent and error pages.
#include <string>

#include "features/oauth/oauth_service.h"

namespace supplyhub::features {

std::string HtmlEscape(std::string_view text);
// `params` are carried through the forms as hidden fields.
std::string LoginPage(const AuthorizeRequest& request, const Form& params, const std::string& error);
std::string ConsentPage(const AuthorizeRequest& request, const Form& params, const std::string& ticket);
std::string ErrorPage(const std::string& message);

}  // namespace supplyhub::features
