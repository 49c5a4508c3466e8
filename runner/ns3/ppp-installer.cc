#include "runner/ns3/ppp-installer.h"

#include "runner/ns3/bcp-bridges.h"
#include "runner/ns3/host-routing.h"
#include "runner/ns3/ipv6-ppp-routing.h"
#include "runner/ns3/l3-dispatch.h"
#include "runner/ns3/proxy-arp.h"

#include "runner/l2tp-mapping.h"
#include "runner/ppp-mapping.h"
#include "runner/units.h"

#include "model/l2tp/ns3/l2tp-node-application.h"
#include "model/ppp/ns3/bcp-port-device.h"
#include "model/ppp/ns3/ppp-net-device.h"
#include "model/ppp/ppp-frame.h"
#include "model/ppp/ppp-link.h"
#include "model/ppp/ppp-mss-clamp.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/** \brief IPv4 ethertype as ns-3's stack names it. */
constexpr uint16_t kEtherIpv4 = 0x0800;
/** \brief IPv6 ethertype. */
constexpr uint16_t kEtherIpv6 = 0x86dd;

/** \brief CDN Result Code (RFC 2661 §4.4.2) for a PPP hang-up reason. */
uint16_t
CdnResultFor(PppHangupReason r)
{
    // 1 = loss of carrier (the peer stopped answering); 3 = administrative (we decided).
    return r == PppHangupReason::KEEPALIVE_TIMEOUT ? 1 : 3;
}

/** \brief "<l2tp-alice>" -> "l2tp-alice" (capture file names carry no angle brackets). */
std::string
FileSafe(const std::string& iface)
{
    std::string out;
    for (char c : iface)
    {
        if (c != '<' && c != '>')
        {
            out += (c == '/' || c == ' ') ? '_' : c;
        }
    }
    return out;
}

Ipv4Mask
MaskOfLength(uint8_t len)
{
    return Ipv4Mask(len == 0 ? 0u : ~0u << (32 - len));
}

/** \brief fe80::<id> (RFC 5072 §5: the link-local address of an IPV6CP identifier). */
Ipv6Address
LinkLocalOf(uint64_t id)
{
    uint8_t b[16] = {0xfe, 0x80};
    for (int i = 0; i < 8; ++i)
    {
        b[8 + i] = static_cast<uint8_t>(id >> (8 * (7 - i)));
    }
    return Ipv6Address(b);
}

/** \brief Text of an ns-3 IPv6 address. */
std::string
Ipv6Text(const Ipv6Address& a)
{
    std::ostringstream o;
    o << a;
    return o.str();
}

} // namespace

class PppPort;

/** \brief Per node: plans, the AAA database, spare devices, captures. */
struct PppNodeState
{
    std::string name;                             //!< node name
    Ptr<Node> node;                               //!< the ns-3 node
    EventSink* events{nullptr};                   //!< run events
    Topology* topology{nullptr};                  //!< captures
    uint64_t seed{1};                             //!< node seed
    bool server{false};                           //!< has an l2tp-server
    bool ipv6{true};                              //!< ipv6/settings disable-ipv6=no
    PppServerPlan serverPlan;                     //!< server side
    std::unique_ptr<PppAaa> aaa;                  //!< server secrets, profiles, pools
    std::map<std::string, PppClientPlan> clients; //!< by interface name
    /** \brief PPP link configuration shared by every session of this server (made at the
     * first), and by the connections of clients with the same settings: PppLinkOwn. */
    std::shared_ptr<const PppLinkConfig> serverLink;
    std::map<std::string, std::shared_ptr<const PppLinkConfig>> clientLinks; //!< ClientLinkKey
    std::map<std::string, uint32_t> connectTo;                //!< client LNS address, by interface
    NodeBridges bridges;                                      //!< interface/bridge, by name
    std::map<std::string, std::vector<PppRoute>> ifaceRoutes; //!< ip/route gateway=<interface>
    std::vector<Ptr<L2tpLabPppDevice>> spare;                 //!< devices of finished sessions
    std::map<std::string, Ptr<PcapFileWrapper>> captures;     //!< by interface name
    std::map<uint64_t, PppPort*> ports;                       //!< live ports, in creation order
    uint64_t portsCreated{0};                                 //!< key of the next port
    std::set<std::string> namesInUse;                         //!< static interface names taken
    /** \brief Dynamic names of one user: `<l2tp-USER>` is suffix 0, then -1, -2, ... */
    struct Suffixes
    {
        int next{0};         //!< lowest suffix never handed out
        std::set<int> freed; //!< released suffixes below `next`
    };
    std::map<std::string, Suffixes> dynamicNames; //!< by user
    uint64_t sessionsUp{0};                       //!< IPCP reached Opened
    uint64_t authFailures{0};                     //!< authentication failed
    uint64_t refusals{0};                         //!< authenticated but refused
    uint32_t serial{0};                           //!< ports created
    uint32_t onDemandPorts{0};                    //!< dial-on-demand clients (placeholder index)
    const L2tpEndpoint* endpoint{nullptr};        //!< the node's L2TP core (tunnel peers)
    const Scenario* scenario{nullptr};            //!< CaptureWanted

    /**
     * \brief What a secret's caller-id is compared with for a call on `iface`: with
     * caller-id-type=ip-address (RouterOS's default) the address the LAC's tunnel comes from, as
     * this server sees it (after any NAT); with `number` the Calling Number AVP, which
     * l2tplab's LACs do not send, so "" (no caller-id can match then).
     */
    std::string
    CallerId(const L2tpInterface& iface) const
    {
        const L2tpTunnel* t =
            endpoint != nullptr ? endpoint->FindTunnel(iface.TunnelId()) : nullptr;
        if (serverPlan.callerIdIsNumber || t == nullptr)
        {
            return "";
        }
        return FormatIpv4(t->Peer().ip);
    }

    Ptr<PcapFileWrapper>
    Capture(const std::string& iface)
    {
        auto it = captures.find(iface);
        if (it != captures.end())
        {
            return it->second;
        }
        Ptr<PcapFileWrapper> f = topology->AddCapture(
            "pcaps/" + name + "-" + FileSafe(iface) + ".pcap", PcapHelper::DLT_PPP);
        captures[iface] = f;
        return f;
    }
};

/**
 * \brief The PPP link of one L2TP interface, its ns-3 device and its capture: the glue between
 * L2tpInterface (frames, hang-up), PppLink (the protocols) and the node's IPv4 stack.
 */
class PppPort : public L2tpInterfaceLink, public PppLink::Owner
{
public:
    PppPort(PppNodeState& st,
            L2tpInterface& iface,
            std::shared_ptr<const PppLinkConfig> cfg,
            PppLinkOwn own,
            const PppClientPlan* plan,
            uint32_t connectTo)
        : m_st(st)
        , m_iface(iface)
        , m_link(std::move(cfg), std::move(own), *this)
        , m_client(plan)
        , m_connectTo(connectTo)
    {
        m_portKey = m_st.portsCreated++;
        m_st.ports.emplace(m_portKey, this);
        if (m_client != nullptr && m_client->dialOnDemand)
        {
            // pppd's demand-mode placeholders: 10.64.64.64 + n here, the gateway 10.112.112.112 +
            // n (RouterOS: "a route with gateway address from 10.112.112.0/24").
            const uint32_t n = m_st.onDemandPorts++;
            m_demandLocal = 0x0a404040u + n;
            m_demandGateway = 0x0a707070u + n;
            std::shared_ptr<bool> alive = m_alive;
            Simulator::Schedule(Seconds(0),
                                [this, alive]()
                                {
                                    if (*alive)
                                    {
                                        ArmDemand(Simulator::Now().GetNanoSeconds());
                                    }
                                });
        }
    }

    ~PppPort() override
    {
        // No ns-3 calls here: a port may outlive the simulation (the node's IPv4 stack is disposed
        // before the L2TP application frees its interfaces).
        *m_alive = false;
        if (m_granted && m_st.aaa)
        {
            m_st.aaa->Release(m_user, m_grant);
        }
        ReleaseName();
        m_st.ports.erase(m_portKey);
    }

    const PppLink&
    Link() const
    {
        return m_link;
    }

    const L2tpInterface&
    Interface() const
    {
        return m_iface;
    }

    // ---- L2tpInterfaceLink
    void
    LowerUp(TimeNs now) override
    {
        m_link.LowerUp(now);
    }

    void
    LowerDown(TimeNs now) override
    {
        m_link.LowerDown(now);
        FlushBuffered();
        ReleaseName();
        if (m_iface.Kind() == L2tpInterfaceKind::SERVER_DYNAMIC)
        {
            ReleaseDevice(); // the dynamic interface goes away; its device serves the next one
        }
    }

    void
    FrameIn(const Bytes& frame, TimeNs now) override
    {
        Record(frame, now);
        m_link.FrameIn(frame, now);
    }

    TimeNs
    NextDeadline() const override
    {
        return m_link.NextDeadline();
    }

    void
    OnTimer(TimeNs now) override
    {
        m_link.OnTimer(now);
    }

    void
    FillMonitor(L2tpInterfaceMonitor& m) const override
    {
        if (m_link.Lcp().State() == PppCpState::OPENED)
        {
            m.mtu = Mtu();
            m.mru = m_link.Lcp().Result().ourMru;
        }
        if (m_link.NetworkUp() && m_link.Ipcp() != nullptr)
        {
            m.localAddress = m_link.Ipcp()->Result().local;
            m.remoteAddress = m_link.Ipcp()->Result().peer;
        }
    }

    // ---- PppLink::Owner
    void
    PppSendFrame(const Bytes& frame, TimeNs now) override
    {
        Record(frame, now);
        m_iface.SendFrame(frame, now);
    }

    void
    PppHangup(PppHangupReason reason, TimeNs now) override
    {
        if (reason == PppHangupReason::AUTH_FAILED)
        {
            ++m_st.authFailures;
        }
        if (reason == PppHangupReason::REFUSED)
        {
            ++m_st.refusals;
        }
        m_iface.Hangup(CdnResultFor(reason), now);
    }

    bool
    PppAuthorize(const std::string& user,
                 PppIpcpConfig& ipcp,
                 std::string& refusal,
                 TimeNs /*now*/) override
    {
        if (!m_st.aaa)
        {
            refusal = "no ppp/secret database on this node";
            return false;
        }
        m_grant = m_st.aaa->Grant(user);
        if (!m_grant.refusal.empty())
        {
            refusal = m_grant.refusal;
            return false;
        }
        m_granted = true;
        m_user = user;
        m_link.SetEncryption(m_grant.encryption); // the user's profile use-encryption
        m_link.SetMpls(m_grant.mpls);             // and use-mpls
        m_link.SetTimeouts(m_grant.sessionTimeout > 0 ? m_grant.sessionTimeout : kNever,
                           m_grant.idleTimeout > 0 ? m_grant.idleTimeout : kNever);
        ipcp.localAddress = m_grant.localAddress;
        ipcp.peerAddress = m_grant.remoteAddress;
        ipcp.dns1 = m_grant.dns1;
        ipcp.dns2 = m_grant.dns2;
        ClaimName(user);
        return true;
    }

    /**
     * \brief Name the authorized session's interface as RouterOS does: the static
     * interface/l2tp-server entry bound to this user if it is free, else the dynamic
     * `<l2tp-USER>`, and for further concurrent sessions of the same user `<l2tp-USER-1>`,
     * `<l2tp-USER-2>`, ... (the lowest free suffix). Names are unique on the node, so each
     * session has its own capture and state paths.
     */
    void
    ClaimName(const std::string& user)
    {
        for (const auto& kv : m_st.serverPlan.staticInterfaces)
        {
            if (kv.second == user && !m_st.namesInUse.count(kv.first))
            {
                m_claimedName = kv.first;
            }
        }
        if (!m_claimedName.empty())
        {
            m_st.namesInUse.insert(m_claimedName);
            m_iface.SetName(m_claimedName);
            return;
        }
        // The lowest free suffix, O(log n): thousands of sessions of one user are a bench.
        PppNodeState::Suffixes& names = m_st.dynamicNames[user];
        if (names.freed.empty())
        {
            m_suffix = names.next++;
        }
        else
        {
            m_suffix = *names.freed.begin();
            names.freed.erase(names.freed.begin());
        }
        m_dynamicUser = user;
        m_iface.SetName("<l2tp-" + user + (m_suffix ? "-" + std::to_string(m_suffix) : "") + ">");
    }

    void
    ReleaseName()
    {
        if (!m_claimedName.empty())
        {
            m_st.namesInUse.erase(m_claimedName);
            m_claimedName.clear();
        }
        if (m_suffix >= 0)
        {
            m_st.dynamicNames[m_dynamicUser].freed.insert(m_suffix);
            m_suffix = -1;
        }
    }

    void
    PppNetworkUp(const PppIpcpResult& r, TimeNs /*now*/) override
    {
        ++m_st.sessionsUp;
        // IPCP opens inside the receive path of the node's IPv4 stack (the L2TP datagram that
        // carried the last Configure-Ack is still being delivered); adding an interface there
        // would grow the traffic-control layer's handler list under its own iteration. So the
        // interface comes up in a zero-delay event of its own.
        m_pendingUp = true;
        std::shared_ptr<bool> alive = m_alive;
        Simulator::ScheduleNow(
            [this, alive, r]()
            {
                if (*alive && m_pendingUp && m_link.NetworkUp())
                {
                    m_pendingUp = false;
                    BringUp(r, Simulator::Now().GetNanoSeconds());
                }
            });
    }

    void
    PppNetworkDown(TimeNs now) override
    {
        TakeDown(now);
    }

    void
    PppIpv6Up(const PppIpv6cpResult& r, TimeNs /*now*/) override
    {
        // As for IPv4: the interface joins the IPv6 stack in a zero-delay event of its own.
        m_pendingUp6 = true;
        std::shared_ptr<bool> alive = m_alive;
        Simulator::ScheduleNow(
            [this, alive, r]()
            {
                if (*alive && m_pendingUp6 && m_link.Ipv6Up())
                {
                    m_pendingUp6 = false;
                    BringUpIpv6(r, Simulator::Now().GetNanoSeconds());
                }
            });
    }

    void
    PppIpv6Down(TimeNs now) override
    {
        TakeDownIpv6(now);
    }

    bool
    PppBridgeRequested() const override
    {
        return !BridgeName().empty();
    }

    void
    PppBridgeUp(const PppBcpResult& /*r*/, TimeNs /*now*/) override
    {
        // As for IPv4: the port joins the bridge in a zero-delay event of its own.
        std::shared_ptr<bool> alive = m_alive;
        Simulator::ScheduleNow(
            [this, alive]()
            {
                if (*alive && m_link.BridgeUp())
                {
                    BridgePortUp(Simulator::Now().GetNanoSeconds());
                }
            });
    }

    void
    PppBridgeDown(TimeNs now) override
    {
        if (m_bcpDev && m_bcpDev->IsLinkUp())
        {
            m_bcpDev->SetLinkUp(false);
            PppEvent("", "bridge-port-down",
                     {{"bridge", BridgeName()}, {"interface", m_iface.Name()}}, now);
        }
    }

    void
    PppBridgedFrameIn(const Bytes& ethernet, TimeNs /*now*/) override
    {
        if (m_bcpDev)
        {
            m_bcpDev->Receive(ethernet);
        }
    }

    void
    PppDatagramIn(uint16_t protocol, const Bytes& datagram, TimeNs /*now*/) override
    {
        if (!m_dev)
        {
            return;
        }
        if (protocol == kPppIpv4 && ClampsMss())
        {
            Bytes d = datagram;
            ClampMss(d);
            m_dev->Deliver(kEtherIpv4, d);
            return;
        }
        m_dev->Deliver(protocol == kPppIpv6 ? kEtherIpv6 : kEtherIpv4, datagram);
    }

    /** \brief SYNs whose MSS change-tcp-mss lowered (both directions). */
    uint64_t
    MssClamped() const
    {
        return m_mssClamped;
    }

    /** \brief Datagrams routed into a dial-on-demand interface while it was not connected. */
    uint64_t
    DemandDropped() const
    {
        return m_demandDropped;
    }

    void
    PppEvent(const std::string& sub,
             const std::string& kind,
             const std::vector<std::pair<std::string, std::string>>& fields,
             TimeNs now) override
    {
        if (m_st.events == nullptr)
        {
            return;
        }
        LabEvent e;
        e.time = now;
        e.node = m_st.name;
        e.object = "ppp/" + m_iface.Name() + (sub.empty() ? "" : "/" + sub);
        e.kind = kind;
        e.fields = fields;
        m_st.events->Emit(e);
    }

private:
    /** \brief The interface/bridge this session's profile names ("" = not bridged). */
    std::string
    BridgeName() const
    {
        return m_client != nullptr ? m_client->grant.bridge : m_grant.bridge;
    }

    /**
     * \brief BCP opened: the session's Ethernet-like port (created once per session, reused
     * when BCP reopens: ns-3 bridges cannot drop a port) forwards in the named bridge.
     */
    void
    BridgePortUp(TimeNs now)
    {
        const std::string name = BridgeName();
        auto it = m_st.bridges.find(name);
        if (it == m_st.bridges.end())
        {
            PppEvent("", "bridge-missing", {{"bridge", name}}, now);
            return;
        }
        if (!m_bcpDev)
        {
            m_bcpDev = CreateObject<L2tpLabBcpPortDevice>();
            m_st.node->AddDevice(m_bcpDev);
            std::shared_ptr<bool> alive = m_alive;
            m_bcpDev->SetSendHook(
                [this, alive](const Bytes& eth)
                {
                    return *alive && m_link.SendBridged(eth, Simulator::Now().GetNanoSeconds());
                });
            it->second->AddBridgePort(m_bcpDev);
        }
        // RFC 3518 inner Ethernet: 2 octets of BCP header and 14 of Ethernet inside the PPP MTU.
        m_bcpDev->SetMtu(static_cast<uint16_t>(Mtu() > 16 ? Mtu() - 16 : Mtu()));
        m_bcpDev->SetLinkUp(true);
        PppEvent("", "bridge-port-up",
                 {{"bridge", name},
                  {"interface", m_iface.Name()},
                  {"mac", ToText(Mac48Address::ConvertFrom(m_bcpDev->GetAddress()))}},
                 now);
    }

    static std::string
    ToText(const Mac48Address& a)
    {
        std::ostringstream o;
        o << a;
        return o.str();
    }

public:
    /**
     * \brief The interface MTU: with multilink (RFC 1990) the peer's MRRU (RouterOS: mrru=1600
     * lets a 1500-octet packet through a 1450 tunnel), else the smaller of the peer's MRU and
     * max-mtu.
     */
    uint16_t
    Mtu() const
    {
        if (m_link.MpMtu() != 0)
        {
            return m_link.MpMtu();
        }
        const PppLcpResult& r = m_link.Lcp().Result();
        return std::min<uint16_t>(r.peerMru, m_link.Config().lcp.maxPeerMru);
    }

private:
    /** \brief change-tcp-mss=yes on this interface's profile (client plan or server grant). */
    bool
    ClampsMss() const
    {
        return m_client != nullptr ? m_client->grant.changeTcpMss != 0
                                   : m_granted && m_grant.changeTcpMss != 0;
    }

    /** \brief RouterOS change-tcp-mss: a SYN's MSS lowered to the interface MTU - 40. */
    void
    ClampMss(Bytes& d)
    {
        const uint16_t mtu = Mtu();
        if (mtu > 40 && ClampTcpMss(d, static_cast<uint16_t>(mtu - 40)) == MssClampResult::CLAMPED)
        {
            ++m_mssClamped;
        }
    }

    /** \brief Capture one frame (buffered until a server interface has its final name). */
    void
    Record(const Bytes& frame, TimeNs now)
    {
        if (!m_st.scenario->captures || m_notCaptured)
        {
            return;
        }
        m_buffered.emplace_back(now, frame);
        if (NameFinal())
        {
            FlushBuffered();
        }
    }

    bool
    NameFinal() const
    {
        return m_iface.Kind() == L2tpInterfaceKind::CLIENT || m_granted;
    }

    void
    FlushBuffered()
    {
        if (m_buffered.empty())
        {
            return;
        }
        if (!m_st.scenario->CaptureWanted(m_st.name + "-" + FileSafe(m_iface.Name())))
        {
            m_notCaptured = true; // the name is final, and `captures:` does not select it
            m_buffered.clear();
            m_buffered.shrink_to_fit();
            return;
        }
        Ptr<PcapFileWrapper> f = m_st.Capture(m_iface.Name());
        for (const auto& rec : m_buffered)
        {
            Ptr<Packet> p =
                Create<Packet>(rec.second.data(), static_cast<uint32_t>(rec.second.size()));
            f->Write(NanoSeconds(rec.first), p);
        }
        m_buffered.clear();
    }

    void
    TakeDevice()
    {
        if (m_dev)
        {
            return;
        }
        if (!m_st.spare.empty())
        {
            m_dev = m_st.spare.back();
            m_st.spare.pop_back();
            m_ifIndex = m_st.node->GetObject<Ipv4>()->GetInterfaceForDevice(m_dev);
        }
        else
        {
            m_dev = CreateObject<L2tpLabPppDevice>();
            m_st.node->AddDevice(m_dev);
            L2tpLabL3Dispatch::Attach(m_dev);
            m_ifIndex = m_st.node->GetObject<Ipv4>()->AddInterface(m_dev);
        }
        m_dev->SetInterfaceName(m_iface.Name());
        m_dev->SetSendHook(
            [this](uint16_t etherType, const Bytes& d)
            {
                const TimeNs now = Simulator::Now().GetNanoSeconds();
                if (m_demandArmed)
                {
                    // Not connected: this datagram is what makes the client dial; it is lost.
                    ++m_demandDropped;
                    m_iface.Demand(now);
                    return false;
                }
                bool ok = false;
                if (etherType == kEtherIpv4 && ClampsMss())
                {
                    Bytes clamped = d;
                    ClampMss(clamped);
                    ok = m_link.SendDatagram(kPppIpv4, clamped, now);
                }
                else
                {
                    ok = m_link.SendDatagram(etherType == kEtherIpv6 ? kPppIpv6 : kPppIpv4, d, now);
                }
                m_iface.Resync();
                return ok;
            });
    }

    void
    ReleaseDevice()
    {
        if (!m_dev)
        {
            return;
        }
        m_dev->SetSendHook(nullptr);
        m_st.spare.push_back(m_dev);
        m_dev = nullptr;
    }

    void
    BringUp(const PppIpcpResult& r, TimeNs now)
    {
        DisarmDemand();
        TakeDevice();
        m_dev->SetMtu(Mtu());
        m_dev->SetLinkUp(true);
        m_local = r.local;
        InstallAddressAndRoutes(r.local, r.peer);
        m_up = true;
        PppEvent("", "interface-up",
                 {{"interface", m_iface.Name()},
                  {"local", FormatIpv4(r.local)},
                  {"remote", FormatIpv4(r.peer)},
                  {"mtu", std::to_string(Mtu())},
                  {"routes", std::to_string(m_grant.routes.size())}},
                 now);
    }

    /**
     * \brief RouterOS dial-on-demand while not connected: the interface is up with placeholder
     * addresses, and the routes through it (add-default-route, `ip/route gateway=<iface>`) are
     * in place, so traffic is routed into it; the first datagram makes the client dial.
     */
    void
    ArmDemand(TimeNs now)
    {
        if (m_demandArmed || m_up || m_pendingUp)
        {
            return;
        }
        TakeDevice();
        m_dev->SetMtu(m_client->maxMtu);
        m_dev->SetLinkUp(true);
        InstallAddressAndRoutes(m_demandLocal, m_demandGateway);
        m_demandArmed = true;
        PppEvent("", "on-demand-armed",
                 {{"interface", m_iface.Name()},
                  {"local", FormatIpv4(m_demandLocal)},
                  {"gateway", FormatIpv4(m_demandGateway)}},
                 now);
    }

    /** \brief Connected: the placeholder address and its routes go (BringUp installs the real). */
    void
    DisarmDemand()
    {
        if (!m_demandArmed)
        {
            return;
        }
        m_demandArmed = false;
        LeaveIpv4();
    }

    /** \brief The interface leaves the IPv4 stack: down (its routes go) and its addresses off. */
    void
    LeaveIpv4()
    {
        Ptr<Ipv4> ipv4 = m_st.node->GetObject<Ipv4>();
        ipv4->SetDown(m_ifIndex); // removes the routes through the interface
        for (uint32_t i = ipv4->GetNAddresses(m_ifIndex); i > 0; --i)
        {
            ipv4->RemoveAddress(m_ifIndex, i - 1);
        }
    }

    /** \brief Address `local`/32, a host route to `peer`, and the routes through the interface. */
    void
    InstallAddressAndRoutes(uint32_t local, uint32_t peer)
    {
        Ptr<Ipv4> ipv4 = m_st.node->GetObject<Ipv4>();
        ipv4->AddAddress(m_ifIndex,
                         Ipv4InterfaceAddress(Ipv4Address(local), Ipv4Mask("255.255.255.255")));
        ipv4->SetMetric(m_ifIndex, 1);
        ipv4->SetUp(m_ifIndex);
        Ipv4StaticRoutingHelper h;
        Ptr<Ipv4StaticRouting> sr = h.GetStaticRouting(ipv4);
        if (Ptr<L2tpLabHostRouting> hosts = L2tpLabHostRouting::Of(ipv4))
        {
            hosts->AddHostRoute(peer, m_ifIndex); // hashed: static routing's list is O(n)
        }
        else
        {
            sr->AddHostRouteTo(Ipv4Address(peer), m_ifIndex);
        }
        for (const PppRoute& rt : m_grant.routes)
        {
            sr->AddNetworkRouteTo(Ipv4Address(rt.dst), MaskOfLength(rt.prefixLen), m_ifIndex,
                                  rt.distance);
        }
        auto own = m_st.ifaceRoutes.find(m_iface.Name());
        if (own != m_st.ifaceRoutes.end())
        {
            for (const PppRoute& rt : own->second)
            {
                sr->AddNetworkRouteTo(Ipv4Address(rt.dst), MaskOfLength(rt.prefixLen), m_ifIndex,
                                      rt.distance);
            }
        }
        if (m_client != nullptr && m_client->addDefaultRoute)
        {
            PinServerRoute(ipv4, sr);
            sr->AddNetworkRouteTo(Ipv4Address("0.0.0.0"), Ipv4Mask("0.0.0.0"), m_ifIndex,
                                  m_client->defaultRouteDistance);
        }
    }

    /**
     * \brief Before a default route through the tunnel: a host route to the LNS along the path
     * the tunnel uses now, so the tunnel's own packets do not enter the tunnel (ns-3's list
     * routing asks static routes first, so a 0.0.0.0/0 there would win over every global route).
     */
    void
    PinServerRoute(Ptr<Ipv4> ipv4, Ptr<Ipv4StaticRouting> sr)
    {
        if (m_connectTo == 0 || m_pinned)
        {
            return;
        }
        Ipv4Header h;
        h.SetDestination(Ipv4Address(m_connectTo));
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(nullptr, h, nullptr, err);
        if (!route)
        {
            return;
        }
        const int32_t out = ipv4->GetInterfaceForDevice(route->GetOutputDevice());
        if (out < 0)
        {
            return;
        }
        sr->AddHostRouteTo(Ipv4Address(m_connectTo), route->GetGateway(), out);
        m_pinned = true;
    }

    /**
     * \brief IPV6CP opened: the device joins the node's IPv6 stack with the link-local address
     * fe80::<our identifier>/64 (RFC 5072 §5). No Duplicate Address Detection: the identifiers
     * were negotiated unique on the link, and §5 recommends DupAddrDetectTransmits = 0.
     */
    void
    BringUpIpv6(const PppIpv6cpResult& r, TimeNs now)
    {
        Ptr<Ipv6> ipv6 = m_st.node->GetObject<Ipv6>();
        if (!ipv6)
        {
            return;
        }
        TakeDevice();
        m_dev->SetMtu(Mtu());
        m_dev->SetLinkUp(true);
        m_dev->SetIpv6InterfaceIds(r.local, r.peer);
        Ptr<Icmpv6L4Protocol> icmp6 = m_st.node->GetObject<Icmpv6L4Protocol>();
        if (icmp6)
        {
            icmp6->SetAttribute("DAD", BooleanValue(false));
        }
        int32_t idx = ipv6->GetInterfaceForDevice(m_dev);
        if (idx < 0)
        {
            idx = static_cast<int32_t>(ipv6->AddInterface(m_dev));
        }
        m_if6 = static_cast<uint32_t>(idx);
        ipv6->SetForwarding(m_if6, true); // a RouterOS router forwards IPv6 (ipv6/settings forward)
        ipv6->SetMetric(m_if6, 1);
        if (Ptr<L2tpLabIpv6Routing> routing = L2tpLabIpv6Routing::Of(ipv6))
        {
            routing->AddPointToPoint(m_if6, LinkLocalOf(r.peer)); // before up: hashed, no list
        }
        ipv6->SetUp(m_if6);
        const Ipv6Address ll = LinkLocalOf(r.local);
        bool found = false;
        for (uint32_t i = 0; i < ipv6->GetNAddresses(m_if6); ++i)
        {
            const Ipv6Address a = ipv6->GetAddress(m_if6, i).GetAddress();
            found = found || a == ll;
        }
        if (!found)
        {
            ipv6->AddAddress(m_if6, Ipv6InterfaceAddress(ll, Ipv6Prefix(64)));
        }
        m_up6 = true;
        PppEvent("", "interface-ipv6-up",
                 {{"interface", m_iface.Name()},
                  {"link-local", Ipv6Text(ll)},
                  {"peer", Ipv6Text(LinkLocalOf(r.peer))}},
                 now);
    }

    void
    TakeDownIpv6(TimeNs now)
    {
        m_pendingUp6 = false;
        if (!m_up6)
        {
            return;
        }
        m_up6 = false;
        Ptr<Ipv6> ipv6 = m_st.node->GetObject<Ipv6>();
        ipv6->SetDown(m_if6); // clears its addresses and the routes through it
        if (Ptr<L2tpLabIpv6Routing> routing = L2tpLabIpv6Routing::Of(ipv6))
        {
            routing->RemovePointToPoint(m_if6);
        }
        m_dev->SetIpv6InterfaceIds(0, 0);
        if (!m_up)
        {
            m_dev->SetLinkUp(false);
        }
        if (now > 0)
        {
            PppEvent("", "interface-ipv6-down", {{"interface", m_iface.Name()}}, now);
        }
    }

    void
    TakeDown(TimeNs now)
    {
        m_pendingUp = false;
        if (m_granted && m_st.aaa && !m_up)
        {
            // Authorized but IPCP never opened: give the pool address back all the same.
            m_st.aaa->Release(m_user, m_grant);
            m_granted = false;
        }
        if (!m_up)
        {
            return;
        }
        m_up = false;
        LeaveIpv4();
        if (!m_up6)
        {
            m_dev->SetLinkUp(false);
        }
        if (m_granted && m_st.aaa)
        {
            m_st.aaa->Release(m_user, m_grant);
            m_granted = false;
        }
        if (now > 0)
        {
            PppEvent("", "interface-down", {{"interface", m_iface.Name()}}, now);
        }
        if (m_client != nullptr && m_client->dialOnDemand)
        {
            // Back to waiting for traffic, in an event of its own (this may run inside the IPv4
            // stack's receive path).
            std::shared_ptr<bool> alive = m_alive;
            Simulator::ScheduleNow(
                [this, alive]()
                {
                    if (*alive)
                    {
                        ArmDemand(Simulator::Now().GetNanoSeconds());
                    }
                });
        }
    }

    PppNodeState& m_st;
    L2tpInterface& m_iface;
    PppLink m_link;
    const PppClientPlan* m_client;
    uint32_t m_connectTo;
    Ptr<L2tpLabPppDevice> m_dev;
    Ptr<L2tpLabBcpPortDevice> m_bcpDev; //!< bridge port of a bridged session (BCP)
    uint32_t m_ifIndex{0};
    uint32_t m_local{0};
    bool m_up{false};
    bool m_granted{false};
    bool m_pinned{false};
    bool m_pendingUp{false};                                     //!< BringUp scheduled
    bool m_pendingUp6{false};                                    //!< BringUpIpv6 scheduled
    bool m_up6{false};                                           //!< in the IPv6 stack
    uint32_t m_if6{0};                                           //!< its IPv6 interface index
    std::shared_ptr<bool> m_alive{std::make_shared<bool>(true)}; //!< false once destroyed
    std::string m_user;
    std::string m_claimedName; //!< server: the static interface this session holds ("" if none)
    std::string m_dynamicUser; //!< server: whose dynamic name suffix this session holds
    int m_suffix{-1};          //!< server: that suffix (-1: none)
    uint64_t m_portKey{0};     //!< key in PppNodeState::ports
    PppSessionGrant m_grant;
    std::vector<std::pair<TimeNs, Bytes>> m_buffered;
    bool m_notCaptured{false};   //!< `captures:` leaves this interface out
    uint64_t m_mssClamped{0};    //!< SYNs whose MSS change-tcp-mss lowered
    bool m_demandArmed{false};   //!< dial-on-demand: waiting for traffic (ArmDemand)
    uint32_t m_demandLocal{0};   //!< its placeholder address
    uint32_t m_demandGateway{0}; //!< its placeholder gateway
    uint64_t m_demandDropped{0}; //!< datagrams routed into it while not connected
};

namespace
{

/** \brief PppLinkConfig of an l2tp-client (its seeds: ClientLinkOwn). */
PppLinkConfig
ClientLinkConfig(const PppClientPlan& p)
{
    PppLinkConfig c;
    c.role = PppLinkRole::CLIENT;
    c.lcp.mru = p.maxMru;
    c.lcp.maxPeerMru = p.maxMtu;
    c.lcp.authAccept = p.allow;
    c.lcp.mrru = p.mrru;
    c.user = p.user;
    c.password = p.password;
    c.ipcp.localAddress = p.grant.localAddress;
    c.ipcp.requestDns = true;
    c.keepaliveTimeout = p.keepaliveTimeout;
    c.encryption = p.grant.encryption; // the client profile's use-encryption (MPPE, RFC 3078)
    c.mpls = p.grant.mpls;             // and use-mpls (MPLSCP, RFC 3032 §4.3.1)
    c.sessionTimeout = p.grant.sessionTimeout > 0 ? p.grant.sessionTimeout : kNever;
    c.idleTimeout = p.grant.idleTimeout > 0 ? p.grant.idleTimeout : kNever;
    return c;
}

/** \brief PppLinkConfig of the server's sessions (their seeds and lookup: ServerLinkOwn). */
PppLinkConfig
ServerLinkConfig(const PppNodeState& st)
{
    PppLinkConfig c;
    c.role = PppLinkRole::SERVER;
    c.lcp.mru = st.serverPlan.maxMru;
    c.lcp.maxPeerMru = st.serverPlan.maxMtu;
    c.lcp.authRequire = st.serverPlan.authentication;
    c.lcp.mrru = st.serverPlan.mrru;
    c.lcp.rejectAccm = true; // a real RouterOS LNS Configure-Rejects the LAC's ACCM
    c.keepaliveTimeout = st.serverPlan.keepaliveTimeout;
    return c;
}

/**
 * \brief Clients whose links may share one configuration: every field ClientLinkConfig reads
 * (keep the two together). Counted clients (`count:`) differ only in name and share one.
 */
std::string
ClientLinkKey(const PppClientPlan& p)
{
    std::string k = p.user + '\0' + p.password + '\0';
    for (PppAuthMethod m : p.allow)
    {
        k += static_cast<char>('A' + static_cast<int>(m));
    }
    for (int64_t v :
         {int64_t{p.maxMru}, int64_t{p.maxMtu}, int64_t{p.mrru}, int64_t{p.grant.localAddress},
          p.keepaliveTimeout, static_cast<int64_t>(p.grant.encryption),
          static_cast<int64_t>(p.grant.mpls), p.grant.sessionTimeout, p.grant.idleTimeout})
    {
        k += ',' + std::to_string(v);
    }
    return k;
}

/** \brief A link's seeds from its serial seed; `authSalt` tells the two roles' challenges
 * apart. */
PppLinkOwn
SeededLinkOwn(uint64_t seed, uint64_t authSalt)
{
    PppLinkOwn o;
    o.lcpMagicSeed = seed;
    o.seed = seed ^ authSalt;
    o.ipv6cpSeed = seed ^ 0x1d6c9ULL;
    return o;
}

/** \brief A client connection's seeds. */
PppLinkOwn
ClientLinkOwn(uint64_t seed)
{
    return SeededLinkOwn(seed, 0x5eedULL);
}

/** \brief A server session's seeds and its secrets lookup (the caller id is the call's). */
PppLinkOwn
ServerLinkOwn(const PppNodeState& st, const L2tpInterface& iface, uint64_t seed)
{
    PppLinkOwn o = SeededLinkOwn(seed, 0xa11ceULL);
    const PppNodeState* node = &st;
    const L2tpInterface* call = &iface; // owns the link, so it outlives this lookup
    o.lookup = [node, call](const std::string& user)
    {
        return node->aaa->Lookup(user, node->CallerId(*call));
    };
    return o;
}

/**
 * \brief With an MRRU, the LCP Endpoint Discriminator too (RFC 1990 §5.1.3), sent only then as
 * RouterOS does: class 1 (locally assigned) carrying the node's name, up to 20 octets.
 */
PppLinkConfig
WithMultilink(PppLinkConfig c, const PppNodeState& st)
{
    if (c.lcp.mrru != 0)
    {
        c.lcp.endpointDiscriminator = {1};
        const std::string id = st.name.substr(0, 20);
        c.lcp.endpointDiscriminator.insert(c.lcp.endpointDiscriminator.end(), id.begin(), id.end());
    }
    return c;
}

/** \brief IPV6CP on the link when the node runs IPv6 (identifiers seeded per link). */
PppLinkConfig
WithIpv6(PppLinkConfig c, const PppNodeState& st)
{
    c.ipv6 = st.ipv6;
    return c;
}

/** \brief A shared link configuration: `make()` completed for the node, made once into
 * `slot`, then handed to every link that shares it. */
template <typename Make>
std::shared_ptr<const PppLinkConfig>
SharedLink(std::shared_ptr<const PppLinkConfig>& slot, const PppNodeState& st, Make make)
{
    if (!slot)
    {
        slot = std::make_shared<const PppLinkConfig>(WithMultilink(WithIpv6(make(), st), st));
    }
    return slot;
}

} // namespace

namespace
{

/** \brief `<iface>/ppp/mp/<name>`: a multilink counter (false: no such name). */
bool
MpCounter(const PppMpLinkCounters& c,
          const PppMpRxCounters& rx,
          const std::string& name,
          uint64_t& v)
{
    const std::pair<const char*, uint64_t> rows[] = {
        {"packets-out", c.packetsOut},        {"fragments-out", c.fragmentsOut},
        {"over-mrru-out", c.overMrruOut},     {"plain-in", c.plainIn},
        {"malformed", c.malformed},           {"reserved-bits", c.reservedBits},
        {"link-control-in", c.linkControlIn}, {"fragments-in", rx.fragmentsIn},
        {"reassembled", rx.packetsOut},       {"missing", rx.missing},
        {"null-fragments", rx.nullFragments}};
    for (const auto& r : rows)
    {
        if (name == r.first)
        {
            v = r.second;
            return true;
        }
    }
    for (const auto& [reason, count] : PppMpDiscards(rx))
    {
        if (name == "discard/" + reason)
        {
            v = count;
            return true;
        }
    }
    return false;
}

/** \brief "mp" (both ways), "send-only", "receive-only" or "off". */
std::string
MultilinkMode(const PppLink& l)
{
    if (l.MpSend() && l.MpReceive())
    {
        return "mp";
    }
    return l.MpSend() ? "send-only" : (l.MpReceive() ? "receive-only" : "off");
}

/** \brief Multilink, change-tcp-mss and dial-on-demand paths of one port: mtu, multilink,
 * mss-clamped, demand-dropped, mp/... */
bool
SampleMultilink(const PppPort& p, const std::string& what, std::string& value)
{
    const PppLink& l = p.Link();
    uint64_t v = 0;
    if (what == "mtu")
    {
        value = std::to_string(l.Lcp().State() == PppCpState::OPENED ? p.Mtu() : 0);
    }
    else if (what == "multilink")
    {
        value = MultilinkMode(l);
    }
    else if (what == "mss-clamped")
    {
        value = std::to_string(p.MssClamped());
    }
    else if (what == "demand-dropped")
    {
        value = std::to_string(p.DemandDropped());
    }
    else if (what.compare(0, 3, "mp/") == 0 &&
             MpCounter(l.MpCounters(), l.MpRxCounters() ? *l.MpRxCounters() : PppMpRxCounters{},
                       what.substr(3), v))
    {
        value = std::to_string(v);
    }
    else
    {
        return false;
    }
    return true;
}

/** \brief Is `what` a multilink path name (answered "" for an interface that does not exist)? */
bool
IsMultilinkPath(const std::string& what)
{
    uint64_t v = 0;
    return what == "mtu" || what == "multilink" || what == "mss-clamped" ||
           what == "demand-dropped" ||
           (what.compare(0, 3, "mp/") == 0 &&
            MpCounter(PppMpLinkCounters{}, PppMpRxCounters{}, what.substr(3), v));
}

/** \brief report.json fields of one interface: mtu, multilink and its counters, mss-clamped. */
void
SummarizeMultilink(const PppPort& p, nlohmann::ordered_json& j)
{
    const PppLink& l = p.Link();
    if (l.Lcp().State() == PppCpState::OPENED)
    {
        j["mtu"] = p.Mtu();
    }
    j["mss-clamped"] = p.MssClamped();
    if (p.Interface().OnDemand())
    {
        j["demand-dropped"] = p.DemandDropped();
    }
    if (!l.MpSend() && !l.MpReceive())
    {
        return;
    }
    nlohmann::ordered_json mp = nlohmann::ordered_json::object();
    mp["mode"] = MultilinkMode(l);
    const PppMpLinkCounters& c = l.MpCounters();
    mp["packets-out"] = c.packetsOut;
    mp["fragments-out"] = c.fragmentsOut;
    mp["over-mrru-out"] = c.overMrruOut;
    mp["plain-in"] = c.plainIn;
    mp["malformed"] = c.malformed;
    if (const PppMpRxCounters* rx = l.MpRxCounters())
    {
        mp["fragments-in"] = rx->fragmentsIn;
        mp["reassembled"] = rx->packetsOut;
        nlohmann::ordered_json discards = nlohmann::ordered_json::object();
        for (const auto& [reason, count] : PppMpDiscards(*rx))
        {
            discards[reason] = count;
        }
        mp["discards"] = discards;
    }
    j["multilink"] = mp;
}

} // namespace

PppInstaller::PppInstaller(const L2tpInstaller& l2tp)
    : m_l2tp(l2tp)
{
}

PppInstaller::~PppInstaller() = default;

const char*
PppInstaller::Name() const
{
    return "ppp";
}

void
PppInstaller::Install(const InstallContext& ctx)
{
    for (const ScenarioNode& n : ctx.scenario.nodes)
    {
        Ptr<L2tpNodeApplication> app = m_l2tp.GetApplication(n.name);
        const NodeConfig* cfg = ctx.scenario.ConfigFor(n.name);
        if (cfg != nullptr)
        {
            for (const ConfigObject& e : cfg->List("interface/ethernet"))
            {
                Ptr<NetDevice> dev = ctx.topology.GetDevice(n.name, e.GetString("name"));
                if (dev && e.GetString("arp") == "proxy-arp")
                {
                    EnableProxyArp(ctx.topology.GetNode(n.name), dev, n.name, e.GetString("name"),
                                   ctx.events);
                }
            }
        }
        NodeBridges bridges;
        if (cfg != nullptr)
        {
            bridges = BuildNodeBridges(n.name, *cfg, ctx.topology);
        }
        if (!app || cfg == nullptr)
        {
            continue;
        }
        auto st = std::make_unique<PppNodeState>();
        st->name = n.name;
        st->node = ctx.topology.GetNode(n.name);
        st->events = ctx.events;
        st->topology = &ctx.topology;
        st->scenario = &ctx.scenario;
        st->seed = NodeSeed(ctx.seed, n.name) ^ 0x9e3779b97f4a7c15ULL;
        st->server = cfg->Single("interface/l2tp-server/server") != nullptr;
        st->ipv6 = Ipv6Enabled(*cfg);
        st->bridges = std::move(bridges);
        if (st->server)
        {
            st->serverPlan = PlanPppServer(*cfg);
            st->aaa = std::make_unique<PppAaa>(MakePppAaa(*cfg));
        }
        for (const PppClientPlan& p : PlanPppClients(*cfg))
        {
            st->clients[p.name] = p;
        }
        for (const ConfigObject& r : cfg->List("ip/route"))
        {
            uint32_t gw = 0;
            if (!ParseIpv4(r.GetString("gateway"), gw))
            {
                PppRoute rt;
                Ipv4Subnet dst;
                bool hostBits = false;
                if (ParseSubnet(r.GetString("dst-address"), dst, hostBits))
                {
                    rt.dst = dst.network;
                    rt.prefixLen = dst.prefixLength;
                    rt.distance = static_cast<uint8_t>(r.GetInt("distance"));
                    st->ifaceRoutes[r.GetString("gateway")].push_back(rt);
                }
            }
        }
        for (const L2tpNodeApplication::Client& c : app->GetClients())
        {
            st->connectTo[c.name] = c.connectTo.Get();
        }
        st->endpoint = &app->GetEndpoint();
        PppNodeState* s = st.get();
        app->GetInterfaceSet().SetLinkFactory(
            [s](L2tpInterface& iface) -> std::unique_ptr<L2tpInterfaceLink>
            {
                const uint64_t seed = s->seed + 0x100000001b3ULL * ++s->serial;
                if (iface.Kind() == L2tpInterfaceKind::CLIENT)
                {
                    auto it = s->clients.find(iface.Name());
                    if (it == s->clients.end())
                    {
                        return nullptr;
                    }
                    const PppClientPlan& plan = it->second;
                    return std::make_unique<PppPort>(
                        *s, iface,
                        SharedLink(s->clientLinks[ClientLinkKey(plan)], *s,
                                   [&plan]()
                                   {
                                       return ClientLinkConfig(plan);
                                   }),
                        ClientLinkOwn(seed), &plan, s->connectTo[iface.Name()]);
                }
                if (!s->server)
                {
                    return nullptr;
                }
                return std::make_unique<PppPort>(*s, iface,
                                                 SharedLink(s->serverLink, *s,
                                                            [s]()
                                                            {
                                                                return ServerLinkConfig(*s);
                                                            }),
                                                 ServerLinkOwn(*s, iface, seed), nullptr, 0);
            });
        m_nodes[n.name] = std::move(st);
    }
}

/** \brief One `<iface>/ppp/<what>` value of a link's state; false if `what` is not one. */
static bool
SampleLinkState(const PppLink& l, const std::string& what, std::string& value)
{
    if (what == "phase")
    {
        value = ToString(l.Phase());
    }
    else if (what == "lcp-state")
    {
        value = FsmName(l.Lcp().State());
    }
    else if (what == "ipcp-state")
    {
        value = l.Ipcp() ? FsmName(l.Ipcp()->State()) : "INITIAL";
    }
    else if (what == "ipv6cp-state")
    {
        value = l.Ipv6cp() ? FsmName(l.Ipv6cp()->State()) : "INITIAL";
    }
    else if (what == "bcp-state")
    {
        value = l.Bcp() ? FsmName(l.Bcp()->State()) : "INITIAL";
    }
    else if (what == "mplscp-state")
    {
        value = l.Mplscp() ? FsmName(l.Mplscp()->State()) : "INITIAL";
    }
    else if (what == "mpls-dropped")
    {
        value = std::to_string(l.Counters().mplsDropped);
    }
    else if (what == "bridged-in" || what == "bridged-out" || what == "bridged-dropped")
    {
        const PppLinkCounters& c = l.Counters();
        value = std::to_string(what == "bridged-in"    ? c.bridgedIn
                               : what == "bridged-out" ? c.bridgedOut
                                                       : c.bridgedDropped);
    }
    else if (what == "user")
    {
        value = l.PeerName();
    }
    else if (what == "ccp-state")
    {
        value = l.Ccp() ? FsmName(l.Ccp()->State()) : "INITIAL";
    }
    else if (what == "encoding")
    {
        value = l.Encoding();
    }
    else
    {
        return false;
    }
    return true;
}

bool
PppInstaller::Sample(const std::string& node, const std::string& path, std::string& value) const
{
    auto it = m_nodes.find(node);
    if (path == "ppp/sessions-up" || path == "ppp/auth-failures" || path == "ppp/refusals" ||
        path == "ppp/active")
    {
        if (it == m_nodes.end())
        {
            value = "0";
            return true;
        }
        const PppNodeState& st = *it->second;
        uint64_t active = 0;
        if (path == "ppp/active") // a walk over every session: only when asked for
        {
            for (const auto& [key, p] : st.ports)
            {
                active += p->Link().NetworkUp() ? 1 : 0;
            }
        }
        value = std::to_string(path == "ppp/sessions-up"     ? st.sessionsUp
                               : path == "ppp/auth-failures" ? st.authFailures
                               : path == "ppp/refusals"      ? st.refusals
                                                             : active);
        return true;
    }
    if (it == m_nodes.end())
    {
        return false;
    }
    // <iface>/ppp/phase | lcp-state | ipcp-state | local-address | remote-address | user
    size_t slash = path.find("/ppp/");
    if (slash == std::string::npos)
    {
        return false;
    }
    const std::string iface = path.substr(0, slash);
    const std::string what = path.substr(slash + 5);
    for (const auto& [key, p] : it->second->ports)
    {
        if (p->Interface().Name() != iface)
        {
            continue;
        }
        if (!SampleLinkState(p->Link(), what, value))
        {
            return SampleMultilink(*p, what, value);
        }
        return true;
    }
    value = "";
    return what == "phase" || what == "lcp-state" || what == "ipcp-state" ||
           what == "ipv6cp-state" || what == "user" || what == "ccp-state" || what == "encoding" ||
           what == "bcp-state" || what == "mplscp-state" || what == "mpls-dropped" ||
           IsMultilinkPath(what);
}

void
PppInstaller::Summarize(std::vector<RunNodeSummary>& nodes) const
{
    for (const auto& kv : m_nodes)
    {
        const PppNodeState& st = *kv.second;
        RunNodeSummary s;
        s.node = st.name;
        nlohmann::ordered_json ppp = nlohmann::ordered_json::object();
        ppp["sessions-up"] = st.sessionsUp;
        ppp["auth-failures"] = st.authFailures;
        ppp["refusals"] = st.refusals;
        nlohmann::ordered_json ifaces = nlohmann::ordered_json::object();
        for (const auto& [key, p] : st.ports)
        {
            const PppLink& l = p->Link();
            ifaces[p->Interface().Name()] = {
                {"phase", ToString(l.Phase())},
                {"lcp", FsmName(l.Lcp().State())},
                {"ipv6cp", l.Ipv6cp() ? FsmName(l.Ipv6cp()->State()) : "INITIAL"},
                {"user", l.PeerName()},
                {"encoding", l.Encoding()},
                {"frames-in", l.Counters().framesIn},
                {"frames-out", l.Counters().framesOut},
                {"malformed", l.Counters().malformed},
                {"echoes-missed", l.Counters().echoesMissed}};
            SummarizeMultilink(*p, ifaces[p->Interface().Name()]);
            if (l.Bcp() != nullptr)
            {
                auto& j = ifaces[p->Interface().Name()];
                j["bcp"] = FsmName(l.Bcp()->State());
                j["bridged-in"] = l.Counters().bridgedIn;
                j["bridged-out"] = l.Counters().bridgedOut;
                j["bridged-dropped"] = l.Counters().bridgedDropped;
            }
        }
        ppp["interfaces"] = ifaces;
        s.fields["ppp"] = ppp;
        s.counters["ppp-sessions-up"] = st.sessionsUp;
        s.counters["ppp-auth-failures"] = st.authFailures;
        MergeNodeSummary(nodes, s);
    }
}

} // namespace ns3
