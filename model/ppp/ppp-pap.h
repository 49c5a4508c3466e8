/**
 * \file
 * \brief PAP packets (RFC 1334 §2.2) and the Code/Identifier/Length header PAP and CHAP share
 * (RFC 1334 §2.2, RFC 1994 §4).
 */
#ifndef L2TPLAB_PPP_PAP_H
#define L2TPLAB_PPP_PAP_H

#include "model/common/byte-buffer.h"

#include <string>

namespace ns3
{

/**
 * \brief Read Code, Identifier, Length; body = the Data field (octets beyond Length are link
 * padding and ignored). false + why when shorter than 4 octets or Length outside 4..size.
 */
bool DecodePppAuthHeader(
    const Bytes& info, uint8_t& code, uint8_t& id, ByteReader& body, std::string& why);

/** \brief Code, Identifier, Length (4 + data size), then data. */
Bytes EncodePppAuthHeader(uint8_t code, uint8_t id, const Bytes& data);

/** \brief PAP codes (RFC 1334 §2.2). */
enum class PppPapCode : uint8_t
{
    AUTHENTICATE_REQUEST = 1, //!< §2.2.1
    AUTHENTICATE_ACK = 2,     //!< §2.2.2
    AUTHENTICATE_NAK = 3,     //!< §2.2.2
};

/** \brief "authenticate-request", "authenticate-ack", "authenticate-nak" or "code-<n>". */
std::string PppPapCodeName(uint8_t code);

/** \brief One PAP packet: a Request carries Peer-ID and Password, Ack/Nak a Message. */
struct PppPapPacket
{
    uint8_t code{0};      //!< PppPapCode
    uint8_t id{0};        //!< Identifier
    std::string peerId;   //!< Request
    std::string password; //!< Request
    std::string message;  //!< Ack/Nak
};

/**
 * \brief Decode a PAP packet. false + why for: shorter than 4 octets, a bad Length, an unknown
 * code, a Peer-ID/Passwd-Length/Msg-Length that runs past Length.
 */
bool DecodePppPapPacket(const Bytes& info, PppPapPacket& out, std::string& why);

/** \brief Encode a PAP packet; fields longer than 255 octets are cut to 255. */
Bytes EncodePppPapPacket(const PppPapPacket& p);

} // namespace ns3

#endif
