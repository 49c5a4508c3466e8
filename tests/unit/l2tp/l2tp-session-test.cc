/**
 * \file
 * \brief Tests of the L2TP session FSMs (RFC 2661 §7.4.1, §7.4.2, §7.5.1, §7.5.2) driven
 * directly through a mock owner (no tunnel, no wire): table completeness per role, the message
 * each transition sends, §4.1 for session messages, WEN/SLI, §5.4 data sequencing.
 */

#include "model/l2tp/l2tp-message-spec.h"
#include "model/l2tp/l2tp-session.h"
#include "model/l2tp/l2tp-tunnel.h"

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/** \brief Records what a session asks of its tunnel. */
struct MockOwner : public L2tpSession::Owner
{
    std::vector<L2tpControlMessage> sent;
    std::vector<TimeNs> sentAt;      //!< the time each message was handed over
    std::vector<std::string> events; //!< "kind" or "state:FROM>TO"
    std::vector<TimeNs> eventAt;     //!< the time of each event
    int ups{0};
    int downs{0};
    bool hide{false};
    uint32_t serial{0};

    void
    SessionSend(L2tpSession&, L2tpControlMessage m, TimeNs now) override
    {
        sent.push_back(std::move(m));
        sentAt.push_back(now);
    }
    bool
    SessionHideAvps() const override
    {
        return hide;
    }
    Bytes
    SessionRandomVector() override
    {
        return Bytes(16, 0xab);
    }
    uint32_t
    SessionNextCallSerial() override
    {
        return ++serial;
    }
    uint32_t
    SessionBearerType() const override
    {
        return 0;
    }
    uint32_t
    SessionFramingType() const override
    {
        return 1;
    }
    void
    SessionEmit(L2tpSession&,
                TimeNs now,
                const std::string& kind,
                std::vector<std::pair<std::string, std::string>> f) override
    {
        eventAt.push_back(now);
        if (kind == "state")
        {
            events.push_back("state:" + f[0].second + ">" + f[2].second);
        }
        else
        {
            events.push_back(kind);
        }
    }
    void
    SessionUp(L2tpSession&) override
    {
        ++ups;
    }
    void
    SessionDown(L2tpSession&, TimeNs) override
    {
        ++downs;
    }

    L2tpMessageType
    LastType() const
    {
        return sent.empty() ? L2tpMessageType::ZLB : sent.back().Type();
    }
};

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

L2tpControlMessage
WithSession(L2tpMessageType t, uint16_t sid)
{
    L2tpControlMessage m = L2tpControlMessage::Make(t);
    m.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, sid);
    return m;
}

L2tpControlMessage
Icrq(uint16_t sid)
{
    L2tpControlMessage m = WithSession(L2tpMessageType::ICRQ, sid);
    m.AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, 42);
    return m;
}

L2tpControlMessage
Connected(L2tpMessageType t, bool seqRequired = false)
{
    L2tpControlMessage m = L2tpControlMessage::Make(t);
    m.AddU32(L2tpAvpType::TX_CONNECT_SPEED, 1000000);
    m.AddU32(L2tpAvpType::FRAMING_TYPE, 1);
    if (seqRequired)
    {
        m.Add(L2tpAvpType::SEQUENCING_REQUIRED, Bytes{});
    }
    return m;
}

L2tpControlMessage
Ocrq(uint16_t sid)
{
    L2tpControlMessage m = WithSession(L2tpMessageType::OCRQ, sid);
    m.AddU32(L2tpAvpType::CALL_SERIAL_NUMBER, 7);
    m.AddU32(L2tpAvpType::MINIMUM_BPS, 1);
    m.AddU32(L2tpAvpType::MAXIMUM_BPS, 2);
    m.AddU32(L2tpAvpType::BEARER_TYPE, 0);
    m.AddU32(L2tpAvpType::FRAMING_TYPE, 1);
    m.AddString(L2tpAvpType::CALLED_NUMBER, "123");
    return m;
}

L2tpControlMessage
Cdn(uint16_t result)
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::CDN);
    m.AddResult(result, 0, "bye");
    m.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 1);
    return m;
}

/** \brief A LAC incoming session brought to ESTABLISHED (peer session 900). */
void
UpLacIncoming(MockOwner& o, L2tpSession& s)
{
    s.Open(0);
    s.TunnelUp(0);
    s.Receive(WithSession(L2tpMessageType::ICRP, 900), 0);
    BOOST_REQUIRE(s.State() == L2tpSessionState::ESTABLISHED);
    BOOST_REQUIRE(o.ups == 1);
}

const std::vector<L2tpSessionRole> kRoles{
    L2tpSessionRole::LAC_INCOMING, L2tpSessionRole::LNS_INCOMING, L2tpSessionRole::LAC_OUTGOING,
    L2tpSessionRole::LNS_OUTGOING};

} // namespace

BOOST_AUTO_TEST_SUITE(L2tpSessionTests)

// Each role's table lists every (state, event) pair of its states exactly once, and nothing else;
// the events come from the declaration (X-macro), so a new event without rows fails here.
BOOST_AUTO_TEST_CASE(TransitionTablesAreComplete)
{
    const std::vector<L2tpSessionEvent> events = FsmAllValues<L2tpSessionEvent>();
    BOOST_TEST(events.size() == FsmEnumInfo<L2tpSessionEvent>::kCount);
    std::set<L2tpSessionState> used;
    for (L2tpSessionRole role : kRoles)
    {
        const L2tpSession::Table t = L2tpSession::TableFor(role);
        std::vector<L2tpSessionState> states = L2tpSession::StatesFor(role);
        BOOST_TEST(t.size == states.size() * events.size(), ToString(role));
        for (L2tpSessionState st : states)
        {
            used.insert(st);
            for (L2tpSessionEvent ev : events)
            {
                int hits = 0;
                for (const L2tpSession::Row& r : t)
                {
                    hits += r.from == st && r.event == ev ? 1 : 0;
                }
                BOOST_TEST(hits == 1, ToString(role)
                                          << ": " << ToString(st) << " x " << ToString(ev));
            }
        }
        for (const L2tpSession::Row& r : t)
        {
            // Rows only lead to states of the role; CLOSED is terminal; TUNNEL_DOWN always ends.
            BOOST_TEST((std::find(states.begin(), states.end(), r.to) != states.end()));
            if (r.from == L2tpSessionState::CLOSED)
            {
                BOOST_TEST((r.to == L2tpSessionState::CLOSED && !r.action));
            }
            if (r.event == L2tpSessionEvent::TUNNEL_DOWN)
            {
                BOOST_TEST((r.to == L2tpSessionState::CLOSED));
            }
        }
    }
    // Every declared state is used by at least one role.
    BOOST_TEST(used.size() == FsmEnumInfo<L2tpSessionState>::kCount);
}

// Every row says where it comes from: an RFC row cites its role's §7.4/§7.5 table and quotes the
// cell ("Event: Action"); a defensive row says why. Names match the actions (docs/fsm.md).
BOOST_AUTO_TEST_CASE(RowsNameTheirOrigin)
{
    for (L2tpSessionRole role : kRoles)
    {
        size_t rfc = 0;
        for (const L2tpSession::Row& r : L2tpSession::TableFor(role))
        {
            BOOST_TEST_CONTEXT(ToString(role)
                               << ": " << ToString(r.from) << " x " << ToString(r.event))
            {
                BOOST_TEST(std::string(r.note).size() > 0u);
                BOOST_TEST((r.action == nullptr) == (std::string(r.actionName).empty()));
                if (r.kind == FsmRowKind::RFC)
                {
                    ++rfc;
                    BOOST_TEST(std::string(r.ref) == L2tpSession::SectionFor(role));
                    BOOST_TEST(std::string(r.note).find(": ") != std::string::npos);
                }
                else
                {
                    BOOST_TEST(std::string(r.ref).empty());
                }
            }
        }
        BOOST_TEST(rfc >= 10u, ToString(role)); // each RFC table has at least ten cells
    }
}

// Actions receive the time of their input: §7.4.1 tunnel-open -> Send ICRQ happens when the
// tunnel opens, not when the call was requested.
BOOST_AUTO_TEST_CASE(ActionsGetTheTimeOfTheirInput)
{
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 0x1111, L2tpSessionConfig{}, true);
    s.Open(5);
    s.TunnelUp(7);
    BOOST_REQUIRE(o.sent.size() == 1u);
    BOOST_TEST(o.sentAt[0] == 7);
    s.Receive(WithSession(L2tpMessageType::ICRP, 900), 11);
    BOOST_REQUIRE(o.sent.size() == 2u); // ICCN
    BOOST_TEST(o.sentAt[1] == 11);
    BOOST_TEST(o.eventAt.front() == 5);
    BOOST_TEST(o.eventAt.back() == 11);
}

// §7.5.2: in wait-tunnel the LNS ignores call messages (the peer cannot know the call yet).
// Ignoring one changes nothing: an OCCN with Sequencing Required (§4.4.4) seen there does not
// switch sequencing on; only the OCCN that connects the call does (classification is pure).
BOOST_AUTO_TEST_CASE(IgnoredMessageChangesNothing)
{
    const L2tpControlMessage occn = Connected(L2tpMessageType::OCCN, true);
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LNS_OUTGOING, 0x2222, L2tpSessionConfig{}, true);
    s.Open(0);
    BOOST_REQUIRE(s.State() == L2tpSessionState::WAIT_TUNNEL);
    s.Receive(occn, 1);
    BOOST_TEST(ToString(s.State()) == "WAIT_TUNNEL");
    BOOST_TEST(!s.SendsSequence());
    BOOST_TEST(s.PeerId() == 0);
    s.TunnelUp(2);
    s.Receive(WithSession(L2tpMessageType::OCRP, 901), 3);
    BOOST_REQUIRE(s.State() == L2tpSessionState::WAIT_CONNECT);
    BOOST_TEST(!s.SendsSequence());
    s.Receive(occn, 4);
    BOOST_TEST(ToString(s.State()) == "ESTABLISHED");
    BOOST_TEST(s.SendsSequence());
}

// §7.4.1 LAC incoming: idle -(ring)-> wait-tunnel -(tunnel-open / ICRQ)-> wait-reply
// -(ICRP / ICCN)-> established; §6.6 and §6.8 contents.
BOOST_AUTO_TEST_CASE(LacIncomingHappyPath)
{
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 0x1111, L2tpSessionConfig{}, true);
    s.Open(0);
    BOOST_TEST(ToString(s.State()) == "WAIT_TUNNEL");
    BOOST_TEST(o.sent.empty()); // nothing before tunnel-open (§5.0)
    s.TunnelUp(0);
    BOOST_TEST(ToString(s.State()) == "WAIT_REPLY");
    BOOST_REQUIRE(o.LastType() == L2tpMessageType::ICRQ);
    BOOST_TEST(ValidateMessage(o.sent.back()));
    BOOST_TEST(o.sent.back().sessionId == 0); // §5.3
    s.Receive(WithSession(L2tpMessageType::ICRP, 900), 0);
    BOOST_TEST(ToString(s.State()) == "ESTABLISHED");
    BOOST_REQUIRE(o.LastType() == L2tpMessageType::ICCN);
    BOOST_TEST(ValidateMessage(o.sent.back()));
    BOOST_TEST(o.sent.back().sessionId == 900); // §4.4.4: the peer's Assigned Session ID
    BOOST_TEST(o.sent.back().Find(L2tpAvpType::SEQUENCING_REQUIRED) == nullptr);
    BOOST_TEST(s.PeerId() == 900);
    BOOST_TEST(s.CallSerial() == 1u);
    BOOST_TEST(o.ups == 1);
    std::vector<std::string> states;
    for (const auto& e : o.events)
    {
        if (e.rfind("state:", 0) == 0)
        {
            states.push_back(e);
        }
    }
    std::vector<std::string> expected{"state:IDLE>WAIT_TUNNEL", "state:WAIT_TUNNEL>WAIT_REPLY",
                                      "state:WAIT_REPLY>ESTABLISHED"};
    BOOST_TEST(states == expected, boost::test_tools::per_element());
}

// §7.4.1 wait-reply "Receive ICRP, Not acceptable": Send CDN, Clean up (here: §4.1 unknown M-bit).
BOOST_AUTO_TEST_CASE(LacIncomingIcrpNotAcceptable)
{
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 0x1111, L2tpSessionConfig{}, true);
    s.Open(0);
    s.TunnelUp(0);
    L2tpControlMessage rp = WithSession(L2tpMessageType::ICRP, 901);
    L2tpAvp u;
    u.vendorId = 77;
    u.type = 5;
    u.mandatory = true;
    rp.avps.push_back(u);
    s.Receive(rp, 0);
    BOOST_TEST(ToString(s.State()) == "CLOSED");
    BOOST_REQUIRE(o.LastType() == L2tpMessageType::CDN);
    BOOST_TEST(ValidateMessage(o.sent.back()));
    BOOST_TEST(ResultOf(o.sent.back()).first == 2);
    BOOST_TEST(ResultOf(o.sent.back()).second == 8);
    BOOST_TEST(o.sent.back().sessionId == 901);
    BOOST_TEST(o.downs == 1);
}

// §7.4.2 LNS incoming, with §4.4.4 Sequencing Required honoured (S bit on data).
BOOST_AUTO_TEST_CASE(LnsIncomingWithSequencingRequired)
{
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LNS_INCOMING, 0x2222, L2tpSessionConfig{}, false);
    s.Receive(Icrq(55), 0);
    BOOST_TEST(ToString(s.State()) == "WAIT_CONNECT");
    BOOST_REQUIRE(o.LastType() == L2tpMessageType::ICRP);
    BOOST_TEST(o.sent.back().sessionId == 55);
    BOOST_TEST(s.CallSerial() == 42u);
    L2tpDataMessage d;
    BOOST_TEST(!s.BuildData(Bytes{1, 2}, d)); // no data before established (§5.0)
    s.Receive(Connected(L2tpMessageType::ICCN, true), 0);
    BOOST_TEST(ToString(s.State()) == "ESTABLISHED");
    BOOST_TEST(s.SendsSequence());
    BOOST_REQUIRE(s.BuildData(Bytes{1, 2}, d));
    BOOST_TEST(d.hasSequence);
    BOOST_TEST(d.ns == 0);
    BOOST_TEST(d.sessionId == 55);
    BOOST_REQUIRE(s.BuildData(Bytes{3}, d));
    BOOST_TEST(d.ns == 1);
    // Sequencing stays on even if the LAC's data comes without Ns.
    L2tpDataMessage in;
    in.payload = {9};
    BOOST_TEST(s.AcceptData(in));
    BOOST_TEST(s.SendsSequence());
}

// §7.4.2 idle "Receive ICRQ, not acceptable" (resources): CDN Result 4 via Refuse.
BOOST_AUTO_TEST_CASE(LnsIncomingRefused)
{
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LNS_INCOMING, 0x2222, L2tpSessionConfig{}, false);
    s.Refuse(Icrq(56), 4, 0, 0);
    BOOST_TEST(ToString(s.State()) == "CLOSED");
    BOOST_REQUIRE(o.LastType() == L2tpMessageType::CDN);
    BOOST_TEST(ResultOf(o.sent.back()).first == 4);
    BOOST_TEST(o.sent.back().sessionId == 56);
    BOOST_TEST(o.ups == 0);
}

// §7.5.1 LAC outgoing: OCRQ -> OCRP, bearer answers -> OCCN -> established.
BOOST_AUTO_TEST_CASE(LacOutgoing)
{
    MockOwner o;
    L2tpSessionConfig cfg;
    cfg.sequenceData = true;
    L2tpSession s(&o, L2tpSessionRole::LAC_OUTGOING, 0x3333, cfg, false);
    s.Receive(Ocrq(66), 0);
    BOOST_TEST(ToString(s.State()) == "ESTABLISHED");
    BOOST_REQUIRE(o.sent.size() == 2u);
    BOOST_TEST((o.sent[0].Type() == L2tpMessageType::OCRP));
    BOOST_TEST((o.sent[1].Type() == L2tpMessageType::OCCN));
    BOOST_TEST(ValidateMessage(o.sent[0]));
    BOOST_TEST(ValidateMessage(o.sent[1]));
    BOOST_TEST(o.sent[1].Find(L2tpAvpType::SEQUENCING_REQUIRED) != nullptr);
    BOOST_TEST(s.CallSerial() == 7u);
    std::vector<std::string> states;
    for (const auto& e : o.events)
    {
        if (e.rfind("state:", 0) == 0)
        {
            states.push_back(e);
        }
    }
    std::vector<std::string> expected{"state:IDLE>WAIT_CS_ANSWER",
                                      "state:WAIT_CS_ANSWER>ESTABLISHED"};
    BOOST_TEST(states == expected, boost::test_tools::per_element());
}

// §7.5.2 LNS outgoing: open -> wait-tunnel -> OCRQ -> wait-reply -(OCRP)-> wait-connect
// -(OCCN)-> established; OCCN in wait-reply: Send CDN, Clean up.
BOOST_AUTO_TEST_CASE(LnsOutgoing)
{
    {
        MockOwner o;
        L2tpSession s(&o, L2tpSessionRole::LNS_OUTGOING, 0x4444, L2tpSessionConfig{}, true);
        s.Open(0);
        BOOST_TEST(ToString(s.State()) == "WAIT_TUNNEL");
        s.TunnelUp(0);
        BOOST_TEST(ToString(s.State()) == "WAIT_REPLY");
        BOOST_REQUIRE(o.LastType() == L2tpMessageType::OCRQ);
        BOOST_TEST(ValidateMessage(o.sent.back()));
        s.Receive(WithSession(L2tpMessageType::OCRP, 77), 0);
        BOOST_TEST(ToString(s.State()) == "WAIT_CONNECT");
        BOOST_TEST(o.sent.size() == 1u); // "none"
        s.Receive(Connected(L2tpMessageType::OCCN), 0);
        BOOST_TEST(ToString(s.State()) == "ESTABLISHED");
        BOOST_TEST(o.ups == 1);
    }
    {
        MockOwner o;
        L2tpSession s(&o, L2tpSessionRole::LNS_OUTGOING, 0x4444, L2tpSessionConfig{}, true);
        s.Open(0);
        s.TunnelUp(0);
        s.Receive(Connected(L2tpMessageType::OCCN), 0);
        BOOST_TEST(ToString(s.State()) == "CLOSED");
        BOOST_TEST((o.LastType() == L2tpMessageType::CDN));
    }
}

// §6.12: a received CDN cleans up silently (no answer) in every live state; local close sends
// CDN with our Result Code; TUNNEL_DOWN (§6.4) cleans up without any message.
BOOST_AUTO_TEST_CASE(CdnAndCloseAndTunnelDown)
{
    {
        MockOwner o;
        L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 1, L2tpSessionConfig{}, true);
        UpLacIncoming(o, s);
        size_t before = o.sent.size();
        s.Receive(Cdn(3), 0);
        BOOST_TEST(ToString(s.State()) == "CLOSED");
        BOOST_TEST(o.sent.size() == before);
        BOOST_TEST(s.LastResult() == 3);
        BOOST_TEST(o.downs == 1);
    }
    {
        MockOwner o;
        L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 1, L2tpSessionConfig{}, true);
        UpLacIncoming(o, s);
        s.Close(3, 0, "admin", 0);
        BOOST_REQUIRE(o.LastType() == L2tpMessageType::CDN);
        BOOST_TEST(ResultOf(o.sent.back()).first == 3);
        uint16_t id = 0;
        BOOST_TEST(o.sent.back().GetU16(L2tpAvpType::ASSIGNED_SESSION_ID, id));
        BOOST_TEST(id == 1);       // our own id (§6.12)
        s.Close(3, 0, "again", 0); // idempotent
        BOOST_TEST(o.downs == 1);
    }
    {
        MockOwner o;
        L2tpSession s(&o, L2tpSessionRole::LNS_OUTGOING, 1, L2tpSessionConfig{}, true);
        s.Open(0);
        s.TunnelDown(0);
        BOOST_TEST(ToString(s.State()) == "CLOSED");
        BOOST_TEST(o.sent.empty());
        BOOST_TEST(o.downs == 1);
    }
    {
        // Local close while waiting for the tunnel: clean up only (§7.4.1 wait-tunnel).
        MockOwner o;
        L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 1, L2tpSessionConfig{}, true);
        s.Open(0);
        s.Close(3, 0, "", 0);
        BOOST_TEST(o.sent.empty());
        BOOST_TEST(ToString(s.State()) == "CLOSED");
    }
}

// §6.13 WEN (LAC -> LNS) and §6.14 SLI (LNS -> LAC); an unknown M-bit AVP in a WEN ends the
// session (§4.1).
BOOST_AUTO_TEST_CASE(WenSliAndUnknownMandatoryInWen)
{
    MockOwner o;
    L2tpSession lac(&o, L2tpSessionRole::LAC_INCOMING, 1, L2tpSessionConfig{}, true);
    UpLacIncoming(o, lac);
    L2tpCallErrors ce;
    ce.timeoutErrors = 4;
    BOOST_TEST(lac.SendWen(ce, 0));
    BOOST_REQUIRE(o.LastType() == L2tpMessageType::WEN);
    BOOST_TEST(ValidateMessage(o.sent.back()));
    BOOST_TEST(!lac.SendSli(1, 2, 0)); // SLI goes LNS -> LAC only
    L2tpControlMessage sli = L2tpControlMessage::Make(L2tpMessageType::SLI);
    sli.Add(L2tpAvpType::ACCM, Bytes{0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe});
    lac.Receive(sli, 0);
    BOOST_TEST(lac.PeerSendAccm() == 1u);
    BOOST_TEST(lac.PeerRecvAccm() == 0xfffffffeu);

    MockOwner o2;
    L2tpSession lns(&o2, L2tpSessionRole::LNS_INCOMING, 2, L2tpSessionConfig{}, false);
    lns.Receive(Icrq(3), 0);
    lns.Receive(Connected(L2tpMessageType::ICCN), 0);
    BOOST_REQUIRE(lns.State() == L2tpSessionState::ESTABLISHED);
    L2tpControlMessage wen = L2tpControlMessage::Make(L2tpMessageType::WEN);
    wen.Add(L2tpAvpType::CALL_ERRORS, ce.Encode());
    lns.Receive(wen, 0);
    BOOST_TEST((lns.PeerCallErrors() == ce));
    BOOST_TEST(lns.SendSli(0xffffffff, 0, 0));
    L2tpControlMessage wen2 = wen;
    L2tpAvp u;
    u.vendorId = 12;
    u.type = 1;
    u.mandatory = true;
    wen2.avps.push_back(u);
    lns.Receive(wen2, 0);
    BOOST_TEST(ToString(lns.State()) == "CLOSED");
    BOOST_TEST(ResultOf(o2.sent.back()).second == 8);
}

// §5.4: a LAC follows the LNS: sequenced data in -> sequenced data out, and back; stale Ns drop.
BOOST_AUTO_TEST_CASE(LacFollowsSequencingAndDropsStale)
{
    MockOwner o;
    L2tpSession s(&o, L2tpSessionRole::LAC_INCOMING, 1, L2tpSessionConfig{}, true);
    UpLacIncoming(o, s);
    BOOST_TEST(!s.SendsSequence());
    L2tpDataMessage in;
    in.hasSequence = true;
    in.ns = 10;
    BOOST_TEST(s.AcceptData(in));
    BOOST_TEST(s.SendsSequence());
    in.ns = 9;
    BOOST_TEST(!s.AcceptData(in)); // older than expected: stale
    in.ns = 11;
    BOOST_TEST(s.AcceptData(in));
    in.hasSequence = false;
    BOOST_TEST(s.AcceptData(in));
    BOOST_TEST(!s.SendsSequence()); // "MUST stop sending sequence numbers"
}

// Names print as the RFC tables spell them.
BOOST_AUTO_TEST_CASE(Names)
{
    BOOST_TEST(std::string(ToString(L2tpSessionState::WAIT_CS_ANSWER)) == "WAIT_CS_ANSWER");
    BOOST_TEST(std::string(ToString(L2tpSessionEvent::RX_NOT_ACCEPTABLE)) == "RX_NOT_ACCEPTABLE");
    BOOST_TEST(std::string(ToString(L2tpSessionRole::LNS_OUTGOING)) == "LNS_OUTGOING");
    BOOST_TEST(std::string(ToString(L2tpTunnelState::WAIT_CTL_CONN)) == "WAIT_CTL_CONN");
    BOOST_TEST(std::string(ToString(L2tpTunnelEvent::RX_SCCRQ_TIE_LOST)) == "RX_SCCRQ_TIE_LOST");
    BOOST_TEST(ToString(L2tpPeer{0x0a000001, 1701}) == "10.0.0.1:1701");
}

BOOST_AUTO_TEST_SUITE_END()
