# Fails when a source file includes a header of a module it must not depend on,
# or a third-party library that belongs to another module (docs/ARCHITECTURE.md).
# Every C++ file of a module is read: everything under src/MODULE/ (its sources
# and its private headers, at any depth) and under include/complaints/MODULE/.
#   cmake -DROOT=<source tree> -P tests/layering.cmake
# OpenSSL and libmagic belong to `files` (hashing and media types of evidence);
# storage uses its SHA-256 for the hash chain of events (SPEC §12).
set(files_libs "openssl/|magic\\.h")
# libpq belongs to `postgres` (SPEC §14); only cli, which picks the engine, may
# include that module's header.
set(pq_libs "libpq|postgres_ext\\.h")
# libxlsxwriter belongs to `xlsx` (SPEC §15); only cli includes that
# module's header (an interface, complaints/xlsx/workbook.hpp).
set(xlsx_libs "xlsxwriter")
# glibc's gettext belongs to domain's translate.cpp (SPEC §15); every other
# module translates through complaints/domain/translate.hpp.
set(intl_libs "libintl\\.h")
set(forbidden_domain  "complaints/(policy|storage|report|cli|files|postgres|xlsx)/|${xlsx_libs}|SQLiteCpp|sqlite3\\.h|toml\\+\\+|CLI/|${files_libs}|${pq_libs}")
set(forbidden_policy  "${intl_libs}|complaints/(storage|report|cli|files|postgres|xlsx)/|${xlsx_libs}|SQLiteCpp|sqlite3\\.h|CLI/|${files_libs}|${pq_libs}")
set(forbidden_storage "${intl_libs}|complaints/(policy|report|cli|postgres|xlsx)/|${xlsx_libs}|toml\\+\\+|CLI/|${files_libs}|${pq_libs}")
set(forbidden_report  "${intl_libs}|complaints/(policy|cli|files|postgres|xlsx)/|${xlsx_libs}|SQLiteCpp|sqlite3\\.h|toml\\+\\+|CLI/|${files_libs}|${pq_libs}")
set(forbidden_files   "${intl_libs}|complaints/(policy|storage|report|cli|postgres|xlsx)/|${xlsx_libs}|SQLiteCpp|sqlite3\\.h|toml\\+\\+|CLI/|${pq_libs}")
set(forbidden_cli     "${intl_libs}|${xlsx_libs}\\.h|SQLiteCpp|sqlite3\\.h|toml\\+\\+|${files_libs}|${pq_libs}")
# postgres implements storage's SQL interface and may use domain; of storage,
# only that header (allowed_MODULE: what a forbidden pattern must not catch).
set(forbidden_postgres "${intl_libs}|complaints/(policy|storage|report|cli|files|xlsx)/|${xlsx_libs}|SQLiteCpp|sqlite3\\.h|toml\\+\\+|CLI/|${files_libs}")
set(allowed_postgres   "complaints/storage/sql\\.hpp")
# xlsx: no module of the tool, only libxlsxwriter.
set(forbidden_xlsx     "${intl_libs}|complaints/(domain|policy|storage|report|cli|files|postgres)/|SQLiteCpp|sqlite3\\.h|toml\\+\\+|CLI/|${files_libs}|${pq_libs}")
if(NOT ROOT OR NOT IS_DIRECTORY "${ROOT}/src")
  message(FATAL_ERROR "layering: give the source tree with -DROOT=DIR (no src/ in '${ROOT}')")
endif()
set(failures "")
set(checked 0)
foreach(module domain policy storage report files cli postgres xlsx)
  set(files "")
  foreach(dir ${ROOT}/src/${module} ${ROOT}/include/complaints/${module})
    file(GLOB_RECURSE found ${dir}/*.cpp ${dir}/*.hpp ${dir}/*.h)
    list(APPEND files ${found})
  endforeach()
  list(LENGTH files n)
  math(EXPR checked "${checked} + ${n}")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" includes REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS includes)
      if(line MATCHES "${forbidden_${module}}" AND
         NOT (allowed_${module} AND line MATCHES "${allowed_${module}}"))
        list(APPEND failures "${f}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  # One line per violation, as is (FATAL_ERROR would wrap and indent them).
  list(LENGTH failures n)
  message(NOTICE "layering violations:")
  foreach(failure IN LISTS failures)
    message(NOTICE "${failure}")
  endforeach()
  message(FATAL_ERROR "layering: ${n} forbidden includes (docs/ARCHITECTURE.md)")
endif()
if(checked EQUAL 0)
  message(FATAL_ERROR "layering: no source files under '${ROOT}/src'")
endif()
message(STATUS "layering: ok (${checked} files)")
