/**
 * \file
 * \brief Test harness for the PPP control protocols: a recording Owner and a back-to-back wire
 * that connects two control protocols (client and server) and delivers packets in order.
 */
#ifndef L2TPLAB_TESTS_PPP_TEST_SUPPORT_H
#define L2TPLAB_TESTS_PPP_TEST_SUPPORT_H

#include "model/common/observables.h"
#include "model/ppp/ppp-cp.h"
#include "model/ppp/ppp-observables.h"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/** Printable in Boost.Test messages. */
inline std::ostream&
operator<<(std::ostream& o, PppCpState s)
{
    return o << ToString(s);
}

namespace ppptest
{

/** Records what a control protocol does: packets sent and the tl* signals, as a trace. */
class Recorder : public PppControlProtocol::Owner
{
public:
    std::vector<std::string> trace;         //!< "configure-request", "tlu", ...
    std::vector<PppCpPacket> sent;          //!< decoded packets sent
    std::vector<std::string> events;        //!< "kind:detail"
    std::vector<uint16_t> protocolRejected; //!< CpProtocolRejected arguments
    std::vector<uint32_t> echoReplies;      //!< CpEchoReply arguments
    int ups{0}, downs{0}, starts{0}, finishes{0};
    std::function<void(const Bytes&, TimeNs)> forward; //!< where sent packets go (optional)

    void
    CpSend(uint16_t, const Bytes& info, TimeNs now) override
    {
        PppCpPacket p;
        std::string why;
        if (DecodePppCpPacket(info, p, why))
        {
            sent.push_back(p);
            trace.push_back(PppCpCodeName(p.code));
        }
        if (forward)
        {
            forward(info, now);
        }
    }
    void
    CpThisLayerUp(uint16_t, TimeNs) override
    {
        ++ups;
        trace.push_back("tlu");
    }
    void
    CpThisLayerDown(uint16_t, TimeNs) override
    {
        ++downs;
        trace.push_back("tld");
    }
    void
    CpThisLayerStarted(uint16_t, TimeNs) override
    {
        ++starts;
        trace.push_back("tls");
    }
    void
    CpThisLayerFinished(uint16_t, TimeNs) override
    {
        ++finishes;
        trace.push_back("tlf");
    }
    void
    CpProtocolRejected(uint16_t p, TimeNs) override
    {
        protocolRejected.push_back(p);
    }
    void
    CpEchoReply(uint32_t magic, TimeNs) override
    {
        echoReplies.push_back(magic);
    }
    /** Every event a control protocol reports must be declared (ppp-observables.h). */
    void
    CpEvent(const std::string& kind, const std::string& detail, TimeNs) override
    {
        bool declared = false;
        for (const EventKindSpec& k : kPppCpEventKinds)
        {
            declared = declared || kind == k.kind;
        }
        BOOST_TEST(declared, "undeclared PPP event kind " << kind);
        events.push_back(kind + ":" + detail);
    }
    bool
    HasEvent(const std::string& kind) const
    {
        for (const std::string& e : events)
        {
            if (e.compare(0, kind.size() + 1, kind + ":") == 0)
            {
                return true;
            }
        }
        return false;
    }
    std::string
    Trace() const
    {
        std::string s;
        for (const std::string& t : trace)
        {
            s += (s.empty() ? "" : ",") + t;
        }
        return s;
    }
    /** The last packet sent with this code, or nullptr. */
    const PppCpPacket*
    Last(uint8_t code) const
    {
        for (auto it = sent.rbegin(); it != sent.rend(); ++it)
        {
            if (it->code == code)
            {
                return &*it;
            }
        }
        return nullptr;
    }
    size_t
    CountSent(uint8_t code) const
    {
        size_t n = 0;
        for (const PppCpPacket& p : sent)
        {
            n += p.code == code ? 1 : 0;
        }
        return n;
    }
};

/** Every counter of `cp` matches a declared name (ppp-observables.h kPppCpCounters). */
inline void
CheckCountersDeclared(const PppControlProtocol& cp)
{
    for (const auto& kv : cp.Counters())
    {
        bool declared = false;
        for (const CounterSpec& c : kPppCpCounters)
        {
            declared = declared || ObservablePatternMatches(c.name, kv.first);
        }
        BOOST_TEST(declared, "undeclared PPP counter " << kv.first);
    }
}

/** Two control protocols back to back: packets queue and are delivered by Run(). */
class BackToBack
{
public:
    struct Item
    {
        bool toB;   //!< direction
        Bytes info; //!< packet
    };
    Recorder a;             //!< owner of side A (client)
    Recorder b;             //!< owner of side B (server)
    std::deque<Item> queue; //!< in flight
    TimeNs now{0};          //!< clock
    int dropToB{0};         //!< drop this many next packets A -> B
    int dropToA{0};         //!< drop this many next packets B -> A
    PppControlProtocol* cpA{nullptr};
    PppControlProtocol* cpB{nullptr};

    BackToBack()
    {
        a.forward = [this](const Bytes& info, TimeNs)
        {
            queue.push_back({true, info});
        };
        b.forward = [this](const Bytes& info, TimeNs)
        {
            queue.push_back({false, info});
        };
    }
    void
    Attach(PppControlProtocol& x, PppControlProtocol& y)
    {
        cpA = &x;
        cpB = &y;
    }
    /** Deliver until quiet, firing timers up to `until`; returns the number of packets moved. */
    size_t
    Run(TimeNs until = 60 * kSec, size_t limit = 10000)
    {
        size_t moved = 0;
        while (moved < limit)
        {
            if (!queue.empty())
            {
                Item it = queue.front();
                queue.pop_front();
                ++moved;
                int& drop = it.toB ? dropToB : dropToA;
                if (drop > 0)
                {
                    --drop;
                    continue;
                }
                (it.toB ? cpB : cpA)->Input(it.info, now);
                continue;
            }
            const TimeNs next = std::min(cpA->NextDeadline(), cpB->NextDeadline());
            if (next == kNever || next > until)
            {
                break;
            }
            now = std::max(now, next);
            cpA->OnTimer(now);
            cpB->OnTimer(now);
        }
        return moved;
    }
    void
    OpenBoth()
    {
        cpA->Open(now);
        cpB->Open(now);
        cpA->Up(now);
        cpB->Up(now);
    }
};

/** Encode a control packet. */
inline Bytes
Packet(uint8_t code, uint8_t id, const Bytes& data)
{
    return EncodePppCpPacket(PppCpPacket{code, id, data});
}

/** Encode a Configure-* packet from options. */
inline Bytes
Configure(uint8_t code, uint8_t id, const std::vector<PppCpOption>& options)
{
    return Packet(code, id, EncodePppCpOptions(options));
}

} // namespace ppptest
} // namespace ns3

#endif
