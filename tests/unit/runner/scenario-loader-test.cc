// Unit tests: runner/scenario-loader — every error class with its exact line:col, did-you-mean,
// counted-node expansion, address assignment, defaults.
#include "runner/scenario-loader.h"
#include "runner/schema.h"
#include "tests/unit/runner/loader-test-support.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::loadertest;

BOOST_AUTO_TEST_SUITE(runner_scenario_loader)

BOOST_AUTO_TEST_CASE(valid_base_loads)
{
    Scenario s;
    auto e = Errors(kBase, &s);
    BOOST_TEST(e.empty(), Dump(e));
    BOOST_TEST(s.name == "t");
    BOOST_TEST(s.file == "x.yaml");
    BOOST_TEST(s.run.seed == 1u);
    BOOST_TEST(s.run.duration == 30 * kSec);
    BOOST_TEST_REQUIRE(s.links.size() == 1u);
    const ScenarioLink& l = s.links[0];
    BOOST_TEST((l.type == LinkType::P2P));
    BOOST_TEST(l.rateBps == 1000000000ull);
    BOOST_TEST(l.delay == kMs);
    BOOST_TEST(l.mtu == 1500u);
    BOOST_TEST(l.where.line == 6);
    BOOST_TEST(l.where.col == 7);
}

BOOST_AUTO_TEST_CASE(unknown_key_did_you_mean_full_message)
{
    auto e = Errors(kBase + "config:\n"                      // 7
                            "  lac:\n"                       // 8
                            "    interface/l2tp-client:\n"   // 9
                            "      - name: l2tp-out1\n"      // 10
                            "        conect-to: 192.0.2.2\n" // 11
                            "        user: alice\n");        // 12
    BOOST_TEST_REQUIRE(e.size() == 2u);
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:10:9: error: missing required key 'connect-to' in interface/l2tp-client");
    BOOST_TEST(e[1].ToString() == "x.yaml:11:9: error: unknown key 'conect-to' in "
                                  "interface/l2tp-client (did you mean 'connect-to'?)");
}

// Non-negotiable 4: an absurd node count is refused with its location, and the loader does not
// try to expand it (100 million nodes once exhausted memory before the error was printed).
BOOST_AUTO_TEST_CASE(node_count_out_of_range_is_refused_not_expanded)
{
    Scenario s;
    auto e = Errors(
        "name: x\nrun: {duration: 5s}\ntopology:\n  nodes: {a: {role: client, count: 100000000}}\n",
        &s);
    BOOST_TEST(Has(e, 4, 36, "node count must be between 1 and 100000"), Dump(e));
    BOOST_TEST(s.nodes.size() <= 1u);
    e = Errors("name: x\nrun: {duration: 5s}\ntopology:\n  nodes: {a: {role: client, count: 0}}\n");
    BOOST_TEST(Has(e, 4, 36, "node count must be between 1 and 100000"), Dump(e));
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key)
{
    auto e = Errors(kBase + "expcet: []\n"); // 7
    BOOST_TEST_REQUIRE(e.size() == 1u);
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:7:1: error: unknown key 'expcet' at top level (did you mean 'expect'?)");
}

BOOST_AUTO_TEST_CASE(wrong_type_duration_full_message)
{
    auto e = Errors("name: t\n"
                    "run: {duration: fast}\n"
                    "topology: {nodes: {a: host}}\n");
    BOOST_TEST_REQUIRE(e.size() == 1u);
    BOOST_TEST(e[0].ToString() == "x.yaml:2:17: error: expected a duration like 5s, 250ms, 1m "
                                  "for 'duration'; got 'fast'");
}

BOOST_AUTO_TEST_CASE(wrong_types)
{
    auto e = Errors("name: T_1\n"                                                  // 1
                    "run: {duration: 30s, seed: -1}\n"                             // 2
                    "topology:\n"                                                  // 3
                    "  nodes: {a: host, b: hots}\n"                                // 4
                    "  links:\n"                                                   // 5
                    "    - {name: l, ends: [a:e0, b:e0], rate: 10mbps, loss: 2,\n" // 6
                    "       type: p2pp, delay: 1 ms, mtu: big}\n");                // 7
    CHECK_ERROR(e, 1, 7, "expected a name of lower-case letters, digits and dashes");
    CHECK_ERROR(e, 2, 28, "expected a non-negative integer for 'seed'; got '-1'");
    CHECK_ERROR(e, 4, 23,
                "expected one of client, server, router, host, nat or switch for "
                "'role'; got 'hots' (did you mean 'host'?)");
    CHECK_ERROR(e, 6, 43, "expected a rate like 100Mbps, 1Gbps, 64kbps for 'rate'; got '10mbps'");
    CHECK_ERROR(e, 6, 57, "expected a loss like 20% or 0.2 for 'loss'; got '2'");
    CHECK_ERROR(e, 7, 14,
                "expected one of p2p or csma for 'type'; got 'p2pp' (did you mean 'p2p'?)");
    CHECK_ERROR(e, 7, 27, "got '1 ms'");
    CHECK_ERROR(e, 7, 38, "expected a non-negative integer for 'mtu'; got 'big'");
    BOOST_TEST(e.size() == 8u, Dump(e));
}

BOOST_AUTO_TEST_CASE(missing_required_points_at_mapping)
{
    auto e = Errors("name: t\n"
                    "run: {seed: 2}\n"
                    "topology:\n"
                    "  links: []\n");
    BOOST_TEST_REQUIRE(e.size() == 2u);
    BOOST_TEST(e[0].ToString() == "x.yaml:2:6: error: missing required key 'duration' in run");
    BOOST_TEST(e[1].ToString() == "x.yaml:4:3: error: missing required key 'nodes' in topology");

    auto top = Errors("description: x\n");
    CHECK_ERROR(top, 1, 1, "missing required key 'name' at top level");
    CHECK_ERROR(top, 1, 1, "missing required key 'run' at top level");
    CHECK_ERROR(top, 1, 1, "missing required key 'topology' at top level");
}

BOOST_AUTO_TEST_CASE(unknown_node_in_link_end_full_message)
{
    auto e = Errors("name: t\n"
                    "run: {duration: 30s}\n"
                    "topology:\n"
                    "  nodes: {lac: client, lns: server}\n"
                    "  links:\n"
                    "    - {name: wan, ends: [lac:ether1, lnz:ether1]}\n");
    BOOST_TEST_REQUIRE(e.size() == 1u);
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:6:38: error: unknown node 'lnz' in link end (did you mean 'lns'?)");
}

BOOST_AUTO_TEST_CASE(unknown_node_in_config_and_expect)
{
    auto e = Errors(kBase + "config:\n"                                                     // 7
                            "  lnz: {ip/route: [{gateway: 192.0.2.1}]}\n"                   // 8
                            "expect:\n"                                                     // 9
                            "  - {id: a, event: {node: lax, ev: established}}\n"            // 10
                            "  - {id: b, state: [{at: 1s, node: lsn, path: p, eq: 1}]}\n"); // 11
    BOOST_TEST_REQUIRE(e.size() == 3u, Dump(e));
    BOOST_TEST(e[0].ToString() == "x.yaml:8:3: error: unknown node 'lnz' in config (did you mean "
                                  "'lns'?)");
    BOOST_TEST(e[1].ToString() == "x.yaml:10:27: error: unknown node 'lax' in expect (did you "
                                  "mean 'lac'?)");
    BOOST_TEST(e[2].ToString() == "x.yaml:11:36: error: unknown node 'lsn' in expect (did you "
                                  "mean 'lns'?)");
}

BOOST_AUTO_TEST_CASE(duplicates)
{
    auto e = Errors(kBase + "    - {name: wan, ends: [lac:ether2, lns:ether2]}\n" // 7
                            "expect:\n"                                           // 8
                            "  - {id: up, event: {ev: established}}\n"            // 9
                            "  - {id: up, never: {event: {ev: give-up}}}\n");     // 10
    BOOST_TEST_REQUIRE(e.size() == 2u, Dump(e));
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:7:14: error: duplicate link name 'wan' (first defined at 6:14)");
    BOOST_TEST(e[1].ToString() ==
               "x.yaml:10:10: error: duplicate expectation id 'up' (first defined at 9:10)");

    auto k = Errors("name: t\n"
                    "name: u\n"
                    "run: {duration: 30s}\n"
                    "topology: {nodes: {a: host}}\n");
    BOOST_TEST(Dump(k) == "x.yaml:2:1: error: duplicate key 'name' at top level (first at 1:1)\n");

    auto n = Errors("name: t\n"
                    "run: {duration: 30s}\n"
                    "topology: {nodes: {a: host, a: router}}\n");
    CHECK_ERROR(n, 3, 29, "duplicate node 'a' (first defined at 3:20)");
}

BOOST_AUTO_TEST_CASE(bad_addresses_and_subnets)
{
    auto e = Errors(
        "name: t\n"                                                                       // 1
        "run: {duration: 30s}\n"                                                          // 2
        "topology:\n"                                                                     // 3
        "  nodes: {lac: client, lns: server}\n"                                           // 4
        "  links:\n"                                                                      // 5
        "    - {name: wan, ends: [lac:ether1, lns:ether1], net: 192.0.2.1/30}\n"          // 6
        "    - {name: w2, ends: [lac:ether2, lns:ether2=10.0.0.300], net: 10.0.0.0/24}\n" // 7
        "config:\n"                                                                       // 8
        "  lac:\n"                                                                        // 9
        "    interface/l2tp-client: [{name: o, connect-to: 192.0.2.300, user: u}]\n");    // 10
    BOOST_TEST_REQUIRE(e.size() == 3u, Dump(e));
    BOOST_TEST(e[0].ToString() == "x.yaml:6:56: error: subnet '192.0.2.1/30' has host bits set "
                                  "(did you mean '192.0.2.0/30'?)");
    BOOST_TEST(e[1].ToString() == "x.yaml:7:37: error: expected an IPv4 address like 192.0.2.1 "
                                  "after '='; got '10.0.0.300'");
    BOOST_TEST(e[2].ToString() == "x.yaml:10:51: error: expected an IPv4 address like 192.0.2.1 "
                                  "for 'connect-to'; got '192.0.2.300'");
}

BOOST_AUTO_TEST_CASE(p2p_end_count)
{
    auto e = Errors("name: t\n"
                    "run: {duration: 30s}\n"
                    "topology:\n"
                    "  nodes: {a: host, b: host, c: host}\n"
                    "  links:\n"
                    "    - {name: l, ends: [a:e0, b:e0, c:e0]}\n"
                    "    - {name: m, type: csma, ends: [a:e1]}\n");
    BOOST_TEST_REQUIRE(e.size() == 2u, Dump(e));
    BOOST_TEST(e[0].ToString() == "x.yaml:6:23: error: a p2p link needs exactly 2 ends; got 3 (use "
                                  "type: csma for a shared segment)");
    BOOST_TEST(e[1].ToString() == "x.yaml:7:35: error: a csma link needs at least 2 ends; got 1");
}

BOOST_AUTO_TEST_CASE(interface_used_twice)
{
    auto e = Errors(kBase + "    - {name: wan2, ends: [lac:ether1, lns:ether3]}\n"); // 7
    BOOST_TEST_REQUIRE(e.size() == 1u, Dump(e));
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:7:27: error: interface lac:ether1 is already used by link 'wan' (at 6:26)");
}

BOOST_AUTO_TEST_CASE(subnet_too_small)
{
    auto e =
        Errors("name: t\n"
               "run: {duration: 30s}\n"
               "topology:\n"
               "  nodes: {a: host, cpe: {role: client, count: 3}}\n"
               "  links:\n"
               "    - {name: lan, type: csma, ends: [a:e0, \"cpe[*]:e0\"], net: 10.0.0.0/30}\n");
    BOOST_TEST_REQUIRE(e.size() == 1u, Dump(e));
    BOOST_TEST(e[0].ToString() == "x.yaml:6:63: error: net 10.0.0.0/30 has 2 host addresses but "
                                  "link 'lan' needs 4");
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error)
{
    auto e = Errors("name: t\n"
                    "run: {duration: 30s\n"
                    "topology: x\n");
    BOOST_TEST_REQUIRE(e.size() == 1u);
    BOOST_TEST(e[0].line == 3, Dump(e));
    BOOST_TEST(e[0].message.find("YAML syntax error: ") == 0u, Dump(e));

    auto tab = Errors("name: t\n"
                      "run:\n"
                      "  duration: 30s\n"
                      " seed: 1\n");
    BOOST_TEST_REQUIRE(tab.size() == 1u);
    BOOST_TEST(tab[0].message.find("YAML syntax error: ") == 0u, Dump(tab));
    BOOST_TEST(tab[0].line == 4, Dump(tab));

    auto notMap = Errors("- a\n- b\n");
    BOOST_TEST(Dump(notMap) == "x.yaml:1:1: error: expected a mapping at top level (name:, run:, "
                               "topology:, ...); got a list\n");
}

BOOST_AUTO_TEST_CASE(collects_all_errors_sorted)
{
    auto e = Errors("name: Bad Name\n"                      // 1
                    "run: {duration: 1 minute, sed: 1}\n"   // 2
                    "topology:\n"                           // 3
                    "  nodes: {a: host, b: hots}\n"         // 4
                    "  links:\n"                            // 5
                    "    - {name: l, ends: [a:e0, c:e0]}\n" // 6
                    "expect:\n"                             // 7
                    "  - {id: x}\n");                       // 8
    BOOST_TEST(e.size() == 6u, Dump(e));
    for (size_t i = 1; i < e.size(); ++i)
    {
        BOOST_TEST((e[i - 1].line < e[i].line ||
                    (e[i - 1].line == e[i].line && e[i - 1].col <= e[i].col)));
    }
    CHECK_ERROR(e, 1, 7, "expected a name");
    CHECK_ERROR(e, 2, 17, "expected a duration");
    CHECK_ERROR(e, 2, 27, "unknown key 'sed' in run (did you mean 'seed'?)");
    CHECK_ERROR(e, 4, 23, "got 'hots'");
    CHECK_ERROR(e, 6, 30, "unknown node 'c' in link end");
    CHECK_ERROR(e, 8, 5, "expectation 'x' needs one of event, state or never");
}

BOOST_AUTO_TEST_CASE(error_cap)
{
    std::string text = "name: t\nrun: {duration: 30s}\ntopology: {nodes: {a: host}}\nrun2: 1\n";
    std::string manyKeys = "name: t\nrun: {duration: 30s\n";
    text = "name: t\nrun:\n  duration: 30s\n";
    for (int i = 0; i < 60; ++i)
    {
        text += "  bogus" + std::to_string(i) + ": 1\n";
    }
    text += "topology: {nodes: {a: host}}\n";
    auto e = Errors(text);
    BOOST_TEST_REQUIRE(e.size() == kMaxScenarioErrors + 1);
    BOOST_TEST(e.back().message == "too many errors; 10 more not shown");
    BOOST_TEST(e.front().line == 4);
}

BOOST_AUTO_TEST_CASE(did_you_mean)
{
    BOOST_TEST(EditDistance("conect-to", "connect-to") == 1u);
    BOOST_TEST(EditDistance("ab", "ba") == 1u); // transposition
    BOOST_TEST(EditDistance("", "abc") == 3u);
    BOOST_TEST(DidYouMean("conect-to", {"connect-to", "user"}) == "connect-to");
    BOOST_TEST(DidYouMean("max-mut", {"max-mtu", "max-mru"}) == "max-mtu");
    BOOST_TEST(DidYouMean("keepalive", {"keepalive-timeout"}) == ""); // too far
    BOOST_TEST(DidYouMean("xyz", {"name", "user"}) == "");

    auto e = Errors(kBase + "config:\n"                                         // 7
                            "  lns:\n"                                          // 8
                            "    interface/l2tp-sever/server: {enabled: yes}\n" // 9
                            "    ppp/secrets: []\n");                           // 10
    BOOST_TEST_REQUIRE(e.size() == 2u, Dump(e));
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:9:5: error: unknown menu 'interface/l2tp-sever/server' in config of node "
               "'lns' (did you mean 'interface/l2tp-server/server'?)");
    BOOST_TEST(e[1].ToString() == "x.yaml:10:5: error: unknown menu 'ppp/secrets' in config of "
                                  "node 'lns' (did you mean 'ppp/secret'?)");

    auto v = Errors(kBase + "config:\n"
                            "  lns:\n"
                            "    interface/l2tp-server/server: {use-ipsec: requried, "
                            "authentication: [mschap2, chapp]}\n");
    CHECK_ERROR(v, 9, 47,
                "expected one of no, yes or required for 'use-ipsec'; got 'requried' "
                "(did you mean 'required'?)");
    CHECK_ERROR(v, 9, 83, "got 'chapp' (did you mean 'chap'?)");
}

BOOST_AUTO_TEST_CASE(counted_nodes_and_addresses)
{
    Scenario s;
    auto e = Errors(
        "name: t\n"
        "run: {duration: 30s}\n"
        "topology:\n"
        "  nodes:\n"
        "    lns: server\n"
        "    cpe: {role: client, count: 200}\n"
        "  links:\n"
        "    - {name: lan, type: csma, ends: [lns:ether2, \"cpe[*]:ether1\"], net: 10.0.0.0/16}\n"
        "    - {name: mgmt, ends: [cpe7:ether2, lns:ether3], net: 10.9.0.0/31}\n",
        &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    BOOST_TEST_REQUIRE(s.nodes.size() == 201u);
    BOOST_TEST(s.nodes[0].name == "lns");
    BOOST_TEST(s.nodes[0].index == 0u);
    BOOST_TEST(s.nodes[1].name == "cpe1");
    BOOST_TEST(s.nodes[1].baseName == "cpe");
    BOOST_TEST(s.nodes[1].index == 1u);
    BOOST_TEST(s.nodes[1].count == 200u);
    BOOST_TEST((s.nodes[200].role == NodeRole::CLIENT));
    BOOST_TEST(s.nodes[200].name == "cpe200");
    const ScenarioLink* lan = s.FindLink("lan");
    BOOST_TEST_REQUIRE(lan != nullptr);
    BOOST_TEST_REQUIRE(lan->ends.size() == 201u);
    BOOST_TEST(lan->ends[0].node == "lns");
    BOOST_TEST(FormatIpv4(lan->ends[0].address) == "10.0.0.1");
    BOOST_TEST(lan->ends[1].node == "cpe1");
    BOOST_TEST(FormatIpv4(lan->ends[1].address) == "10.0.0.2");
    BOOST_TEST(lan->ends[200].node == "cpe200");
    BOOST_TEST(lan->ends[200].interface == "ether1");
    BOOST_TEST(FormatIpv4(lan->ends[200].address) == "10.0.0.201");
    BOOST_TEST(lan->ends[200].prefixLength == 16);
    BOOST_TEST(lan->ends[200].hasAddress);
    const ScenarioLink* mgmt = s.FindLink("mgmt");
    BOOST_TEST_REQUIRE(mgmt != nullptr);
    BOOST_TEST(FormatIpv4(mgmt->ends[0].address) == "10.9.0.0"); // /31: both addresses usable
    BOOST_TEST(FormatIpv4(mgmt->ends[1].address) == "10.9.0.1");
    auto ifs = s.InterfacesOf("cpe7");
    BOOST_TEST_REQUIRE(ifs.size() == 2u);
    BOOST_TEST(ifs[1]->interface == "ether2");
}

BOOST_AUTO_TEST_CASE(explicit_addresses)
{
    Scenario s;
    auto e = Errors(
        "name: t\n"
        "run: {duration: 30s}\n"
        "topology:\n"
        "  nodes: {a: host, b: host, c: host, sw: switch}\n"
        "  links:\n"
        "    - {name: l, type: csma, ends: [a:e0, b:e0=10.0.0.1, c:e0, sw:p1], net: 10.0.0.0/29}\n"
        "    - {name: nonet, ends: [a:e1, b:e1]}\n",
        &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    const ScenarioLink& l = s.links[0];
    BOOST_TEST(FormatIpv4(l.ends[0].address) == "10.0.0.2");
    BOOST_TEST(!l.ends[0].explicitAddress);
    BOOST_TEST(FormatIpv4(l.ends[1].address) == "10.0.0.1");
    BOOST_TEST(l.ends[1].explicitAddress);
    BOOST_TEST(FormatIpv4(l.ends[2].address) == "10.0.0.3");
    BOOST_TEST(!l.ends[3].hasAddress); // switch ports get no address
    BOOST_TEST(!s.links[1].hasNet);
    BOOST_TEST(!s.links[1].ends[0].hasAddress);

    auto bad = Errors("name: t\n"
                      "run: {duration: 30s}\n"
                      "topology:\n"
                      "  nodes: {a: host, b: host}\n"
                      "  links:\n"
                      "    - {name: l, ends: [a:e0=10.0.0.3, b:e0=10.0.0.3], net: 10.0.0.0/30}\n"
                      "    - {name: m, ends: [a:e1=10.0.1.1, b:e1]}\n");
    BOOST_TEST_REQUIRE(bad.size() == 3u, Dump(bad));
    BOOST_TEST(bad[0].ToString() ==
               "x.yaml:6:24: error: address 10.0.0.3 is not a host address of net 10.0.0.0/30");
    BOOST_TEST(bad[1].ToString() ==
               "x.yaml:6:39: error: address 10.0.0.3 is not a host address of net 10.0.0.0/30");
    BOOST_TEST(bad[2].ToString() == "x.yaml:7:24: error: end a:e1 has an explicit address but "
                                    "link 'm' has no 'net'");
}

BOOST_AUTO_TEST_CASE(counted_node_reference_errors)
{
    auto e = Errors(
        "name: t\n"                                                                          // 1
        "run: {duration: 30s}\n"                                                             // 2
        "topology:\n"                                                                        // 3
        "  nodes: {lns: server, cpe: {role: client, count: 2}, x: {role: host, count: 0}}\n" // 4
        "  links:\n"                                                                         // 5
        "    - {name: a, type: csma, ends: [lns:e0, cpe:e0]}\n"                              // 6
        "    - {name: b, type: csma, ends: [\"lns[*]:e1\", \"cpe[*]:e1=10.0.0.1\"]}\n"       // 7
        "traffic:\n"                                                                         // 8
        "  - {name: p, at: 1s, from: cpe, to: lns, kind: icmp-echo}\n");                     // 9
    CHECK_ERROR(e, 4, 78, "node count must be between 1 and 100000");
    CHECK_ERROR(e, 6, 44,
                "node 'cpe' has 2 instances; write 'cpe[*]:e0' for all of them or "
                "'cpe1:e0' for one");
    CHECK_ERROR(e, 7, 36, "node 'lns' is not counted; write 'lns:e1'");
    CHECK_ERROR(e, 7, 49, "an explicit address cannot be given for every instance of 'cpe'");
    CHECK_ERROR(e, 9, 29, "node 'cpe' has 2 instances; name one (cpe1..cpe2) in traffic 'from'");
    BOOST_TEST(e.size() == 5u, Dump(e));
}

BOOST_AUTO_TEST_CASE(config_defaults_and_values)
{
    Scenario s;
    std::vector<ScenarioError> errors;
    BOOST_TEST_REQUIRE(
        LoadScenario(L2TPLAB_SOURCE_DIR "/tests/unit/runner/data/l2tp-basic.yaml", s, errors));
    BOOST_TEST(s.nodes.size() == 202u);
    const NodeConfig* lac = s.ConfigFor("lac");
    BOOST_TEST_REQUIRE(lac != nullptr);
    const auto& clients = lac->List("interface/l2tp-client");
    BOOST_TEST_REQUIRE(clients.size() == 1u);
    const ConfigObject& c = clients[0];
    BOOST_TEST(c.GetString("name") == "l2tp-out1");
    BOOST_TEST(FormatIpv4(static_cast<uint32_t>(c.GetInt("connect-to"))) == "192.0.2.2");
    BOOST_TEST(c.GetDuration("keepalive-timeout") == 60 * kSec);
    BOOST_TEST(c.IsSpecial("mrru", "disabled"));
    BOOST_TEST(!c.GetBool("use-ipsec"));
    BOOST_TEST(c.GetList("allow").size() == 4u);
    BOOST_TEST(c.Get("user").where.line == 22);

    // Defaults filled from the schema for a minimal client.
    Scenario m;
    auto e = Errors(kBase + "config:\n"
                            "  lac:\n"
                            "    interface/l2tp-client: {name: o, connect-to: 192.0.2.2, user: u}\n"
                            "  lns:\n"
                            "    interface/l2tp-server/server: {enabled: yes}\n",
                    &m);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    const ConfigObject& d = m.ConfigFor("lac")->List("interface/l2tp-client").at(0);
    BOOST_TEST(d.GetInt("max-mtu") == 1450);
    BOOST_TEST(d.Get("max-mtu").isDefault);
    BOOST_TEST(d.GetInt("max-mru") == 1450);
    BOOST_TEST(d.IsSpecial("mrru", "disabled"));
    BOOST_TEST(d.GetDuration("keepalive-timeout") == 60 * kSec);
    BOOST_TEST(d.GetString("allow") == "pap,chap,mschap1,mschap2");
    BOOST_TEST(d.GetString("add-default-route") == "no");
    BOOST_TEST(d.GetString("profile") == "default-encryption");
    BOOST_TEST(!d.Has("src-address"));
    const ConfigObject* srv = m.ConfigFor("lns")->Single("interface/l2tp-server/server");
    BOOST_TEST_REQUIRE(srv != nullptr);
    BOOST_TEST(srv->GetBool("enabled"));
    BOOST_TEST(!srv->Get("enabled").isDefault);
    BOOST_TEST(srv->GetDuration("keepalive-timeout") == 30 * kSec);
    BOOST_TEST(srv->IsSpecial("max-sessions", "unlimited"));
    BOOST_TEST(srv->GetString("default-profile") == "default-encryption");
    BOOST_TEST(srv->GetString("use-ipsec") == "no");
    // A "set" menu that was not written: defaults only.
    ConfigObject k = m.ConfigFor("lns")->SingleOrDefaults("l2tp");
    BOOST_TEST(k.GetDuration("hello-interval") == 60 * kSec);
    BOOST_TEST(k.GetInt("receive-window") == 4);
    BOOST_TEST(k.GetDuration("retransmit-cap") == 8 * kSec);
    BOOST_TEST(k.GetString("reply-from-port") == "1701");
    BOOST_TEST(m.ConfigFor("lac")->Single("l2tp") == nullptr);
}

BOOST_AUTO_TEST_CASE(config_per_instance_and_cli_spelling)
{
    Scenario s;
    auto e = Errors("name: t\n"
                    "run: {duration: 30s}\n"
                    "topology:\n"
                    "  nodes: {lns: server, cpe: {role: client, count: 3}}\n"
                    "config:\n"
                    "  cpe:\n"
                    "    /interface l2tp-client: [{name: o, connect-to: 10.0.0.1, user: u}]\n"
                    "  cpe2:\n"
                    "    interface/l2tp-client: [{name: o, connect-to: 10.0.0.1, user: v}]\n",
                    &s);
    BOOST_TEST_REQUIRE(e.empty(), Dump(e));
    BOOST_TEST(s.ConfigFor("cpe1")->List("interface/l2tp-client").at(0).GetString("user") == "u");
    BOOST_TEST(s.ConfigFor("cpe2")->List("interface/l2tp-client").at(0).GetString("user") == "v");
    BOOST_TEST(s.ConfigFor("cpe3")->node == "cpe");
    BOOST_TEST(s.ConfigFor("lns") == nullptr);
}

BOOST_AUTO_TEST_CASE(config_cross_references)
{
    auto e = Errors(kBase + "config:\n"                                                        // 7
                            "  lns:\n"                                                         // 8
                            "    ppp/profile: [{name: vpn, remote-address: vpn-pol}]\n"        // 9
                            "    ip/pool: [{name: vpn-pool, ranges: 10.99.0.10-10.99.0.20}]\n" // 10
                            "    ppp/secret: [{name: a, profile: vnp}, {name: a}]\n");         // 11
    BOOST_TEST_REQUIRE(e.size() == 3u, Dump(e));
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:9:47: error: unknown ip/pool 'vpn-pol' (did you mean 'vpn-pool'?)");
    BOOST_TEST(e[1].ToString() ==
               "x.yaml:11:37: error: unknown ppp/profile 'vnp' (did you mean 'vpn'?)");
    BOOST_TEST(e[2].ToString() ==
               "x.yaml:11:50: error: duplicate name 'a' in ppp/secret (first defined at 11:25)");
}

BOOST_AUTO_TEST_CASE(traffic_faults_and_times)
{
    Scenario s;
    auto ok = Errors(
        kBase +
            "traffic:\n"
            "  - {name: ping, at: 10s, from: lac, to: 192.0.2.2, kind: icmp-echo, count: 5}\n"
            "  - {name: u, at: 1s, from: lac, to: lns, kind: udp, size: 1000, port: 5000}\n"
            "faults:\n"
            "  - {name: cut, at: 20s, link: wan, action: down}\n"
            "  - {name: lossy, at: 25s, link: wan, action: loss, value: 5%, loss-dir: b-to-a}\n",
        &s);
    BOOST_TEST_REQUIRE(ok.empty(), Dump(ok));
    BOOST_TEST_REQUIRE(s.traffic.size() == 2u);
    BOOST_TEST(s.traffic[0].toIsAddress);
    BOOST_TEST(s.traffic[0].count == 5u);
    BOOST_TEST(s.traffic[0].interval == kSec);
    BOOST_TEST((s.traffic[1].kind == TrafficKind::UDP));
    BOOST_TEST(!s.traffic[1].toIsAddress);
    BOOST_TEST(s.traffic[1].to == "lns");
    BOOST_TEST(s.traffic[1].port == 5000);
    BOOST_TEST_REQUIRE(s.faults.size() == 2u);
    BOOST_TEST((s.faults[0].action == FaultAction::DOWN));
    BOOST_TEST(s.faults[0].at == 20 * kSec);
    BOOST_TEST((s.faults[1].action == FaultAction::LOSS));
    BOOST_TEST(s.faults[1].value == 0.05, boost::test_tools::tolerance(1e-12));
    BOOST_TEST((s.faults[1].lossDirection == LossDirection::B_TO_A));

    auto e = Errors(kBase + "faults:\n"                                                     // 7
                            "  - {name: a, at: 40s, link: wan, action: down}\n"             // 8
                            "  - {name: b, at: 1s, link: wna, action: up, value: 0.1}\n"    // 9
                            "  - {name: c, at: 1s, link: wan, action: loss}\n"              // 10
                            "traffic:\n"                                                    // 11
                            "  - {name: p, at: 1s, from: lac, to: nowhere, kind: ping}\n"); // 12
    BOOST_TEST_REQUIRE(e.size() == 6u, Dump(e));
    BOOST_TEST(e[0].ToString() == "x.yaml:8:19: error: time 40s is after the end of the run "
                                  "(duration 30s)");
    BOOST_TEST(e[1].ToString() ==
               "x.yaml:9:29: error: unknown link 'wna' in fault (did you mean 'wan'?)");
    BOOST_TEST(e[2].ToString() == "x.yaml:9:46: error: 'value' only applies to action loss");
    BOOST_TEST(e[3].ToString() ==
               "x.yaml:10:5: error: missing required key 'value' in fault (action loss needs it)");
    BOOST_TEST(e[4].ToString() == "x.yaml:12:38: error: unknown node 'nowhere' in traffic 'to' "
                                  "(expected an address or a node)");
    BOOST_TEST(e[5].ToString() == "x.yaml:12:53: error: expected one of icmp-echo, udp or tcp for "
                                  "'kind'; got 'ping'");
}

BOOST_AUTO_TEST_CASE(expectations_structure)
{
    Scenario s;
    auto ok = Errors(
        kBase + "expect:\n"
                "  - id: tunnel-up\n"
                "    ref: [RFC2661 §7.2]\n"
                "    event: {node: lac, obj: \"l2tp/tunnel/*\", ev: established, fields: {to: "
                "ESTABLISHED}}\n"
                "    count: \">=1\"\n"
                "    within: \"0s~5s\"\n"
                "  - id: all\n"
                "    state: [{at: 20s, node: lns, path: l2tp/tunnels/established, eq: 1},\n"
                "            {at: 20s, node: lac, path: ppp/addr, in: 10.99.0.10-10.99.0.20},\n"
                "            {at: 21s, node: lac, path: ppp/state, in: [OPENED, UP]}]\n"
                "  - id: no-give-up\n"
                "    never: {event: {ev: give-up}, within: 10s~}\n",
        &s);
    BOOST_TEST_REQUIRE(ok.empty(), Dump(ok));
    BOOST_TEST_REQUIRE(s.expect.size() == 3u);
    const Expectation& a = s.expect[0];
    BOOST_TEST((a.kind == ExpectationKind::EVENT));
    BOOST_TEST(a.refs.size() == 1u);
    BOOST_TEST(a.refs[0] == "RFC2661 §7.2");
    BOOST_TEST(a.event.node == "lac");
    BOOST_TEST(a.event.object == "l2tp/tunnel/*");
    BOOST_TEST(a.event.kind == "established");
    BOOST_TEST(a.event.fields.size() == 1u);
    BOOST_TEST((a.count.op == CountSpec::Op::GE));
    BOOST_TEST(a.within.from == 0);
    BOOST_TEST(a.within.to == 5 * kSec);
    const Expectation& b = s.expect[1];
    BOOST_TEST((b.kind == ExpectationKind::STATE));
    BOOST_TEST_REQUIRE(b.state.size() == 3u);
    BOOST_TEST(b.state[0].value == "1");
    BOOST_TEST(b.state[1].low == "10.99.0.10");
    BOOST_TEST(b.state[1].high == "10.99.0.20");
    BOOST_TEST(b.state[2].oneOf.size() == 2u);
    const Expectation& c = s.expect[2];
    BOOST_TEST((c.kind == ExpectationKind::NEVER));
    BOOST_TEST(c.event.kind == "give-up");
    BOOST_TEST(c.event.node == "*");
    BOOST_TEST(c.within.from == 10 * kSec);
    BOOST_TEST(c.within.to == kNever);

    auto e =
        Errors(kBase + "expect:\n"                                                          // 7
                       "  - {id: a}\n"                                                      // 8
                       "  - {id: b, event: {ev: x}, never: {event: {ev: y}}}\n"             // 9
                       "  - {id: c, state: [{at: 1s, node: lns, path: p}], count: 1}\n"     // 10
                       "  - {id: d, event: {ev: x}, count: \"=>1\", within: \"5s~1s\"}\n"   // 11
                       "  - {id: e, state: [{at: 1s, node: lns, path: p, eq: 1, ne: 2}]}\n" // 12
                       "  - {id: f, event: {ev: x, evt: y}}\n");                            // 13
    BOOST_TEST_REQUIRE(e.size() == 8u, Dump(e));
    BOOST_TEST(e[0].ToString() ==
               "x.yaml:8:5: error: expectation 'a' needs one of event, state or never");
    BOOST_TEST(e[1].ToString() == "x.yaml:9:29: error: expectation 'b' has both 'event' and "
                                  "'never'; write one per expectation");
    BOOST_TEST(e[2].ToString() == "x.yaml:10:21: error: missing comparison in state check: one of "
                                  "eq, ne, ge, le, gt, lt, in");
    BOOST_TEST(e[3].ToString() ==
               "x.yaml:10:52: error: 'count' only applies to event expectations");
    BOOST_TEST(e[4].ToString() == "x.yaml:11:36: error: expected a count like 1, >=1, <=3, >0, <5 "
                                  "or 2~4 for 'count'; got '=>1'");
    BOOST_TEST(e[5].ToString() == "x.yaml:11:51: error: expected a time window like 0s~5s, 10s~ or "
                                  "~5s for 'within'; got '5s~1s'");
    BOOST_TEST(e[6].ToString() == "x.yaml:12:57: error: a state check takes exactly one of eq, ne, "
                                  "ge, le, gt, lt, in");
    BOOST_TEST(e[7].ToString() == "x.yaml:13:28: error: unknown key 'evt' in event (did you mean "
                                  "'ev'?)");
}

BOOST_AUTO_TEST_CASE(count_and_window_syntax)
{
    struct Row
    {
        const char* text;
        uint64_t n;
        bool matches;
    };
    const std::vector<Row> rows = {{"3", 3, true},    {"3", 2, false},   {">=1", 1, true},
                                   {">=1", 0, false}, {"<=2", 2, true},  {"<=2", 3, false},
                                   {">0", 1, true},   {">0", 0, false},  {"<5", 4, true},
                                   {"<5", 5, false},  {"2~4", 2, true},  {"2~4", 4, true},
                                   {"2~4", 5, false}, {"2~4", 1, false}, {"==0", 0, true}};
    for (const auto& r : rows)
    {
        CountSpec c;
        BOOST_TEST_CONTEXT(r.text << " vs " << r.n)
        {
            BOOST_TEST(ParseCountSpec(r.text, c));
            BOOST_TEST(c.Matches(r.n) == r.matches);
        }
    }
    for (const char* bad : {"", "=>1", "4~2", "x", ">=", "1.5", "-1"})
    {
        CountSpec c;
        BOOST_TEST_CONTEXT(bad)
        {
            BOOST_TEST(!ParseCountSpec(bad, c));
        }
    }
    TimeWindow w;
    BOOST_TEST(ParseTimeWindow("0s~5s", w));
    BOOST_TEST((w.from == 0 && w.to == 5 * kSec));
    BOOST_TEST(ParseTimeWindow("10s~", w));
    BOOST_TEST((w.from == 10 * kSec && w.to == kNever));
    BOOST_TEST(ParseTimeWindow("~500ms", w));
    BOOST_TEST((w.from == 0 && w.to == 500 * kMs));
    BOOST_TEST(w.Contains(500 * kMs));
    BOOST_TEST(!w.Contains(500 * kMs + 1));
    for (const char* bad : {"", "~", "5s", "5s~1s", "a~b"})
    {
        BOOST_TEST_CONTEXT(bad)
        {
            BOOST_TEST(!ParseTimeWindow(bad, w));
        }
    }
}

BOOST_AUTO_TEST_CASE(missing_file)
{
    Scenario s;
    std::vector<ScenarioError> errors;
    BOOST_TEST(!LoadScenario("/nonexistent/x.yaml", s, errors));
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].ToString() == "/nonexistent/x.yaml: error: cannot open file");
}

BOOST_AUTO_TEST_SUITE_END()
