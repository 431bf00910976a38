# Compile through ccache when it is installed. The scripts set CCACHE_BASEDIR to the checkout
# and CCACHE_NOHASHDIR so that a fresh clone in another directory reuses the same cache.
find_program(SWITCHYARD_CCACHE ccache)
if(SWITCHYARD_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${SWITCHYARD_CCACHE})
    set(CMAKE_C_COMPILER_LAUNCHER ${SWITCHYARD_CCACHE})
endif()
