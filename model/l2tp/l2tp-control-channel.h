/**
 * \file
 * \brief The reliable control channel of one tunnel (RFC 2661 §5.8, Appendix A): Ns/Nr, in-order
 * delivery, duplicate and out-of-order handling, ZLB acknowledgements, the peer's receive window
 * with slow start / congestion avoidance, capped exponential retransmission and give-up, and HELLO
 * keepalives on an idle tunnel (§6.5).
 *
 * Sans-IO: methods take `now`; outputs go to a Sink; the owner asks NextDeadline() and calls
 * OnTimer(now) when it passes. The FSMs above see only in-order, non-duplicate, non-ZLB messages.
 */
#ifndef L2TPLAB_L2TP_CONTROL_CHANNEL_H
#define L2TPLAB_L2TP_CONTROL_CHANNEL_H

#include "model/common/backoff.h"
#include "model/common/events.h"
#include "model/common/time.h"
#include "model/l2tp/l2tp-types.h"

#include <deque>
#include <map>

namespace ns3
{

/** \brief Knobs of the control channel (defaults as the RFC recommends). */
struct L2tpControlChannelConfig
{
    uint16_t receiveWindow{4}; //!< our RWS (advertised by the tunnel in SCCRQ/SCCRP, §5.8)
    RetransmitBackoff retransmit{1 * kSec, 2.0, 8 * kSec,
                                 5}; //!< §5.8: 1 s initial, doubling, cap 8 s, 5 retries
    /** \brief Send an explicit ZLB if nothing piggy-backs the ack by then; 0 (RouterOS): at once,
     * after the message was handled, so that a reply sent for it carries the ack. */
    TimeNs ackDelay{0};
    TimeNs helloInterval{60 * kSec}; //!< §6.5: HELLO after this long with nothing received; 0 = off
    bool slowStart{true};            //!< Appendix A congestion control
};

/**
 * \brief Reliable delivery for one tunnel's control messages.
 */
class L2tpControlChannel
{
public:
    /**
     * \brief Where the channel's outputs go (implemented by the tunnel). Calls are synchronous,
     * from inside Send/Receive/OnTimer; the sink may call Send() or Shutdown() from them, but must
     * not feed Receive() re-entrantly nor destroy the channel (except in ChannelGiveUp).
     */
    class Sink
    {
    public:
        virtual ~Sink() = default;
        /** \brief Put this message on the wire (Ns/Nr/tunnel id already filled). */
        virtual void ChannelTransmit(const L2tpControlMessage& m, bool retransmission) = 0;
        /** \brief An in-order, new, non-ZLB message from the peer, received at `now`. */
        virtual void ChannelDeliver(const L2tpControlMessage& m, TimeNs now) = 0;
        /**
         * \brief A message was not acknowledged after all retries (§5.8: tear the tunnel down).
         * Called once, at `now`; the channel is already shut down, so the sink may destroy it here.
         */
        virtual void ChannelGiveUp(TimeNs now) = 0;
    };

    L2tpControlChannel(const L2tpControlChannelConfig& cfg, Sink* sink);

    /** \brief Tunnel ID to put in outgoing headers (the peer's assigned id; 0 until known). */
    void
    SetPeerTunnelId(uint16_t id)
    {
        m_peerTunnelId = id;
    }
    /** \brief The peer's Receive Window Size AVP (§4.4.3; 4 if absent). 0 is invalid and ignored.
     */
    void SetPeerReceiveWindow(uint16_t rws);

    /**
     * \brief Queue a message for reliable delivery. Assigns Ns (and Nr), fills the tunnel id, and
     * transmits now if the window allows. Session id is left as the caller set it. A message held
     * back by the window gets its Ns when it is first transmitted, so Ns is always consecutive on
     * the wire and a ZLB's Ns is always the next Ns to be sent.
     */
    void Send(L2tpControlMessage m, TimeNs now);

    /**
     * \brief Process a received control message (ZLB included) addressed to this tunnel.
     * Acknowledged messages leave the retransmit queue; new in-order messages are delivered, then
     * any queued successors; duplicates are acknowledged again but not delivered; messages beyond
     * the receive window are dropped and counted.
     */
    void Receive(const L2tpControlMessage& m, TimeNs now);

    /** \brief Data-channel activity also resets the HELLO idle timer (§6.5 "data or control"). */
    void NoteActivity(TimeNs now);

    /** \brief Fire whatever timers are due at `now` (retransmit, delayed ack, hello). */
    void OnTimer(TimeNs now);
    /** \brief Earliest time OnTimer must be called, or kNever. */
    TimeNs NextDeadline() const;

    /** \brief Stop all timers and drop queued messages (tunnel closed). */
    void Shutdown();
    /** \brief True if no message is waiting for an acknowledgement or for window space. */
    bool
    AllAcked() const
    {
        return m_unacked.empty() && m_pending.empty();
    }

    uint16_t
    NextNs() const
    {
        return m_ns;
    } //!< Ns of the next new message
    uint16_t
    ExpectedNr() const
    {
        return m_nr;
    } //!< Ns we expect from the peer next
    uint16_t
    CongestionWindow() const
    {
        return m_cwnd;
    }
    /**
     * \brief "tx" (new non-ZLB messages sent), "rx" (non-ZLB messages received, any fate),
     * "retransmit", "zlb-tx", "zlb-rx", "duplicate", "out-of-order" (buffered), "outside-window"
     * (dropped), "bad-nr" (Nr acknowledging unsent messages, ignored), "give-up", "hello-tx".
     */
    const Counters&
    GetCounters() const
    {
        return m_counters;
    }

private:
    /** \brief One queued or sent, not yet acknowledged message. */
    struct InFlight
    {
        L2tpControlMessage msg;  //!< as last transmitted (Ns assigned at first transmission)
        unsigned retries{0};     //!< retransmissions so far
        TimeNs deadline{kNever}; //!< next retransmission time (meaningful in m_unacked only)
        bool hello{false};       //!< a keepalive HELLO queued by the channel itself (§6.5)
    };

    /** \brief Put a message in the send path (pending queue, then the window). */
    void Enqueue(InFlight e, TimeNs now);
    /** \brief First transmission of a message: assigns Ns, fills Nr, arms its timer. */
    void TransmitNew(InFlight e, TimeNs now);
    /** \brief Move pending messages into the window while it has room. */
    void PumpPending(TimeNs now);
    /** \brief Apply a received Nr as a cumulative acknowledgement. */
    void ProcessAck(uint16_t nr);
    /** \brief Arm the delayed explicit acknowledgement (no later than `at`). */
    void ScheduleAck(TimeNs at);
    /** \brief Send an explicit ZLB acknowledgement now. */
    void SendZlb();
    /** \brief Retransmit the oldest unacknowledged message, or give up. \return false if given up.
     */
    bool FireRetransmit(TimeNs now);
    /** \brief The HELLO idle timer expired (§6.5). */
    void FireHello(TimeNs now);
    /** \brief Messages we may have outstanding: min(peer RWS, cwnd). */
    uint16_t SendWindow() const;
    void OnAckedForCongestion();
    void OnRetransmitForCongestion();

    L2tpControlChannelConfig m_cfg; //!< configuration
    Sink* m_sink;                   //!< outputs
    uint16_t m_peerTunnelId{0};     //!< Tunnel ID put in outgoing headers
    uint16_t m_peerRws{4};          //!< peer's Receive Window Size (§5.8, default 4)
    uint16_t m_ns{0};               //!< next Ns to assign (= Ns carried by a ZLB)
    uint16_t m_nr{0};               //!< next Ns expected from the peer
    std::deque<InFlight> m_unacked; //!< sent, in Ns order; front drives the retransmit timer
    std::deque<InFlight> m_pending; //!< waiting for window space (no Ns yet)
    std::map<uint16_t, L2tpControlMessage> m_reorder; //!< received ahead of m_nr, keyed by Ns
    uint16_t m_cwnd{1};                               //!< congestion window (Appendix A)
    uint16_t m_ssthresh{4};                           //!< slow-start threshold
    uint16_t m_ackedInAvoidance{0};                   //!< acks counted in congestion avoidance
    TimeNs m_ackDeadline{kNever};                     //!< delayed explicit ack (ZLB)
    TimeNs m_lastRx{0};                               //!< last time anything arrived from the peer
    TimeNs m_helloDeadline{kNever};                   //!< next HELLO check
    bool m_helloOutstanding{false};                   //!< a HELLO is queued or unacknowledged
    bool m_shutdown{false}; //!< Shutdown() was called (or the channel gave up)
    Counters m_counters;    //!< see GetCounters()
};

} // namespace ns3

#endif
