# man pages complaints(1) and complaints.toml(5), generated at build time from
# docs/man/*.scd with scdoc (SPEC §15), installed by cmake --install; their
# test (man -l renders them without warnings) when BUILD_TESTING.
