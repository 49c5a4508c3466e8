/**
 * \file
 * \brief RouterOS change-tcp-mss in the simulator (docs/ppp.md): tests/scenario/data/
 * change-tcp-mss.yaml with hosts sending Ethernet-sized 1460-octet segments (ns-3's
 * TcpSocket::SegmentSize, set for this test only). ns-3 3.37's TCP sends its SYNs without an MSS
 * option (RFC 9293 §3.7.1) and ignores one it receives, so the clamp (proven on real SYN bytes in
 * tests/unit/ppp/ppp-mss-clamp-test.cc) has nothing to lower here: the SYNs cross unchanged, the
 * 1500-octet packets are fragmented at the 1450 interface, and both flows deliver everything. A
 * TCP model that sends MSS turns the first check red: then the clamp's effect becomes visible.
 */

#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

const std::string kSrc = L2TPLAB_SOURCE_DIR;

/** \brief stdout of a shell command. */
std::string
Shell(const std::string& cmd)
{
    std::string out;
    std::array<char, 4096> buf{};
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    BOOST_REQUIRE(p);
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p.get())) > 0)
    {
        out.append(buf.data(), n);
    }
    return out;
}

/** \brief Number of frames of `pcap` matching the tshark display filter. */
int
Count(const std::string& pcap, const std::string& filter)
{
    const std::string out =
        Shell("tshark -r '" + pcap + "' -Y '" + filter + "' 2>/dev/null | wc -l");
    return std::stoi(out);
}

/** \brief The MSS values of the SYNs in `pcap`, comma-separated in frame order. */
std::string
SynMss(const std::string& pcap)
{
    std::string out = Shell("tshark -r '" + pcap +
                            "' -Y 'tcp.flags.syn == 1' -T fields -e tcp.options.mss_val "
                            "2>/dev/null | tr '\\n' ','");
    return out;
}

/** \brief ns-3's default TCP segment size set for one test, restored after. */
struct SegmentSize
{
    explicit SegmentSize(uint32_t v)
    {
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(v));
    }

    ~SegmentSize() { Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(536)); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(scenario_change_tcp_mss)

BOOST_AUTO_TEST_CASE(bulk_flow_is_clamped_and_never_fragments)
{
    SegmentSize ethernetHosts(1460);
    Scenario sc;
    std::vector<ScenarioError> errors;
    BOOST_REQUIRE(LoadScenario(kSrc + "/tests/scenario/data/change-tcp-mss.yaml", sc, errors));
    RunOptions opt;
    opt.outDir = (fs::temp_directory_path() / ("l2tplab-mss-" + std::to_string(getpid()))).string();
    opt.judge = false;
    RunSummary s;
    std::string err;
    BOOST_REQUIRE_MESSAGE(RunScenario(sc, opt, s, err), err);
    for (const auto& r : s.results)
    {
        BOOST_TEST(r.pass, r.id << ": expected " << r.expected << "; actual " << r.actual);
    }
    const std::string dir = opt.outDir + "/pcaps/";
    // SYN and SYN-ACK in the tunnel: no MSS option (ns-3), so nothing was clamped.
    BOOST_TEST(Count(dir + "clamp-l2tp-out1.pcap", "tcp.flags.syn == 1") == 2);
    BOOST_TEST(SynMss(dir + "clamp-l2tp-out1.pcap") == ",,");
    // What the clamp would have prevented: 1500-octet packets fragmented at the 1450 interface.
    const std::string frag = "ip.flags.mf == 1 || ip.frag_offset > 0";
    BOOST_TEST(Count(dir + "clamp-l2tp-out1.pcap", frag) > 50);
    BOOST_TEST(Count(dir + "noclamp-l2tp-out1.pcap", frag) > 50);
    fs::remove_all(opt.outDir);
}

BOOST_AUTO_TEST_SUITE_END()
