// The doctest main of the PostgreSQL engine's tests (tests/postgres/*.cpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
