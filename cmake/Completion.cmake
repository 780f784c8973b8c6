# Shell completion for bash, zsh and fish (SPEC §15): the scripts in
# completion/, installed where each shell looks; their tests when BUILD_TESTING.
