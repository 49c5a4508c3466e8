/**
 * \file
 * \brief IPCP (RFC 1332) with RFC 1877 DNS options, client against server back to back: address
 * assignment by Nak (§3.3), DNS by Nak or Reject, deprecated and unmodelled options Rejected.
 */

#include "model/ppp/ppp-ipcp.h"
#include "ppp-test-support.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;
using namespace ns3::ppptest;

namespace
{

using S = PppCpState;

constexpr uint32_t kServerIp = 0x0a630001; // 10.99.0.1
constexpr uint32_t kClientIp = 0x0a63000a; // 10.99.0.10
constexpr uint32_t kDns1 = 0x08080808;
constexpr uint32_t kDns2 = 0x01010101;

struct IpcpPair
{
    BackToBack wire;
    PppIpcp client;
    PppIpcp server;

    ~IpcpPair()
    {
        CheckCountersDeclared(client);
        CheckCountersDeclared(server);
    }
    IpcpPair(const PppIpcpConfig& c, const PppIpcpConfig& s)
        : client(c, wire.a)
        , server(s, wire.b)
    {
        wire.Attach(client, server);
        wire.OpenBoth();
        wire.Run();
    }
};

PppIpcpConfig
ServerCfg(uint32_t dns1 = 0, uint32_t dns2 = 0)
{
    PppIpcpConfig s;
    s.localAddress = kServerIp;
    s.peerAddress = kClientIp;
    s.dns1 = dns1;
    s.dns2 = dns2;
    return s;
}

PppIpcpConfig
ClientCfg(bool dns)
{
    PppIpcpConfig c;
    c.requestDns = dns;
    return c;
}

Bytes
Addr(uint32_t v)
{
    return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(PppIpcpTests)

// §3.3: the client asks with 0.0.0.0, the server Naks with the address it assigns, the client
// takes it; RFC 1877: DNS asked with 0.0.0.0 and Nak'd with the server's.
BOOST_AUTO_TEST_CASE(ClientGetsAddressAndDns)
{
    IpcpPair p(ClientCfg(true), ServerCfg(kDns1, kDns2));
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST((p.server.State() == S::OPENED));
    BOOST_TEST(p.client.Result().local == kClientIp);
    BOOST_TEST(p.client.Result().peer == kServerIp);
    BOOST_TEST(p.client.Result().dns1 == kDns1);
    BOOST_TEST(p.client.Result().dns2 == kDns2);
    BOOST_TEST(p.server.Result().local == kServerIp);
    BOOST_TEST(p.server.Result().peer == kClientIp);
    const PppCpPacket* first = &p.wire.a.sent.front();
    BOOST_TEST(first->code == kPppConfigureRequest);
    BOOST_TEST(first->data == (Bytes{kIpcpIpAddress, 6, 0, 0, 0, 0, kIpcpPrimaryDns, 6, 0, 0, 0, 0,
                                     kIpcpSecondaryDns, 6, 0, 0, 0, 0}),
               boost::test_tools::per_element());
    const PppCpPacket* nak = p.wire.b.Last(kPppConfigureNak);
    BOOST_REQUIRE(nak != nullptr);
    Bytes want{kIpcpIpAddress, 6};
    for (uint32_t v : {kClientIp})
    {
        Bytes a = Addr(v);
        want.insert(want.end(), a.begin(), a.end());
    }
    want.push_back(kIpcpPrimaryDns);
    want.push_back(6);
    Bytes d1 = Addr(kDns1);
    want.insert(want.end(), d1.begin(), d1.end());
    want.push_back(kIpcpSecondaryDns);
    want.push_back(6);
    Bytes d2 = Addr(kDns2);
    want.insert(want.end(), d2.begin(), d2.end());
    BOOST_TEST(nak->data == want, boost::test_tools::per_element());
}

// A server without DNS servers Rejects the DNS options; the client opens without DNS.
BOOST_AUTO_TEST_CASE(DnsRejectedByServerWithout)
{
    IpcpPair p(ClientCfg(true), ServerCfg());
    BOOST_TEST((p.client.State() == S::OPENED));
    BOOST_TEST(p.client.Result().local == kClientIp);
    BOOST_TEST(p.client.Result().dns1 == 0u);
    const PppCpPacket* rej = p.wire.b.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    BOOST_TEST(rej->data ==
                   (Bytes{kIpcpPrimaryDns, 6, 0, 0, 0, 0, kIpcpSecondaryDns, 6, 0, 0, 0, 0}),
               boost::test_tools::per_element());
}

// A client that asks for the wrong address is Nak'd with the assigned one.
BOOST_AUTO_TEST_CASE(WrongAddressNaked)
{
    PppIpcpConfig c = ClientCfg(false);
    c.localAddress = 0x0a000005;
    IpcpPair p(c, ServerCfg());
    // A client with a fixed address does not take the Nak: negotiation cannot converge, the
    // server ends up Rejecting after Max-Failure and the client opens without an address.
    BOOST_TEST(p.wire.b.CountSent(kPppConfigureNak) >= 1u);
    BOOST_TEST(p.wire.b.sent.size() > 0u);
    const PppCpPacket& nak = *p.wire.b.Last(kPppConfigureNak);
    BOOST_TEST(nak.data == (Bytes{kIpcpIpAddress, 6, 0x0a, 0x63, 0, 0x0a}),
               boost::test_tools::per_element());
    BOOST_TEST(p.server.Counter("ipcp/max-failure") >= 1u);
}

// A client that sends no IP-Address gets one appended to a Nak (RFC 1661 §5.3).
BOOST_AUTO_TEST_CASE(MissingAddressAppendedToNak)
{
    Recorder rec;
    PppIpcp server(ServerCfg(), rec);
    server.Up(0);
    server.Open(0);
    server.Input(Configure(kPppConfigureRequest, 3, {}), kMs);
    const PppCpPacket* nak = rec.Last(kPppConfigureNak);
    BOOST_REQUIRE(nak != nullptr);
    BOOST_TEST(nak->data == (Bytes{kIpcpIpAddress, 6, 0x0a, 0x63, 0, 0x0a}),
               boost::test_tools::per_element());
}

// RFC 1332 §3.1 IP-Addresses (deprecated), §3.2 VJ compression and RFC 1877 NBNS: Rejected.
BOOST_AUTO_TEST_CASE(DeprecatedAndUnmodelledRejected)
{
    Recorder rec;
    PppIpcp server(ServerCfg(kDns1), rec);
    server.Up(0);
    server.Open(0);
    server.Input(Configure(kPppConfigureRequest, 4,
                           {{kIpcpIpAddresses, {0, 0, 0, 0, 0, 0, 0, 0}},
                            {kIpcpIpCompression, {0x00, 0x2d, 0x0f, 0x01}},
                            {kIpcpIpAddress, Addr(kClientIp)},
                            {kIpcpPrimaryNbns, {0, 0, 0, 0}},
                            {kIpcpSecondaryNbns, {0, 0, 0, 0}}}),
                 kMs);
    const PppCpPacket* rej = rec.Last(kPppConfigureReject);
    BOOST_REQUIRE(rej != nullptr);
    std::vector<PppCpOption> o;
    std::string why;
    BOOST_REQUIRE(DecodePppCpOptions(rej->data, o, why));
    BOOST_REQUIRE(o.size() == 4u);
    BOOST_TEST(o[0].type == kIpcpIpAddresses);
    BOOST_TEST(o[1].type == kIpcpIpCompression);
    BOOST_TEST(o[2].type == kIpcpPrimaryNbns);
    BOOST_TEST(o[3].type == kIpcpSecondaryNbns);
    const PppOptionTable t = IpcpOptionTable();
    BOOST_TEST((t.Find(kIpcpIpAddresses)->support == PppOptionSupport::REJECTED));
    BOOST_TEST((t.Find(kIpcpIpCompression)->support == PppOptionSupport::REJECTED));
    BOOST_TEST(std::string(t.Find(kIpcpIpCompression)->note).find("Van Jacobson") !=
               std::string::npos);
}

// Without an address to assign, a peer asking for one (0.0.0.0) is Rejected; a peer with its own
// address is Acked.
BOOST_AUTO_TEST_CASE(NoPoolNoAssignment)
{
    Recorder rec;
    PppIpcpConfig cfg;
    cfg.localAddress = kServerIp;
    PppIpcp ipcp(cfg, rec);
    ipcp.Up(0);
    ipcp.Open(0);
    ipcp.Input(Configure(kPppConfigureRequest, 5, {{kIpcpIpAddress, {0, 0, 0, 0}}}), kMs);
    BOOST_TEST(rec.CountSent(kPppConfigureReject) == 1u);
    ipcp.Input(Configure(kPppConfigureRequest, 6, {{kIpcpIpAddress, Addr(kClientIp)}}), kMs);
    BOOST_TEST(rec.CountSent(kPppConfigureAck) == 1u);
    BOOST_TEST((ipcp.State() == S::ACK_SENT));
}

// IPCP does not know the LCP-only codes (RFC 1661 §5.7-5.9): an Echo-Request is Code-Rejected.
BOOST_AUTO_TEST_CASE(LcpCodesUnknownToIpcp)
{
    IpcpPair p(ClientCfg(false), ServerCfg());
    p.client.Input(Packet(kPppEchoRequest, 1, {0, 0, 0, 0}), p.wire.now);
    BOOST_TEST(p.wire.a.CountSent(kPppCodeReject) == 1u);
    BOOST_TEST(p.client.Counter("ipcp/rx/unknown") == 1u);
    BOOST_TEST((p.client.State() == S::OPENED));
}

BOOST_AUTO_TEST_SUITE_END()
