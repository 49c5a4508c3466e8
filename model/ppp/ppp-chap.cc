#include "model/ppp/ppp-chap.h"

#include <algorithm>

namespace ns3
{

std::string
PppChapCodeName(uint8_t code)
{
    static const char* const kNames[] = {"challenge", "response", "success", "failure"};
    if (code >= 1 && code <= 4)
    {
        return kNames[code - 1];
    }
    return "code-" + std::to_string(code);
}

bool
DecodePppChapPacket(const Bytes& info, PppChapPacket& out, std::string& why)
{
    ByteReader body;
    if (!DecodePppAuthHeader(info, out.code, out.id, body, why))
    {
        return false;
    }
    switch (static_cast<PppChapCode>(out.code))
    {
    case PppChapCode::CHALLENGE:
    case PppChapCode::RESPONSE:
    {
        uint8_t valueSize = 0;
        if (!body.ReadU8(valueSize) || valueSize == 0 || !body.ReadBytes(valueSize, out.value))
        {
            why = "Value-Size missing, 0 or beyond Length";
            return false;
        }
        return body.ReadString(body.Remaining(), out.name);
    }
    case PppChapCode::SUCCESS:
    case PppChapCode::FAILURE:
        return body.ReadString(body.Remaining(), out.message);
    }
    why = "unknown code " + std::to_string(out.code);
    return false;
}

Bytes
EncodePppChapPacket(const PppChapPacket& p)
{
    bool withValue = p.code == static_cast<uint8_t>(PppChapCode::CHALLENGE) ||
                     p.code == static_cast<uint8_t>(PppChapCode::RESPONSE);
    const std::string& text = withValue ? p.name : p.message;
    size_t n = withValue ? std::min<size_t>(p.value.size(), 255) : 0;
    size_t head = withValue ? 1 : 0;
    Bytes data(head + n + text.size()); // sized up front: Value-Size, Value, Name or Message
    if (withValue)
    {
        data[0] = static_cast<uint8_t>(n);
        std::copy(p.value.begin(), p.value.begin() + n, data.begin() + 1);
    }
    std::copy(text.begin(), text.end(), data.begin() + head + n);
    return EncodePppAuthHeader(p.code, p.id, data);
}

Md5Digest
ChapMd5Response(uint8_t id, const std::string& secret, const Bytes& challenge)
{
    return Md5({ByteSpan(&id, 1), secret, challenge});
}

} // namespace ns3
