# supplyhub_fast_build(target HEADERS...): compile `target` in unity batches
# over one precompiled header of the given (heavy, stable) headers. A file that
# must be compiled alone sets SKIP_UNITY_BUILD_INCLUSION (see src/CMakeLists).
set(SUPPLYHUB_STD_PCH <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional>
    <string> <string_view> <unordered_map> <vector> <nlohmann/json.hpp>)
function(supplyhub_fast_build target)
  if(NOT SUPPLYHUB_FAST_BUILD)
    return()
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  # GCC flags types from an anonymous namespace used in a coroutine frame when
  # the file is #included into a unity batch (it no longer is the main file).
  # The wider inlining of a batch also brings out GCC 12's false array-bounds
  # and stringop-overflow reports inside libstdc++'s std::string (GCC bugs
  # 105651, 106199; the top-level CMakeLists turns off -Wrestrict for the same family).
  target_compile_options(${target} PRIVATE -Wno-subobject-linkage -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
  target_precompile_headers(${target} PRIVATE ${ARGN})
endfunction()
