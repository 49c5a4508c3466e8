/**
 * \file
 * \brief Tests of the L2TP tunnel FSM (RFC 2661 §7.2.1) and its message checks (§4.1, §4.4.1,
 * §5.1.1, §6.1–§6.5). The table is checked for completeness; behaviour is driven by a scripted
 * peer (the script is the peer, as in packetdrill) against one endpoint.
 */

#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-endpoint.h"
#include "model/l2tp/l2tp-message-spec.h"
#include "model/l2tp/l2tp-tunnel.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t kPeerTid = 77;                  //!< the script's Assigned Tunnel ID
const L2tpPeer kScriptPeer{0x0a000009, kL2tpPort}; //!< the script's address

/** \brief Captures what the endpoint sends. */
struct Capture : public L2tpEndpoint::Io
{
    std::vector<std::pair<L2tpPeer, Bytes>> out;
    uint16_t nextPort{50000};
    std::vector<std::pair<uint16_t, uint16_t>> ups;

    void
    SendDatagram(uint16_t, const L2tpPeer& to, const Bytes& d) override
    {
        out.push_back({to, d});
    }
    uint16_t
    AllocateLocalPort() override
    {
        return nextPort++;
    }
    void
    DeliverFrame(uint16_t, uint16_t, const Bytes&) override
    {
    }
    void
    SessionUp(uint16_t t, uint16_t s) override
    {
        ups.push_back({t, s});
    }
};

/** \brief One endpoint plus a scripted peer that keeps its own Ns/Nr. */
struct Script
{
    Capture io;
    EventLog log;
    L2tpEndpoint ep;
    std::string secret;
    TimeNs now{0};
    uint16_t ns{0};                     //!< script's next Ns
    uint16_t nr{0};                     //!< Ns the script expects from the endpoint
    size_t seen{0};                     //!< datagrams of io.out already decoded
    uint16_t ourTid{0};                 //!< the endpoint's tunnel id as learned by the script
    std::vector<L2tpControlMessage> rx; //!< non-ZLB control messages from the endpoint

    explicit Script(L2tpEndpointConfig cfg)
        : ep(cfg, &io, &log)
        , secret(cfg.secret)
    {
    }

    /** \brief Send a message as the peer (Ns/Nr filled unless zlb). */
    void
    Inject(L2tpControlMessage m, uint16_t tunnelId, uint16_t sessionId = 0)
    {
        m.tunnelId = tunnelId;
        m.sessionId = sessionId;
        m.ns = ns;
        m.nr = nr;
        if (!m.IsZlb())
        {
            ++ns;
        }
        Bytes b = EncodeL2tpControl(m, secret);
        BOOST_REQUIRE(!b.empty());
        ep.OnDatagram(kL2tpPort, kScriptPeer, b.data(), b.size(), now);
        Collect();
    }

    /** \brief Decode new output; advance nr over in-order messages. */
    void
    Collect()
    {
        for (; seen < io.out.size(); ++seen)
        {
            const Bytes& b = io.out[seen].second;
            L2tpControlMessage m;
            if (DecodeL2tpControl(b.data(), b.size(), secret, m) != L2tpDecodeError::NONE)
            {
                continue; // data messages
            }
            if (m.IsZlb())
            {
                continue;
            }
            if (m.ns == nr)
            {
                nr = static_cast<uint16_t>(nr + 1);
            }
            uint16_t tid = 0;
            if ((m.Type() == L2tpMessageType::SCCRP || m.Type() == L2tpMessageType::SCCRQ) &&
                m.GetU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, tid))
            {
                ourTid = tid;
            }
            rx.push_back(m);
        }
    }

    void
    Advance(TimeNs d)
    {
        TimeNs until = now + d;
        while (ep.NextDeadline() <= until)
        {
            now = std::max(now, ep.NextDeadline());
            ep.OnTimer(now);
        }
        now = until;
        Collect();
    }

    /** \brief The last message of a type the endpoint sent (fails the test if none). */
    L2tpControlMessage
    Last(L2tpMessageType t) const
    {
        for (auto it = rx.rbegin(); it != rx.rend(); ++it)
        {
            if (it->Type() == t)
            {
                return *it;
            }
        }
        BOOST_FAIL("no " + ToString(t) + " sent");
        return {};
    }

    size_t
    Count(L2tpMessageType t) const
    {
        size_t n = 0;
        for (const auto& m : rx)
        {
            n += m.Type() == t ? 1 : 0;
        }
        return n;
    }

    size_t
    Zlbs() const
    {
        size_t n = 0;
        for (const auto& o : io.out)
        {
            L2tpHeader h;
            if (DecodeL2tpHeader(o.second.data(), o.second.size(), h) == L2tpDecodeError::NONE &&
                h.isControl && o.second.size() == h.headerSize)
            {
                ++n;
            }
        }
        return n;
    }

    /** \brief The endpoint's only tunnel's state. */
    std::string
    State() const
    {
        std::vector<uint16_t> ids = ep.TunnelIds();
        return ids.size() == 1 ? ep.TunnelState(ids[0]) : "tunnels=" + std::to_string(ids.size());
    }
};

/** \brief A well-formed SCCRQ as the script's LAC sends it (§6.1). */
L2tpControlMessage
Sccrq()
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    m.AddU16(L2tpAvpType::PROTOCOL_VERSION, 0x0100);
    m.AddString(L2tpAvpType::HOST_NAME, "script");
    m.AddU32(L2tpAvpType::FRAMING_CAPABILITIES, 3);
    m.AddU32(L2tpAvpType::BEARER_CAPABILITIES, 0);
    m.AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, kPeerTid);
    m.AddU16(L2tpAvpType::RECEIVE_WINDOW_SIZE, 8);
    return m;
}

/** \brief A well-formed SCCRP as the script's LNS sends it (§6.2). */
L2tpControlMessage
Sccrp()
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRP);
    m.AddU16(L2tpAvpType::PROTOCOL_VERSION, 0x0100);
    m.AddU32(L2tpAvpType::FRAMING_CAPABILITIES, 3);
    m.AddU32(L2tpAvpType::BEARER_CAPABILITIES, 0);
    m.AddString(L2tpAvpType::HOST_NAME, "script-lns");
    m.AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, kPeerTid);
    return m;
}

/** \brief An AVP the catalog does not know (vendor 9, type 99). */
L2tpAvp
UnknownAvp(bool mandatory)
{
    L2tpAvp a;
    a.vendorId = 9;
    a.type = 99;
    a.mandatory = mandatory;
    a.value = {1, 2, 3};
    return a;
}

/** \brief Result Code (result, error) of a StopCCN/CDN. */
std::pair<uint16_t, uint16_t>
ResultOf(const L2tpControlMessage& m)
{
    uint16_t r = 0, e = 0;
    std::string t;
    const L2tpAvp* a = m.Find(L2tpAvpType::RESULT_CODE);
    BOOST_REQUIRE(a);
    L2tpReadResultCode(*a, r, e, t);
    return {r, e};
}

L2tpEndpointConfig
Lns()
{
    L2tpEndpointConfig c;
    c.acceptTunnels = true;
    c.hostName = "lns";
    return c;
}

/** \brief LNS side established with the script as LAC. */
void
EstablishAsLns(Script& s)
{
    s.Inject(Sccrq(), 0);
    s.Inject(L2tpControlMessage::Make(L2tpMessageType::SCCCN), s.ourTid);
    BOOST_REQUIRE_EQUAL(s.State(), "ESTABLISHED");
}

/** \brief A well-formed ICRQ (§6.6). */
L2tpControlMessage
Icrq(uint16_t sid)
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::ICRQ);
    m.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, sid);
    m.AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, 1);
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(L2tpTunnelTests)

// The §7.2.1 table lists every (state, event) pair exactly once; ignore rows stay put. States and
// events come from their declaration (X-macro), so a new value without rows fails here.
BOOST_AUTO_TEST_CASE(TransitionTableIsComplete)
{
    const L2tpTunnel::Table t = L2tpTunnel::GetTable();
    const std::vector<L2tpTunnelState> states = FsmAllValues<L2tpTunnelState>();
    const std::vector<L2tpTunnelEvent> events = FsmAllValues<L2tpTunnelEvent>();
    BOOST_TEST(states.size() == 6u);
    BOOST_TEST(t.size == states.size() * events.size());
    for (L2tpTunnelState st : states)
    {
        for (L2tpTunnelEvent ev : events)
        {
            int hits = 0;
            for (const L2tpTunnel::Row& r : t)
            {
                hits += r.from == st && r.event == ev ? 1 : 0;
            }
            BOOST_TEST(hits == 1, ToString(st) << " x " << ToString(ev));
        }
    }
    for (const L2tpTunnel::Row& r : t)
    {
        if (!r.action)
        {
            BOOST_TEST((r.to == r.from), "ignore row changes state: " << ToString(r.from) << " x "
                                                                      << ToString(r.event));
        }
        // CLOSED is terminal.
        if (r.from == L2tpTunnelState::CLOSED)
        {
            BOOST_TEST((r.to == L2tpTunnelState::CLOSED && !r.action));
        }
    }
}

// Every row says where it comes from: RFC rows cite §7.2.1 and quote the cell; the RFC's table
// has 16 cells (some cover several of our events), all present; defensive rows say why.
BOOST_AUTO_TEST_CASE(RowsNameTheirOrigin)
{
    std::set<std::string> cells;
    for (const L2tpTunnel::Row& r : L2tpTunnel::GetTable())
    {
        BOOST_TEST_CONTEXT(ToString(r.from) << " x " << ToString(r.event))
        {
            BOOST_TEST(std::string(r.note).size() > 0u);
            BOOST_TEST((r.action == nullptr) == std::string(r.actionName).empty());
            if (r.kind == FsmRowKind::RFC)
            {
                BOOST_TEST(std::string(r.ref) == "7.2.1");
                cells.insert(r.note);
                BOOST_TEST((r.from != L2tpTunnelState::CLOSING)); // our own states
                BOOST_TEST((r.from != L2tpTunnelState::CLOSED));
            }
        }
    }
    BOOST_TEST(cells.size() == 16u);
}

// Classifying a message changes nothing: a HELLO in established (§6.5) is just acknowledged and
// leaves no close cause behind; the cause is recorded only by the row that closes (§7.2.1
// "Receive SCCRQ, SCCRP, SCCCN: Send StopCCN", Result Code 7 FSM error, §4.4.2).
BOOST_AUTO_TEST_CASE(ClassificationChangesNothing)
{
    Script s(Lns());
    EstablishAsLns(s);
    const uint16_t id = s.ep.TunnelIds().at(0);
    s.Inject(L2tpControlMessage::Make(L2tpMessageType::HELLO), s.ourTid);
    BOOST_TEST(s.State() == "ESTABLISHED");
    BOOST_TEST(s.ep.FindTunnel(id)->CloseResult() == 0);
    BOOST_TEST(s.ep.FindTunnel(id)->CloseReason().empty());
    s.Inject(Sccrq(), s.ourTid);
    BOOST_TEST(s.State() == "CLOSING");
    BOOST_TEST(s.ep.FindTunnel(id)->CloseResult() == 7);
    BOOST_TEST(s.ep.FindTunnel(id)->CloseReason() == "unexpected SCCRQ in ESTABLISHED");
    BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 7);
}

// §6.2 SCCRP content and §5.8 sequencing; §7.2.1 idle -> wait-ctl-conn -> established.
BOOST_AUTO_TEST_CASE(AcceptsScriptedSccrq)
{
    Script s(Lns());
    s.Inject(Sccrq(), 0);
    BOOST_TEST(s.State() == "WAIT_CTL_CONN");
    L2tpControlMessage rp = s.Last(L2tpMessageType::SCCRP);
    BOOST_TEST(rp.tunnelId == kPeerTid);
    BOOST_TEST(rp.sessionId == 0);
    BOOST_TEST(rp.ns == 0);
    BOOST_TEST(rp.nr == 1);
    BOOST_TEST(ValidateMessage(rp));
    BOOST_TEST(rp.Find(L2tpAvpType::RECEIVE_WINDOW_SIZE) != nullptr);
    BOOST_TEST(rp.Find(L2tpAvpType::CHALLENGE) == nullptr);
    BOOST_TEST(s.ourTid != 0);
    s.Inject(L2tpControlMessage::Make(L2tpMessageType::SCCCN), s.ourTid);
    BOOST_TEST(s.State() == "ESTABLISHED");
    const L2tpTunnel* t = s.ep.FindTunnel(s.ourTid);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->PeerHostName() == "script");
    BOOST_TEST(t->PeerTunnelId() == kPeerTid);
}

/** Attribute Types of a message's AVPs, in wire order. */
std::vector<uint16_t>
TypesOf(const L2tpControlMessage& m)
{
    std::vector<uint16_t> t;
    for (const auto& a : m.avps)
    {
        t.push_back(a.type);
    }
    return t;
}

// §4.4.1 fixes only Message Type first; beyond that the AVPs go out in ascending Attribute Type
// order, as a real RouterOS LNS sends them: SCCRP 0,2,3,4,6,7,8,9,10 and StopCCN 0,1,9.
BOOST_AUTO_TEST_CASE(AvpsGoOutInAscendingTypeOrder)
{
    Script s(Lns());
    s.Inject(Sccrq(), 0);
    const std::vector<uint16_t> sccrp{0, 2, 3, 4, 6, 7, 8, 9, 10};
    BOOST_TEST(TypesOf(s.Last(L2tpMessageType::SCCRP)) == sccrp, boost::test_tools::per_element());
    s.Inject(L2tpControlMessage::Make(L2tpMessageType::SCCCN), s.ourTid);
    BOOST_REQUIRE(s.State() == "ESTABLISHED");
    s.ep.CloseTunnel(s.ourTid, 1, s.now);
    s.Advance(10 * kMs);
    const std::vector<uint16_t> stop{0, 1, 9};
    BOOST_TEST(TypesOf(s.Last(L2tpMessageType::STOPCCN)) == stop, boost::test_tools::per_element());
}

// §4.1: unknown AVP with the M bit in a tunnel message: the tunnel MUST be terminated; StopCCN
// Result 2 with Error 8 ("unknown AVP with the M-bit set", §4.4.2).
BOOST_AUTO_TEST_CASE(UnknownMandatoryAvpInSccrqGivesStopCcn)
{
    Script s(Lns());
    L2tpControlMessage m = Sccrq();
    m.avps.push_back(UnknownAvp(true));
    s.Inject(m, 0);
    BOOST_TEST(s.Count(L2tpMessageType::SCCRP) == 0u);
    L2tpControlMessage stop = s.Last(L2tpMessageType::STOPCCN);
    BOOST_TEST(ResultOf(stop).first == 2);
    BOOST_TEST(ResultOf(stop).second == 8);
    BOOST_TEST(stop.tunnelId == kPeerTid);
    BOOST_TEST(stop.Find(L2tpAvpType::ASSIGNED_TUNNEL_ID) != nullptr); // §6.4
    BOOST_TEST(s.State() == "CLOSING");
}

// §4.1: "If the M bit is not set, an unrecognized AVP MUST be ignored".
BOOST_AUTO_TEST_CASE(UnknownOptionalAvpIsIgnored)
{
    Script s(Lns());
    L2tpControlMessage m = Sccrq();
    m.avps.push_back(UnknownAvp(false));
    s.Inject(m, 0);
    BOOST_TEST(s.Count(L2tpMessageType::SCCRP) == 1u);
    BOOST_TEST(s.State() == "WAIT_CTL_CONN");
}

// §6.1: Host Name MUST be present; a missing required AVP gives StopCCN 2 / Error 2.
BOOST_AUTO_TEST_CASE(MissingRequiredAvpIsRejected)
{
    Script s(Lns());
    L2tpControlMessage m = Sccrq();
    m.avps.erase(m.avps.begin() + 2); // Host Name
    s.Inject(m, 0);
    L2tpControlMessage stop = s.Last(L2tpMessageType::STOPCCN);
    BOOST_TEST(ResultOf(stop).first == 2);
    BOOST_TEST(ResultOf(stop).second == 2);
    BOOST_TEST(s.State() == "CLOSING");
}

// §4.4.2 StopCCN Result 5: protocol version not supported.
BOOST_AUTO_TEST_CASE(UnsupportedProtocolVersion)
{
    Script s(Lns());
    L2tpControlMessage m = Sccrq();
    m.avps[1].value = {2, 0};
    s.Inject(m, 0);
    BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 5);
}

// §5.3: 0 MUST NOT be used as an Assigned Tunnel ID.
BOOST_AUTO_TEST_CASE(ZeroAssignedTunnelIdIsRejected)
{
    Script s(Lns());
    L2tpControlMessage m = Sccrq();
    for (auto& a : m.avps)
    {
        if (a.Is(L2tpAvpType::ASSIGNED_TUNNEL_ID))
        {
            a.value = {0, 0};
        }
    }
    s.Inject(m, 0);
    auto r = ResultOf(s.Last(L2tpMessageType::STOPCCN));
    BOOST_TEST(r.first == 2);
    BOOST_TEST(r.second == 3);
}

// §7.2.1 wait-ctl-conn: "Receive SCCRP, SCCRQ: Send StopCCN, Clean up"; also in established.
BOOST_AUTO_TEST_CASE(SccrpInWrongStateIsProtocolError)
{
    {
        Script s(Lns());
        s.Inject(Sccrq(), 0);
        BOOST_REQUIRE(s.State() == "WAIT_CTL_CONN");
        s.Inject(Sccrp(), s.ourTid);
        BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 7); // FSM error
        BOOST_TEST(s.State() == "CLOSING");
    }
    {
        Script s(Lns());
        EstablishAsLns(s);
        s.Inject(Sccrp(), s.ourTid);
        BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 7);
        BOOST_TEST(s.State() == "CLOSING");
    }
}

// §4.4.1: unknown Message Type with M bit clears the tunnel; without it, it is ignored.
BOOST_AUTO_TEST_CASE(UnknownMessageType)
{
    {
        Script s(Lns());
        EstablishAsLns(s);
        L2tpControlMessage m = L2tpControlMessage::Make(static_cast<L2tpMessageType>(42));
        m.avps[0].mandatory = false;
        s.Inject(m, s.ourTid);
        BOOST_TEST(s.State() == "ESTABLISHED");
        BOOST_TEST(s.ep.GetCounters().Get("ignored/unknown-message-type") == 1u);
    }
    {
        Script s(Lns());
        EstablishAsLns(s);
        L2tpControlMessage m = L2tpControlMessage::Make(static_cast<L2tpMessageType>(42));
        m.avps[0].mandatory = true;
        s.Inject(m, s.ourTid);
        BOOST_TEST(s.State() == "CLOSING");
        BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 2);
    }
}

// §6.5 HELLO is accepted in established; an unknown M-bit AVP in it still clears the tunnel.
BOOST_AUTO_TEST_CASE(HelloAcceptedUnknownMandatoryInHelloClears)
{
    Script s(Lns());
    EstablishAsLns(s);
    s.Inject(L2tpControlMessage::Make(L2tpMessageType::HELLO), s.ourTid);
    BOOST_TEST(s.State() == "ESTABLISHED");
    s.Advance(200 * kMs);
    BOOST_TEST(s.Zlbs() >= 1u); // acknowledged
    L2tpControlMessage h = L2tpControlMessage::Make(L2tpMessageType::HELLO);
    h.avps.push_back(UnknownAvp(true));
    s.Inject(h, s.ourTid);
    BOOST_TEST(s.State() == "CLOSING");
    auto r = ResultOf(s.Last(L2tpMessageType::STOPCCN));
    BOOST_TEST(r.first == 2);
    BOOST_TEST(r.second == 8);
}

// §4.1: unknown M-bit AVP in a session message terminates the session (CDN 2/8), not the tunnel.
BOOST_AUTO_TEST_CASE(UnknownMandatoryAvpInIcrqGivesCdn)
{
    Script s(Lns());
    EstablishAsLns(s);
    L2tpControlMessage m = Icrq(500);
    m.avps.push_back(UnknownAvp(true));
    s.Inject(m, s.ourTid);
    BOOST_TEST(s.Count(L2tpMessageType::ICRP) == 0u);
    L2tpControlMessage cdn = s.Last(L2tpMessageType::CDN);
    BOOST_TEST(ResultOf(cdn).first == 2);
    BOOST_TEST(ResultOf(cdn).second == 8);
    BOOST_TEST(cdn.sessionId == 500); // addressed to the peer's Assigned Session ID
    BOOST_TEST(s.State() == "ESTABLISHED");
    BOOST_TEST(s.ep.SessionCount(false) == 0u);
    // A good ICRQ afterwards still works, and an unknown optional AVP in it is ignored.
    L2tpControlMessage ok = Icrq(501);
    ok.avps.push_back(UnknownAvp(false));
    s.Inject(ok, s.ourTid);
    L2tpControlMessage icrp = s.Last(L2tpMessageType::ICRP);
    BOOST_TEST(icrp.sessionId == 501);
    BOOST_TEST(ValidateMessage(icrp));
}

// §6.6: Call Serial Number MUST be present; missing -> CDN 2/2 (session refused, tunnel kept).
BOOST_AUTO_TEST_CASE(IcrqMissingRequiredAvpGivesCdn)
{
    Script s(Lns());
    EstablishAsLns(s);
    L2tpControlMessage m = Icrq(600);
    m.avps.pop_back(); // Call Serial Number
    s.Inject(m, s.ourTid);
    auto r = ResultOf(s.Last(L2tpMessageType::CDN));
    BOOST_TEST(r.first == 2);
    BOOST_TEST(r.second == 2);
    BOOST_TEST(s.State() == "ESTABLISHED");
}

// §7.4.2 LNS incoming: ICRQ -> ICRP (wait-connect), ICCN -> established; then an unexpected ICRP
// in established: "Send CDN, Clean up".
BOOST_AUTO_TEST_CASE(LnsIncomingCallScripted)
{
    Script s(Lns());
    EstablishAsLns(s);
    s.Inject(Icrq(700), s.ourTid);
    L2tpControlMessage icrp = s.Last(L2tpMessageType::ICRP);
    uint16_t ourSid = 0;
    BOOST_REQUIRE(icrp.GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, ourSid));
    BOOST_TEST(s.ep.SessionState(s.ourTid, ourSid) == "WAIT_CONNECT");
    L2tpControlMessage iccn = L2tpControlMessage::Make(L2tpMessageType::ICCN);
    iccn.AddU32(L2tpAvpType::TX_CONNECT_SPEED, 64000);
    iccn.AddU32(L2tpAvpType::FRAMING_TYPE, 1);
    s.Inject(iccn, s.ourTid, ourSid);
    BOOST_TEST(s.ep.SessionState(s.ourTid, ourSid) == "ESTABLISHED");
    BOOST_TEST(s.io.ups.size() == 1u);
    L2tpControlMessage bad = L2tpControlMessage::Make(L2tpMessageType::ICRP);
    bad.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 700);
    s.Inject(bad, s.ourTid, ourSid);
    BOOST_TEST(s.ep.SessionState(s.ourTid, ourSid) == "CLOSED");
    BOOST_TEST(s.Count(L2tpMessageType::CDN) == 1u);
}

// Messages for a session we do not know: CDN is ignored (§6.12: never answered); others that
// name the peer's session get CDN Result 2 / Error 5 "Session ID is invalid in this context".
BOOST_AUTO_TEST_CASE(UnknownSessionId)
{
    Script s(Lns());
    EstablishAsLns(s);
    L2tpControlMessage cdn = L2tpControlMessage::Make(L2tpMessageType::CDN);
    cdn.AddResult(1);
    cdn.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 9);
    s.Inject(cdn, s.ourTid, 0x4242);
    BOOST_TEST(s.Count(L2tpMessageType::CDN) == 0u);
    L2tpControlMessage icrp = L2tpControlMessage::Make(L2tpMessageType::ICRP);
    icrp.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 9);
    s.Inject(icrp, s.ourTid, 0x4242);
    L2tpControlMessage out = s.Last(L2tpMessageType::CDN);
    BOOST_TEST(out.sessionId == 9);
    BOOST_TEST(ResultOf(out).second == 5);
    BOOST_TEST(s.ep.GetCounters().Get("drop/unknown-session") == 2u);
    BOOST_TEST(s.State() == "ESTABLISHED");
}

// §4.4.3: a StopCCN sent before the peer learned our id carries tunnel id 0 and its Assigned
// Tunnel ID identifies the tunnel. §5.7: the receiver acknowledges it with a ZLB and keeps state
// to acknowledge retransmissions.
BOOST_AUTO_TEST_CASE(StopCcnWithTunnelIdZeroAndAck)
{
    Script s(Lns());
    s.Inject(Sccrq(), 0);
    BOOST_REQUIRE(s.State() == "WAIT_CTL_CONN");
    L2tpControlMessage stop = L2tpControlMessage::Make(L2tpMessageType::STOPCCN);
    stop.AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, kPeerTid);
    stop.AddResult(6);
    L2tpControlMessage copy = stop;
    size_t z0 = s.Zlbs();
    s.Inject(stop, 0);
    BOOST_TEST(s.State() == "CLOSING");
    s.Advance(500 * kMs);
    BOOST_TEST(s.Zlbs() == z0 + 1);
    // Retransmission of the same StopCCN (same Ns) during the hold: acknowledged again.
    --s.ns;
    s.Inject(copy, s.ourTid);
    s.Advance(500 * kMs);
    BOOST_TEST(s.Zlbs() == z0 + 2);
    BOOST_TEST(s.State() == "CLOSING");
    s.Advance(40 * kSec);
    BOOST_TEST(s.ep.TunnelCount(false) == 0u);
    BOOST_TEST(s.Count(L2tpMessageType::STOPCCN) == 0u); // never answered with a StopCCN
}

// §5.1.1 tunnel authentication, LNS side.
BOOST_AUTO_TEST_CASE(AuthenticationLnsSide)
{
    {
        // Challenged without a secret: cannot participate -> StopCCN 4.
        Script s(Lns());
        L2tpControlMessage m = Sccrq();
        m.Add(L2tpAvpType::CHALLENGE, Bytes(16, 0x5a));
        s.Inject(m, 0);
        BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 4);
    }
    {
        // With a secret: the SCCRP answers the challenge and challenges back; an SCCCN without
        // the response is refused.
        L2tpEndpointConfig c = Lns();
        c.secret = "k";
        Script s(c);
        L2tpControlMessage m = Sccrq();
        Bytes ch(16, 0x11);
        m.Add(L2tpAvpType::CHALLENGE, ch);
        s.Inject(m, 0);
        L2tpControlMessage rp = s.Last(L2tpMessageType::SCCRP);
        Bytes resp;
        BOOST_REQUIRE(rp.GetBytes(L2tpAvpType::CHALLENGE_RESPONSE, resp));
        BOOST_TEST(resp == ChallengeResponse(2, "k", ch));
        BOOST_TEST(rp.Find(L2tpAvpType::CHALLENGE) != nullptr);
        s.Inject(L2tpControlMessage::Make(L2tpMessageType::SCCCN), s.ourTid);
        BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 4);
        BOOST_TEST(s.State() == "CLOSING");
        size_t authFailed = 0;
        for (const LabEvent& e : s.log.Events())
        {
            authFailed += e.kind == "auth-failed" ? 1 : 0;
        }
        BOOST_TEST(authFailed == 1u);
    }
    {
        // Correct response: established.
        L2tpEndpointConfig c = Lns();
        c.secret = "k";
        Script s(c);
        s.Inject(Sccrq(), 0);
        Bytes ch;
        BOOST_REQUIRE(s.Last(L2tpMessageType::SCCRP).GetBytes(L2tpAvpType::CHALLENGE, ch));
        L2tpControlMessage cn = L2tpControlMessage::Make(L2tpMessageType::SCCCN);
        cn.Add(L2tpAvpType::CHALLENGE_RESPONSE, ChallengeResponse(3, "k", ch));
        s.Inject(cn, s.ourTid);
        BOOST_TEST(s.State() == "ESTABLISHED");
    }
}

// LAC side against a scripted LNS: port following, the SCCRP checks (§5.1.1, §6.2).
BOOST_AUTO_TEST_CASE(LacSideScripted)
{
    {
        L2tpEndpointConfig c;
        Script s(c);
        uint16_t tid = s.ep.OpenTunnel(kScriptPeer, 0);
        s.Collect();
        L2tpControlMessage rq = s.Last(L2tpMessageType::SCCRQ);
        BOOST_TEST(ValidateMessage(rq));
        BOOST_TEST(rq.tunnelId == 0);
        s.Inject(Sccrp(), tid);
        BOOST_TEST(s.ep.TunnelState(tid) == "ESTABLISHED");
        BOOST_TEST(s.Count(L2tpMessageType::SCCCN) == 1u);
        BOOST_TEST(s.Last(L2tpMessageType::SCCCN).tunnelId == kPeerTid);
    }
    {
        // We challenge; an SCCRP without the response is refused with StopCCN 4.
        L2tpEndpointConfig c;
        c.secret = "k";
        Script s(c);
        uint16_t tid = s.ep.OpenTunnel(kScriptPeer, 0);
        s.Collect();
        BOOST_TEST(s.Last(L2tpMessageType::SCCRQ).Find(L2tpAvpType::CHALLENGE) != nullptr);
        s.Inject(Sccrp(), tid);
        BOOST_TEST(ResultOf(s.Last(L2tpMessageType::STOPCCN)).first == 4);
        BOOST_TEST(s.ep.TunnelState(tid) == "CLOSING");
    }
    {
        // An SCCRP to a LAC that never sent an SCCRQ on that tunnel id: unknown tunnel, dropped.
        L2tpEndpointConfig c;
        Script s(c);
        s.Inject(Sccrp(), 0x5555);
        BOOST_TEST(s.ep.GetCounters().Get("drop/unknown-tunnel") == 1u);
        BOOST_TEST(s.io.out.empty());
    }
}

// §6.9: an LNS MUST have received Bearer Capabilities to request an outgoing call.
BOOST_AUTO_TEST_CASE(OutgoingCallNeedsBearerCapabilities)
{
    Script s(Lns());
    L2tpControlMessage m = Sccrq();
    for (auto it = m.avps.begin(); it != m.avps.end(); ++it)
    {
        if (it->Is(L2tpAvpType::BEARER_CAPABILITIES))
        {
            m.avps.erase(it);
            break;
        }
    }
    s.Inject(m, 0);
    s.Inject(L2tpControlMessage::Make(L2tpMessageType::SCCCN), s.ourTid);
    BOOST_REQUIRE(s.State() == "ESTABLISHED");
    BOOST_TEST(s.ep.PlaceCall(s.ourTid, L2tpCallKind::OUTGOING, s.now) == 0);
    BOOST_TEST(s.ep.GetCounters().Get("call/refused/no-bearer-capabilities") == 1u);
    BOOST_TEST(s.ep.PlaceCall(s.ourTid, L2tpCallKind::INCOMING, s.now) != 0);
}

BOOST_AUTO_TEST_SUITE_END()
