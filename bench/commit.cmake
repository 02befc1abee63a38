# Writes bench_commit.h with `git describe` of the source tree (run at every build, so a benchmark
# names the commit it was built from; the header is rewritten only when the description changes).
execute_process(COMMAND git describe --always --dirty --tags
                WORKING_DIRECTORY "${SRC}" OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
  set(commit "unknown (no git)")
endif()
file(WRITE "${OUT}.tmp" "#pragma once\n#define FF_BENCH_COMMIT \"${commit}\"\n#define FF_BENCH_BUILD_TYPE \"${BUILD_TYPE}\"\n")
configure_file("${OUT}.tmp" "${OUT}" COPYONLY)
