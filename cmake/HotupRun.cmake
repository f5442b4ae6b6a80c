# cmake -DHOTUP_OK=0,4 -DHOTUP_WHAT=NAME [-DHOTUP_REMOVE=FILE]
#       [-DHOTUP_SEED_FROM=DIR -DHOTUP_SEED_TO=DIR]
#       -P HotupRun.cmake -- COMMAND [ARG...]
#
# Runs COMMAND and succeeds if its exit status is one of HOTUP_OK: the
# dwarfmap commands' status is a bitmask (docs: 4 means "state changed and
# every change is migrated", a success), which add_custom_command and
# add_test would take for a failure.  HOTUP_REMOVE is deleted first, so
# that a refused diff leaves no stale migrate.c behind.
cmake_policy(VERSION 3.20)
set(cmd)
set(seen FALSE)
foreach(i RANGE 1 ${CMAKE_ARGC})
  if(i EQUAL CMAKE_ARGC)
    break()
  endif()
  if(seen)
    list(APPEND cmd "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(seen TRUE)
  endif()
endforeach()
if(NOT cmd OR NOT DEFINED HOTUP_OK)
  message(FATAL_ERROR "usage: cmake -DHOTUP_OK=0,4 -P HotupRun.cmake -- COMMAND...")
endif()
if(HOTUP_REMOVE)
  file(REMOVE ${HOTUP_REMOVE})
endif()
# -DHOTUP_SEED_FROM=DIR -DHOTUP_SEED_TO=DIR: copies the prover results of
# a proof cache (one JSON file per result, named by the digest of its
# task) into another, before 'dwarfmap prove' uses it.
if(HOTUP_SEED_FROM AND HOTUP_SEED_TO)
  file(GLOB seeds ${HOTUP_SEED_FROM}/*.json)
  file(MAKE_DIRECTORY ${HOTUP_SEED_TO})
  foreach(f IN LISTS seeds)
    get_filename_component(name ${f} NAME)
    if(NOT EXISTS ${HOTUP_SEED_TO}/${name})
      file(COPY ${f} DESTINATION ${HOTUP_SEED_TO})
    endif()
  endforeach()
endif()
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
string(REPLACE "," ";" ok "${HOTUP_OK}")
if(NOT rc IN_LIST ok)
  set(why "")
  if(HOTUP_WHAT STREQUAL "prove" AND rc EQUAL 16)
    set(why " (a goal is not proved, or a hook has no contract)")
  elseif(NOT HOTUP_WHAT MATCHES "^(diff|check)$")
    # Other commands' status is not the diff bitmask.
  elseif(rc MATCHES "^[0-9]+$")
    math(EXPR b8 "${rc} & 8")
    math(EXPR b16 "${rc} & 16")
    math(EXPR b3 "${rc} & 3")
    if(b3)
      set(why " (an error, or bad usage)")
    elseif(b16)
      set(why " (a change is refused)")
    elseif(b8)
      set(why " (a change needs a hand-written hook that is missing)")
    endif()
  endif()
  message(FATAL_ERROR "hotup gate: dwarfmap ${HOTUP_WHAT} exited with ${rc}${why}")
endif()
