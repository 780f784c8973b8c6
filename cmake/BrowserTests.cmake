# Tests in a real headless browser (Debian's chromium, installed by .ci/deps):
# the monthly report page of SPEC §15 renders, without network requests.
if(BUILD_TESTING)
  # tests/browser/monthly.sh exits 77 (skipped) when /usr/bin/chromium is missing.
  add_test(NAME "browser: report monthly renders"
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/browser/monthly.sh $<TARGET_FILE:complaints>)
  set_tests_properties("browser: report monthly renders" PROPERTIES
    SKIP_RETURN_CODE 77
    LABELS browser
    TIMEOUT 300)
endif()
