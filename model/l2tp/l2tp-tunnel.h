/**
 * \file
 * \brief One L2TP tunnel (control connection): the RFC 2661 §7.2 state machine as a transition
 * table, tunnel establishment with tunnel authentication (§5.1, §5.1.1), AVP hiding (§4.3),
 * teardown (§5.7) and the sessions that live inside the tunnel.
 *
 * Reliable delivery is delegated to an L2tpControlChannel; the FSM sees only in-order messages.
 * Sans-IO: every entry point takes `now`; outputs go to the Owner (the endpoint).
 */
#ifndef L2TPLAB_L2TP_TUNNEL_H
#define L2TPLAB_L2TP_TUNNEL_H

#include "model/common/crypto.h"
#include "model/common/events.h"
#include "model/common/fsm.h"
#include "model/common/time.h"
#include "model/l2tp/l2tp-control-channel.h"
#include "model/l2tp/l2tp-session.h"
#include "model/l2tp/l2tp-types.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/** \brief A UDP peer: IPv4 address (host order) and port. */
struct L2tpPeer
{
    uint32_t ip{0};   //!< IPv4 address, host byte order
    uint16_t port{0}; //!< UDP port

    bool
    operator==(const L2tpPeer& o) const
    {
        return ip == o.ip && port == o.port;
    }
    bool
    operator!=(const L2tpPeer& o) const
    {
        return !(*this == o);
    }
    bool
    operator<(const L2tpPeer& o) const
    {
        return ip < o.ip || (ip == o.ip && port < o.port);
    }
};

/** \brief "a.b.c.d:port". */
std::string ToString(const L2tpPeer& p);

/** \brief Which control exchange starts a call. */
enum class L2tpCallKind
{
    INCOMING, //!< ICRQ-started (LAC places it, §5.2.1)
    OUTGOING, //!< OCRQ-started (LNS places it, §5.2.2)
};

/**
 * \brief Parse a Result Code AVP value (RFC 2661 §4.4.2): Result Code, optional Error Code and
 * optional Error Message. \return false if the value is shorter than 2 octets.
 */
bool L2tpReadResultCode(const L2tpAvp& avp, uint16_t& result, uint16_t& error, std::string& msg);

/**
 * \brief True if `m` carries every AVP its message type requires (RFC 2661 §6.x, via the message
 * spec table); otherwise `missing` names the first absent one.
 */
bool L2tpHasRequiredAvps(const L2tpControlMessage& m, std::string* missing);

/**
 * \brief Control connection states (RFC 2661 §7.2.1), plus teardown states: X(NAME, description).
 */
#define L2TPLAB_L2TP_TUNNEL_STATES(X)                                                         \
    X(IDLE, "nothing sent yet")                                                               \
    X(WAIT_CTL_REPLY, "SCCRQ sent, waiting for SCCRP")                                        \
    X(WAIT_CTL_CONN, "SCCRP sent, waiting for SCCCN")                                         \
    X(ESTABLISHED, "control connection up; calls may be placed")                              \
    X(CLOSING,                                                                                \
      "StopCCN sent or received: state and reliable delivery kept for a full retransmission " \
      "cycle (§5.7, §5.8), sessions already cleared")                                         \
    X(CLOSED, "cleaned up; the endpoint deletes the tunnel (the RFC's final idle)")

/**
 * \brief Tunnel events: X(NAME, description). Received messages are checked first (Classify),
 * then raise a distinct event.
 */
#define L2TPLAB_L2TP_TUNNEL_EVENTS(X)                                                            \
    X(OPEN, "local open request (the first call, or a new call on the tunnel)")                  \
    X(RX_SCCRQ_OK, "acceptable SCCRQ")                                                           \
    X(RX_SCCRQ_BAD, "SCCRQ not acceptable (version, auth, missing AVP, admission, ...)")         \
    X(RX_SCCRQ_TIE_LOST, "an SCCRQ from the same peer beat ours on the Tie Breaker (§4.4.3)")    \
    X(RX_SCCRP_OK, "acceptable SCCRP (authenticated if we challenged)")                          \
    X(RX_SCCRP_BAD, "SCCRP not acceptable")                                                      \
    X(RX_SCCCN_OK, "acceptable SCCCN")                                                           \
    X(RX_SCCCN_BAD, "SCCCN not acceptable (e.g. wrong Challenge Response)")                      \
    X(RX_STOPCCN, "StopCCN received")                                                            \
    X(RX_HELLO, "HELLO received")                                                                \
    X(RX_CALL_MESSAGE, "ICRQ/ICRP/ICCN/OCRQ/OCRP/OCCN/CDN/WEN/SLI for the session layer")        \
    X(RX_BAD_MESSAGE,                                                                            \
      "unknown M-bit AVP in a tunnel message (§4.1) or unknown mandatory message type (§4.4.1)") \
    X(LOCAL_CLOSE, "administrative tunnel close")                                                \
    X(CHANNEL_GIVE_UP, "the reliable channel gave up (§5.8)")                                    \
    X(HOLD_EXPIRED, "the post-StopCCN hold time is over")

/** \brief Control connection states (see L2TPLAB_L2TP_TUNNEL_STATES). */
enum class L2tpTunnelState
{
    L2TPLAB_L2TP_TUNNEL_STATES(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(L2tpTunnelState, L2TPLAB_L2TP_TUNNEL_STATES)

/** \brief Tunnel events (see L2TPLAB_L2TP_TUNNEL_EVENTS). */
enum class L2tpTunnelEvent
{
    L2TPLAB_L2TP_TUNNEL_EVENTS(L2TPLAB_FSM_ENUM_VALUE)
};
L2TPLAB_FSM_ENUM_INFO(L2tpTunnelEvent, L2TPLAB_L2TP_TUNNEL_EVENTS)

const char* ToString(L2tpTunnelState s);
const char* ToString(L2tpTunnelEvent e);

/**
 * \brief The input of one tunnel transition: event, time, the message that raised it (nullptr for
 * local and timer events) and the StopCCN Result Code (§4.4.2) to report if it closes the tunnel.
 */
struct L2tpTunnelInput
{
    L2tpTunnelEvent event;           //!< triggering event
    TimeNs now{0};                   //!< when it happens
    const L2tpControlMessage* msg{}; //!< the received message, or nullptr
    L2tpResultCode cause;            //!< why, if the transition closes the tunnel
};

/** \brief Tunnel knobs (the endpoint fills them from L2tpEndpointConfig). */
struct L2tpTunnelConfig
{
    std::string hostName{"l2tplab"};   //!< Host Name AVP
    std::string vendorName{"l2tplab"}; //!< Vendor Name AVP
    uint16_t firmwareRevision{0x0100}; //!< Firmware Revision AVP
    std::string secret;                //!< tunnel secret (§5.1.1, §4.3); empty = none
    bool hideAvps{false};              //!< hide Assigned Tunnel/Session ID, Challenge Response
    uint32_t framingCapabilities{0x3}; //!< Framing Capabilities AVP (1 = sync, 2 = async)
    uint32_t bearerCapabilities{0x0};  //!< Bearer Capabilities AVP (1 = digital, 2 = analog)
    bool sendTieBreaker{true};         //!< Tie Breaker AVP in SCCRQ (§4.4.3)
    uint32_t maxSessions{0};           //!< 0 = unlimited; beyond: CDN result 4
    L2tpSessionConfig session;         //!< per-session knobs
    L2tpControlChannelConfig channel;  //!< reliable delivery knobs
};

/**
 * \brief One tunnel: §7.2 FSM, the control channel, and its sessions.
 */
class L2tpTunnel : public L2tpControlChannel::Sink, public L2tpSession::Owner
{
public:
    /** \brief What a tunnel needs from its endpoint. */
    class Owner
    {
    public:
        virtual ~Owner() = default;
        /** \brief Send a datagram from t.LocalPort() to t.Peer(). */
        virtual void TunnelTransmit(L2tpTunnel& t, const Bytes& datagram) = 0;
        /** \brief True if events are recorded (saves building strings otherwise). */
        virtual bool TunnelWantsEvents() const = 0;
        virtual void TunnelEmit(const LabEvent& e) = 0;
        virtual void TunnelCount(const std::string& counter) = 0;
        /** \brief The endpoint's deterministic generator (ids, vectors, challenges). */
        virtual DetRandom& TunnelRandom() = 0;
        virtual uint32_t TunnelNextCallSerial() = 0;
        /** \brief The tunnel left the live states (CLOSING or CLOSED reached). */
        virtual void TunnelClosed(L2tpTunnel& t) = 0;
        virtual void TunnelSessionUp(L2tpTunnel& t, L2tpSession& s) = 0;
        /** \brief The tunnel holds `delta` more sessions (created: +1; reaped: -1). */
        virtual void
        TunnelSessionSlots(int /*delta*/)
        {
        }

        /** \brief False: the endpoint's session limit is reached, refuse an incoming call. */
        virtual bool
        TunnelAdmitsCall() const
        {
            return true;
        }

        virtual void TunnelSessionDown(L2tpTunnel& t, L2tpSession& s) = 0;
        virtual void TunnelDeliverFrame(L2tpTunnel& t, L2tpSession& s, const Bytes& frame) = 0;
    };

    using Machine = Fsm<L2tpTunnel, L2tpTunnelState, L2tpTunnelEvent, L2tpTunnelInput>;
    using Row = Machine::Row;
    using Table = Machine::Table;

    /**
     * \param cfg knobs
     * \param owner the endpoint
     * \param localId our Assigned Tunnel ID (non-zero)
     * \param peer where to send (updated by the first SCCRP's source, §8.1 / NAT)
     * \param localPort our UDP port for this tunnel
     */
    L2tpTunnel(const L2tpTunnelConfig& cfg,
               Owner* owner,
               uint16_t localId,
               const L2tpPeer& peer,
               uint16_t localPort);
    ~L2tpTunnel() override;

    L2tpTunnel(const L2tpTunnel&) = delete;
    L2tpTunnel& operator=(const L2tpTunnel&) = delete;

    // ---- inputs
    /** \brief Local open request (sends SCCRQ in IDLE; starts waiting calls when ESTABLISHED). */
    void Open(TimeNs now);
    /** \brief Refuse the SCCRQ this tunnel is about to receive (admission control). */
    void SetAdmission(uint16_t result, uint16_t error, const std::string& text);
    /** \brief A decoded control message addressed to this tunnel (ZLBs included). */
    void ReceiveControl(const L2tpControlMessage& m, const L2tpPeer& from, TimeNs now);
    /** \brief Our SCCRQ lost the tie breaker: discard silently, back to IDLE (§7.2.1). */
    void LoseTieBreak(TimeNs now);
    /** \brief Administrative close: StopCCN with this Result Code (§6.4), or clean up if IDLE. */
    void Close(uint16_t result, uint16_t error, const std::string& text, TimeNs now);
    /**
     * \brief As a RouterOS LNS does: when the peer's CDN clears this tunnel's last call, clear the
     * tunnel too (StopCCN Result 1), at the next timer run, after the CDN's acknowledgement went
     * out. Seen in a RouterOS LNS capture (docs/ppp.md, "What a real RouterOS LNS sends").
     */
    void
    CloseAfterPeersLastCall(bool on)
    {
        m_closeAfterPeersLastCall = on;
    }
    /**
     * \brief Place a call. \return our Assigned Session ID, or 0 if refused (tunnel closing,
     * session limit, outgoing call without the peer's Bearer Capabilities §6.9).
     */
    uint16_t PlaceCall(L2tpCallKind kind, TimeNs now);
    /** \brief Close one session with CDN (§6.12). \return false if unknown. */
    bool CloseSession(uint16_t sessionId, uint16_t result, TimeNs now);
    /** \brief Send a PPP frame on a session. \return false if not established. */
    bool SendFrame(uint16_t sessionId, const Bytes& frame, TimeNs now);
    /** \brief A decoded data message addressed to this tunnel. */
    void ReceiveData(const L2tpDataMessage& m, TimeNs now);
    bool SendSli(uint16_t sessionId, uint32_t sendAccm, uint32_t recvAccm, TimeNs now);
    bool SendWen(uint16_t sessionId, const L2tpCallErrors& errors, TimeNs now);
    /** \brief Fire due timers (channel, hold). */
    void OnTimer(TimeNs now);
    /** \brief Earliest time OnTimer must run, or kNever. */
    TimeNs NextDeadline() const;

    // ---- queries
    L2tpTunnelState
    State() const
    {
        return m_fsm.GetState();
    }
    /** \brief True in every state but CLOSING and CLOSED. */
    bool IsLive() const;
    uint16_t
    LocalId() const
    {
        return m_localId;
    }
    uint16_t
    PeerTunnelId() const
    {
        return m_peerTunnelId;
    }
    const L2tpPeer&
    Peer() const
    {
        return m_peer;
    }
    uint16_t
    LocalPort() const
    {
        return m_localPort;
    }
    /** \brief True while the tunnel has sent an SCCRQ that no SCCRP answered yet. */
    bool
    SentSccrq() const
    {
        return m_sentSccrq;
    }
    /** \brief Our Tie Breaker value; false if we sent none. */
    bool TieBreaker(uint64_t& v) const;
    const std::string&
    PeerHostName() const
    {
        return m_peerHostName;
    }
    uint16_t
    CloseResult() const
    {
        return m_closeResult;
    }
    uint16_t
    CloseError() const
    {
        return m_closeError;
    }
    const std::string&
    CloseReason() const
    {
        return m_closeText;
    }
    size_t SessionCount(bool establishedOnly) const;

    /** \brief Sessions held, in any state (CLOSED ones until reaped). */
    size_t
    SessionSlots() const
    {
        return m_sessions.size();
    }
    /** \brief A session by our id (nullptr if unknown or already cleaned up). */
    L2tpSession* FindSession(uint16_t id);
    const L2tpSession* FindSession(uint16_t id) const;
    std::vector<uint16_t> SessionIds() const;
    const L2tpControlChannel&
    Channel() const
    {
        return *m_channel;
    }

    /** \brief The §7.2.1 table (completeness tests, docs/fsm.md). */
    static Table GetTable();

    // ---- L2tpControlChannel::Sink
    void ChannelTransmit(const L2tpControlMessage& m, bool retransmission) override;
    void ChannelDeliver(const L2tpControlMessage& m, TimeNs now) override;
    void ChannelGiveUp(TimeNs now) override;

    // ---- L2tpSession::Owner
    void SessionSend(L2tpSession& s, L2tpControlMessage m, TimeNs now) override;
    bool SessionHideAvps() const override;
    Bytes SessionRandomVector() override;
    uint32_t SessionNextCallSerial() override;
    uint32_t SessionBearerType() const override;
    uint32_t SessionFramingType() const override;
    void SessionEmit(L2tpSession& s,
                     TimeNs now,
                     const std::string& kind,
                     std::vector<std::pair<std::string, std::string>> fields) override;
    void SessionUp(L2tpSession& s) override;
    void SessionDown(L2tpSession& s, TimeNs now) override;

private:
    static const Row kTable[]; //!< RFC 2661 §7.2.1

    /**
     * \brief What a received message means, computed without changing anything: the event, the
     * Result Code if the message closes the tunnel, and what it teaches about the peer.
     */
    struct Verdict
    {
        L2tpTunnelEvent event;     //!< event to raise
        L2tpResultCode cause;      //!< StopCCN Result Code if the row closes the tunnel
        uint16_t learnTunnelId{0}; //!< the peer's Assigned Tunnel ID to record (0: none)
        bool learnPeer{false};     //!< record Host Name, capabilities, window, Challenge
    };

    // actions (RFC 2661 §7.2.1 "Action" column)
    void ActSendSccrq(const L2tpTunnelInput& in);
    void ActSendSccrp(const L2tpTunnelInput& in);
    void ActSendScccnEstablish(const L2tpTunnelInput& in);
    void ActEstablish(const L2tpTunnelInput& in);
    void ActSendStopCcn(const L2tpTunnelInput& in);
    void ActPeerStopped(const L2tpTunnelInput& in);
    void ActTieLost(const L2tpTunnelInput& in);
    void ActOpenWaitingSessions(const L2tpTunnelInput& in);
    void ActDispatchCall(const L2tpTunnelInput& in);
    void ActGiveUp(const L2tpTunnelInput& in);
    void ActCleanUp(const L2tpTunnelInput& in);
    void ActFinish(const L2tpTunnelInput& in);

    void Raise(const L2tpTunnelInput& in);
    Verdict Classify(const L2tpControlMessage& m) const;
    bool CheckCommon(const L2tpControlMessage& m, L2tpResultCode& cause) const;
    bool CheckSccrxContent(const L2tpControlMessage& m, L2tpResultCode& cause) const;
    bool CheckCanAnswerChallenge(const L2tpControlMessage& m, L2tpResultCode& cause) const;
    bool CheckChallengeResponse(const L2tpControlMessage& m, L2tpResultCode& cause) const;
    void Learn(const Verdict& v, const L2tpControlMessage& m);
    void LearnPeer(const L2tpControlMessage& m);
    void RecordCause(const L2tpResultCode& cause);
    bool Hiding() const;
    void AddRandomVector(L2tpControlMessage& m);
    void AddAssignedTunnelId(L2tpControlMessage& m);
    void AddCapabilities(L2tpControlMessage& m);
    void SendReliable(L2tpControlMessage m, TimeNs now);
    void ClearSessions(TimeNs now);
    void MarkClosed(const std::string& by, TimeNs now);
    void ReapSessions();
    uint16_t AllocateSessionId();
    L2tpSession* NewSession(L2tpSessionRole role, bool locallyPlaced);
    void Emit(TimeNs now,
              const std::string& kind,
              std::vector<std::pair<std::string, std::string>> f);
    std::string ObjectName() const;

    L2tpTunnelConfig m_cfg;
    Owner* m_owner;
    uint16_t m_localId;
    uint16_t m_peerTunnelId{0};
    L2tpPeer m_peer;
    uint16_t m_localPort;
    std::unique_ptr<L2tpControlChannel> m_channel;
    Machine m_fsm;

    bool m_sentSccrq{false};
    bool m_hasTieBreaker{false};
    uint64_t m_tieBreaker{0};
    Bytes m_challenge;     //!< the challenge we sent (empty: none)
    Bytes m_peerChallenge; //!< the challenge the peer sent (empty: none)
    std::string m_peerHostName;
    uint32_t m_peerFraming{0};
    uint32_t m_peerBearer{0};
    bool m_peerHasBearer{false};

    bool m_admissionRefused{false};
    L2tpResultCode m_admission; //!< StopCCN Result Code for a refused SCCRQ
    uint16_t m_closeResult{0};  //!< Result Code of the close (set by the closing action)
    uint16_t m_closeError{0};
    std::string m_closeText;
    bool m_closed{false}; //!< "closed" already reported
    TimeNs m_holdUntil{kNever};
    bool m_closeAfterPeersLastCall{false}; //!< CloseAfterPeersLastCall
    TimeNs m_idleCloseAt{kNever};          //!< when to clear the tunnel its peer left idle

    std::map<uint16_t, std::unique_ptr<L2tpSession>> m_sessions;
    bool m_needReap{false};
};

} // namespace ns3

#endif
