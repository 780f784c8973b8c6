# man pages complaints(1) and complaints.toml(5), generated at build time from
# docs/man/*.scd with scdoc (SPEC §15), installed by cmake --install; their
# test (man -l renders them without warnings) when BUILD_TESTING.
#
# Included from the top-level CMakeLists.txt, this file declares the target
# `man` (part of ALL), the install rules and the test. Run as a script,
#   cmake -DSCDOC=scdoc -DSOURCE=page.scd -DOUTPUT=page -DVERSION=x.y.z -P ManPages.cmake
# it generates one page: that is the build step of each page.
# Without scdoc, nothing of this is declared and the build goes on.

if(CMAKE_SCRIPT_MODE_FILE)
  # One page: @PROJECT_VERSION@ in the source becomes the version (the footer),
  # scdoc turns it into roff, written under its name only once complete.
  foreach(var SCDOC SOURCE OUTPUT VERSION)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "ManPages.cmake: -D${var}=... is required")
    endif()
  endforeach()
  file(READ "${SOURCE}" text)
  string(REPLACE "@PROJECT_VERSION@" "${VERSION}" text "${text}")
  file(WRITE "${OUTPUT}.scd" "${text}")
  execute_process(COMMAND "${SCDOC}"
                  INPUT_FILE "${OUTPUT}.scd"
                  OUTPUT_VARIABLE roff
                  ERROR_VARIABLE error
                  RESULT_VARIABLE status)
  file(REMOVE "${OUTPUT}.scd")
  if(NOT status EQUAL 0)
    # scdoc's "Error at LINE:COLUMN" counts the lines of SOURCE (the version is
    # replaced within its line).
    string(STRIP "${error}" error)
    message(FATAL_ERROR "scdoc failed on ${SOURCE}: ${error}")
  endif()
  # scdoc writes .nh (no hyphenation) and .ad l (ragged right) before .TH,
  # which resets both in groff's man macros: repeat them after it, so that
  # options such as --max-memory are never broken across lines.
  string(REGEX REPLACE "\n(\\.TH [^\n]*)\n" "\n\\1\n.nh\n.ad l\n" roff "${roff}")
  file(WRITE "${OUTPUT}.tmp" "${roff}")
  file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
  return()
endif()

find_program(SCDOC scdoc)
if(NOT SCDOC)
  message(STATUS "scdoc not found: the man pages complaints(1) and complaints.toml(5) "
                 "are not built nor installed (install scdoc and re-run cmake)")
  if(BUILD_TESTING)
    message(STATUS "scdoc not found: no test of the man pages")
  endif()
else()
  set(complaints_man_dir ${CMAKE_BINARY_DIR}/man)
  file(MAKE_DIRECTORY ${complaints_man_dir})
  set(complaints_man_pages)
  foreach(page complaints.1 complaints.toml.5)
    set(source ${PROJECT_SOURCE_DIR}/docs/man/${page}.scd)
    set(output ${complaints_man_dir}/${page})
    add_custom_command(
      OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -DSCDOC=${SCDOC} -DSOURCE=${source} -DOUTPUT=${output}
              -DVERSION=${PROJECT_VERSION} -P ${CMAKE_CURRENT_LIST_FILE}
      DEPENDS ${source} ${CMAKE_CURRENT_LIST_FILE}
      COMMENT "Generating man page ${page}"
      VERBATIM)
    list(APPEND complaints_man_pages ${output})
    string(REGEX MATCH "[0-9]$" section ${page})
    install(FILES ${output} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
  endforeach()
  add_custom_target(man ALL DEPENDS ${complaints_man_pages})

  if(BUILD_TESTING)
    # tests/man/check.sh exits 77 (skipped) when man or groff is missing.
    add_test(NAME "man: pages render without warnings"
             COMMAND bash ${PROJECT_SOURCE_DIR}/tests/man/check.sh
                     ${complaints_man_dir} $<TARGET_FILE:complaints>)
    set_tests_properties("man: pages render without warnings" PROPERTIES
                         SKIP_RETURN_CODE 77)
  endif()
endif()
