/**
 * \file
 * \brief The Ethernet-like bridge port of a bridged PPP session (BCP, RFC 3518): a NetDevice
 * that a BridgeNetDevice can use as a port (it has a MAC address and supports SendFrom), whose
 * frames travel inside the PPP link as protocol 0x0031 instead of on a wire.
 *
 * Send/SendFrom build an Ethernet II frame (destination, source, type, payload padded to the
 * 60-octet minimum) and hand it to the send hook (PppLink::SendBridged). Frames from the link
 * (Receive) are parsed back into (destination, source, type, payload) and given to the
 * promiscuous callback (the bridge) and, when addressed to this device, to the receive callback.
 */
#ifndef L2TPLAB_BCP_PORT_DEVICE_H
#define L2TPLAB_BCP_PORT_DEVICE_H

#include "model/common/byte-buffer.h"

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/simple-channel.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <string>

namespace ns3
{

class L2tpLabBcpPortDevice : public NetDevice
{
public:
    /** \brief An Ethernet frame out (from its destination address, no FCS). False: not sent. */
    using SendHook = std::function<bool(const Bytes& ethernet)>;

    static TypeId GetTypeId();
    L2tpLabBcpPortDevice();
    ~L2tpLabBcpPortDevice() override;

    void SetSendHook(SendHook hook);
    /** \brief A bridged frame from the link. \return false if it was not delivered. */
    bool Receive(const Bytes& ethernet);
    /** \brief BCP Opened (up) or not. */
    void SetLinkUp(bool up);
    /** \brief Frames dropped on receive (too short) or send (link down, no hook). */
    uint64_t GetDrops() const;

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
    Ptr<SimpleChannel> m_channel; //!< no other device: a bridge walks its ports' channels
    uint32_t m_ifIndex{0};
    uint16_t m_mtu{1500};
    bool m_up{false};
    uint64_t m_drops{0};
    Mac48Address m_address;
    NetDevice::ReceiveCallback m_rx;
    NetDevice::PromiscReceiveCallback m_promisc;
    TracedCallback<> m_linkChange;
};

} // namespace ns3

#endif
