/**
 * \file
 * \brief PPP authentication methods: RouterOS names and the LCP Authentication-Protocol option data
 * (RFC 1661 §6.2; PAP RFC 1334 §3.1: c023; CHAP RFC 1994 §3: c223 + algorithm 05 = MD5; MS-CHAP
 * RFC 2433 §2: algorithm 80; MS-CHAP-V2 RFC 2759 §2: algorithm 81).
 */
#ifndef L2TPLAB_PPP_AUTH_METHOD_H
#define L2TPLAB_PPP_AUTH_METHOD_H

#include "model/common/byte-buffer.h"

#include <cstdint>
#include <string>

namespace ns3
{

/** \brief An authentication method, as RouterOS `authentication=` / `allow=` list it. */
enum class PppAuthMethod : uint8_t
{
    NONE,      //!< no authentication
    PAP,       //!< RFC 1334 (RouterOS "pap")
    CHAP_MD5,  //!< RFC 1994 with MD5 (RouterOS "chap")
    MSCHAP_V1, //!< RFC 2433 (RouterOS "mschap1")
    MSCHAP_V2, //!< RFC 2759 (RouterOS "mschap2")
};

/** \brief RouterOS words: "pap", "chap", "mschap1", "mschap2", "none". */
const char* PppAuthMethodName(PppAuthMethod m);

/** \brief Inverse of PppAuthMethodName; false (out untouched) for any other word. */
bool ParsePppAuthMethod(const std::string& word, PppAuthMethod& out);

/** \brief LCP Auth-Protocol option data: c023 / c223 05|80|81; empty for NONE. */
Bytes PppAuthOptionData(PppAuthMethod m);

/** \brief Inverse of PppAuthOptionData; false for an unknown protocol or CHAP algorithm. */
bool DecodePppAuthOption(const Bytes& data, PppAuthMethod& out);

} // namespace ns3

#endif
