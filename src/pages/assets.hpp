#pragma once
// The web interface's files, compiled into the binary by src/pages/assets.cmake (like the
// migrations): templates/pages/*, templates/partials/page_*.mustache and static/*.
#include <string_view>
#include <vector>

namespace granska::pages {

struct Asset {
  std::string_view path;  // relative to the project root, e.g. "templates/pages/login.mustache"
  std::string_view text;
};

const std::vector<Asset>& BuiltInAssets();

}  // namespace granska::pages
