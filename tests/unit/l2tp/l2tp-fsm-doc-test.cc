/**
 * \file
 * \brief docs/fsm.md is generated from the L2TP transition tables (RFC 2661 §7.2.1, §7.4.1,
 * §7.4.2, §7.5.1, §7.5.2) and must not drift from them. With L2TPLAB_UPDATE_DOCS=1 the test
 * rewrites the file instead of failing.
 */

#include "model/l2tp/l2tp-fsm-doc.h"
#include "model/l2tp/l2tp-session.h"
#include "model/l2tp/l2tp-tunnel.h"

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

BOOST_AUTO_TEST_SUITE(L2tpFsmDocTests)

// The generated text has one table row per transition-table row, one Mermaid diagram per machine
// (tunnel §7.2.1 and the four call machines of §7.4/§7.5), and names every section.
BOOST_AUTO_TEST_CASE(RendersEveryRow)
{
    const std::string doc = RenderL2tpFsmDoc();
    size_t rows = L2tpTunnel::GetTable().size;
    for (L2tpSessionRole r : {L2tpSessionRole::LAC_INCOMING, L2tpSessionRole::LNS_INCOMING,
                              L2tpSessionRole::LAC_OUTGOING, L2tpSessionRole::LNS_OUTGOING})
    {
        rows += L2tpSession::TableFor(r).size;
        BOOST_TEST(doc.find(std::string("RFC 2661 §") + L2tpSession::SectionFor(r)) !=
                   std::string::npos);
    }
    BOOST_TEST(Count(doc, " | RFC | ") + Count(doc, " | defensive | ") == rows);
    BOOST_TEST(Count(doc, "```mermaid\nstateDiagram-v2\n") == 5u);
    BOOST_TEST(doc.find("| WAIT_CTL_REPLY | RX_SCCRP_OK | `ActSendScccnEstablish` | ESTABLISHED | "
                        "RFC | §7.2.1 |") != std::string::npos);
    BOOST_TEST(
        doc.find("    WAIT_CTL_REPLY --> ESTABLISHED : RX_SCCRP_OK / ActSendScccnEstablish") !=
        std::string::npos);
}

// The L2TP part is the file up to the PPP block (tests/unit/ppp/ppp-fsm-doc-test.cc owns that).
BOOST_AUTO_TEST_CASE(DocsInSync)
{
    const std::string generated = RenderL2tpFsmDoc();
    const std::string existing = ReadFile(kDocPath);
    size_t ppp = existing.find("\n\n<!-- BEGIN GENERATED PPP-FSM -->");
    ppp = ppp == std::string::npos ? ppp : ppp + 1; // the L2TP part keeps its final newline
    const std::string tail = ppp == std::string::npos ? "" : existing.substr(ppp);
    const char* update = std::getenv("L2TPLAB_UPDATE_DOCS");
    if (update != nullptr && std::string(update) == "1")
    {
        std::ofstream out(kDocPath, std::ios::binary);
        out << generated << tail;
        BOOST_TEST_REQUIRE(out.good(), "cannot write " << kDocPath);
        BOOST_TEST_MESSAGE("rewrote " << kDocPath);
        return;
    }
    const std::string doc = existing.substr(0, ppp);
    BOOST_TEST_REQUIRE(!doc.empty(), "cannot read " << kDocPath);
    BOOST_TEST(doc == generated,
               "docs/fsm.md is stale (the transition tables changed); regenerate with "
               "L2TPLAB_UPDATE_DOCS=1 build/tests/test-unit-l2tp --run_test=L2tpFsmDocTests");
}

BOOST_AUTO_TEST_SUITE_END()
