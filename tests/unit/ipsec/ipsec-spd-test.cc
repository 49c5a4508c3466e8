// The SPD (RFC 4301 §4.4.1, §5.1, §5.2) as RouterOS policies: outbound protect/bypass/discard/
// acquire, a clear packet refused where a policy says encrypt (use-ipsec=required), generated
// policies (port-strict, port-override), and the two server behaviours for two clients behind one
// NAT: naive (client 2's SA steals client 1's replies) and per-peer (both work).

#include "model/ipsec/ipsec-spd.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace ns3;

namespace
{

uint32_t
A(const std::string& s)
{
    uint32_t a = 0;
    BOOST_REQUIRE(SpdParseIpv4(s, a));
    return a;
}

SpdPacket
Udp(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport)
{
    SpdPacket p;
    p.src = A(src);
    p.dst = A(dst);
    p.protocol = 17;
    p.srcPort = sport;
    p.dstPort = dport;
    return p;
}

/** Both halves of one quick mode as the engine's INSTALL_SA actions carry them. */
std::vector<IkeSaInstall>
Pair(const std::string& peer,
     uint32_t reqid,
     const std::string& local,
     const std::string& remote,
     uint16_t remotePort,
     uint32_t outSpi,
     uint32_t inSpi,
     bool encap)
{
    IkeSaInstall in;
    in.inbound = true;
    in.esp.spi = inSpi;
    in.local = {local, static_cast<uint16_t>(encap ? 4500 : 0)};
    in.remote = {remote, remotePort};
    in.udpEncap = encap;
    in.peer = peer;
    in.reqid = reqid;
    IkeSaInstall out = in;
    out.inbound = false;
    out.esp.spi = outSpi;
    return {in, out};
}

std::vector<SpdChange>
Install(IpsecSpd& spd, const std::vector<IkeSaInstall>& sas)
{
    std::vector<SpdChange> all;
    for (const IkeSaInstall& s : sas)
    {
        for (const SpdChange& c : spd.OnInstall(s))
        {
            all.push_back(c);
        }
    }
    return all;
}

/** The manual's client policy: src 10.5.8.120/32 dst 1.1.1.1/32 protocol=udp. */
SpdPolicy
ManualClientPolicy()
{
    SpdPolicy p;
    SpdParsePrefix("10.5.8.120/32", p.srcAddr, p.srcLen);
    SpdParsePrefix("1.1.1.1/32", p.dstAddr, p.dstLen);
    p.protocol = 17;
    p.saSrc = A("10.5.8.120");
    p.saDst = A("1.1.1.1");
    return p;
}

/** What the server's use-ipsec=required adds: L2TP to us is encrypt, dynamic peer passive. */
SpdPolicy
RequiredTemplate(const std::string& server)
{
    SpdPolicy p;
    SpdParsePrefix(server + "/32", p.srcAddr, p.srcLen);
    p.protocol = 17;
    p.srcPort = kL2tpUdpPort;
    p.peer = "l2tp-in-server";
    return p;
}

// Two clients behind one NAT: public 198.51.100.2, NAT-T mappings 4500 and 1024.
const char* const kServer = "203.0.113.2";
const char* const kNatPublic = "198.51.100.2";

} // namespace

BOOST_AUTO_TEST_SUITE(ipsec_spd)

BOOST_AUTO_TEST_CASE(reason_rows_and_names_are_complete)
{
    size_t n = 0;
    const SpdReasonInfo* rows = SpdReasonTable(n);
    BOOST_REQUIRE_EQUAL(n, static_cast<size_t>(SpdReason::COUNT_));
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i)
    {
        BOOST_CHECK_EQUAL(static_cast<size_t>(rows[i].reason), i);
        BOOST_CHECK(names.insert(rows[i].name).second);
    }
    SpdAction a;
    SpdLevel l;
    SpdGenerate g;
    SpdServerMode m;
    BOOST_CHECK(ParseSpdAction("discard", a) && a == SpdAction::DISCARD);
    BOOST_CHECK(!ParseSpdAction("drop", a));
    BOOST_CHECK(ParseSpdLevel("unique", l) && l == SpdLevel::UNIQUE);
    BOOST_CHECK(!ParseSpdLevel("use", l)); // RouterOS has no "use"
    BOOST_CHECK(ParseSpdGenerate("port-strict", g) && g == SpdGenerate::PORT_STRICT);
    BOOST_CHECK(ParseSpdGenerate("yes", g) && g == SpdGenerate::PORT_OVERRIDE); // v6 spelling
    BOOST_CHECK(!ParseSpdGenerate("maybe", g));
    BOOST_CHECK(ParseSpdServerMode("per-peer", m) && m == SpdServerMode::PER_PEER);
    BOOST_CHECK(!ParseSpdServerMode("linux", m));
}

BOOST_AUTO_TEST_CASE(addresses_and_prefixes_parse_both_ways)
{
    uint32_t a = 0;
    uint8_t len = 0;
    BOOST_CHECK(SpdParsePrefix("10.5.8.0/24", a, len));
    BOOST_CHECK_EQUAL(a, 0x0A050800u);
    BOOST_CHECK_EQUAL(int(len), 24);
    BOOST_CHECK(SpdParsePrefix("1.1.1.1", a, len) && len == 32);
    BOOST_CHECK_EQUAL(SpdIpv4Text(0xCB007102u), "203.0.113.2");
    BOOST_CHECK(!SpdParseIpv4("1.1.1", a));
    BOOST_CHECK(!SpdParseIpv4("1.1.1.256", a));
    BOOST_CHECK(!SpdParseIpv4("1.1.1.1x", a));
    BOOST_CHECK(!SpdParsePrefix("1.1.1.1/33", a, len));
    BOOST_CHECK(!SpdParsePrefix("1.1.1.1/", a, len));
}

// RFC 4301 §5.1: a packet an encrypt policy covers with no SA triggers a negotiation (the
// manual's client: protocol-only policy, so the L2TP ports are proposed, RFC 3193 §4); once
// both halves are installed it is protected with the SA to sa-dst; anything else bypasses.
BOOST_AUTO_TEST_CASE(client_policy_acquires_then_protects)
{
    IpsecSpd spd;
    spd.AddStatic(ManualClientPolicy());
    const SpdPacket l2tp = Udp("10.5.8.120", 1701, "1.1.1.1", 1701);
    OutboundResult r = spd.Outbound(l2tp);
    BOOST_CHECK(r.verdict == OutboundResult::Verdict::ACQUIRE);
    BOOST_CHECK_EQUAL(r.acquireRemote.addr, "1.1.1.1");
    BOOST_CHECK_EQUAL(r.acquireSelector.localPort, 1701);
    BOOST_CHECK_EQUAL(r.acquireSelector.remotePort, 1701);
    // Other destinations are not covered.
    BOOST_CHECK(spd.Outbound(Udp("10.5.8.120", 53, "8.8.8.8", 53)).verdict ==
                OutboundResult::Verdict::BYPASS);
    // Half a pair is not usable.
    auto sas = Pair("p1", 1, "10.5.8.120", "1.1.1.1", 4500, 0xC0DE0001, 0xC0DE1001, true);
    spd.OnInstall(sas[0]);
    BOOST_CHECK(spd.Outbound(l2tp).verdict == OutboundResult::Verdict::ACQUIRE);
    spd.OnInstall(sas[1]);
    r = spd.Outbound(l2tp);
    BOOST_REQUIRE(r.verdict == OutboundResult::Verdict::PROTECT);
    BOOST_CHECK_EQUAL(r.sa.outSpi, 0xC0DE0001u);
    BOOST_CHECK(r.sa.udpEncap);
    BOOST_CHECK_EQUAL(r.sa.remote.port, 4500);
    BOOST_CHECK_EQUAL(r.rewriteDstPort, 0);
    BOOST_CHECK_EQUAL(spd.Counters().protectedOut, 1u);
    BOOST_CHECK_EQUAL(spd.Counters().acquires, 2u);
    // An SA to another destination is never used for this policy.
    IpsecSpd other;
    other.AddStatic(ManualClientPolicy());
    Install(other, Pair("p1", 1, "10.5.8.120", "9.9.9.9", 4500, 0x3001, 0x3002, true));
    BOOST_CHECK(other.Outbound(l2tp).verdict == OutboundResult::Verdict::ACQUIRE);
}

// First match wins: a `none` policy before the encrypt one bypasses, a `discard` one drops.
BOOST_AUTO_TEST_CASE(actions_none_and_discard_in_order)
{
    IpsecSpd spd;
    SpdPolicy none = ManualClientPolicy();
    none.action = SpdAction::NONE;
    none.dstPort = 53;
    spd.AddStatic(none);
    SpdPolicy discard = ManualClientPolicy();
    discard.action = SpdAction::DISCARD;
    discard.dstPort = 9;
    spd.AddStatic(discard);
    spd.AddStatic(ManualClientPolicy());
    BOOST_CHECK(spd.Outbound(Udp("10.5.8.120", 5353, "1.1.1.1", 53)).verdict ==
                OutboundResult::Verdict::BYPASS);
    OutboundResult d = spd.Outbound(Udp("10.5.8.120", 5353, "1.1.1.1", 9));
    BOOST_CHECK(d.verdict == OutboundResult::Verdict::DROP);
    BOOST_CHECK(d.reason == SpdReason::DISCARD_POLICY);
    BOOST_CHECK_EQUAL(d.policy, 1);
    BOOST_CHECK(spd.Outbound(Udp("10.5.8.120", 1701, "1.1.1.1", 1701)).verdict ==
                OutboundResult::Verdict::ACQUIRE);
    BOOST_CHECK_EQUAL(spd.Counters().Drops(SpdReason::DISCARD_POLICY), 1u);
    // Inbound: the discard policy also drops the reverse direction.
    InboundResult in = spd.InboundClear(Udp("1.1.1.1", 9, "10.5.8.120", 5353));
    BOOST_CHECK(!in.accept);
    BOOST_CHECK(in.reason == SpdReason::DISCARD_POLICY);
}

// use-ipsec=required (RFC 4301 §5.2 step 3a): plain L2TP to the server is dropped and counted;
// other clear traffic to the server (ping, IKE on 500) is not; the passive server never acquires.
BOOST_AUTO_TEST_CASE(required_refuses_plain_l2tp_only)
{
    IpsecSpd spd;
    spd.SetGenerate("l2tp-in-server", SpdGenerate::PORT_STRICT);
    spd.AddStatic(RequiredTemplate(kServer));
    InboundResult plain = spd.InboundClear(Udp("198.51.100.2", 1701, kServer, 1701));
    BOOST_CHECK(!plain.accept);
    BOOST_CHECK(plain.reason == SpdReason::CLEAR_BUT_ENCRYPT);
    BOOST_CHECK_EQUAL(spd.Counters().Drops(SpdReason::CLEAR_BUT_ENCRYPT), 1u);
    BOOST_CHECK(spd.InboundClear(Udp("198.51.100.2", 500, kServer, 500)).accept);
    SpdPacket ping = Udp("198.51.100.2", 0, kServer, 0);
    ping.protocol = 1;
    BOOST_CHECK(spd.InboundClear(ping).accept);
    // The server's own L2TP reply with no SA: dropped (passive), never an acquire.
    OutboundResult r = spd.Outbound(Udp(kServer, 1701, "198.51.100.2", 1701));
    BOOST_CHECK(r.verdict == OutboundResult::Verdict::DROP);
    BOOST_CHECK(r.reason == SpdReason::NO_SA);
    BOOST_CHECK_EQUAL(spd.Counters().acquires, 0u);
    // Without the template (use-ipsec=yes), plain L2TP is accepted.
    IpsecSpd yes;
    yes.SetGenerate("l2tp-in-server", SpdGenerate::PORT_STRICT);
    BOOST_CHECK(yes.InboundClear(Udp("198.51.100.2", 1701, kServer, 1701)).accept);
}

// generate-policy: port-strict copies the proposal's ports, port-override makes them any; the
// dynamic policy is listed first with "D" and goes when its SA is deleted.
BOOST_AUTO_TEST_CASE(generated_policies_port_strict_and_override)
{
    IpsecSpd strict;
    strict.SetGenerate("l2tp-in-server", SpdGenerate::PORT_STRICT);
    strict.AddStatic(RequiredTemplate(kServer));
    auto ch =
        Install(strict, Pair("l2tp-in-server", 7, kServer, "100.64.0.9", 0, 0x5001, 0x6001, false));
    BOOST_REQUIRE_EQUAL(ch.size(), 1u);
    BOOST_CHECK_EQUAL(ch[0].kind, "policy-generated");
    std::vector<SpdPolicy> pols = strict.Policies();
    BOOST_REQUIRE_EQUAL(pols.size(), 2u);
    BOOST_CHECK(pols[0].dynamic);
    BOOST_CHECK_EQUAL(pols[0].srcPort, 1701);
    BOOST_CHECK_EQUAL(pols[0].dstPort, 1701);
    BOOST_CHECK_EQUAL(IpsecSpd::Print(pols[0]).substr(0, 2), "D ");
    BOOST_CHECK(IpsecSpd::Print(pols[0]).find("dst-address=100.64.0.9/32:1701") !=
                std::string::npos);
    OutboundResult r = strict.Outbound(Udp(kServer, 1701, "100.64.0.9", 1701));
    BOOST_REQUIRE(r.verdict == OutboundResult::Verdict::PROTECT);
    BOOST_CHECK_EQUAL(r.sa.outSpi, 0x5001u);
    BOOST_CHECK(!r.sa.udpEncap);
    // A port the proposal did not name is not covered by the strict policy.
    BOOST_CHECK(strict.Outbound(Udp(kServer, 1701, "100.64.0.9", 1702)).verdict !=
                OutboundResult::Verdict::PROTECT);
    IpsecSpd over;
    over.SetGenerate("l2tp-in-server", SpdGenerate::PORT_OVERRIDE);
    Install(over, Pair("l2tp-in-server", 7, kServer, "100.64.0.9", 0, 0x5001, 0x6001, false));
    BOOST_CHECK_EQUAL(over.Policies()[0].dstPort, 0);
    BOOST_CHECK(over.Outbound(Udp(kServer, 1701, "100.64.0.9", 1702)).verdict ==
                OutboundResult::Verdict::PROTECT);
    // Delete: the dynamic policy goes, L2TP to the peer is refused again (passive: no acquire).
    auto del = strict.OnDelete(0x6001, true);
    BOOST_REQUIRE_EQUAL(del.size(), 1u);
    BOOST_CHECK_EQUAL(del[0].kind, "policy-removed");
    BOOST_CHECK_EQUAL(strict.Policies().size(), 1u);
    BOOST_CHECK(strict.Outbound(Udp(kServer, 1701, "100.64.0.9", 1701)).reason == SpdReason::NO_SA);
    BOOST_CHECK(strict.OnDelete(0x6001, true).empty()); // unknown SPI: nothing
}

// The two clients behind one NAT, naive server: both propose 1701<->1701 and both
// arrive from 198.51.100.2, so the second quick mode takes the one generated policy over; the
// server's replies to client 1 now leave with client 2's SA. Inbound still works for both.
BOOST_AUTO_TEST_CASE(naive_server_client2_steals_client1_replies)
{
    IpsecSpd spd(SpdServerMode::NAIVE);
    spd.SetGenerate("l2tp-in-server", SpdGenerate::PORT_STRICT);
    auto c1 = Pair("l2tp-in-server", 1, kServer, kNatPublic, 4500, 0x1001, 0x2001, true);
    auto c2 = Pair("l2tp-in-server", 2, kServer, kNatPublic, 1024, 0x1002, 0x2002, true);
    const SpdPacket reply = Udp(kServer, 1701, kNatPublic, 1701);
    Install(spd, c1);
    BOOST_CHECK_EQUAL(spd.Outbound(reply).sa.outSpi, 0x1001u);
    auto ch = Install(spd, c2);
    BOOST_REQUIRE_EQUAL(ch.size(), 1u);
    BOOST_CHECK_EQUAL(ch[0].kind, "policy-taken-over");
    BOOST_CHECK_EQUAL(spd.Policies().size(), 1u); // one policy for two clients
    OutboundResult r = spd.Outbound(reply);
    BOOST_REQUIRE(r.verdict == OutboundResult::Verdict::PROTECT);
    BOOST_CHECK_EQUAL(r.sa.outSpi, 0x1002u);   // client 2's SA ...
    BOOST_CHECK_EQUAL(r.sa.remote.port, 1024); // ... to client 2's NAT-T port
    BOOST_CHECK_EQUAL(r.rewriteDstPort, 0);
    // Both clients' packets still decrypt and pass the inbound check (same selector).
    const SpdPacket fromNat = Udp(kNatPublic, 1701, kServer, 1701);
    BOOST_CHECK(spd.InboundProtected(fromNat, 0x2001).accept);
    BOOST_CHECK(spd.InboundProtected(fromNat, 0x2002).accept);
    BOOST_CHECK_EQUAL(spd.InboundProtected(fromNat, 0x2001).rewriteSrcPort, 0);
}

// Per-peer server: one policy per NAT-T encapsulation port; the node's L2TP sees the clients as
// (198.51.100.2, 4500) and (198.51.100.2, 1024); each reply goes out with its own client's SA.
BOOST_AUTO_TEST_CASE(per_peer_server_keeps_both_clients_apart)
{
    IpsecSpd spd(SpdServerMode::PER_PEER);
    spd.SetGenerate("l2tp-in-server", SpdGenerate::PORT_STRICT);
    spd.AddStatic(RequiredTemplate(kServer));
    Install(spd, Pair("l2tp-in-server", 1, kServer, kNatPublic, 4500, 0x1001, 0x2001, true));
    auto ch =
        Install(spd, Pair("l2tp-in-server", 2, kServer, kNatPublic, 1024, 0x1002, 0x2002, true));
    BOOST_REQUIRE_EQUAL(ch.size(), 1u);
    BOOST_CHECK_EQUAL(ch[0].kind, "policy-generated");
    BOOST_CHECK_EQUAL(spd.Policies().size(), 3u);
    const SpdPacket fromNat = Udp(kNatPublic, 1701, kServer, 1701);
    InboundResult in1 = spd.InboundProtected(fromNat, 0x2001);
    InboundResult in2 = spd.InboundProtected(fromNat, 0x2002);
    BOOST_CHECK(in1.accept && in2.accept);
    BOOST_CHECK_EQUAL(in1.rewriteSrcPort, 4500);
    BOOST_CHECK_EQUAL(in2.rewriteSrcPort, 1024);
    OutboundResult r1 = spd.Outbound(Udp(kServer, 1701, kNatPublic, 4500));
    OutboundResult r2 = spd.Outbound(Udp(kServer, 1701, kNatPublic, 1024));
    BOOST_REQUIRE(r1.verdict == OutboundResult::Verdict::PROTECT);
    BOOST_REQUIRE(r2.verdict == OutboundResult::Verdict::PROTECT);
    BOOST_CHECK_EQUAL(r1.sa.outSpi, 0x1001u);
    BOOST_CHECK_EQUAL(r2.sa.outSpi, 0x1002u);
    BOOST_CHECK_EQUAL(r1.rewriteDstPort, 1701);
    BOOST_CHECK_EQUAL(r2.rewriteDstPort, 1701);
    // Plain L2TP from behind the same NAT is still refused by the template.
    BOOST_CHECK(!spd.InboundClear(fromNat).accept);
    // A client without NAT (no encapsulation) gets an ordinary policy, no rewrite.
    Install(spd, Pair("l2tp-in-server", 3, kServer, "192.0.2.7", 0, 0x1003, 0x2003, false));
    InboundResult in3 = spd.InboundProtected(Udp("192.0.2.7", 1701, kServer, 1701), 0x2003);
    BOOST_CHECK(in3.accept);
    BOOST_CHECK_EQUAL(in3.rewriteSrcPort, 0);
    BOOST_CHECK_EQUAL(spd.Outbound(Udp(kServer, 1701, "192.0.2.7", 1701)).sa.outSpi, 0x1003u);
}

// A rekey of a client behind the NAT (RFC 2409 §5.5: a new pair, same peer, same NAT-T port):
// both servers re-bind the generated policy to the new pair ("policy-rebound"), replies leave with
// it, and the replaced pair's inbound SA still accepts (what the peer sent before it switched)
// until its DELETE, which leaves the policy in place. Client 1's rekey never moves client 2.
BOOST_AUTO_TEST_CASE(rekey_rebinds_the_policy_and_the_old_inbound_sa_still_accepts)
{
    for (SpdServerMode mode : {SpdServerMode::NAIVE, SpdServerMode::PER_PEER})
    {
        IpsecSpd spd(mode);
        spd.SetGenerate("l2tp-in-server", SpdGenerate::PORT_STRICT);
        const bool perPeer = mode == SpdServerMode::PER_PEER;
        Install(spd, Pair("l2tp-in-server", 1, kServer, kNatPublic, 4500, 0x1001, 0x2001, true));
        auto ch = Install(
            spd, Pair("l2tp-in-server", 2, kServer, kNatPublic, 4500, 0x1002, 0x2002, true));
        BOOST_REQUIRE_EQUAL(ch.size(), 1u);
        BOOST_CHECK_EQUAL(ch[0].kind, "policy-rebound");
        const SpdPacket reply = Udp(kServer, 1701, kNatPublic, perPeer ? 4500 : 1701);
        BOOST_CHECK_EQUAL(spd.Outbound(reply).sa.outSpi, 0x1002u);
        const SpdPacket fromNat = Udp(kNatPublic, 1701, kServer, 1701);
        InboundResult oldIn = spd.InboundProtected(fromNat, 0x2001);
        BOOST_CHECK(oldIn.accept);
        BOOST_CHECK_EQUAL(oldIn.rewriteSrcPort, perPeer ? 4500 : 0);
        BOOST_CHECK(spd.InboundProtected(fromNat, 0x2002).accept);
        // The DELETE of the old pair: the policy (bound to the new pair) stays.
        spd.OnDelete(0x2001, true);
        spd.OnDelete(0x1001, false);
        BOOST_CHECK_EQUAL(spd.Policies().size(), 1u);
        BOOST_CHECK_EQUAL(spd.Outbound(reply).sa.outSpi, 0x1002u);
        // The refusal side: the deleted SA no longer passes the check.
        BOOST_CHECK(!spd.InboundProtected(fromNat, 0x2001).accept);
    }
}

// RFC 4301 §5.2 step 4: after decryption the inner packet must be one the SA may carry.
BOOST_AUTO_TEST_CASE(protected_inbound_checks_the_sa_against_the_policy)
{
    IpsecSpd spd;
    SpdPolicy unique = ManualClientPolicy();
    unique.level = SpdLevel::UNIQUE;
    unique.peer = "office";
    spd.AddStatic(unique);
    Install(spd, Pair("office", 1, "10.5.8.120", "1.1.1.1", 4500, 0x7001, 0x8001, true));
    Install(spd, Pair("other", 2, "10.5.8.120", "1.1.1.1", 4500, 0x7002, 0x8002, true));
    const SpdPacket in = Udp("1.1.1.1", 1701, "10.5.8.120", 1701);
    BOOST_CHECK(spd.InboundProtected(in, 0x8001).accept);
    InboundResult wrong = spd.InboundProtected(in, 0x8002);
    BOOST_CHECK(!wrong.accept);
    BOOST_CHECK(wrong.reason == SpdReason::SA_NOT_FOR_POLICY);
    InboundResult uncovered = spd.InboundProtected(Udp("9.9.9.9", 53, "10.5.8.120", 53), 0x8001);
    BOOST_CHECK(!uncovered.accept);
    BOOST_CHECK(uncovered.reason == SpdReason::NO_POLICY_FOR_SA);
    BOOST_CHECK(!spd.InboundProtected(in, 0xDEAD).accept); // no such SA
    BOOST_CHECK_EQUAL(spd.Counters().Drops(SpdReason::SA_NOT_FOR_POLICY), 1u);
    BOOST_CHECK_EQUAL(spd.Counters().Drops(SpdReason::NO_POLICY_FOR_SA), 2u);
    // UNIQUE outbound uses only the bound SA (office's), never the newer "other" one.
    BOOST_CHECK_EQUAL(spd.Outbound(Udp("10.5.8.120", 1701, "1.1.1.1", 1701)).sa.outSpi, 0x7001u);
}

BOOST_AUTO_TEST_SUITE_END()
