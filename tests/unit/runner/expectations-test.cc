// Unit tests: runner/expectations — event/count/window/state/never verdicts, probes, globs.
#include "runner/expectations.h"
#include "runner/scenario-loader.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/** \brief Load a scenario with the given expect: block (lines appended to a fixed topology). */
Scenario
WithExpect(const std::string& expect)
{
    const std::string text = "name: t\n"
                             "run: {duration: 60s}\n"
                             "topology:\n"
                             "  nodes: {lac: client, lns: server, cpe: {role: client, count: 2}}\n"
                             "expect:\n" +
                             expect;
    Scenario s;
    std::vector<ScenarioError> errors;
    bool ok = LoadScenarioFromString(text, "e.yaml", s, errors);
    BOOST_TEST_REQUIRE(ok, FormatScenarioErrors(errors));
    return s;
}

LabEvent
Ev(TimeNs t,
   const std::string& node,
   const std::string& obj,
   const std::string& kind,
   std::vector<std::pair<std::string, std::string>> fields = {})
{
    LabEvent e;
    e.time = t;
    e.node = node;
    e.object = obj;
    e.kind = kind;
    e.fields = std::move(fields);
    return e;
}

/** \brief A small run: tunnel up at 1.2s on lac, session up, retransmits, cpe2 up at 7s. */
std::vector<LabEvent>
Events()
{
    return {
        Ev(100 * kMs, "lac", "l2tp/tunnel/1", "state",
           {{"from", "IDLE"}, {"to", "WAIT_CTL_REPLY"}}),
        Ev(1200 * kMs, "lac", "l2tp/tunnel/1", "established"),
        Ev(1300 * kMs, "lns", "l2tp/tunnel/9", "established"),
        Ev(2 * kSec, "lac", "l2tp/tunnel/1/session/3", "established"),
        Ev(3 * kSec, "lns", "l2tp/tunnel/9", "retransmit", {{"ns", "2"}}),
        Ev(7 * kSec, "cpe2", "l2tp/tunnel/4", "established"),
    };
}

ExpectationResult
Only(const std::vector<ExpectationResult>& r)
{
    BOOST_TEST_REQUIRE(r.size() == 1u);
    return r[0];
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_expectations)

BOOST_AUTO_TEST_CASE(glob)
{
    BOOST_TEST(GlobMatch("*", ""));
    BOOST_TEST(GlobMatch("*", "abc"));
    BOOST_TEST(GlobMatch("l2tp/tunnel/*", "l2tp/tunnel/3"));
    BOOST_TEST(!GlobMatch("l2tp/tunnel/*", "l2tp/tunnel/3/session/7")); // * stays in a segment
    BOOST_TEST(GlobMatch("l2tp/tunnel/**", "l2tp/tunnel/3/session/7")); // ** crosses '/'
    BOOST_TEST(GlobMatch("l2tp/**/session/*", "l2tp/tunnel/3/session/7"));
    BOOST_TEST(GlobMatch("**", "a/b/c"));
    BOOST_TEST(!GlobMatch("a?b", "a/b"));
    BOOST_TEST(!GlobMatch("l2tp/tunnel/*", "l2tp/tunnel"));
    BOOST_TEST(GlobMatch("a?c", "abc"));
    BOOST_TEST(!GlobMatch("a?c", "ac"));
    BOOST_TEST(GlobMatch("*est*", "established"));
    BOOST_TEST(!GlobMatch("est", "established"));
    BOOST_TEST(GlobMatch("a*b*c", "axxbyyc"));
    BOOST_TEST(!GlobMatch("a*b*c", "axxbyy"));
}

// `**` reaches below a tunnel: the same matcher with ** counts the tunnel and its session.
BOOST_AUTO_TEST_CASE(double_star_crosses_segments)
{
    Scenario s = WithExpect(
        "  - {id: deep, event: {node: lac, obj: \"l2tp/tunnel/**\", ev: established}, count: 2}\n");
    MapStateQuery q;
    auto r = EvaluateExpectations(s, Events(), q);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].pass);
    BOOST_TEST(r[0].matches.size() == 2u);
}

BOOST_AUTO_TEST_CASE(event_count_pass_and_fail)
{
    Scenario s =
        WithExpect("  - {id: up, ref: [RFC2661 §7.2], event: {node: lac, obj: \"l2tp/tunnel/*\", "
                   "ev: established}}\n"
                   "  - {id: three, event: {ev: established, obj: \"l2tp/tunnel/?\"}, count: 3}\n"
                   "  - {id: none, event: {ev: give-up}, count: 0}\n"
                   "  - {id: toomany, event: {ev: established}, count: \"<3\"}\n"
                   "  - {id: range, event: {ev: established}, count: \"3~4\"}\n");
    MapStateQuery q;
    auto r = EvaluateExpectations(s, Events(), q);
    BOOST_TEST_REQUIRE(r.size() == 5u);
    BOOST_TEST(r[0].id == "up");
    BOOST_TEST(r[0].kind == "event");
    BOOST_TEST(r[0].pass);
    BOOST_TEST(r[0].refs.at(0) == "RFC2661 §7.2");
    BOOST_TEST(r[0].matches.size() == 1u); // the tunnel; `*` does not reach into its session
    BOOST_TEST(r[0].actual == "1 matching event (first at 1.2s)");
    BOOST_TEST(r[0].where.line == 6);
    BOOST_TEST(r[1].pass); // tunnels 1 (lac), 9 (lns), 4 (cpe2); not the session
    BOOST_TEST(r[1].matches.size() == 3u);
    BOOST_TEST(r[2].pass);
    BOOST_TEST(r[2].actual == "0 matching events");
    BOOST_TEST(!r[3].pass); // 4 established events
    BOOST_TEST(r[3].expected == "count <3 of events node=* obj=** ev=established");
    BOOST_TEST(r[3].actual == "4 matching events (first at 1.2s)");
    BOOST_TEST(r[4].pass);
}

BOOST_AUTO_TEST_CASE(event_window)
{
    Scenario s = WithExpect("  - {id: early, event: {node: lac, ev: established, obj: "
                            "\"l2tp/tunnel/1\"}, within: \"0s~1s\"}\n"
                            "  - {id: ontime, event: {node: lac, ev: established, obj: "
                            "\"l2tp/tunnel/1\"}, within: \"0s~1200ms\"}\n"
                            "  - {id: late, event: {ev: retransmit}, within: \"5s~\"}\n"
                            "  - {id: soon, event: {ev: retransmit}, within: \"~3s\"}\n");
    MapStateQuery q;
    auto r = EvaluateExpectations(s, Events(), q);
    BOOST_TEST_REQUIRE(r.size() == 4u);
    BOOST_TEST(!r[0].pass);
    BOOST_TEST(r[0].expected ==
               "count >=1 of events node=lac obj=l2tp/tunnel/1 ev=established within 0s~1s");
    BOOST_TEST(r[0].actual == "0 matching events");
    BOOST_TEST(r[1].pass); // window bounds are inclusive
    BOOST_TEST(!r[2].pass);
    BOOST_TEST(r[3].pass);
}

BOOST_AUTO_TEST_CASE(event_fields_and_counted_base)
{
    Scenario s = WithExpect("  - {id: f, event: {ev: state, fields: {to: \"WAIT_*\"}}}\n"
                            "  - {id: g, event: {ev: state, fields: {to: ESTABLISHED}}}\n"
                            "  - {id: h, event: {ev: retransmit, fields: {missing: \"*\"}}}\n"
                            "  - {id: base, event: {node: cpe, ev: established}, count: 1}\n"
                            "  - {id: inst, event: {node: cpe1, ev: established}, count: 0}\n");
    MapStateQuery q;
    auto r = EvaluateExpectations(s, Events(), q);
    BOOST_TEST_REQUIRE(r.size() == 5u);
    BOOST_TEST(r[0].pass);
    BOOST_TEST(!r[1].pass);
    BOOST_TEST(!r[2].pass); // a listed field must exist
    BOOST_TEST(r[3].pass);  // "cpe" matches cpe2
    BOOST_TEST(r[4].pass);
}

BOOST_AUTO_TEST_CASE(never_pass_and_fail)
{
    Scenario s =
        WithExpect("  - {id: no-give-up, never: {event: {ev: give-up}}}\n"
                   "  - {id: no-rtx, never: {event: {ev: retransmit}}}\n"
                   "  - {id: no-rtx-late, never: {event: {ev: retransmit}, within: \"5s~\"}}\n");
    MapStateQuery q;
    auto events = Events();
    auto r = EvaluateExpectations(s, events, q);
    BOOST_TEST_REQUIRE(r.size() == 3u);
    BOOST_TEST(r[0].pass);
    BOOST_TEST(r[0].kind == "never");
    BOOST_TEST(!r[1].pass);
    BOOST_TEST_REQUIRE(r[1].matches.size() == 1u);
    BOOST_TEST(r[1].matches[0] == 4u);
    BOOST_TEST(r[1].expected == "no events node=* obj=** ev=retransmit");
    BOOST_TEST(r[1].actual == "1 matching event, first at 3s: " + EventToJson(events[4]));
    BOOST_TEST(r[2].pass);
}

BOOST_AUTO_TEST_CASE(state_pass_and_fail)
{
    Scenario s = WithExpect(
        "  - id: all-tunnels\n"
        "    state: [{at: 20s, node: lns, path: l2tp/tunnels/established, eq: 200}]\n"
        "  - id: numeric\n"
        "    state: [{at: 20s, node: lns, path: l2tp/tunnels/established, gt: 99},\n"
        "            {at: 20s, node: lns, path: l2tp/tunnels/established, le: 200.0}]\n"
        "  - id: strings\n"
        "    state: [{at: 20s, node: lac, path: l2tp-out1/tunnel/State, eq: ESTABLISHED},\n"
        "            {at: 20s, node: lac, path: l2tp-out1/ppp/ipcp/State, ne: OPENED}]\n"
        "  - id: addr\n"
        "    state: [{at: 20s, node: lac, path: l2tp-out1/ppp/LocalAddress, in: "
        "10.99.0.10-10.99.0.20}]\n"
        "  - id: addr-out\n"
        "    state: [{at: 20s, node: lac, path: l2tp-out1/ppp/LocalAddress, in: "
        "10.99.0.100-10.99.0.200}]\n"
        "  - id: list\n"
        "    state: [{at: 20s, node: lac, path: l2tp-out1/tunnel/State, in: [IDLE, ESTABLISHED]}]\n"
        "  - id: missing\n"
        "    state: [{at: 30s, node: lns, path: nothing/here, eq: 1}]\n"
        "  - id: range\n"
        "    state: [{at: 20s, node: lns, path: l2tp/tunnels/established, in: 150-250}]\n");
    MapStateQuery q;
    q.Set(20 * kSec, "lns", "l2tp/tunnels/established", "200");
    q.Set(20 * kSec, "lac", "l2tp-out1/tunnel/State", "ESTABLISHED");
    q.Set(20 * kSec, "lac", "l2tp-out1/ppp/ipcp/State", "OPENED");
    q.Set(20 * kSec, "lac", "l2tp-out1/ppp/LocalAddress", "10.99.0.12");
    auto r = EvaluateExpectations(s, std::vector<LabEvent>{}, q);
    BOOST_TEST_REQUIRE(r.size() == 8u);
    BOOST_TEST(r[0].pass);
    BOOST_TEST(r[0].kind == "state");
    BOOST_TEST(r[0].expected == "lns l2tp/tunnels/established eq 200 at 20s");
    BOOST_TEST(r[1].pass); // 200 > 99 numerically (string compare would say "200" < "99")
    BOOST_TEST(!r[2].pass);
    BOOST_TEST(r[2].expected == "lac l2tp-out1/ppp/ipcp/State ne OPENED at 20s");
    BOOST_TEST(r[2].actual == "OPENED");
    BOOST_TEST_REQUIRE(r[2].details.size() == 2u);
    BOOST_TEST(r[2].details[0] ==
               "PASS lac l2tp-out1/tunnel/State eq ESTABLISHED at 20s: actual ESTABLISHED");
    BOOST_TEST(r[2].details[1] ==
               "FAIL lac l2tp-out1/ppp/ipcp/State ne OPENED at 20s: actual OPENED");
    BOOST_TEST(r[3].pass); // 10.99.0.12 in range, compared as addresses
    BOOST_TEST(!r[4].pass);
    BOOST_TEST(r[5].pass);
    BOOST_TEST(!r[6].pass);
    BOOST_TEST(r[6].actual == "<no value>");
    BOOST_TEST(r[7].pass);
}

BOOST_AUTO_TEST_CASE(state_fail_on_other_value)
{
    Scenario s =
        WithExpect("  - id: all-tunnels\n"
                   "    state: [{at: 20s, node: lns, path: l2tp/tunnels/established, eq: 200}]\n");
    MapStateQuery q;
    q.Set(20 * kSec, "lns", "l2tp/tunnels/established", "199");
    const ExpectationResult r = Only(EvaluateExpectations(s, std::vector<LabEvent>{}, q));
    BOOST_TEST(!r.pass);
    BOOST_TEST(r.expected == "lns l2tp/tunnels/established eq 200 at 20s");
    BOOST_TEST(r.actual == "199");
}

BOOST_AUTO_TEST_CASE(compare_domains)
{
    StateCheck c;
    c.op = CompareOp::LT;
    c.value = "10";
    BOOST_TEST(CompareStateValue(c, "9")); // numbers
    BOOST_TEST(CompareStateValue(c, "-1.5"));
    c.value = "10.0.0.10";
    BOOST_TEST(CompareStateValue(c, "10.0.0.9")); // addresses (strings would say "10.0.0.9" > )
    c.value = "b";
    BOOST_TEST(CompareStateValue(c, "a")); // strings
    c.op = CompareOp::EQ;
    c.value = "1450";
    BOOST_TEST(CompareStateValue(c, "1450.0"));
    c.value = "yes";
    BOOST_TEST(!CompareStateValue(c, "no"));
}

BOOST_AUTO_TEST_CASE(state_probes)
{
    Scenario s = WithExpect(
        "  - id: a\n"
        "    state: [{at: 20s, node: lns, path: p, eq: 1}, {at: 10s, node: lac, path: q, eq: 1}]\n"
        "  - id: b\n"
        "    state: [{at: 20s, node: lns, path: p, ne: 2}, {at: 20s, node: cpe, path: r, eq: 1}]\n"
        "  - {id: c, event: {ev: x}}\n");
    BOOST_TEST_REQUIRE(s.expect[1].state.size() == 3u); // counted base expands to cpe1, cpe2
    auto p = CollectStateProbes(s);
    BOOST_TEST_REQUIRE(p.size() == 4u);
    BOOST_TEST((p[0] == StateProbe{10 * kSec, "lac", "q"}));
    BOOST_TEST((p[1] == StateProbe{20 * kSec, "cpe1", "r"}));
    BOOST_TEST((p[2] == StateProbe{20 * kSec, "cpe2", "r"}));
    BOOST_TEST((p[3] == StateProbe{20 * kSec, "lns", "p"}));
}

// Loader: an expectation on an event kind no layer emits is legal but almost surely a typo.
BOOST_AUTO_TEST_CASE(unknown_event_kind_warns_with_did_you_mean)
{
    Scenario s = WithExpect("  - {id: a, event: {ev: establshed}}\n"
                            "  - {id: b, never: {event: {ev: tie-braker}}}\n"
                            "  - {id: c, event: {ev: xyzzy-plugh}}\n");
    std::vector<std::string> w = UnknownEventKindWarnings(s);
    BOOST_TEST_REQUIRE(w.size() == 3u);
    BOOST_TEST(w[0].find("e.yaml:") == 0u);
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
