# The interface's catalogues (SPEC §15 "Chinese interface"): po/LANG.po in
# the repository, compiled by msgfmt at build time into
# <build>/locale/LANG/LC_MESSAGES/complaints.mo (where the binary of a build
# tree finds it) and installed under share/locale, as gettext expects.
#
# Targets: `translations` (part of ALL) compiles the catalogues; `pot`
# re-extracts po/complaints.pot from the sources and merges it into each
# po/LANG.po (msgmerge), for a translator to fill in. Tests, when
# BUILD_TESTING: the catalogue holds every string of the sources, translated,
# with the same placeholders (tests/i18n/catalogue.sh); the commands in both
# languages (tests/cli/i18n.cpp), under a zh_CN.UTF-8 locale made by
# localedef into the build tree (target test-locale; the tests set LOCPATH),
# so that they need no locale generated on the machine.
# Without gettext's tools, nothing of this is declared and the build goes on
# in English only.

set(COMPLAINTS_LANGUAGES zh_CN)
find_program(MSGFMT msgfmt)
find_program(XGETTEXT xgettext)
find_program(MSGMERGE msgmerge)
if(NOT MSGFMT)
  message(STATUS "msgfmt not found: the interface is English only (install gettext "
                 "and re-run cmake)")
  return()
endif()

set(complaints_catalogues)
foreach(language ${COMPLAINTS_LANGUAGES})
  set(po ${PROJECT_SOURCE_DIR}/po/${language}.po)
  set(dir ${CMAKE_BINARY_DIR}/locale/${language}/LC_MESSAGES)
  add_custom_command(
    OUTPUT ${dir}/complaints.mo
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${MSGFMT} --check -o ${dir}/complaints.mo ${po}
    DEPENDS ${po}
    COMMENT "Compiling the ${language} catalogue"
    VERBATIM)
  list(APPEND complaints_catalogues ${dir}/complaints.mo)
  install(FILES ${dir}/complaints.mo DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${language}/LC_MESSAGES)
endforeach()
add_custom_target(translations ALL DEPENDS ${complaints_catalogues})

# The options of xgettext that find the interface's strings: the same for
# `pot` and for the test that the catalogue is complete.
set(COMPLAINTS_XGETTEXT_OPTIONS
    --language=C++ --from-code=UTF-8 --keyword= --keyword=tr --keyword=trf
    --keyword=trn:1,2 --keyword=N_ --add-comments=TRANSLATORS: --sort-by-file
    --package-name=complaints --package-version=${PROJECT_VERSION}
    --msgid-bugs-address=https://example.invalid/complaints/issues)
if(XGETTEXT AND MSGMERGE)
  set(merge_commands)
  foreach(language ${COMPLAINTS_LANGUAGES})
    list(APPEND merge_commands COMMAND ${MSGMERGE} --quiet --update --backup=none --no-fuzzy-matching
         ${PROJECT_SOURCE_DIR}/po/${language}.po ${PROJECT_SOURCE_DIR}/po/complaints.pot)
  endforeach()
  add_custom_target(pot
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/i18n/extract.sh ${PROJECT_SOURCE_DIR}
            ${PROJECT_SOURCE_DIR}/po/complaints.pot ${XGETTEXT} ${COMPLAINTS_XGETTEXT_OPTIONS}
    ${merge_commands}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Extracting po/complaints.pot and merging it into po/*.po"
    VERBATIM)
endif()

if(BUILD_TESTING)
  add_test(NAME "i18n: the catalogue translates every string of the sources"
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/i18n/catalogue.sh ${PROJECT_SOURCE_DIR}
                   ${XGETTEXT} ${COMPLAINTS_XGETTEXT_OPTIONS})
  # A zh_CN.UTF-8 locale for the tests in Chinese, whatever the machine has
  # (gettext needs the locale; the tests set LOCPATH to this directory).
  find_program(LOCALEDEF localedef)
  if(LOCALEDEF)
    set(COMPLAINTS_TEST_LOCPATH ${CMAKE_BINARY_DIR}/test-locales)
    add_custom_command(
      OUTPUT ${COMPLAINTS_TEST_LOCPATH}/zh_CN.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES
      COMMAND ${CMAKE_COMMAND} -E make_directory ${COMPLAINTS_TEST_LOCPATH}
      COMMAND ${LOCALEDEF} -i zh_CN -f UTF-8 ${COMPLAINTS_TEST_LOCPATH}/zh_CN.UTF-8
      COMMENT "Making the zh_CN.UTF-8 locale of the tests"
      VERBATIM)
    add_custom_target(test-locale ALL
      DEPENDS ${COMPLAINTS_TEST_LOCPATH}/zh_CN.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES)
    if(TARGET cli_tests)
      add_dependencies(cli_tests test-locale translations)
    endif()
  endif()
endif()
