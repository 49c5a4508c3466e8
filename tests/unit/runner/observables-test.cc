// Unit tests: declared observables (model/common/observables.h, runner/observables.h) — table
// invariants, docs/scenario-reference.md's generated event and counter tables stay in sync, and the
// loader's warning for an expectation on an event kind no layer emits.
#include "runner/expectations.h"
#include "runner/observables.h"
#include "runner/scenario-loader.h"
#include "tests/unit/runner/doc-sync-support.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/** A scenario with the given expect: block. */
Scenario
WithExpect(const std::string& expect)
{
    const std::string text = "name: t\n"
                             "run: {duration: 60s}\n"
                             "topology:\n"
                             "  nodes: {lac: client, lns: server}\n"
                             "expect:\n" +
                             expect;
    Scenario s;
    std::vector<ScenarioError> errors;
    bool ok = LoadScenarioFromString(text, "w.yaml", s, errors);
    BOOST_TEST_REQUIRE(ok, FormatScenarioErrors(errors));
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_observables)

BOOST_AUTO_TEST_CASE(tables_well_formed)
{
    std::set<std::string> rows;
    std::set<std::string> counters;
    for (const ObservableTable& t : DeclaredObservables())
    {
        for (size_t i = 0; i < t.eventCount; ++i)
        {
            const EventKindSpec& e = t.events[i];
            BOOST_TEST_CONTEXT(t.layer << " " << e.object << " " << e.kind)
            {
                BOOST_TEST(rows.insert(std::string(e.object) + " " + e.kind).second); // unique
                BOOST_TEST(std::string(e.when).size() > 10u);
                BOOST_TEST(std::string(e.when).find('|') == std::string::npos);
                BOOST_TEST(std::string(e.when).find('<') == std::string::npos);
            }
        }
        for (size_t i = 0; i < t.counterCount; ++i)
        {
            BOOST_TEST(counters.insert(std::string(t.counterPrefix) + t.counters[i].name).second);
            BOOST_TEST(std::string(t.counters[i].when).find('|') == std::string::npos);
        }
    }
    // Issue 6: the hand-written table missed these; they are emitted, so they are declared.
    std::vector<std::string> kinds = DeclaredEventKinds(DeclaredObservables());
    for (const char* k : {"fsm-miss", "tie-breaker", "wen", "sli", "fault", "redial-scheduled"})
    {
        BOOST_TEST((std::find(kinds.begin(), kinds.end(), k) != kinds.end()), k);
    }
}

BOOST_AUTO_TEST_CASE(patterns)
{
    BOOST_TEST(ObservablePatternMatches("l2tp/tunnel/<id>", "l2tp/tunnel/7"));
    BOOST_TEST(!ObservablePatternMatches("l2tp/tunnel/<id>", "l2tp/tunnel/"));
    BOOST_TEST(ObservablePatternMatches("drop/decode/<error>", "drop/decode/AVP_OVERRUN"));
    BOOST_TEST(!ObservablePatternMatches("drop/unknown-tunnel", "drop/unknown-session"));
    const auto& all = DeclaredObservables();
    BOOST_TEST(FindEventKind(all, "state", "l2tp/tunnel/3/session/9") != nullptr);
    BOOST_TEST(FindEventKind(all, "wen", "l2tp/tunnel/3") == nullptr); // session-only kind
    BOOST_TEST(FindEventKind(all, "fault", "link/wan") != nullptr);
    BOOST_TEST(FindCounter(all.front(), "channel/hello-tx") != nullptr);
    BOOST_TEST(FindCounter(all.front(), "channel/hello-rx") == nullptr);
}

BOOST_AUTO_TEST_CASE(events_docs_in_sync)
{
    std::string md = RenderObservableEventsMarkdown();
    BOOST_TEST(md.find("| l2tp | `l2tp/tunnel/<id>/session/<id>` | `wen` |") != std::string::npos);
    CheckGeneratedDocBlock("EVENTS", md, "runner_observables/events_docs_in_sync");
}

BOOST_AUTO_TEST_CASE(counters_docs_in_sync)
{
    std::string md = RenderObservableCountersMarkdown();
    BOOST_TEST(md.find("`l2tp/counters/channel/retransmit`") != std::string::npos);
    CheckGeneratedDocBlock("COUNTERS", md, "runner_observables/counters_docs_in_sync");
}

// Loader: an expectation on an event kind no layer emits is legal but almost surely a typo.
BOOST_AUTO_TEST_CASE(unknown_event_kind_warns_with_did_you_mean)
{
    Scenario s = WithExpect("  - {id: a, event: {ev: establshed}}\n"
                            "  - {id: b, never: {event: {ev: tie-braker}}}\n"
                            "  - {id: c, event: {ev: xyzzy-plugh}}\n");
    std::vector<std::string> w = UnknownEventKindWarnings(s);
    BOOST_TEST_REQUIRE(w.size() == 3u);
    BOOST_TEST(w[0].find("w.yaml:") == 0u);
    BOOST_TEST(w[0].find(": warning: expectation 'a': no layer emits an event of kind "
                         "'establshed' (did you mean 'established'?)") != std::string::npos,
               w[0]);
    BOOST_TEST(w[1].find("(did you mean 'tie-breaker'?)") != std::string::npos, w[1]);
    BOOST_TEST(w[2].find("did you mean") == std::string::npos, w[2]);
    BOOST_TEST(w[2].find("'xyzzy-plugh'") != std::string::npos, w[2]);
}

BOOST_AUTO_TEST_CASE(declared_kinds_and_globs_do_not_warn)
{
    Scenario s =
        WithExpect("  - {id: a, event: {ev: established}}\n"
                   "  - {id: b, event: {ev: 'establ*'}}\n"
                   "  - {id: c, event: {obj: 'l2tp/**'}}\n"
                   "  - {id: d, never: {event: {ev: give-up}}}\n"
                   "  - {id: e, state: [{at: 1s, node: lac, path: l2tp/tunnels, eq: '1'}]}\n");
    BOOST_TEST(UnknownEventKindWarnings(s).empty());
    // The kinds are a parameter: a kind unknown to the given list warns.
    BOOST_TEST(UnknownEventKindWarnings(s, {"closed"}).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
