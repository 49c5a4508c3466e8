/**
 * \file
 * \brief docs/fsm.md carries the RFC 1661 §4.1 automaton and the PPP option tables between the
 * PPP-FSM markers, generated from the code and kept in sync. With L2TPLAB_UPDATE_DOCS=1 the test
 * rewrites the block instead of failing.
 */

#include "model/ppp/ppp-cp.h"
#include "model/ppp/ppp-fsm-doc.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

const char* const kDocPath = L2TPLAB_SOURCE_DIR "/docs/fsm.md";

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t
Count(const std::string& text, const std::string& what)
{
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    {
        ++n;
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppFsmDocTests)

// One Markdown row per table row, one diagram, the RFC column named after RFC 1661.
BOOST_AUTO_TEST_CASE(RendersEveryRow)
{
    const std::string doc = RenderPppFsmDoc();
    BOOST_TEST(Count(doc, " | RFC | ") + Count(doc, " | defensive | ") ==
               PppControlProtocol::GetTable().size);
    BOOST_TEST(Count(doc, "```mermaid\nstateDiagram-v2\n") == 1u);
    BOOST_TEST(doc.find("| State | Event | Action | Next state | Kind | RFC 1661 | Note |") !=
               std::string::npos);
    BOOST_TEST(
        doc.find("| OPENED | RTR | `tld,zrc,sta` | STOPPING | RFC | §4.1 | tld,zrc,sta/5 |") !=
        std::string::npos);
    BOOST_TEST(doc.find("| 2 | IP-Compression-Protocol | 4-255 | Rejected | RFC 1332 §3.2 |") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(DocsInSync)
{
    const std::string generated = RenderPppFsmDoc() + "\n";
    std::string doc = ReadFile(kDocPath);
    BOOST_TEST_REQUIRE(!doc.empty(), "cannot read " << kDocPath);
    const std::string begin = std::string(kPppFsmDocBegin) + "\n";
    const std::string end = kPppFsmDocEnd;
    size_t b = doc.find(begin);
    const size_t e = doc.find(end);
    const char* update = std::getenv("L2TPLAB_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1")
    {
        if (b == std::string::npos || e == std::string::npos || e < b)
        {
            doc += "\n" + begin + generated + end + "\n";
        }
        else
        {
            doc = doc.substr(0, b + begin.size()) + generated + doc.substr(e);
        }
        std::ofstream out(kDocPath, std::ios::binary);
        out << doc;
        BOOST_TEST_REQUIRE(out.good(), "cannot write " << kDocPath);
        BOOST_TEST_MESSAGE("rewrote the PPP block of " << kDocPath);
        return;
    }
    BOOST_TEST_REQUIRE((b != std::string::npos && e != std::string::npos && b < e),
                       "PPP-FSM markers missing in " << kDocPath);
    b += begin.size();
    BOOST_TEST(doc.substr(b, e - b) == generated,
               "docs/fsm.md PPP block is stale; regenerate with L2TPLAB_UPDATE_DOCS=1 "
               "build/tests/test-unit-ppp --run_test=PppFsmDocTests");
}

BOOST_AUTO_TEST_SUITE_END()
