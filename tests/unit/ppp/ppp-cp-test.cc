/**
 * \file
 * \brief The RFC 1661 automaton (ppp-cp.h): the §4.1 state transition table cell by cell (the
 * table's rows against an independent transcription of the RFC's table, then every (state, event)
 * driven through a real LCP instance by API calls, timers and packets, checking the next state
 * and the actions), the Restart timer and its counters (§4.6), the §5 packet codec, Identifier
 * matching (§5.2-5.4), Code-Reject of unknown codes (§5.6) and malformed packets.
 */

#include "model/ppp/ppp-cp.h"
#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-lcp.h"
#include "ppp-test-support.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::ppptest;

namespace
{

using S = PppCpState;
using E = PppCpEvent;

// RFC 1661 §4.1 "State Transition Table", transcribed as printed: rows are events (Up, Down,
// Open, Close, TO+, TO-, RCR+, RCR-, RCA, RCN, RTR, RTA, RUC, RXJ+, RXJ-, RXR), columns states
// 0..9 (Initial, Starting, Closed, Stopped, Closing, Stopping, Req-Sent, Ack-Rcvd, Ack-Sent,
// Opened). Footnote letters (p, r, x) are kept.
// clang-format off
const char* const kRfcTable[16][10] = {
    /* Up   */ {"2", "irc,scr/6", "-", "-", "-", "-", "-", "-", "-", "-"},
    /* Down */ {"-", "-", "0", "tls/1", "0", "1", "1", "1", "1", "tld/1"},
    /* Open */ {"tls/1", "1", "irc,scr/6", "3r", "5r", "5r", "6", "7", "8", "9r"},
    /* Close*/ {"0", "tlf/0", "2", "2", "4", "4", "irc,str/4", "irc,str/4", "irc,str/4", "tld,irc,str/4"},
    /* TO+  */ {"-", "-", "-", "-", "str/4", "str/5", "scr/6", "scr/6", "scr/8", "-"},
    /* TO-  */ {"-", "-", "-", "-", "tlf/2", "tlf/3", "tlf/3p", "tlf/3p", "tlf/3p", "-"},
    /* RCR+ */ {"-", "-", "sta/2", "irc,scr,sca/8", "4", "5", "sca/8", "sca,tlu/9", "sca/8", "tld,scr,sca/8"},
    /* RCR- */ {"-", "-", "sta/2", "irc,scr,scn/6", "4", "5", "scn/6", "scn/7", "scn/6", "tld,scr,scn/6"},
    /* RCA  */ {"-", "-", "sta/2", "sta/3", "4", "5", "irc/7", "scr/6x", "irc,tlu/9", "tld,scr/6x"},
    /* RCN  */ {"-", "-", "sta/2", "sta/3", "4", "5", "irc,scr/6", "scr/6x", "irc,scr/8", "tld,scr/6x"},
    /* RTR  */ {"-", "-", "sta/2", "sta/3", "sta/4", "sta/5", "sta/6", "sta/6", "sta/6", "tld,zrc,sta/5"},
    /* RTA  */ {"-", "-", "2", "3", "tlf/2", "tlf/3", "6", "6", "8", "tld,scr/6"},
    /* RUC  */ {"-", "-", "scj/2", "scj/3", "scj/4", "scj/5", "scj/6", "scj/7", "scj/8", "scj/9"},
    /* RXJ+ */ {"-", "-", "2", "3", "4", "5", "6", "7", "8", "9"},
    /* RXJ- */ {"-", "-", "tlf/2", "tlf/3", "tlf/2", "tlf/3", "tlf/3", "tlf/3", "tlf/3", "tld,irc,str/5"},
    /* RXR  */ {"-", "-", "2", "3", "4", "5", "6", "7", "8", "ser/9"},
};
// clang-format on

/** A parsed cell: actions and next state (-1 for "-"). */
struct Cell
{
    std::vector<std::string> actions;
    int next{-1};
};

Cell
ParseCell(const std::string& text)
{
    Cell c;
    if (text == "-")
    {
        return c;
    }
    std::string acts;
    std::string state = text;
    const size_t slash = text.find('/');
    if (slash != std::string::npos)
    {
        acts = text.substr(0, slash);
        state = text.substr(slash + 1);
    }
    c.next = state[0] - '0';
    std::stringstream ss(acts);
    std::string a;
    while (std::getline(ss, a, ','))
    {
        c.actions.push_back(a);
    }
    return c;
}

/** What an action looks like in the Recorder's trace ("" = not visible there). */
std::string
Visible(const std::string& action)
{
    static const std::map<std::string, std::string> kMap = {
        {"tlu", "tlu"},
        {"tld", "tld"},
        {"tls", "tls"},
        {"tlf", "tlf"},
        {"irc", ""},
        {"zrc", ""},
        {"scr", "configure-request"},
        {"sca", "configure-ack"},
        {"scn", "configure-reject"}, // the harness's RCR- carries an unknown option
        {"str", "terminate-request"},
        {"sta", "terminate-ack"},
        {"scj", "code-reject"},
        {"ser", "echo-reply"},
    };
    return kMap.at(action);
}

constexpr uint32_t kPeerMagic = 0x11111111;

/** One LCP instance driven into a state, then hit with one event. */
class CellHarness
{
public:
    ~CellHarness() { CheckCountersDeclared(m_lcp); }
    explicit CellHarness(const PppCpTimers& timers)
        : m_cfg(MakeConfig(timers))
        , m_lcp(m_cfg, m_rec)
    {
    }

    static PppLcpConfig
    MakeConfig(const PppCpTimers& timers)
    {
        PppLcpConfig c;
        c.timers = timers;
        return c;
    }

    /** Drive the instance into `s` by legal means (every path sends a Configure-Request). */
    void
    Reach(S s)
    {
        switch (s)
        {
        case S::INITIAL: // Req-Sent, Close (Closing), Down
            ReqSent();
            m_lcp.Close(Tick());
            m_lcp.Down(Tick());
            break;
        case S::STARTING:
            Reach(S::INITIAL);
            m_lcp.Open(Tick());
            break;
        case S::CLOSED: // Closing, then the peer's Terminate-Ack (tlf/2)
            Reach(S::CLOSING);
            Feed(Packet(kPppTerminateAck, m_rec.Last(kPppTerminateRequest)->id, {}));
            break;
        case S::STOPPED: // Req-Sent until TO- (tlf/3p)
            ReqSent();
            while (m_lcp.State() == S::REQ_SENT)
            {
                Timeout();
            }
            break;
        case S::CLOSING:
            ReqSent();
            m_lcp.Close(Tick());
            break;
        case S::STOPPING: // Closing, then Open (5r)
            Reach(S::CLOSING);
            m_lcp.Open(Tick());
            break;
        case S::REQ_SENT:
            ReqSent();
            break;
        case S::ACK_RCVD:
            ReqSent();
            AckOurs();
            break;
        case S::ACK_SENT:
            ReqSent();
            Feed(PeerRequest(true));
            break;
        case S::OPENED:
            ReqSent();
            Feed(PeerRequest(true));
            AckOurs();
            break;
        }
        BOOST_REQUIRE(m_lcp.State() == s);
        m_rec.trace.clear();
    }

    /** Raise `e` the way the link or the peer would. */
    void
    Inject(E e)
    {
        switch (e)
        {
        case E::UP:
            m_lcp.Up(Tick());
            break;
        case E::DOWN:
            m_lcp.Down(Tick());
            break;
        case E::OPEN:
            m_lcp.Open(Tick());
            break;
        case E::CLOSE:
            m_lcp.Close(Tick());
            break;
        case E::TO_PLUS:
        case E::TO_MINUS:
            Timeout();
            break;
        case E::RCR_PLUS:
            Feed(PeerRequest(true));
            break;
        case E::RCR_MINUS:
            Feed(PeerRequest(false));
            break;
        case E::RCA:
            AckOurs();
            break;
        case E::RCN:
            Feed(Configure(kPppConfigureNak, m_lcp.LastRequestId(),
                           {{kLcpMagicNumber, {0x22, 0x22, 0x22, 0x22}}}));
            break;
        case E::RTR:
            Feed(Packet(kPppTerminateRequest, 0x77, {}));
            break;
        case E::RTA:
            Feed(Packet(kPppTerminateAck, 0x78, {}));
            break;
        case E::RUC:
            Feed(Packet(0x63, 0x79, {1, 2, 3}));
            break;
        case E::RXJ_PLUS: // Code-Reject of Echo-Request: an extension code, permitted
            Feed(Packet(kPppCodeReject, 0x7a, {kPppEchoRequest, 1, 0, 8, 0, 0, 0, 0}));
            break;
        case E::RXJ_MINUS: // Code-Reject of Configure-Request: catastrophic
            Feed(Packet(kPppCodeReject, 0x7b, {kPppConfigureRequest, 1, 0, 4}));
            break;
        case E::RXR:
            Feed(Packet(kPppEchoRequest, 0x7c, {0x11, 0x11, 0x11, 0x11, 0xaa}));
            break;
        }
    }

    PppLcp&
    Lcp()
    {
        return m_lcp;
    }
    Recorder&
    Rec()
    {
        return m_rec;
    }

private:
    TimeNs
    Tick()
    {
        m_now += kMs;
        return m_now;
    }
    void
    ReqSent()
    {
        m_lcp.Up(Tick());
        m_lcp.Open(Tick());
    }
    void
    Feed(const Bytes& b)
    {
        m_lcp.Input(b, Tick());
    }
    void
    Timeout()
    {
        const TimeNs d = m_lcp.NextDeadline();
        m_now = d == kNever ? m_now + 100 * kSec : d;
        m_lcp.OnTimer(m_now);
    }
    void
    AckOurs()
    {
        const PppCpPacket* req = m_rec.Last(kPppConfigureRequest);
        BOOST_REQUIRE(req != nullptr);
        Feed(Packet(kPppConfigureAck, req->id, req->data));
    }
    Bytes
    PeerRequest(bool acceptable)
    {
        std::vector<PppCpOption> o{{kLcpMagicNumber, {0x11, 0x11, 0x11, 0x11}}};
        if (!acceptable)
        {
            o.push_back({0xee, {1, 2}}); // not in the LCP table: Configure-Reject
        }
        return Configure(kPppConfigureRequest, 0x40, o);
    }

    TimeNs m_now{0};
    Recorder m_rec;
    PppLcpConfig m_cfg;
    PppLcp m_lcp;
};

} // namespace

BOOST_AUTO_TEST_SUITE(PppCpTests)

// The table has exactly one row per (state, event): 10 × 16 = 160 (§4.1 is complete).
BOOST_AUTO_TEST_CASE(TableIsComplete)
{
    const PppControlProtocol::Table t = PppControlProtocol::GetTable();
    BOOST_TEST(t.size == 160u);
    for (S s : FsmAllValues<S>())
    {
        for (E e : FsmAllValues<E>())
        {
            size_t n = 0;
            for (const auto& r : t)
            {
                n += r.from == s && r.event == e ? 1 : 0;
            }
            BOOST_TEST(n == 1u, ToString(s) << " x " << ToString(e));
        }
    }
}

// Every row against the RFC's printed table: next state, action list, kind (RFC cells vs the
// "-" cells, which are defensive ignore rows) and the note quoting the cell.
BOOST_AUTO_TEST_CASE(TableMatchesRfc1661Section41)
{
    const PppControlProtocol::Table t = PppControlProtocol::GetTable();
    size_t rfcCells = 0;
    for (S s : FsmAllValues<S>())
    {
        for (E e : FsmAllValues<E>())
        {
            const std::string text = kRfcTable[static_cast<int>(e)][static_cast<int>(s)];
            const Cell c = ParseCell(text);
            const auto* r = t.Find(s, e);
            BOOST_REQUIRE(r != nullptr);
            if (c.next < 0)
            {
                BOOST_TEST((r->kind == FsmRowKind::DEFENSIVE), ToString(s) << " x " << ToString(e));
                BOOST_TEST((r->to == s));
                BOOST_TEST((r->action == nullptr));
                continue;
            }
            ++rfcCells;
            BOOST_TEST((r->kind == FsmRowKind::RFC), ToString(s) << " x " << ToString(e));
            BOOST_TEST(std::string(r->ref) == "4.1");
            BOOST_TEST(static_cast<int>(r->to) == c.next, ToString(s) << " x " << ToString(e));
            std::string acts;
            for (const std::string& a : c.actions)
            {
                acts += (acts.empty() ? "" : ",") + a;
            }
            BOOST_TEST(std::string(r->actionName) == acts, ToString(s) << " x " << ToString(e));
            BOOST_TEST(std::string(r->note).compare(0, text.size(), text) == 0,
                       ToString(s) << " x " << ToString(e) << ": " << r->note);
        }
    }
    BOOST_TEST(rfcCells == 120u); // 160 cells, 40 of them "-"
}

// Every cell driven for real: reach the state by API calls, timers and packets, raise the event
// the way a link or a peer would, check the next state and the visible actions in order. irc and
// zrc are checked through the Restart counter. TO+ runs with Max-Configure/Max-Terminate 3, TO-
// with 0 (so the first expiry is TO-).
BOOST_AUTO_TEST_CASE(EveryCellBehavesAsTheRfcSays)
{
    size_t checked = 0;
    for (S s : FsmAllValues<S>())
    {
        for (E e : FsmAllValues<E>())
        {
            PppCpTimers timers;
            timers.restart = kSec;
            timers.maxConfigure = timers.maxTerminate = e == E::TO_MINUS ? 0 : 3;
            CellHarness h(timers);
            h.Reach(s);
            h.Inject(e);
            const std::string text = kRfcTable[static_cast<int>(e)][static_cast<int>(s)];
            const Cell c = ParseCell(text);
            const std::string where =
                std::string(ToString(s)) + " x " + ToString(e) + " (" + text + ")";
            const S expect = c.next < 0 ? s : static_cast<S>(c.next);
            BOOST_TEST((h.Lcp().State() == expect), where << ": now " << ToString(h.Lcp().State()));
            std::string want;
            bool irc = false;
            bool zrc = false;
            for (const std::string& a : c.actions)
            {
                irc = irc || a == "irc";
                zrc = zrc || a == "zrc";
                const std::string v = Visible(a);
                if (!v.empty())
                {
                    want += (want.empty() ? "" : ",") + v;
                }
            }
            BOOST_TEST(h.Rec().Trace() == want, where);
            if (irc)
            {
                // irc then scr/str: Max-* minus the one just sent; irc alone (RCA): Max-Configure.
                const bool sent = h.Rec().Trace().find("request") != std::string::npos;
                BOOST_TEST(h.Lcp().RestartCounter() == (sent ? 2u : 3u), where);
            }
            if (zrc)
            {
                BOOST_TEST(h.Lcp().RestartCounter() == 0u, where);
                BOOST_TEST(h.Lcp().NextDeadline() != kNever, where);
            }
            ++checked;
        }
    }
    BOOST_TEST(checked == 160u);
}

// §4.6: the Restart timer runs only in Closing, Stopping, Req-Sent, Ack-Rcvd and Ack-Sent.
// Max-Configure Configure-Requests go out (one first + Max-Configure - 1 on TO+), then TO- gives
// up with This-Layer-Finished.
BOOST_AUTO_TEST_CASE(MaxConfigureThenGiveUp)
{
    Recorder rec;
    PppLcpConfig cfg;
    cfg.timers.restart = 3 * kSec;
    cfg.timers.maxConfigure = 4;
    PppLcp lcp(cfg, rec);
    BOOST_TEST(lcp.NextDeadline() == kNever);
    lcp.Open(0);
    BOOST_TEST(lcp.NextDeadline() == kNever); // Starting: no timer
    lcp.Up(0);
    BOOST_TEST(lcp.NextDeadline() == 3 * kSec);
    lcp.OnTimer(2 * kSec); // not due
    BOOST_TEST(rec.CountSent(kPppConfigureRequest) == 1u);
    TimeNs t = 0;
    while (lcp.NextDeadline() != kNever)
    {
        t = lcp.NextDeadline();
        lcp.OnTimer(t);
    }
    BOOST_TEST(rec.CountSent(kPppConfigureRequest) == 4u);
    BOOST_TEST(t == 12 * kSec); // 4 requests, 3 s apart, then TO- at the 4th expiry
    BOOST_TEST((lcp.State() == S::STOPPED));
    BOOST_TEST(rec.finishes == 1);
    BOOST_TEST(lcp.Counter("lcp/timeout") == 4u);
    // Identifiers change with every request (§5.1).
    BOOST_TEST(rec.sent[0].id != rec.sent[1].id);
}

// §4.6 Max-Terminate: Terminate-Requests are retransmitted, then Closed without a reply.
BOOST_AUTO_TEST_CASE(MaxTerminate)
{
    Recorder rec;
    PppLcpConfig cfg;
    cfg.timers.maxTerminate = 3;
    PppLcp lcp(cfg, rec);
    lcp.Up(0);
    lcp.Open(0);
    lcp.Close(kSec);
    BOOST_TEST((lcp.State() == S::CLOSING));
    while (lcp.NextDeadline() != kNever)
    {
        lcp.OnTimer(lcp.NextDeadline());
    }
    BOOST_TEST(rec.CountSent(kPppTerminateRequest) == 3u);
    BOOST_TEST((lcp.State() == S::CLOSED));
    BOOST_TEST(rec.finishes == 1);
}

// §5: packet codec: Length checks, padding ignored, round trip.
BOOST_AUTO_TEST_CASE(PacketCodec)
{
    PppCpPacket p;
    std::string why;
    BOOST_TEST(DecodePppCpPacket({1, 2, 0, 6, 0xaa, 0xbb, 0xcc, 0xdd}, p, why)); // 2 octets padding
    BOOST_TEST(p.code == 1);
    BOOST_TEST(p.id == 2);
    BOOST_TEST(p.data == (Bytes{0xaa, 0xbb}), boost::test_tools::per_element());
    BOOST_TEST(EncodePppCpPacket(p) == (Bytes{1, 2, 0, 6, 0xaa, 0xbb}),
               boost::test_tools::per_element());
    BOOST_TEST(!DecodePppCpPacket({1, 2, 0}, p, why));
    BOOST_TEST(why == "short-header");
    BOOST_TEST(!DecodePppCpPacket({1, 2, 0, 3}, p, why));
    BOOST_TEST(why == "length-below-header");
    BOOST_TEST(!DecodePppCpPacket({1, 2, 0, 9, 0, 0, 0, 0}, p, why));
    BOOST_TEST(why == "length-beyond-frame");

    std::vector<PppCpOption> o;
    BOOST_TEST(DecodePppCpOptions({1, 4, 5, 0xdc, 7, 2}, o, why));
    BOOST_TEST(o.size() == 2u);
    BOOST_TEST(EncodePppCpOptions(o) == (Bytes{1, 4, 5, 0xdc, 7, 2}),
               boost::test_tools::per_element());
    BOOST_TEST(!DecodePppCpOptions({1}, o, why));
    BOOST_TEST(why == "option-short");
    BOOST_TEST(!DecodePppCpOptions({1, 1}, o, why));
    BOOST_TEST(why == "option-length-below-2");
    BOOST_TEST(!DecodePppCpOptions({1, 5, 0, 0}, o, why));
    BOOST_TEST(why == "option-beyond-packet");
    BOOST_TEST(std::string(PppCpCodeName(9)) == "echo-request");
    BOOST_TEST(std::string(PppCpCodeName(200)) == "unknown");
}

// Malformed packets and options are counted, reported and dropped: no state change, no reply.
BOOST_AUTO_TEST_CASE(MalformedDropped)
{
    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Up(0);
    lcp.Open(0);
    rec.trace.clear();
    lcp.Input({1, 2, 0}, kMs);
    lcp.Input({1, 2, 0, 200, 1, 2}, kMs);
    lcp.Input({1, 2, 0, 7, 5, 9, 0}, kMs); // option Length 9 beyond the packet
    lcp.Input({kPppCodeReject, 2, 0, 4}, kMs);
    BOOST_TEST(rec.trace.empty());
    BOOST_TEST((lcp.State() == S::REQ_SENT));
    BOOST_TEST(lcp.Counter("lcp/drop/malformed/short-header") == 1u);
    BOOST_TEST(lcp.Counter("lcp/drop/malformed/length-beyond-frame") == 1u);
    BOOST_TEST(lcp.Counter("lcp/drop/malformed/option-beyond-packet") == 1u);
    BOOST_TEST(lcp.Counter("lcp/drop/malformed/code-reject-empty") == 1u);
    BOOST_TEST(rec.HasEvent("drop"));
}

// §5.2-5.4: Ack/Nak/Reject must carry the Identifier of our last Configure-Request, and an Ack
// exactly its options; otherwise they are silently discarded.
BOOST_AUTO_TEST_CASE(IdentifierAndAckContentsChecked)
{
    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Up(0);
    lcp.Open(0);
    const PppCpPacket req = *rec.Last(kPppConfigureRequest);
    rec.trace.clear();
    lcp.Input(Packet(kPppConfigureAck, static_cast<uint8_t>(req.id + 1), req.data), kMs);
    lcp.Input(Configure(kPppConfigureNak, static_cast<uint8_t>(req.id + 1),
                        {{kLcpMagicNumber, {1, 2, 3, 4}}}),
              kMs);
    Bytes other = req.data;
    other.back() ^= 1;
    lcp.Input(Packet(kPppConfigureAck, req.id, other), kMs);
    // A Reject naming an option we did not send.
    lcp.Input(Configure(kPppConfigureReject, req.id, {{kLcpPfc, {}}}), kMs);
    BOOST_TEST((lcp.State() == S::REQ_SENT));
    BOOST_TEST(rec.trace.empty());
    BOOST_TEST(lcp.Counter("lcp/drop/bad-id") == 2u);
    BOOST_TEST(lcp.Counter("lcp/drop/ack-mismatch") == 1u);
    BOOST_TEST(lcp.Counter("lcp/drop/reject-mismatch") == 1u);
    lcp.Input(Packet(kPppConfigureAck, req.id, req.data), 2 * kMs);
    BOOST_TEST((lcp.State() == S::ACK_RCVD));
}

// §5.6: an unknown Code is answered with Code-Reject carrying the packet; IPCP does not know
// the LCP-only codes 8-11 (§5.7-5.9), so they are unknown there.
BOOST_AUTO_TEST_CASE(UnknownCodeIsCodeRejected)
{
    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Up(0);
    lcp.Open(0);
    lcp.Input({0x20, 0x05, 0x00, 0x06, 0xab, 0xcd, 0xee}, kMs); // one octet of padding
    const PppCpPacket* cj = rec.Last(kPppCodeReject);
    BOOST_REQUIRE(cj != nullptr);
    BOOST_TEST(cj->data == (Bytes{0x20, 0x05, 0x00, 0x06, 0xab, 0xcd}),
               boost::test_tools::per_element());
    BOOST_TEST(lcp.Counter("lcp/rx/unknown") == 1u);
    BOOST_TEST(lcp.Counter("lcp/tx/code-reject") == 1u);
    BOOST_TEST(rec.HasEvent("unknown-code"));
}

// State changes are reported as events "FROM -EVENT-> TO".
BOOST_AUTO_TEST_CASE(StateEvents)
{
    Recorder rec;
    PppLcp lcp(PppLcpConfig{}, rec);
    lcp.Open(0);
    lcp.Up(0);
    BOOST_REQUIRE(rec.events.size() >= 2u);
    BOOST_TEST(rec.events[0] == "state:INITIAL -OPEN-> STARTING");
    BOOST_TEST(rec.events[1] == "state:STARTING -UP-> REQ_SENT");
}

BOOST_AUTO_TEST_SUITE_END()
