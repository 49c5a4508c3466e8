/**
 * \file
 * \brief CHAP packets (RFC 1994 §4) shared by CHAP-MD5, MS-CHAPv1 (RFC 2433 §3) and MS-CHAPv2
 * (RFC 2759 §3-§6), and the MD5 response of RFC 1994 §2.
 */
#ifndef L2TPLAB_PPP_CHAP_H
#define L2TPLAB_PPP_CHAP_H

#include "model/common/byte-buffer.h"
#include "model/common/crypto.h"
#include "model/ppp/ppp-pap.h"

#include <string>

namespace ns3
{

/** \brief CHAP codes (RFC 1994 §4). */
enum class PppChapCode : uint8_t
{
    CHALLENGE = 1, //!< §4.1
    RESPONSE = 2,  //!< §4.1
    SUCCESS = 3,   //!< §4.2
    FAILURE = 4,   //!< §4.2
};

/** \brief "challenge", "response", "success", "failure" or "code-<n>". */
std::string PppChapCodeName(uint8_t code);

/** \brief One CHAP packet: Challenge/Response carry value + name, Success/Failure a message. */
struct PppChapPacket
{
    uint8_t code{0};     //!< PppChapCode
    uint8_t id{0};       //!< Identifier
    Bytes value;         //!< Challenge/Response: the Value (Value-Size octets)
    std::string name;    //!< Challenge/Response: the Name (rest of the packet)
    std::string message; //!< Success/Failure: the Message (rest of the packet)
};

/**
 * \brief Decode a CHAP packet from a PPP Information field. Octets beyond Length are padding
 * (§4). false + why for: shorter than 4 octets, Length < 4 or beyond the data, an unknown code,
 * a Challenge/Response without a Value-Size octet, Value-Size 0 or beyond Length.
 */
bool DecodePppChapPacket(const Bytes& info, PppChapPacket& out, std::string& why);

/** \brief Encode a CHAP packet (the fields of its code only). */
Bytes EncodePppChapPacket(const PppChapPacket& p);

/** \brief RFC 1994 §2 with MD5 (§4.1): MD5(Identifier || secret || Challenge). */
Md5Digest ChapMd5Response(uint8_t id, const std::string& secret, const Bytes& challenge);

} // namespace ns3

#endif
