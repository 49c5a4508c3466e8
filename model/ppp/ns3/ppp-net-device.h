/**
 * \file
 * \brief The ns-3 NetDevice of one PPP interface (RouterOS `l2tp-out1`, `<l2tp-alice>`): IPv4 (and
 * IPv6) of the node's stack on top, a PppLink below. Point-to-point, no ARP, no MAC address of its
 * own (a synthetic Mac48Address keeps ns-3's Address plumbing happy).
 *
 * The device does not speak PPP: Send hands the datagram to a send hook (the link glue, which
 * frames it), and Deliver passes a datagram from the link up the stack. The MTU follows the
 * negotiated MRU of the peer (set by the glue when IPCP opens).
 */
#ifndef L2TPLAB_PPP_NET_DEVICE_H
#define L2TPLAB_PPP_NET_DEVICE_H

#include "model/common/byte-buffer.h"

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <string>

namespace ns3
{

class L2tpLabPppDevice : public NetDevice
{
public:
    /** \brief Datagram out: (ethertype 0x0800 / 0x86dd, bytes). Returns false if not sent. */
    using SendHook = std::function<bool(uint16_t etherType, const Bytes& datagram)>;

    static TypeId GetTypeId();
    L2tpLabPppDevice();
    ~L2tpLabPppDevice() override;

    /** \brief Where Send goes. */
    void SetSendHook(SendHook hook);
    /** \brief A datagram from the link (ethertype 0x0800 or 0x86dd). */
    void Deliver(uint16_t etherType, const Bytes& datagram);
    /** \brief Link state as the IP layer sees it (IPCP Opened). */
    void SetLinkUp(bool up);
    /**
     * \brief IPV6CP opened (RFC 5072): our and the peer's Interface-Identifiers. The device's
     * address becomes the 64-bit identifier (as a Mac64Address with the universal/local bit
     * inverted, RFC 4291 App. A), so ns-3's link-local autoconfiguration yields fe80::<local>.
     */
    void SetIpv6InterfaceIds(uint64_t local, uint64_t peer);
    /** \brief The peer's Interface-Identifier (0 before IPV6CP opened). */
    uint64_t GetIpv6PeerInterfaceId() const;
    /** \brief Our Interface-Identifier (0 before IPV6CP opened). */
    uint64_t GetIpv6LocalInterfaceId() const;
    /** \brief RouterOS interface name (for logs). */
    void SetInterfaceName(const std::string& name);
    const std::string& GetInterfaceName() const;

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

protected:
    void DoDispose() override;

private:
    SendHook m_send;
    Ptr<Node> m_node;
    uint32_t m_ifIndex{0};
    uint16_t m_mtu{1450};
    bool m_up{false};
    Address m_address;
    uint64_t m_localId{0};
    uint64_t m_peerId{0};
    std::string m_name;
    NetDevice::ReceiveCallback m_rx;
    NetDevice::PromiscReceiveCallback m_promisc;
    TracedCallback<> m_linkChange;
};

} // namespace ns3

#endif
