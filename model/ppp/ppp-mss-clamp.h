/**
 * \file
 * \brief RouterOS `change-tcp-mss` (ppp/profile): the Maximum Segment Size option (RFC 9293
 * §3.7.1, kind 2, length 4) of a TCP SYN crossing a PPP interface is lowered to the interface
 * MTU minus 40 (20 octets of IPv4 header, 20 of TCP header), so neither end sends segments the
 * tunnel would have to fragment. Only lowered, never raised; IPv4 only (as RouterOS: its dynamic
 * mangle rule matches SYNs whose MSS is above the limit); the TCP checksum is recomputed over the
 * pseudo-header (RFC 9293 §3.1) and the segment.
 *
 * Plain C++ on the datagram's octets; never reads past them. A datagram that is not a
 * well-formed unfragmented IPv4 TCP SYN is left alone and reported as such.
 */
#ifndef L2TPLAB_PPP_MSS_CLAMP_H
#define L2TPLAB_PPP_MSS_CLAMP_H

#include "model/common/byte-buffer.h"

#include <cstdint>

namespace ns3
{

/** \brief What ClampTcpMss did. */
enum class MssClampResult : uint8_t
{
    NOT_TCP_SYN, //!< not IPv4, not TCP, a non-first fragment, or no SYN flag: untouched
    NO_MSS,      //!< a SYN without an MSS option: untouched (RouterOS matches tcp-mss only)
    WITHIN,      //!< its MSS was already at or below the limit
    CLAMPED,     //!< its MSS was lowered and the TCP checksum recomputed
    MALFORMED,   //!< header lengths or options inconsistent: untouched
};

/** \brief "not-tcp-syn", "no-mss", "within", "clamped", "malformed". */
const char* ToString(MssClampResult r);

/**
 * \brief Clamp the MSS option of an IPv4 TCP SYN in `datagram` to `maxMss`.
 * \param oldMss if not null, receives the MSS found (0 if none)
 */
MssClampResult ClampTcpMss(Bytes& datagram, uint16_t maxMss, uint16_t* oldMss = nullptr);

/** \brief The TCP checksum of the IPv4 datagram's segment, as it should be (for tests). */
uint16_t TcpChecksumOf(const Bytes& datagram);

} // namespace ns3

#endif
