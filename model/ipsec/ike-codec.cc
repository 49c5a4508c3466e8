#include "model/ipsec/ike-codec.h"

#include <cstdio>

namespace ns3
{

namespace
{

const IkePayloadInfo kPayloads[] = {
    {IkePayload::SA, "SA", "RFC 2408 §3.4"},
    {IkePayload::PROPOSAL, "PROPOSAL", "RFC 2408 §3.5"},
    {IkePayload::TRANSFORM, "TRANSFORM", "RFC 2408 §3.6"},
    {IkePayload::KE, "KE", "RFC 2408 §3.7"},
    {IkePayload::ID, "ID", "RFC 2408 §3.8"},
    {IkePayload::CERT, "CERT", "RFC 2408 §3.9"},
    {IkePayload::CR, "CR", "RFC 2408 §3.10"},
    {IkePayload::HASH, "HASH", "RFC 2408 §3.11"},
    {IkePayload::SIG, "SIG", "RFC 2408 §3.12"},
    {IkePayload::NONCE, "NONCE", "RFC 2408 §3.13"},
    {IkePayload::NOTIFY, "NOTIFY", "RFC 2408 §3.14"},
    {IkePayload::DELETE, "DELETE", "RFC 2408 §3.15"},
    {IkePayload::VENDOR_ID, "VENDOR-ID", "RFC 2408 §3.16"},
    {IkePayload::NAT_D, "NAT-D", "RFC 3947 §3.2"},
    {IkePayload::NAT_OA, "NAT-OA", "RFC 3947 §5.2"},
    {IkePayload::NAT_D_DRAFT, "NAT-D-DRAFT", "draft-ietf-ipsec-nat-t-ike-02 §3.2"},
    {IkePayload::NAT_OA_DRAFT, "NAT-OA-DRAFT", "draft-ietf-ipsec-nat-t-ike-02 §5.2"},
};

const IkeNotifyInfo kNotifies[] = {
    {IkeNotifyType::INVALID_PAYLOAD_TYPE, "INVALID-PAYLOAD-TYPE", "RFC 2408 §3.14.1"},
    {IkeNotifyType::INVALID_EXCHANGE_TYPE, "INVALID-EXCHANGE-TYPE", "RFC 2408 §3.14.1"},
    {IkeNotifyType::INVALID_MESSAGE_ID, "INVALID-MESSAGE-ID", "RFC 2408 §3.14.1"},
    {IkeNotifyType::NO_PROPOSAL_CHOSEN, "NO-PROPOSAL-CHOSEN", "RFC 2408 §3.14.1"},
    {IkeNotifyType::PAYLOAD_MALFORMED, "PAYLOAD-MALFORMED", "RFC 2408 §3.14.1"},
    {IkeNotifyType::INVALID_KEY_INFORMATION, "INVALID-KEY-INFORMATION", "RFC 2408 §3.14.1"},
    {IkeNotifyType::INVALID_ID_INFORMATION, "INVALID-ID-INFORMATION", "RFC 2408 §3.14.1"},
    {IkeNotifyType::INVALID_HASH_INFORMATION, "INVALID-HASH-INFORMATION", "RFC 2408 §3.14.1"},
    {IkeNotifyType::AUTHENTICATION_FAILED, "AUTHENTICATION-FAILED", "RFC 2408 §3.14.1"},
    {IkeNotifyType::INITIAL_CONTACT, "INITIAL-CONTACT", "RFC 2407 §4.6.3.3"},
    {IkeNotifyType::R_U_THERE, "R-U-THERE", "RFC 3706 §5"},
    {IkeNotifyType::R_U_THERE_ACK, "R-U-THERE-ACK", "RFC 3706 §5"},
};

// RFC 2409 Appendix A: attribute classes; "B" = basic (TV only), "V" = variable (TLV allowed).
const IkeAttributeInfo kPhase1Attrs[] = {
    {1, "Encryption Algorithm", true, "RFC 2409 App. A"},
    {2, "Hash Algorithm", true, "RFC 2409 App. A"},
    {3, "Authentication Method", true, "RFC 2409 App. A"},
    {4, "Group Description", true, "RFC 2409 App. A"},
    {5, "Group Type", true, "RFC 2409 App. A"},
    {6, "Group Prime/Irreducible Polynomial", false, "RFC 2409 App. A"},
    {7, "Group Generator One", false, "RFC 2409 App. A"},
    {8, "Group Generator Two", false, "RFC 2409 App. A"},
    {9, "Group Curve A", false, "RFC 2409 App. A"},
    {10, "Group Curve B", false, "RFC 2409 App. A"},
    {11, "Life Type", true, "RFC 2409 App. A"},
    {12, "Life Duration", false, "RFC 2409 App. A"},
    {13, "PRF", true, "RFC 2409 App. A"},
    {14, "Key Length", true, "RFC 2409 App. A"},
    {15, "Field Size", true, "RFC 2409 App. A"},
    {16, "Group Order", false, "RFC 2409 App. A"},
};

const IkeAttributeInfo kPhase2Attrs[] = {
    {1, "SA Life Type", true, "RFC 2407 §4.5"},
    {2, "SA Life Duration", false, "RFC 2407 §4.5"},
    {3, "Group Description", true, "RFC 2407 §4.5"},
    {4, "Encapsulation Mode", true, "RFC 2407 §4.5, RFC 3947 §5"},
    {5, "Authentication Algorithm", true, "RFC 2407 §4.5"},
    {6, "Key Length", true, "RFC 2407 §4.5"},
    {7, "Key Rounds", true, "RFC 2407 §4.5"},
    {8, "Compress Dictionary Size", true, "RFC 2407 §4.5"},
    {9, "Compress Private Algorithm", false, "RFC 2407 §4.5"},
};

const IkeReasonInfo kReasons[] = {
    {IkeReason::TRUNCATED, "truncated", "RFC 2408 §3.1", "shorter than the 28-octet ISAKMP header"},
    {IkeReason::BAD_VERSION, "bad_version", "RFC 2408 §5.1",
     "major version is not 1 (INVALID-MAJOR-VERSION)"},
    {IkeReason::BAD_LENGTH, "bad_length", "RFC 2408 §3.1",
     "header Length is not the datagram's length"},
    {IkeReason::BAD_PAYLOAD_LENGTH, "bad_payload_length", "RFC 2408 §3.2",
     "a payload length below the generic header or past the end of the message"},
    {IkeReason::UNKNOWN_PAYLOAD, "unknown_payload", "RFC 2408 §5.1",
     "payload type not defined (INVALID-PAYLOAD-TYPE)"},
    {IkeReason::BAD_SA, "bad_sa", "RFC 2408 §5.4",
     "SA, Proposal or Transform payload malformed (PAYLOAD-MALFORMED)"},
    {IkeReason::BAD_ATTRIBUTE, "bad_attribute", "RFC 2408 §3.3",
     "a data attribute runs past its transform"},
    {IkeReason::BAD_NOTIFY, "bad_notify", "RFC 2408 §3.14", "notification payload malformed"},
    {IkeReason::BAD_DELETE, "bad_delete", "RFC 2408 §3.15", "delete payload malformed"},
    {IkeReason::BAD_ID, "bad_id", "RFC 2407 §4.6.2", "identification payload malformed"},
    {IkeReason::BAD_NONCE, "bad_nonce", "RFC 2409 §5", "nonce shorter than 8 or longer than 256"},
    {IkeReason::BAD_KE, "bad_ke", "RFC 2409 §5",
     "key exchange value of the wrong size or not in 2..p-2"},
    {IkeReason::BAD_NAT_OA, "bad_nat_oa", "RFC 3947 §5.2", "NAT-OA payload malformed"},
    {IkeReason::BAD_ENCRYPTION, "bad_encryption", "RFC 2409 App. B",
     "encrypted part is not a whole number of cipher blocks"},
    {IkeReason::BAD_HASH, "bad_hash", "RFC 2409 §5, §5.5",
     "the HASH payload does not verify (INVALID-HASH-INFORMATION)"},
    {IkeReason::MISSING_PAYLOAD, "missing_payload", "RFC 2409 §5",
     "a payload the exchange requires is absent"},
    {IkeReason::INVALID_COOKIE, "invalid_cookie", "RFC 2408 §5.1",
     "no ISAKMP SA for these cookies (INVALID-COOKIE)"},
    {IkeReason::BAD_EXCHANGE, "bad_exchange", "RFC 2408 §5.1",
     "exchange type not supported (INVALID-EXCHANGE-TYPE)"},
    {IkeReason::BAD_MESSAGE_ID, "bad_message_id", "RFC 2408 §5.1",
     "message ID invalid for this exchange (INVALID-MESSAGE-ID)"},
    {IkeReason::UNEXPECTED, "unexpected", "RFC 2409 §5",
     "a valid message the negotiation's state does not expect"},
    {IkeReason::NO_PROPOSAL, "no_proposal", "RFC 2408 §5.4",
     "no offered transform is acceptable (NO-PROPOSAL-CHOSEN)"},
    {IkeReason::NO_PEER, "no_peer", "RFC 2409 §5.4",
     "no peer (pre-shared key) configured for the source address"},
};
static_assert(sizeof(kReasons) / sizeof(kReasons[0]) == static_cast<size_t>(IkeReason::COUNT_),
              "one row per IkeReason");

bool
Fail(IkeReason r, IkeReason& why)
{
    why = r;
    return false;
}

bool
DecodeAttributes(ByteReader& r, std::vector<IkeAttribute>& out)
{
    while (!r.Empty())
    {
        uint16_t t = 0;
        uint16_t v = 0;
        if (!r.ReadU16(t) || !r.ReadU16(v))
        {
            return false;
        }
        IkeAttribute a;
        a.type = t & 0x7fff;
        a.tv = (t & 0x8000) != 0;
        if (a.tv)
        {
            a.value = v;
        }
        else
        {
            if (!r.ReadBytes(v, a.data))
            {
                return false;
            }
            // A variable value of up to 4 octets is also a number (Life Duration, RFC 2409 App. A).
            size_t start = a.data.size() > 4 ? a.data.size() - 4 : 0;
            for (size_t i = start; i < a.data.size(); ++i)
            {
                a.value = (a.value << 8) | a.data[i];
            }
        }
        out.push_back(a);
    }
    return true;
}

void
EncodeAttributes(ByteWriter& w, const std::vector<IkeAttribute>& attrs)
{
    for (const IkeAttribute& a : attrs)
    {
        if (a.tv)
        {
            w.WriteU16(static_cast<uint16_t>(0x8000 | a.type));
            w.WriteU16(static_cast<uint16_t>(a.value));
        }
        else
        {
            w.WriteU16(a.type);
            w.WriteU16(static_cast<uint16_t>(a.data.size()));
            w.WriteBytes(a.data);
        }
    }
}

/** \brief One generic header inside SA/Proposal: next, reserved, length; body reader out. */
bool
ReadGeneric(ByteReader& r, uint8_t& next, ByteReader& body)
{
    uint8_t reserved = 0;
    uint16_t len = 0;
    if (!r.ReadU8(next) || !r.ReadU8(reserved) || !r.ReadU16(len) || len < kIkeGenericHeaderLen)
    {
        return false;
    }
    return r.ReadSub(len - kIkeGenericHeaderLen, body);
}

bool
DecodeTransform(ByteReader& body, IkeTransform& t, IkeReason& why)
{
    uint16_t reserved = 0;
    if (!body.ReadU8(t.number) || !body.ReadU8(t.id) || !body.ReadU16(reserved))
    {
        return Fail(IkeReason::BAD_SA, why);
    }
    return DecodeAttributes(body, t.attrs) || Fail(IkeReason::BAD_ATTRIBUTE, why);
}

bool
DecodeProposal(ByteReader& body, IkeProposal& p, IkeReason& why)
{
    why = IkeReason::BAD_SA;
    uint8_t spiSize = 0;
    uint8_t count = 0;
    if (!body.ReadU8(p.number) || !body.ReadU8(p.protocol) || !body.ReadU8(spiSize) ||
        !body.ReadU8(count) || !body.ReadBytes(spiSize, p.spi) || count == 0)
    {
        return false;
    }
    uint8_t next = IkePayload::TRANSFORM;
    for (uint8_t i = 0; i < count; ++i)
    {
        ByteReader tb;
        if (next != IkePayload::TRANSFORM || !ReadGeneric(body, next, tb))
        {
            return false;
        }
        IkeTransform t;
        if (!DecodeTransform(tb, t, why))
        {
            return false;
        }
        p.transforms.push_back(t);
    }
    // RFC 2408 §3.6: the last transform's Next Payload is 0, and nothing follows it.
    return next == IkePayload::NONE && body.Empty();
}

void
WritePatched(ByteWriter& w, uint8_t next, const Bytes& body)
{
    w.WriteU8(next);
    w.WriteU8(0);
    w.WriteU16(static_cast<uint16_t>(body.size() + kIkeGenericHeaderLen));
    w.WriteBytes(body);
}

} // namespace

const IkePayloadInfo*
IkePayloadTable(size_t& count)
{
    count = sizeof(kPayloads) / sizeof(kPayloads[0]);
    return kPayloads;
}

const IkeNotifyInfo*
IkeNotifyTable(size_t& count)
{
    count = sizeof(kNotifies) / sizeof(kNotifies[0]);
    return kNotifies;
}

const IkeAttributeInfo*
IkePhase1AttributeTable(size_t& count)
{
    count = sizeof(kPhase1Attrs) / sizeof(kPhase1Attrs[0]);
    return kPhase1Attrs;
}

const IkeAttributeInfo*
IkePhase2AttributeTable(size_t& count)
{
    count = sizeof(kPhase2Attrs) / sizeof(kPhase2Attrs[0]);
    return kPhase2Attrs;
}

std::string
IkePayloadName(uint8_t type)
{
    for (const IkePayloadInfo& row : kPayloads)
    {
        if (row.type == type)
        {
            return row.name;
        }
    }
    return "payload-" + std::to_string(type);
}

std::string
IkeNotifyName(uint16_t type)
{
    for (const IkeNotifyInfo& row : kNotifies)
    {
        if (row.type == type)
        {
            return row.name;
        }
    }
    return "notify-" + std::to_string(type);
}

bool
IkeKnownPayload(uint8_t type)
{
    for (const IkePayloadInfo& row : kPayloads)
    {
        if (row.type == type)
        {
            return true;
        }
    }
    return false;
}

const IkeReasonInfo*
IkeReasonTable(size_t& count)
{
    count = sizeof(kReasons) / sizeof(kReasons[0]);
    return kReasons;
}

const IkeReasonInfo&
GetIkeReasonInfo(IkeReason r)
{
    return kReasons[static_cast<size_t>(r)];
}

bool
IkeTransform::Get(uint16_t type, uint32_t& value) const
{
    for (const IkeAttribute& a : attrs)
    {
        if (a.type == type)
        {
            value = a.value;
            return true;
        }
    }
    return false;
}

bool
DecodeIsakmpHeader(const Bytes& msg, IsakmpHeader& h, IkeReason& why)
{
    ByteReader r(msg);
    Bytes ic;
    Bytes rc;
    if (msg.size() < kIsakmpHeaderLen || !r.ReadBytes(8, ic) || !r.ReadBytes(8, rc) ||
        !r.ReadU8(h.nextPayload) || !r.ReadU8(h.version) || !r.ReadU8(h.exchange) ||
        !r.ReadU8(h.flags) || !r.ReadU32(h.messageId) || !r.ReadU32(h.length))
    {
        return Fail(IkeReason::TRUNCATED, why);
    }
    std::copy(ic.begin(), ic.end(), h.icookie.begin());
    std::copy(rc.begin(), rc.end(), h.rcookie.begin());
    if ((h.version >> 4) != 1)
    {
        return Fail(IkeReason::BAD_VERSION, why);
    }
    if (h.length != msg.size())
    {
        return Fail(IkeReason::BAD_LENGTH, why);
    }
    return true;
}

Bytes
EncodeIsakmpHeader(const IsakmpHeader& h)
{
    ByteWriter w;
    w.WriteBytes(h.icookie.data(), 8);
    w.WriteBytes(h.rcookie.data(), 8);
    w.WriteU8(h.nextPayload);
    w.WriteU8(h.version);
    w.WriteU8(h.exchange);
    w.WriteU8(h.flags);
    w.WriteU32(h.messageId);
    w.WriteU32(h.length);
    return w.Take();
}

bool
DecodeIkePayloads(const uint8_t* data,
                  size_t size,
                  uint8_t first,
                  bool allowTrailing,
                  std::vector<IkeRawPayload>& out,
                  IkeReason& why)
{
    ByteReader r(data, size);
    uint8_t type = first;
    out.clear();
    while (type != IkePayload::NONE)
    {
        if (!IkeKnownPayload(type) || type == IkePayload::PROPOSAL || type == IkePayload::TRANSFORM)
        {
            return Fail(IkeReason::UNKNOWN_PAYLOAD, why);
        }
        uint8_t next = 0;
        ByteReader body;
        if (!ReadGeneric(r, next, body))
        {
            return Fail(IkeReason::BAD_PAYLOAD_LENGTH, why);
        }
        out.push_back(IkeRawPayload{type, body.Rest()});
        type = next;
    }
    if (!allowTrailing && !r.Empty())
    {
        return Fail(IkeReason::BAD_LENGTH, why);
    }
    return true;
}

Bytes
EncodeIkePayloads(const std::vector<IkeRawPayload>& payloads)
{
    ByteWriter w;
    for (size_t i = 0; i < payloads.size(); ++i)
    {
        uint8_t next = i + 1 < payloads.size() ? payloads[i + 1].type : IkePayload::NONE;
        WritePatched(w, next, payloads[i].body);
    }
    return w.Take();
}

bool
DecodeIkeSa(const Bytes& body, IkeSa& sa, IkeReason& why)
{
    ByteReader r(body);
    sa.proposals.clear();
    if (!r.ReadU32(sa.doi) || !r.ReadU32(sa.situation))
    {
        return Fail(IkeReason::BAD_SA, why);
    }
    uint8_t next = IkePayload::PROPOSAL;
    while (!r.Empty())
    {
        ByteReader pb;
        IkeProposal p;
        if (next != IkePayload::PROPOSAL || !ReadGeneric(r, next, pb))
        {
            return Fail(IkeReason::BAD_SA, why);
        }
        if (!DecodeProposal(pb, p, why))
        {
            return false;
        }
        sa.proposals.push_back(p);
    }
    if (sa.proposals.empty() || next != IkePayload::NONE)
    {
        return Fail(IkeReason::BAD_SA, why);
    }
    return true;
}

Bytes
EncodeIkeSa(const IkeSa& sa)
{
    ByteWriter w;
    w.WriteU32(sa.doi);
    w.WriteU32(sa.situation);
    for (size_t i = 0; i < sa.proposals.size(); ++i)
    {
        const IkeProposal& p = sa.proposals[i];
        ByteWriter pw;
        pw.WriteU8(p.number);
        pw.WriteU8(p.protocol);
        pw.WriteU8(static_cast<uint8_t>(p.spi.size()));
        pw.WriteU8(static_cast<uint8_t>(p.transforms.size()));
        pw.WriteBytes(p.spi);
        for (size_t j = 0; j < p.transforms.size(); ++j)
        {
            const IkeTransform& t = p.transforms[j];
            ByteWriter tw;
            tw.WriteU8(t.number);
            tw.WriteU8(t.id);
            tw.WriteU16(0);
            EncodeAttributes(tw, t.attrs);
            WritePatched(pw, j + 1 < p.transforms.size() ? IkePayload::TRANSFORM : 0, tw.Data());
        }
        WritePatched(w, i + 1 < sa.proposals.size() ? IkePayload::PROPOSAL : 0, pw.Data());
    }
    return w.Take();
}

bool
DecodeIkeNotify(const Bytes& body, IkeNotify& n, IkeReason& why)
{
    ByteReader r(body);
    uint8_t spiSize = 0;
    if (!r.ReadU32(n.doi) || !r.ReadU8(n.protocol) || !r.ReadU8(spiSize) || !r.ReadU16(n.type) ||
        !r.ReadBytes(spiSize, n.spi))
    {
        return Fail(IkeReason::BAD_NOTIFY, why);
    }
    n.data = r.Rest();
    return true;
}

Bytes
EncodeIkeNotify(const IkeNotify& n)
{
    ByteWriter w;
    w.WriteU32(n.doi);
    w.WriteU8(n.protocol);
    w.WriteU8(static_cast<uint8_t>(n.spi.size()));
    w.WriteU16(n.type);
    w.WriteBytes(n.spi);
    w.WriteBytes(n.data);
    return w.Take();
}

bool
DecodeIkeDelete(const Bytes& body, IkeDelete& d, IkeReason& why)
{
    ByteReader r(body);
    uint16_t count = 0;
    d.spis.clear();
    if (!r.ReadU32(d.doi) || !r.ReadU8(d.protocol) || !r.ReadU8(d.spiSize) || !r.ReadU16(count) ||
        d.spiSize == 0)
    {
        return Fail(IkeReason::BAD_DELETE, why);
    }
    for (uint16_t i = 0; i < count; ++i)
    {
        Bytes spi;
        if (!r.ReadBytes(d.spiSize, spi))
        {
            return Fail(IkeReason::BAD_DELETE, why);
        }
        d.spis.push_back(spi);
    }
    if (!r.Empty())
    {
        return Fail(IkeReason::BAD_DELETE, why);
    }
    return true;
}

Bytes
EncodeIkeDelete(const IkeDelete& d)
{
    ByteWriter w;
    w.WriteU32(d.doi);
    w.WriteU8(d.protocol);
    w.WriteU8(d.spiSize);
    w.WriteU16(static_cast<uint16_t>(d.spis.size()));
    for (const Bytes& s : d.spis)
    {
        w.WriteBytes(s);
    }
    return w.Take();
}

bool
DecodeIkeId(const Bytes& body, IkeId& id, IkeReason& why)
{
    ByteReader r(body);
    if (!r.ReadU8(id.type) || !r.ReadU8(id.protocol) || !r.ReadU16(id.port))
    {
        return Fail(IkeReason::BAD_ID, why);
    }
    id.data = r.Rest();
    if (id.type == kIdIpv4Addr && id.data.size() != 4)
    {
        return Fail(IkeReason::BAD_ID, why);
    }
    return true;
}

Bytes
EncodeIkeId(const IkeId& id)
{
    ByteWriter w;
    w.WriteU8(id.type);
    w.WriteU8(id.protocol);
    w.WriteU16(id.port);
    w.WriteBytes(id.data);
    return w.Take();
}

bool
DecodeIkeNatOa(const Bytes& body, Bytes& addr4, IkeReason& why)
{
    ByteReader r(body);
    uint8_t type = 0;
    if (!r.ReadU8(type) || !r.Skip(3) || type != kIdIpv4Addr || !r.ReadBytes(4, addr4) ||
        !r.Empty())
    {
        return Fail(IkeReason::BAD_NAT_OA, why);
    }
    return true;
}

Bytes
EncodeIkeNatOa(const Bytes& addr4)
{
    ByteWriter w;
    w.WriteU8(kIdIpv4Addr);
    w.WriteU8(0);
    w.WriteU16(0);
    w.WriteBytes(addr4);
    return w.Take();
}

const IkeRawPayload*
IkeMessage::Find(uint8_t type) const
{
    for (const IkeRawPayload& p : payloads)
    {
        if (p.type == type)
        {
            return &p;
        }
    }
    return nullptr;
}

Bytes
EncodeIkeMessage(const IkeMessage& m)
{
    Bytes chain = EncodeIkePayloads(m.payloads);
    IsakmpHeader h = m.hdr;
    h.nextPayload = m.payloads.empty() ? IkePayload::NONE : m.payloads.front().type;
    h.length = static_cast<uint32_t>(kIsakmpHeaderLen + chain.size());
    Bytes out = EncodeIsakmpHeader(h);
    out.insert(out.end(), chain.begin(), chain.end());
    return out;
}

bool
DecodeIkeMessage(const Bytes& msg, IkeMessage& m, IkeReason& why)
{
    if (!DecodeIsakmpHeader(msg, m.hdr, why))
    {
        return false;
    }
    return DecodeIkePayloads(msg.data() + kIsakmpHeaderLen, msg.size() - kIsakmpHeaderLen,
                             m.hdr.nextPayload, false, m.payloads, why);
}

bool
IkeParseIpv4(const std::string& text, Bytes& out)
{
    unsigned a = 0;
    unsigned b = 0;
    unsigned c = 0;
    unsigned d = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 ||
        b > 255 || c > 255 || d > 255)
    {
        return false;
    }
    out = {static_cast<uint8_t>(a), static_cast<uint8_t>(b), static_cast<uint8_t>(c),
           static_cast<uint8_t>(d)};
    return true;
}

std::string
IkeFormatIpv4(const Bytes& addr4)
{
    if (addr4.size() != 4)
    {
        return "";
    }
    return std::to_string(addr4[0]) + "." + std::to_string(addr4[1]) + "." +
           std::to_string(addr4[2]) + "." + std::to_string(addr4[3]);
}

} // namespace ns3
