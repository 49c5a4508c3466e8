/**
 * \file
 * \brief PPP authentication methods in RouterOS words (pap, chap, mschap1, mschap2).
 *
 * Minimal version written by slice ppp-aaa so the runner's mapping compiles before slice ppp-auth
 * merges: ONLY the enum and the two word helpers of the contract (/work/coord/ppp-contract.md).
 * Slice ppp-auth owns this file; at merge its version (which adds the LCP option helpers) wins.
 */
#ifndef L2TPLAB_MODEL_PPP_PPP_AUTH_METHOD_H
#define L2TPLAB_MODEL_PPP_PPP_AUTH_METHOD_H

#include <cstdint>
#include <string>

namespace ns3
{

/** \brief A PPP authentication protocol (LCP Auth-Protocol option value, RFC 1661 §6.2). */
enum class PppAuthMethod : uint8_t
{
    NONE,      //!< no authentication
    PAP,       //!< RFC 1334 (c023)
    CHAP_MD5,  //!< RFC 1994 (c223, algorithm 5)
    MSCHAP_V1, //!< RFC 2433 (c223, algorithm 0x80)
    MSCHAP_V2, //!< RFC 2759 (c223, algorithm 0x81)
};

/** \brief RouterOS word: "pap", "chap", "mschap1", "mschap2", "none". */
const char* PppAuthMethodName(PppAuthMethod m);

/** \brief Parse a RouterOS word (see PppAuthMethodName). \return false if unknown. */
bool ParsePppAuthMethod(const std::string& word, PppAuthMethod& out);

} // namespace ns3

#endif
