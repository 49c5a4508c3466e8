/**
 * \file
 * \brief PPP protocol numbers (RFC 1661 §2, IANA PPP DLL protocol numbers) and the frame codec
 * (RFC 1661 §2; Address/Control per RFC 1662 §3.1; PFC §6.5 and ACFC §6.6).
 */
#ifndef L2TPLAB_PPP_FRAME_H
#define L2TPLAB_PPP_FRAME_H

#include "model/common/byte-buffer.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

constexpr uint16_t kPppIpv4 = 0x0021;    //!< Internet Protocol version 4
constexpr uint16_t kPppIpv6 = 0x0057;    //!< Internet Protocol version 6
constexpr uint16_t kPppMp = 0x003d;      //!< Multilink (RFC 1990)
constexpr uint16_t kPppBridged = 0x0031; //!< Bridging PDU (RFC 3518)
constexpr uint16_t kPppLcp = 0xc021;     //!< Link Control Protocol (RFC 1661)
constexpr uint16_t kPppPap = 0xc023;     //!< Password Authentication Protocol (RFC 1334)
constexpr uint16_t kPppChap = 0xc223;    //!< Challenge Handshake Authentication Protocol (RFC 1994)
constexpr uint16_t kPppIpcp = 0x8021;    //!< IP Control Protocol (RFC 1332)
constexpr uint16_t kPppIpv6cp = 0x8057;  //!< IPv6 Control Protocol (RFC 5072)
constexpr uint16_t kPppBcp = 0x8031;     //!< Bridging Control Protocol (RFC 3518)
constexpr uint16_t kPppCcp = 0x80fd;     //!< Compression Control Protocol (RFC 1962)
constexpr uint16_t kPppMplscp = 0x8281;  //!< MPLS Control Protocol (RFC 3032 §4.3.1)
constexpr uint16_t kPppMplsUnicast = 0x0281;   //!< MPLS unicast (RFC 3032 §4.3.2)
constexpr uint16_t kPppMplsMulticast = 0x0283; //!< MPLS multicast (RFC 5332)

/** \brief "LCP", "IPCP", ... for a known protocol, else "0x1234". */
const char* PppProtocolName(uint16_t protocol);

/** \brief Why a frame did not decode. */
enum class PppFrameError
{
    NONE,                //!< decoded
    EMPTY,               //!< no octet at all
    BAD_ADDRESS_CONTROL, //!< starts with 0xFF but the Control field is not 0x03
    BAD_PROTOCOL_FIELD,  //!< protocol field violates §2 (low octet odd, high octet even)
    TRUNCATED,           //!< the protocol field is incomplete
};

/** \brief "none", "empty", "bad-address-control", "bad-protocol-field", "truncated". */
const char* ToString(PppFrameError e);

/** \brief A decoded PPP frame. */
struct PppFrame
{
    uint16_t protocol{0};           //!< protocol number
    Bytes info;                     //!< Information field (and any padding)
    bool addressControl{true};      //!< FF 03 was present
    bool protocolCompressed{false}; //!< the protocol field had one octet
};

/**
 * \brief Decode a frame (FCS and flags already removed). Accepts frames with or without FF 03 and
 * with a 1- or 2-octet protocol field (RFC 1661 §6.5, §6.6: a receiver MUST accept both forms once
 * negotiated; the caller decides whether it was negotiated). The protocol field's low octet must be
 * odd and its high octet even (§2); anything else is refused.
 */
PppFrameError DecodePppFrame(const uint8_t* data, size_t size, PppFrame& out);

/**
 * \brief Encode a frame. acfc: omit FF 03; pfc: 1-octet protocol field when the value allows it
 * (below 0x100). LCP frames always carry both fields in full (§6.5, §6.6).
 */
Bytes EncodePppFrame(uint16_t protocol, const Bytes& info, bool acfc, bool pfc);

} // namespace ns3

#endif
