// Unit tests: runner/l2tp-mapping — RouterOS menus onto the RFC 2661 model, RouterOS defaults,
// counted clients, disabled entries, the `l2tp` knobs and per-node seeds.
#include "runner/l2tp-mapping.h"
#include "runner/scenario-loader.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

namespace
{

const std::string kTopology = "topology:\n"
                              "  nodes: {lac: client, lns: server, r: router}\n"
                              "  links:\n"
                              "    - {name: wan, ends: [lac:ether1, lns:ether1], "
                              "net: 192.0.2.0/24}\n";

Scenario
Load(const std::string& config)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    bool ok = LoadScenarioFromString("name: t\nrun: {duration: 30s, seed: 3}\n" + kTopology +
                                         "config:\n" + config,
                                     "m.yaml", sc, errors);
    BOOST_REQUIRE_MESSAGE(ok, FormatScenarioErrors(errors));
    return sc;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_l2tp_mapping)

BOOST_AUTO_TEST_CASE(server_defaults_are_routeros_defaults)
{
    Scenario sc = Load("  lns:\n    interface/l2tp-server/server: {enabled: yes}\n");
    L2tpNodePlan p = PlanL2tpNode(sc.ConfigFor("lns"), "lns", 3);
    BOOST_TEST(p.present);
    BOOST_TEST(p.endpoint.acceptTunnels);
    BOOST_TEST(!p.endpoint.maxSessions.has_value()); // max-sessions default: unlimited
    BOOST_TEST(p.endpoint.hostName == "lns");
    BOOST_TEST(p.clients.empty());
    // `l2tp` knob defaults (docs/scenario-reference.md): HELLO every 60 s, window 4, 1 s..8 s.
    BOOST_TEST(p.endpoint.channel.helloInterval == 60 * kSec);
    BOOST_TEST(p.endpoint.channel.receiveWindow == 4);
    BOOST_TEST(p.endpoint.channel.retransmit.initial == kSec);
    BOOST_TEST(p.endpoint.secret.empty());
    BOOST_TEST(!p.endpoint.hideAvps);
    BOOST_TEST(!p.endpoint.replyFromEphemeralPort);
}

BOOST_AUTO_TEST_CASE(disabled_server_and_no_client_runs_no_l2tp)
{
    Scenario sc = Load("  lns:\n    interface/l2tp-server/server: {enabled: no}\n");
    BOOST_TEST(!PlanL2tpNode(sc.ConfigFor("lns"), "lns", 3).present);
    BOOST_TEST(!PlanL2tpNode(sc.ConfigFor("r"), "r", 3).present); // no config at all
    BOOST_TEST(!PlanL2tpNode(nullptr, "r", 3).present);
}

// What a real RouterOS LNS's SCCRP announces: Framing Capabilities sync only, Vendor Name
// "MikroTik", Firmware Revision 1. A client-only node keeps async+sync framing (no capture of a
// RouterOS client's SCCRQ was at hand).
BOOST_AUTO_TEST_CASE(routeros_identity_avps)
{
    Scenario sc = Load("  lns:\n    interface/l2tp-server/server: {enabled: yes}\n"
                       "  lac:\n    interface/l2tp-client:\n"
                       "      - {name: a, connect-to: 192.0.2.2, user: u, disabled: no}\n");
    const L2tpEndpointConfig lns = PlanL2tpNode(sc.ConfigFor("lns"), "lns", 3).endpoint;
    BOOST_TEST(lns.framingCapabilities == 0x1u);
    BOOST_TEST(lns.vendorName == "MikroTik");
    BOOST_TEST(lns.firmwareRevision == 1u);
    BOOST_TEST(lns.hostName == "lns");
    const L2tpEndpointConfig lac = PlanL2tpNode(sc.ConfigFor("lac"), "lac", 3).endpoint;
    BOOST_TEST(lac.framingCapabilities == 0x3u);
    BOOST_TEST(lac.vendorName == "MikroTik");
}

BOOST_AUTO_TEST_CASE(max_sessions_bounds_tunnels)
{
    Scenario sc =
        Load("  lns:\n    interface/l2tp-server/server: {enabled: yes, max-sessions: 7}\n");
    const L2tpNodePlan plan = PlanL2tpNode(sc.ConfigFor("lns"), "lns", 3);
    BOOST_TEST(plan.endpoint.maxSessions.value_or(99) == 7u); // sessions, all tunnels together
    BOOST_TEST(plan.endpoint.maxTunnels == 0u);
}

BOOST_AUTO_TEST_CASE(clients_in_order_1ms_apart_disabled_skipped_counted_expanded)
{
    Scenario sc =
        Load("  lac:\n"
             "    interface/l2tp-client:\n"
             "      - {name: a, connect-to: 192.0.2.2, user: u, disabled: no}\n"
             "      - {name: off, connect-to: 192.0.2.2, user: u, disabled: yes}\n"
             "      - {name: b, connect-to: 192.0.2.9, user: u, disabled: no, count: 3}\n");
    L2tpNodePlan p = PlanL2tpNode(sc.ConfigFor("lac"), "lac", 3);
    BOOST_TEST(p.present);
    BOOST_TEST(!p.endpoint.acceptTunnels); // a LAC does not accept SCCRQ
    BOOST_REQUIRE(p.clients.size() == 4u);
    std::vector<std::string> names;
    for (size_t i = 0; i < p.clients.size(); ++i)
    {
        names.push_back(p.clients[i].name);
        BOOST_TEST(p.clients[i].startAt == static_cast<TimeNs>(i) * kMs);
    }
    BOOST_TEST((names == std::vector<std::string>{"a", "b1", "b2", "b3"}));
    BOOST_TEST(p.clients[0].connectTo == 0xC0000202u);
    BOOST_TEST(p.clients[1].connectTo == 0xC0000209u);
}

BOOST_AUTO_TEST_CASE(l2tp_knobs_and_disabled_words)
{
    Scenario sc = Load("  lac:\n"
                       "    interface/l2tp-client: [{name: a, connect-to: 192.0.2.2, user: u, "
                       "disabled: no}]\n"
                       "    l2tp: {hello-interval: disabled, redial-interval: disabled, "
                       "receive-window: 8, tunnel-secret: s3, hide-avps: yes, ack-delay: 0s, "
                       "data-sequencing: yes}\n");
    L2tpNodePlan p = PlanL2tpNode(sc.ConfigFor("lac"), "lac", 3);
    BOOST_TEST(p.endpoint.channel.helloInterval == 0);
    BOOST_TEST(p.redialInterval == 0);
    BOOST_TEST(p.endpoint.channel.receiveWindow == 8);
    BOOST_TEST(p.endpoint.secret == "s3");
    BOOST_TEST(p.endpoint.hideAvps);
    BOOST_TEST(p.endpoint.channel.ackDelay == 0);
    BOOST_TEST(p.endpoint.sequenceData);
}

BOOST_AUTO_TEST_CASE(redial_interval_default_is_10s)
{
    Scenario sc =
        Load("  lac:\n    interface/l2tp-client: [{name: a, connect-to: 192.0.2.2, user: u, "
             "disabled: no}]\n");
    BOOST_TEST(PlanL2tpNode(sc.ConfigFor("lac"), "lac", 3).redialInterval == 10 * kSec);
}

BOOST_AUTO_TEST_CASE(node_seeds_differ_per_node_and_per_run_seed)
{
    BOOST_TEST(NodeSeed(1, "lac") != NodeSeed(1, "lns"));
    BOOST_TEST(NodeSeed(1, "lac") != NodeSeed(2, "lac"));
    BOOST_TEST(NodeSeed(1, "lac") == NodeSeed(1, "lac"));
    // FNV-1a of the name with the offset basis xor-ed with the seed: pinned, since every
    // capture's tunnel ids and random vectors derive from it (byte-identical runs).
    BOOST_TEST(NodeSeed(0, "") == 1469598103934665603ULL);
    BOOST_TEST(NodeSeed(0, "a") == ((1469598103934665603ULL ^ 'a') * 1099511628211ULL));
}

BOOST_AUTO_TEST_SUITE_END()
