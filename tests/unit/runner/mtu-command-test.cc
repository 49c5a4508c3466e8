/**
 * \file
 * \brief `l2tplab mtu`: the command's exit codes, table and JSON output, and its place in
 * `l2tplab --help` (the built binary).
 */

#include "runner/cli/mtu-command.h"

#include <nlohmann/json.hpp>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/wait.h>

using namespace ns3;

namespace
{

struct Run
{
    int rc{-1};
    std::string out;
    std::string err;
};

Run
Mtu(const std::vector<std::string>& args)
{
    std::ostringstream out;
    std::ostringstream err;
    std::streambuf* o = std::cout.rdbuf(out.rdbuf());
    std::streambuf* e = std::cerr.rdbuf(err.rdbuf());
    Run r;
    r.rc = RunMtuCommand(args);
    std::cout.rdbuf(o);
    std::cerr.rdbuf(e);
    r.out = out.str();
    r.err = err.str();
    return r;
}

/** stdout and exit code of the built binary. */
Run
Binary(const std::string& args)
{
    Run r;
    const std::string bin = std::string(L2TPLAB_BINARY_DIR) + "/bin/l2tplab";
    BOOST_TEST_REQUIRE(std::filesystem::exists(bin), bin << " not built");
    FILE* p = popen((bin + " " + args + " 2>&1").c_str(), "r");
    BOOST_TEST_REQUIRE(p != nullptr);
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
    {
        r.out.append(buf, n);
    }
    int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(MtuCommandTests)

BOOST_AUTO_TEST_CASE(table_shows_the_issue_examples)
{
    Run r = Mtu({"--underlay", "1500", "--stack", "l2tp,ppp"});
    BOOST_TEST(r.rc == 0);
    BOOST_TEST(r.out.find("inner IP MTU   1462") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("overhead                              38") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("RouterOS defaults") != std::string::npos);
    Run b = Mtu({"--underlay", "1500", "--stack", "l2tp,ppp,bcp"});
    BOOST_TEST(b.rc == 0);
    BOOST_TEST(b.out.find("inner IP MTU   1446") != std::string::npos, b.out);
}

BOOST_AUTO_TEST_CASE(json_output)
{
    Run r = Mtu({"--stack", "ipsec-natt:aes128-sha1,l2tp,ppp", "--json", "--underlay-ip", "4"});
    BOOST_TEST_REQUIRE(r.rc == 0);
    nlohmann::json j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["underlay"].get<int>() == 1500);
    BOOST_TEST(j["innerMtu"].get<int>() == 1404);
    BOOST_TEST(j["mssIpv4"].get<int>() == 1364);
    BOOST_TEST(j["esp"]["align"].get<int>() == 16);
    BOOST_TEST(j["esp"]["unusable"].get<int>() == 12);
    int sum = 0;
    for (const auto& l : j["layers"])
    {
        sum += l["bytes"].get<int>();
    }
    BOOST_TEST(sum + j["innerMtu"].get<int>() == 1500); // the rows add up, alignment slack too
    BOOST_TEST(j["layers"].back()["part"].get<std::string>() == "trailer");
}

BOOST_AUTO_TEST_CASE(exit_codes)
{
    Run bad = Mtu({"--stack", "l2tp,ppp,bpc"});
    BOOST_TEST(bad.rc == 2);
    BOOST_TEST(bad.err.find("'bpc' is neither a layer nor an option of ppp") != std::string::npos,
               bad.err);
    BOOST_TEST(bad.out.empty());
    BOOST_TEST(Mtu({}).rc == 2);                                             // --stack required
    BOOST_TEST(Mtu({"--stack"}).rc == 2);                                    // value missing
    BOOST_TEST(Mtu({"--stack", "l2tp,ppp", "--underlay", "x"}).rc == 2);     // not a number
    BOOST_TEST(Mtu({"--stack", "l2tp,ppp", "--underlay", "70000"}).rc == 2); // out of range
    BOOST_TEST(Mtu({"--stack", "l2tp,ppp", "--underlay-ip", "5"}).rc == 2);
    BOOST_TEST(Mtu({"--stack", "l2tp,ppp", "--bogus"}).rc == 2);
    BOOST_TEST(Mtu({"--stack", "l2tp,ppp", "--underlay", "30"}).rc == 1); // does not fit
    Run v6 = Mtu({"--stack", "l2tp,ppp", "--underlay-ip", "6"});
    BOOST_TEST(v6.rc == 0);
    BOOST_TEST(v6.out.find("inner IP MTU   1442") != std::string::npos, v6.out);
}

BOOST_AUTO_TEST_CASE(help_is_true)
{
    Run h = Mtu({"--help"});
    BOOST_TEST(h.rc == 0);
    for (const MtuLayerInfo& l : MtuLayerTable())
    {
        BOOST_TEST(h.out.find(std::string("  ") + l.token) != std::string::npos, l.token);
    }
    BOOST_TEST(h.out.find("aes128gcm") != std::string::npos);
    Run top = Binary("--help");
    BOOST_TEST(top.rc == 0);
    BOOST_TEST(top.out.find("l2tplab mtu --stack LAYERS") != std::string::npos, top.out);
    Run sub = Binary("mtu --help");
    BOOST_TEST(sub.rc == 0);
    BOOST_TEST(sub.out.find("layers and options:") != std::string::npos, sub.out);
    Run bad = Binary("mtu --stack l2tp");
    BOOST_TEST(bad.rc == 2);
    BOOST_TEST(bad.out.find("put ppp right after l2tp") != std::string::npos, bad.out);
    Run ok = Binary("mtu --underlay 1500 --stack l2tp,ppp");
    BOOST_TEST(ok.rc == 0);
    BOOST_TEST(ok.out.find("1462") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
