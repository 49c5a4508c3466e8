/**
 * \file
 * \brief The MTU calculator against the simulator's bytes (issue 9): scenarios/mtu-limit.yaml
 * sends pings of 1400..1500 bytes through an L2TP tunnel over a 1500-byte link; every L2TP data
 * packet in the capture must be exactly as large as `MtuWireSize()` says for its inner packet, and
 * split into IP fragments exactly when that exceeds the link MTU.
 */
#include "model/mtu/mtu-calculator.h"
#include "runner/ns3/scenario-runner.h"
#include "runner/scenario-loader.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
namespace fs = std::filesystem;

namespace
{

const std::string kSrc = L2TPLAB_SOURCE_DIR;

uint32_t
U16(const std::string& b, size_t at)
{
    return (static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]);
}

uint32_t
U32(const std::string& b, size_t at, bool swap)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
    {
        uint32_t byte = static_cast<uint8_t>(b[at + (swap ? 3 - i : i)]);
        v = (v << 8) | byte;
    }
    return v;
}

/** One L2TP data message (first or only IP fragment) seen on the link. */
struct L2tpDataPacket
{
    uint32_t datagram{0};    //!< whole outer IP datagram: 20 + UDP length
    uint32_t firstPacket{0}; //!< IP total length of the packet on the wire
    bool fragmented{false};  //!< MF set on it
    uint32_t l2tpHeader{0};  //!< L2TP data header octets
    uint32_t pppHeader{0};   //!< PPP address/control + protocol octets
    uint32_t inner{0};       //!< inner IPv4 total length
};

/** Parse an L2TP data packet carrying IPv4 at `ip` (offset of the outer IPv4 header), if any. */
bool
ParseL2tpData(const std::string& b, size_t ip, L2tpDataPacket& out)
{
    size_t ihl = (static_cast<uint8_t>(b[ip]) & 0x0f) * 4u;
    uint32_t fragField = U16(b, ip + 6);
    if ((static_cast<uint8_t>(b[ip]) >> 4) != 4 || static_cast<uint8_t>(b[ip + 9]) != 17 ||
        (fragField & 0x1fff) != 0)
    {
        return false; // not IPv4/UDP, or a non-first fragment
    }
    size_t udp = ip + ihl;
    size_t l2tp = udp + 8;
    uint32_t flags = U16(b, l2tp);
    if (U16(b, udp + 2) != 1701 || (flags & 0x8000) != 0)
    {
        return false; // not L2TP, or a control message
    }
    size_t hdr = 6 + ((flags & 0x4000) ? 2 : 0) + ((flags & 0x0800) ? 4 : 0);
    if (flags & 0x0200)
    {
        hdr += 2 + U16(b, l2tp + hdr);
    }
    size_t ppp = l2tp + hdr;
    size_t pppHdr = (static_cast<uint8_t>(b[ppp]) == 0xff) ? 2 : 0;
    bool shortProto = static_cast<uint8_t>(b[ppp + pppHdr]) & 0x01;
    uint32_t proto = shortProto ? static_cast<uint8_t>(b[ppp + pppHdr]) : U16(b, ppp + pppHdr);
    pppHdr += shortProto ? 1 : 2;
    if (proto != 0x0021)
    {
        return false; // LCP echo or other PPP control traffic
    }
    out.datagram = 20 + U16(b, udp + 4);
    out.firstPacket = U16(b, ip + 2);
    out.fragmented = (fragField & 0x2000) != 0;
    out.l2tpHeader = static_cast<uint32_t>(hdr);
    out.pppHeader = static_cast<uint32_t>(pppHdr);
    out.inner = U16(b, ppp + pppHdr + 2);
    return true;
}

/** Every L2TP data packet carrying IPv4 in a DLT_PPP capture (ns-3 point-to-point). */
std::vector<L2tpDataPacket>
ReadL2tpData(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string b = ss.str();
    BOOST_TEST_REQUIRE(b.size() >= 24u, "no capture " << path);
    uint32_t magic = U32(b, 0, false);
    bool swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    BOOST_TEST_REQUIRE((swap || magic == 0xa1b2c3d4 || magic == 0xa1b23c4d), "not a pcap");
    BOOST_TEST_REQUIRE(U32(b, 20, swap) == 9u, "expected DLT_PPP (ns-3 point-to-point)");
    std::vector<L2tpDataPacket> v;
    for (size_t at = 24; at + 16 <= b.size();)
    {
        uint32_t incl = U32(b, at + 8, swap);
        size_t frame = at + 16;
        at = frame + incl;
        L2tpDataPacket p;
        // 2-octet PPP protocol (0x0021 = IPv4) in front of the IP header; need the headers
        // up to the inner IP total length (20 + 8 + 16 + 8 + 4 at most).
        if (at <= b.size() && incl >= 60 && U16(b, frame) == 0x0021 &&
            ParseL2tpData(b, frame + 2, p))
        {
            v.push_back(p);
        }
    }
    return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(scenario_mtu)

BOOST_AUTO_TEST_CASE(simulator_and_calculator_agree)
{
    Scenario sc;
    std::vector<ScenarioError> errors;
    BOOST_TEST_REQUIRE(LoadScenario(kSrc + "/scenarios/mtu-limit.yaml", sc, errors));
    RunOptions opt;
    opt.outDir = (fs::temp_directory_path() / ("l2tplab-mtu-" + std::to_string(getpid()))).string();
    opt.judge = false;
    fs::remove_all(opt.outDir);
    RunSummary s;
    std::string err;
    BOOST_TEST_REQUIRE(RunScenario(sc, opt, s, err), err);
    BOOST_TEST(s.passed);

    // What the simulator sends: a 6-octet L2TP data header, FF 03 and a 2-octet protocol.
    MtuStackSpec spec;
    BOOST_TEST_REQUIRE(ParseMtuStack("l2tp,ppp", spec, err), err);
    MtuResult calc;
    BOOST_TEST_REQUIRE(ComputeMtu(1500, 4, spec, calc, err), err);
    BOOST_TEST(calc.innerMtu == 1462u);

    std::vector<L2tpDataPacket> pkts = ReadL2tpData(opt.outDir + "/pcaps/lab-ether1.pcap");
    std::map<uint32_t, int> whole;
    std::map<uint32_t, int> split;
    for (const L2tpDataPacket& p : pkts)
    {
        BOOST_TEST(p.l2tpHeader == 6u);
        BOOST_TEST(p.pppHeader == 4u);
        uint32_t wire = MtuWireSize(calc, p.inner);
        BOOST_TEST(p.datagram == wire,
                   "inner " << p.inner << ": datagram " << p.datagram << ", calculator " << wire);
        BOOST_TEST(p.fragmented == (wire > 1500), "inner " << p.inner);
        if (!p.fragmented)
        {
            BOOST_TEST(p.firstPacket == wire);
        }
        (p.fragmented ? split : whole)[p.inner]++;
    }
    // The sweep's echo requests and replies (lab-ether1 sees both directions).
    BOOST_TEST(whole[1400] == 2);
    BOOST_TEST(whole[1461] == 2);
    BOOST_TEST(whole[calc.innerMtu] == 2);     // exactly 1500 octets of IP: not fragmented
    BOOST_TEST(split[calc.innerMtu + 1] == 2); // one more: fragmented
    BOOST_TEST(split[1500] == 2);
    BOOST_TEST(whole.count(calc.innerMtu + 1) == 0u);
    fs::remove_all(opt.outDir);
}

BOOST_AUTO_TEST_SUITE_END()
