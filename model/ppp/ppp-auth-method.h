/**
 * \file
 * \brief PPP authentication methods and their LCP Authentication-Protocol option data (RFC 1661
 * §6.2, RFC 1334 §3.1 PAP, RFC 1994 §3 CHAP with MD5, RFC 2433 §2 MS-CHAPv1, RFC 2759 §2
 * MS-CHAPv2). Shared by slice ppp-core (LCP negotiation) and slice ppp-auth (the protocols).
 */
#ifndef L2TPLAB_PPP_AUTH_METHOD_H
#define L2TPLAB_PPP_AUTH_METHOD_H

#include "model/common/byte-buffer.h"

#include <cstdint>
#include <string>

namespace ns3
{

/** \brief An authentication method a PPP link can negotiate. */
enum class PppAuthMethod : uint8_t
{
    NONE,      //!< no authentication
    PAP,       //!< RFC 1334 (protocol c023)
    CHAP_MD5,  //!< RFC 1994 (protocol c223, algorithm 5)
    MSCHAP_V1, //!< RFC 2433 (protocol c223, algorithm 0x80)
    MSCHAP_V2, //!< RFC 2759 (protocol c223, algorithm 0x81)
};

/** \brief RouterOS words: "pap", "chap", "mschap1", "mschap2", "none". */
const char* PppAuthMethodName(PppAuthMethod m);

/** \brief Parse a RouterOS word (see PppAuthMethodName); false if unknown. */
bool ParsePppAuthMethod(const std::string& word, PppAuthMethod& out);

/** \brief LCP Auth-Protocol option data: c023, or c223 followed by 05 / 80 / 81; empty for NONE. */
Bytes PppAuthOptionData(PppAuthMethod m);

/** \brief Inverse of PppAuthOptionData; false for an unknown protocol or algorithm. */
bool DecodePppAuthOption(const Bytes& data, PppAuthMethod& out);

} // namespace ns3

#endif
