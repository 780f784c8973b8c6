# Tests in a real headless browser (Debian's chromium, installed by .ci/deps):
# the monthly report page of SPEC §15 renders, without network requests.
