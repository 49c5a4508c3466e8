/**
 * \file
 * \brief The fast engine's decoders for the layers around L2TP: PPP (in L2TP data messages and on
 * PPP link-type captures), ESP (raw and UDP-encapsulated), IKEv1/ISAKMP and the port-4500
 * classification of RFC 3948. Each fills the record type the tshark path fills (ppp-records.h,
 * ipsec-records.h) with tshark's field semantics (Wireshark 4.0), so CheckRecords judges both
 * the same way; tests/unit/conformance/engine-test.cc proves it record by record (cross-check).
 *
 * What a decoder cannot reproduce is not guessed: it sets `fallback` to a reason, and the engine
 * (engine.h) then judges the capture with tshark and says why.
 */
#ifndef L2TPLAB_CONFORMANCE_FAST_LAYERS_H
#define L2TPLAB_CONFORMANCE_FAST_LAYERS_H

#include "conformance/ipsec-records.h"
#include "conformance/ppp-records.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \brief Decode one PPP frame the way tshark's ppp_hdlc dissector does (optional FF 03, then the
 * Protocol field, 1 octet when PFC-compressed), filling protocol, header, options, magic, CHAP
 * value and name. Endpoints, frame and L2TP fields are left to the caller.
 * \param p first octet of the PPP frame (address field or protocol)
 * \param n octets available
 * \param r the record
 * \param fallback set to a reason when the packet needs what the fast engine does not do (MP
 * reassembly)
 * \return false if tshark would show no PPP layer (nothing to decode)
 */
bool DecodePppLikeTshark(const uint8_t* p, size_t n, PppRecord& r, std::string& fallback);

/**
 * \brief Decode an ESP header (RFC 4303 §2: SPI, Sequence Number) as tshark's esp dissector
 * without keys does. \return false if not even the SPI is there.
 */
bool DecodeEspLikeTshark(const uint8_t* p, size_t n, EspRecord& r);

/**
 * \brief Decode an ISAKMP message (RFC 2408 §3.1 header, the top-level payload chain of a
 * clear-text message, Vendor ID and NAT-D bytes, the first Hash Algorithm attribute of an SA
 * payload) as tshark's isakmp dissector does without keys.
 * \return false if the header is cut short (tshark shows no usable isakmp layer)
 */
bool DecodeIkeLikeTshark(const uint8_t* p, size_t n, IkeRecord& r);

/** \brief RFC 3948 §2 classification of a port-4500 UDP payload (tshark's udpencap dissector). */
UdpEncapKind ClassifyUdpEncap(const uint8_t* p, size_t n);

} // namespace ns3

#endif
