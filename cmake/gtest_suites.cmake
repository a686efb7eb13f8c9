# supplyhub_gtest_suites(target [PREFIX p] [LABELS l...] [EXCLUDE pattern...]
#                        [SOLO pattern...] [SHARD_SIZE n] [COST_SCALE n]
#                        [ENVIRONMENT e...] [PROPERTIES k v...])
# Registers a GoogleTest binary with CTest one suite per entry (a process runs
# the whole suite), not one process per TEST_F. A suite of more than
# SHARD_SIZE tests is split into shards (GoogleTest's own GTEST_TOTAL_SHARDS),
# named Suite/1of3…; a test matching a SOLO pattern (kill -9, signals,
# descriptor starvation, several nodes) keeps a process of its own, named
# Suite.Test and labelled `process`. EXCLUDE patterns leave tests out.
# Patterns are Suite.Test or Suite.* (GoogleTest's filter syntax, no other
# wildcards). Entries cost their test count (COST, scaled by COST_SCALE), so
# CTest starts the long ones first. Tests are listed when CTest starts, like
# gtest_discover_tests' PRE_TEST mode, by cmake/gtest_suites_list.cmake.
function(supplyhub_gtest_suites target)
  cmake_parse_arguments(S "" "PREFIX;SHARD_SIZE;COST_SCALE" "LABELS;EXCLUDE;SOLO;ENVIRONMENT;PROPERTIES" ${ARGN})
  if(NOT S_SHARD_SIZE)
    set(S_SHARD_SIZE 40)
  endif()
  if(NOT S_COST_SCALE)
    set(S_COST_SCALE 1)
  endif()
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_${S_PREFIX}suites.cmake")
  set(script "${PROJECT_SOURCE_DIR}/cmake/gtest_suites_list.cmake")
  # The generated file only sets variables and includes the lister: the
  # binary's path is known per configuration (generator expression).
  file(GENERATE OUTPUT "${include_file}" CONTENT
"set(SUITES_BINARY [==[$<TARGET_FILE:${target}>]==])
set(SUITES_TARGET [==[${target}]==])
set(SUITES_PREFIX [==[${S_PREFIX}]==])
set(SUITES_LABELS [==[${S_LABELS}]==])
set(SUITES_EXCLUDE [==[${S_EXCLUDE}]==])
set(SUITES_SOLO [==[${S_SOLO}]==])
set(SUITES_SHARD_SIZE ${S_SHARD_SIZE})
set(SUITES_COST_SCALE ${S_COST_SCALE})
set(SUITES_ENVIRONMENT [==[${S_ENVIRONMENT}]==])
set(SUITES_PROPERTIES [==[${S_PROPERTIES}]==])
set(SUITES_WORKING_DIRECTORY [==[${CMAKE_CURRENT_BINARY_DIR}]==])
include([==[${script}]==])
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
