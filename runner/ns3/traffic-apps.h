/**
 * \file
 * \brief The traffic generators that ns-3 does not provide in the form the scenarios need:
 * a ping with count, size, interval, timeout, DF and per-request RTT (ns-3's V4Ping has no count,
 * no DF and no per-packet hook), and a constant-bit-rate UDP source whose datagrams carry flow id,
 * sequence number and send time in their payload (so the receiver can measure one-way delay even
 * when a tunnel rebuilds the packet from bytes). TCP bulk uses ns-3's BulkSendApplication.
 */
#ifndef L2TPLAB_RUNNER_NS3_TRAFFIC_APPS_H
#define L2TPLAB_RUNNER_NS3_TRAFFIC_APPS_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace ns3
{

/** \brief ICMP Echo over a raw IPv4 socket (header included, so DF can be set). */
class TrafficPing : public Application
{
public:
    /** \brief What to send. */
    struct Config
    {
        Ipv4Address remote;        //!< destination
        uint32_t count{1};         //!< requests
        Time interval{Seconds(1)}; //!< spacing
        uint32_t size{56};         //!< ICMP data bytes
        bool dontFragment{false};  //!< DF bit
        Time timeout{Seconds(1)};  //!< reply deadline per request
        uint16_t identifier{1};    //!< ICMP Identifier (unique per flow)
    };

    /** \brief What happened (all optional). */
    struct Hooks
    {
        std::function<void(uint32_t)> sent;                        //!< request i handed to IPv4
        std::function<void(uint32_t, const std::string&)> notSent; //!< request i refused locally
        std::function<void(uint32_t, Time)> reply; //!< reply to request i within timeout
        std::function<void(uint32_t)> timeout;     //!< request i timed out
        std::function<void(uint32_t)> late;        //!< reply to request i after its timeout
    };

    /** \brief ns-3 type id. */
    static TypeId GetTypeId();
    /** \brief Configure before the start time. */
    void Setup(const Config& cfg, Hooks hooks);

private:
    void StartApplication() override;
    void StopApplication() override;
    void Send();
    void Receive(Ptr<Socket> socket);
    void Timeout(uint32_t index);

    Config m_cfg;                       //!< configuration
    Hooks m_hooks;                      //!< reporting
    Ptr<Socket> m_socket;               //!< raw ICMP socket
    uint32_t m_next{0};                 //!< next request index
    std::map<uint32_t, Time> m_pending; //!< index -> send time, until answered or timed out
    EventId m_sendEvent;                //!< next Send
};

/**
 * \brief ICMPv6 Echo (RFC 4443 §4.1) over a raw IPv6 socket, with the same count, interval,
 * timeout and hooks as TrafficPing. The target is resolved at every request: a link-local
 * destination needs its interface (RouterOS `/ping ... interface=`), and the peer of a PPP link is
 * known only once IPV6CP has negotiated its Interface-Identifier.
 */
class TrafficPing6 : public Application
{
public:
    /** \brief Where request i goes: false = no target now (not sent, "no-route"). */
    using Target = std::function<bool(Ipv6Address& dst, Ipv6Address& src)>;

    /** \brief What to send. */
    struct Config
    {
        Target target;             //!< destination (and source for link-local), per request
        uint32_t count{1};         //!< requests
        Time interval{Seconds(1)}; //!< spacing
        uint32_t size{56};         //!< ICMPv6 data bytes
        Time timeout{Seconds(1)};  //!< reply deadline per request
        uint16_t identifier{1};    //!< Echo Identifier (unique per flow)
    };

    /** \brief ns-3 type id. */
    static TypeId GetTypeId();
    /** \brief Configure before the start time. */
    void Setup(const Config& cfg, TrafficPing::Hooks hooks);

private:
    void StartApplication() override;
    void StopApplication() override;
    void Send();
    void Receive(Ptr<Socket> socket);
    void Timeout(uint32_t index);

    Config m_cfg;                       //!< configuration
    TrafficPing::Hooks m_hooks;         //!< reporting
    Ptr<Socket> m_socket;               //!< raw ICMPv6 socket
    uint32_t m_next{0};                 //!< next request index
    std::map<uint32_t, Time> m_pending; //!< index -> send time, until answered or timed out
    EventId m_sendEvent;                //!< next Send
};

/** \brief Constant bit rate UDP: `count` datagrams of `size` bytes every `interval`. */
class TrafficUdpSource : public Application
{
public:
    /** \brief Payload bytes the source writes first: flow id (4), sequence (4), send time (8). */
    static constexpr uint32_t kStampSize = 16;

    /** \brief What to send. */
    struct Config
    {
        Ipv4Address remote;        //!< destination
        uint16_t port{9};          //!< destination port
        uint32_t count{1};         //!< datagrams
        Time interval{Seconds(1)}; //!< spacing
        uint32_t size{56};         //!< payload bytes (>= kStampSize)
        uint32_t flowId{0};        //!< stamped into every datagram
    };

    /** \brief ns-3 type id. */
    static TypeId GetTypeId();
    /** \brief Configure before the start time; `sent` is told each datagram's index. */
    void Setup(const Config& cfg, std::function<void(uint32_t)> sent);

    /** \brief Read a stamp; false if the payload is too short. */
    static bool ReadStamp(
        const uint8_t* data, size_t size, uint32_t& flowId, uint32_t& seq, int64_t& sentNs);

private:
    void StartApplication() override;
    void StopApplication() override;
    void Send();

    Config m_cfg;                         //!< configuration
    std::function<void(uint32_t)> m_sent; //!< reporting
    Ptr<Socket> m_socket;                 //!< UDP socket
    uint32_t m_next{0};                   //!< next datagram index
    EventId m_sendEvent;                  //!< next Send
};

} // namespace ns3

#endif
