# Shell completion for bash, zsh and fish (SPEC §15): the scripts in
# completion/, installed where each shell looks; their tests when BUILD_TESTING.
#
# The scripts hold no list of commands, options or values: each asks the
# binary (`complaints __complete WORD...`, src/cli/commands/complete.cpp), so
# completion always matches the binary installed beside it.

install(FILES ${PROJECT_SOURCE_DIR}/completion/complaints.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME complaints)
install(FILES ${PROJECT_SOURCE_DIR}/completion/_complaints
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES ${PROJECT_SOURCE_DIR}/completion/complaints.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

if(BUILD_TESTING)
  # bash's completion driven as a TAB would drive it, on a database and policy
  # made by the test (the cases are in the script).
  add_test(NAME "completion: bash"
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/completion/bash.sh
                   $<TARGET_FILE:complaints>)
  # zsh: its syntax check; fish: its own `complete -C`; where they are
  # installed. NO_CACHE: a shell installed or removed later is seen at the
  # next configure.
  find_program(COMPLAINTS_ZSH zsh NO_CACHE)
  if(COMPLAINTS_ZSH)
    add_test(NAME "completion: zsh syntax"
             COMMAND ${COMPLAINTS_ZSH} -n ${PROJECT_SOURCE_DIR}/completion/_complaints)
  else()
    message(STATUS "zsh not found: no syntax check of completion/_complaints")
  endif()
  find_program(COMPLAINTS_FISH fish NO_CACHE)
  if(COMPLAINTS_FISH)
    add_test(NAME "completion: fish"
             COMMAND bash ${PROJECT_SOURCE_DIR}/tests/completion/fish.sh ${COMPLAINTS_FISH}
                     $<TARGET_FILE:complaints>)
  else()
    message(STATUS "fish not found: no test of completion/complaints.fish")
  endif()
endif()
