// Unit tests: runner/ipsec-mapping and runner/ipsec-lint — RouterOS IPsec configuration onto the
// IKE contract and the SPD. Sources: RouterOS v6 manual "Interface/L2TP" (seeds
// 001_acb70baa489169bf.txt): the printed dynamic peer of `use-ipsec=required`, the
// "IPsec/L2TP behind NAT" example (server `peer add generate-policy=yes ...`, client `peer add
// address=1.1.1.1/32 ...` + `policy add dst-address=1.1.1.1/32 protocol=udp ...`) and its
// warning that only one client behind one NAT can connect.
#include "runner/ipsec-mapping.h"
#include "runner/scenario-loader.h"
#include "runner/support.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ns3;

namespace
{

const std::string kHead = "name: t\nrun: {duration: 30s}\n"
                          "topology:\n"
                          "  nodes: {lac: client, lns: server}\n"
                          "  links:\n"
                          "    - {name: wan, ends: [lac:ether1, lns:ether1], net: 1.1.1.0/24}\n"
                          "config:\n";

Scenario
Load(const std::string& config)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    const bool ok = LoadScenarioFromString(kHead + config, "i.yaml", sc, errors);
    BOOST_REQUIRE_MESSAGE(ok, FormatScenarioErrors(errors));
    return sc;
}

struct Linted
{
    bool ok{false};
    std::string errors;
    std::string warnings;
};

Linted
Lint(const std::string& config)
{
    Linted l;
    Scenario sc;
    std::vector<ScenarioError> errors;
    std::vector<std::string> warnings;
    l.ok = LoadScenarioFromString(kHead + config, "i.yaml", sc, errors) &&
           CheckSupported(sc, errors, warnings);
    for (const auto& e : errors)
    {
        l.errors += e.ToString() + "\n";
    }
    for (const auto& w : warnings)
    {
        l.warnings += w + "\n";
    }
    return l;
}

IpsecPlan
Plan(const std::string& node, const std::string& config)
{
    Scenario sc = Load(config);
    IpsecPlan p;
    BOOST_REQUIRE(sc.ConfigFor(node) != nullptr);
    BOOST_REQUIRE(PlanIpsec(*sc.ConfigFor(node), p));
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_ipsec_mapping)

// [L2TP-v6] "[admin@MikroTik] /ip ipsec peer> print 0 D address=0.0.0.0/0 local-address=0.0.0.0
// passive=yes port=500 auth-method=pre-shared-key secret="123" generate-policy=port-strict
// exchange-mode=main-l2tp send-initial-contact=yes nat-traversal=yes hash-algorithm=sha1
// enc-algorithm=3des,aes-128,aes-192,aes-256 dh-group=modp1024 lifetime=1d dpd-interval=2m
// dpd-maximum-failures=5"
BOOST_AUTO_TEST_CASE(server_use_ipsec_creates_the_printed_dynamic_peer)
{
    IpsecPlan p = Plan("lns", "  lns:\n    interface/l2tp-server/server: {enabled: yes, use-ipsec: "
                              "required, ipsec-secret: \"123\"}\n");
    BOOST_REQUIRE_EQUAL(p.peers.size(), 1u);
    const IkePeerConfig& d = p.peers[0];
    BOOST_CHECK_EQUAL(d.name, kL2tpServerPeer);
    BOOST_CHECK_EQUAL(d.address, "0.0.0.0/0");
    BOOST_CHECK(d.passive);
    BOOST_CHECK_EQUAL(d.port, 500);
    BOOST_CHECK_EQUAL(d.secret, "123");
    BOOST_CHECK_EQUAL(d.exchangeMode, "main-l2tp");
    BOOST_CHECK(d.sendInitialContact);
    BOOST_CHECK(d.natTraversal);
    BOOST_CHECK(d.hash == std::vector<std::string>{"sha1"});
    BOOST_CHECK((d.enc == std::vector<std::string>{"3des", "aes-128", "aes-192", "aes-256"}));
    BOOST_CHECK(d.dhGroup == std::vector<std::string>{"modp1024"});
    BOOST_CHECK_EQUAL(d.lifetime, 24 * 3600 * kSec);
    BOOST_CHECK_EQUAL(d.dpdInterval, 120 * kSec);
    BOOST_CHECK_EQUAL(d.dpdMaximumFailures, 5u);
    BOOST_REQUIRE_EQUAL(p.generate.size(), 1u);
    BOOST_CHECK(p.generate[0].second == SpdGenerate::PORT_STRICT);
    // required: a guard policy refuses plain L2TP (it is checked in the SPD tests).
    BOOST_CHECK(p.refusePlainL2tp);
    BOOST_REQUIRE_EQUAL(p.policies.size(), 1u);
    BOOST_CHECK_EQUAL(p.policies[0].srcPort, 1701);
    BOOST_CHECK(p.policies[0].action == SpdAction::ENCRYPT);
    IpsecSpd spd;
    for (const auto& g : p.generate)
    {
        spd.SetGenerate(g.first, g.second);
    }
    spd.AddStatic(p.policies[0]);
    SpdPacket plain{0xC6336402u, 0x01010101u, 17, 1701, 1701};
    BOOST_CHECK(!spd.InboundClear(plain).accept);
    // yes: the same peer, no guard: plain L2TP is still accepted.
    IpsecPlan yes = Plan("lns", "  lns:\n    interface/l2tp-server/server: {enabled: yes, "
                                "use-ipsec: yes, ipsec-secret: \"123\"}\n");
    BOOST_CHECK(!yes.refusePlainL2tp);
    BOOST_CHECK(yes.policies.empty());
    // no: nothing at all.
    Scenario sc = Load("  lns:\n    interface/l2tp-server/server: {enabled: yes}\n");
    IpsecPlan none;
    BOOST_CHECK(!PlanIpsec(*sc.ConfigFor("lns"), none));
}

// [L2TP-v6] client use-ipsec: "dynamic IPSec peer configuration and policy is added".
BOOST_AUTO_TEST_CASE(client_use_ipsec_creates_peer_and_l2tp_policy)
{
    IpsecPlan p = Plan("lac", "  lac:\n    interface/l2tp-client: [{name: l2tp-out1, connect-to: "
                              "1.1.1.1, user: u, use-ipsec: yes, ipsec-secret: s3, disabled: "
                              "no}]\n");
    BOOST_REQUIRE_EQUAL(p.peers.size(), 1u);
    BOOST_CHECK_EQUAL(p.peers[0].name, "l2tp-out1");
    BOOST_CHECK_EQUAL(p.peers[0].address, "1.1.1.1/32");
    BOOST_CHECK(!p.peers[0].passive);
    BOOST_CHECK_EQUAL(p.peers[0].secret, "s3");
    BOOST_REQUIRE_EQUAL(p.policies.size(), 1u);
    const SpdPolicy& pol = p.policies[0];
    BOOST_CHECK_EQUAL(pol.dstAddr, 0x01010101u);
    BOOST_CHECK_EQUAL(int(pol.dstLen), 32);
    BOOST_CHECK_EQUAL(pol.protocol, 17);
    BOOST_CHECK_EQUAL(pol.srcPort, 1701);
    BOOST_CHECK_EQUAL(pol.dstPort, 1701);
    BOOST_CHECK_EQUAL(pol.saDst, 0x01010101u);
    BOOST_CHECK_EQUAL(pol.peer, "l2tp-out1");
    // The client initiates: its L2TP triggers an acquire towards connect-to.
    IpsecSpd spd;
    for (const auto& g : p.generate)
    {
        spd.SetGenerate(g.first, g.second); // generate-policy=no: still an initiator
    }
    spd.AddStatic(pol);
    OutboundResult r = spd.Outbound({0x0A050878u, 0x01010101u, 17, 1701, 1701});
    BOOST_CHECK(r.verdict == OutboundResult::Verdict::ACQUIRE);
    BOOST_CHECK_EQUAL(r.acquireRemote.addr, "1.1.1.1");
    // A disabled client or use-ipsec=no adds nothing.
    Scenario sc = Load("  lac:\n    interface/l2tp-client: [{connect-to: 1.1.1.1, user: u, "
                       "use-ipsec: yes, ipsec-secret: s3}]\n");
    IpsecPlan none;
    BOOST_CHECK(!PlanIpsec(*sc.ConfigFor("lac"), none));
}

// The manual's "IPsec/L2TP behind NAT" static configuration, both sides (v6 syntax).
BOOST_AUTO_TEST_CASE(manual_behind_nat_example_maps)
{
    IpsecPlan srv = Plan(
        "lns", "  lns:\n"
               "    ip/ipsec/proposal: [{name: default, enc-algorithms: [3des, aes-128, aes-192, "
               "aes-256]}]\n"
               "    ip/ipsec/peer: [{generate-policy: yes, hash-algorithm: sha1, nat-traversal: "
               "yes, secret: test123456}]\n");
    BOOST_REQUIRE_EQUAL(srv.peers.size(), 1u);
    BOOST_CHECK_EQUAL(srv.peers[0].name, "peer1");
    BOOST_CHECK_EQUAL(srv.peers[0].address, "0.0.0.0/0");
    BOOST_CHECK(srv.generate[0].second == SpdGenerate::PORT_OVERRIDE); // v6 "yes"
    BOOST_REQUIRE_EQUAL(srv.peers[0].phase2.size(), 1u);
    BOOST_CHECK((srv.peers[0].phase2[0].enc ==
                 std::vector<EspCipher>{EspCipher::DES3_CBC, EspCipher::AES_CBC_128,
                                        EspCipher::AES_CBC_192, EspCipher::AES_CBC_256}));
    IpsecPlan cli = Plan(
        "lac", "  lac:\n"
               "    ip/ipsec/proposal: [{name: default, enc-algorithms: aes-128}]\n"
               "    ip/ipsec/peer: [{address: 1.1.1.1/32, hash-algorithm: sha1, nat-traversal: "
               "yes, secret: test123456}]\n"
               "    ip/ipsec/policy: [{dst-address: 1.1.1.1/32, protocol: udp, sa-dst-address: "
               "1.1.1.1, sa-src-address: 10.5.8.120, src-address: 10.5.8.120/32}]\n");
    BOOST_REQUIRE_EQUAL(cli.peers.size(), 1u);
    BOOST_CHECK(cli.peers[0].phase2[0].enc == std::vector<EspCipher>{EspCipher::AES_CBC_128});
    BOOST_CHECK(cli.generate[0].second == SpdGenerate::NO);
    BOOST_REQUIRE_EQUAL(cli.policies.size(), 1u);
    const SpdPolicy& pol = cli.policies[0];
    BOOST_CHECK_EQUAL(pol.srcAddr, 0x0A050878u);
    BOOST_CHECK_EQUAL(int(pol.srcLen), 32);
    BOOST_CHECK_EQUAL(pol.protocol, 17);
    BOOST_CHECK_EQUAL(pol.srcPort, 0); // "any"
    BOOST_CHECK(pol.action == SpdAction::ENCRYPT && pol.level == SpdLevel::REQUIRE);
    BOOST_CHECK_EQUAL(pol.saDst, 0x01010101u);
    BOOST_CHECK(cli.serverMode == SpdServerMode::NAIVE); // RouterOS: the manual's warning
    BOOST_CHECK_EQUAL(cli.natKeepalive, 20 * kSec);
}

BOOST_AUTO_TEST_CASE(v7_profile_identity_and_extension_menu)
{
    IpsecPlan p = Plan(
        "lns", "  lns:\n"
               "    ip/ipsec/profile: [{name: strong, dh-group: modp2048, enc-algorithm: aes-256, "
               "hash-algorithm: sha256, dpd-interval: disable-dpd}]\n"
               "    ip/ipsec/peer: [{name: office, address: 1.1.1.2/32, profile: strong}]\n"
               "    ip/ipsec/identity: [{peer: office, secret: v7s, generate-policy: "
               "port-strict}]\n"
               "    ipsec: {server-behaviour: per-peer, nat-keepalive-interval: 5s}\n");
    BOOST_REQUIRE_EQUAL(p.peers.size(), 1u);
    BOOST_CHECK_EQUAL(p.peers[0].secret, "v7s");
    BOOST_CHECK(p.peers[0].dhGroup == std::vector<std::string>{"modp2048"});
    BOOST_CHECK(p.peers[0].hash == std::vector<std::string>{"sha256"});
    BOOST_CHECK_EQUAL(p.peers[0].dpdInterval, kNever);
    BOOST_CHECK(p.generate[0].second == SpdGenerate::PORT_STRICT);
    BOOST_CHECK(p.serverMode == SpdServerMode::PER_PEER);
    BOOST_CHECK_EQUAL(p.natKeepalive, 5 * kSec);
}

BOOST_AUTO_TEST_CASE(lint_refuses_what_is_not_modelled_and_what_cannot_work)
{
    Linted ok = Lint("  lac:\n    interface/l2tp-client: [{connect-to: 1.1.1.1, user: u, "
                     "use-ipsec: yes, ipsec-secret: s, disabled: no}]\n"
                     "  lns:\n    interface/l2tp-server/server: {enabled: yes, use-ipsec: "
                     "require, ipsec-secret: s}\n");
    BOOST_CHECK_MESSAGE(ok.ok, ok.errors);
    Linted noSecret = Lint("  lns:\n    interface/l2tp-server/server: {use-ipsec: yes}\n");
    BOOST_CHECK(!noSecret.ok);
    BOOST_CHECK(noSecret.errors.find("use-ipsec=yes needs ipsec-secret") != std::string::npos);
    Linted bad = Lint("  lac:\n"
                      "    ip/ipsec/peer: [{address: 1.1.1.1/32, exchange-mode: aggressive, "
                      "dh-group: ecp256}]\n"
                      "    ip/ipsec/policy: [{tunnel: yes, level: use, proposal: nope}]\n"
                      "    ip/ipsec/identity: [{peer: ghost, secret: x}]\n"
                      "    ip/ipsec/proposal: [{name: p2, enc-algorithms: blowfish}]\n");
    BOOST_CHECK(!bad.ok);
    for (const char* part : {"exchange-mode=aggressive", "dh-group=ecp256", "tunnel=yes",
                             "level=use", "proposal 'nope' names no", "peer 'ghost' names no",
                             "'peer1' has no secret", "proposal 'p2': no modelled"})
    {
        BOOST_CHECK_MESSAGE(bad.errors.find(part) != std::string::npos, part << "\n" << bad.errors);
    }
    Linted warn = Lint("  lac:\n    interface/l2tp-client: [{connect-to: 1.1.1.1, user: u, "
                       "ipsec-secret: s, disabled: no}]\n    ipsec: {server-behaviour: "
                       "per-peer}\n    ip/ipsec/proposal: [{name: default, enc-algorithms: "
                       "[aes-128-cbc, blowfish]}]\n");
    BOOST_CHECK_MESSAGE(warn.ok, warn.errors);
    BOOST_CHECK(warn.warnings.find("ipsec-secret has no effect: use-ipsec=no") !=
                std::string::npos);
    BOOST_CHECK(warn.warnings.find("blowfish is not modelled") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
