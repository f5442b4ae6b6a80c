# Hotup.cmake: the release gate for a library upgraded live with hotup.
#
#   include(path/to/hotup/cmake/Hotup.cmake)
#   hotup_add_migration(<target>
#       OLD <lib-target-or-file> NEW <lib-target-or-file>
#       [HOOKS <file.c>]
#       [OLD_STRIP_PREFIX <dir>] [NEW_STRIP_PREFIX <dir>]
#       [OLD_DEBUG_FILE <file>] [NEW_DEBUG_FILE <file>]
#       [RENAME <old_id=new_id>...] [IGNORE <id>...]
#       [STATES <n>] [SEED <s>] [PROVE_JOBS <n>] [PROVE_TIMEOUT <s>]
#       [PROVE_CACHE_DIR <dir>] [PROVE_CACHE_SEED <dir>]
#       [TEST_PREFIX <name>] [LABELS <label>...])
#
# At build time, 'dwarfmap diff' (with the hooks and the options) writes
# <binary-dir>/<target>/migrate.c; the build fails if diff refuses the
# upgrade or needs a hook that is missing (exit bits 8, 16) or fails (1,
# 2).  <target> is the migration bundle: a shared library compiled from
# migrate.c with the runtime's include directory, which
# 'hotupctl upgrade NEW.so BUNDLE.so' loads.
#
# Three CTest tests, named <TEST_PREFIX>/{check,prove,verify} (default
# prefix: hotup/<target>), labels 'hotup-gate' and LABELS:
#   check   'dwarfmap check': passes on exit 0 or 4 (nothing unsafe, or
#           every change migrated), fails on 8 or 16 (a hook is missing,
#           a change is refused) and on errors;
#   prove   'dwarfmap prove' on migrate.c, hooks included: every goal
#           proved by Frama-C WP, every hook has a contract.  Its cache
#           (PROVE_CACHE_DIR, default <binary-dir>/<target>/prove) keeps
#           the prover results of unchanged goals between runs;
#           PROVE_CACHE_SEED names a directory of prover results to start
#           from (a committed or CI-cached <cache-dir>/wpcache): a result
#           is only ever replayed for the identical goal;
#   verify  'dwarfmap verify' runs the compiled bundle on random and edge
#           states against its own expectation (exit 0).
# A release passes the gate when the build and the three tests pass
# (docs/release-gate.md).
#
# OLD and NEW are CMake targets (shared libraries built here) or paths of
# prebuilt files.  Two builds from two checkouts compile with absolute
# paths, so their file-statics differ by path: give OLD_STRIP_PREFIX and
# NEW_STRIP_PREFIX (each build's source directory), which every step uses.
#
# Where the tools are: HOTUP_DWARFMAP (the dwarfmap command; in hotup's own
# build the 'dwarfmap-cli' target; if unset, found on PATH) and
# HOTUP_RUNTIME_INCLUDE_DIR (holds hotup/migration.h; default: the source
# tree's runtime/include, or an installed include directory).

include_guard(GLOBAL)

set(_HOTUP_MODULE_DIR ${CMAKE_CURRENT_LIST_DIR})

if(NOT HOTUP_RUNTIME_INCLUDE_DIR)
  find_path(HOTUP_RUNTIME_INCLUDE_DIR hotup/migration.h
    HINTS ${_HOTUP_MODULE_DIR}/../runtime/include
          ${_HOTUP_MODULE_DIR}/../../../include
    DOC "hotup's runtime include directory (hotup/migration.h)")
endif()

# The dwarfmap command: a target file in the hotup build, a path elsewhere.
function(_hotup_dwarfmap out dep_out)
  if(TARGET dwarfmap-cli)
    set(${out} $<TARGET_FILE:dwarfmap-cli> PARENT_SCOPE)
    set(${dep_out} dwarfmap-cli PARENT_SCOPE)
  elseif(HOTUP_DWARFMAP)
    set(${out} ${HOTUP_DWARFMAP} PARENT_SCOPE)
    set(${dep_out} ${HOTUP_DWARFMAP} PARENT_SCOPE)
  else()
    find_program(HOTUP_DWARFMAP_PROGRAM dwarfmap REQUIRED
      DOC "the dwarfmap command of hotup")
    set(${out} ${HOTUP_DWARFMAP_PROGRAM} PARENT_SCOPE)
    set(${dep_out} ${HOTUP_DWARFMAP_PROGRAM} PARENT_SCOPE)
  endif()
endfunction()

# A library given as a target or as a file: its path and what to depend on.
function(_hotup_lib what path_out dep_out)
  if(TARGET ${what})
    set(${path_out} $<TARGET_FILE:${what}> PARENT_SCOPE)
    set(${dep_out} ${what} PARENT_SCOPE)
  else()
    get_filename_component(abs ${what} ABSOLUTE)
    set(${path_out} ${abs} PARENT_SCOPE)
    set(${dep_out} ${abs} PARENT_SCOPE)
  endif()
endfunction()

function(hotup_add_migration target)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
    "OLD;NEW;HOOKS;OLD_STRIP_PREFIX;NEW_STRIP_PREFIX;OLD_DEBUG_FILE;NEW_DEBUG_FILE;STATES;SEED;PROVE_JOBS;PROVE_TIMEOUT;PROVE_CACHE_DIR;PROVE_CACHE_SEED;TEST_PREFIX"
    "RENAME;IGNORE;LABELS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "hotup_add_migration(${target}): unknown arguments "
                        "${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_OLD OR NOT arg_NEW)
    message(FATAL_ERROR "hotup_add_migration(${target}): OLD and NEW are "
                        "required")
  endif()
  if(NOT HOTUP_RUNTIME_INCLUDE_DIR)
    message(FATAL_ERROR "hotup_add_migration(${target}): hotup/migration.h "
                        "not found: set HOTUP_RUNTIME_INCLUDE_DIR")
  endif()
  _hotup_dwarfmap(dwarfmap dwarfmap_dep)
  _hotup_lib(${arg_OLD} old old_dep)
  _hotup_lib(${arg_NEW} new new_dep)
  if(NOT arg_TEST_PREFIX)
    set(arg_TEST_PREFIX hotup/${target})
  endif()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(migrate_c ${dir}/migrate.c)
  if(NOT arg_PROVE_CACHE_DIR)
    set(arg_PROVE_CACHE_DIR ${dir}/prove)
  endif()

  # The options that say how to read the two builds: diff, check and
  # verify must all see the same variables.
  set(load_opts)
  foreach(side OLD NEW)
    string(TOLOWER ${side} s)
    if(arg_${side}_STRIP_PREFIX)
      get_filename_component(p ${arg_${side}_STRIP_PREFIX} ABSOLUTE)
      list(APPEND load_opts --${s}-strip-prefix ${p})
    endif()
    if(arg_${side}_DEBUG_FILE)
      get_filename_component(p ${arg_${side}_DEBUG_FILE} ABSOLUTE)
      list(APPEND load_opts --${s}-debug-file ${p})
    endif()
  endforeach()
  foreach(r IN LISTS arg_RENAME)
    list(APPEND load_opts --rename ${r})
  endforeach()
  foreach(i IN LISTS arg_IGNORE)
    list(APPEND load_opts --ignore ${i})
  endforeach()
  set(hook_opts)
  set(hook_dep)
  if(arg_HOOKS)
    get_filename_component(hooks ${arg_HOOKS} ABSOLUTE)
    set(hook_opts --hooks ${hooks})
    set(hook_dep ${hooks})
  endif()

  # Build time: migrate.c, then the bundle.
  add_custom_command(OUTPUT ${migrate_c}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${CMAKE_COMMAND} -DHOTUP_OK=0,4 -DHOTUP_WHAT=diff
            -DHOTUP_REMOVE=${migrate_c} -P ${_HOTUP_MODULE_DIR}/HotupRun.cmake --
            ${dwarfmap} diff ${load_opts} ${hook_opts} -o ${migrate_c}
            ${old} ${new}
    DEPENDS ${old_dep} ${new_dep} ${hook_dep} ${dwarfmap_dep}
            ${_HOTUP_MODULE_DIR}/HotupRun.cmake
    COMMENT "dwarfmap diff: ${target}/migrate.c"
    VERBATIM COMMAND_EXPAND_LISTS)
  add_library(${target} SHARED ${migrate_c})
  target_include_directories(${target} PRIVATE ${HOTUP_RUNTIME_INCLUDE_DIR})
  set_target_properties(${target} PROPERTIES PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY ${dir} C_STANDARD 11 C_EXTENSIONS ON)

  # Test time: the gate.
  set(labels hotup-gate ${arg_LABELS})
  add_test(NAME ${arg_TEST_PREFIX}/check
    COMMAND ${CMAKE_COMMAND} -DHOTUP_OK=0,4 -DHOTUP_WHAT=check
            -P ${_HOTUP_MODULE_DIR}/HotupRun.cmake --
            ${dwarfmap} check ${load_opts} ${hook_opts} ${old} ${new}
    COMMAND_EXPAND_LISTS)

  set(prove_opts --cache-dir ${arg_PROVE_CACHE_DIR}
                 --include ${HOTUP_RUNTIME_INCLUDE_DIR})
  if(arg_PROVE_JOBS)
    list(APPEND prove_opts --jobs ${arg_PROVE_JOBS})
  endif()
  if(arg_PROVE_TIMEOUT)
    list(APPEND prove_opts --timeout ${arg_PROVE_TIMEOUT})
  endif()
  set(seed)
  if(arg_PROVE_CACHE_SEED)
    get_filename_component(p ${arg_PROVE_CACHE_SEED} ABSOLUTE)
    set(seed -DHOTUP_SEED_FROM=${p}
             -DHOTUP_SEED_TO=${arg_PROVE_CACHE_DIR}/wpcache)
  endif()
  add_test(NAME ${arg_TEST_PREFIX}/prove
    COMMAND ${CMAKE_COMMAND} -DHOTUP_OK=0 -DHOTUP_WHAT=prove ${seed}
            -P ${_HOTUP_MODULE_DIR}/HotupRun.cmake --
            ${dwarfmap} prove ${prove_opts} ${migrate_c}
    COMMAND_EXPAND_LISTS)

  set(verify_opts)
  if(arg_STATES)
    list(APPEND verify_opts --states ${arg_STATES})
  endif()
  if(arg_SEED)
    list(APPEND verify_opts --seed ${arg_SEED})
  endif()
  add_test(NAME ${arg_TEST_PREFIX}/verify
    COMMAND ${dwarfmap} verify ${verify_opts} ${load_opts} ${hook_opts}
            ${old} ${new} $<TARGET_FILE:${target}>
    COMMAND_EXPAND_LISTS)
  # verify copies the libraries to unique paths in $TMPDIR while it runs.
  set_tests_properties(${arg_TEST_PREFIX}/check ${arg_TEST_PREFIX}/prove
                       ${arg_TEST_PREFIX}/verify PROPERTIES
    LABELS "${labels}" ENVIRONMENT "TMPDIR=${dir}")
  set_tests_properties(${arg_TEST_PREFIX}/prove PROPERTIES TIMEOUT 1800)
endfunction()
