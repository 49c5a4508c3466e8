/**
 * \file
 * \brief Unit tests of L2tpControlChannel (RFC 2661 §5.8, Appendix A, §6.5).
 *
 * Two channels are wired back to back through a scripted in-memory wire with a virtual clock:
 * a queue of (delivery time, message) with per-packet hooks that may drop, duplicate or delay
 * (reorder) what a channel transmits. Some tests instead drive a single channel with hand-made
 * peer messages (the "script is the peer", as in packetdrill).
 */

#include "model/l2tp/l2tp-control-channel.h"

#include "model/common/seq16.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <stdexcept>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t kTagVendor = 0x7777; //!< private AVP used to number test messages

/** \brief A control message of type t carrying a test tag (vendor AVP). */
L2tpControlMessage
Msg(L2tpMessageType t, uint32_t tag)
{
    L2tpControlMessage m = L2tpControlMessage::Make(t);
    L2tpAvp a;
    a.vendorId = kTagVendor;
    a.type = 1;
    a.value = {static_cast<uint8_t>(tag >> 24), static_cast<uint8_t>(tag >> 16),
               static_cast<uint8_t>(tag >> 8), static_cast<uint8_t>(tag)};
    m.avps.push_back(a);
    return m;
}

/** \brief The test tag of a message, or -1. */
int64_t
TagOf(const L2tpControlMessage& m)
{
    for (const auto& a : m.avps)
    {
        if (a.vendorId == kTagVendor && a.type == 1 && a.value.size() == 4)
        {
            return (int64_t(a.value[0]) << 24) | (int64_t(a.value[1]) << 16) |
                   (int64_t(a.value[2]) << 8) | int64_t(a.value[3]);
        }
    }
    return -1;
}

/** \brief A peer's message as a script writes it. */
L2tpControlMessage
Peer(uint16_t ns, uint16_t nr, bool zlb = false, uint32_t tag = 0)
{
    L2tpControlMessage m = zlb ? L2tpControlMessage{} : Msg(L2tpMessageType::ICRQ, tag);
    m.ns = ns;
    m.nr = nr;
    return m;
}

/** \brief One transmission seen on the wire. */
struct TxRecord
{
    TimeNs t; //!< when
    int from; //!< 0 = A, 1 = B
    bool zlb; //!< a ZLB
    L2tpMessageType type;
    uint16_t ns;
    uint16_t nr;
    uint16_t sessionId;
    bool retrans; //!< flagged as a retransmission by the channel
    int64_t tag;  //!< test tag or -1
    size_t index; //!< position in the wire log
};

/** \brief What the wire does with one transmission. */
struct Verdict
{
    bool drop{false};      //!< lose it
    bool duplicate{false}; //!< deliver it twice
    TimeNs extraDelay{0};  //!< on top of the link latency (reordering)
};

/** \brief A sink that just records (single-channel scripted tests). */
class RecordingSink : public L2tpControlChannel::Sink
{
public:
    void
    ChannelTransmit(const L2tpControlMessage& m, bool retransmission) override
    {
        sent.push_back(m);
        retrans.push_back(retransmission);
    }
    void
    ChannelDeliver(const L2tpControlMessage& m, TimeNs /*now*/) override
    {
        delivered.push_back(m);
    }
    void
    ChannelGiveUp(TimeNs /*now*/) override
    {
        ++giveUps;
    }

    std::vector<L2tpControlMessage> sent;
    std::vector<bool> retrans;
    std::vector<L2tpControlMessage> delivered;
    int giveUps{0};
};

class Wire;

/** The delayed-ack configuration most tests here exercise: go-l2tp's 100 ms before an explicit
 * ZLB (`ack-delay: 100ms`). RouterOS's default of 0 has its own test below. */
L2tpControlChannelConfig
Delayed()
{
    L2tpControlChannelConfig c;
    c.ackDelay = 100 * kMs;
    return c;
}

/** \brief One end of the wire: a channel and what came out of it. */
class Endpoint : public L2tpControlChannel::Sink
{
public:
    Endpoint(Wire* w, int id, const L2tpControlChannelConfig& cfg)
        : ch(cfg, this)
        , m_wire(w)
        , m_id(id)
    {
    }
    void ChannelTransmit(const L2tpControlMessage& m, bool retransmission) override;
    void
    ChannelDeliver(const L2tpControlMessage& m, TimeNs /*now*/) override
    {
        delivered.push_back(m);
        if (onDeliver)
        {
            onDeliver(m);
        }
    }
    void ChannelGiveUp(TimeNs now) override;

    L2tpControlChannel ch;
    std::vector<L2tpControlMessage> delivered;
    std::vector<TimeNs> giveUpAt;
    std::function<void(const L2tpControlMessage&)> onDeliver; //!< e.g. an auto-reply

private:
    Wire* m_wire;
    int m_id;
};

/** \brief Virtual clock + in-flight packets + scheduled script actions. */
class Wire
{
public:
    explicit Wire(const L2tpControlChannelConfig& cfgA,
                  const L2tpControlChannelConfig& cfgB = Delayed(),
                  TimeNs latency = 10 * kMs)
        : latency(latency)
    {
        ep[0] = std::make_unique<Endpoint>(this, 0, cfgA);
        ep[1] = std::make_unique<Endpoint>(this, 1, cfgB);
        A().ch.SetPeerTunnelId(200);
        B().ch.SetPeerTunnelId(100);
    }

    Endpoint&
    A()
    {
        return *ep[0];
    }
    Endpoint&
    B()
    {
        return *ep[1];
    }

    void
    Transmit(int from, const L2tpControlMessage& m, bool retrans)
    {
        TxRecord r{now,      from,      m.IsZlb(),   m.IsZlb() ? L2tpMessageType::ZLB : m.Type(),
                   m.ns,     m.nr,      m.sessionId, retrans,
                   TagOf(m), log.size()};
        log.push_back(r);
        if (onTransmit)
        {
            onTransmit(r);
        }
        Verdict v = hook ? hook(r) : Verdict{};
        if (v.drop)
        {
            return;
        }
        int copies = v.duplicate ? 2 : 1;
        for (int i = 0; i < copies; ++i)
        {
            m_air.push(InAir{now + latency + v.extraDelay, m_seq++, 1 - from, m});
        }
    }

    /** \brief Run a script action at time t. */
    void
    At(TimeNs t, std::function<void()> fn)
    {
        m_actions.emplace(t, std::move(fn));
    }

    /** \brief Advance the virtual clock to `end`, processing everything due on the way. */
    void
    RunUntil(TimeNs end)
    {
        for (uint64_t guard = 0;; ++guard)
        {
            if (guard > 50'000'000)
            {
                throw std::runtime_error("wire: no progress");
            }
            TimeNs tp = m_air.empty() ? kNever : m_air.top().at;
            TimeNs ta = m_actions.empty() ? kNever : m_actions.begin()->first;
            TimeNs tt = std::min(A().ch.NextDeadline(), B().ch.NextDeadline());
            TimeNs t = std::min({tp, ta, tt});
            if (t > end)
            {
                break;
            }
            now = std::max(now, t);
            if (tp <= now)
            {
                InAir p = m_air.top();
                m_air.pop();
                if (onArrive)
                {
                    onArrive(p.to, p.m);
                }
                ep[p.to]->ch.Receive(p.m, now);
            }
            else if (ta <= now)
            {
                auto fn = std::move(m_actions.begin()->second);
                m_actions.erase(m_actions.begin());
                fn();
            }
            else
            {
                for (auto& e : ep)
                {
                    if (e->ch.NextDeadline() <= now)
                    {
                        e->ch.OnTimer(now);
                    }
                }
            }
        }
        now = std::max(now, end);
    }

    /** \brief Non-ZLB, or ZLB, transmissions of one side. */
    std::vector<TxRecord>
    Sent(int from, bool zlb) const
    {
        std::vector<TxRecord> out;
        for (const auto& r : log)
        {
            if (r.from == from && r.zlb == zlb)
            {
                out.push_back(r);
            }
        }
        return out;
    }

    TimeNs now{0};
    TimeNs latency;
    std::vector<TxRecord> log;
    std::function<Verdict(const TxRecord&)> hook;
    std::function<void(const TxRecord&)> onTransmit;
    std::function<void(int, const L2tpControlMessage&)> onArrive; //!< before Receive
    std::unique_ptr<Endpoint> ep[2];

private:
    struct InAir
    {
        TimeNs at;
        uint64_t seq;
        int to;
        L2tpControlMessage m;
        bool
        operator>(const InAir& o) const
        {
            return std::tie(at, seq) > std::tie(o.at, o.seq);
        }
    };
    std::priority_queue<InAir, std::vector<InAir>, std::greater<InAir>> m_air;
    std::multimap<TimeNs, std::function<void()>> m_actions;
    uint64_t m_seq{0};
};

void
Endpoint::ChannelTransmit(const L2tpControlMessage& m, bool retransmission)
{
    m_wire->Transmit(m_id, m, retransmission);
}

void
Endpoint::ChannelGiveUp(TimeNs now)
{
    BOOST_TEST(now == m_wire->now); // the channel reports the time of the timer that gave up
    giveUpAt.push_back(now);
}

std::vector<int64_t>
Tags(const std::vector<L2tpControlMessage>& v)
{
    std::vector<int64_t> out;
    for (const auto& m : v)
    {
        out.push_back(TagOf(m));
    }
    return out;
}

std::vector<int64_t>
Range(int64_t n)
{
    std::vector<int64_t> out;
    for (int64_t i = 0; i < n; ++i)
    {
        out.push_back(i);
    }
    return out;
}

L2tpControlChannelConfig
NoHello()
{
    L2tpControlChannelConfig c = Delayed();
    c.helloInterval = 0;
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(l2tp_control_channel)

// RFC 2661 §5.8 (and the Appendix B.1 style ladder): Ns starts at 0 and counts non-ZLB messages;
// Nr is the next Ns expected; a reply piggy-backs the ack; a ZLB takes no Ns slot.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_in_order_ns_nr_ladder)
{
    Wire w(NoHello(), NoHello());
    w.B().onDeliver = [&](const L2tpControlMessage& m)
    {
        if (m.Type() == L2tpMessageType::SCCRQ)
        {
            w.B().ch.Send(Msg(L2tpMessageType::SCCRP, 1), w.now);
        }
    };
    w.A().onDeliver = [&](const L2tpControlMessage& m)
    {
        if (m.Type() == L2tpMessageType::SCCRP)
        {
            w.A().ch.Send(Msg(L2tpMessageType::SCCCN, 2), w.now);
        }
    };
    w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
    w.RunUntil(5 * kSec);

    const auto& L = w.log;
    BOOST_REQUIRE_EQUAL(L.size(), 4u);
    // t, from, type, Ns, Nr
    BOOST_TEST((L[0].t == 0 && L[0].from == 0 && L[0].type == L2tpMessageType::SCCRQ));
    BOOST_TEST((L[0].ns == 0 && L[0].nr == 0));
    BOOST_TEST((L[1].t == 10 * kMs && L[1].from == 1 && L[1].type == L2tpMessageType::SCCRP));
    BOOST_TEST((L[1].ns == 0 && L[1].nr == 1)); // piggy-backed ack of the SCCRQ, no ZLB
    BOOST_TEST((L[2].t == 20 * kMs && L[2].from == 0 && L[2].type == L2tpMessageType::SCCCN));
    BOOST_TEST((L[2].ns == 1 && L[2].nr == 1));
    BOOST_TEST((L[3].t == 130 * kMs && L[3].from == 1 && L[3].zlb)); // after ackDelay
    BOOST_TEST((L[3].ns == 1 && L[3].nr == 2));                      // ZLB: next Ns, not used
    BOOST_TEST(!L[0].retrans);
    BOOST_TEST(w.A().ch.AllAcked());
    BOOST_TEST(w.B().ch.AllAcked());
    BOOST_TEST(w.A().ch.NextNs() == 2);
    BOOST_TEST(w.B().ch.NextNs() == 1);
    BOOST_TEST(w.A().ch.ExpectedNr() == 1);
    BOOST_TEST(w.B().ch.ExpectedNr() == 2);
    // The tunnel id written is the peer's.
    BOOST_TEST(Tags(w.B().delivered) == std::vector<int64_t>({0, 2}));
    BOOST_TEST(Tags(w.A().delivered) == std::vector<int64_t>({1}));
    BOOST_TEST(w.A().ch.GetCounters().Get("tx") == 2u);
    BOOST_TEST(w.A().ch.GetCounters().Get("zlb-rx") == 1u);
    BOOST_TEST(w.A().ch.GetCounters().Get("zlb-tx") == 0u); // a ZLB is never acknowledged
    BOOST_TEST(w.B().ch.GetCounters().Get("zlb-tx") == 1u);
    BOOST_TEST(w.B().ch.GetCounters().Get("rx") == 2u);
    BOOST_TEST(w.A().ch.NextDeadline() == kNever);
}

// RFC 2661 §5.8: the ack rides on an outgoing message if there is one within ackDelay,
// otherwise an explicit ZLB goes out once ackDelay has passed.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_piggyback_vs_explicit_zlb)
{
    {
        Wire w(NoHello(), NoHello());
        w.A().ch.Send(Msg(L2tpMessageType::ICRQ, 0), 0);
        w.At(50 * kMs,
             [&]
             {
                 w.B().ch.Send(Msg(L2tpMessageType::ICRP, 1), w.now);
             });
        w.RunUntil(2 * kSec);
        auto bz = w.Sent(1, true);
        auto bm = w.Sent(1, false);
        BOOST_TEST(bz.empty());
        BOOST_REQUIRE_EQUAL(bm.size(), 1u);
        BOOST_TEST((bm[0].t == 50 * kMs && bm[0].ns == 0 && bm[0].nr == 1));
    }
    {
        Wire w(NoHello(), NoHello());
        w.A().ch.Send(Msg(L2tpMessageType::ICRQ, 0), 0);
        w.At(200 * kMs,
             [&]
             {
                 w.B().ch.Send(Msg(L2tpMessageType::ICRP, 1), w.now);
             });
        w.RunUntil(2 * kSec);
        auto bz = w.Sent(1, true);
        auto bm = w.Sent(1, false);
        BOOST_REQUIRE_EQUAL(bz.size(), 1u);
        BOOST_TEST((bz[0].t == 110 * kMs && bz[0].ns == 0 && bz[0].nr == 1));
        BOOST_REQUIRE_EQUAL(bm.size(), 1u);
        BOOST_TEST((bm[0].t == 200 * kMs && bm[0].ns == 0 && bm[0].nr == 1));
        BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 0u);
    }
}

// RFC 2661 §5.8 with RouterOS's ack-delay of 0 (a real RouterOS LNS capture): a message the FSM
// answers at once carries the ack in the answer (SCCRQ -> SCCRP, ICRQ -> ICRP, no ZLB); one it
// does not answer gets a ZLB at once (SCCCN, ICCN), never after a delay.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_routeros_acks_at_once)
{
    L2tpControlChannelConfig now = NoHello();
    now.ackDelay = 0;
    Wire w(now, now);
    w.B().onDeliver = [&](const L2tpControlMessage& m)
    {
        if (m.Type() == L2tpMessageType::ICRQ)
        {
            w.B().ch.Send(Msg(L2tpMessageType::ICRP, 1), w.now); // answered during delivery
        }
    };
    w.A().ch.Send(Msg(L2tpMessageType::ICRQ, 0), 0);
    w.At(50 * kMs,
         [&]
         {
             w.A().ch.Send(Msg(L2tpMessageType::ICCN, 0), w.now); // nothing answers it
         });
    w.RunUntil(2 * kSec);
    auto bz = w.Sent(1, true);
    auto bm = w.Sent(1, false);
    BOOST_REQUIRE_EQUAL(bm.size(), 1u);
    BOOST_TEST((bm[0].t == 10 * kMs && bm[0].nr == 1)); // the ICRP acknowledges the ICRQ
    BOOST_REQUIRE_EQUAL(bz.size(), 1u);                 // no ZLB for the ICRQ
    BOOST_TEST((bz[0].t == 60 * kMs && bz[0].nr == 2)); // the ICCN's ZLB: on arrival, not later
    BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 0u);
}

// RFC 2661 §5.8: a lost message is retransmitted after 1 s, then with exponential backoff
// (2, 4, 8 s) capped at 8 s; same Ns, but the Nr of the moment. After 5 retransmissions without
// an ack the tunnel is cleared: ChannelGiveUp exactly once, then silence.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_retransmit_backoff_and_give_up)
{
    Wire w(NoHello(), NoHello());
    w.hook = [](const TxRecord& r)
    {
        Verdict v;
        v.drop = (r.from == 0); // everything from A is lost
        return v;
    };
    w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
    // B says something at 2 s: A's later retransmissions must carry Nr = 1.
    w.At(2 * kSec,
         [&]
         {
             w.B().ch.Send(Msg(L2tpMessageType::HELLO, 9), w.now);
         });
    w.RunUntil(100 * kSec);

    auto a = w.Sent(0, false);
    std::vector<TimeNs> times;
    for (const auto& r : a)
    {
        if (r.type == L2tpMessageType::SCCRQ)
        {
            times.push_back(r.t);
            BOOST_TEST(r.ns == 0); // same Ns every time
        }
    }
    BOOST_TEST(times ==
               std::vector<TimeNs>({0, 1 * kSec, 3 * kSec, 7 * kSec, 15 * kSec, 23 * kSec}));
    BOOST_REQUIRE_EQUAL(a.size(), 6u);
    BOOST_TEST(!a[0].retrans);
    for (size_t i = 1; i < a.size(); ++i)
    {
        BOOST_TEST(a[i].retrans);
    }
    // Nr follows what A has received: 0 before B's message (arrives 2.01 s), 1 after.
    BOOST_TEST(a[1].nr == 0);
    BOOST_TEST(a[2].nr == 1);
    BOOST_TEST(a[5].nr == 1);
    // Give-up 8 s after the last retransmission = RetransmitBackoff::TotalTimeout().
    BOOST_REQUIRE_EQUAL(w.A().giveUpAt.size(), 1u);
    BOOST_TEST(w.A().giveUpAt[0] == 31 * kSec);
    BOOST_TEST(w.A().giveUpAt[0] == L2tpControlChannelConfig{}.retransmit.TotalTimeout());
    BOOST_TEST(w.A().ch.GetCounters().Get("give-up") == 1u);
    BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 5u);
    // Nothing from A after giving up, not even when asked to send or when something arrives.
    w.A().ch.Send(Msg(L2tpMessageType::HELLO, 10), w.now);
    w.B().ch.Send(Msg(L2tpMessageType::HELLO, 11), w.now); // B still alive until its own give-up
    w.RunUntil(200 * kSec);
    for (const auto& r : w.log)
    {
        if (r.from == 0)
        {
            BOOST_TEST(r.t <= 31 * kSec);
        }
    }
    BOOST_TEST(w.A().giveUpAt.size() == 1u);
    BOOST_TEST(w.A().ch.NextDeadline() == kNever);
    BOOST_TEST(w.A().ch.AllAcked());
}

// RFC 2661 §5.8: a duplicate (the ZLB acking it was lost) is not delivered again but MUST be
// acknowledged, promptly.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_duplicate_acked_not_delivered)
{
    Wire w(NoHello(), NoHello());
    bool droppedOnce = false;
    w.hook = [&](const TxRecord& r)
    {
        Verdict v;
        if (r.from == 1 && r.zlb && !droppedOnce)
        {
            droppedOnce = true;
            v.drop = true;
        }
        return v;
    };
    w.A().ch.Send(Msg(L2tpMessageType::ICRQ, 0), 0);
    w.RunUntil(10 * kSec);
    BOOST_TEST(Tags(w.B().delivered) == std::vector<int64_t>({0}));
    BOOST_TEST(w.B().ch.GetCounters().Get("duplicate") == 1u);
    auto bz = w.Sent(1, true);
    BOOST_REQUIRE_EQUAL(bz.size(), 2u);
    BOOST_TEST(bz[0].t == 110 * kMs);           // the lost delayed ack
    BOOST_TEST(bz[1].t == 1 * kSec + 10 * kMs); // at once on the duplicate
    BOOST_TEST((bz[1].ns == 0 && bz[1].nr == 1));
    BOOST_TEST(w.A().ch.AllAcked());
    BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 1u);
}

// RFC 2661 §5.8: "Messages arriving out of order may be queued for in-order delivery".
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_reordered_delivered_in_order)
{
    L2tpControlChannelConfig cfg = NoHello();
    cfg.slowStart = false; // 4 in flight at once
    Wire w(cfg, NoHello());
    w.hook = [](const TxRecord& r)
    {
        Verdict v;
        if (r.from == 0 && !r.zlb && r.ns == 0 && !r.retrans)
        {
            v.extraDelay = 50 * kMs; // Ns 0 overtaken by 1, 2, 3
        }
        return v;
    };
    for (uint32_t i = 0; i < 4; ++i)
    {
        w.A().ch.Send(Msg(L2tpMessageType::ICRQ, i), 0);
    }
    BOOST_TEST(w.Sent(0, false).size() == 4u);
    w.RunUntil(5 * kSec);
    BOOST_TEST(Tags(w.B().delivered) == Range(4));
    BOOST_TEST(w.B().ch.GetCounters().Get("out-of-order") == 3u);
    auto bz = w.Sent(1, true);
    BOOST_REQUIRE_EQUAL(bz.size(), 1u); // nothing acked until the gap filled, then one ZLB
    BOOST_TEST((bz[0].t == 160 * kMs && bz[0].nr == 4));
    BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 0u);
    BOOST_TEST(w.A().ch.AllAcked());
}

// RFC 2661 §5.8: "The message at the front of the queue [...] is held until [...] the Nr field
// indicates receipt of this message. After a period of time [...] the message is retransmitted."
// Only the oldest unacknowledged message drives the timer: with a peer that buffers out-of-order
// messages one retransmission repairs the whole window; a second hole is retransmitted as soon as
// it becomes the front (it has then been unacknowledged for more than the interval).
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_front_of_queue_drives_retransmission)
{
    for (bool secondHole : {false, true})
    {
        BOOST_TEST_CONTEXT("second hole " << secondHole)
        {
            L2tpControlChannelConfig cfg = NoHello();
            cfg.slowStart = false; // 4 in flight at once
            Wire w(cfg, NoHello());
            w.hook = [&](const TxRecord& r)
            {
                Verdict v;
                v.drop = r.from == 0 && !r.retrans && (r.ns == 0 || (secondHole && r.ns == 2));
                return v;
            };
            for (uint32_t i = 0; i < 4; ++i)
            {
                w.A().ch.Send(Msg(L2tpMessageType::ICRQ, i), 0);
            }
            w.RunUntil(10 * kSec);
            BOOST_TEST(Tags(w.B().delivered) == Range(4));
            std::vector<std::pair<TimeNs, uint16_t>> rtx;
            for (const auto& r : w.Sent(0, false))
            {
                if (r.retrans)
                {
                    rtx.emplace_back(r.t, r.ns);
                }
            }
            std::vector<std::pair<TimeNs, uint16_t>> want{{1 * kSec, 0}};
            if (secondHole)
            {
                // B delivers 0, 1 at 1.01 s, acks Nr 2 at 1.11 s, A hears it at 1.12 s.
                want.emplace_back(1 * kSec + 120 * kMs, 2);
            }
            BOOST_TEST(rtx == want);
            BOOST_TEST(w.A().ch.AllAcked());
        }
    }
}

// RFC 2661 §5.8 sliding window: the peer may have at most RWS messages outstanding, so an Ns
// RWS or more beyond the expected one is dropped (and counted); one inside is buffered. A
// half-space "behind" Ns is a duplicate.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_beyond_receive_window_dropped)
{
    RecordingSink s;
    L2tpControlChannelConfig cfg = NoHello();
    cfg.receiveWindow = 4;
    L2tpControlChannel ch(cfg, &s);
    ch.Receive(Peer(4, 0, false, 4), 0);     // expected 0, window [0, 3]
    ch.Receive(Peer(100, 0, false, 100), 0); // far ahead
    BOOST_TEST(ch.GetCounters().Get("outside-window") == 2u);
    ch.Receive(Peer(3, 0, false, 3), 0); // inside: buffered
    BOOST_TEST(ch.GetCounters().Get("out-of-order") == 1u);
    BOOST_TEST(s.delivered.empty());
    ch.Receive(Peer(40000, 0, false, 7), 0); // 40000 is "behind" 0 in half-space: duplicate
    BOOST_TEST(ch.GetCounters().Get("duplicate") == 1u);
    BOOST_TEST(s.delivered.empty());
    for (uint16_t ns = 0; ns < 3; ++ns)
    {
        ch.Receive(Peer(ns, 0, false, ns), 0);
    }
    BOOST_TEST(Tags(s.delivered) == Range(4));
    BOOST_TEST(ch.ExpectedNr() == 4);
    ch.Receive(Peer(4, 0, false, 4), 0); // now inside the window
    BOOST_TEST(Tags(s.delivered) == Range(5));
}

// RFC 2661 §5.8: "Once N have been sent, it must wait for an acknowledgment that advances the
// window before sending new control messages" — for peer RWS 1 and 4.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_window_full_blocks_until_acked)
{
    for (uint16_t rws : {uint16_t(1), uint16_t(4)})
    {
        BOOST_TEST_CONTEXT("peer RWS " << rws)
        {
            L2tpControlChannelConfig cfg = NoHello();
            cfg.slowStart = false; // isolate the peer window
            Wire w(cfg, NoHello());
            w.A().ch.SetPeerReceiveWindow(rws);
            uint16_t lastNrAtA = 0; // highest Nr A has heard (no loss, no reordering)
            size_t maxInFlight = 0;
            w.onTransmit = [&](const TxRecord& r)
            {
                if (r.from == 0 && !r.zlb && !r.retrans)
                {
                    maxInFlight =
                        std::max<size_t>(maxInFlight, Seq16Distance(lastNrAtA, r.ns) + 1u);
                }
            };
            w.onArrive = [&](int to, const L2tpControlMessage& m)
            {
                if (to == 0)
                {
                    lastNrAtA = m.nr;
                }
            };
            for (uint32_t i = 0; i < 10; ++i)
            {
                w.A().ch.Send(Msg(L2tpMessageType::ICRQ, i), 0);
            }
            BOOST_TEST(w.Sent(0, false).size() == rws);
            BOOST_TEST(!w.A().ch.AllAcked());
            w.RunUntil(100 * kMs); // B's ZLB not sent yet (ackDelay): still blocked
            BOOST_TEST(w.Sent(0, false).size() == rws);
            w.RunUntil(121 * kMs); // ZLB sent at 110 ms arrives at 120 ms: window advances
            BOOST_TEST(w.Sent(0, false).size() == std::min<size_t>(10, 2u * rws));
            w.RunUntil(10 * kSec);
            BOOST_TEST(Tags(w.B().delivered) == Range(10));
            BOOST_TEST(maxInFlight == rws);
            BOOST_TEST(w.A().ch.AllAcked());
            BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 0u);
        }
    }
}

// RFC 2661 Appendix A: CWND starts at 1 and grows by one per acknowledgement while below
// SSTHRESH (the peer's RWS); a retransmission halves SSTHRESH and drops CWND to 1; then
// congestion avoidance adds one per CWND acknowledgements. Slow start off: CWND = RWS.
BOOST_AUTO_TEST_CASE(rfc2661_appendix_a_slow_start_and_congestion_avoidance)
{
    RecordingSink s;
    L2tpControlChannel ch(NoHello(), &s);
    ch.SetPeerReceiveWindow(8);
    for (uint32_t i = 0; i < 20; ++i)
    {
        ch.Send(Msg(L2tpMessageType::ICRQ, i), 0);
    }
    BOOST_TEST(ch.CongestionWindow() == 1);
    BOOST_TEST(s.sent.size() == 1u); // 1 in flight
    ch.Receive(Peer(0, 1, true), 10 * kMs);
    BOOST_TEST(ch.CongestionWindow() == 2);
    BOOST_TEST(s.sent.size() == 3u); // Ns 1, 2 in flight
    ch.Receive(Peer(0, 2, true), 20 * kMs);
    BOOST_TEST(ch.CongestionWindow() == 3);
    BOOST_TEST(s.sent.size() == 5u); // Ns 2, 3, 4
    ch.Receive(Peer(0, 3, true), 30 * kMs);
    BOOST_TEST(ch.CongestionWindow() == 4);
    BOOST_TEST(s.sent.size() == 7u); // Ns 3..6
    // Ns 3 was sent at 20 ms: its timer fires at 1.02 s.
    BOOST_TEST(ch.NextDeadline() == 1 * kSec + 20 * kMs);
    ch.OnTimer(1 * kSec + 20 * kMs);
    BOOST_REQUIRE_EQUAL(s.sent.size(), 8u);
    BOOST_TEST(s.retrans.back());
    BOOST_TEST(s.sent.back().ns == 3);
    BOOST_TEST(ch.CongestionWindow() == 1); // collapse, SSTHRESH = 4 / 2 = 2
    ch.Receive(Peer(0, 4, true), 1030 * kMs);
    BOOST_TEST(ch.CongestionWindow() == 2); // slow start: 1 < 2
    ch.Receive(Peer(0, 5, true), 1031 * kMs);
    BOOST_TEST(ch.CongestionWindow() == 2); // avoidance: 1 of 2 acks
    ch.Receive(Peer(0, 6, true), 1032 * kMs);
    BOOST_TEST(ch.CongestionWindow() == 3); // 2 of 2: +1
    // Only Ns 6 is outstanding and the window is 3: Ns 7 and 8 went out with that ack.
    BOOST_REQUIRE_EQUAL(s.sent.size(), 10u);
    BOOST_TEST((s.sent[8].ns == 7 && s.sent[9].ns == 8 && !s.retrans.back()));
    // One ZLB acking several messages counts each one (doubling per round trip).
    {
        RecordingSink s2;
        L2tpControlChannel c2(NoHello(), &s2);
        c2.SetPeerReceiveWindow(16);
        for (uint32_t i = 0; i < 20; ++i)
        {
            c2.Send(Msg(L2tpMessageType::ICRQ, i), 0);
        }
        c2.Receive(Peer(0, 1, true), 1); // cwnd 2
        c2.Receive(Peer(0, 3, true), 2); // acks 2 messages: cwnd 4
        BOOST_TEST(c2.CongestionWindow() == 4);
        c2.SetPeerReceiveWindow(3); // never above the advertised window
        BOOST_TEST(c2.CongestionWindow() == 3);
    }
    {
        RecordingSink s3;
        L2tpControlChannelConfig cfg = NoHello();
        cfg.slowStart = false;
        L2tpControlChannel c3(cfg, &s3);
        BOOST_TEST(c3.CongestionWindow() == 4); // default RWS 4 (§4.4.3)
        c3.SetPeerReceiveWindow(6);
        BOOST_TEST(c3.CongestionWindow() == 6);
        for (uint32_t i = 0; i < 10; ++i)
        {
            c3.Send(Msg(L2tpMessageType::ICRQ, i), 0);
        }
        BOOST_TEST(s3.sent.size() == 6u);
        c3.OnTimer(1 * kSec); // retransmission does not shrink it
        BOOST_TEST(c3.CongestionWindow() == 6);
        c3.SetPeerReceiveWindow(0); // invalid, ignored
        BOOST_TEST(c3.CongestionWindow() == 6);
    }
}

// RFC 2661 §5.8: Ns and Nr are "a free running counter represented modulo 65536"; messages are
// delivered across 65535 -> 0, including a loss and reordering straddling the wrap.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_seq16_wrap_around)
{
    L2tpControlChannelConfig cfg = NoHello();
    cfg.slowStart = false;
    Wire w(cfg, NoHello(), 1 * kMs);
    bool dropped = false;
    w.hook = [&](const TxRecord& r)
    {
        Verdict v;
        if (r.from == 0 && !r.zlb && r.ns == 65535 && !dropped)
        {
            dropped = true; // lose 65535 once: 0, 1, 2 wait in the reorder buffer
            v.drop = true;
        }
        if (r.from == 0 && !r.zlb && r.ns == 1 && r.tag > 65535)
        {
            v.extraDelay = 5 * kMs; // and 1 (after the wrap) overtaken by 2
        }
        return v;
    };
    const uint32_t n = 65536 + 20;
    for (uint32_t i = 0; i < n; ++i)
    {
        w.A().ch.Send(Msg(L2tpMessageType::ICRQ, i), 0);
    }
    w.RunUntil(24 * 3600 * kSec);
    BOOST_TEST(dropped);
    BOOST_REQUIRE_EQUAL(w.B().delivered.size(), size_t(n));
    bool inOrder = true;
    for (uint32_t i = 0; i < n; ++i)
    {
        inOrder = inOrder && TagOf(w.B().delivered[i]) == int64_t(i);
    }
    BOOST_TEST(inOrder);
    BOOST_TEST(w.A().ch.NextNs() == uint16_t(n));
    BOOST_TEST(w.B().ch.ExpectedNr() == uint16_t(n));
    BOOST_TEST(w.A().ch.AllAcked());
    BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == 1u);
    BOOST_TEST(w.A().ch.GetCounters().Get("bad-nr") == 0u);
    BOOST_TEST(w.B().ch.GetCounters().Get("out-of-order") >= 2u);
    BOOST_TEST(w.A().giveUpAt.empty());
    // The retransmission of 65535 carried Ns 65535; the message after it carried Ns 0.
    bool sawWrap = false;
    for (size_t i = 1; i < w.log.size(); ++i)
    {
        if (w.log[i].from == 0 && !w.log[i].zlb && w.log[i].tag == 65536)
        {
            sawWrap = w.log[i].ns == 0;
        }
    }
    BOOST_TEST(sawWrap);
}

// RFC 2661 §6.5: a HELLO is sent after helloInterval without receiving anything; it goes through
// the reliable path (so it is acknowledged like any message) and the idle clock restarts.
BOOST_AUTO_TEST_CASE(rfc2661_s6_5_hello_after_idle)
{
    Wire w(Delayed(), NoHello()); // only A keeps alive
    w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
    w.RunUntil(200 * kSec);
    // A last heard B's ZLB at 120 ms: HELLOs at 60.12 s, then 60 s after each ZLB ack
    // (HELLO arrives +10 ms, ZLB after +100 ms, arrives +10 ms).
    std::vector<TxRecord> hellos;
    for (const auto& r : w.Sent(0, false))
    {
        if (r.type == L2tpMessageType::HELLO)
        {
            hellos.push_back(r);
        }
    }
    BOOST_REQUIRE_EQUAL(hellos.size(), 3u);
    BOOST_TEST(hellos[0].t == 60 * kSec + 120 * kMs);
    BOOST_TEST(hellos[1].t == 120 * kSec + 240 * kMs);
    BOOST_TEST(hellos[2].t == 180 * kSec + 360 * kMs);
    BOOST_TEST((hellos[0].ns == 1 && hellos[1].ns == 2 && hellos[2].ns == 3));
    BOOST_TEST(hellos[0].sessionId == 0); // §6.5 MUST
    BOOST_TEST(w.A().ch.GetCounters().Get("hello-tx") == 3u);
    BOOST_TEST(w.B().delivered.size() == 4u); // HELLOs reach the upper layer (which ignores them)
    BOOST_TEST(w.B().ch.GetCounters().Get("hello-tx") == 0u);
}

// RFC 2661 §6.5: "without receiving any message (data or control)": traffic keeps it quiet.
BOOST_AUTO_TEST_CASE(rfc2661_s6_5_no_hello_while_traffic_flows)
{
    {
        Wire w(Delayed(), NoHello());
        w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
        for (int k = 1; k <= 10; ++k) // a control message from B every 30 s
        {
            w.At(k * 30 * kSec,
                 [&]
                 {
                     w.B().ch.Send(Msg(L2tpMessageType::ICRQ, 1), w.now);
                 });
        }
        w.RunUntil(330 * kSec);
        BOOST_TEST(w.A().ch.GetCounters().Get("hello-tx") == 0u);
    }
    {
        Wire w(Delayed(), NoHello());
        w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
        for (int k = 1; k <= 10; ++k) // data messages only (NoteActivity) every 50 s
        {
            w.At(k * 50 * kSec,
                 [&]
                 {
                     w.A().ch.NoteActivity(w.now);
                 });
        }
        w.RunUntil(550 * kSec);
        BOOST_TEST(w.A().ch.GetCounters().Get("hello-tx") == 0u);
        w.RunUntil(700 * kSec); // traffic stopped at 500 s: HELLO at 560 s
        BOOST_TEST(w.A().ch.GetCounters().Get("hello-tx") == 3u); // 560, 620.12, 680.24
    }
    {
        L2tpControlChannelConfig off;
        off.helloInterval = 0; // disabled
        Wire w(off, NoHello());
        w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
        w.RunUntil(1000 * kSec);
        BOOST_TEST(w.A().ch.GetCounters().Get("hello-tx") == 0u);
        BOOST_TEST(w.A().ch.NextDeadline() == kNever);
    }
}

// RFC 2661 §6.5: "If a media interruption has occurred, the reliable transport will be unable
// to deliver the HELLO across, and will clean up the tunnel." Only one HELLO is outstanding.
BOOST_AUTO_TEST_CASE(rfc2661_s6_5_unanswered_hello_gives_up)
{
    for (unsigned maxRetries : {5u, 12u})
    {
        BOOST_TEST_CONTEXT("maxRetries " << maxRetries)
        {
            L2tpControlChannelConfig cfg;
            cfg.retransmit.maxRetries = maxRetries;
            Wire w(cfg, NoHello());
            w.hook = [&](const TxRecord& r)
            {
                Verdict v;
                v.drop = r.t > 1 * kSec; // the path dies after the first exchange
                return v;
            };
            w.A().ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
            w.RunUntil(400 * kSec);
            TimeNs first = 60 * kSec + 120 * kMs;
            BOOST_TEST(w.A().ch.GetCounters().Get("hello-tx") == 1u); // never a second one
            BOOST_REQUIRE_EQUAL(w.A().giveUpAt.size(), 1u);
            BOOST_TEST(w.A().giveUpAt[0] == first + cfg.retransmit.TotalTimeout());
            BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") == maxRetries);
        }
    }
}

// RFC 2661 §5.8: Nr is "the sequence number of the message the peer expects to receive next";
// an Nr beyond anything we sent is bogus: counted, ignored; a stale Nr is harmless.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_bad_nr_ignored_and_counted)
{
    RecordingSink s;
    L2tpControlChannel ch(NoHello(), &s);
    ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0); // Ns 0: only Nr 0 or 1 make sense
    ch.Receive(Peer(0, 5, false, 42), 1 * kMs);
    BOOST_TEST(ch.GetCounters().Get("bad-nr") == 1u);
    BOOST_TEST(!ch.AllAcked());
    BOOST_TEST(Tags(s.delivered) == std::vector<int64_t>({42})); // the rest is processed
    ch.Receive(Peer(0, 40000, true), 2 * kMs);
    BOOST_TEST(ch.GetCounters().Get("bad-nr") == 1u); // 40000 is "behind" 1: stale, not bad
    BOOST_TEST(!ch.AllAcked());
    ch.Receive(Peer(1, 0, true), 3 * kMs); // stale
    BOOST_TEST(!ch.AllAcked());
    ch.Receive(Peer(1, 1, true), 4 * kMs);
    BOOST_TEST(ch.AllAcked());
    ch.Receive(Peer(1, 2, true), 5 * kMs);
    BOOST_TEST(ch.GetCounters().Get("bad-nr") == 2u);
    BOOST_TEST(ch.NextNs() == 1);
}

// RFC 2661 §5.8 end to end: 30% loss both ways plus duplication and reordering, 500 messages in
// each direction, fixed seeds: every message is delivered exactly once and in order, and CWND never
// exceeds the peer's window (Appendix A).
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_random_loss_soak)
{
    for (uint32_t seed : {20240611u, 1u, 7u})
    {
        BOOST_TEST_CONTEXT("seed " << seed)
        {
            L2tpControlChannelConfig cfg;
            cfg.retransmit.maxRetries = 40; // §5.8 "SHOULD be configurable": no give-up here
            Wire w(cfg, cfg);
            w.A().ch.SetPeerReceiveWindow(8);
            w.B().ch.SetPeerReceiveWindow(4);
            std::mt19937 rng(seed); // raw mt19937 output is the same on every platform
            w.hook = [&](const TxRecord&)
            {
                Verdict v;
                v.drop = rng() % 100 < 30;
                v.duplicate = rng() % 100 < 5;
                v.extraDelay = static_cast<TimeNs>(rng() % 40) * kMs;
                return v;
            };
            bool cwndOk = true;
            w.onTransmit = [&](const TxRecord&)
            {
                cwndOk =
                    cwndOk && w.A().ch.CongestionWindow() <= 8 && w.B().ch.CongestionWindow() <= 4;
            };
            const uint32_t n = 500;
            for (uint32_t i = 0; i < n; ++i)
            {
                w.A().ch.Send(Msg(L2tpMessageType::ICRQ, i), 0);
                w.B().ch.Send(Msg(L2tpMessageType::ICRP, i), 0);
            }
            TimeNs t = 0;
            while (!(w.A().ch.AllAcked() && w.B().ch.AllAcked()) && t < 100000 * kSec)
            {
                t += 100 * kSec;
                w.RunUntil(t);
            }
            w.RunUntil(t + 100 * kSec); // let the last acks settle
            auto dataTags = [](const std::vector<L2tpControlMessage>& v)
            {
                std::vector<int64_t> out;
                for (const auto& m : v)
                {
                    if (m.Type() != L2tpMessageType::HELLO) // keepalives may interleave
                    {
                        out.push_back(TagOf(m));
                    }
                }
                return out;
            };
            BOOST_TEST(w.A().giveUpAt.empty());
            BOOST_TEST(w.B().giveUpAt.empty());
            BOOST_TEST(dataTags(w.B().delivered) == Range(n));
            BOOST_TEST(dataTags(w.A().delivered) == Range(n));
            BOOST_TEST(w.A().ch.AllAcked());
            BOOST_TEST(w.B().ch.AllAcked());
            BOOST_TEST(cwndOk);
            BOOST_TEST(w.A().ch.GetCounters().Get("retransmit") > 0u);
            BOOST_TEST(w.B().ch.GetCounters().Get("duplicate") > 0u);
            BOOST_TEST(w.B().ch.GetCounters().Get("out-of-order") > 0u);
            BOOST_TEST(w.A().ch.GetCounters().Get("bad-nr") == 0u);
            BOOST_TEST(w.B().ch.GetCounters().Get("bad-nr") == 0u);
            BOOST_TEST_MESSAGE("soak seed "
                               << seed << ": A retransmit "
                               << w.A().ch.GetCounters().Get("retransmit") << ", B retransmit "
                               << w.B().ch.GetCounters().Get("retransmit") << ", all acked by "
                               << t / kSec << " s");
        }
    }
}

// Shutdown (tunnel closed) stops every timer and drops the queues.
BOOST_AUTO_TEST_CASE(rfc2661_s5_8_shutdown_stops_everything)
{
    RecordingSink s;
    L2tpControlChannel ch(L2tpControlChannelConfig{}, &s);
    ch.Send(Msg(L2tpMessageType::SCCRQ, 0), 0);
    ch.Receive(Peer(0, 0, false, 1), 1); // schedules an ack
    BOOST_TEST(ch.NextDeadline() != kNever);
    ch.Shutdown();
    BOOST_TEST(ch.NextDeadline() == kNever);
    BOOST_TEST(ch.AllAcked());
    size_t sent = s.sent.size();
    ch.OnTimer(100 * kSec);
    ch.Send(Msg(L2tpMessageType::HELLO, 2), 100 * kSec);
    ch.Receive(Peer(1, 1, false, 3), 100 * kSec);
    BOOST_TEST(s.sent.size() == sent);
    BOOST_TEST(s.delivered.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
