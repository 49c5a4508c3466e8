/**
 * \file
 * \brief The NAT's translation table (sans-IO): RFC 4787 mapping and filtering behaviours, port
 * preservation, per-protocol timeouts as RouterOS's `/ip firewall connection tracking` has them.
 *
 * ns-3 has no NAT. This core decides, for one packet at a time, what the NAT router does with it:
 * an outbound packet (from the inside) gets a mapping — found or created — and leaves with the
 * mapping's public address and port; an inbound packet (to the public address) is let in to the
 * internal endpoint only if a mapping exists and the filtering behaviour allows its source. The
 * ns-3 adapter rewrites headers and checksums; this table knows only addresses, ports and time.
 *
 * Behaviours (RFC 4787 §4.1 mapping, §5 filtering):
 *  - mapping ENDPOINT_INDEPENDENT (EIM): one public port per internal (address, port), whatever
 *    the destination; ADDRESS_DEPENDENT: one per destination address; ADDRESS_AND_PORT_DEPENDENT:
 *    one per destination (address, port) — what Linux conntrack + masquerade does (a public port
 *    is reused for other destinations, so two inside hosts sending from 4500 to two servers both
 *    keep 4500, and to one server the second gets another port).
 *  - filtering ENDPOINT_INDEPENDENT: any source may reach a mapping; ADDRESS_DEPENDENT: only
 *    addresses the internal endpoint has sent to; ADDRESS_AND_PORT_DEPENDENT: only (address,
 *    port) pairs it has sent to. Filtering may not be looser than mapping (an EIF NAT that maps
 *    per destination could not tell which mapping an unsolicited packet is for): Validate says so.
 *  - ports: preserved when free (RFC 4787 §4.2.1 "port preservation"), else the next free port
 *    upward from the range start; parity is not preserved (REQ-3 makes it a MAY).
 *  - timeouts: a UDP mapping that has seen only outbound packets lives `udpTimeout`; once the
 *    remote answered, `udpStreamTimeout` (RouterOS udp-timeout / udp-stream-timeout). Outbound
 *    packets refresh (RFC 4787 REQ-6), inbound packets refresh too (REQ-6 leaves it open; Linux
 *    does). Protocols without ports (ESP, IP protocol 50) map by addresses only: one inside host
 *    per remote address — why ESP without NAT-T breaks behind a NAT.
 */
#ifndef L2TPLAB_NAT_NAT_TABLE_H
#define L2TPLAB_NAT_NAT_TABLE_H

#include "model/common/events.h"
#include "model/common/time.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/** \brief RFC 4787 §4.1 mapping / §5 filtering behaviour. */
enum class NatBehaviour : uint8_t
{
    ENDPOINT_INDEPENDENT,
    ADDRESS_DEPENDENT,
    ADDRESS_AND_PORT_DEPENDENT,
};

/** \brief Name as in RFC 4787 ("endpoint-independent", ...). */
const char* NatBehaviourName(NatBehaviour b);
/** \brief Parse a name of NatBehaviourName (also "eim"/"adm"/"apdm", "eif"/"adf"/"apdf"). */
bool ParseNatBehaviour(const std::string& text, NatBehaviour& out);

/** \brief IP protocol numbers the table knows (others are translated like ESP: no ports). */
constexpr uint8_t kNatProtoIcmp = 1;
constexpr uint8_t kNatProtoTcp = 6;
constexpr uint8_t kNatProtoUdp = 17;
constexpr uint8_t kNatProtoEsp = 50;

/** \brief The NAT's behaviour and limits. */
struct NatConfig
{
    uint32_t publicAddress{0}; //!< masquerade: the out-interface's address; src-nat: to-addresses
    NatBehaviour mapping{NatBehaviour::ADDRESS_AND_PORT_DEPENDENT};   //!< Linux/RouterOS
    NatBehaviour filtering{NatBehaviour::ADDRESS_AND_PORT_DEPENDENT}; //!< Linux/RouterOS
    bool portPreservation{true};         //!< keep the inside port when it is free
    uint16_t portMin{1024};              //!< first port handed out when the inside one is taken
    uint16_t portMax{65535};             //!< last
    TimeNs udpTimeout{10 * kSec};        //!< RouterOS v6 udp-timeout: only outbound seen
    TimeNs udpStreamTimeout{180 * kSec}; //!< RouterOS udp-stream-timeout: both directions
    TimeNs tcpTimeout{86400 * kSec};     //!< RouterOS tcp-established-timeout (1d)
    TimeNs icmpTimeout{10 * kSec};       //!< RouterOS icmp-timeout
    TimeNs genericTimeout{600 * kSec};   //!< RouterOS generic-timeout (ESP and others)
};

/** \brief "" when the configuration is usable, else why not. */
std::string ValidateNatConfig(const NatConfig& c);

/** \brief One packet's addresses as the NAT sees them (ports 0 for ESP; ICMP: the echo id). */
struct NatPacket
{
    uint8_t protocol{kNatProtoUdp};
    uint32_t src{0};
    uint16_t srcPort{0};
    uint32_t dst{0};
    uint16_t dstPort{0};
};

/** \brief What to do with a packet. */
struct NatVerdict
{
    bool pass{false};    //!< false: drop it (reason says why)
    NatPacket out;       //!< the packet's addresses after translation
    std::string reason;  //!< drop reason (a counter name under nat/drop/)
    bool created{false}; //!< this packet created the mapping
};

/** \brief The translation table (see the file comment). */
class NatTable
{
public:
    /** \brief `sink` receives nat/mapping events (may be null); `object` prefixes their names. */
    NatTable(const NatConfig& config, EventSink* sink, std::string object = "nat");

    /** \brief A packet from the inside leaving by the public side. */
    NatVerdict Outbound(const NatPacket& p, TimeNs now);
    /** \brief A packet arriving at the public address. */
    NatVerdict Inbound(const NatPacket& p, TimeNs now);
    /** \brief Drop every mapping whose time has come (emits mapping-expired at `now`: the
     * adapter calls it at NextExpiry, so that is the mapping's deadline). */
    void Expire(TimeNs now);
    /** \brief When the next mapping expires (kNever if none). */
    TimeNs NextExpiry() const;

    /** \brief Live mappings. */
    size_t Size() const;
    /** \brief Counters: nat/mappings-created, -expired, -refreshed, nat/drop/<reason>, ... */
    const Counters&
    GetCounters() const
    {
        return m_counters;
    }

    /** \brief One live mapping, for reports and state paths. */
    struct MappingView
    {
        uint8_t protocol;
        uint32_t inside;
        uint16_t insidePort;
        uint16_t publicPort;
        uint32_t remote;     //!< the destination that created it (0 for EIM: any)
        uint16_t remotePort; //!< (0 unless APDM)
        TimeNs expires;
        bool replied;
    };

    std::vector<MappingView> Mappings() const;

private:
    /** \brief (protocol, inside, inside port, remote, remote port) as the mapping keys it. */
    using OutKey = std::tuple<uint8_t, uint32_t, uint16_t, uint32_t, uint16_t>;
    /** \brief (protocol, public port, remote, remote port) as the mapping keys it. */
    using InKey = std::tuple<uint8_t, uint16_t, uint32_t, uint16_t>;

    struct Mapping
    {
        OutKey outKey;
        InKey inKey;
        uint8_t protocol;
        uint32_t inside;
        uint16_t insidePort;
        uint16_t publicPort;
        uint32_t remote;
        uint16_t remotePort;
        TimeNs expires;
        TimeNs lastSeen;
        bool replied;
        std::set<std::pair<uint32_t, uint16_t>> contacted; //!< (address, port) sent to
    };

    OutKey OutKeyOf(const NatPacket& p) const;
    InKey InKeyOf(uint8_t protocol,
                  uint16_t publicPort,
                  uint32_t remote,
                  uint16_t remotePort) const;
    bool HasPorts(uint8_t protocol) const;
    bool PortFree(uint8_t protocol, uint16_t port, uint32_t remote, uint16_t remotePort) const;
    bool AllocatePort(const NatPacket& p, uint16_t& port);
    TimeNs Timeout(const Mapping& m) const;
    void Touch(uint64_t id, Mapping& m, TimeNs now, const char* why);
    void Emit(const std::string& kind, const Mapping& m, TimeNs now);
    NatVerdict Drop(const std::string& reason);

    NatConfig m_config;
    EventSink* m_sink;
    std::string m_object;
    Counters m_counters;
    uint64_t m_nextId{1};
    uint32_t m_cursor{0}; //!< next port to try when the inside one is taken (offset in range)
    std::map<uint64_t, Mapping> m_mappings;
    std::map<OutKey, uint64_t> m_out;
    std::map<InKey, uint64_t> m_in;
    std::set<std::pair<TimeNs, uint64_t>> m_deadlines;
};

} // namespace ns3

#endif // L2TPLAB_NAT_NAT_TABLE_H
