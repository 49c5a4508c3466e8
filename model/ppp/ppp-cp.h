/**
 * \file
 * \brief The RFC 1661 option-negotiation automaton (§4) and control packet format (§5), shared by
 * every control protocol (LCP, IPCP, IPV6CP, later BCP and CCP) on the table-driven engine
 * model/common/fsm.h.
 *
 * One table transcribes the §4.1 state transition table cell by cell: 10 states × 16 events = 160
 * rows, each a cell of the RFC (kind RFC, note = the cell, e.g. "irc,scr/6") or, for the cells the
 * RFC marks "-" (the event cannot occur there), a defensive ignore row. Actions are named like the
 * RFC's (tlu, tld, tls, tlf, irc, zrc, scr, sca, scn, str, sta, scj, ser) and combined with commas
 * as in the cells. docs/fsm.md is generated from the table (RenderPppFsmDoc, ppp-fsm-doc.h).
 *
 * A protocol plugs in through PppCpNegotiator: a declared option table (type, name, length rule,
 * supported or always Rejected, RFC reference) checked generically, and per-option policy calls
 * for the options the table supports.
 */
#ifndef L2TPLAB_PPP_CP_H
#define L2TPLAB_PPP_CP_H

#include "model/common/byte-buffer.h"
#include "model/common/events.h"
#include "model/common/fsm.h"
#include "model/common/time.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

// ---- §5 packet format

constexpr uint8_t kPppConfigureRequest = 1; //!< §5.1
constexpr uint8_t kPppConfigureAck = 2;     //!< §5.2
constexpr uint8_t kPppConfigureNak = 3;     //!< §5.3
constexpr uint8_t kPppConfigureReject = 4;  //!< §5.4
constexpr uint8_t kPppTerminateRequest = 5; //!< §5.5
constexpr uint8_t kPppTerminateAck = 6;     //!< §5.5
constexpr uint8_t kPppCodeReject = 7;       //!< §5.6
constexpr uint8_t kPppProtocolReject = 8;   //!< §5.7 (LCP only)
constexpr uint8_t kPppEchoRequest = 9;      //!< §5.8 (LCP only)
constexpr uint8_t kPppEchoReply = 10;       //!< §5.8 (LCP only)
constexpr uint8_t kPppDiscardRequest = 11;  //!< §5.9 (LCP only)

/** \brief "configure-request", ... "discard-request", or "unknown". */
const char* PppCpCodeName(uint8_t code);

/** \brief A control packet: Code, Identifier, and the Data after the Length field. */
struct PppCpPacket
{
    uint8_t code{0}; //!< Code
    uint8_t id{0};   //!< Identifier
    Bytes data;      //!< Data (Length - 4 octets; padding beyond Length dropped)
};

/**
 * \brief Decode a control packet from a frame's Information field (§5): at least 4 octets, a
 * Length of at least 4 and not beyond the field; octets beyond Length are padding and ignored.
 * \param why the reason on failure ("short-header", "length-below-header", "length-beyond-frame")
 */
bool DecodePppCpPacket(const Bytes& info, PppCpPacket& out, std::string& why);

/** \brief Encode a control packet (Length = 4 + data). */
Bytes EncodePppCpPacket(const PppCpPacket& p);

/** \brief One Configuration Option (§5.1): Type and the Data after its Length octet. */
struct PppCpOption
{
    uint8_t type{0}; //!< Type
    Bytes data;      //!< Data (Length - 2 octets)

    bool
    operator==(const PppCpOption& o) const
    {
        return type == o.type && data == o.data;
    }
};

/**
 * \brief Decode the options of a Configure-* packet: each Length at least 2 and within the data.
 * \param why reason on failure ("option-short", "option-length-below-2", "option-beyond-packet")
 */
bool DecodePppCpOptions(const Bytes& data, std::vector<PppCpOption>& out, std::string& why);

/** \brief Encode options in order. Data longer than 253 octets is truncated. */
Bytes EncodePppCpOptions(const std::vector<PppCpOption>& options);

// ---- option tables

/** \brief How a protocol treats an option type it declares. */
enum class PppOptionSupport : uint8_t
{
    NEGOTIATED, //!< checked by the negotiator (Ack / Nak / Reject by policy)
    REJECTED,   //!< always Configure-Rejected (declared so the reason is on record)
};

/** \brief One option type of a control protocol. Lengths count the Type and Length octets. */
struct PppOptionSpec
{
    uint8_t type;             //!< Type
    const char* name;         //!< RFC name ("Maximum-Receive-Unit")
    uint8_t minLength;        //!< smallest valid Length
    uint8_t maxLength;        //!< largest valid Length
    PppOptionSupport support; //!< negotiated or always Rejected
    const char* ref;          //!< "RFC 1661 §6.1"
    const char* note;         //!< what we do with it, or why it is Rejected
};

/** \brief A static option table. */
struct PppOptionTable
{
    const PppOptionSpec* rows{nullptr}; //!< first row
    size_t size{0};                     //!< number of rows

    const PppOptionSpec*
    begin() const
    {
        return rows;
    }
    const PppOptionSpec*
    end() const
    {
        return rows + size;
    }
    /** \brief The row of `type`, or nullptr. */
    const PppOptionSpec* Find(uint8_t type) const;
};

/** \brief A table from a static array. */
template <size_t N>
constexpr PppOptionTable
MakePppOptionTable(const PppOptionSpec (&rows)[N])
{
    return PppOptionTable{rows, N};
}

/** \brief "Name(type)" for logs, or "type N" if the table does not declare it. */
std::string PppOptionLabel(const PppOptionTable& table, uint8_t type);

/** \brief What the negotiator says about one option of the peer's Configure-Request. */
enum class PppOptionVerdict : uint8_t
{
    ACK,    //!< acceptable as is
    NAK,    //!< acceptable type, other value (the suggestion goes in the Configure-Nak)
    REJECT, //!< not negotiable (Configure-Reject)
};

/**
 * \brief The per-protocol option policy (LCP, IPCP, IPV6CP implement it). The automaton checks the
 * option table (unknown type, Rejected type, length rule) before calling CheckPeerOption, builds
 * the reply (Reject first, else Nak, else Ack, §5.2-5.4; Naks become Rejects after Max-Failure,
 * §4.6) and checks Identifiers and Ack contents (§5.2-5.4) before calling the Our* functions.
 */
class PppCpNegotiator
{
public:
    virtual ~PppCpNegotiator() = default;
    /** \brief The protocol's declared options. */
    virtual PppOptionTable OptionTable() const = 0;
    /** \brief A new negotiation starts (Open from Initial/Closed, Up in Starting). */
    virtual void NegotiationReset() = 0;
    /** \brief The options of our next Configure-Request, in order. */
    virtual std::vector<PppCpOption> BuildRequest() = 0;
    /** \brief Judge one declared, well-formed option of the peer's request; fill nakData on NAK. */
    virtual PppOptionVerdict CheckPeerOption(const PppCpOption& option,
                                             Bytes& nakData,
                                             TimeNs now) = 0;
    /** \brief Options the peer did not send but should (§5.3: appended to the Nak); default none.
     */
    virtual void
    AddMissingNaks(const std::vector<PppCpOption>& /*request*/, std::vector<PppCpOption>& /*naks*/)
    {
    }
    /** \brief We Ack this request of the peer: its values are in force. */
    virtual void PeerRequestAcked(const std::vector<PppCpOption>& request) = 0;
    /** \brief The peer Acked our last request (Identifier and options checked). */
    virtual void OurRequestAcked(const std::vector<PppCpOption>& request) = 0;
    /** \brief The peer Nak'd one option (maybe one we did not send, §5.3) with this suggestion. */
    virtual void OurOptionNaked(const PppCpOption& suggestion, TimeNs now) = 0;
    /** \brief The peer Rejected one option of our last request. */
    virtual void OurOptionRejected(const PppCpOption& option, TimeNs now) = 0;
    /**
     * \brief Non-empty: negotiation cannot succeed; checked after every Configure-Request, -Nak
     * and -Reject received. The automaton counts and emits it (as the event kind) and Closes, once
     * per negotiation.
     */
    virtual std::string
    NegotiationFailure() const
    {
        return "";
    }
};

// ---- §4 automaton

/** \brief §4.2 states: X(NAME, description); numbered 0..9 as in the RFC. */
#define L2TPLAB_PPP_CP_STATES(X)                                                           \
    X(INITIAL, "0: lower layer unavailable (Down), no Open has occurred")                  \
    X(STARTING, "1: Open counterpart to Initial: administratively Open, lower layer Down") \
    X(CLOSED, "2: lower layer Up, no Open; packets answered with Terminate-Ack")           \
    X(STOPPED, "3: Open counterpart to Closed, after tlf or a passive wait")               \
    X(CLOSING, "4: Terminate-Request sent, waiting for Terminate-Ack (then Closed)")       \
    X(STOPPING, "5: Open counterpart to Closing (then Stopped)")                           \
    X(REQ_SENT, "6: Configure-Request sent, waiting for a Configure-Ack")                  \
    X(ACK_RCVD, "7: Configure-Ack received, none sent yet")                                \
    X(ACK_SENT, "8: Configure-Ack sent, our request not Acked yet")                        \
    X(OPENED, "9: both sides Acked: This-Layer-Up has signalled the upper layers")

/** \brief §4.3 events: X(NAME, description). */
#define L2TPLAB_PPP_CP_EVENTS(X)                                                    \
    X(UP, "Up: lower layer is Up")                                                  \
    X(DOWN, "Down: lower layer is Down")                                            \
    X(OPEN, "Open: administrative Open")                                            \
    X(CLOSE, "Close: administrative Close")                                         \
    X(TO_PLUS, "TO+: Restart timer expired, counter greater than zero")             \
    X(TO_MINUS, "TO-: Restart timer expired, counter expired")                      \
    X(RCR_PLUS, "RCR+: Receive-Configure-Request, acceptable")                      \
    X(RCR_MINUS, "RCR-: Receive-Configure-Request, not acceptable (Nak or Reject)") \
    X(RCA, "RCA: Receive-Configure-Ack (Identifier and options match our request)") \
    X(RCN, "RCN: Receive-Configure-Nak/Rej (Identifier matches our request)")       \
    X(RTR, "RTR: Receive-Terminate-Request")                                        \
    X(RTA, "RTA: Receive-Terminate-Ack")                                            \
    X(RUC, "RUC: Receive-Unknown-Code")                                             \
    X(RXJ_PLUS, "RXJ+: Receive-Code-Reject or Protocol-Reject, permitted")          \
    X(RXJ_MINUS, "RXJ-: Receive-Code-Reject or Protocol-Reject, catastrophic")      \
    X(RXR, "RXR: Receive-Echo-Request, Echo-Reply or Discard-Request")

enum class PppCpState
{
    L2TPLAB_PPP_CP_STATES(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(PppCpState, L2TPLAB_PPP_CP_STATES)

enum class PppCpEvent
{
    L2TPLAB_PPP_CP_EVENTS(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(PppCpEvent, L2TPLAB_PPP_CP_EVENTS)

/** \brief The declared state name ("OPENED"). */
const char* ToString(PppCpState s);
/** \brief The declared event name ("RCR_PLUS"). */
const char* ToString(PppCpEvent e);

/**
 * \brief The input of one transition: event, time, the received packet (nullptr for local and
 * timer events) and, for RCR-, the reply to send (Configure-Nak or Configure-Reject and its
 * options).
 */
struct PppCpInput
{
    PppCpEvent event{PppCpEvent::UP}; //!< triggering event
    TimeNs now{0};                    //!< when
    const PppCpPacket* msg{nullptr};  //!< the received packet, or nullptr
    uint8_t replyCode{0};             //!< RCR-: kPppConfigureNak or kPppConfigureReject
    Bytes reply{};                    //!< RCR-: the encoded options of the reply
};

/** \brief §4.6 counters and timer. */
struct PppCpTimers
{
    TimeNs restart{3 * kSec};  //!< Restart timer
    uint32_t maxConfigure{10}; //!< Max-Configure
    uint32_t maxTerminate{2};  //!< Max-Terminate
    uint32_t maxFailure{5};    //!< Max-Failure
};

/**
 * \brief One control protocol instance on one link (LCP, IPCP, IPV6CP): the §4 automaton, the §5
 * packets, the Restart timer. Sans-IO: packets leave through Owner::CpSend, time comes in.
 */
class PppControlProtocol
{
public:
    /** \brief What the link provides. */
    class Owner
    {
    public:
        virtual ~Owner() = default;
        /** \brief Send a packet of this protocol; info = the encoded control packet. */
        virtual void CpSend(uint16_t protocol, const Bytes& info, TimeNs now) = 0;
        virtual void CpThisLayerUp(uint16_t protocol, TimeNs now) = 0;
        virtual void CpThisLayerDown(uint16_t protocol, TimeNs now) = 0;
        virtual void CpThisLayerStarted(uint16_t protocol, TimeNs now) = 0;
        virtual void CpThisLayerFinished(uint16_t protocol, TimeNs now) = 0;
        /** \brief LCP only: Protocol-Reject received in Opened (RFC 1661 §5.7). */
        virtual void
        CpProtocolRejected(uint16_t /*rejectedProtocol*/, TimeNs /*now*/)
        {
        }
        /** \brief LCP only: Echo-Reply received in Opened (§5.8). */
        virtual void
        CpEchoReply(uint32_t /*peerMagic*/, TimeNs /*now*/)
        {
        }
        /** \brief An observable event (kinds: ppp-observables.h kPppCpEventKinds). */
        virtual void
        CpEvent(const std::string& /*kind*/, const std::string& /*detail*/, TimeNs /*now*/)
        {
        }
    };

    using Machine = Fsm<PppControlProtocol, PppCpState, PppCpEvent, PppCpInput>;
    using Row = Machine::Row;
    using Table = Machine::Table;

    /**
     * \param protocol the protocol number (kPppLcp, ...)
     * \param timers §4.6 knobs
     * \param owner the link
     * \param negotiator the option policy (usually the derived object itself)
     * \param lcpCodes true for LCP: codes 8-11 are known (§5.7-5.9), RXR and Protocol-Reject
     */
    PppControlProtocol(uint16_t protocol,
                       const PppCpTimers& timers,
                       Owner& owner,
                       PppCpNegotiator& negotiator,
                       bool lcpCodes);
    virtual ~PppControlProtocol() = default;
    PppControlProtocol(const PppControlProtocol&) = delete;
    PppControlProtocol& operator=(const PppControlProtocol&) = delete;

    void Up(TimeNs now);    //!< §4.3 Up
    void Down(TimeNs now);  //!< §4.3 Down
    void Open(TimeNs now);  //!< §4.3 Open
    void Close(TimeNs now); //!< §4.3 Close
    /**
     * \brief The peer's LCP Protocol-Rejected this protocol (RFC 1661 §5.7: stop sending it at
     * the earliest opportunity): the catastrophic RXJ- event of §4.1 on this automaton.
     */
    void RejectedByPeer(TimeNs now);
    /** \brief The Information field of a received frame of this protocol. */
    void Input(const Bytes& info, TimeNs now);
    /** \brief When OnTimer must run next (kNever: no timer). */
    TimeNs NextDeadline() const;
    /** \brief Run the Restart timer if due (TO+ or TO-). */
    void OnTimer(TimeNs now);

    PppCpState State() const;
    uint16_t Protocol() const;
    /** \brief "lcp", "ipcp", "ipv6cp" (the counter prefix). */
    const std::string& Name() const;
    /** \brief Counters, e.g. "lcp/rx/configure-request" (ppp-observables.h kPppCpCounters). */
    std::map<std::string, uint64_t> Counters() const;
    /** \brief A counter's value (0 if never counted). */
    uint64_t Counter(const std::string& name) const;
    /** \brief The Restart counter (§4.6), for tests. */
    uint32_t RestartCounter() const;
    /** \brief Identifier of the last Configure-Request sent. */
    uint8_t LastRequestId() const;

    /** \brief The §4.1 table (shared by every protocol). */
    static Table GetTable();

protected:
    /**
     * \brief A code beyond Code-Reject that this protocol defines (CCP's Reset-Request and
     * Reset-Ack, RFC 1962 §5). \return false if unknown: the packet is Code-Rejected (§5.6).
     */
    virtual bool
    ReceiveExtraCode(const PppCpPacket& /*p*/, TimeNs /*now*/)
    {
        return false;
    }
    /** \brief The counter name of such a code ("reset-request"), or nullptr if unknown. */
    virtual const char*
    ExtraCodeName(uint8_t /*code*/) const
    {
        return nullptr;
    }
    /** \brief LCP: RXR in Opened (ser). Default: nothing. */
    virtual void
    OnReceiveEchoOrDiscard(const PppCpPacket& /*p*/, TimeNs /*now*/)
    {
    }
    /** \brief Send a packet of this protocol and count it. */
    void SendPacket(uint8_t code, uint8_t id, const Bytes& data, TimeNs now);
    /** \brief A fresh Identifier for a request we originate. */
    uint8_t NextId();
    /** \brief Count an event by name (prefixed with Name() + "/"). */
    void Count(const std::string& name);
    /** \brief Report an event to the owner. */
    void Emit(const std::string& kind, const std::string& detail, TimeNs now);
    /** \brief The link. */
    Owner& GetOwner();

private:
    void Fire(PppCpInput in);
    void Drop(const std::string& reason, TimeNs now);
    void ReceiveConfigureRequest(const PppCpPacket& p, TimeNs now);
    void ReceiveConfigureAck(const PppCpPacket& p, TimeNs now);
    void ReceiveConfigureNakOrReject(const PppCpPacket& p, TimeNs now);
    void ReceiveCodeReject(const PppCpPacket& p, TimeNs now);
    void ReceiveProtocolReject(const PppCpPacket& p, TimeNs now);
    bool ValidReject(const std::vector<PppCpOption>& rejected) const;
    void CheckNegotiationFailure(TimeNs now);

    // primitives (§4.4)
    void Tlu(TimeNs now);
    void Tld(TimeNs now);
    void Tls(TimeNs now);
    void Tlf(TimeNs now);
    void IrcConfigure();
    void IrcTerminate();
    void Zrc(TimeNs now);
    void Scr(TimeNs now);
    void Sca(const PppCpInput& in);
    void Scn(const PppCpInput& in);
    void Str(TimeNs now);
    void Sta(const PppCpInput& in);
    void Scj(const PppCpInput& in);

    // table actions: the RFC cells' action lists
    void ActTls(const PppCpInput& in);
    void ActTlf(const PppCpInput& in);
    void ActTld(const PppCpInput& in);
    void ActIrc(const PppCpInput& in);
    void ActIrcScr(const PppCpInput& in);
    void ActIrcScrSca(const PppCpInput& in);
    void ActIrcScrScn(const PppCpInput& in);
    void ActIrcStr(const PppCpInput& in);
    void ActIrcTlu(const PppCpInput& in);
    void ActScr(const PppCpInput& in);
    void ActSca(const PppCpInput& in);
    void ActScaTlu(const PppCpInput& in);
    void ActScn(const PppCpInput& in);
    void ActStr(const PppCpInput& in);
    void ActSta(const PppCpInput& in);
    void ActScj(const PppCpInput& in);
    void ActSer(const PppCpInput& in);
    void ActTldScr(const PppCpInput& in);
    void ActTldScrSca(const PppCpInput& in);
    void ActTldScrScn(const PppCpInput& in);
    void ActTldZrcSta(const PppCpInput& in);
    void ActTldIrcStr(const PppCpInput& in);

    static const Row kTable[]; //!< RFC 1661 §4.1

    uint16_t m_protocol;           //!< protocol number
    std::string m_name;            //!< counter prefix
    PppCpTimers m_timers;          //!< knobs
    Owner& m_owner;                //!< the link
    PppCpNegotiator& m_negotiator; //!< option policy
    bool m_lcpCodes;               //!< codes 8-11 known
    Machine m_fsm;                 //!< the automaton
    TimeNs m_deadline{kNever};     //!< Restart timer
    uint32_t m_restart{0};         //!< Restart counter
    uint32_t m_failures{0};        //!< Naks sent since the last Ack (§4.6 Max-Failure)
    bool m_failureReported{false}; //!< NegotiationFailure() acted on (once per negotiation)
    uint8_t m_nextId{0};           //!< last Identifier used
    uint8_t m_lastRequestId{0};    //!< Identifier of our last Configure-Request
    bool m_requestSent{false};     //!< a Configure-Request was sent (Ack/Nak/Rej can match)
    /** \brief Its options, encoded (§5.2: an Ack must match exactly); decoded again when an
     * Ack or Reject needs them (not kept decoded: a byte vector per option, per protocol, per
     * session, for the rare Reject). */
    Bytes m_lastRequestData;
    std::vector<PppCpOption> LastRequest() const;
    ns3::Counters m_counters; //!< counters
};

} // namespace ns3

#endif
