// Unit tests: runner/state-paths — the catalog's invariants, the unknown-path warning and the
// generated table in docs/scenario-reference.md.
#include "runner/scenario-loader.h"
#include "runner/state-paths.h"

#include "runner/expectations.h"
#include "tests/unit/runner/doc-sync-support.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace ns3;

namespace
{

std::vector<std::string>
Warnings(const std::string& path)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    std::string text = "name: t\nrun: {duration: 30s}\ntopology:\n"
                       "  nodes: {lac: client, lns: server}\n"
                       "  links:\n    - {name: wan, ends: [lac:ether1, lns:ether1], "
                       "net: 192.0.2.0/24}\n"
                       "expect:\n  - id: s\n    state:\n"
                       "      - {at: 5s, node: lns, path: \"" +
                       path + "\", eq: 1}\n";
    BOOST_REQUIRE_MESSAGE(LoadScenarioFromString(text, "p.yaml", sc, errors),
                          FormatScenarioErrors(errors));
    std::vector<std::string> w;
    CheckStatePaths(sc, w);
    return w;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_state_paths)

BOOST_AUTO_TEST_CASE(catalog_invariants)
{
    std::set<std::string> patterns;
    for (const StatePathSpec& s : StatePathCatalog())
    {
        BOOST_TEST_CONTEXT(s.pattern)
        {
            BOOST_TEST(patterns.insert(s.pattern).second);
            BOOST_TEST(std::string(s.layer).size() > 0u);
            BOOST_TEST(std::string(s.meaning).size() > 0u);
            // The example is an instance of its own pattern, answered by this row and no earlier.
            BOOST_TEST(GlobMatch(s.pattern, s.example));
            BOOST_TEST(FindStatePath(s.example) == &s);
        }
    }
}

BOOST_AUTO_TEST_CASE(known_paths_give_no_warning)
{
    BOOST_TEST(Warnings("l2tp/tunnels/established").empty());
    BOOST_TEST(Warnings("l2tp/counters/drop/decode/AVP_OVERRUN").empty());
    BOOST_TEST(Warnings("l2tp-out7/session/State").empty());
}

BOOST_AUTO_TEST_CASE(unknown_path_warns_with_position_and_suggestion)
{
    std::vector<std::string> w = Warnings("l2tp/tunnels/establshed");
    BOOST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0].find("p.yaml:10:") == 0u, w[0]);
    BOOST_TEST(w[0].find("answered by no layer") != std::string::npos);
    BOOST_TEST(w[0].find("did you mean 'l2tp/tunnels/established'") != std::string::npos, w[0]);

    w = Warnings("l2tp-out1/tunnel/state"); // State is case sensitive
    BOOST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0].find("did you mean 'l2tp-out1/tunnel/State'") != std::string::npos, w[0]);

    w = Warnings("ppp/lcp/whatever/else");
    BOOST_REQUIRE(w.size() == 1u);
    BOOST_TEST(w[0].find("did you mean") == std::string::npos, w[0]);
}

BOOST_AUTO_TEST_CASE(docs_table_is_generated_from_the_catalog)
{
    CheckGeneratedDocBlock("STATE PATHS", StatePathsMarkdown(),
                           "runner_state_paths/docs_table_is_generated_from_the_catalog");
}

BOOST_AUTO_TEST_SUITE_END()
