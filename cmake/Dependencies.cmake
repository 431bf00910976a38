# Every dependency is a Debian 12 package installed by scripts/setup.sh.
set(Boost_NO_WARN_NEW_VERSIONS ON)
find_package(Boost 1.81 EXACT REQUIRED COMPONENTS system url)
find_package(OpenSSL 3 REQUIRED)
find_package(simdjson REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
if(SWITCHYARD_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
if(SWITCHYARD_BUILD_BENCH)
    find_package(benchmark REQUIRED)
endif()

# Asio and Beast are compiled once, in src/net/asio_impl.cpp, instead of in every translation
# unit that includes them; that alone saves about a third of each such unit's compile time.
add_library(sy_asio INTERFACE)
target_compile_definitions(sy_asio INTERFACE
    BOOST_ASIO_SEPARATE_COMPILATION
    BOOST_BEAST_SEPARATE_COMPILATION
    BOOST_ASIO_NO_DEPRECATED
    BOOST_BEAST_USE_STD_STRING_VIEW)
target_link_libraries(sy_asio INTERFACE Boost::headers Boost::system OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
