/**
 * \file
 * \brief The per-node IPsec carrier: ns-3 IPv4 ⇄ the sans-IO IPsec cores (IkeEngine behind
 * model/ipsec/ike-api.h, IpsecSpd, EspSad). Transport mode protecting L2TP's UDP 1701 (RFC 3193).
 *
 * How it hooks ns-3 (no netfilter in ns-3; every hook is public ns-3 API):
 *  - Outbound: UdpL4Protocol hands every datagram it sends, UDP header included, to its "down
 *    target" (IpL4Protocol::SetDownTarget, by default Ipv4L3Protocol::Send). The carrier takes
 *    that place: the SPD looks at the datagram; bypass goes on to Ipv4L3Protocol::Send
 *    unchanged; protect replaces it by ESP (IP protocol 50) or, when the SA is UDP-encapsulated
 *    (RFC 3948), by a UDP datagram 4500 -> peer's NAT-T port whose header the carrier builds
 *    itself with checksum ZERO (RFC 3948 §2.1; UdpEncapBuildDatagram) and hands to
 *    Ipv4L3Protocol::Send as protocol 17, so ns-3's UdpL4Protocol never computes a checksum for
 *    it. No SA yet: the datagram is held (acquire-queue per destination, overflow counted) and
 *    the engine asked (Acquire); the held datagrams go out when the SA pair is installed.
 *  - Inbound: the node's IPv4 layer delivers by protocol number (Ipv4L3Protocol::GetProtocol).
 *    The carrier registers a shim for protocol 50 (ESP) and replaces the UDP entry by a shim that
 *    takes UDP 500 and 4500 (IKE, ESP-in-UDP after ClassifyNattPayload, NAT-keepalives, which are
 *    ignored as RFC 3948 §2.3 says) and asks the SPD about every other datagram before passing
 *    it on to the real UdpL4Protocol::Receive (a clear datagram an encrypt policy covers is
 *    dropped and counted: use-ipsec=required). Decrypted transport-mode segments are checked
 *    against the SPD (RFC 4301 §5.2), their UDP checksum recomputed over the addresses they
 *    arrived with when they came through a NAT (RFC 3948 §3.1.2: the sender computed it with
 *    its own original addresses; ESP's ICV already vouched for the octets), and delivered to
 *    UdpL4Protocol::Receive as if they had arrived in clear, so sockets see the L2TP datagram.
 *  - IKE sockets: the engine's datagrams are sent by the carrier as UDP 500 -> 500 or 4500 ->
 *    4500 (non-ESP marker added) with a normal checksum; received ones are taken by the UDP
 *    shim before any socket (no ns-3 socket is bound to 500/4500).
 *  - Timers: one ns-3 event at the earliest of the engine's NextDeadline, the SAD's lifetimes
 *    and the NAT-keepalive schedules (RFC 3948 §4, 20 s by default), sent for UDP-encapsulated
 *    SAs of peers that are not passive (the road warrior: the IKE contract does not say which
 *    end NAT-D found behind the NAT; in every scenario here the initiator is).
 *
 * The engine comes from a factory (it may return null: then Acquire and IKE datagrams are refused
 * and counted, ipsec/drop/no-ike-engine). InstallSa/DeleteSa are the paths INSTALL_SA/DELETE_SA
 * take, public so that the data path is testable without IKE.
 */
#ifndef L2TPLAB_RUNNER_NS3_IPSEC_CARRIER_H
#define L2TPLAB_RUNNER_NS3_IPSEC_CARRIER_H

#include "runner/ipsec-mapping.h"

#include "model/common/events.h"
#include "model/ipsec/esp.h"
#include "model/ipsec/ike-api.h"
#include "model/ipsec/ipsec-spd.h"
#include "model/ipsec/udp-encap.h"

#include "ns3/event-id.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/node.h"
#include "ns3/packet.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Makes a node's IKE engine (null: none available). */
using IkeEngineFactory =
    std::function<std::unique_ptr<IkeEngine>(EventSink& events, uint64_t seed)>;

class UdpL4Protocol;
class IpsecCarrier;

/** \brief An IpL4Protocol entry of the node's IPv4 layer that hands receptions to the carrier. */
class IpsecL4Shim : public IpL4Protocol
{
public:
    static TypeId GetTypeId();
    IpsecL4Shim() = default;
    void
    Setup(IpsecCarrier* carrier, int protocol, Ptr<IpL4Protocol> inner)
    {
        m_carrier = carrier;
        m_protocol = protocol;
        m_inner = inner;
    }
    int
    GetProtocolNumber() const override
    {
        return m_protocol;
    }
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& h, Ptr<Ipv4Interface> iface) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& h, Ptr<Ipv6Interface> iface) override;
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;
    void
    Detach()
    {
        m_carrier = nullptr;
        m_inner = nullptr;
    }

private:
    IpsecCarrier* m_carrier{nullptr}; //!< owner (null after Detach)
    int m_protocol{0};                //!< 17 or 50
    Ptr<IpL4Protocol> m_inner;        //!< the real UDP (17) or null (50)
    DownTargetCallback m_down;        //!< unused (the inner protocol sends)
    DownTargetCallback6 m_down6;      //!< unused
};

/** \brief One node's IPsec (see the file comment). */
class IpsecCarrier : public EventSink
{
public:
    IpsecCarrier(const std::string& name,
                 Ptr<Node> node,
                 IpsecPlan plan,
                 EventSink* sink,
                 const IkeEngineFactory& factory,
                 uint64_t seed);
    ~IpsecCarrier() override;

    /** \brief Hook into the node's IPv4/UDP (after the Internet stack is installed). */
    bool Attach(std::string& error);

    /** \brief What INSTALL_SA does: the SAD gets the SA, the SPD its half pair. */
    void InstallSa(const IkeSaInstall& sa);
    /** \brief What DELETE_SA does. */
    void DeleteSa(uint32_t spi, bool inbound);

    // EventSink: the engine's events (node filled in)
    void Emit(const LabEvent& e) override;

    // ns-3 entry points
    void SendDown(Ptr<Packet> p, Ipv4Address src, Ipv4Address dst, uint8_t proto, Ptr<Ipv4Route> r);
    IpL4Protocol::RxStatus ReceiveUdp(Ptr<Packet> p, const Ipv4Header& h, Ptr<Ipv4Interface> i);
    IpL4Protocol::RxStatus ReceiveEsp(Ptr<Packet> p, const Ipv4Header& h, Ptr<Ipv4Interface> i);

    const IpsecSpd&
    Spd() const
    {
        return m_spd;
    }
    const EspSad&
    Sad() const
    {
        return m_sad;
    }
    const Counters&
    GetCounters() const
    {
        return m_counters;
    }
    /** \brief Every counter, names "ipsec/<name>" (SAD and SPD drops included). */
    std::map<std::string, uint64_t> AllCounters() const;
    const std::string&
    Name() const
    {
        return m_name;
    }
    /** \brief The engine's last phase1-failed as one line ("" if none): peer, reason, cause. */
    const std::string&
    LastPhase1Failure() const
    {
        return m_lastPhase1Failure;
    }
    bool
    HasEngine() const
    {
        return m_engine != nullptr;
    }
    /** \brief esp_sa rows of every SA ever installed (Wireshark decrypts the whole capture). */
    const std::vector<EspSaConfig>&
    KeyLog() const
    {
        return m_keyLog;
    }
    /** \brief The engine's ikev1_decryption_table lines ("" without an engine). */
    std::string Ikev1DecryptionTable() const;

private:
    struct Held
    {
        Ptr<Packet> packet;
        Ipv4Address src;
        Ipv4Address dst;
        Ptr<Ipv4Route> route;
        TimeNs since{0}; //!< when it was held (held packets expire, kAcquireExpiry)
    };
    struct Keepalive
    {
        IkeEndpoint local;
        IkeEndpoint remote;
        NatKeepaliveSchedule schedule;
    };

    void Protect(Ptr<Packet> p, Ipv4Address src, const OutboundResult& r, Ptr<Ipv4Route> route);
    void Hold(
        Ptr<Packet> p, Ipv4Address src, Ipv4Address dst, Ptr<Ipv4Route> r, const OutboundResult& o);
    void FlushHeld(const std::string& remote);
    IpL4Protocol::RxStatus ReceiveNatt(Ptr<Packet> payload,
                                       const Ipv4Header& h,
                                       uint16_t sport,
                                       Ptr<Ipv4Interface> iface);
    IpL4Protocol::RxStatus Decrypted(const Bytes& esp,
                                     const Ipv4Header& h,
                                     Ptr<Ipv4Interface> iface,
                                     bool viaUdp);
    void SendUdp(const IkeEndpoint& local,
                 const IkeEndpoint& remote,
                 const Bytes& payload,
                 bool zeroChecksum);
    Ptr<Ipv4Route> RouteTo(Ipv4Address src, Ipv4Address dst) const;
    void RunActions();
    void NoteSent(const IkeEndpoint& local, const IkeEndpoint& remote);
    void ArmTimer();
    void OnTimer();
    void LifetimeEvents(const std::vector<EspSaEvent>& events,
                        uint32_t spi,
                        const std::string& detail);
    void Drop(const std::string& reason);
    void Note(const std::string& object, const std::string& kind, const std::string& detail);

    std::string m_name;
    std::string m_lastPhase1Failure; //!< see LastPhase1Failure
    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_ipv4;
    Ptr<UdpL4Protocol> m_udp;
    Ptr<IpsecL4Shim> m_udpShim;
    Ptr<IpsecL4Shim> m_espShim;
    IpL4Protocol::DownTargetCallback m_down; //!< Ipv4L3Protocol::Send
    IpsecPlan m_plan;
    EventSink* m_sink;
    std::unique_ptr<IkeEngine> m_engine;
    IpsecSpd m_spd;
    EspSad m_sad;
    std::map<uint32_t, std::string> m_inboundDst;   //!< inbound SPI -> SAD destination key
    std::map<std::string, std::deque<Held>> m_held; //!< by destination address text
    std::vector<Keepalive> m_keepalives;
    std::vector<EspSaConfig> m_keyLog;
    Counters m_counters;
    EventId m_timer;
    TimeNs m_timerAt{kNever};
};

} // namespace ns3

#endif // L2TPLAB_RUNNER_NS3_IPSEC_CARRIER_H
