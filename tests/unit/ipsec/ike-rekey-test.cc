// Rekeying without loss (issue 8): two IKEv1 engines, each with its own SAD (EspSad) and SPD
// (IpsecSpd) applying the engine's INSTALL_SA / DELETE_SA exactly as the ns-3 carrier does, and a
// wire with a one-way delay carrying IKE datagrams and ESP packets in order. Every 10 ms the client
// sends an L2TP datagram and the server answers it, so traffic flows both ways through every rekey.
//
// Cited: RFC 4301 §4.4.2.1 (soft lifetime: time to replace the SA; hard lifetime: the SA dies),
// RFC 2409 §5.5 (the new SA pair comes from a new quick mode over the ISAKMP SA), RFC 2407 §4.5
// (SA Life Type 2, kilobytes), RFC 2408 §3.15 (DELETE), RFC 2409 §5 / RFC 2407 §4.6.3.3 (a phase 1
// rekey is a new main mode, without INITIAL-CONTACT, and the IPsec SAs survive it).

#include "model/ipsec/esp.h"
#include "tests/unit/ipsec/ike-test-sink.h"
#include "model/ipsec/ike-engine.h"
#include "model/ipsec/ipsec-spd.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>

using namespace ns3;

namespace
{

const char* kClient = "192.0.2.10";
const char* kServer = "198.51.100.2";
constexpr TimeNs kDelay = 10 * kMs; // one-way delay of the wire
constexpr TimeNs kTick = 10 * kMs;  // traffic interval

using Sink = IkeTestSink;

/** One node: engine, SAD, SPD, what it received. */
struct Node
{
    std::string addr;
    std::string peerAddr;
    Sink events;
    std::unique_ptr<Ikev1Engine> engine;
    EspSad sad;
    IpsecSpd spd;
    std::map<std::string, uint64_t> drops; // "esp/<reason>", "spd/<reason>", "no-sa"
    uint64_t sent{0};
    uint64_t received{0};
    std::set<uint32_t> replacedIn; // our inbound SPIs a rekey replaced
    uint64_t viaReplacedIn{0};     // packets accepted by one of those after it was replaced
    size_t maxSas{0};              // most SAs in the SAD at once
    std::vector<IkeSaInstall> installs;

    Node(const std::string& a, const std::string& p, uint64_t seed)
        : addr(a)
        , peerAddr(p)
        , engine(std::make_unique<Ikev1Engine>(events, seed))
    {
    }

    void
    Apply(const IkeAction& a, TimeNs now)
    {
        std::string err;
        if (a.kind == IkeAction::Kind::INSTALL_SA)
        {
            BOOST_REQUIRE(a.sa.inbound ? sad.AddInbound(a.sa.esp, now, err)
                                       : sad.AddOutbound(a.sa.esp, now, err));
            spd.OnInstall(a.sa);
            installs.push_back(a.sa);
            maxSas = std::max(maxSas, sad.Size());
        }
        else if (a.kind == IkeAction::Kind::DELETE_SA)
        {
            if (a.inbound)
            {
                sad.RemoveInbound(a.spi, addr);
            }
            else
            {
                sad.RemoveOutbound(a.spi);
            }
            spd.OnDelete(a.spi, a.inbound);
        }
    }

    void
    NoteEvents(const std::vector<EspSaEvent>& ev, uint32_t spi, TimeNs now)
    {
        for (EspSaEvent e : ev)
        {
            engine->SaLifetimeLimit(spi, e, now); // what the carrier does
        }
    }

    /** Protect one L2TP datagram to the peer; empty if there is no usable SA (counted). */
    Bytes
    Protect(TimeNs now)
    {
        uint32_t a = 0;
        uint32_t b = 0;
        SpdParseIpv4(addr, a);
        SpdParseIpv4(peerAddr, b);
        const OutboundResult r = spd.Outbound(SpdPacket{a, b, 17, 1701, 1701});
        ++sent;
        if (r.verdict == OutboundResult::Verdict::ACQUIRE)
        {
            engine->Acquire(IkeEndpoint{addr, 500}, r.acquireRemote, r.acquireSelector, now);
        }
        EspOutboundSa* sa =
            r.verdict == OutboundResult::Verdict::PROTECT ? sad.FindOutbound(r.sa.outSpi) : nullptr;
        if (sa == nullptr)
        {
            ++drops["no-sa"]; // the carrier would hold it while it acquires; counted here
            return {};
        }
        const Bytes l2tp = {0x1a, 0x1a, 0x06, 0xa5, 0x00, 0x12, 0x00, 0x00, 0xc8,
                            0x02, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00};
        EspTxResult t = sa->Protect(l2tp, kEspNextHeaderUdp, now);
        NoteEvents(t.events, r.sa.outSpi, now);
        if (!t.ok)
        {
            ++drops[std::string("esp/") + GetEspReasonInfo(t.reason).name];
            return {};
        }
        return t.packet;
    }

    /** An ESP packet arrived; true if delivered. */
    bool
    Input(const Bytes& esp, TimeNs now)
    {
        EspRxResult r = sad.Input(addr, esp, now);
        NoteEvents(r.events, r.spi, now);
        if (!r.ok)
        {
            ++drops[std::string("esp/") + GetEspReasonInfo(r.reason).name];
            return false;
        }
        engine->InboundTraffic(r.spi, now);
        uint32_t a = 0;
        uint32_t b = 0;
        SpdParseIpv4(addr, a);
        SpdParseIpv4(peerAddr, b);
        const InboundResult in = spd.InboundProtected(SpdPacket{b, a, 17, 1701, 1701}, r.spi);
        if (!in.accept)
        {
            ++drops[std::string("spd/") + std::to_string(static_cast<int>(in.reason))];
            return false;
        }
        ++received;
        viaReplacedIn += replacedIn.count(r.spi);
        return true;
    }

    uint64_t
    Drops() const
    {
        uint64_t n = 0;
        for (const auto& [k, v] : drops)
        {
            n += v;
        }
        return n;
    }
};

struct InFlight
{
    TimeNs at;
    bool toServer;
    bool ike;
    IkeEndpoint local;
    IkeEndpoint remote;
    Bytes bytes;
};

/** The two nodes and the wire; Run() moves time event by event. */
struct Lab
{
    Node client{kClient, kServer, 11};
    Node server{kServer, kClient, 22};
    std::deque<InFlight> wire; // FIFO: the same delay for everything
    TimeNs now{0};
    TimeNs nextPing{kNever};
    std::function<bool(const InFlight&)> lose; // drop this datagram?
    uint64_t lost{0};

    Lab(const IkePeerConfig& c, const IkePeerConfig& s)
    {
        client.engine->AddPeer(c);
        server.engine->AddPeer(s);
        // The client's policy (l2tp-client use-ipsec), the server's generate-policy.
        SpdPolicy pol;
        SpdParseIpv4(kClient, pol.srcAddr);
        SpdParseIpv4(kServer, pol.dstAddr);
        pol.srcLen = pol.dstLen = 32;
        pol.protocol = 17;
        pol.srcPort = pol.dstPort = 1701;
        pol.saSrc = pol.srcAddr;
        pol.saDst = pol.dstAddr;
        pol.peer = c.name;
        client.spd.AddStatic(pol);
        client.spd.SetGenerate(c.name, SpdGenerate::NO);
        server.spd.SetGenerate(s.name, s.passive ? SpdGenerate::PORT_STRICT : SpdGenerate::NO);
        if (!s.passive)
        {
            SpdPolicy back = pol;
            std::swap(back.srcAddr, back.dstAddr);
            std::swap(back.saSrc, back.saDst);
            back.peer = s.name;
            server.spd.AddStatic(back);
        }
    }

    void
    Drain(Node& n, bool fromClient)
    {
        for (const IkeAction& a : n.engine->TakeActions())
        {
            if (a.kind == IkeAction::Kind::SEND)
            {
                wire.push_back(
                    InFlight{now + kDelay, fromClient, true, a.local, a.remote, a.datagram});
            }
            else
            {
                n.Apply(a, now);
            }
        }
    }

    void
    DrainAll()
    {
        for (int i = 0; i < 4; ++i)
        {
            Drain(client, true);
            Drain(server, false);
        }
    }

    void
    Start()
    {
        IkeSelector sel;
        client.engine->Acquire(IkeEndpoint{kClient, 1701}, IkeEndpoint{kServer, 1701}, sel, now);
        DrainAll();
    }

    void
    Deliver(const InFlight& f)
    {
        if (lose && lose(f))
        {
            return;
        }
        Node& to = f.toServer ? server : client;
        if (f.ike)
        {
            to.engine->Receive(f.remote, f.local, f.bytes, now);
            return;
        }
        if (to.Input(f.bytes, now) && f.toServer)
        {
            Bytes reply = server.Protect(now); // the server answers every datagram
            if (!reply.empty())
            {
                wire.push_back(InFlight{now + kDelay, false, false, {}, {}, reply});
            }
        }
    }

    void
    Step()
    {
        while (!wire.empty() && wire.front().at <= now)
        {
            InFlight f = wire.front();
            wire.pop_front();
            Deliver(f);
            DrainAll();
        }
        if (nextPing <= now)
        {
            nextPing = now + kTick;
            Bytes p = client.Protect(now);
            if (!p.empty())
            {
                wire.push_back(InFlight{now + kDelay, true, false, {}, {}, p});
            }
        }
        for (Node* n : {&client, &server})
        {
            if (n->engine->NextDeadline() <= now)
            {
                n->engine->OnTimer(now);
            }
            for (const auto& [spi, ev] : n->sad.Poll(now))
            {
                n->NoteEvents({ev}, spi, now);
            }
        }
        DrainAll();
        for (Node* n : {&client, &server})
        {
            for (const LabEvent& e : n->events.events)
            {
                if (e.kind == "phase2-rekeyed")
                {
                    n->replacedIn.insert(
                        static_cast<uint32_t>(std::stoul(e.Get("old-spi-in"), nullptr, 16)));
                }
            }
        }
    }

    /** Stop the traffic and let what is in flight arrive (then sent == received if none lost). */
    void
    Settle()
    {
        nextPing = kNever;
        Run(now + 5 * kDelay);
        nextPing = now;
    }

    void
    Run(TimeNs until)
    {
        while (now < until)
        {
            Step();
            TimeNs t = std::min(
                {client.engine->NextDeadline(), server.engine->NextDeadline(), nextPing, until});
            if (!wire.empty())
            {
                t = std::min(t, wire.front().at);
            }
            now = std::max(now + 1, t);
        }
    }
};

IkePeerConfig
Client(TimeNs p2Life, TimeNs p1Life = 24 * 3600 * kSec)
{
    IkePeerConfig c;
    c.name = "to-server";
    c.address = kServer;
    c.secret = "l2tplab-psk";
    c.lifetime = p1Life;
    c.phase2.front().lifetime = p2Life;
    c.dpdInterval = 20 * kSec;
    return c;
}

IkePeerConfig
Server(TimeNs p2Life, TimeNs p1Life = 24 * 3600 * kSec)
{
    IkePeerConfig s; // the RouterOS dynamic L2TP peer: passive, answers only
    s.name = "l2tp-in";
    s.passive = true;
    s.exchangeMode = "main-l2tp";
    s.secret = "l2tplab-psk";
    s.lifetime = p1Life;
    s.phase2.front().lifetime = p2Life;
    return s;
}

/** Start, then ping for `run` with traffic starting once the first pair is up. */
void
StartTraffic(Lab& lab)
{
    lab.Start();
    lab.Run(2 * kSec);
    BOOST_REQUIRE_EQUAL(lab.client.installs.size(), 2u);
    BOOST_REQUIRE_EQUAL(lab.server.installs.size(), 2u);
    lab.nextPing = lab.now;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ike_rekey)

// RFC 4301 §4.4.2.1 + RFC 2409 §5.5: lifetime 60 s, 200 s of traffic both ways. The client (quick
// mode initiator) rekeys at 54 s each time; the passive server never starts one; every datagram
// arrives; the replaced inbound SA still accepts the peer's packets protected before it switched;
// the old pair is deleted 5 s after the rekey, never before; the SAD never holds more than two
// pairs.
BOOST_AUTO_TEST_CASE(phase2_rekey_at_the_soft_lifetime_loses_nothing)
{
    Lab lab(Client(60 * kSec), Server(60 * kSec));
    StartTraffic(lab);
    lab.Run(200 * kSec);
    lab.Settle();
    const Sink& ce = lab.client.events;
    const Sink& se = lab.server.events;
    BOOST_CHECK_EQUAL(ce.Count("phase2-rekey"), 3u); // at ~54, ~108, ~162 s
    BOOST_CHECK_EQUAL(ce.CountWith("phase2-rekey", "trigger", "time"), 3u);
    BOOST_CHECK_EQUAL(se.Count("phase2-rekey"), 0u); // passive: answers only
    BOOST_CHECK_EQUAL(ce.CountWith("phase2-rekeyed", "role", "initiator"), 3u);
    BOOST_CHECK_EQUAL(se.CountWith("phase2-rekeyed", "role", "responder"), 3u);
    BOOST_CHECK_EQUAL(lab.client.installs.size(), 8u);
    BOOST_CHECK_EQUAL(lab.server.installs.size(), 8u);
    // Old pairs go by DELETE ("rekeyed"), none reaches its hard lifetime.
    BOOST_CHECK_EQUAL(ce.CountWith("deleted", "reason", "rekeyed"), 6u);
    BOOST_CHECK_EQUAL(se.CountWith("deleted", "reason", "peer-delete"), 6u);
    BOOST_CHECK_EQUAL(ce.CountWith("deleted", "reason", "lifetime"), 0u);
    BOOST_CHECK_EQUAL(se.CountWith("deleted", "reason", "lifetime"), 0u);
    BOOST_CHECK_LE(lab.client.maxSas, 4u);
    BOOST_CHECK_LE(lab.server.maxSas, 4u);
    // No loss, both ways.
    BOOST_CHECK_GT(lab.client.sent, 19000u);
    BOOST_CHECK_EQUAL(lab.client.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.received, lab.client.sent);
    BOOST_CHECK_EQUAL(lab.client.received, lab.server.sent);
    BOOST_CHECK_EQUAL(lab.client.received, lab.client.sent);
    // The point of keeping the old inbound SA: the server's answers sent before it switched.
    BOOST_CHECK_GT(lab.client.viaReplacedIn, 0u);
}

// RFC 2407 §4.5 (Life Type 2, kilobytes) + RFC 4301 §4.4.2.1 (byte lifetimes): with a byte
// lifetime in the proposal both sides install it; the soft byte limit, seen by the data path
// (EspSad) and reported through SaSoftLimit, makes the client rekey long before the time lifetime;
// nothing is lost.
BOOST_AUTO_TEST_CASE(phase2_rekey_on_the_soft_byte_lifetime)
{
    IkePeerConfig c = Client(3600 * kSec);
    c.phase2.front().lifebytes = 20 * 1024;
    Lab lab(c, Server(3600 * kSec));
    StartTraffic(lab);
    BOOST_CHECK_EQUAL(lab.server.installs.front().esp.lifetime.hardBytes, 20u * 1024u);
    BOOST_CHECK_EQUAL(lab.client.installs.front().esp.lifetime.hardBytes, 20u * 1024u);
    lab.Run(120 * kSec);
    lab.Settle();
    const Sink& ce = lab.client.events;
    BOOST_CHECK_GE(ce.CountWith("phase2-rekey", "trigger", "bytes"), 2u);
    BOOST_CHECK_EQUAL(ce.CountWith("phase2-rekey", "trigger", "time"), 0u);
    BOOST_CHECK_EQUAL(lab.client.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.received, lab.client.sent);
}

// The other way: when the rekey cannot happen (the server loses every quick mode after the first),
// the SA pair is not replaced. At the hard byte lifetime (RFC 4301 §4.4.2.1) the SA refuses
// traffic: the data path reports it (HARD_LIFETIME_BYTES), both engines delete the pair
// ("deleted" reason lifetime), and the client's datagrams from then on find no SA (counted; it
// acquires, and that quick mode is lost too). EspOutboundSa's own refusal past the hard limit
// (sa_expired) is esp-test.cc's.
BOOST_AUTO_TEST_CASE(without_a_rekey_the_hard_byte_lifetime_ends_the_sa)
{
    IkePeerConfig c = Client(3600 * kSec);
    c.phase2.front().lifebytes = 20 * 1024;
    Lab lab(c, Server(3600 * kSec));
    StartTraffic(lab);
    lab.lose = [](const InFlight& f)
    {
        return f.ike && f.toServer; // the client's quick modes never arrive
    };
    lab.Run(60 * kSec);
    BOOST_CHECK_EQUAL(lab.client.events.CountWith("phase2-rekey", "trigger", "bytes"), 1u);
    BOOST_CHECK_EQUAL(lab.client.events.Count("phase2-rekeyed"), 0u);
    BOOST_CHECK_EQUAL(lab.client.events.CountWith("deleted", "reason", "lifetime"), 2u);
    BOOST_CHECK_EQUAL(lab.server.events.CountWith("deleted", "reason", "lifetime"), 2u);
    BOOST_CHECK_EQUAL(lab.client.sad.Size(), 0u);
    BOOST_CHECK_EQUAL(lab.server.sad.Size(), 0u);
    BOOST_CHECK_GT(lab.client.drops["no-sa"], 0u);
    BOOST_CHECK_LT(lab.server.received, lab.client.sent);
    // Both sides protected/accepted at most the hard limit on the pair.
    BOOST_CHECK_LE(lab.server.received * 18, 20u * 1024u + 18u);
}

// And with time: no rekey gets through, so at the hard lifetime the pair is deleted ("deleted"
// reason lifetime, DELETE_SA) and the client's datagrams find no SA (counted); nothing the server
// answered with the dead SA is accepted.
BOOST_AUTO_TEST_CASE(without_a_rekey_the_hard_time_lifetime_ends_the_sa)
{
    Lab lab(Client(60 * kSec), Server(60 * kSec));
    StartTraffic(lab);
    lab.lose = [](const InFlight& f)
    {
        return f.ike && f.toServer;
    };
    lab.Run(90 * kSec);
    BOOST_CHECK_EQUAL(lab.client.events.Count("phase2-rekey"), 1u);
    BOOST_CHECK_EQUAL(lab.client.events.CountWith("deleted", "reason", "lifetime"), 2u);
    BOOST_CHECK_EQUAL(lab.server.events.CountWith("deleted", "reason", "lifetime"), 2u);
    BOOST_CHECK_EQUAL(lab.client.sad.Size(), 0u);
    BOOST_CHECK_GT(lab.client.drops["no-sa"], 0u); // an initiator would acquire; counted here
    BOOST_CHECK_LT(lab.server.received, lab.client.sent);
}

/** The server as a site-to-site peer: not passive, main mode, the client's address as its peer. */
IkePeerConfig
SiteToSiteServer(TimeNs lifetime)
{
    IkePeerConfig s = Server(lifetime);
    s.passive = false;
    s.exchangeMode = "main";
    s.address = std::string(kClient) + "/32";
    return s;
}

// Who rekeys, when both may (two non-passive peers, e.g. site to site): the quick mode initiator
// at 90 %, the responder would at 95 %, so the initiator goes first and the responder never has
// to; exactly one new pair per rekey.
BOOST_AUTO_TEST_CASE(when_both_may_the_quick_mode_initiator_rekeys_first)
{
    Lab lab(Client(60 * kSec), SiteToSiteServer(60 * kSec));
    StartTraffic(lab);
    lab.Run(130 * kSec);
    lab.Settle();
    BOOST_CHECK_EQUAL(lab.client.events.Count("phase2-rekey"), 2u);
    BOOST_CHECK_EQUAL(lab.server.events.Count("phase2-rekey"), 0u);
    BOOST_CHECK_EQUAL(lab.server.installs.size(), 6u);
    BOOST_CHECK_EQUAL(lab.client.Drops() + lab.server.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.received, lab.client.sent);
}

// ... and when the initiator's rekey does not get through (its quick mode messages are lost), the
// non-passive responder steps in at 95 % and becomes the initiator of the new pair: it deletes the
// old one. Nothing is lost.
BOOST_AUTO_TEST_CASE(a_non_passive_responder_steps_in_when_the_initiator_fails)
{
    Lab lab(Client(60 * kSec), SiteToSiteServer(60 * kSec));
    StartTraffic(lab);
    std::set<uint32_t> serverMids; // quick modes the server started (their message IDs)
    lab.lose = [&](const InFlight& f)
    {
        if (!f.ike || f.bytes.size() < 28)
        {
            return false;
        }
        const uint32_t mid = (uint32_t{f.bytes[20]} << 24) | (uint32_t{f.bytes[21]} << 16) |
                             (uint32_t{f.bytes[22]} << 8) | f.bytes[23];
        if (!f.toServer)
        {
            serverMids.insert(mid);
            return false;
        }
        return f.bytes[18] == IkeExchange::QUICK_MODE && serverMids.count(mid) == 0;
    };
    lab.Run(70 * kSec);
    lab.Settle();
    BOOST_CHECK_EQUAL(lab.client.events.Count("phase2-rekey"), 1u);
    BOOST_CHECK_EQUAL(lab.server.events.Count("phase2-rekey"), 1u);
    BOOST_CHECK_EQUAL(lab.server.events.CountWith("phase2-rekeyed", "role", "initiator"), 1u);
    BOOST_CHECK_EQUAL(lab.client.events.CountWith("phase2-rekeyed", "role", "responder"), 1u);
    BOOST_CHECK_EQUAL(lab.client.sad.Size(), 2u);
    BOOST_CHECK_EQUAL(lab.server.sad.Size(), 2u);
    BOOST_CHECK_EQUAL(lab.client.Drops() + lab.server.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.received, lab.client.sent);
}

// RFC 2409 §5: the ISAKMP SA is rekeyed by a new main mode before its lifetime ends; it carries no
// INITIAL-CONTACT (RFC 2407 §4.6.3.3 would make the server drop the live SAs); the IPsec SA pair
// survives untouched (no install, no delete), the old ISAKMP SA is deleted, and phase 2 rekeys
// later go over the new one. Traffic never stops.
BOOST_AUTO_TEST_CASE(phase1_rekey_keeps_the_ipsec_sas)
{
    Lab lab(Client(250 * kSec, 100 * kSec), Server(250 * kSec, 100 * kSec));
    StartTraffic(lab);
    lab.Run(200 * kSec);
    lab.Settle();
    const Sink& ce = lab.client.events;
    const Sink& se = lab.server.events;
    BOOST_CHECK_EQUAL(ce.Count("phase1-rekey"), 2u); // at ~90 and ~180 s
    BOOST_CHECK_EQUAL(se.Count("phase1-rekey"), 0u);
    BOOST_CHECK_EQUAL(ce.CountWith("phase1-rekeyed", "ipsec-sas", "1"), 2u);
    BOOST_CHECK_EQUAL(se.CountWith("phase1-rekeyed", "ipsec-sas", "1"), 2u);
    BOOST_CHECK_EQUAL(ce.Count("phase1-established"), 3u);
    BOOST_CHECK_EQUAL(se.Count("phase1-established"), 3u);
    BOOST_CHECK_EQUAL(ce.CountWith("deleted", "sa", "isakmp"), 2u);
    BOOST_CHECK_EQUAL(se.CountWith("deleted", "sa", "isakmp"), 2u);
    BOOST_CHECK_EQUAL(se.CountWith("deleted", "reason", "initial-contact"), 0u);
    BOOST_CHECK_EQUAL(lab.client.installs.size(), 2u); // the same pair all along
    BOOST_CHECK_EQUAL(lab.server.installs.size(), 2u);
    BOOST_CHECK_EQUAL(lab.client.sad.Size(), 2u);
    BOOST_CHECK_EQUAL(lab.server.sad.Size(), 2u);
    BOOST_CHECK_EQUAL(lab.client.Drops() + lab.server.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.received, lab.client.sent);
    // Three phase 1 SAs: three lines for Wireshark.
    const std::string table = lab.client.engine->Ikev1DecryptionTable();
    BOOST_CHECK_EQUAL(std::count(table.begin(), table.end(), '\n'), 3);
    // The phase 2 rekey at 225 s runs over the newest ISAKMP SA.
    lab.Run(240 * kSec);
    lab.Settle();
    BOOST_CHECK_EQUAL(ce.Count("phase2-rekeyed"), 1u);
    BOOST_CHECK_EQUAL(lab.client.Drops() + lab.server.Drops(), 0u);
    BOOST_CHECK_EQUAL(lab.server.received, lab.client.sent);
}

BOOST_AUTO_TEST_SUITE_END()
