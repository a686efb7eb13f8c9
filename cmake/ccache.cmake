# ccache for every compile of the project (the server, the sanitizer build,
# the fuzz build). CI builds a fresh clone in another folder on the machine
# where the last build ran: with the base directory at the source root and no
# hashing of the working directory, paths inside the tree are hashed relative
# to it, so a second clone's compiles hit the first one's results.
# The precompiled headers need the pch_defines/time_macros sloppiness
# (ccache manual, "Precompiled headers"); the .gch is hashed by content.
# ccache 4.7 (Debian 12) takes settings from the environment only, hence `env`.
find_program(CCACHE_PROGRAM ccache)
get_filename_component(SUPPLYHUB_SOURCE_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(CCACHE_PROGRAM)
  set(SUPPLYHUB_CCACHE_LAUNCHER
      env CCACHE_BASEDIR=${SUPPLYHUB_SOURCE_ROOT} CCACHE_NOHASHDIR=true
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_MAXSIZE=20G ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${SUPPLYHUB_CCACHE_LAUNCHER})
  set(CMAKE_C_COMPILER_LAUNCHER ${SUPPLYHUB_CCACHE_LAUNCHER})
endif()
