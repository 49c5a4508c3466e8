# libFuzzer targets (tools/fuzz, docs/fuzzing.md): included by the top-level CMakeLists.txt only when
# -DL2TPLAB_FUZZ=ON (clang++, separate build dir build-fuzz/). Every sans-IO core is compiled with
# -fsanitize=fuzzer-no-link,address,undefined (set before the cores are declared); each
# tools/fuzz.d/fuzz-<target>.cc is one LLVMFuzzerTestOneInput wrapper linked with
# -fsanitize=fuzzer,address,undefined against a static archive of the cores, so a target pulls only
# the objects it uses (no ns-3, no reports).
add_library(fuzz-cores STATIC $<TARGET_OBJECTS:obj-common> $<TARGET_OBJECTS:obj-l2tp>
                              $<TARGET_OBJECTS:obj-ppp> $<TARGET_OBJECTS:obj-mtu>
                              $<TARGET_OBJECTS:obj-ipsec> $<TARGET_OBJECTS:obj-nat>
                              $<TARGET_OBJECTS:obj-runner> $<TARGET_OBJECTS:obj-conformance>)
target_link_libraries(fuzz-cores PUBLIC yaml-cpp OpenSSL::Crypto PkgConfig::PCAP)

file(GLOB fuzz_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tools/fuzz.d/fuzz-*.cc)
foreach(src ${fuzz_srcs})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE fuzz-cores)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
endforeach()
