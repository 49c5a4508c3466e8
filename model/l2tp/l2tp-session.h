/**
 * \file
 * \brief L2TP session (call) state machines, RFC 2661 §7.4 (incoming calls) and §7.5 (outgoing
 * calls), one transition table per role, plus the per-session data channel state (§5.4).
 *
 * Sans-IO: a session never touches the wire. It builds control messages and hands them to its
 * Owner (the tunnel), which fills the header, hides AVPs and sends them reliably. Every entry point
 * takes `now`; sessions own no timers.
 */
#ifndef L2TPLAB_L2TP_SESSION_H
#define L2TPLAB_L2TP_SESSION_H

#include "model/common/events.h"
#include "model/common/fsm.h"
#include "model/common/time.h"
#include "model/l2tp/l2tp-types.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief Which of the four RFC 2661 call state machines a session runs.
 */
enum class L2tpSessionRole
{
    LAC_INCOMING, //!< §7.4.1: the LAC sends ICRQ, answers ICRP with ICCN
    LNS_INCOMING, //!< §7.4.2: the LNS answers ICRQ with ICRP, waits for ICCN
    LAC_OUTGOING, //!< §7.5.1: the LAC answers OCRQ with OCRP, then OCCN when the call connects
    LNS_OUTGOING, //!< §7.5.2: the LNS sends OCRQ, waits for OCRP then OCCN
};

/**
 * \brief Session states (names from RFC 2661 §7.4/§7.5; CLOSED = "idle after clean up"):
 * X(NAME, description).
 */
#define L2TPLAB_L2TP_SESSION_STATES(X)                                                    \
    X(IDLE, "created, nothing sent or received yet")                                      \
    X(WAIT_TUNNEL, "call requested, waiting for the control connection (§7.4.1, §7.5.2)") \
    X(WAIT_REPLY, "ICRQ/OCRQ sent, waiting for ICRP/OCRP")                                \
    X(WAIT_CONNECT, "ICRP sent (LNS incoming) or OCRP received (LNS outgoing)")           \
    X(WAIT_CS_ANSWER, "OCRP sent, waiting for the bearer to answer (LAC outgoing)")       \
    X(ESTABLISHED, "data may flow")                                                       \
    X(CLOSED, "cleaned up; the tunnel deletes the session (the RFC's final idle)")

/**
 * \brief Session events: X(NAME, description). "Acceptable" checks happen before the event is
 * raised (Classify).
 */
#define L2TPLAB_L2TP_SESSION_EVENTS(X)                                                           \
    X(OPEN_CALL, "local request (LAC: bearer ring; LNS: outgoing call request)")                 \
    X(TUNNEL_UP, "tunnel-open from the tunnel FSM")                                              \
    X(BEARER_ANSWER, "LAC outgoing: bearer answered, framing detected")                          \
    X(RX_ICRQ, "acceptable ICRQ")                                                                \
    X(RX_ICRP, "acceptable ICRP")                                                                \
    X(RX_ICCN, "acceptable ICCN")                                                                \
    X(RX_OCRQ, "acceptable OCRQ")                                                                \
    X(RX_OCRP, "acceptable OCRP")                                                                \
    X(RX_OCCN, "acceptable OCCN")                                                                \
    X(RX_NOT_ACCEPTABLE,                                                                         \
      "any call message that failed checks (§4.1 unknown M-bit AVP, missing required AVP, bad " \
      "value, no resources): the RFC's not acceptable")                                          \
    X(RX_CDN, "Call-Disconnect-Notify")                                                          \
    X(RX_WEN, "WAN-Error-Notify (LAC to LNS)")                                                   \
    X(RX_SLI, "Set-Link-Info (LNS to LAC)")                                                      \
    X(LOCAL_CLOSE, "local close request / bearer line drop")                                     \
    X(TUNNEL_DOWN, "the tunnel went away: clean up silently (§6.4)")

/** \brief Session states (see L2TPLAB_L2TP_SESSION_STATES). */
enum class L2tpSessionState
{
    L2TPLAB_L2TP_SESSION_STATES(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(L2tpSessionState, L2TPLAB_L2TP_SESSION_STATES)

/** \brief Session events (see L2TPLAB_L2TP_SESSION_EVENTS). */
enum class L2tpSessionEvent
{
    L2TPLAB_L2TP_SESSION_EVENTS(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(L2tpSessionEvent, L2TPLAB_L2TP_SESSION_EVENTS)

const char* ToString(L2tpSessionRole r);
const char* ToString(L2tpSessionState s);
const char* ToString(L2tpSessionEvent e);

/** \brief A Result Code AVP value (RFC 2661 §4.4.2): Result Code, Error Code, error message. */
struct L2tpResultCode
{
    uint16_t result{0}; //!< Result Code (StopCCN §4.4.2 or CDN table)
    uint16_t error{0};  //!< Error Code (when result is 2, "see Error Code")
    std::string text;   //!< optional error message
};

/**
 * \brief The input of one session transition: event, time, the message that raised it (nullptr
 * for local events) and the CDN Result Code (§4.4.2) to send or report if it closes the call.
 */
struct L2tpSessionInput
{
    L2tpSessionEvent event;          //!< triggering event
    TimeNs now{0};                   //!< when it happens
    const L2tpControlMessage* msg{}; //!< the received message, or nullptr
    L2tpResultCode cause;            //!< why, if the transition closes the call
};

/** \brief Call Errors AVP value (RFC 2661 §4.4.6), carried by WEN. */
struct L2tpCallErrors
{
    uint32_t crcErrors{0};        //!< PPP frames received with CRC errors
    uint32_t framingErrors{0};    //!< improperly framed PPP packets
    uint32_t hardwareOverruns{0}; //!< receive buffer over-runs
    uint32_t bufferOverruns{0};   //!< buffer over-runs
    uint32_t timeoutErrors{0};    //!< time-outs
    uint32_t alignmentErrors{0};  //!< alignment errors

    /** \brief The 26-octet AVP value (2 reserved octets, then six 32-bit counters). */
    Bytes Encode() const;
    /** \brief Parse an AVP value; false if it is not 26 octets. */
    static bool Decode(const Bytes& v, L2tpCallErrors& out);
    bool operator==(const L2tpCallErrors& o) const;
};

/** \brief Knobs a session takes from its endpoint. */
struct L2tpSessionConfig
{
    bool sequenceData{false};           //!< send Ns/Nr on data (S bit); LAC also asks for it
    uint32_t txConnectSpeed{100000000}; //!< (Tx) Connect Speed AVP in ICCN/OCCN, bps
    uint32_t minimumBps{1};             //!< OCRQ Minimum BPS
    uint32_t maximumBps{100000000};     //!< OCRQ Maximum BPS
    std::string calledNumber{"0"};      //!< OCRQ Called Number
};

/**
 * \brief One L2TP session: the call FSM for its role and the data-channel sequencing state.
 */
class L2tpSession
{
public:
    /** \brief What a session needs from its tunnel. */
    class Owner
    {
    public:
        virtual ~Owner() = default;
        /** \brief Send a call-control message reliably (the header session id is set by the
         * session: 0 until the peer's Assigned Session ID is known, §5.3). */
        virtual void SessionSend(L2tpSession& s, L2tpControlMessage m, TimeNs now) = 0;
        /** \brief True if sensitive AVPs must be hidden (§4.3). */
        virtual bool SessionHideAvps() const = 0;
        /** \brief A fresh Random Vector value (§4.3) for hiding. */
        virtual Bytes SessionRandomVector() = 0;
        /** \brief Next Call Serial Number (§4.4.5). */
        virtual uint32_t SessionNextCallSerial() = 0;
        /** \brief Bearer Type bits to request / framing type to use (from the peer's caps). */
        virtual uint32_t SessionBearerType() const = 0;
        virtual uint32_t SessionFramingType() const = 0;
        /** \brief A state change or other observable happening (object name added by owner). */
        virtual void SessionEmit(L2tpSession& s,
                                 TimeNs now,
                                 const std::string& kind,
                                 std::vector<std::pair<std::string, std::string>> fields) = 0;
        /** \brief The session reached ESTABLISHED. */
        virtual void SessionUp(L2tpSession& s) = 0;
        /** \brief The session reached CLOSED (it may be deleted after the current call). */
        virtual void SessionDown(L2tpSession& s, TimeNs now) = 0;
    };

    using Machine = Fsm<L2tpSession, L2tpSessionState, L2tpSessionEvent, L2tpSessionInput>;
    using Row = Machine::Row;
    using Table = Machine::Table;

    /**
     * \param owner the tunnel
     * \param role which §7.4/§7.5 machine runs
     * \param localId our Assigned Session ID (non-zero, §5.3)
     * \param cfg knobs
     * \param locallyPlaced true if the local user requested this call (it knows the id)
     */
    L2tpSession(Owner* owner,
                L2tpSessionRole role,
                uint16_t localId,
                const L2tpSessionConfig& cfg,
                bool locallyPlaced);

    L2tpSession(const L2tpSession&) = delete;
    L2tpSession& operator=(const L2tpSession&) = delete;

    // ---- inputs
    /** \brief Local call request (LAC incoming: bearer ring; LNS outgoing: open request). */
    void Open(TimeNs now);
    /** \brief The control connection is (or already was) established. */
    void TunnelUp(TimeNs now);
    /** \brief The tunnel is gone (StopCCN, give-up): clean up without sending anything. */
    void TunnelDown(TimeNs now);
    /** \brief Local close request: sends CDN with this Result Code (§4.4.2). */
    void Close(uint16_t result, uint16_t error, const std::string& message, TimeNs now);
    /**
     * \brief A call-control message for this session (in order, from the reliable channel).
     * Checks §4.1 (unknown M-bit AVP), required AVPs and values, then raises the event.
     */
    void Receive(const L2tpControlMessage& m, TimeNs now);
    /**
     * \brief Refuse the creating ICRQ/OCRQ with this result (e.g. no resources): raises
     * RX_NOT_ACCEPTABLE, which sends CDN (§7.4.2 "Receive ICRQ, not acceptable").
     */
    void Refuse(const L2tpControlMessage& m,
                uint16_t result,
                uint16_t error,
                TimeNs now,
                const std::string& why = "refused");
    /** \brief Send WEN (LAC, ESTABLISHED only). \return false if not allowed now. */
    bool SendWen(const L2tpCallErrors& errors, TimeNs now);
    /** \brief Send SLI (LNS, ESTABLISHED only). \return false if not allowed now. */
    bool SendSli(uint32_t sendAccm, uint32_t recvAccm, TimeNs now);

    // ---- data channel (§5.4)
    /** \brief Fill a data message for a PPP frame; false unless ESTABLISHED. */
    bool BuildData(const Bytes& frame, L2tpDataMessage& out);
    /**
     * \brief Account for a received data message (sequencing, §5.4).
     * \return false if it must be dropped (not established, or stale sequence number).
     */
    bool AcceptData(const L2tpDataMessage& m);

    // ---- queries
    L2tpSessionRole
    Role() const
    {
        return m_role;
    }
    L2tpSessionState
    State() const
    {
        return m_fsm.GetState();
    }

    /** \brief The call was cleared by the peer's CDN (not by our own). */
    bool
    ClosedByPeer() const
    {
        return m_closedByPeer;
    }
    uint16_t
    LocalId() const
    {
        return m_localId;
    }
    uint16_t
    PeerId() const
    {
        return m_peerId;
    }
    bool IsLac() const;
    bool
    LocallyPlaced() const
    {
        return m_locallyPlaced;
    }
    bool
    WasUp() const
    {
        return m_wasUp;
    }
    bool
    SendsSequence() const
    {
        return m_sendSequence;
    }
    uint32_t
    CallSerial() const
    {
        return m_callSerial;
    }
    uint16_t
    LastResult() const
    {
        return m_result;
    } //!< Result Code sent or received at close
    uint32_t
    PeerSendAccm() const
    {
        return m_sendAccm;
    } //!< last SLI Send ACCM (LAC)
    uint32_t
    PeerRecvAccm() const
    {
        return m_recvAccm;
    } //!< last SLI Receive ACCM (LAC)
    const L2tpCallErrors&
    PeerCallErrors() const
    {
        return m_callErrors;
    } //!< last WEN (LNS)

    /** \brief The transition table of a role (completeness tests, docs/fsm.md). */
    static Table TableFor(L2tpSessionRole role);
    /** \brief The states a role's table covers (its rows' `from` states, declaration order). */
    static std::vector<L2tpSessionState> StatesFor(L2tpSessionRole role);
    /** \brief The RFC 2661 section of a role's table ("7.4.1" ...). */
    static const char* SectionFor(L2tpSessionRole role);

private:
    static const Row kLacIncoming[]; //!< RFC 2661 §7.4.1
    static const Row kLnsIncoming[]; //!< RFC 2661 §7.4.2
    static const Row kLacOutgoing[]; //!< RFC 2661 §7.5.1
    static const Row kLnsOutgoing[]; //!< RFC 2661 §7.5.2

    /** \brief What a received message means, computed without changing anything. */
    struct Verdict
    {
        L2tpSessionEvent event; //!< event to raise
        L2tpResultCode cause;   //!< CDN Result Code if the row closes the call
    };

    // actions (RFC 2661 §7.4/§7.5 "Action" column)
    void ActSendIcrq(const L2tpSessionInput& in);
    void ActSendIcrp(const L2tpSessionInput& in);
    void ActSendIccnUp(const L2tpSessionInput& in);
    void ActUp(const L2tpSessionInput& in);
    void ActSendOcrq(const L2tpSessionInput& in);
    void ActSendOcrpAnswer(const L2tpSessionInput& in);
    void ActSendOccnUp(const L2tpSessionInput& in);
    void ActSendCdnCleanUp(const L2tpSessionInput& in);
    void ActCleanUp(const L2tpSessionInput& in);
    void ActRecordWen(const L2tpSessionInput& in);
    void ActRecordSli(const L2tpSessionInput& in);

    void Raise(const L2tpSessionInput& in);
    void AddSessionId(L2tpControlMessage& m);
    void Emit(TimeNs now,
              const std::string& kind,
              std::vector<std::pair<std::string, std::string>> f);
    void LearnPeerId(const L2tpControlMessage& m);
    Verdict Classify(const L2tpControlMessage& m) const;

    Owner* m_owner;
    L2tpSessionRole m_role;
    uint16_t m_localId;
    uint16_t m_peerId{0};
    L2tpSessionConfig m_cfg;
    bool m_locallyPlaced;
    Machine m_fsm;
    uint16_t m_result{0};       //!< Result Code of the CDN sent or received at close
    uint16_t m_error{0};        //!< Error Code of that CDN
    std::string m_resultText;   //!< error message of that CDN
    bool m_closedByPeer{false}; //!< CDN received (vs sent)
    bool m_wasUp{false};
    uint32_t m_callSerial{0};
    bool m_sendSequence{false};       //!< put Ns/Nr on data messages
    bool m_sequencingRequired{false}; //!< Sequencing Required AVP sent/received: never stop
    uint16_t m_dataNs{0};             //!< next data Ns
    uint16_t m_dataNr{0};             //!< next data Ns expected from the peer
    bool m_peerSequenced{false};      //!< we have seen a sequenced data message
    uint32_t m_sendAccm{0xFFFFFFFF};
    uint32_t m_recvAccm{0xFFFFFFFF};
    L2tpCallErrors m_callErrors;
};

} // namespace ns3

#endif
