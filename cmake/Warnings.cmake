# Warnings are errors in every build: a warning today is a bug report tomorrow.
add_library(sy_warnings INTERFACE)
target_compile_options(sy_warnings INTERFACE
    -Wall -Wextra -Wnon-virtual-dtor -Wimplicit-fallthrough -Wshadow=local -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # g++ 12 misreports Asio's coroutine frame allocator as a mismatched new/delete pair.
    target_compile_options(sy_warnings INTERFACE -Wno-mismatched-new-delete)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # -Wshadow=local is spelled differently in clang.
    target_compile_options(sy_warnings INTERFACE -Wno-unknown-warning-option -Wshadow-uncaptured-local)
endif()
