/**
 * \file
 * \brief A tiny real-socket carrier for the L2TP endpoint and the PPP link (both sans-IO): one UDP
 * socket on port 1701, wall-clock timers, events printed as JSON lines. As a LAC it opens a
 * tunnel to --remote, places one incoming call and runs PPP as a RouterOS l2tp-client would
 * (LCP, authentication, IPCP); once IPCP is up it pings the peer's PPP address (or --ping) through
 * the session with hand-built ICMP echoes. As an LNS (--lns) it accepts a real LAC's tunnel and
 * session. tests/live/l2tp-interop-live.sh runs it against xl2tpd and l2tpns in network
 * namespaces.
 *
 *   l2tp-interop-probe --local A --remote B [--lns] [--user U] [--password P]
 *                      [--allow pap,chap,mschap1,mschap2] [--secret S] [--hostname H]
 *                      [--until session-up|ipcp-up|ping-reply|tunnel-up] [--ping ADDR]
 *                      [--seconds N] [--linger N]
 *
 * Exit 0 when the awaited milestone was reached (then it stays N more seconds, --linger, default
 * 1, and closes the tunnel with StopCCN), 1 when not within --seconds (default 20), 2 on bad usage
 * or a socket error. The last line is a summary: {"probe":"summary", ...} with the milestones.
 */
#include "model/l2tp/l2tp-endpoint.h"
#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-link.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

/** \brief Command line. */
struct Options
{
    std::string local;                //!< our address (bound, port 1701)
    std::string remote;               //!< the LNS (LAC role) or the expected LAC (LNS role)
    bool lns{false};                  //!< accept tunnels instead of dialling
    std::string user{"l2tpuser"};     //!< PPP user
    std::string password{"l2tppass"}; //!< PPP password
    std::string allow{"pap,chap,mschap1,mschap2"}; //!< RouterOS `allow`
    std::string secret;                            //!< tunnel secret (RFC 2661 §5.1.1)
    std::string hostname{"l2tplab"};               //!< Host Name AVP
    std::string until{"ping-reply"};               //!< milestone awaited
    std::string ping; //!< ping target (default: the peer's PPP address)
    int seconds{20};  //!< overall timeout
    int linger{1};    //!< seconds kept after the milestone
};

uint32_t
ParseIp(const std::string& s)
{
    in_addr a{};
    if (inet_pton(AF_INET, s.c_str(), &a) != 1)
    {
        return 0;
    }
    return ntohl(a.s_addr);
}

std::string
IpString(uint32_t ip)
{
    in_addr a{};
    a.s_addr = htonl(ip);
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, buf, sizeof(buf));
    return buf;
}

/** \brief Internet checksum (RFC 1071) over data. */
uint16_t
InetChecksum(const uint8_t* data, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        sum += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
    }
    if (n % 2 != 0)
    {
        sum += static_cast<uint32_t>(data[n - 1] << 8);
    }
    while (sum >> 16 != 0)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

void
Put16(Bytes& b, size_t at, uint16_t v)
{
    b[at] = static_cast<uint8_t>(v >> 8);
    b[at + 1] = static_cast<uint8_t>(v);
}

void
Put32(Bytes& b, size_t at, uint32_t v)
{
    Put16(b, at, static_cast<uint16_t>(v >> 16));
    Put16(b, at + 2, static_cast<uint16_t>(v));
}

/** \brief An IPv4 ICMP Echo Request (RFC 792), 56 octets of payload, DF clear, TTL 64. */
Bytes
EchoRequest(uint32_t src, uint32_t dst, uint16_t id, uint16_t seq)
{
    Bytes p(20 + 8 + 56, 0);
    p[0] = 0x45;
    Put16(p, 2, static_cast<uint16_t>(p.size()));
    Put16(p, 4, seq);
    p[8] = 64;
    p[9] = 1; // ICMP
    Put32(p, 12, src);
    Put32(p, 16, dst);
    Put16(p, 10, InetChecksum(p.data(), 20));
    p[20] = 8; // Echo
    Put16(p, 24, id);
    Put16(p, 26, seq);
    for (size_t i = 28; i < p.size(); ++i)
    {
        p[i] = static_cast<uint8_t>(i);
    }
    Put16(p, 22, InetChecksum(p.data() + 20, p.size() - 20));
    return p;
}

/** \brief True if dg is an ICMP Echo Reply with this identifier (header checksums checked). */
bool
IsEchoReply(const Bytes& dg, uint16_t id, uint16_t& seq)
{
    if (dg.size() < 28 || (dg[0] >> 4) != 4 || dg[9] != 1)
    {
        return false;
    }
    size_t ihl = (dg[0] & 0x0f) * 4u;
    if (ihl < 20 || dg.size() < ihl + 8 || InetChecksum(dg.data(), ihl) != 0 ||
        InetChecksum(dg.data() + ihl, dg.size() - ihl) != 0)
    {
        return false;
    }
    seq = static_cast<uint16_t>(dg[ihl + 6] << 8 | dg[ihl + 7]);
    return dg[ihl] == 0 && static_cast<uint16_t>(dg[ihl + 4] << 8 | dg[ihl + 5]) == id;
}

/** \brief JSON string literal (the fields are ASCII protocol words and addresses). */
std::string
Quote(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    return out + "\"";
}

/** \brief The probe: endpoint I/O, the PPP link's owner, the milestones. */
class Probe : public L2tpEndpoint::Io, public PppLink::Owner, public EventSink
{
public:
    Probe(const Options& o, int fd)
        : m_opt(o)
        , m_fd(fd)
    {
    }

    void
    Start(L2tpEndpoint& ep, TimeNs now)
    {
        m_ep = &ep;
        if (!m_opt.lns)
        {
            m_tunnel = ep.OpenTunnel(L2tpPeer{ParseIp(m_opt.remote), 1701}, now);
            m_session = ep.PlaceCall(m_tunnel, L2tpCallKind::INCOMING, now);
        }
    }

    // ---- L2tpEndpoint::Io
    void
    SendDatagram(uint16_t /*localPort*/, const L2tpPeer& to, const Bytes& datagram) override
    {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(to.port);
        sa.sin_addr.s_addr = htonl(to.ip);
        sendto(m_fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&sa),
               sizeof(sa));
    }

    uint16_t
    AllocateLocalPort() override
    {
        return 0;
    }

    void
    DeliverFrame(uint16_t tunnelId, uint16_t sessionId, const Bytes& frame) override
    {
        if (m_link && tunnelId == m_tunnel && sessionId == m_session)
        {
            m_link->FrameIn(frame, m_now);
        }
    }

    void
    SessionUp(uint16_t tunnelId, uint16_t sessionId) override
    {
        m_tunnel = tunnelId;
        m_session = sessionId;
        Milestone("session-up");
        if (m_opt.lns)
        {
            return; // as LNS the probe proves the L2TP exchange only (no PPP server here)
        }
        PppLinkConfig c;
        c.role = PppLinkRole::CLIENT;
        c.user = m_opt.user;
        c.password = m_opt.password;
        c.ipcp.requestDns = true;
        c.seed = 0x11fe;
        c.lcp.magicSeed = 0x5eed;
        std::stringstream allow(m_opt.allow);
        for (std::string w; std::getline(allow, w, ',');)
        {
            PppAuthMethod m{};
            if (ParsePppAuthMethod(w, m))
            {
                c.lcp.authAccept.push_back(m);
            }
        }
        m_link = std::make_unique<PppLink>(c, *this);
        m_link->LowerUp(m_now);
    }

    void
    SessionDown(uint16_t tunnelId, uint16_t sessionId) override
    {
        if (tunnelId == m_tunnel && sessionId == m_session && m_link)
        {
            m_link->LowerDown(m_now);
        }
    }

    void
    TunnelDown(uint16_t /*tunnelId*/) override
    {
        m_tunnelDown = true;
    }

    // ---- PppLink::Owner
    void
    PppSendFrame(const Bytes& frame, TimeNs now) override
    {
        m_ep->SendFrame(m_tunnel, m_session, frame, now);
    }

    void
    PppHangup(PppHangupReason reason, TimeNs now) override
    {
        std::cout << "{\"probe\":\"ppp-hangup\",\"reason\":" << Quote(ToString(reason)) << "}"
                  << std::endl;
        m_ep->CloseSession(m_tunnel, m_session, 3, now); // §4.4.2 CDN result 3: administrative
    }

    void
    PppNetworkUp(const PppIpcpResult& r, TimeNs now) override
    {
        m_local = r.local;
        m_target = m_opt.ping.empty() ? r.peer : ParseIp(m_opt.ping);
        std::cout << "{\"probe\":\"ipcp-up\",\"local\":" << Quote(IpString(r.local))
                  << ",\"peer\":" << Quote(IpString(r.peer))
                  << ",\"dns1\":" << Quote(IpString(r.dns1)) << "}" << std::endl;
        Milestone("ipcp-up");
        SendPing(now);
    }

    void
    PppDatagramIn(uint16_t protocol, const Bytes& dg, TimeNs /*now*/) override
    {
        uint16_t seq = 0;
        if (protocol == kPppIpv4 && IsEchoReply(dg, kPingId, seq))
        {
            std::cout << "{\"probe\":\"ping-reply\",\"from\":"
                      << Quote(IpString(static_cast<uint32_t>(dg[12] << 24 | dg[13] << 16 |
                                                              dg[14] << 8 | dg[15])))
                      << ",\"seq\":" << seq << "}" << std::endl;
            Milestone("ping-reply");
        }
    }

    void
    PppEvent(const std::string& sub,
             const std::string& kind,
             const std::vector<std::pair<std::string, std::string>>& fields,
             TimeNs /*now*/) override
    {
        std::cout << "{\"probe\":\"ppp\",\"sub\":" << Quote(sub) << ",\"kind\":" << Quote(kind);
        for (const auto& f : fields)
        {
            std::cout << "," << Quote(f.first) << ":" << Quote(f.second);
        }
        std::cout << "}" << std::endl;
    }

    // ---- EventSink (L2TP events)
    void
    Emit(const LabEvent& e) override
    {
        std::cout << EventToJson(e) << std::endl;
        if (e.kind == "established" && e.object.find("/session/") == std::string::npos)
        {
            Milestone("tunnel-up");
        }
    }

    // ---- loop
    void
    Tick(TimeNs now)
    {
        m_now = now;
        m_ep->OnTimer(now);
        if (m_link)
        {
            m_link->OnTimer(now);
        }
        if (m_local != 0 && !Reached("ping-reply") && now >= m_nextPing)
        {
            SendPing(now);
        }
    }

    TimeNs
    NextDeadline() const
    {
        TimeNs t = m_ep->NextDeadline();
        if (m_link)
        {
            t = std::min(t, m_link->NextDeadline());
        }
        if (m_local != 0 && !Reached("ping-reply"))
        {
            t = std::min(t, m_nextPing);
        }
        return t;
    }

    void
    SetNow(TimeNs now)
    {
        m_now = now;
    }

    bool
    Reached(const std::string& m) const
    {
        return m_milestones.find("," + m + ",") != std::string::npos;
    }

    void
    Close(TimeNs now)
    {
        if (m_link)
        {
            m_link->Close(now, "probe done");
        }
        if (m_tunnel != 0)
        {
            m_ep->CloseTunnel(m_tunnel, 1, now); // §4.4.2 StopCCN result 1: general clear
        }
    }

    void
    Summary() const
    {
        std::cout << "{\"probe\":\"summary\",\"milestones\":" << Quote(m_milestones)
                  << ",\"pings-sent\":" << m_pingsSent << "}" << std::endl;
    }

    bool
    TunnelGone() const
    {
        return m_tunnelDown;
    }

private:
    static constexpr uint16_t kPingId = 0x2c1f;

    void
    Milestone(const std::string& m)
    {
        if (!Reached(m))
        {
            m_milestones += (m_milestones.empty() ? "," : "") + m + ",";
        }
    }

    void
    SendPing(TimeNs now)
    {
        if (!m_link || m_local == 0 || m_target == 0)
        {
            return;
        }
        ++m_pingsSent;
        m_link->SendDatagram(kPppIpv4, EchoRequest(m_local, m_target, kPingId, m_pingsSent), now);
        m_nextPing = now + kSec;
    }

    Options m_opt;
    int m_fd;
    L2tpEndpoint* m_ep{nullptr};
    std::unique_ptr<PppLink> m_link;
    uint16_t m_tunnel{0};
    uint16_t m_session{0};
    uint32_t m_local{0};
    uint32_t m_target{0};
    uint16_t m_pingsSent{0};
    TimeNs m_nextPing{kNever};
    TimeNs m_now{0};
    bool m_tunnelDown{false};
    std::string m_milestones;
};

int
Usage()
{
    std::cerr
        << "usage: l2tp-interop-probe --local A --remote B [--lns] [--user U] [--password P]\n"
           "       [--allow LIST] [--secret S] [--hostname H] [--until M] [--ping ADDR]\n"
           "       [--seconds N] [--linger N]\n";
    return 2;
}

bool
ParseArgs(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--lns")
        {
            o.lns = true;
            continue;
        }
        if (i + 1 >= argc)
        {
            return false;
        }
        std::string v = argv[++i];
        if (a == "--local")
            o.local = v;
        else if (a == "--remote")
            o.remote = v;
        else if (a == "--user")
            o.user = v;
        else if (a == "--password")
            o.password = v;
        else if (a == "--allow")
            o.allow = v;
        else if (a == "--secret")
            o.secret = v;
        else if (a == "--hostname")
            o.hostname = v;
        else if (a == "--until")
            o.until = v;
        else if (a == "--ping")
            o.ping = v;
        else if (a == "--seconds")
            o.seconds = std::atoi(v.c_str());
        else if (a == "--linger")
            o.linger = std::atoi(v.c_str());
        else
            return false;
    }
    return ParseIp(o.local) != 0 && ParseIp(o.remote) != 0;
}

int
BindUdp(const std::string& addr)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(1701);
    sa.sin_addr.s_addr = htonl(ParseIp(addr));
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0)
    {
        std::perror("bind");
        return -1;
    }
    return fd;
}

TimeNs
Elapsed(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                t0)
        .count();
}

/** \brief Read one datagram (if any) into the endpoint. */
void
ReadOne(int fd, L2tpEndpoint& ep, TimeNs now)
{
    uint8_t buf[65536];
    sockaddr_in from{};
    socklen_t fl = sizeof(from);
    ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &fl);
    if (n > 0)
    {
        ep.OnDatagram(1701, L2tpPeer{ntohl(from.sin_addr.s_addr), ntohs(from.sin_port)}, buf,
                      static_cast<size_t>(n), now);
    }
}

} // namespace

int
main(int argc, char** argv)
{
    Options o;
    if (!ParseArgs(argc, argv, o))
    {
        return Usage();
    }
    int fd = BindUdp(o.local);
    if (fd < 0)
    {
        return 2;
    }
    L2tpEndpointConfig cfg;
    cfg.hostName = o.hostname;
    cfg.secret = o.secret;
    cfg.acceptTunnels = o.lns;
    cfg.seed = 0x1ab;
    Probe probe(o, fd);
    L2tpEndpoint ep(cfg, &probe, &probe);
    const auto t0 = std::chrono::steady_clock::now();
    probe.SetNow(0);
    probe.Start(ep, 0);
    TimeNs doneAt = kNever;
    const TimeNs limit = static_cast<TimeNs>(o.seconds) * kSec;
    while (true)
    {
        TimeNs now = Elapsed(t0);
        if (doneAt == kNever && probe.Reached(o.until))
        {
            doneAt = now;
        }
        if ((doneAt != kNever && now >= doneAt + o.linger * kSec) || now >= limit)
        {
            break;
        }
        TimeNs next = std::min(probe.NextDeadline(), limit);
        int waitMs =
            next <= now ? 0 : static_cast<int>(std::min<TimeNs>((next - now) / 1000000 + 1, 200));
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, waitMs) > 0)
        {
            now = Elapsed(t0);
            probe.SetNow(now);
            ReadOne(fd, ep, now);
        }
        probe.Tick(Elapsed(t0));
    }
    // Leave cleanly: LCP Terminate and StopCCN, then answer the peer's acknowledgements briefly.
    TimeNs end = Elapsed(t0);
    probe.Close(end);
    while (Elapsed(t0) < end + 2 * kSec && !probe.TunnelGone())
    {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 50) > 0)
        {
            ReadOne(fd, ep, Elapsed(t0));
        }
        probe.Tick(Elapsed(t0));
    }
    probe.Summary();
    close(fd);
    return probe.Reached(o.until) ? 0 : 1;
}
