#include "model/ppp/ppp-mp.h"

#include <algorithm>

namespace ns3
{

namespace
{

constexpr uint8_t kBeginBit = 0x80; //!< §3: B, the first bit of the header
constexpr uint8_t kEndBit = 0x40;   //!< §3: E, the second bit

} // namespace

const char*
ToString(PppMpFormat f)
{
    return f == PppMpFormat::SHORT ? "short" : "long";
}

size_t
PppMpHeaderSize(PppMpFormat f)
{
    return f == PppMpFormat::SHORT ? 2 : 4;
}

uint32_t
PppMpSequenceModulus(PppMpFormat f)
{
    return f == PppMpFormat::SHORT ? (1u << 12) : (1u << 24);
}

const char*
ToString(PppMpDecodeError e)
{
    switch (e)
    {
    case PppMpDecodeError::NONE:
        return "none";
    case PppMpDecodeError::TRUNCATED:
        return "truncated";
    }
    return "?";
}

PppMpDecodeError
DecodePppMpFragment(const uint8_t* data, size_t size, PppMpFormat format, PppMpFragment& out)
{
    const size_t header = PppMpHeaderSize(format);
    if (data == nullptr || size < header)
    {
        return PppMpDecodeError::TRUNCATED;
    }
    out.begin = (data[0] & kBeginBit) != 0;
    out.end = (data[0] & kEndBit) != 0;
    if (format == PppMpFormat::SHORT)
    {
        // B E 0 0 | 12-bit sequence number
        out.reserved = static_cast<uint8_t>((data[0] >> 4) & 0x03);
        out.sequence = static_cast<uint32_t>(data[0] & 0x0f) << 8 | data[1];
    }
    else
    {
        // B E 0 0 0 0 0 0 | 24-bit sequence number
        out.reserved = static_cast<uint8_t>(data[0] & 0x3f);
        out.sequence =
            static_cast<uint32_t>(data[1]) << 16 | static_cast<uint32_t>(data[2]) << 8 | data[3];
    }
    out.data.assign(data + header, data + size);
    return PppMpDecodeError::NONE;
}

Bytes
EncodePppMpFragment(const PppMpFragment& f, PppMpFormat format)
{
    const uint32_t seq = f.sequence % PppMpSequenceModulus(format);
    const uint8_t flags = static_cast<uint8_t>((f.begin ? kBeginBit : 0) | (f.end ? kEndBit : 0));
    Bytes b;
    b.reserve(PppMpHeaderSize(format) + f.data.size());
    if (format == PppMpFormat::SHORT)
    {
        b.push_back(static_cast<uint8_t>(flags | (seq >> 8)));
        b.push_back(static_cast<uint8_t>(seq));
    }
    else
    {
        b.push_back(flags);
        b.push_back(static_cast<uint8_t>(seq >> 16));
        b.push_back(static_cast<uint8_t>(seq >> 8));
        b.push_back(static_cast<uint8_t>(seq));
    }
    b.insert(b.end(), f.data.begin(), f.data.end());
    return b;
}

size_t
DecodePppMpProtocol(const Bytes& packet, uint16_t& protocol)
{
    if (packet.empty())
    {
        return 0;
    }
    if (packet[0] & 0x01)
    {
        protocol = packet[0]; // §3 / RFC 1661 §6.5: a compressed (1-octet) Protocol field
        return 1;
    }
    if (packet.size() < 2 || (packet[1] & 0x01) == 0)
    {
        return 0; // RFC 1661 §2: the low octet of the Protocol field is odd
    }
    protocol = static_cast<uint16_t>(packet[0] << 8 | packet[1]);
    return 2;
}

// ---- sender

PppMpSender::PppMpSender(PppMpFormat format, uint32_t firstSequence)
    : m_format(format)
    , m_next(firstSequence % PppMpSequenceModulus(format))
{
}

bool
PppMpSender::Fragment(const Bytes& packet, size_t maxInfo, std::vector<Bytes>& out)
{
    const size_t header = PppMpHeaderSize(m_format);
    if (packet.empty() || maxInfo <= header)
    {
        return false;
    }
    const size_t room = maxInfo - header;
    const size_t n = (packet.size() + room - 1) / room;
    const size_t base = packet.size() / n;
    const size_t extra = packet.size() % n;
    size_t pos = 0;
    for (size_t i = 0; i < n; ++i)
    {
        const size_t len = base + (i < extra ? 1 : 0);
        PppMpFragment f;
        f.begin = i == 0;
        f.end = i + 1 == n;
        f.sequence = m_next;
        f.data.assign(packet.begin() + static_cast<std::ptrdiff_t>(pos),
                      packet.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
        out.push_back(EncodePppMpFragment(f, m_format));
        m_next = (m_next + 1) % PppMpSequenceModulus(m_format); // §4: one per fragment
    }
    return true;
}

// ---- receiver

std::vector<std::pair<std::string, uint64_t>>
PppMpDiscards(const PppMpRxCounters& c)
{
    return {{"lost-fragment", c.lostFragment}, {"no-begin", c.noBegin},
            {"over-mrru", c.overMrru},         {"buffer-full", c.bufferFull},
            {"duplicate", c.duplicate},        {"late", c.late},
            {"bad-protocol", c.badProtocol}};
}

PppMpReassembler::PppMpReassembler(const PppMpReassemblerConfig& cfg)
    : m_cfg(cfg)
    , m_mod(PppMpSequenceModulus(cfg.format))
    , m_linkLatest(std::max<uint32_t>(cfg.links, 1), -1)
{
    m_cfg.links = std::max<uint32_t>(cfg.links, 1);
    m_cfg.maxFragments = std::max<size_t>(cfg.maxFragments, 1);
}

uint64_t
PppMpReassembler::Unwrap(uint32_t sequence) const
{
    // The sequence number nearest the highest one seen (serial arithmetic over 2^24 or 2^12).
    const uint32_t refMod = static_cast<uint32_t>(m_highest % m_mod);
    const uint32_t ahead = (sequence + m_mod - refMod) % m_mod;
    return ahead < m_mod / 2 ? m_highest + ahead : m_highest - (m_mod - ahead);
}

int64_t
PppMpReassembler::M() const
{
    // §4.1: the minimum over the member links of their most recent sequence number; undefined
    // (-1) until every member link has received something.
    int64_t m = -1;
    for (int64_t latest : m_linkLatest)
    {
        if (latest < 0)
        {
            return -1;
        }
        m = m < 0 ? latest : std::min(m, latest);
    }
    return m;
}

bool
PppMpReassembler::Lost(uint64_t sequence) const
{
    // §4.1: a sequence number M has passed (by more than the reorder tolerance) and that is still
    // missing is lost.
    const int64_t m = M();
    return m >= 0 && m - static_cast<int64_t>(sequence) > static_cast<int64_t>(m_cfg.reorderWindow);
}

void
PppMpReassembler::DropRange(uint64_t from, uint64_t to)
{
    m_buffer.erase(m_buffer.lower_bound(from), m_buffer.lower_bound(to));
}

void
PppMpReassembler::Deliver(uint64_t from, uint64_t to, size_t octets, std::vector<Bytes>& out)
{
    Bytes packet;
    packet.reserve(octets);
    for (auto it = m_buffer.lower_bound(from); it != m_buffer.end() && it->first < to; ++it)
    {
        packet.insert(packet.end(), it->second.data.begin(), it->second.data.end());
    }
    DropRange(from, to);
    if (packet.empty())
    {
        ++m_counters.nullFragments;
        return;
    }
    uint16_t protocol = 0;
    const size_t field = DecodePppMpProtocol(packet, protocol);
    if (field == 0)
    {
        ++m_counters.badProtocol;
        return;
    }
    if (packet.size() - field > m_cfg.mrru)
    {
        ++m_counters.overMrru; // §5.1.1: nothing longer than the MRRU is reassembled
        return;
    }
    ++m_counters.packetsOut;
    out.push_back(std::move(packet));
}

bool
PppMpReassembler::TryPacket(std::vector<Bytes>& out)
{
    // The fragment at m_next carries B: walk its consecutive successors up to one with E.
    m_discardTail = false;
    uint64_t s = m_next;
    size_t octets = 0;
    for (auto it = m_buffer.find(m_next); it != m_buffer.end() && it->first == s; ++it, ++s)
    {
        if (s != m_next && it->second.begin)
        {
            // A new packet begins before this one ended: its E fragment was lost.
            DropRange(m_next, s);
            ++m_counters.lostFragment;
            m_discardTail = false;
            m_next = s;
            return true;
        }
        octets += it->second.data.size();
        if (octets > static_cast<size_t>(m_cfg.mrru) + 2)
        {
            // Longer than any packet the MRRU admits (2: the largest Protocol field).
            const bool ended = it->second.end; // read before DropRange frees it
            DropRange(m_next, s + 1);
            ++m_counters.overMrru;
            m_discardTail = !ended;
            m_next = s + 1;
            return true;
        }
        if (it->second.end)
        {
            Deliver(m_next, s + 1, octets, out);
            m_next = s + 1;
            return true;
        }
    }
    if (Lost(s))
    {
        DropRange(m_next, s); // §4.1: the packet with a lost fragment is discarded
        ++m_counters.lostFragment;
        m_discardTail = true; // its fragments after the gap are part of that one discard
        m_next = s;
        return true;
    }
    return false; // wait for the missing fragment
}

void
PppMpReassembler::Process(std::vector<Bytes>& out)
{
    while (!m_buffer.empty())
    {
        auto it = m_buffer.begin();
        if (it->first != m_next)
        {
            if (!Lost(m_next))
            {
                return;
            }
            // Skip the sequence numbers M has passed; a younger gap may still fill.
            const uint64_t bound = static_cast<uint64_t>(M()) - m_cfg.reorderWindow;
            const uint64_t to = std::min<uint64_t>(it->first, bound);
            m_counters.missing += to - m_next;
            m_next = to;
            continue;
        }
        if (!it->second.begin)
        {
            // The beginning of this fragment's packet is gone (lost, or a refused packet's tail).
            m_counters.noBegin += m_discardTail ? 0 : 1;
            m_discardTail = m_discardTail && !it->second.end;
            m_buffer.erase(it);
            ++m_next;
            continue;
        }
        if (!TryPacket(out))
        {
            return;
        }
    }
}

void
PppMpReassembler::Shed()
{
    while (m_buffer.size() > m_cfg.maxFragments)
    {
        auto it = m_buffer.begin();
        if (it->first != m_next)
        {
            m_counters.missing += it->first - m_next;
            m_next = it->first;
            continue;
        }
        if (!it->second.begin)
        {
            ++m_counters.noBegin;
            m_buffer.erase(it);
            ++m_next;
            continue;
        }
        // Give up on the oldest packet: its fragments up to its E, a gap or the next B.
        uint64_t s = m_next;
        do
        {
            const bool end = it->second.end;
            ++s;
            ++it;
            if (end)
            {
                break;
            }
        } while (it != m_buffer.end() && it->first == s && !it->second.begin);
        DropRange(m_next, s);
        ++m_counters.bufferFull;
        m_next = s;
    }
}

void
PppMpReassembler::Input(uint32_t link, const PppMpFragment& f, std::vector<Bytes>& out)
{
    ++m_counters.fragmentsIn;
    link = std::min(link, m_cfg.links - 1);
    const uint32_t seq = f.sequence % m_mod;
    if (!m_synced)
    {
        // The first fragment sets the reassembly point (with headroom below it for serial
        // arithmetic).
        m_synced = true;
        m_highest = 4ULL * m_mod + seq;
        m_next = m_highest;
    }
    const uint64_t abs = Unwrap(seq);
    if (abs < m_next)
    {
        ++m_counters.late;
        return;
    }
    if (m_buffer.count(abs) != 0)
    {
        ++m_counters.duplicate;
        return;
    }
    m_buffer[abs] = Held{f.begin, f.end, f.data};
    m_linkLatest[link] = std::max(m_linkLatest[link], static_cast<int64_t>(abs));
    m_highest = std::max(m_highest, abs);
    Process(out);
    if (m_buffer.size() > m_cfg.maxFragments)
    {
        Shed();
        Process(out);
    }
}

} // namespace ns3
