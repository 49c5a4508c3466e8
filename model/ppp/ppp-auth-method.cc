#include "model/ppp/ppp-auth-method.h"

namespace ns3
{

namespace
{

/** \brief One method: its RouterOS word and its Auth-Protocol option data. */
struct AuthMethodRow
{
    PppAuthMethod method; //!< the method
    const char* word;     //!< RouterOS word
    uint16_t protocol;    //!< Authentication-Protocol (0 for NONE)
    int algorithm;        //!< CHAP algorithm octet, -1 when the protocol has none
};

constexpr AuthMethodRow kAuthMethods[] = {
    {PppAuthMethod::NONE, "none", 0x0000, -1},
    {PppAuthMethod::PAP, "pap", 0xc023, -1},             // RFC 1334 §3.1
    {PppAuthMethod::CHAP_MD5, "chap", 0xc223, 0x05},     // RFC 1994 §3
    {PppAuthMethod::MSCHAP_V1, "mschap1", 0xc223, 0x80}, // RFC 2433 §2
    {PppAuthMethod::MSCHAP_V2, "mschap2", 0xc223, 0x81}, // RFC 2759 §2
};

} // namespace

const char*
PppAuthMethodName(PppAuthMethod m)
{
    for (const AuthMethodRow& r : kAuthMethods)
    {
        if (r.method == m)
        {
            return r.word;
        }
    }
    return "?";
}

bool
ParsePppAuthMethod(const std::string& word, PppAuthMethod& out)
{
    for (const AuthMethodRow& r : kAuthMethods)
    {
        if (word == r.word)
        {
            out = r.method;
            return true;
        }
    }
    return false;
}

Bytes
PppAuthOptionData(PppAuthMethod m)
{
    for (const AuthMethodRow& r : kAuthMethods)
    {
        if (r.method == m && r.protocol != 0)
        {
            Bytes b{static_cast<uint8_t>(r.protocol >> 8), static_cast<uint8_t>(r.protocol)};
            if (r.algorithm >= 0)
            {
                b.push_back(static_cast<uint8_t>(r.algorithm));
            }
            return b;
        }
    }
    return {};
}

bool
DecodePppAuthOption(const Bytes& data, PppAuthMethod& out)
{
    if (data.size() < 2)
    {
        return false;
    }
    const uint16_t protocol = static_cast<uint16_t>(data[0] << 8 | data[1]);
    for (const AuthMethodRow& r : kAuthMethods)
    {
        if (r.protocol == 0 || r.protocol != protocol)
        {
            continue;
        }
        // PAP carries no data after the protocol (RFC 1334 §3.1: Length 4); CHAP exactly one
        // algorithm octet (RFC 1994 §3: Length 5).
        const size_t want = r.algorithm >= 0 ? 3 : 2;
        if (data.size() == want && (r.algorithm < 0 || data[2] == r.algorithm))
        {
            out = r.method;
            return true;
        }
    }
    return false;
}

} // namespace ns3
