#include "model/ppp/ppp-auth-method.h"

namespace ns3
{

namespace
{

/** One method: its RouterOS word and its Auth-Protocol option data (protocol, CHAP algorithm). */
struct AuthMethodRow
{
    PppAuthMethod method;
    const char* name;
    uint16_t protocol; //!< 0: not negotiated
    int16_t algorithm; //!< CHAP algorithm octet, -1: none (PAP)
};

constexpr AuthMethodRow kAuthMethods[] = {
    {PppAuthMethod::NONE, "none", 0, -1},
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
            return r.name;
        }
    }
    return "?";
}

bool
ParsePppAuthMethod(const std::string& word, PppAuthMethod& out)
{
    for (const AuthMethodRow& r : kAuthMethods)
    {
        if (word == r.name)
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
            ByteWriter w;
            w.WriteU16(r.protocol);
            if (r.algorithm >= 0)
            {
                w.WriteU8(static_cast<uint8_t>(r.algorithm));
            }
            return w.Take();
        }
    }
    return {};
}

bool
DecodePppAuthOption(const Bytes& data, PppAuthMethod& out)
{
    ByteReader r(data);
    uint16_t protocol = 0;
    if (!r.ReadU16(protocol))
    {
        return false;
    }
    int16_t algorithm = -1;
    uint8_t a = 0;
    if (r.ReadU8(a))
    {
        algorithm = a;
    }
    if (!r.Empty())
    {
        return false; // PAP carries no data (RFC 1334 §3.1), CHAP exactly one octet (RFC 1994 §3)
    }
    for (const AuthMethodRow& row : kAuthMethods)
    {
        if (row.protocol != 0 && row.protocol == protocol && row.algorithm == algorithm)
        {
            out = row.method;
            return true;
        }
    }
    return false;
}

} // namespace ns3
