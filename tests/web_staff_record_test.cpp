// Staff console, record area: integration tests over real HTTP (being built).
#include <doctest/doctest.h>

#include "staff_test_support.h"
