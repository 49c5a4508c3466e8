// Unit tests: runner/ppp-mapping and the PPP parts of the loader and lint -- RouterOS /ppp secret,
// /ppp profile and /ip pool onto the PPP model, the server and client plans, and the RouterOS
// spellings and defaults the loader applies.
//
// Sources of the RouterOS rules (files in /work/shared/seeds/ unless a URL is given):
//  [L2TP-v6]  001_acb70baa489169bf.txt, "Manual:Interface/L2TP" (RouterOS v6): property tables,
//             remote-client and site-to-site examples (routes="10.1.202.0/24 172.16.1.2 1").
//  [L2TP-v7]  000_e6501d0c0a0145ba.txt, RouterOS v7 L2TP manual (zh): tables and a v7 print
//             (max-mtu=1450).
//  [L2TP-2.9] 004_6ff60bfb6f4edec3.txt, RouterOS v2.9 reference manual: name default l2tp-outN.
//  [AAA]      RouterOS "PPP AAA" manual (v6 wiki Manual:PPP_AAA; v7
//             https://help.mikrotik.com/docs/display/ROS/PPP+AAA): secret > profile > default
//             profile, single IP beats pool, `default` = from the interface default profile,
//             routes format, only-one, service, caller-id. Not among the seeds.
#include "runner/ppp-mapping.h"
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
                          "    - {name: wan, ends: [lac:ether1, lns:ether1], net: 192.0.2.0/24}\n"
                          "config:\n";

/** Load, requiring success. */
Scenario
Load(const std::string& config)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    bool ok = LoadScenarioFromString(kHead + config, "p.yaml", sc, errors);
    BOOST_REQUIRE_MESSAGE(ok, FormatScenarioErrors(errors));
    return sc;
}

/** Load and lint; every error and warning as text. */
struct Linted
{
    bool ok{false};
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
};

Linted
Lint(const std::string& config)
{
    Linted l;
    Scenario sc;
    std::vector<ScenarioError> errors;
    l.ok = LoadScenarioFromString(kHead + config, "p.yaml", sc, errors);
    if (l.ok)
    {
        l.ok = CheckSupported(sc, errors, l.warnings);
    }
    for (const auto& e : errors)
    {
        l.errors.push_back(e.ToString());
    }
    return l;
}

bool
Has(const std::vector<std::string>& lines, const std::string& part)
{
    for (const auto& l : lines)
    {
        if (l.find(part) != std::string::npos)
        {
            return true;
        }
    }
    return false;
}

std::string
Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
    {
        s += x + "\n";
    }
    return s;
}

PppAaa
Aaa(const std::string& lnsConfig)
{
    Scenario sc = Load("  lns:\n" + lnsConfig);
    return MakePppAaa(*sc.ConfigFor("lns"));
}

uint32_t
Ip(const char* s)
{
    uint32_t a = 0;
    BOOST_REQUIRE(ParseIpv4(s, a));
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_ppp_mapping)

// [AAA] "Settings in /ppp secret override corresponding /ppp profile settings"; the default
// profile of the service has the lowest priority.
BOOST_AUTO_TEST_CASE(secret_overrides_profile_overrides_default_profile)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes, default-profile: base}\n"
                     "    ppp/profile:\n"
                     "      - {name: base, local-address: 10.0.0.1, remote-address: 10.0.0.2, "
                     "dns-server: 10.0.0.53}\n"
                     "      - {name: vpn, remote-address: 10.9.0.2}\n"
                     "    ppp/secret:\n"
                     "      - {name: a, password: pa, profile: vpn}\n"
                     "      - {name: b, password: pb, profile: vpn, remote-address: 10.7.0.7, "
                     "local-address: 10.7.0.1}\n"
                     "      - {name: c, password: pc}\n");
    PppSessionGrant a = aaa.Grant("a");
    BOOST_TEST(a.refusal.empty());
    BOOST_TEST(a.profile == "vpn");
    BOOST_TEST(a.remoteAddress == Ip("10.9.0.2")); // the secret's profile
    BOOST_TEST(a.localAddress == Ip("10.0.0.1"));  // unset there: the default profile
    BOOST_TEST(a.dns1 == Ip("10.0.0.53"));
    BOOST_TEST(a.remotePool.empty());
    PppSessionGrant b = aaa.Grant("b");
    BOOST_TEST(b.remoteAddress == Ip("10.7.0.7")); // the secret beats both profiles
    BOOST_TEST(b.localAddress == Ip("10.7.0.1"));
    PppSessionGrant c = aaa.Grant("c"); // profile default (schema default), built-in
    BOOST_TEST(c.profile == "default");
    BOOST_TEST(c.remoteAddress == Ip("10.0.0.2")); // from default-profile base
}

// [AAA] "single IP addresses always take precedence over IP pools when specified as
// local-address or remote-address".
BOOST_AUTO_TEST_CASE(single_address_beats_pool_and_secret_beats_pool)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes, default-profile: base}\n"
                     "    ip/pool: [{name: p, ranges: 10.1.0.10-10.1.0.20}]\n"
                     "    ppp/profile:\n"
                     "      - {name: base, remote-address: 10.0.0.2}\n"
                     "      - {name: pooled, remote-address: p}\n"
                     "    ppp/secret:\n"
                     "      - {name: a, profile: pooled}\n"
                     "      - {name: b, profile: pooled, remote-address: 10.5.5.5}\n");
    PppSessionGrant a = aaa.Grant("a");
    BOOST_TEST(a.remoteAddress == Ip("10.0.0.2"));
    BOOST_TEST(a.remotePool.empty());
    PppSessionGrant b = aaa.Grant("b");
    BOOST_TEST(b.remoteAddress == Ip("10.5.5.5"));
    BOOST_TEST(aaa.Pool("p")->InUse() == 0u);
}

// [L2TP-v6] L2TP/IPsec example: "/ip pool add name=vpn-pool range=... /ppp profile set default
// local-address=192.168.99.1 remote-address=vpn-pool".
BOOST_AUTO_TEST_CASE(pool_lowest_free_in_range_order_release_and_exhaustion)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes, default-profile: default}\n"
                     "    ip/pool: [{name: vpn-pool, ranges: [10.99.0.20-10.99.0.21, "
                     "10.99.0.5]}]\n"
                     "    ppp/profile: [{name: default, local-address: 10.99.0.1, "
                     "remote-address: vpn-pool}]\n"
                     "    ppp/secret: [{name: u1}, {name: u2}, {name: u3}, {name: u4}]\n");
    PppSessionGrant g1 = aaa.Grant("u1");
    PppSessionGrant g2 = aaa.Grant("u2");
    PppSessionGrant g3 = aaa.Grant("u3");
    // Ranges in the order written, lowest first within a range.
    BOOST_TEST(g1.remoteAddress == Ip("10.99.0.20"));
    BOOST_TEST(g2.remoteAddress == Ip("10.99.0.21"));
    BOOST_TEST(g3.remoteAddress == Ip("10.99.0.5"));
    BOOST_TEST(g1.remotePool == "vpn-pool");
    BOOST_TEST(g1.localAddress == Ip("10.99.0.1"));
    BOOST_TEST(aaa.Pool("vpn-pool")->InUse() == 3u);
    BOOST_TEST(aaa.Pool("vpn-pool")->Size() == 3u);
    PppSessionGrant g4 = aaa.Grant("u4");
    BOOST_TEST(g4.refusal == "pool vpn-pool exhausted");
    BOOST_TEST(g4.remoteAddress == 0u);
    BOOST_TEST(aaa.Sessions("u4") == 0u);
    // Released addresses come back, lowest (in range order) first.
    aaa.Release("u2", g2);
    aaa.Release("u1", g1);
    BOOST_TEST(aaa.Pool("vpn-pool")->InUse() == 1u);
    // Releasing twice, or an address the pool never gave, changes nothing.
    aaa.Release("u1", g1);
    PppSessionGrant fake = g1;
    fake.remoteAddress = Ip("10.99.0.99");
    aaa.Release("u1", fake);
    BOOST_TEST(aaa.Pool("vpn-pool")->InUse() == 1u);
    PppSessionGrant g5 = aaa.Grant("u4");
    BOOST_TEST(g5.refusal.empty());
    BOOST_TEST(g5.remoteAddress == Ip("10.99.0.20"));
    BOOST_TEST(aaa.Grant("u4").remoteAddress == Ip("10.99.0.21"));
    BOOST_TEST(aaa.Sessions("u4") == 2u);
}

BOOST_AUTO_TEST_CASE(next_pool_chain_then_exhausted)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes}\n"
                     "    ip/pool:\n"
                     "      - {name: a, ranges: 10.0.1.1, next-pool: b}\n"
                     "      - {name: b, ranges: 10.0.2.1, next-pool: a}\n"
                     "    ppp/profile: [{name: p, remote-address: a}]\n"
                     "    ppp/secret: [{name: u, profile: p}]\n");
    PppSessionGrant g1 = aaa.Grant("u");
    PppSessionGrant g2 = aaa.Grant("u");
    PppSessionGrant g3 = aaa.Grant("u");
    BOOST_TEST(g1.remoteAddress == Ip("10.0.1.1"));
    BOOST_TEST(g2.remoteAddress == Ip("10.0.2.1"));
    BOOST_TEST(g2.remotePool == "b");
    BOOST_TEST(g3.refusal.find("pool a exhausted") == 0u); // the loop a->b->a ends
    aaa.Release("u", g2);
    BOOST_TEST(aaa.Pool("b")->InUse() == 0u);
}

BOOST_AUTO_TEST_CASE(refused_remote_allocation_gives_local_back)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes}\n"
                     "    ip/pool: [{name: l, ranges: 10.0.1.1-10.0.1.9}, {name: r, ranges: "
                     "10.0.2.1}]\n"
                     "    ppp/profile: [{name: p, local-address: l, remote-address: r}]\n"
                     "    ppp/secret: [{name: u, profile: p}]\n");
    BOOST_TEST(aaa.Grant("u").localAddress == Ip("10.0.1.1"));
    PppSessionGrant g = aaa.Grant("u");
    BOOST_TEST(g.refusal == "pool r exhausted");
    BOOST_TEST(aaa.Pool("l")->InUse() == 1u);
    BOOST_TEST(g.localPool.empty());
}

// [AAA] only-one "yes - a user is not allowed to have more than one ppp session at a time";
// "default - derive this value from the interface default profile" (v2.9 manual p. 390 too).
BOOST_AUTO_TEST_CASE(only_one_refuses_a_second_session_until_release)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes, default-profile: strict}\n"
                     "    ppp/profile: [{name: strict, only-one: yes}, {name: loose, only-one: "
                     "no}, {name: inherit}]\n"
                     "    ppp/secret: [{name: a, profile: strict}, {name: b, profile: loose}, "
                     "{name: c, profile: inherit}]\n");
    PppSessionGrant a1 = aaa.Grant("a");
    BOOST_TEST(a1.onlyOne);
    BOOST_TEST(aaa.Grant("a").refusal == "only-one: user a already has a session");
    aaa.Release("a", a1);
    BOOST_TEST(aaa.Grant("a").refusal.empty());
    BOOST_TEST(aaa.Grant("b").refusal.empty());
    BOOST_TEST(aaa.Grant("b").refusal.empty()); // only-one=no overrides the default profile
    BOOST_TEST(aaa.Sessions("b") == 2u);
    BOOST_TEST(aaa.Grant("c").onlyOne); // `default`: from default-profile strict
    BOOST_TEST(!aaa.Grant("c").refusal.empty());
}

// [AAA] a user record: disabled, service (any|async|l2tp|ovpn|pppoe|pptp|sstp), caller-id ("for
// PPTP and L2TP it is the IP address a client must connect from").
BOOST_AUTO_TEST_CASE(lookup_unknown_disabled_service_caller_id)
{
    PppAaa aaa = Aaa("    ppp/secret:\n"
                     "      - {name: ok, password: pw}\n"
                     "      - {name: l2, password: pw2, service: l2tp}\n"
                     "      - {name: off, password: x, disabled: yes}\n"
                     "      - {name: pppoe, password: x, service: pppoe}\n"
                     "      - {name: pinned, password: x, caller-id: 192.0.2.1}\n");
    BOOST_TEST((aaa.Lookup("ok").refusal == PppAuthFailure::NONE));
    BOOST_TEST(aaa.Lookup("ok").password == "pw");
    BOOST_TEST(aaa.Lookup("l2").password == "pw2");
    BOOST_TEST((aaa.Lookup("nobody").refusal == PppAuthFailure::UNKNOWN_USER));
    BOOST_TEST((aaa.Lookup("off").refusal == PppAuthFailure::SECRET_DISABLED));
    BOOST_TEST(aaa.Lookup("off").password.empty());
    BOOST_TEST((aaa.Lookup("pppoe").refusal == PppAuthFailure::SERVICE_NOT_ALLOWED));
    BOOST_TEST((aaa.Lookup("pinned", "192.0.2.1").refusal == PppAuthFailure::NONE));
    BOOST_TEST((aaa.Lookup("pinned", "192.0.2.9").refusal == PppAuthFailure::UNKNOWN_USER));
    BOOST_TEST((aaa.Lookup("pinned").refusal == PppAuthFailure::NONE)); // caller not checked
    // A call without any caller id (caller-id-type=number, no Calling Number AVP) is not that
    // caller; a secret without caller-id takes any call.
    BOOST_TEST((aaa.Lookup("pinned", "").refusal == PppAuthFailure::UNKNOWN_USER));
    BOOST_TEST((aaa.Lookup("ok", "").refusal == PppAuthFailure::NONE));
    PppSecretLookup f = aaa.Lookuper();
    BOOST_TEST(f("ok").password == "pw");
    BOOST_TEST((f("off").refusal == PppAuthFailure::SECRET_DISABLED));
    BOOST_TEST(std::string(PppAuthFailureName(PppAuthFailure::UNKNOWN_USER)) == "unknown-user");
    BOOST_TEST(aaa.Grant("nobody").refusal == "unknown user nobody");
}

// [L2TP-v6] site-to-site: routes="10.1.202.0/24 172.16.1.2 1"; [AAA] "Several routes may be
// specified separated with commas"; no gateway: the session's remote address.
BOOST_AUTO_TEST_CASE(routes_parse_good_entries)
{
    std::vector<PppRoute> r;
    std::string why;
    BOOST_TEST(ParsePppRoutes("10.1.202.0/24 172.16.1.2 1", r, why), why);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].dst == Ip("10.1.202.0"));
    BOOST_TEST(r[0].prefixLen == 24);
    BOOST_TEST(!r[0].gatewayIsPeer);
    BOOST_TEST(r[0].gateway == Ip("172.16.1.2"));
    BOOST_TEST(r[0].distance == 1);
    BOOST_TEST(ParsePppRoutes("10.1.0.0/16, 10.2.0.0/24 5 ,10.3.0.0/24 10.0.0.1", r, why), why);
    BOOST_TEST_REQUIRE(r.size() == 3u);
    BOOST_TEST(r[0].gatewayIsPeer);
    BOOST_TEST(r[0].distance == 1);
    BOOST_TEST(r[1].gatewayIsPeer);
    BOOST_TEST(r[1].distance == 5);
    BOOST_TEST(r[2].gateway == Ip("10.0.0.1"));
    BOOST_TEST(ParsePppRoutes("", r, why));
    BOOST_TEST(r.empty());
}

BOOST_AUTO_TEST_CASE(routes_refuse_malformed_entries)
{
    std::vector<PppRoute> r;
    std::string why;
    for (const char* bad :
         {"10.1.0.0", "10.1.0.1/24 10.0.0.1", "10.1.0.0/24 10.0.0.1 0", "10.1.0.0/24 10.0.0.1 256",
          "10.1.0.0/24 1 10.0.0.1", "10.1.0.0/24 10.0.0.1 1 extra", "nonsense/24", "10.1.0.0/33"})
    {
        BOOST_TEST(!ParsePppRoutes(bad, r, why), bad);
        BOOST_TEST(why.find("route '") == 0u, why);
    }
}

BOOST_AUTO_TEST_CASE(routes_reach_the_grant_and_lint_refuses_a_bad_one)
{
    PppAaa aaa = Aaa("    ppp/secret: [{name: home, local-address: 172.16.1.1, remote-address: "
                     "172.16.1.2, routes: \"10.1.202.0/24 172.16.1.2 1\"}]\n");
    PppSessionGrant g = aaa.Grant("home");
    BOOST_TEST_REQUIRE(g.routes.size() == 1u);
    BOOST_TEST(g.routes[0].gateway == Ip("172.16.1.2"));
    Linted l = Lint("  lns:\n    ppp/secret: [{name: home, routes: \"10.1.202.0/24 x 1\"}]\n");
    BOOST_TEST(!l.ok);
    BOOST_TEST(Has(l.errors, "p.yaml:9:39: error: ppp/secret routes: route '10.1.202.0/24 x 1'"),
               Join(l.errors));
}

// Built-in profiles as a fresh RouterOS prints them: default and default-encryption both with
// change-tcp-mss=yes; default-encryption with use-encryption=yes.
BOOST_AUTO_TEST_CASE(built_in_profiles_and_overriding_them)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes, max-mtu: 1400}\n"
                     "    ppp/profile: [{name: plain, change-tcp-mss: no}]\n"
                     "    ppp/secret: [{name: d, profile: default}, {name: e, profile: "
                     "default-encryption}, {name: p, profile: plain}]\n");
    PppSessionGrant d = aaa.Grant("d");
    BOOST_TEST(d.changeTcpMss == 1360); // max-mtu 1400 - 40
    BOOST_TEST(d.useEncryption);        // default-profile default-encryption fills the gap
    BOOST_TEST(!d.onlyOne);
    BOOST_TEST(aaa.Grant("e").useEncryption);
    BOOST_TEST(aaa.Grant("p").changeTcpMss == 0);
    // `set default use-encryption=no`: a written entry named default changes the built-in only
    // where written.
    PppAaa o = Aaa("    interface/l2tp-server/server: {enabled: yes, default-profile: default}\n"
                   "    ppp/profile: [{name: default, use-encryption: no}]\n"
                   "    ppp/secret: [{name: u}]\n");
    PppSessionGrant u = o.Grant("u");
    BOOST_TEST(!u.useEncryption);
    BOOST_TEST(u.changeTcpMss == 1410); // still the built-in yes; server max-mtu 1450
}

// use-encryption -> the MPPE policy of the link (model/ppp/ppp-ccp.h PppEncryption): yes,
// required, no, and default taken from the interface default profile.
BOOST_AUTO_TEST_CASE(use_encryption_maps_to_the_mppe_policy)
{
    PppAaa aaa = Aaa("    interface/l2tp-server/server: {enabled: yes}\n"
                     "    ppp/profile: [{name: r, use-encryption: required}, {name: n, "
                     "use-encryption: no}, {name: y, use-encryption: yes}, {name: d}]\n"
                     "    ppp/secret: [{name: r, profile: r}, {name: n, profile: n}, {name: y, "
                     "profile: y}, {name: d, profile: d}, {name: b, profile: default}]\n");
    BOOST_TEST((aaa.Grant("r").encryption == PppEncryption::REQUIRED));
    BOOST_TEST((aaa.Grant("n").encryption == PppEncryption::NO));
    BOOST_TEST((aaa.Grant("y").encryption == PppEncryption::YES));
    // `default` falls back to the server's default-profile, default-encryption (yes).
    BOOST_TEST((aaa.Grant("d").encryption == PppEncryption::YES));
    PppAaa plain =
        Aaa("    interface/l2tp-server/server: {enabled: yes, default-profile: default}\n"
            "    ppp/secret: [{name: u}]\n");
    BOOST_TEST((plain.Grant("u").encryption == PppEncryption::NO));
}

BOOST_AUTO_TEST_CASE(dns_servers_and_timeouts)
{
    PppAaa aaa = Aaa("    ppp/profile: [{name: p, dns-server: [10.0.0.53, 10.0.0.54], "
                     "session-timeout: 1h, idle-timeout: 5m}]\n"
                     "    ppp/secret: [{name: u, profile: p}]\n");
    PppSessionGrant g = aaa.Grant("u");
    BOOST_TEST(g.dns1 == Ip("10.0.0.53"));
    BOOST_TEST(g.dns2 == Ip("10.0.0.54"));
    BOOST_TEST(g.sessionTimeout == 3600 * kSec);
    BOOST_TEST(g.idleTimeout == 300 * kSec);
    Linted l = Lint("  lns:\n    ppp/profile: [{name: p, dns-server: [1.1.1.1, 2.2.2.2, 3.3.3.3, "
                    "x]}]\n");
    BOOST_TEST(Has(l.errors, "at most 2 servers"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "dns-server 'x' is not an IPv4 address"), Join(l.errors));
}

// [L2TP-v6] server table and print: authentication, max-mtu/max-mru 1450, mrru disabled,
// keepalive-timeout 30; static /interface l2tp-server entries bind a user to a name.
BOOST_AUTO_TEST_CASE(server_plan)
{
    Scenario sc = Load("  lns:\n"
                       "    interface/l2tp-server/server: {enabled: yes, authentication: [pap, "
                       "mschap2], keepalive-timeout: disabled, mrru: 1600}\n"
                       "    interface/l2tp-server: [{name: office, user: alice}]\n");
    PppServerPlan p = PlanPppServer(*sc.ConfigFor("lns"));
    BOOST_TEST(p.enabled);
    BOOST_TEST_REQUIRE(p.authentication.size() == 2u);
    BOOST_TEST((p.authentication[0] == PppAuthMethod::MSCHAP_V2)); // strongest first
    BOOST_TEST((p.authentication[1] == PppAuthMethod::PAP));
    BOOST_TEST(p.maxMtu == 1450);
    BOOST_TEST(p.maxMru == 1450);
    BOOST_TEST(p.mrru == 1600);
    BOOST_TEST(p.keepaliveTimeout == kNever);
    BOOST_TEST(p.defaultProfile == "default-encryption");
    BOOST_TEST(p.staticInterfaces.at("office") == "alice");
    Scenario d = Load("  lns:\n    interface/l2tp-server/server: {enabled: yes}\n");
    PppServerPlan q = PlanPppServer(*d.ConfigFor("lns"));
    BOOST_TEST(q.keepaliveTimeout == 30 * kSec);
    BOOST_TEST(q.mrru == 0);
    BOOST_TEST(q.authentication.size() == 4u);
}

// [L2TP-2.9] "name (name; default: l2tp-outN)"; [L2TP-v6] an `add` without name prints as
// l2tp-out1; [L2TP-v6]/[L2TP-v7] tables: disabled default yes, keepalive-timeout 60.
BOOST_AUTO_TEST_CASE(client_plans_names_and_defaults)
{
    Scenario sc = Load("  lac:\n"
                       "    ppp/profile: [{name: mine, local-address: 10.0.0.9, dns-server: "
                       "10.0.0.53}]\n"
                       "    interface/l2tp-client:\n"
                       "      - {connect-to: 192.0.2.2, user: u}\n"
                       "      - {name: l2tp-out2, connect-to: 192.0.2.2, user: v}\n"
                       "      - {connect-to: 192.0.2.2, user: w, disabled: no, profile: mine, "
                       "keepalive-timeout: disabled, add-default-route: yes, "
                       "default-route-distance: 5, allow: [pap, chap], dial-on-demand: yes}\n");
    std::vector<PppClientPlan> c = PlanPppClients(*sc.ConfigFor("lac"));
    BOOST_TEST_REQUIRE(c.size() == 3u);
    BOOST_TEST(c[0].name == "l2tp-out1");
    BOOST_TEST(c[1].name == "l2tp-out2");
    BOOST_TEST(c[2].name == "l2tp-out3"); // l2tp-out2 is taken
    BOOST_TEST(c[0].disabled);
    BOOST_TEST(!c[2].disabled);
    BOOST_TEST(c[0].keepaliveTimeout == 60 * kSec);
    BOOST_TEST(c[0].maxMtu == 1450);
    BOOST_TEST(c[0].profile == "default-encryption");
    BOOST_TEST(c[0].grant.useEncryption);
    BOOST_TEST(c[0].allow.size() == 4u);
    BOOST_TEST(c[0].defaultRouteDistance == 1);
    BOOST_TEST(c[2].keepaliveTimeout == kNever);
    BOOST_TEST(c[2].addDefaultRoute);
    BOOST_TEST(c[2].defaultRouteDistance == 5);
    BOOST_TEST(c[2].dialOnDemand);
    BOOST_TEST_REQUIRE(c[2].allow.size() == 2u);
    BOOST_TEST((c[2].allow[0] == PppAuthMethod::CHAP_MD5));
    BOOST_TEST(c[2].grant.localAddress == Ip("10.0.0.9"));
    BOOST_TEST(c[2].grant.dns1 == Ip("10.0.0.53"));
    BOOST_TEST(c[2].connectTo == Ip("192.0.2.2"));
}

BOOST_AUTO_TEST_CASE(client_left_disabled_warns_written_disabled_does_not)
{
    Linted l = Lint("  lac:\n    interface/l2tp-client: [{connect-to: 192.0.2.2, user: u}, "
                    "{connect-to: 192.0.2.2, user: v, disabled: yes}, {connect-to: 192.0.2.2, "
                    "user: w, disabled: no}]\n");
    BOOST_TEST(l.ok, Join(l.errors));
    BOOST_TEST(Has(l.warnings, "p.yaml:9:29: warning: interface/l2tp-client 'l2tp-out1' is "
                               "disabled (RouterOS default disabled=yes) and never dials"),
               Join(l.warnings));
    BOOST_TEST(!Has(l.warnings, "'l2tp-out2'"), Join(l.warnings));
    BOOST_TEST(!Has(l.warnings, "'l2tp-out3'"), Join(l.warnings));
}

// [L2TP-v6]/[L2TP-v7] server table: "use-ipsec (no | yes | require)"; the v6 example writes
// use-ipsec=required.
BOOST_AUTO_TEST_CASE(use_ipsec_require_is_read_as_required)
{
    Scenario sc = Load("  lns:\n    interface/l2tp-server/server: {enabled: yes, use-ipsec: "
                       "require}\n    ppp/profile: [{name: p, use-encryption: require}]\n");
    const ConfigObject* srv = sc.ConfigFor("lns")->Single("interface/l2tp-server/server");
    BOOST_TEST(srv->GetString("use-ipsec") == "required");
    BOOST_TEST(sc.ConfigFor("lns")->List("ppp/profile")[0].GetString("use-encryption") ==
               "required");
    // Lint names the canonical spelling (here: the dynamic peer needs its secret).
    Linted l = Lint("  lns:\n    interface/l2tp-server/server: {use-ipsec: require}\n");
    BOOST_TEST(Has(l.errors, "use-ipsec=required needs ipsec-secret"), Join(l.errors));
    // A client's use-ipsec is yes/no only: `require` there is a plain error.
    Linted c = Lint("  lac:\n    interface/l2tp-client: [{connect-to: 192.0.2.2, user: u, "
                    "use-ipsec: require}]\n");
    BOOST_TEST(Has(c.errors, "expected yes or no for 'use-ipsec'"), Join(c.errors));
}

BOOST_AUTO_TEST_CASE(real_routeros_keys_not_modelled_are_refused_as_such)
{
    Linted l = Lint("  lns:\n"
                    "    ppp/profile: [{name: p, bridge: br1, rate-limit: 1M}]\n"
                    "    ppp/secret: [{name: s, limit-bytes-in: 5}]\n"
                    "    interface/l2tp-server/server: {allow-fast-path: yes}\n"
                    "    ppp/pofile: [{name: q}]\n"
                    "  lac:\n"
                    "    interface/l2tp-client: [{connect-to: 192.0.2.2, user: u, "
                    "l2tp-proto-version: l2tpv3-udp, bogus: 1}]\n");
    BOOST_TEST(!l.ok);
    BOOST_TEST(Has(l.errors, "rate-limit: not modelled yet"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "limit-bytes-in: not modelled yet"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "allow-fast-path: not modelled yet"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "l2tp-proto-version: not modelled yet"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "unknown key 'bogus' in interface/l2tp-client"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "unknown menu 'ppp/pofile'"), Join(l.errors));
    BOOST_TEST(!Has(l.errors, "unknown key 'bridge'"), Join(l.errors));
}

BOOST_AUTO_TEST_CASE(a_routeros_v7_print_loads_as_written)
{
    // The v7 manual's `/interface l2tp-client print` line, every property as printed: the
    // unmodelled ones carry the values that ask for what l2tplab does (no fast path, L2TPv2).
    Linted v7 = Lint("  lac:\n    interface/l2tp-client: [{name: MT-User, max-mtu: 1450, max-mru: "
                     "1450, mrru: disabled, connect-to: 192.0.2.2, user: MT-User, password: "
                     "StrongPass, profile: default-encryption, keepalive-timeout: 60, use-ipsec: "
                     "no, ipsec-secret: \"\", allow-fast-path: no, l2tp-proto-version: l2tpv2, "
                     "add-default-route: no, dial-on-demand: no, allow: [pap, chap, mschap1, "
                     "mschap2], disabled: no}]\n");
    BOOST_TEST(v7.ok, Join(v7.errors));
    // Another value is still refused, naming the one that is accepted.
    Linted fast = Lint("  lac:\n    interface/l2tp-client: [{connect-to: 192.0.2.2, user: u, "
                       "allow-fast-path: yes, l2tp-proto-version: l2tpv3-udp}]\n");
    BOOST_TEST(Has(fast.errors, "allow-fast-path: not modelled yet"), Join(fast.errors));
    BOOST_TEST(Has(fast.errors, "only allow-fast-path=no, what l2tplab does, is accepted"),
               Join(fast.errors));
    BOOST_TEST(Has(fast.errors, "l2tp-proto-version: not modelled yet"), Join(fast.errors));
    // The v7 table's connect-to=192.168.88.1@vrf1: VRFs are named as what is missing.
    Linted vrf =
        Lint("  lac:\n    interface/l2tp-client: [{connect-to: 192.0.2.2@vrf1, user: u}]\n");
    BOOST_TEST(Has(vrf.errors, "VRF tables (address@vrf, RouterOS v7) are not modelled yet"),
               Join(vrf.errors));
}

BOOST_AUTO_TEST_CASE(routeros_v29_client_names_mtu_and_mru_are_read_as_today_s)
{
    // The v2.9 manual's client: "mtu ( integer ; default: 1460 )", "mru ( ... )"; the example
    // sets up a client named test2 for user john, with the server as default gateway.
    const std::string v29 = "  lac:\n    interface/l2tp-client: [{name: test2, connect-to: "
                            "192.0.2.2, user: john, password: john, add-default-route: yes, mtu: "
                            "1400, mru: 1380, disabled: no}]\n";
    Linted l = Lint(v29);
    BOOST_TEST(l.ok, Join(l.errors));
    BOOST_TEST(Has(l.warnings, "interface/l2tp-client 'mtu' read as 'max-mtu'"), Join(l.warnings));
    BOOST_TEST(Has(l.warnings, "RouterOS v2.9 manual"), Join(l.warnings));
    BOOST_TEST(Has(l.warnings, "'mru' read as 'max-mru'"), Join(l.warnings));
    Scenario sc;
    std::vector<ScenarioError> errors;
    BOOST_REQUIRE(LoadScenarioFromString(kHead + v29, "p.yaml", sc, errors));
    const ConfigObject& c = sc.ConfigFor("lac")->List("interface/l2tp-client")[0];
    BOOST_TEST(c.GetInt("max-mtu") == 1400);
    BOOST_TEST(c.GetInt("max-mru") == 1380);
    // Both names at once are one property written twice.
    Linted both = Lint("  lac:\n    interface/l2tp-client: [{connect-to: 192.0.2.2, user: u, mtu: "
                       "1400, max-mtu: 1400}]\n");
    BOOST_TEST(Has(both.errors, "duplicate key 'max-mtu'"), Join(both.errors));
}

BOOST_AUTO_TEST_CASE(real_routeros_menus_not_modelled_are_refused_as_such)
{
    // The v6 manual's L2TP/IPsec server: "do not forget to add rules which accepts l2tp and
    // ipsec". Nothing is filtered in a run, so accept rules are harmless: a warning.
    Linted fw = Lint("  lns:\n    ip/firewall/filter: [{chain: input, protocol: udp, port: "
                     "\"1701,500,4500\"}, {chain: input, protocol: ipsec-esp, action: accept}]\n");
    BOOST_TEST(fw.ok, Join(fw.errors));
    BOOST_TEST(Has(fw.warnings, "p.yaml:9:5: warning: ip/firewall/filter has no effect"),
               Join(fw.warnings));
    // A rule that drops would change the run: refused as a real menu, not an unknown one.
    Linted drop = Lint("  lns:\n    ip/firewall/filter: [{chain: input, action: drop}]\n");
    BOOST_TEST(Has(drop.errors, "ip/firewall/filter: not modelled yet (RouterOS menu;"),
               Join(drop.errors));
    // ip/address stating what the topology gives (lns is the link's second end: .2/24) is
    // harmless; another address is refused, pointing at the topology.
    Linted same = Lint("  lns:\n    ip/address: [{address: 192.0.2.2/24, interface: ether1}]\n");
    BOOST_TEST(same.ok, Join(same.errors));
    BOOST_TEST(Has(same.warnings, "ip/address has no effect"), Join(same.warnings));
    Linted other = Lint("  lns:\n    ip/address: [{address: 192.0.2.9/24, interface: ether1}]\n");
    BOOST_TEST(Has(other.errors, "ip/address: not modelled yet"), Join(other.errors));
    BOOST_TEST(Has(other.errors, "node:iface=a.b.c.d"), Join(other.errors));
    Linted pptp = Lint("  lns:\n    interface/pptp-server/server: {enabled: yes}\n");
    BOOST_TEST(Has(pptp.errors, "interface/pptp-server/server: not modelled yet"),
               Join(pptp.errors));
    BOOST_TEST(!Has(pptp.errors, "unknown menu"), Join(pptp.errors));
}

BOOST_AUTO_TEST_CASE(shortened_routeros_keys_read_as_the_console_reads_them)
{
    // The v6 manual's L2TP/IPsec example: `/ip pool add name=vpn-pool range=...` (the property
    // is `ranges`; RouterOS's console takes any beginning that names one property).
    Linted ok = Lint("  lns:\n"
                     "    ip/pool: [{name: vpn-pool, range: 192.168.99.2-192.168.99.100}]\n"
                     "    ppp/secret: [{name: user1, pass: \"123\"}]\n");
    BOOST_TEST(ok.ok, Join(ok.errors));
    BOOST_TEST(Has(ok.warnings, "p.yaml:"), Join(ok.warnings));
    BOOST_TEST(Has(ok.warnings, "ip/pool 'range' read as 'ranges'"), Join(ok.warnings));
    BOOST_TEST(Has(ok.warnings, "ppp/secret 'pass' read as 'password'"), Join(ok.warnings));
    Scenario sc;
    std::vector<ScenarioError> errors;
    BOOST_REQUIRE(LoadScenarioFromString(kHead + "  lns:\n    ip/pool: [{name: p, range: "
                                                 "10.0.0.1-10.0.0.9}]\n",
                                         "p.yaml", sc, errors));
    BOOST_TEST(sc.ConfigFor("lns")->List("ip/pool")[0].GetString("ranges") == "10.0.0.1-10.0.0.9");

    // One that begins two properties is refused, naming both; so is writing both spellings.
    Linted amb = Lint("  lns:\n    interface/l2tp-server/server: {max-m: 1400}\n"
                      "    ip/pool: [{name: q, range: 10.0.1.1, ranges: 10.0.1.2}]\n");
    BOOST_TEST(!amb.ok);
    BOOST_TEST(Has(amb.errors, "ambiguous key 'max-m'"), Join(amb.errors));
    BOOST_TEST(Has(amb.errors, "max-mtu, max-mru"), Join(amb.errors));
    BOOST_TEST(Has(amb.errors, "duplicate key 'ranges'"), Join(amb.errors));

    // The beginning of a real but unmodelled property is refused as that property.
    Linted un = Lint("  lns:\n    ppp/profile: [{name: p, rate-lim: 1M}]\n");
    BOOST_TEST(Has(un.errors, "rate-limit: not modelled yet"), Join(un.errors));

    // The scenario's own structure and l2tplab's extension menus take full names only.
    Linted st = Lint("  lns:\n    l2tp: {hello-int: 60s}\n");
    BOOST_TEST(Has(st.errors, "unknown key 'hello-int' in l2tp"), Join(st.errors));
}

BOOST_AUTO_TEST_CASE(overlapping_pools_refused_next_pool_loop_warned)
{
    Linted l = Lint("  lns:\n"
                    "    ip/pool:\n"
                    "      - {name: a, ranges: 10.0.0.1-10.0.0.10, next-pool: b}\n"
                    "      - {name: b, ranges: [10.0.1.1-10.0.1.5, 10.0.0.10-10.0.0.12], "
                    "next-pool: a}\n");
    BOOST_TEST(!l.ok);
    BOOST_TEST(Has(l.errors, "ip/pool 'b' range 10.0.0.10-10.0.0.12 overlaps "
                             "10.0.0.1-10.0.0.10 of ip/pool 'a'"),
               Join(l.errors));
    BOOST_TEST(l.errors.size() == 1u, Join(l.errors));
    BOOST_TEST(Has(l.warnings, "ip/pool 'a': its next-pool chain leads back to it"),
               Join(l.warnings));
    Linted ok = Lint("  lns:\n    ip/pool: [{name: a, ranges: 10.0.0.1-10.0.0.10}, {name: b, "
                     "ranges: 10.0.0.11-10.0.0.12}]\n");
    BOOST_TEST(ok.errors.empty(), Join(ok.errors));
    // A profile naming a pool that does not exist is a load error (with did-you-mean).
    Linted ref = Lint("  lns:\n    ip/pool: [{name: vpn-pool, ranges: 10.0.0.1}]\n"
                      "    ppp/profile: [{name: p, remote-address: vpn-pol}]\n");
    BOOST_TEST(Has(ref.errors, "unknown ip/pool 'vpn-pol' (did you mean 'vpn-pool'?)"),
               Join(ref.errors));
}

BOOST_AUTO_TEST_CASE(large_pool_allocates_in_order_without_scanning)
{
    PppAaa aaa = Aaa("    ip/pool: [{name: big, ranges: 10.0.0.0-10.3.255.255}]\n"
                     "    ppp/profile: [{name: p, remote-address: big}]\n"
                     "    ppp/secret: [{name: u, profile: p}]\n");
    std::vector<PppSessionGrant> g;
    for (int i = 0; i < 100000; ++i)
    {
        g.push_back(aaa.Grant("u"));
    }
    BOOST_TEST(g.back().remoteAddress == Ip("10.0.0.0") + 99999u);
    aaa.Release("u", g[500]);
    aaa.Release("u", g[7]);
    BOOST_TEST(aaa.Grant("u").remoteAddress == Ip("10.0.0.7"));
    BOOST_TEST(aaa.Grant("u").remoteAddress == Ip("10.0.1.244")); // 10.0.0.0 + 500
    BOOST_TEST(aaa.Pool("big")->InUse() == 100000u);
}

BOOST_AUTO_TEST_CASE(auth_method_words)
{
    PppAuthMethod m = PppAuthMethod::NONE;
    BOOST_TEST(ParsePppAuthMethod("mschap2", m));
    BOOST_TEST((m == PppAuthMethod::MSCHAP_V2));
    BOOST_TEST(!ParsePppAuthMethod("eap", m));
    BOOST_TEST(std::string(PppAuthMethodName(PppAuthMethod::CHAP_MD5)) == "chap");
}

// RouterOS v7 default: IPv6 on (its PPP runs IPV6CP, RFC 5072); `disable-ipv6: yes` turns it off
// (a v6 router without the ipv6 package). docs/scenario-reference.md gives both versions.
BOOST_AUTO_TEST_CASE(ipv6_enabled_unless_disabled)
{
    Scenario sc = Load("  lac:\n    ipv6/settings: {disable-ipv6: yes}\n"
                       "  lns:\n    ipv6/settings: {disable-ipv6: no}\n");
    BOOST_TEST(!Ipv6Enabled(*sc.ConfigFor("lac")));
    BOOST_TEST(Ipv6Enabled(*sc.ConfigFor("lns")));
    Scenario none = Load("  lns:\n    ip/route: [{gateway: 192.0.2.9}]\n");
    BOOST_TEST(Ipv6Enabled(*none.ConfigFor("lns")));
    // Real /ipv6 settings properties this version does not model are refused as such.
    Linted l = Lint("  lns:\n    ipv6/settings: {forward: no}\n");
    BOOST_TEST(!l.ok);
    BOOST_TEST(Has(l.errors, "not modelled yet"), Join(l.errors));
}

// An IPv6 ping target: a valid address; a link-local one (or link-local-peer) names its interface;
// only icmp-echo; no IPv4 DF bit.
BOOST_AUTO_TEST_CASE(ipv6_traffic_targets_are_checked)
{
    const std::string cfg = "  lns: {}\ntraffic:\n";
    auto lint = [&](const std::string& t)
    {
        return Lint(cfg + "  - {name: p, at: 1s, from: lac, kind: icmp-echo, " + t + "}\n");
    };
    BOOST_TEST(lint("to: 2001:db8::1").ok);
    BOOST_TEST(lint("to: link-local-peer, interface: l2tp-out1").ok);
    BOOST_TEST(lint("to: \"fe80::1\", interface: l2tp-out1").ok);
    Linted noIface = lint("to: link-local-peer");
    BOOST_TEST(!noIface.ok);
    BOOST_TEST(Has(noIface.errors, "needs 'interface'"), Join(noIface.errors));
    BOOST_TEST(!lint("to: \"fe80::1\"").ok);
    Linted bad = lint("to: \"2001:db8::zz\"");
    BOOST_TEST(!bad.ok);
    BOOST_TEST(Has(bad.errors, "not an IPv6 address"), Join(bad.errors));
    BOOST_TEST(!lint("to: 2001:db8::1, df: yes").ok);
    BOOST_TEST(!lint("to: 10.0.0.1, interface: l2tp-out1").ok);
    Linted udp = Lint(cfg + "  - {name: p, at: 1s, from: lac, kind: udp, to: 2001:db8::1}\n");
    BOOST_TEST(!udp.ok);
    BOOST_TEST(Has(udp.errors, "icmp-echo only"), Join(udp.errors));
}

// BCP bridging (RFC 3518, docs/ppp.md): a profile's bridge= is real now and reaches the grant;
// its bridge must exist on the node; ports name the node's link interfaces, once.
BOOST_AUTO_TEST_CASE(bridge_profile_reaches_the_grant)
{
    PppAaa aaa = Aaa("    interface/bridge: [{name: br1, admin-mac: \"02:00:00:00:00:01\", "
                     "auto-mac: no}]\n"
                     "    ppp/profile: [{name: bcp, bridge: br1}]\n"
                     "    ppp/secret: [{name: a, profile: bcp}, {name: b}]\n");
    BOOST_TEST(aaa.Grant("a").bridge == "br1");
    BOOST_TEST(aaa.Grant("b").bridge.empty());
}

BOOST_AUTO_TEST_CASE(bridge_lint_errors)
{
    Linted l = Lint("  lns:\n"
                    "    interface/bridge: [{name: br1, admin-mac: \"01:00:5e:00:00:01\"}]\n"
                    "    interface/bridge/port: [{bridge: br2, interface: ether1}, "
                    "{bridge: br1, interface: ether9}, {bridge: br1, interface: ether1}, "
                    "{bridge: br1, interface: ether1}]\n"
                    "    ppp/profile: [{name: p, bridge: nope}]\n");
    BOOST_TEST(!l.ok);
    BOOST_TEST(Has(l.errors, "admin-mac '01:00:5e:00:00:01' is not a unicast MAC address"),
               Join(l.errors));
    BOOST_TEST(Has(l.errors, "bridge 'br2' is not an interface/bridge of node lns"),
               Join(l.errors));
    BOOST_TEST(Has(l.errors, "interface 'ether9' is not a link interface of node lns"),
               Join(l.errors));
    BOOST_TEST(Has(l.errors, "interface 'ether1' is a port of two bridges"), Join(l.errors));
    BOOST_TEST(Has(l.errors, "ppp/profile bridge 'nope' is not an interface/bridge of node lns"),
               Join(l.errors));
}

// RouterOS L2TP manual: PPP links have no MAC address, the bridge needs an administratively set
// one. A bridge with a PPP port and no admin-mac (or auto-mac left yes) is warned about; spanning
// tree and the port's STP/horizon knobs are accepted with a no-effect warning.
BOOST_AUTO_TEST_CASE(bridge_lint_warnings)
{
    Linted l = Lint("  lns:\n"
                    "    interface/bridge: [{name: br1, protocol-mode: rstp}, {name: br2, "
                    "admin-mac: \"02:00:00:00:00:02\", auto-mac: no, protocol-mode: none}]\n"
                    "    ppp/profile: [{name: p, bridge: br1, bridge-path-cost: 20}, "
                    "{name: q, bridge: br2}]\n");
    BOOST_TEST(l.ok, Join(l.errors));
    BOOST_TEST(Has(l.warnings, "interface/bridge 'br1' has PPP ports (ppp/profile bridge=) but no "
                               "administratively set MAC"),
               Join(l.warnings));
    BOOST_TEST(!Has(l.warnings, "'br2' has PPP ports"), Join(l.warnings));
    BOOST_TEST(Has(l.warnings, "protocol-mode=rstp has no effect"), Join(l.warnings));
    BOOST_TEST(!Has(l.warnings, "bridge protocol-mode=none"), Join(l.warnings));
    BOOST_TEST(Has(l.warnings, "bridge-path-cost=20 has no effect"), Join(l.warnings));
}

BOOST_AUTO_TEST_CASE(mac_address_parser)
{
    uint64_t m = 0;
    BOOST_TEST(ParseMacAddress("02:00:00:aa:bb:CC", m));
    BOOST_TEST(m == 0x020000aabbccULL);
    BOOST_TEST(ParseMacAddress("02-00-00-00-00-01", m));
    BOOST_TEST(!ParseMacAddress("00:00:00:00:00:00", m));
    BOOST_TEST(!ParseMacAddress("01:00:5e:00:00:01", m));
    BOOST_TEST(!ParseMacAddress("02:00:00:00:00", m));
    BOOST_TEST(!ParseMacAddress("02:00:00:00:00:0g", m));
    BOOST_TEST(!ParseMacAddress("02:00:00:00:00.01", m));
}

BOOST_AUTO_TEST_SUITE_END()
