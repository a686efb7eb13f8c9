# supplyhub_fast_build(target HEADERS...): compile `target` in unity batches,
# over one precompiled header of the given (heavy, stable) headers when
# SUPPLYHUB_PCH is ON. A file that
# must be compiled alone sets SKIP_UNITY_BUILD_INCLUSION (see CMakeLists.txt).
#
# The batches are made here rather than by CMake's UNITY_BUILD: CMake 3.25
# writes `#include "/abs/path/src/x.cpp"`, so the same batch in another clone
# is another text and ccache misses (UNITY_BUILD_RELOCATABLE needs 3.32). Ours
# include each file by its path relative to the batch, the same in every clone.
set(SUPPLYHUB_STD_PCH <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional>
    <string> <string_view> <unordered_map> <vector> <nlohmann/json.hpp>)
set(SUPPLYHUB_UNITY_BATCH_SIZE 8)
# Precompiled headers are off by default: GCC's .gch (100 MB per target) is not
# the same bytes in two clones, and ccache hashes it into every file that uses
# it, so with them no compile of a fresh clone hit the cache (measured: 21 %
# hits, the .gch builds only). Unity batches already parse each header once
# per 8 files. ON suits a developer who always builds in one place.
option(SUPPLYHUB_PCH "Precompiled headers (defeat ccache across clones)" OFF)

function(supplyhub_fast_build target)
  if(NOT SUPPLYHUB_FAST_BUILD)
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  set(batched "")
  foreach(source IN LISTS sources)
    get_source_file_property(alone "${source}" SKIP_UNITY_BUILD_INCLUSION)
    if(source MATCHES "\\.cpp$" AND NOT alone)
      get_filename_component(source "${source}" ABSOLUTE)
      list(APPEND batched "${source}")
    endif()
  endforeach()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/unity/${target}")
  list(LENGTH batched count)
  set(batch 0)
  set(text "")
  set(in_batch 0)
  foreach(source IN LISTS batched)
    file(RELATIVE_PATH relative "${dir}" "${source}")
    string(APPEND text "#include \"${relative}\"\n")
    math(EXPR in_batch "${in_batch} + 1")
    math(EXPR count "${count} - 1")
    if(in_batch EQUAL SUPPLYHUB_UNITY_BATCH_SIZE OR count EQUAL 0)
      # CONFIGURE writes only when the text changed: an unchanged batch is not rebuilt.
      file(CONFIGURE OUTPUT "${dir}/batch_${batch}.cpp" CONTENT "${text}" @ONLY)
      target_sources(${target} PRIVATE "${dir}/batch_${batch}.cpp")
      math(EXPR batch "${batch} + 1")
      set(text "")
      set(in_batch 0)
    endif()
  endforeach()
  set_source_files_properties(${batched} PROPERTIES HEADER_FILE_ONLY ON)
  # GCC flags types from an anonymous namespace used in a coroutine frame when
  # the file is #included into a unity batch (it no longer is the main file).
  # The wider inlining of a batch also brings out GCC 12's false array-bounds
  # and stringop-overflow reports inside libstdc++'s std::string (GCC bugs
  # 105651, 106199; the top-level CMakeLists turns off -Wrestrict for the same family).
  target_compile_options(${target} PRIVATE -Wno-subobject-linkage -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
  if(SUPPLYHUB_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
