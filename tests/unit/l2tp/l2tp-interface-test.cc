/**
 * \file
 * \brief Tests of the interface layer (L2tpInterfaceSet / L2tpInterface): the l2tp-client dial and
 * redial policy, session down → tunnel clear (RFC 2661 §4.4.2 StopCCN Result 1), the server's
 * dynamic interfaces, the monitor fields and the PPP link seam (RFC 1661 §4.1 Up/Down events).
 * Two nodes (endpoint + interface set each) on an in-memory wire with a virtual clock.
 */

#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-endpoint.h"
#include "model/l2tp/l2tp-interface.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint32_t kClientIp = 0x0a000001; //!< 10.0.0.1
constexpr uint32_t kServerIp = 0x0a000002; //!< 10.0.0.2
constexpr TimeNs kDelay = 1 * kMs;         //!< one-way wire delay
const L2tpPeer kServer{kServerIp, kL2tpPort};

class IfaceWire;

/** \brief A node: endpoint, interface set, and the wake-ups the set asked for. */
class IfaceNode : public L2tpEndpoint::Io, public L2tpInterfaceSet::Io
{
public:
    IfaceNode(IfaceWire* wire, uint32_t ip, const L2tpEndpointConfig& cfg)
        : m_wire(wire)
        , m_ip(ip)
        , ep(cfg, this, &log)
        , set(&ep, this, &log)
    {
    }

    void SendDatagram(uint16_t localPort, const L2tpPeer& to, const Bytes& datagram) override;

    uint16_t
    AllocateLocalPort() override
    {
        return 0;
    }

    void DeliverFrame(uint16_t t, uint16_t s, const Bytes& f) override;
    void SessionUp(uint16_t t, uint16_t s) override;
    void SessionDown(uint16_t t, uint16_t s) override;
    void TunnelDown(uint16_t t) override;

    void
    WakeAt(uint32_t id, TimeNs at) override
    {
        wakeLog.push_back({id, at});
        if (at == kNever)
        {
            wakes.erase(id);
        }
        else
        {
            wakes[id] = at;
        }
    }

    TimeNs
    NextWake() const
    {
        TimeNs t = kNever;
        for (const auto& kv : wakes)
        {
            t = std::min(t, kv.second);
        }
        return t;
    }

    void FireWakes(TimeNs now);

    size_t
    CountEvents(const std::string& kind) const
    {
        size_t n = 0;
        for (const LabEvent& e : log.Events())
        {
            n += e.kind == kind ? 1 : 0;
        }
        return n;
    }

    IfaceWire* m_wire;
    uint32_t m_ip;
    EventLog log;
    L2tpEndpoint ep;
    L2tpInterfaceSet set;
    std::map<uint32_t, TimeNs> wakes;                      //!< pending, by interface id
    std::vector<std::pair<uint32_t, TimeNs>> wakeLog;      //!< every WakeAt call
    std::vector<L2tpInterfaceStatus> clientStatusOnChange; //!< client 0 status after each input
};

/** \brief One datagram in flight. */
struct Datagram
{
    TimeNs at;
    L2tpPeer from;
    L2tpPeer to;
    Bytes data;
};

/** \brief Two nodes, FIFO delivery after kDelay, a virtual clock; `up` = false drops everything. */
class IfaceWire
{
public:
    explicit IfaceWire(TimeNs redial)
    {
        L2tpEndpointConfig c;
        c.hostName = "client";
        c.seed = 5;
        client = std::make_unique<IfaceNode>(this, kClientIp, c);
        L2tpEndpointConfig s;
        s.hostName = "server";
        s.acceptTunnels = true;
        s.seed = 6;
        server = std::make_unique<IfaceNode>(this, kServerIp, s);
        client->set.SetRedialInterval(redial);
    }

    void
    Send(const L2tpPeer& from, const L2tpPeer& to, const Bytes& data)
    {
        sent.push_back({now, from, to, data});
        if (up)
        {
            inFlight.push_back({now + kDelay, from, to, data});
        }
    }

    void
    RunUntil(TimeNs until)
    {
        for (;;)
        {
            TimeNs next = inFlight.empty() ? kNever : inFlight.front().at;
            for (IfaceNode* n : {client.get(), server.get()})
            {
                next = std::min({next, n->ep.NextDeadline(), n->NextWake()});
            }
            if (next == kNever || next > until)
            {
                break;
            }
            now = std::max(now, next);
            while (!inFlight.empty() && inFlight.front().at <= now)
            {
                Datagram d = inFlight.front();
                inFlight.erase(inFlight.begin());
                IfaceNode* n = d.to.ip == kClientIp ? client.get() : server.get();
                n->ep.OnDatagram(d.to.port, d.from, d.data.data(), d.data.size(), now);
            }
            for (IfaceNode* n : {client.get(), server.get()})
            {
                if (n->ep.NextDeadline() <= now)
                {
                    n->ep.OnTimer(now);
                }
                n->FireWakes(now);
            }
        }
        now = std::max(now, until);
    }

    void
    RunFor(TimeNs d)
    {
        RunUntil(now + d);
    }

    /** \brief Client "l2tp-out1" dials at 0, both sides start, 5 s later it is CONNECTED. */
    L2tpInterface&
    ConnectOne()
    {
        L2tpInterface& c = client->set.AddClient("l2tp-out1", kServer, 0);
        client->set.Start(0);
        server->set.Start(0);
        RunFor(5 * kSec);
        BOOST_REQUIRE(c.Status() == L2tpInterfaceStatus::CONNECTED);
        return c;
    }

    /** \brief Control message type of a sent datagram (ZLB = 0); -1 for data. */
    static int
    TypeOf(const Bytes& b)
    {
        L2tpHeader h;
        if (DecodeL2tpHeader(b.data(), b.size(), h) != L2tpDecodeError::NONE || !h.isControl)
        {
            return -1;
        }
        if (b.size() < h.headerSize + 8)
        {
            return 0;
        }
        return (b[h.headerSize + 6] << 8) | b[h.headerSize + 7];
    }

    /** \brief Send times of a control message type, from one node's address. */
    std::vector<TimeNs>
    SentAt(L2tpMessageType t, uint32_t fromIp) const
    {
        std::vector<TimeNs> out;
        for (const Datagram& d : sent)
        {
            if (d.from.ip == fromIp && TypeOf(d.data) == static_cast<int>(t))
            {
                out.push_back(d.at);
            }
        }
        return out;
    }

    TimeNs now{0};
    bool up{true};
    std::vector<Datagram> inFlight;
    std::vector<Datagram> sent;
    std::unique_ptr<IfaceNode> client;
    std::unique_ptr<IfaceNode> server;
};

void
IfaceNode::SendDatagram(uint16_t localPort, const L2tpPeer& to, const Bytes& datagram)
{
    m_wire->Send(L2tpPeer{m_ip, localPort}, to, datagram);
}

void
IfaceNode::DeliverFrame(uint16_t t, uint16_t s, const Bytes& f)
{
    set.OnFrame(t, s, f, m_wire->now);
}

void
IfaceNode::SessionUp(uint16_t t, uint16_t s)
{
    set.OnSessionUp(t, s, m_wire->now);
}

void
IfaceNode::SessionDown(uint16_t t, uint16_t s)
{
    set.OnSessionDown(t, s, m_wire->now);
}

void
IfaceNode::TunnelDown(uint16_t t)
{
    set.OnTunnelDown(t, m_wire->now);
}

void
IfaceNode::FireWakes(TimeNs now)
{
    std::vector<uint32_t> due;
    for (const auto& kv : wakes)
    {
        if (kv.second <= now)
        {
            due.push_back(kv.first);
        }
    }
    for (uint32_t id : due)
    {
        wakes.erase(id);
        set.OnWake(id, now);
    }
}

/** \brief A fake PPP link: records what the interface tells it, can send and hang up. */
class FakeLink : public L2tpInterfaceLink
{
public:
    FakeLink(L2tpInterface& i, std::vector<std::string>& journal)
        : iface(i)
        , calls(journal)
    {
    }

    ~FakeLink() override { calls.push_back("destroyed"); }

    void
    LowerUp(TimeNs now) override
    {
        calls.push_back("up@" + std::to_string(now / kMs));
    }

    void
    LowerDown(TimeNs now) override
    {
        calls.push_back("down@" + std::to_string(now / kMs));
    }

    void
    FrameIn(const Bytes& frame, TimeNs /*now*/) override
    {
        calls.push_back("frame:" + std::to_string(frame.back()));
    }

    TimeNs
    NextDeadline() const override
    {
        return timerAt;
    }

    void
    OnTimer(TimeNs now) override
    {
        timerAt = kNever;
        calls.push_back("timer@" + std::to_string(now / kMs));
    }

    void
    FillMonitor(L2tpInterfaceMonitor& m) const override
    {
        m.encoding = "none";
        m.mtu = 1450;
        m.mru = 1450;
        m.localAddress = 0x0a630001;
    }

    L2tpInterface& iface;
    std::vector<std::string>& calls; //!< outlives the link (a server-side link dies with its call)
    TimeNs timerAt{kNever};
};

/** \brief Links made by a factory, and a journal of calls per link (kept after it is gone). */
struct MadeLinks
{
    std::vector<FakeLink*> links;
    std::deque<std::vector<std::string>> journals;
};

/** \brief Link factory that records every link it made. */
L2tpInterfaceSet::LinkFactory
Recording(MadeLinks& made)
{
    return [&made](L2tpInterface& i)
    {
        made.journals.emplace_back();
        auto l = std::make_unique<FakeLink>(i, made.journals.back());
        made.links.push_back(l.get());
        return std::unique_ptr<L2tpInterfaceLink>(std::move(l));
    };
}

Bytes
PppFrame(uint8_t tag)
{
    return Bytes{0xff, 0x03, 0x00, 0x21, tag};
}

} // namespace

BOOST_AUTO_TEST_SUITE(L2tpInterfaceLayer)

BOOST_AUTO_TEST_CASE(status_and_kind_names)
{
    BOOST_TEST(std::string(ToString(L2tpInterfaceStatus::INITIALIZING)) == "initializing");
    BOOST_TEST(std::string(ToString(L2tpInterfaceStatus::DIALING)) == "dialing");
    BOOST_TEST(std::string(ToString(L2tpInterfaceStatus::CONNECTED)) == "connected");
    BOOST_TEST(std::string(ToString(L2tpInterfaceStatus::TERMINATING)) == "terminating");
    BOOST_TEST(std::string(ToString(L2tpInterfaceStatus::DISCONNECTED)) == "disconnected");
    BOOST_TEST(std::string(ToString(L2tpInterfaceKind::CLIENT)) == "client");
    BOOST_TEST(std::string(ToString(L2tpInterfaceKind::SERVER_DYNAMIC)) == "server-dynamic");
}

// RFC 2661 §5.1 / §5.2: the client dials (SCCRQ) at its start time and places one incoming call.
BOOST_AUTO_TEST_CASE(client_dials_at_its_start_time)
{
    IfaceWire w(0);
    L2tpInterface& c = w.client->set.AddClient("l2tp-out1", kServer, 5 * kMs);
    BOOST_TEST(c.Id() == 0u);
    w.client->set.Start(0);
    w.server->set.Start(0);
    BOOST_REQUIRE_EQUAL(w.client->wakeLog.size(), 1u);
    BOOST_TEST(w.client->wakeLog[0].second == 5 * kMs);
    BOOST_TEST(ToString(c.Status()) == std::string("initializing"));

    w.RunUntil(4 * kMs);
    BOOST_TEST(w.sent.empty());
    BOOST_TEST(c.TunnelId() == 0);

    w.RunFor(10 * kSec);
    std::vector<TimeNs> sccrq = w.SentAt(L2tpMessageType::SCCRQ, kClientIp);
    BOOST_REQUIRE_EQUAL(sccrq.size(), 1u);
    BOOST_TEST(sccrq[0] == 5 * kMs);
    BOOST_TEST(w.SentAt(L2tpMessageType::ICRQ, kClientIp).size() == 1u);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(c.TunnelId() != 0);
    BOOST_TEST(c.SessionId() != 0);
    BOOST_TEST(w.client->ep.TunnelState(c.TunnelId()) == "ESTABLISHED");
    BOOST_TEST(w.client->ep.SessionState(c.TunnelId(), c.SessionId()) == "ESTABLISHED");
    BOOST_TEST(c.Monitor(w.now).dials == 1u);
    BOOST_TEST(c.NextDeadline() == kNever);
    BOOST_TEST(w.client->set.Find("l2tp-out1") == &c);
    BOOST_TEST(w.client->set.Find("l2tp-out2") == nullptr);
}

// Several clients: first dials armed in AddClient order (the adapter's same-time event order).
BOOST_AUTO_TEST_CASE(clients_are_armed_in_add_order)
{
    IfaceWire w(0);
    for (int i = 0; i < 3; ++i)
    {
        w.client->set.AddClient("l2tp-out" + std::to_string(i + 1), kServer, (2 - i) * kMs);
    }
    w.client->set.Start(7 * kMs);
    BOOST_REQUIRE_EQUAL(w.client->wakeLog.size(), 3u);
    for (uint32_t i = 0; i < 3; ++i)
    {
        BOOST_TEST(w.client->wakeLog[i].first == i);
        BOOST_TEST(w.client->wakeLog[i].second == 7 * kMs + (2 - static_cast<TimeNs>(i)) * kMs);
    }
    std::vector<const L2tpInterface*> all = w.client->set.All();
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    BOOST_TEST(all[2]->Name() == "l2tp-out3");
}

// The tunnel dies (the server clears it, RFC 2661 §5.7): the client emits redial-scheduled and
// sends its next SCCRQ exactly one redial interval after it saw the tunnel go down.
BOOST_AUTO_TEST_CASE(redial_after_tunnel_down_with_the_configured_interval)
{
    IfaceWire w(10 * kSec);
    L2tpInterface& c = w.ConnectOne();
    uint16_t firstTunnel = c.TunnelId();
    std::vector<uint16_t> serverTunnels = w.server->ep.TunnelIds();
    BOOST_REQUIRE_EQUAL(serverTunnels.size(), 1u);

    w.server->ep.CloseTunnel(serverTunnels[0], 6, w.now); // StopCCN, Result 6 (§4.4.2)
    TimeNs stopSent = w.now;
    w.RunFor(1 * kSec);
    TimeNs downAt = stopSent + kDelay; // the client sees the StopCCN one delay later
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::DISCONNECTED);
    BOOST_TEST(c.NextDeadline() == downAt + 10 * kSec);
    BOOST_REQUIRE_EQUAL(w.client->CountEvents("redial-scheduled"), 1u);
    const LabEvent* redial = nullptr;
    const std::vector<LabEvent> events = w.client->log.Events(); // materialized: keep it alive
    for (const LabEvent& e : events)
    {
        redial = e.kind == "redial-scheduled" ? &e : redial;
    }
    BOOST_TEST(redial->object == "l2tp-client/l2tp-out1");
    BOOST_TEST(redial->time == downAt);
    BOOST_TEST(redial->Get("old-tunnel") == std::to_string(firstTunnel));
    BOOST_TEST(redial->Get("at") == std::to_string(static_cast<double>(downAt + 10 * kSec) / kSec));

    w.RunFor(20 * kSec);
    std::vector<TimeNs> sccrq = w.SentAt(L2tpMessageType::SCCRQ, kClientIp);
    BOOST_REQUIRE_EQUAL(sccrq.size(), 2u);
    BOOST_TEST(sccrq[1] == downAt + 10 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(c.TunnelId() != firstTunnel);
    BOOST_TEST(c.Monitor(w.now).dials == 2u);
}

// RouterOS dial-on-demand: "connects only when outbound traffic is generated". No SCCRQ at start;
// the link's Demand dials once (a second call while dialling is no-op); after the tunnel dies
// there is no redial until traffic asks again. A client without dial-on-demand ignores Demand.
BOOST_AUTO_TEST_CASE(dial_on_demand_dials_only_when_traffic_asks)
{
    IfaceWire w(3 * kSec);
    L2tpInterface& c = w.client->set.AddClient("l2tp-out1", kServer, 0, true);
    L2tpInterface& always = w.client->set.AddClient("l2tp-out2", kServer, 0);
    BOOST_TEST(c.OnDemand());
    BOOST_TEST(!always.OnDemand());
    BOOST_TEST(!c.Demand(0)); // not running yet
    w.client->set.Start(0);
    w.server->set.Start(0);
    w.RunFor(30 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::INITIALIZING);
    BOOST_TEST(c.Monitor(w.now).dials == 0u);
    BOOST_TEST(always.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(!always.Demand(w.now));
    BOOST_TEST(w.SentAt(L2tpMessageType::SCCRQ, kClientIp).size() == 1u); // l2tp-out2's

    const TimeNs asked = w.now;
    BOOST_TEST(c.Demand(asked));
    BOOST_TEST(!c.Demand(asked)); // a dial is pending already
    BOOST_TEST(w.client->CountEvents("demand-dial") == 1u);
    w.RunFor(5 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(!c.Demand(w.now)); // connected
    std::vector<TimeNs> sccrq = w.SentAt(L2tpMessageType::SCCRQ, kClientIp);
    BOOST_REQUIRE_EQUAL(sccrq.size(), 2u);
    BOOST_TEST(sccrq[1] == asked);

    // The server clears l2tp-out1's tunnel: no redial-scheduled, no SCCRQ, until traffic asks.
    w.server->ep.CloseTunnel(w.server->set.Find("<l2tp-2>")->TunnelId(), 6, w.now);
    w.RunFor(60 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::DISCONNECTED);
    BOOST_TEST(w.client->CountEvents("redial-scheduled") == 0u);
    BOOST_TEST(w.SentAt(L2tpMessageType::SCCRQ, kClientIp).size() == 2u);
    BOOST_TEST(c.Demand(w.now));
    w.RunFor(5 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(c.Monitor(w.now).dials == 2u);
    BOOST_TEST(w.client->CountEvents("demand-dial") == 2u);
    BOOST_TEST(always.Status() == L2tpInterfaceStatus::CONNECTED);
}

// RouterOS l2tp-server one-session-per-host: a second session from the same host address makes
// the server hang up the first (CDN Result Code 3, RFC 2661 §4.4.2). Off (the default), both
// stay.
BOOST_AUTO_TEST_CASE(one_session_per_host_replaces_the_older_session)
{
    for (bool on : {false, true})
    {
        IfaceWire w(0);
        w.server->set.SetOneSessionPerHost(on);
        L2tpInterface& first = w.client->set.AddClient("l2tp-out1", kServer, 0);
        L2tpInterface& second = w.client->set.AddClient("l2tp-out2", kServer, 10 * kSec);
        w.client->set.Start(0);
        w.server->set.Start(0);
        w.RunFor(5 * kSec);
        BOOST_REQUIRE(first.Status() == L2tpInterfaceStatus::CONNECTED);
        BOOST_TEST(w.server->CountEvents("one-session-per-host") == 0u);
        w.RunFor(20 * kSec);
        BOOST_TEST(second.Status() == L2tpInterfaceStatus::CONNECTED);
        BOOST_TEST((first.Status() == L2tpInterfaceStatus::CONNECTED) == !on, "on=" << on);
        BOOST_TEST(w.server->CountEvents("one-session-per-host") == (on ? 1u : 0u));
        BOOST_TEST((w.server->set.Find("<l2tp-1>") == nullptr) == on);
        BOOST_TEST(w.server->set.Find("<l2tp-2>") != nullptr);
        if (on)
        {
            std::vector<TimeNs> cdn = w.SentAt(L2tpMessageType::CDN, kServerIp);
            BOOST_REQUIRE_EQUAL(cdn.size(), 1u);
            const std::vector<LabEvent> events = w.server->log.Events();
            for (const LabEvent& e : events)
            {
                if (e.kind == "one-session-per-host")
                {
                    BOOST_TEST(e.Get("host") == "10.0.0.1");
                    BOOST_TEST(e.Get("closed") == "<l2tp-1>");
                    BOOST_TEST(e.time <= cdn[0]);
                }
            }
        }
    }
}

// redial-interval 0 (RouterOS "disabled" in our schema): a dead tunnel stays dead.
BOOST_AUTO_TEST_CASE(no_redial_when_the_interval_is_zero)
{
    IfaceWire w(0);
    L2tpInterface& c = w.ConnectOne();
    w.server->ep.CloseTunnel(w.server->ep.TunnelIds()[0], 6, w.now);
    w.RunFor(120 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::DISCONNECTED);
    BOOST_TEST(c.NextDeadline() == kNever);
    BOOST_TEST(w.client->wakes.empty());
    BOOST_TEST(w.client->CountEvents("redial-scheduled") == 0u);
    BOOST_TEST(w.SentAt(L2tpMessageType::SCCRQ, kClientIp).size() == 1u);
    BOOST_TEST(c.Monitor(w.now).dials == 1u);
}

// The call is cleared (CDN from the server) while the tunnel lives: a client interface is one
// tunnel with one call, so it clears the tunnel with StopCCN Result Code 1 ("general request to
// clear control connection", RFC 2661 §4.4.2), at the same time, and then redials.
BOOST_AUTO_TEST_CASE(session_down_clears_the_tunnel_with_result_1)
{
    IfaceWire w(3 * kSec);
    L2tpInterface& c = w.ConnectOne();
    const L2tpInterface* s = w.server->set.Find("<l2tp-1>");
    BOOST_REQUIRE(s);
    w.server->ep.CloseSession(s->TunnelId(), s->SessionId(), 3, w.now); // CDN Result 3
    TimeNs cdnSent = w.now;
    w.RunFor(kDelay / 2);
    BOOST_TEST(w.SentAt(L2tpMessageType::STOPCCN, kClientIp).empty());
    w.RunFor(kDelay / 2);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::DISCONNECTED);
    std::vector<TimeNs> stop = w.SentAt(L2tpMessageType::STOPCCN, kClientIp);
    BOOST_REQUIRE_EQUAL(stop.size(), 1u);
    BOOST_TEST(stop[0] == cdnSent + kDelay);
    L2tpControlMessage m;
    for (const Datagram& d : w.sent)
    {
        if (d.from.ip == kClientIp && IfaceWire::TypeOf(d.data) == 4)
        {
            BOOST_REQUIRE(DecodeL2tpControl(d.data.data(), d.data.size(), "", m) ==
                          L2tpDecodeError::NONE);
        }
    }
    Bytes rc;
    BOOST_REQUIRE(m.GetBytes(L2tpAvpType::RESULT_CODE, rc));
    BOOST_REQUIRE(rc.size() >= 2u);
    BOOST_TEST(((rc[0] << 8) | rc[1]) == 1);
    BOOST_TEST(w.client->CountEvents("redial-scheduled") == 1u);
    w.RunFor(10 * kSec);
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::CONNECTED);
}

// Monitor: status transitions as RouterOS shows them, uptime from the moment the session came up,
// idle-time reset by frames in either direction.
BOOST_AUTO_TEST_CASE(monitor_uptime_idle_time_and_status_transitions)
{
    IfaceWire w(2 * kSec);
    L2tpInterface& c = w.client->set.AddClient("l2tp-out1", kServer, 0);
    std::vector<std::string> seen{ToString(c.Status())};
    auto note = [&]()
    {
        if (seen.back() != ToString(c.Status()))
        {
            seen.push_back(ToString(c.Status()));
        }
    };
    w.client->set.Start(0);
    w.server->set.Start(0);
    for (int i = 0; i < 100; ++i)
    {
        w.RunFor(kMs / 2);
        note();
    }
    BOOST_REQUIRE(c.Status() == L2tpInterfaceStatus::CONNECTED);
    TimeNs upAt = w.now - c.Monitor(w.now).uptime;
    BOOST_TEST(upAt > 0);
    BOOST_TEST(upAt == w.now - 10 * kMs - c.Monitor(w.now - 10 * kMs).uptime);
    w.RunFor(3 * kSec);
    L2tpInterfaceMonitor m = c.Monitor(w.now);
    BOOST_TEST(m.status == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(m.uptime == w.now - upAt);
    BOOST_TEST(m.idleTime == m.uptime);
    BOOST_TEST(m.tunnelId == c.TunnelId());
    BOOST_TEST(m.sessionId == c.SessionId());
    BOOST_TEST(m.encoding.empty()); // no link attached: nothing negotiated
    BOOST_TEST(m.mtu == 0u);

    BOOST_REQUIRE(c.Link() == nullptr);
    BOOST_TEST(c.SendFrame(PppFrame(1), w.now));
    TimeNs sentAt = w.now;
    w.RunFor(2 * kSec);
    m = c.Monitor(w.now);
    BOOST_TEST(m.framesOut == 1u);
    BOOST_TEST(m.idleTime == w.now - sentAt);
    BOOST_TEST(m.uptime == w.now - upAt);
    const L2tpInterface* s = w.server->set.Find("<l2tp-1>");
    BOOST_REQUIRE(s);
    BOOST_TEST(s->Monitor(w.now).framesIn == 1u);
    BOOST_TEST(s->Monitor(w.now).idleTime == w.now - sentAt - kDelay);

    w.server->ep.CloseTunnel(s->TunnelId(), 6, w.now);
    for (int i = 0; i < 8000; ++i)
    {
        w.RunFor(kMs / 2);
        note();
    }
    BOOST_TEST(c.Monitor(w.now).uptime < 2 * kSec); // a new connection: uptime restarted
    std::vector<std::string> want{"initializing", "dialing", "connected",
                                  "disconnected", "dialing", "connected"};
    BOOST_TEST(seen == want, boost::test_tools::per_element());
}

// The PPP seam (RFC 1661 §4.1): the link sees Up when the session is ESTABLISHED, the frames in
// order, Down when the session goes; its timer is folded into the interface's wake-up; its frames
// reach the other side's link; Hangup clears the call with a CDN (RFC 2661 §6.12).
BOOST_AUTO_TEST_CASE(link_seam_sees_up_frames_down_in_order)
{
    MadeLinks clientLinks; // outlive the wire (links write to their journal when destroyed)
    MadeLinks serverLinks;
    IfaceWire w(0);
    w.client->set.SetLinkFactory(Recording(clientLinks));
    w.server->set.SetLinkFactory(Recording(serverLinks));
    L2tpInterface& c = w.client->set.AddClient("l2tp-out1", kServer, 0);
    BOOST_REQUIRE_EQUAL(clientLinks.links.size(), 1u);
    BOOST_TEST(c.Link() == clientLinks.links[0]);
    w.client->set.Start(0);
    w.server->set.Start(0);
    w.RunFor(5 * kSec);
    BOOST_REQUIRE_EQUAL(serverLinks.links.size(), 1u);
    FakeLink& cl = *clientLinks.links[0];
    FakeLink& sl = *serverLinks.links[0];
    const std::vector<std::string>& serverCalls = serverLinks.journals[0];
    BOOST_REQUIRE_EQUAL(cl.calls.size(), 1u);
    BOOST_TEST(cl.calls[0].rfind("up@", 0) == 0u);
    BOOST_REQUIRE_EQUAL(sl.calls.size(), 1u);
    BOOST_TEST(sl.calls[0].rfind("up@", 0) == 0u);

    for (uint8_t tag = 1; tag <= 3; ++tag)
    {
        BOOST_TEST(cl.iface.SendFrame(PppFrame(tag), w.now));
    }
    w.RunFor(10 * kMs);
    std::vector<std::string> want{sl.calls[0], "frame:1", "frame:2", "frame:3"};
    BOOST_TEST(sl.calls == want, boost::test_tools::per_element());
    BOOST_TEST(sl.iface.SendFrame(PppFrame(9), w.now));
    w.RunFor(10 * kMs);
    BOOST_TEST(cl.calls.back() == "frame:9");

    // A link timer becomes the interface's wake-up, and fires at its time.
    cl.timerAt = w.now + 250 * kMs;
    c.Resync();
    BOOST_TEST(w.client->wakes.at(c.Id()) == cl.timerAt);
    TimeNs due = cl.timerAt;
    w.RunFor(1 * kSec);
    BOOST_TEST(cl.calls.back() == "timer@" + std::to_string(due / kMs));
    BOOST_TEST(w.client->wakes.count(c.Id()) == 0u);

    // Monitor fields come from the link.
    L2tpInterfaceMonitor m = c.Monitor(w.now);
    BOOST_TEST(m.encoding == "none");
    BOOST_TEST(m.mtu == 1450u);
    BOOST_TEST(m.mru == 1450u);
    BOOST_TEST(m.localAddress == 0x0a630001u);

    // The server's link hangs up: one CDN at once, both links see Down.
    sl.iface.Hangup(3, w.now);
    TimeNs hangAt = w.now;
    w.RunFor(1 * kSec);
    std::vector<TimeNs> cdn = w.SentAt(L2tpMessageType::CDN, kServerIp);
    BOOST_REQUIRE_EQUAL(cdn.size(), 1u);
    BOOST_TEST(cdn[0] == hangAt);
    // The server's dynamic interface is gone, and its link with it (after Down).
    BOOST_REQUIRE(serverCalls.size() >= 2u);
    BOOST_TEST(serverCalls[serverCalls.size() - 2] == "down@" + std::to_string(hangAt / kMs));
    BOOST_TEST(serverCalls.back() == "destroyed");
    BOOST_TEST(w.server->set.Size() == 0u);
    BOOST_TEST(cl.calls.back() == "down@" + std::to_string((hangAt + kDelay) / kMs));
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::DISCONNECTED);
    BOOST_TEST(!c.SendFrame(PppFrame(4), w.now));
}

// Server side: one dynamic interface per established incoming session, "<l2tp-N>" in order of
// establishment, removed with its session; a number is never reused.
BOOST_AUTO_TEST_CASE(server_dynamic_interfaces_are_created_and_removed)
{
    IfaceWire w(1 * kSec);
    L2tpInterface& a = w.client->set.AddClient("l2tp-out1", kServer, 0);
    L2tpInterface& b = w.client->set.AddClient("l2tp-out2", kServer, 100 * kMs);
    w.client->set.Start(0);
    w.server->set.Start(0);
    w.RunFor(50 * kMs);
    BOOST_REQUIRE(a.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(w.server->set.Size() == 1u);
    const L2tpInterface* s1 = w.server->set.Find("<l2tp-1>");
    BOOST_REQUIRE(s1);
    BOOST_TEST(s1->Kind() == L2tpInterfaceKind::SERVER_DYNAMIC);
    BOOST_TEST(s1->Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(w.server->ep.SessionState(s1->TunnelId(), s1->SessionId()) == "ESTABLISHED");
    uint16_t firstServerTunnel = s1->TunnelId();
    w.RunFor(1 * kSec);
    BOOST_REQUIRE(b.Status() == L2tpInterfaceStatus::CONNECTED);
    const L2tpInterface* s2 = w.server->set.Find("<l2tp-2>");
    BOOST_REQUIRE(s2);
    BOOST_TEST(s2->TunnelId() != firstServerTunnel);
    std::vector<const L2tpInterface*> all = w.server->set.All();
    BOOST_REQUIRE_EQUAL(all.size(), 2u);
    BOOST_TEST(all[0] == s1);
    BOOST_TEST(w.server->wakeLog.empty()); // server interfaces have nothing to wake up for
    BOOST_TEST(w.server->CountEvents("redial-scheduled") == 0u);

    // The first client's call is cleared: its server interface goes, the other one stays.
    w.client->ep.CloseSession(a.TunnelId(), a.SessionId(), 3, w.now);
    w.RunFor(100 * kMs);
    BOOST_TEST(w.server->set.Find("<l2tp-1>") == nullptr);
    BOOST_TEST(w.server->set.Find("<l2tp-2>") != nullptr);
    BOOST_TEST(w.server->set.Size() == 1u);

    // It redials (1 s): a new number, not the freed one.
    w.RunFor(5 * kSec);
    BOOST_REQUIRE(a.Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(w.server->set.Find("<l2tp-1>") == nullptr);
    const L2tpInterface* s3 = w.server->set.Find("<l2tp-3>");
    BOOST_REQUIRE(s3);
    BOOST_TEST(s3->Status() == L2tpInterfaceStatus::CONNECTED);
    BOOST_TEST(w.server->set.Size() == 2u);
}

// Stop: pending dials are cancelled and nothing dials afterwards.
BOOST_AUTO_TEST_CASE(stop_cancels_pending_dials)
{
    IfaceWire w(1 * kSec);
    L2tpInterface& c = w.client->set.AddClient("l2tp-out1", kServer, 2 * kSec);
    w.client->set.Start(0);
    w.RunFor(1 * kSec);
    w.client->set.Stop();
    BOOST_TEST(w.client->wakes.empty());
    BOOST_REQUIRE(!w.client->wakeLog.empty());
    BOOST_TEST(w.client->wakeLog.back().second == kNever);
    w.client->set.OnWake(c.Id(), 2 * kSec); // a stale timer firing anyway does nothing
    w.RunFor(10 * kSec);
    BOOST_TEST(w.sent.empty());
    BOOST_TEST(c.Status() == L2tpInterfaceStatus::INITIALIZING);
}

// A concentrating LAC packs calls to one LNS into tunnels of at most N calls (RFC 2661 §3.1: the
// LNS has 16-bit tunnel ids, so 100,000 callers need shared tunnels). 5 clients, 2 per tunnel: 3
// SCCRQs, 5 ICRQs, every call ESTABLISHED in its tunnel. When one call of a shared tunnel is
// cleared the tunnel stays up for the other (no StopCCN); the last call clears it (Result 1).
BOOST_AUTO_TEST_CASE(calls_per_tunnel_packs_clients_into_shared_tunnels)
{
    IfaceWire w(0);
    w.client->set.SetCallsPerTunnel(2);
    std::vector<L2tpInterface*> c;
    for (int i = 0; i < 5; ++i)
    {
        c.push_back(&w.client->set.AddClient("l2tp-out" + std::to_string(i + 1), kServer, 0));
    }
    w.client->set.Start(0);
    w.server->set.Start(0);
    w.RunFor(10 * kSec);
    BOOST_TEST(w.SentAt(L2tpMessageType::SCCRQ, kClientIp).size() == 3u);
    BOOST_TEST(w.SentAt(L2tpMessageType::ICRQ, kClientIp).size() == 5u);
    BOOST_TEST(c[0]->TunnelId() == c[1]->TunnelId());
    BOOST_TEST(c[2]->TunnelId() == c[3]->TunnelId());
    BOOST_TEST(c[1]->TunnelId() != c[2]->TunnelId());
    BOOST_TEST(c[4]->TunnelId() != c[3]->TunnelId());
    for (const L2tpInterface* i : c)
    {
        BOOST_TEST(i->Status() == L2tpInterfaceStatus::CONNECTED);
    }
    BOOST_TEST(w.server->ep.TunnelCount(true) == 3u);
    BOOST_TEST(w.server->ep.SessionCount(true) == 5u);

    // The server clears the first call of the first tunnel: the tunnel lives on for the second.
    uint16_t shared = c[0]->TunnelId();
    const L2tpInterface* s0 = nullptr;
    for (const L2tpInterface* i : w.server->set.All())
    {
        s0 = s0 == nullptr && i->Kind() == L2tpInterfaceKind::SERVER_DYNAMIC ? i : s0;
    }
    BOOST_REQUIRE(s0);
    const uint16_t serverTunnel = s0->TunnelId(); // s0 is freed with its session
    w.server->ep.CloseSession(s0->TunnelId(), s0->SessionId(), 3, w.now);
    w.RunFor(2 * kSec);
    BOOST_TEST(w.SentAt(L2tpMessageType::STOPCCN, kClientIp).empty());
    BOOST_TEST(w.client->ep.TunnelState(shared) == "ESTABLISHED");
    BOOST_TEST((c[0]->Status() == L2tpInterfaceStatus::CONNECTED) !=
               (c[1]->Status() == L2tpInterfaceStatus::CONNECTED));
    L2tpInterface* last = c[0]->Status() == L2tpInterfaceStatus::CONNECTED ? c[0] : c[1];

    // The last call of the tunnel is cleared: now the client clears the tunnel.
    s0 = nullptr;
    for (const L2tpInterface* i : w.server->set.All())
    {
        if (i->Kind() == L2tpInterfaceKind::SERVER_DYNAMIC && i->TunnelId() == serverTunnel)
        {
            s0 = i;
        }
    }
    BOOST_REQUIRE(s0);
    w.server->ep.CloseSession(s0->TunnelId(), s0->SessionId(), 3, w.now);
    w.RunFor(2 * kSec);
    BOOST_TEST(w.SentAt(L2tpMessageType::STOPCCN, kClientIp).size() == 1u);
    BOOST_TEST(last->Status() == L2tpInterfaceStatus::DISCONNECTED);
    BOOST_TEST(c[2]->Status() == L2tpInterfaceStatus::CONNECTED);
}

BOOST_AUTO_TEST_SUITE_END()
