/**
 * \file
 * \brief L2tpControlChannel: the reliable control transport of RFC 2661 §5.8 and Appendix A, plus
 * the §6.5 HELLO keepalive.
 *
 * RFC text this file implements (quoted; section in brackets):
 *
 *  [§5.8] "The message at the front of the queue is sent with a given Ns value, and is held until
 *  a control message arrives from the peer in which the Nr field indicates receipt of this
 *  message. After a period of time (a recommended default is 1 second) passes without
 *  acknowledgement, the message is retransmitted. The retransmitted message contains the same Ns
 *  value, but the Nr value MUST be updated with the sequence number of the next expected message."
 *
 *  [§5.8] "Each subsequent retransmission of a message MUST employ an exponential backoff
 *  interval. [...] An implementation MAY choose to cap the maximum interval between
 *  retransmissions. This cap MUST be no less than 8 seconds per retransmission. If no peer
 *  response is detected after several retransmissions, (a recommended default is 5, but SHOULD be
 *  configurable), the tunnel and all sessions within MUST be cleared."
 *
 *  [§5.8] "Such a message would be considered a duplicate of a message already received and
 *  ignored from processing. However, in order to ensure that all messages are acknowledged
 *  properly (particularly in the case of a lost ZLB ACK message), receipt of duplicate messages
 *  MUST be acknowledged by the reliable transport. This acknowledgement may either piggybacked on
 *  a message in queue, or explicitly via a ZLB ACK."
 *
 *  [§5.8] "An implementation may support a receive window of only 1 [...] but MUST accept a window
 *  of up to 4 from its peer".
 *
 *  [§5.8] "When retransmitting control messages, a slow start and congestion avoidance window
 *  adjustment procedure SHOULD be utilized. The recommended procedure for this is described in
 *  Appendix A."
 *
 *  [Appendix A, summarised] CWND starts at one message and SSTHRESH at the peer's advertised
 *  window; CWND never exceeds the advertised window. While CWND < SSTHRESH (slow start) CWND grows
 *  by one per acknowledgement ("has the effect of doubling CWND with each round trip"); after
 *  that (congestion avoidance) by 1/CWND per acknowledgement, i.e. by one after CWND
 *  acknowledgements. On a retransmission SSTHRESH becomes half of CWND and CWND drops to one.
 *
 *  [§6.5] "Keepalives for the tunnel MAY be implemented by sending a HELLO if a period of time (a
 *  recommended default is 60 seconds, but SHOULD be configurable) has passed without receiving
 *  any message (data or control) from the peer."
 *
 * Design decisions:
 *
 *  - ONE retransmission timer, driven by the oldest unacknowledged message (the "message at the
 *    front of the queue" of §5.8). Each InFlight keeps its own retry count and deadline, but only
 *    the front's deadline is ever consulted. Reasons: (1) that is the sentence the RFC writes;
 *    (2) Nr is cumulative, so while the front is missing the peer cannot acknowledge anything
 *    behind it — retransmitting the successors (which the peer has most likely buffered) would be
 *    pure extra load, and Appendix A has just collapsed CWND to one message; (3) NextDeadline()
 *    stays O(1). When the front is acknowledged the next message becomes the front with its own
 *    deadline (armed when it was first sent); if that deadline has already passed, the message
 *    has been unacknowledged for a full retransmission interval and goes out at the next OnTimer.
 *  - Acknowledgement counting for Appendix A is per acknowledged MESSAGE: a ZLB whose Nr
 *    acknowledges three messages counts three. Counting per ack packet would not produce the
 *    "doubling CWND with each round trip" the appendix describes once the peer coalesces acks.
 *  - Ns is assigned at first transmission, not at Send(): messages held back by the window sit
 *    in m_pending without a number, so "sent" is exactly [front.Ns, m_ns) and a ZLB always carries
 *    "the next Ns to be sent". An Nr ahead of m_ns (half-space compare) acknowledges something
 *    never sent: counted as "bad-nr" and ignored (the rest of the message is still processed); an
 *    Nr behind the oldest unacknowledged Ns is merely stale (a reordered or duplicated ack).
 *  - An in-order message is acknowledged by the next message we send, or by a ZLB once
 *    cfg.ackDelay has passed without one. With 0 (RouterOS, as a real RouterOS LNS capture shows)
 *    the ZLB goes out at once, but after the message was delivered, so that a reply the FSM sends
 *    for it (SCCRP, ICRP) carries the ack instead; go-l2tp waits 100 ms. Duplicates are
 *    acknowledged at once (§5.8 MUST above) — by a pumped pending message if one goes out,
 *    otherwise by a ZLB.
 *  - Out-of-order messages within our receive window are buffered ("Messages arriving out of
 *    order may be queued for in-order delivery", §5.8) and not acknowledged until the gap fills.
 */

#include "model/l2tp/l2tp-control-channel.h"

#include "model/common/seq16.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace ns3
{

namespace
{

/** \brief Largest window usable with half-space sequence compare. */
constexpr uint16_t kMaxWindow = 0x7fff;

} // namespace

L2tpControlChannel::L2tpControlChannel(const L2tpControlChannelConfig& cfg, Sink* sink)
    : m_cfg(cfg)
    , m_sink(sink)
{
    if (m_cfg.receiveWindow == 0)
    {
        m_cfg.receiveWindow = 1;
    }
    m_cfg.receiveWindow = std::min(m_cfg.receiveWindow, kMaxWindow);
    m_ssthresh = m_peerRws;
    m_cwnd = m_cfg.slowStart ? 1 : m_peerRws;
}

void
L2tpControlChannel::SetPeerReceiveWindow(uint16_t rws)
{
    if (rws == 0)
    {
        // §5.8: "A value of 0 for the Receive Window Size AVP is invalid."
        return;
    }
    m_peerRws = std::min(rws, kMaxWindow);
    // Appendix A: SSTHRESH starts at the advertised window; CWND never exceeds it.
    m_ssthresh = m_peerRws;
    if (!m_cfg.slowStart)
    {
        m_cwnd = m_peerRws;
    }
    m_cwnd = std::min(m_cwnd, m_peerRws);
    // A larger window is used at the next Send/Receive/OnTimer (anything pending implies an
    // outstanding message, hence a future ack or timer).
}

uint16_t
L2tpControlChannel::SendWindow() const
{
    return std::min(m_peerRws, m_cwnd);
}

void
L2tpControlChannel::Send(L2tpControlMessage m, TimeNs now)
{
    if (m_shutdown)
    {
        return;
    }
    InFlight e;
    e.msg = std::move(m);
    Enqueue(std::move(e), now);
}

void
L2tpControlChannel::Enqueue(InFlight e, TimeNs now)
{
    if (m_helloDeadline == kNever && m_cfg.helloInterval > 0)
    {
        // First activity: start the idle clock.
        m_lastRx = now;
        m_helloDeadline = now + m_cfg.helloInterval;
    }
    m_pending.push_back(std::move(e));
    PumpPending(now);
}

void
L2tpControlChannel::PumpPending(TimeNs now)
{
    while (!m_shutdown && !m_pending.empty() && m_unacked.size() < SendWindow())
    {
        InFlight e = std::move(m_pending.front());
        m_pending.pop_front();
        TransmitNew(std::move(e), now);
    }
}

namespace
{

/** \brief The jitter key of one message: its tunnel and Ns (attempts are mixed in later). */
uint64_t
JitterKeyOf(uint16_t peerTunnel, uint16_t ns)
{
    return (static_cast<uint64_t>(peerTunnel) << 16) | ns;
}

} // namespace

void
L2tpControlChannel::TransmitNew(InFlight e, TimeNs now)
{
    e.msg.tunnelId = m_peerTunnelId;
    e.msg.ns = m_ns;
    e.msg.nr = m_nr;
    e.retries = 0;
    e.deadline = now + m_cfg.retransmit.Jittered(0, JitterKeyOf(m_peerTunnelId, m_ns));
    m_ns = static_cast<uint16_t>(m_ns + 1);
    // The message carries the current Nr: any delayed explicit ack is now redundant.
    m_ackDeadline = kNever;
    m_counters.Add("tx");
    m_unacked.push_back(std::move(e));
    m_sink->ChannelTransmit(m_unacked.back().msg, false);
}

void
L2tpControlChannel::SendZlb()
{
    L2tpControlMessage z;
    z.tunnelId = m_peerTunnelId;
    z.sessionId = 0;
    z.ns = m_ns; // §5.8: a ZLB takes no slot; Ns is the next Ns to be sent
    z.nr = m_nr;
    m_ackDeadline = kNever;
    m_counters.Add("zlb-tx");
    m_sink->ChannelTransmit(z, false);
}

void
L2tpControlChannel::ScheduleAck(TimeNs at)
{
    m_ackDeadline = std::min(m_ackDeadline, at);
}

void
L2tpControlChannel::ProcessAck(uint16_t nr)
{
    uint16_t low = m_unacked.empty() ? m_ns : m_unacked.front().msg.ns;
    if (Seq16Less(m_ns, nr))
    {
        // Acknowledges a message we never sent.
        m_counters.Add("bad-nr");
        return;
    }
    if (Seq16Less(nr, low))
    {
        return; // stale acknowledgement (reordered or duplicated on the way)
    }
    uint16_t acked = Seq16Distance(low, nr);
    for (uint16_t i = 0; i < acked && !m_unacked.empty(); ++i)
    {
        if (m_unacked.front().hello)
        {
            m_helloOutstanding = false;
        }
        m_unacked.pop_front();
        OnAckedForCongestion();
    }
}

void
L2tpControlChannel::Receive(const L2tpControlMessage& m, TimeNs now)
{
    if (m_shutdown)
    {
        return;
    }
    m_lastRx = now;
    if (m_cfg.helloInterval > 0)
    {
        m_helloDeadline = now + m_cfg.helloInterval;
    }

    ProcessAck(m.nr);

    std::vector<L2tpControlMessage> deliver;
    if (m.IsZlb())
    {
        // ZLBs are acknowledgements only: never delivered, never acknowledged.
        m_counters.Add("zlb-rx");
    }
    else
    {
        m_counters.Add("rx");
        if (m.ns == m_nr)
        {
            deliver.push_back(m);
            m_nr = static_cast<uint16_t>(m_nr + 1);
            for (auto it = m_reorder.find(m_nr); it != m_reorder.end(); it = m_reorder.find(m_nr))
            {
                deliver.push_back(std::move(it->second));
                m_reorder.erase(it);
                m_nr = static_cast<uint16_t>(m_nr + 1);
            }
            ScheduleAck(now + m_cfg.ackDelay);
        }
        else if (Seq16Less(m_nr, m.ns))
        {
            if (Seq16Distance(m_nr, m.ns) < m_cfg.receiveWindow)
            {
                if (m_reorder.emplace(m.ns, m).second)
                {
                    m_counters.Add("out-of-order");
                }
                else
                {
                    m_counters.Add("duplicate"); // a retransmission of one we already buffered
                }
            }
            else
            {
                m_counters.Add("outside-window");
            }
        }
        else
        {
            // Behind m_nr: already delivered. §5.8: MUST be acknowledged — now, not after a delay.
            m_counters.Add("duplicate");
            ScheduleAck(now);
        }
    }

    // The ack may have opened the window; what goes out now carries the new Nr.
    PumpPending(now);
    for (const auto& d : deliver)
    {
        if (m_shutdown)
        {
            return;
        }
        m_sink->ChannelDeliver(d, now);
    }
    // An ack due now goes out after the delivery, so that a reply the delivery sent carries it
    // (a real RouterOS LNS: SCCRQ -> SCCRP and ICRQ -> ICRP acknowledge, SCCCN and ICCN get a ZLB
    // at once).
    if (!m_shutdown && m_ackDeadline <= now)
    {
        SendZlb();
    }
}

void
L2tpControlChannel::NoteActivity(TimeNs now)
{
    if (m_shutdown)
    {
        return;
    }
    m_lastRx = now;
    if (m_cfg.helloInterval > 0)
    {
        m_helloDeadline = now + m_cfg.helloInterval;
    }
}

bool
L2tpControlChannel::FireRetransmit(TimeNs now)
{
    InFlight& f = m_unacked.front();
    if (f.retries >= m_cfg.retransmit.maxRetries)
    {
        // §5.8: no response after maxRetries retransmissions: the tunnel MUST be cleared.
        m_counters.Add("give-up");
        Shutdown();
        m_sink->ChannelGiveUp(now); // last: the sink may destroy this object
        return false;
    }
    ++f.retries;
    f.msg.nr = m_nr; // same Ns, current Nr (§5.8 MUST)
    f.deadline = now + m_cfg.retransmit.Jittered(f.retries, JitterKeyOf(m_peerTunnelId, f.msg.ns));
    m_ackDeadline = kNever; // the retransmission piggy-backs our ack
    m_counters.Add("retransmit");
    OnRetransmitForCongestion();
    m_sink->ChannelTransmit(f.msg, true);
    return true;
}

void
L2tpControlChannel::FireHello(TimeNs now)
{
    m_helloDeadline = now + m_cfg.helloInterval;
    if (m_helloOutstanding)
    {
        return; // one HELLO at a time; the reliable path will retransmit or give up
    }
    m_helloOutstanding = true;
    m_counters.Add("hello-tx");
    InFlight e;
    e.msg = L2tpControlMessage::Make(L2tpMessageType::HELLO);
    e.msg.sessionId = 0; // §6.5: "The Session ID in a HELLO message MUST be 0."
    e.hello = true;
    Enqueue(std::move(e), now);
}

void
L2tpControlChannel::OnTimer(TimeNs now)
{
    if (m_shutdown)
    {
        return;
    }
    if (!m_unacked.empty() && m_unacked.front().deadline <= now)
    {
        if (!FireRetransmit(now))
        {
            return;
        }
    }
    if (m_cfg.helloInterval > 0 && m_helloDeadline <= now)
    {
        FireHello(now);
    }
    if (m_ackDeadline <= now)
    {
        SendZlb();
    }
}

TimeNs
L2tpControlChannel::NextDeadline() const
{
    if (m_shutdown)
    {
        return kNever;
    }
    TimeNs t = std::min(m_ackDeadline, m_helloDeadline);
    if (!m_unacked.empty())
    {
        t = std::min(t, m_unacked.front().deadline);
    }
    return t;
}

void
L2tpControlChannel::Shutdown()
{
    m_shutdown = true;
    m_unacked.clear();
    m_pending.clear();
    m_reorder.clear();
    m_ackDeadline = kNever;
    m_helloDeadline = kNever;
    m_helloOutstanding = false;
}

void
L2tpControlChannel::OnAckedForCongestion()
{
    if (!m_cfg.slowStart)
    {
        m_cwnd = m_peerRws;
        return;
    }
    if (m_cwnd < m_ssthresh)
    {
        ++m_cwnd; // slow start: +1 per acknowledged message
    }
    else if (++m_ackedInAvoidance >= m_cwnd)
    {
        ++m_cwnd; // congestion avoidance: +1 per CWND acknowledged messages
        m_ackedInAvoidance = 0;
    }
    m_cwnd = std::min(m_cwnd, m_peerRws);
}

void
L2tpControlChannel::OnRetransmitForCongestion()
{
    if (!m_cfg.slowStart)
    {
        return;
    }
    m_ssthresh = std::max<uint16_t>(m_cwnd / 2, 1);
    m_cwnd = 1;
    m_ackedInAvoidance = 0;
}

} // namespace ns3
