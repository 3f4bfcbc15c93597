# Compiles the web interface's templates, string tables and static files into
# granska_pages, so that `granska serve` and the tests need no particular working
# directory. Included from src/CMakeLists.txt after granska_module(pages ...).
file(GLOB page_assets CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/templates/pages/*
     ${CMAKE_SOURCE_DIR}/templates/partials/page_*.mustache
     ${CMAKE_SOURCE_DIR}/static/*)
list(SORT page_assets)
set(page_assets_cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/page_assets.cpp)
set(body "// Generated from templates/pages, templates/partials/page_* and static by CMake; do not edit.\n#include \"pages/assets.hpp\"\nnamespace granska::pages {\nconst std::vector<Asset>& BuiltInAssets() {\n  static const std::vector<Asset> kAll = {\n")
foreach(f ${page_assets})
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${f})
  file(READ ${f} text)
  string(APPEND body "    {\"${rel}\", R\"granska_page(${text})granska_page\"},\n")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
endforeach()
string(APPEND body "  };\n  return kAll;\n}\n}  // namespace granska::pages\n")
file(WRITE ${page_assets_cpp}.tmp "${body}")
configure_file(${page_assets_cpp}.tmp ${page_assets_cpp} COPYONLY)
target_sources(granska_pages PRIVATE ${page_assets_cpp})
