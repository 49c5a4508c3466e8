/**
 * \file
 * \brief Generated-docs convention shared by the runner tests: a block of
 * docs/scenario-reference.md between "<!-- BEGIN GENERATED <WHAT> -->" and "<!-- END GENERATED
 * <WHAT> -->" must equal what the code renders; with L2TPLAB_UPDATE_DOCS=1 the test rewrites the
 * block instead.
 */
#ifndef L2TPLAB_TESTS_DOC_SYNC_SUPPORT_H
#define L2TPLAB_TESTS_DOC_SYNC_SUPPORT_H

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

/** The scenario reference. */
inline const char* const kScenarioReferencePath = L2TPLAB_SOURCE_DIR "/docs/scenario-reference.md";

/** Whole file, or "" if unreadable. */
inline std::string
ReadDocFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/**
 * Check (or rewrite, with L2TPLAB_UPDATE_DOCS=1) the generated block `what` ("KEYS", "EVENTS", ...)
 * of the scenario reference against `generated`; `testPath` names the test to rerun.
 */
inline void
CheckGeneratedDocBlock(const std::string& what, const std::string& generated, const char* testPath)
{
    const char* path = kScenarioReferencePath;
    std::string doc = ReadDocFile(path);
    BOOST_TEST_REQUIRE(!doc.empty(), "cannot read " << path);
    const std::string begin = "<!-- BEGIN GENERATED " + what + " -->\n";
    const std::string end = "<!-- END GENERATED " + what + " -->";
    size_t b = doc.find(begin);
    size_t e = doc.find(end);
    BOOST_TEST_REQUIRE((b != std::string::npos && e != std::string::npos && b < e),
                       "generated-" << what << " markers missing in " << path);
    b += begin.size();
    const char* update = std::getenv("L2TPLAB_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1")
    {
        doc = doc.substr(0, b) + generated + doc.substr(e);
        std::ofstream out(path, std::ios::binary);
        out << doc;
        BOOST_TEST_MESSAGE("rewrote the generated " << what << " block in " << path);
        return;
    }
    BOOST_TEST(doc.substr(b, e - b) == generated,
               "docs/scenario-reference.md generated "
                   << what << " block is stale; regenerate "
                   << "with L2TPLAB_UPDATE_DOCS=1 "
                   << "test-unit-runner --run_test=" << testPath);
}

#endif
