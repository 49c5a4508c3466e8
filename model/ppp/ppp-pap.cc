#include "model/ppp/ppp-pap.h"

namespace ns3
{

namespace
{

std::string
Cut255(const std::string& s)
{
    return s.size() > 255 ? s.substr(0, 255) : s;
}

/** One length-prefixed PAP field (RFC 1334 §2.2.1 Peer-ID / Passwd, §2.2.2 Message). */
bool
ReadCounted(ByteReader& r, std::string& out)
{
    uint8_t n = 0;
    return r.ReadU8(n) && r.ReadString(n, out);
}

} // namespace

bool
DecodePppAuthHeader(
    const Bytes& info, uint8_t& code, uint8_t& id, ByteReader& body, std::string& why)
{
    ByteReader r(info);
    uint16_t length = 0;
    if (!r.ReadU8(code) || !r.ReadU8(id) || !r.ReadU16(length))
    {
        why = "shorter than the 4-octet header";
        return false;
    }
    if (length < 4 || length > info.size())
    {
        why = "Length " + std::to_string(length) + " outside 4.." + std::to_string(info.size());
        return false;
    }
    return r.ReadSub(length - 4, body);
}

Bytes
EncodePppAuthHeader(uint8_t code, uint8_t id, const Bytes& data)
{
    ByteWriter w;
    w.WriteU8(code);
    w.WriteU8(id);
    w.WriteU16(static_cast<uint16_t>(4 + data.size()));
    w.WriteBytes(data);
    return w.Take();
}

std::string
PppPapCodeName(uint8_t code)
{
    static const char* const kNames[] = {"authenticate-request", "authenticate-ack",
                                         "authenticate-nak"};
    if (code >= 1 && code <= 3)
    {
        return kNames[code - 1];
    }
    return "code-" + std::to_string(code);
}

bool
DecodePppPapPacket(const Bytes& info, PppPapPacket& out, std::string& why)
{
    ByteReader body;
    if (!DecodePppAuthHeader(info, out.code, out.id, body, why))
    {
        return false;
    }
    switch (static_cast<PppPapCode>(out.code))
    {
    case PppPapCode::AUTHENTICATE_REQUEST:
        if (!ReadCounted(body, out.peerId) || !ReadCounted(body, out.password))
        {
            why = "Peer-ID or Passwd-Length runs past Length";
            return false;
        }
        return true;
    case PppPapCode::AUTHENTICATE_ACK:
    case PppPapCode::AUTHENTICATE_NAK:
        if (body.Empty())
        {
            return true; // a Msg-Length octet is expected, but an empty Data is tolerated
        }
        if (!ReadCounted(body, out.message))
        {
            why = "Msg-Length runs past Length";
            return false;
        }
        return true;
    }
    why = "unknown code " + std::to_string(out.code);
    return false;
}

Bytes
EncodePppPapPacket(const PppPapPacket& p)
{
    ByteWriter w;
    auto counted = [&w](const std::string& s)
    {
        std::string c = Cut255(s);
        w.WriteU8(static_cast<uint8_t>(c.size()));
        w.WriteString(c);
    };
    if (p.code == static_cast<uint8_t>(PppPapCode::AUTHENTICATE_REQUEST))
    {
        counted(p.peerId);
        counted(p.password);
    }
    else
    {
        counted(p.message);
    }
    return EncodePppAuthHeader(p.code, p.id, w.Data());
}

} // namespace ns3
