/**
 * \file
 * \brief RFC 3948 UDP encapsulation of ESP (NAT traversal), sans-IO: what a datagram received on
 * UDP port 4500 is (ESP, IKE after the non-ESP marker, NAT-keepalive, or malformed), the payloads
 * sent on that port, the NAT-keepalive schedule (§4), and the inner-checksum repair of transport
 * mode after a NAT (§3.1.2).
 *
 * Note for the ns-3 adapter (model/ipsec/ns3/, not written yet): RFC 3948 §2.1 says the UDP
 * checksum of ESP-in-UDP SHOULD be transmitted as zero (receivers MUST NOT depend on it being
 * zero). ns-3's UdpL4Protocol computes a UDP checksum for every datagram it sends whenever the
 * global `ChecksumEnabled` is true (which the runner turns on so that pcaps are valid for
 * Wireshark), and a UdpSocket has no per-socket switch. To put a zero checksum on the wire the
 * adapter must therefore build the UDP header itself (UdpEncapBuildDatagram below, with
 * checksum 0) and hand the datagram to Ipv4L3Protocol as protocol 17 (or a raw socket), instead of
 * sending the ESP packet through a UdpSocket; if it uses a UdpSocket anyway, the checksum will be
 * non-zero: legal for receivers, but not what RFC 3948 recommends, and a conformance check may
 * flag it. IKE on 4500 (after the non-ESP marker) and keepalives carry a normal checksum.
 */
#ifndef L2TPLAB_IPSEC_UDP_ENCAP_H
#define L2TPLAB_IPSEC_UDP_ENCAP_H

#include "model/common/byte-buffer.h"
#include "model/common/time.h"

#include <array>
#include <cstdint>

namespace ns3
{

constexpr uint16_t kNattPort = 4500;               //!< RFC 3948 §1 / RFC 3947 §4: IKE and ESP
constexpr uint16_t kIkeUdpPort = 500;              //!< IKE before the NAT-T float (RFC 3947 §4)
constexpr size_t kNonEspMarkerLen = 4;             //!< RFC 3948 §2.2: four zero octets
constexpr uint8_t kNatKeepaliveOctet = 0xFF;       //!< RFC 3948 §2.3
constexpr size_t kIkeHeaderLen = 28;               //!< RFC 2408 §3.1 ISAKMP header
constexpr TimeNs kNatKeepaliveDefault = 20 * kSec; //!< RFC 3948 §4: 20 seconds by default

/** \brief What a UDP 4500 payload is (RFC 3948 §2). */
enum class NattKind : uint8_t
{
    ESP,       //!< first four octets non-zero: an ESP SPI (§2.1)
    IKE,       //!< non-ESP marker then an IKE message (§2.2)
    KEEPALIVE, //!< the single octet 0xFF (§2.3)
    MALFORMED, //!< none of these: counted and dropped
};

/** \brief Why a UDP 4500 payload is malformed. Rows of NattReasonTable(). */
enum class NattReason : uint8_t
{
    NONE,          //!< not malformed
    EMPTY,         //!< zero-length payload
    SHORT,         //!< 1-7 octets and not a keepalive: neither an ESP header nor a marker + IKE
    IKE_TOO_SHORT, //!< non-ESP marker followed by less than an ISAKMP header
    COUNT_,        //!< number of rows (not a reason)
};

/** \brief One reason row. */
struct NattReasonInfo
{
    NattReason reason; //!< the reason
    const char* name;  //!< snake_case, for counters
    const char* rfc;   //!< citation
    const char* text;  //!< one sentence
};

/** \brief Every reason row, in NattReason order. */
const NattReasonInfo* NattReasonTable(size_t& count);
/** \brief snake_case name of a kind ("esp", "ike", "keepalive", "malformed"). */
const char* NattKindName(NattKind k);

/** \brief Result of classifying one datagram payload. */
struct NattClass
{
    NattKind kind{NattKind::MALFORMED};   //!< what it is
    NattReason reason{NattReason::EMPTY}; //!< why malformed (NONE otherwise)
    size_t offset{0}; //!< where the ESP packet or the IKE message starts (0 or 4)
    size_t length{0}; //!< its length
};

/**
 * \brief Classify a UDP payload received on port 4500 (RFC 3948 §2.1-§2.3): a one-octet 0xFF is a
 * keepalive (§2.3: the receiver ignores it), four zero octets are the non-ESP marker of an IKE
 * message (§2.2), anything else of at least 8 octets is ESP (the SPI of an ESP packet is never
 * zero, RFC 4303 §2.1). Reads through the bounds-checked ByteReader only.
 */
NattClass ClassifyNattPayload(const uint8_t* data, size_t size);
inline NattClass
ClassifyNattPayload(const Bytes& payload)
{
    return ClassifyNattPayload(payload.data(), payload.size());
}

/** \brief Counters of a port-4500 receiver: datagrams per kind, malformed per reason. */
struct NattCounters
{
    std::array<uint64_t, 4> kinds{};                                           //!< by kind
    std::array<uint64_t, static_cast<size_t>(NattReason::COUNT_)> malformed{}; //!< by reason

    /** \brief Count one classification. */
    void Count(const NattClass& c);
    uint64_t
    Kind(NattKind k) const
    {
        return kinds[static_cast<size_t>(k)];
    }
    uint64_t
    Malformed(NattReason r) const
    {
        return malformed[static_cast<size_t>(r)];
    }
};

/** \brief The payload of a NAT-keepalive: one octet 0xFF (RFC 3948 §2.3). */
Bytes UdpEncapKeepalive();
/** \brief The non-ESP marker followed by an IKE message (RFC 3948 §2.2). */
Bytes UdpEncapIke(const Bytes& ikeMessage);

/**
 * \brief A whole UDP datagram (8-octet header + payload) as RFC 3948 §2.1 sends ESP: the Length
 * field filled in, the Checksum 0. For the adapter that must bypass ns-3's checksum (see the file
 * comment) and for tests and pcaps.
 */
Bytes UdpEncapBuildDatagram(uint16_t srcPort, uint16_t dstPort, const Bytes& payload);

/**
 * \brief NAT-keepalive schedule (RFC 3948 §4): a keepalive is due when nothing has been sent to
 * the peer on the NAT-T flow for `interval`. The owner calls NoteSent for every datagram it sends
 * on the flow (ESP, IKE or keepalive) and asks Due/NextDeadline.
 */
class NatKeepaliveSchedule
{
public:
    explicit NatKeepaliveSchedule(TimeNs interval = kNatKeepaliveDefault, TimeNs start = 0)
        : m_interval(interval)
        , m_lastSent(start)
    {
    }
    void
    NoteSent(TimeNs now)
    {
        m_lastSent = now;
    }
    /** \brief Time the next keepalive is due (kNever if disabled: interval 0). */
    TimeNs
    NextDeadline() const
    {
        return m_interval > 0 ? m_lastSent + m_interval : kNever;
    }
    bool
    Due(TimeNs now) const
    {
        return m_interval > 0 && now >= NextDeadline();
    }
    TimeNs
    Interval() const
    {
        return m_interval;
    }

private:
    TimeNs m_interval; //!< keepalive interval, 0 = off
    TimeNs m_lastSent; //!< last datagram sent on the flow
};

/** \brief RFC 1071 one's-complement sum folded to 16 bits (not inverted), starting from `sum`. */
uint16_t InternetChecksumAdd(uint32_t sum, const uint8_t* data, size_t size);

/**
 * \brief Transport mode behind a NAT (RFC 3948 §3.1.2): the UDP checksum of a decapsulated inner
 * segment was computed with the original (pre-NAT) addresses. Update it incrementally (RFC 1624
 * eq. 3) from the original IPv4 addresses (learnt from NAT-OA, RFC 3947 §5.1, or the IKE peer
 * addresses) to the ones the packet arrived with. A zero checksum (none sent, RFC 768) stays 0.
 * \param segment the UDP header and payload after ESP decryption
 * \return false if the segment is shorter than a UDP header
 */
bool FixInnerUdpChecksum(Bytes& segment,
                         const std::array<uint8_t, 4>& origSrc,
                         const std::array<uint8_t, 4>& origDst,
                         const std::array<uint8_t, 4>& newSrc,
                         const std::array<uint8_t, 4>& newDst);

/** \brief UDP checksum over the IPv4 pseudo-header and the segment (0 becomes 0xFFFF, RFC 768). */
uint16_t UdpChecksumIpv4(const Bytes& segment,
                         const std::array<uint8_t, 4>& src,
                         const std::array<uint8_t, 4>& dst);

} // namespace ns3

#endif
