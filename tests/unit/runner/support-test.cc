// Unit tests: runner/support — features this version does not model are refused at the place
// they are written, properties without effect get a warning, and legal-but-suspicious settings
// (a connect-to nobody owns, overlapping link nets) get a warning. The flagships stay clean.
#include "runner/scenario-loader.h"
#include "runner/support.h"
#include "tests/unit/runner/doc-sync-support.h"
#include "tests/unit/runner/loader-test-support.h"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::loadertest;

namespace
{

/** \brief Outcome of loading text and checking support. */
struct Checked
{
    bool loaded{false};
    bool supported{false};
    std::vector<ScenarioError> errors;
    std::vector<std::string> warnings;
};

Checked
Check(const std::string& text)
{
    Checked c;
    Scenario s;
    c.loaded = LoadScenarioFromString(text, "x.yaml", s, c.errors);
    BOOST_TEST_REQUIRE(c.loaded, FormatScenarioErrors(c.errors));
    c.supported = CheckSupported(s, c.errors, c.warnings);
    return c;
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

/** \brief Does some warning contain `part`? */
bool
Warned(const Checked& c, const std::string& part)
{
    for (const auto& w : c.warnings)
    {
        if (w.find(part) != std::string::npos)
        {
            return true;
        }
    }
    return false;
}

std::string
Client(const std::string& extra)
{
    return kBase +
           "config:\n  lac:\n    interface/l2tp-client: [{name: o, connect-to: 192.0.2.2, "
           "user: a" +
           extra + ", disabled: no}]\n";
}

} // namespace

BOOST_AUTO_TEST_SUITE(runner_support)

BOOST_AUTO_TEST_CASE(unmodelled_features_refused_where_written)
{
    auto traffic =
        Check(kBase + "traffic: [{name: p, at: 1s, from: lac, to: lns, kind: udp, port: 1701}]\n");
    BOOST_TEST(!traffic.supported);
    BOOST_TEST_REQUIRE(traffic.errors.size() == 1u);
    BOOST_TEST(traffic.errors[0].ToString().find("x.yaml:7:11: error: traffic 'p'") == 0u);
    // IPsec is modelled (runner/ipsec-mapping.h), but a dynamic peer needs its pre-shared key.
    auto ipsec = Check(Client(", use-ipsec: yes"));
    BOOST_TEST_REQUIRE(ipsec.errors.size() == 1u);
    BOOST_TEST(ipsec.errors[0].message.find("use-ipsec=yes needs ipsec-secret") !=
               std::string::npos);
    BOOST_TEST(Check(Client(", use-ipsec: yes, ipsec-secret: s3")).supported);
    // An ip/route via an interface must name one of the node's PPP interfaces (docs/ppp.md).
    auto route = Check(kBase + "config:\n  lac:\n    ip/route: [{gateway: l2tp-out9}]\n");
    BOOST_TEST_REQUIRE(route.errors.size() == 1u);
    BOOST_TEST(route.errors[0].message.find("neither an IPv4 address nor a PPP interface") !=
               std::string::npos);
    BOOST_TEST(
        Check(Client("") + "    ip/route: [{dst-address: 10.1.0.0/16, gateway: o}]\n").supported);
    // NAT: srcnat masquerade/src-nat/accept are modelled; destination NAT is refused where
    // written; src-nat needs its address; the RFC 4787 behaviours must pair sensibly.
    auto nat = Check(kBase + "config:\n  lns:\n    ip/firewall/nat: [{chain: srcnat, action: "
                             "masquerade}]\n");
    BOOST_TEST(nat.supported);
    auto dnat = Check(kBase + "config:\n  lns:\n    ip/firewall/nat: [{chain: dstnat, action: "
                              "dst-nat, to-addresses: 10.0.0.1}]\n");
    BOOST_TEST_REQUIRE(dnat.errors.size() == 1u);
    BOOST_TEST(dnat.errors[0].message.find("destination NAT (port forwarding) is not modelled") !=
               std::string::npos);
    auto snat = Check(kBase + "config:\n  lns:\n    ip/firewall/nat: [{chain: srcnat, action: "
                              "src-nat}]\n");
    BOOST_TEST_REQUIRE(snat.errors.size() == 1u);
    BOOST_TEST(snat.errors[0].message.find("needs to-addresses") != std::string::npos);
    auto loose = Check(kBase + "config:\n  lns:\n    ip/firewall/nat: [{chain: srcnat, action: "
                               "masquerade}]\n    nat: {mapping: address-and-port-dependent, "
                               "filtering: endpoint-independent}\n");
    BOOST_TEST_REQUIRE(loose.errors.size() == 1u);
    BOOST_TEST(loose.errors[0].message.find("looser than mapping") != std::string::npos);
    auto idle = Check(kBase + "config:\n  lns:\n    nat: {mapping: endpoint-independent}\n");
    BOOST_TEST(idle.supported);
    BOOST_TEST_REQUIRE(idle.warnings.size() == 1u);
    BOOST_TEST(idle.warnings[0].find("nat has no effect") != std::string::npos);
    BOOST_TEST(Check(kBase).supported);
}

BOOST_AUTO_TEST_CASE(properties_without_effect_warn)
{
    // PPP gives keepalive-timeout, allow, max-mtu/max-mru, add-default-route, authentication,
    // (multilink, RFC 1990) mrru, dial-on-demand and the profile's session-timeout an effect:
    // silent. The profile's bridge-horizon has none (no split horizons): warned where written.
    auto c = Check(Client(", keepalive-timeout: 10, allow: pap, max-mtu: 1400, max-mru: 1400, "
                          "mrru: 1600, dial-on-demand: yes, add-default-route: yes") +
                   "  lns:\n    interface/l2tp-server/server: {enabled: yes, authentication: "
                   "chap, keepalive-timeout: disabled, max-mtu: 1400, max-mru: 1400, mrru: 1600}\n"
                   "    ppp/profile: [{name: p, bridge-horizon: 1, session-timeout: 1h}]\n");
    BOOST_TEST(c.supported);
    BOOST_TEST(Warned(c, "ppp/profile bridge-horizon=1 has no effect"), Join(c.warnings));
    BOOST_TEST(c.warnings.size() == 1u, Join(c.warnings));
    for (const char* key : {"keepalive-timeout", "allow", "max-mtu", "max-mru", "authentication",
                            "add-default-route", "mrru", "dial-on-demand", "session-timeout"})
    {
        BOOST_TEST(!Warned(c, std::string(" ") + key + "="), key << "\n" << Join(c.warnings));
    }
    // Positions point at the value.
    BOOST_TEST(Warned(c, "x.yaml:12:45: warning: ppp/profile bridge-horizon=1"), Join(c.warnings));
    // Defaults that were not written: silent.
    BOOST_TEST(Check(Client("")).warnings.empty(), Join(Check(Client("")).warnings));
    // change-tcp-mss is real (model/ppp/ppp-mss-clamp.h) but ns-3's SYNs carry no MSS option:
    // written, it is warned about, whatever its value.
    auto mss = Check(Client("") + "  lns:\n    interface/l2tp-server/server: {enabled: yes}\n"
                                  "    ppp/profile: [{name: p, change-tcp-mss: yes}]\n");
    BOOST_TEST(Warned(mss, "ppp/profile change-tcp-mss=yes has no effect"), Join(mss.warnings));
}

BOOST_AUTO_TEST_CASE(dial_on_demand_without_a_route_into_it_warns)
{
    // RouterOS: the client dials when traffic is routed into it. No default route and no
    // ip/route through it: nothing ever is.
    auto lone = Check(Client(", dial-on-demand: yes"));
    BOOST_TEST(lone.supported);
    BOOST_TEST(Warned(lone, "dials on demand, but no route leads into it"), Join(lone.warnings));
    BOOST_TEST(Check(Client(", dial-on-demand: yes, add-default-route: yes")).warnings.empty());
    auto routed = Check(Client(", dial-on-demand: yes") +
                        "    ip/route: [{dst-address: 10.1.0.0/16, gateway: o}]\n");
    BOOST_TEST(routed.warnings.empty(), Join(routed.warnings));
}

BOOST_AUTO_TEST_CASE(connect_to_nobody_owns_warns)
{
    auto c = Check(Client("").replace(Client("").find("192.0.2.2"), 9, "192.0.2.9"));
    BOOST_TEST_REQUIRE(c.warnings.size() == 1u, Join(c.warnings));
    BOOST_TEST(c.warnings[0] == "x.yaml:9:51: warning: connect-to 192.0.2.9 is not an address of "
                                "any node; the client will dial into the void (server addresses: "
                                "192.0.2.2)");
    BOOST_TEST(c.supported);
}

BOOST_AUTO_TEST_CASE(overlapping_link_nets_warn)
{
    auto c = Check(kBase + "    - {name: wan2, ends: [lac:ether2=192.0.2.5, lns:ether2=192.0.2.6], "
                           "net: 192.0.2.0/29}\n");
    BOOST_TEST_REQUIRE(c.warnings.size() == 1u, Join(c.warnings));
    BOOST_TEST(c.warnings[0].find("x.yaml:7:7: warning: link 'wan2' net 192.0.2.0/29 overlaps net "
                                  "192.0.2.0/30 of link 'wan'") == 0u,
               c.warnings[0]);
    auto apart = Check(kBase + "    - {name: wan2, ends: [lac:ether2, lns:ether2], net: "
                               "192.0.2.4/30}\n");
    BOOST_TEST(apart.warnings.empty(), Join(apart.warnings));
}

BOOST_AUTO_TEST_CASE(refusals_sorted_with_schema_errors)
{
    // Before: lint loaded first and only called CheckSupported on success, so a file with a
    // schema error and an unsupported traffic entry showed one of them.
    std::string path =
        (std::filesystem::temp_directory_path() / "l2tplab-support-test.yaml").string();
    {
        std::ofstream f(path);
        f << kBase << "traffic: [{name: p, at: 1s, from: lac, to: lns, kind: udp, port: 1701}]\n"
          << "faults: [{name: f, at: 99s, link: wan, action: down}]\n";
    }
    Scenario s;
    std::vector<ScenarioError> errors;
    std::vector<std::string> warnings;
    BOOST_TEST(!LoadSupportedScenario(path, s, errors, warnings));
    std::remove(path.c_str());
    BOOST_TEST_REQUIRE(errors.size() == 2u, FormatScenarioErrors(errors));
    BOOST_TEST(errors[0].line == 7);
    BOOST_TEST(errors[0].message.find("traffic 'p'") == 0u);
    BOOST_TEST(errors[1].line == 8);
    BOOST_TEST(errors[1].message.find("after the end of the run") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(partial_scenario_gets_no_spurious_refusal)
{
    // A route whose gateway failed to parse must not also be refused as "via an interface".
    Scenario s;
    std::vector<ScenarioError> errors;
    std::vector<std::string> warnings;
    LoadScenarioFromString(kBase + "config:\n  lac:\n    ip/route: [{gateway: 10.0.0.300}]\n",
                           "x.yaml", s, errors,
                           [&warnings](const Scenario& sc, std::vector<ScenarioError>& more)
                           {
                               CheckSupported(sc, more, warnings);
                           });
    BOOST_TEST_REQUIRE(errors.size() == 1u, FormatScenarioErrors(errors));
    BOOST_TEST(errors[0].message.find("routes via an interface") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(flagships_load_without_warnings)
{
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(L2TPLAB_SOURCE_DIR) + "/scenarios"))
    {
        if (e.path().extension() != ".yaml")
        {
            continue;
        }
        Scenario s;
        std::vector<ScenarioError> errors;
        std::vector<std::string> warnings;
        BOOST_TEST(LoadSupportedScenario(e.path().string(), s, errors, warnings),
                   FormatScenarioErrors(errors));
        BOOST_TEST(warnings.empty(), e.path().string() << ":\n" << Join(warnings));
    }
}

BOOST_AUTO_TEST_CASE(no_effect_doc_in_sync)
{
    CheckGeneratedDocBlock("NO-EFFECT", RenderNoEffectMarkdown(),
                           "runner_support/no_effect_doc_in_sync");
}

BOOST_AUTO_TEST_SUITE_END()
