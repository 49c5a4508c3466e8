/**
 * \file
 * \brief ESP, IKEv1 (ISAKMP) and UDP-encapsulation (NAT-T port 4500) records extracted by tshark in
 * the same JSON pass as the L2TP records (records.h).
 *
 * - EspRecord: one per `esp` layer (raw IP protocol 50 or ESP-in-UDP, RFC 3948 §2.1): SPI and
 *   Sequence Number (RFC 4303 §2.1/§2.2) are in clear text, so no key is needed for them.
 * - IkeRecord: one per `isakmp` layer (UDP 500, or 4500 after a non-ESP marker, RFC 3948 §2.2):
 *   header fields and the top-level payload chain. The payloads of an encrypted message (E flag,
 *   main-mode messages 5/6, quick mode, informational) are visible only when tshark can decrypt
 *   them (`ExtractOptions::wiresharkConfigDir` with an `ikev1_decryption_table`).
 * - NattRecord: one per UDP datagram on port 4500 (source or destination), classified the way the
 *   udpencap dissector does (1-octet 0xFF keepalive, 4 zero octets = non-ESP marker, else ESP),
 * with the UDP length, checksum and the first payload octets read from the frame's raw bytes.
 *
 * Quoted copies inside ICMP errors are skipped (a layer after an `icmp` layer is not a datagram).
 */
#ifndef L2TPLAB_CONFORMANCE_IPSEC_RECORDS_H
#define L2TPLAB_CONFORMANCE_IPSEC_RECORDS_H

#include "model/common/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

struct TsharkNode;

/** \brief ISAKMP values the checks refer to (RFC 2408 §3.1, §3.14; RFC 3947 §3.2). */
namespace isakmp
{
constexpr uint8_t EXCHANGE_IDENTITY_PROTECTION = 2; //!< Main Mode (RFC 2409 §5)
constexpr uint8_t EXCHANGE_AGGRESSIVE = 4;          //!< Aggressive Mode
constexpr uint8_t EXCHANGE_INFORMATIONAL = 5;       //!< Informational
constexpr uint8_t EXCHANGE_QUICK_MODE = 32;         //!< Quick Mode (RFC 2409 §5.5)
constexpr uint8_t EXCHANGE_IKE_AUTH = 35;           //!< IKEv2 IKE_AUTH (RFC 7296 §1.2)
constexpr uint8_t EXCHANGE_CREATE_CHILD_SA = 36;    //!< IKEv2 CREATE_CHILD_SA (RFC 7296 §1.3)
constexpr uint8_t PAYLOAD_SA = 1;
constexpr uint8_t PAYLOAD_KE = 4;
constexpr uint8_t PAYLOAD_ID = 5;
constexpr uint8_t PAYLOAD_HASH = 8;
constexpr uint8_t PAYLOAD_SIG = 9;
constexpr uint8_t PAYLOAD_NONCE = 10;
constexpr uint8_t PAYLOAD_NOTIFY = 11;
constexpr uint8_t PAYLOAD_DELETE = 12;
constexpr uint8_t PAYLOAD_VID = 13;
constexpr uint8_t PAYLOAD_NAT_D = 20;        //!< RFC 3947 §3.2
constexpr uint8_t PAYLOAD_NAT_OA = 21;       //!< RFC 3947 §5.1
constexpr uint8_t PAYLOAD_NAT_D_DRAFT = 130; //!< draft-ietf-ipsec-nat-t-ike-02/03
constexpr uint8_t FLAG_ENCRYPTION = 0x01;    //!< RFC 2408 §3.1 E bit
} // namespace isakmp

/** \brief The RFC 3947 §3.1 vendor ID: MD5("RFC 3947"). */
const std::vector<uint8_t>& Rfc3947VendorId();

/** \brief One ESP packet. */
struct EspRecord
{
    uint32_t frame{0};           //!< frame number
    TimeNs time{0};              //!< ns since the first frame
    std::string srcIp;           //!< IP source of the packet carrying ESP
    std::string dstIp;           //!< IP destination
    bool udpEncapsulated{false}; //!< ESP-in-UDP (RFC 3948)
    uint16_t srcPort{0};         //!< UDP source port when encapsulated
    uint16_t dstPort{0};         //!< UDP destination port when encapsulated
    uint32_t spi{0};             //!< Security Parameters Index
    uint32_t sequence{0};        //!< Sequence Number
    bool decrypted{false};       //!< tshark decrypted the payload (keys supplied)
    bool malformed{false};       //!< `_ws.malformed` or an expert error on the frame

    /** \brief "203.0.113.1:4500" or "203.0.113.1" (raw ESP). */
    std::string Src() const;
    /** \brief Destination as Src() prints it. */
    std::string Dst() const;
};

/** \brief One ISAKMP payload of the top-level chain. */
struct IkePayload
{
    uint8_t type{0};           //!< payload type
    uint16_t length{0};        //!< Payload Length field
    std::vector<uint8_t> vid;  //!< Vendor ID bytes (type 13 only)
    std::vector<uint8_t> hash; //!< NAT-D hash (types 20 and 130 only)
};

/** \brief One ISAKMP (IKEv1) message. */
struct IkeRecord
{
    uint32_t frame{0};        //!< frame number
    TimeNs time{0};           //!< ns since the first frame
    std::string srcIp;        //!< IP source
    std::string dstIp;        //!< IP destination
    uint16_t srcPort{0};      //!< UDP source port
    uint16_t dstPort{0};      //!< UDP destination port
    bool nonEspMarker{false}; //!< arrived after a non-ESP marker (port 4500)

    std::string initiatorCookie;      //!< 16 hex digits
    std::string responderCookie;      //!< 16 hex digits ("0000000000000000" in message 1)
    uint8_t majorVersion{0};          //!< MjVer
    uint8_t exchangeType{0};          //!< Exchange Type
    uint8_t flags{0};                 //!< Flags (E = 0x01, C = 0x02, A = 0x04)
    uint32_t messageId{0};            //!< Message ID
    uint32_t length{0};               //!< Length field
    bool payloadsVisible{false};      //!< false: encrypted and not decrypted
    bool decrypted{false};            //!< payloads come from tshark's decryption
    std::vector<IkePayload> payloads; //!< top-level chain, in order (encrypted part when decrypted)
    int hashAlgorithm{-1}; //!< first Hash Algorithm attribute of an SA payload (-1: none)
    bool malformed{false}; //!< `_ws.malformed` or an expert error on the frame

    /** \brief The E (encryption) flag. */
    bool
    Encrypted() const
    {
        return (flags & isakmp::FLAG_ENCRYPTION) != 0;
    }
    /** \brief "203.0.113.1:500". */
    std::string Src() const;
    /** \brief Destination as Src() prints it. */
    std::string Dst() const;
    /** \brief Number of payloads of that type. */
    size_t Count(uint8_t type) const;
    /** \brief True if a Vendor ID payload carries exactly these bytes. */
    bool HasVendorId(const std::vector<uint8_t>& vid) const;
    /** \brief "Main Mode", "Quick Mode", "Informational", "Exchange(n)". */
    std::string ExchangeName() const;
};

/** \brief How the udpencap dissector classified a datagram on port 4500. */
enum class UdpEncapKind
{
    NAT_KEEPALIVE,  //!< one octet 0xFF
    NON_ESP_MARKER, //!< 4 zero octets, then IKE
    ESP,            //!< ESP header
    OTHER,          //!< anything else (too short for ESP, undecodable)
};

/** \brief One UDP datagram to or from port 4500. */
struct NattRecord
{
    uint32_t frame{0};                      //!< frame number
    TimeNs time{0};                         //!< ns since the first frame
    std::string srcIp;                      //!< IP source
    std::string dstIp;                      //!< IP destination
    uint16_t srcPort{0};                    //!< UDP source port
    uint16_t dstPort{0};                    //!< UDP destination port
    UdpEncapKind kind{UdpEncapKind::OTHER}; //!< classification
    uint16_t udpLength{0};                  //!< UDP Length field (8-octet header included)
    uint16_t udpChecksum{0};                //!< UDP Checksum field
    bool isIpv6{false};                     //!< carried in IPv6 (checksum rules differ)
    std::vector<uint8_t> head; //!< first octets of the UDP payload (up to 16, as captured)

    /** \brief "203.0.113.1:4500". */
    std::string Src() const;
    /** \brief Destination as Src() prints it. */
    std::string Dst() const;
    /** \brief Octets of UDP payload. */
    uint16_t
    PayloadLength() const
    {
        return udpLength >= 8 ? udpLength - 8 : 0;
    }
};

/** \brief Fill an ESP record from an `esp` layer (endpoints set by the caller). */
void FillEspRecord(const TsharkNode& esp, EspRecord& r);

/** \brief Fill an IKE record from an `isakmp` layer (endpoints set by the caller). */
void FillIkeRecord(const TsharkNode& isakmpLayer, IkeRecord& r);

} // namespace ns3

#endif
