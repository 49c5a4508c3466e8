// Unit tests for issue 12 (setup storms): the switch link key, a node's start window, the
// Linux-like link-layer keys, the drop reasons declared as data, and the l2tp jitter knobs. The
// ns-3 side (ports, ARP, trace sources) is proven by scenarios/setup-storm.yaml and the flagships.
#include "runner/drop-reasons.h"
#include "runner/l2tp-mapping.h"
#include "runner/scenario-loader.h"
#include "runner/support.h"
#include "tests/unit/runner/loader-test-support.h"

#include "model/common/backoff.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace ns3;
using namespace ns3::loadertest;

namespace
{

/** \brief A scenario with a switch `sw`, a router and three counted hosts; `link` is the link. */
std::string
Switched(const std::string& link, const std::string& nodes = "")
{
    return "name: t\n"
           "run: {duration: 30s}\n"
           "topology:\n"
           "  nodes: {isp: router, sw: switch, sw2: switch, h: {role: host, count: 3}" +
           nodes +
           "}\n"
           "  links:\n"
           "    - " +
           link + "\n";
}

bool
AnyError(const std::vector<ScenarioError>& errors, const std::string& part)
{
    for (const auto& e : errors)
    {
        if (e.message.find(part) != std::string::npos)
        {
            return true;
        }
    }
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_storm)

BOOST_AUTO_TEST_CASE(switch_link_keeps_one_subnet)
{
    Scenario s;
    auto e = Errors(Switched("{name: acc, type: csma, switch: sw, ends: [isp:ether1, \"h[*]:e0\"], "
                             "net: 100.64.0.0/24}"),
                    &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    const ScenarioLink& l = s.links[0];
    BOOST_TEST(l.viaSwitch == "sw");
    BOOST_TEST_REQUIRE(l.ends.size() == 4u);
    BOOST_TEST(FormatIpv4(l.ends[0].address) == "100.64.0.1");
    BOOST_TEST(FormatIpv4(l.ends[3].address) == "100.64.0.4");
    std::vector<ScenarioError> refused;
    std::vector<std::string> warnings;
    BOOST_TEST(CheckSupported(s, refused, warnings), Dump(refused));
}

BOOST_AUTO_TEST_CASE(switch_misuse_refused)
{
    const std::string ends = "ends: [isp:ether1, \"h[*]:e0\"]";
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: p2p, switch: sw, ends: [isp:e1, h1:e0]}")),
                        "needs type: csma"));
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: csma, switch: isp, " + ends + "}")),
                        "not a single node of role switch"));
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: csma, switch: sx, " + ends + "}")),
                        "unknown node 'sx'"));
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: csma, switch: sw, ends: [isp:e1, "
                                        "h1:e0]}\n    - {name: b, type: csma, switch: sw, ends: "
                                        "[isp:e2, h2:e0]}")),
                        "already serves link 'a'"));
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: csma, switch: sw, ends: [sw:e1, h1:e0]}")),
                        "cannot also be an end"));
    // A switch written as a plain end would be a port without a bridge: refused with the fix.
    Scenario s;
    auto e = Errors(Switched("{name: a, type: csma, ends: [sw2:e1, h1:e0, h2:e0]}"), &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    std::vector<ScenarioError> refused;
    std::vector<std::string> warnings;
    BOOST_TEST(!CheckSupported(s, refused, warnings));
    BOOST_TEST(AnyError(refused, "write `switch: sw2` on the link"));
}

BOOST_AUTO_TEST_CASE(start_window_is_a_bounded_window_inside_the_run)
{
    Scenario s;
    auto e = Errors(Switched("{name: a, type: csma, ends: [isp:e1, \"c[*]:e0\"]}",
                             ", c: {role: client, count: 2, start: 2s~20s}"),
                    &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    const ScenarioNode* c2 = s.FindNode("c2");
    BOOST_TEST_REQUIRE(c2 != nullptr);
    BOOST_TEST(c2->startFrom == 2 * kSec);
    BOOST_TEST(c2->startTo == 20 * kSec);
    BOOST_TEST(s.FindNode("isp")->startTo == 0);
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: csma, ends: [isp:e1, \"c[*]:e0\"]}",
                                        ", c: {role: client, count: 2, start: 2s~}")),
                        "needs an end inside the run"));
    BOOST_TEST(AnyError(Errors(Switched("{name: a, type: csma, ends: [isp:e1, \"c[*]:e0\"]}",
                                        ", c: {role: client, count: 2, start: 0s~40s}")),
                        "needs an end inside the run"));
}

BOOST_AUTO_TEST_CASE(link_layer_defaults_are_linux_and_overridable)
{
    Scenario s;
    auto e = Errors(kBase, &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    const ScenarioLink& d = s.links[0];
    BOOST_TEST(d.txQueueLen == 1000u); // Linux txqueuelen
    BOOST_TEST(d.arpRequests == 3u);   // Linux mcast_solicit
    BOOST_TEST(d.arpRetryInterval == kSec);
    BOOST_TEST(d.arpFailedHold == kSec); // ns-3 would hold 100 s
    BOOST_TEST(d.arpQueue == 101u);      // Linux unres_qlen
    BOOST_TEST(d.arpLearn);              // Linux learns ARP senders (RFC 826 merge)
    const std::string ns3Like =
        "name: t\nrun: {duration: 30s}\ntopology:\n  nodes: {lac: client, lns: server}\n"
        "  links:\n    - {name: wan, type: csma, ends: [lac:ether1, lns:ether1], net: "
        "192.0.2.0/30, txqueuelen: 100, arp-requests: 4, arp-retry-interval: 1s, "
        "arp-failed-hold: 100s, arp-queue: 3, arp-learn: no}\n";
    e = Errors(ns3Like, &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    BOOST_TEST(s.links[0].txQueueLen == 100u);
    BOOST_TEST(s.links[0].arpRequests == 4u);
    BOOST_TEST(s.links[0].arpFailedHold == 100 * kSec);
    BOOST_TEST(s.links[0].arpQueue == 3u);
    BOOST_TEST(!s.links[0].arpLearn);
    std::string zero = ns3Like;
    zero.replace(zero.find("txqueuelen: 100"), 15, "txqueuelen: 0");
    BOOST_TEST(AnyError(Errors(zero), "txqueuelen"));
    std::string noRequest = ns3Like;
    noRequest.replace(noRequest.find("arp-requests: 4"), 15, "arp-requests: 0");
    BOOST_TEST(AnyError(Errors(noRequest), "arp-requests"));
    std::string badLearn = ns3Like;
    badLearn.replace(badLearn.find("arp-learn: no"), 13, "arp-learn: maybe");
    BOOST_TEST(AnyError(Errors(badLearn), "arp-learn"));
}

BOOST_AUTO_TEST_CASE(drop_reasons_declared_logged_sparingly_and_documented)
{
    std::set<std::string> seen;
    for (const DropReasonSpec& r : kDropReasons)
    {
        BOOST_TEST(seen.insert(r.reason).second, r.reason << " declared twice");
        BOOST_TEST(FindDropReason(r.reason) == &r);
    }
    BOOST_TEST(FindDropReason("no-such-reason") == nullptr);
    BOOST_TEST(seen.count("queue-full") == 1u);
    BOOST_TEST(seen.count("arp-failed") == 1u);
    // Logged: 1..10, then 100, 1000, 10000; never 0, 11, 99, 101, 200.
    for (uint64_t n : {1, 2, 10, 100, 1000, 10000})
    {
        BOOST_TEST(DropIsLogged(n), n);
    }
    for (uint64_t n : {0, 11, 20, 99, 101, 200, 1001})
    {
        BOOST_TEST(!DropIsLogged(n), n);
    }
    std::ifstream f(std::string(L2TPLAB_SOURCE_DIR) + "/docs/scenario-reference.md");
    std::stringstream doc;
    doc << f.rdbuf();
    for (const DropReasonSpec& r : kDropReasons)
    {
        BOOST_TEST(doc.str().find(std::string("| `") + r.reason + "` | " + r.source) !=
                       std::string::npos,
                   r.reason << " missing from docs/scenario-reference.md *Drops below L2TP*");
    }
}

BOOST_AUTO_TEST_CASE(retransmit_jitter_only_lengthens_and_is_deterministic)
{
    // RFC 2661 §5.8: exponential backoff, cap >= 8 s; jitter adds at most jitter x the delay.
    RetransmitBackoff b;
    for (unsigned a = 0; a <= b.maxRetries; ++a)
    {
        BOOST_TEST(b.Jittered(a, 77) == b.Delay(a)); // jitter 0: exactly as before
    }
    b.jitter = 0.5;
    b.jitterSeed = 1234;
    std::set<TimeNs> draws;
    for (uint64_t key = 0; key < 200; ++key)
    {
        for (unsigned a = 0; a <= b.maxRetries; ++a)
        {
            TimeNs d = b.Jittered(a, key);
            BOOST_TEST(d >= b.Delay(a));
            BOOST_TEST(d < b.Delay(a) + b.Delay(a) / 2);
            BOOST_TEST(d == b.Jittered(a, key)); // no hidden state
        }
        draws.insert(b.Jittered(0, key));
    }
    BOOST_TEST(draws.size() > 150u); // spread, not one value
    RetransmitBackoff other = b;
    other.jitterSeed = 4321;
    BOOST_TEST(other.Jittered(0, 5) != b.Jittered(0, 5)); // another node draws differently
    BOOST_TEST(JitterSpan(0, 9) == 0);
    BOOST_TEST(JitterSpan(-5, 9) == 0);
}

BOOST_AUTO_TEST_CASE(jitter_knobs_reach_the_plan)
{
    Scenario s;
    auto e = Errors(
        kBase + "config:\n  lac:\n    interface/l2tp-client: [{name: o, connect-to: "
                "192.0.2.2, user: u, password: p, disabled: no}]\n    l2tp: {redial-jitter: 20s, "
                "retransmit-jitter: 50%}\n",
        &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    L2tpNodePlan plan = PlanL2tpNode(s.ConfigFor("lac"), "lac", 1);
    BOOST_TEST(plan.redialJitter == 20 * kSec);
    BOOST_TEST(plan.endpoint.channel.retransmit.jitter == 0.5);
    BOOST_TEST(plan.endpoint.channel.retransmit.jitterSeed == plan.endpoint.seed);
    L2tpNodePlan off = PlanL2tpNode(s.ConfigFor("lns"), "lns", 1); // no l2tp config
    BOOST_TEST(!off.present);
}

BOOST_AUTO_TEST_SUITE_END()
