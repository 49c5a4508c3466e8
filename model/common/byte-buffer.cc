#include "model/common/byte-buffer.h"

#include <cctype>
#include <cstring>

namespace ns3
{

ByteReader::ByteReader(const uint8_t* data, size_t size)
    : m_data(data)
    , m_size(data ? size : 0)
{
}

ByteReader::ByteReader(const Bytes& bytes)
    : m_data(bytes.data())
    , m_size(bytes.size())
{
}

bool
ByteReader::ReadU8(uint8_t& v)
{
    if (Remaining() < 1)
    {
        return false;
    }
    v = m_data[m_pos++];
    return true;
}

bool
ByteReader::ReadU16(uint16_t& v)
{
    if (Remaining() < 2)
    {
        return false;
    }
    v = static_cast<uint16_t>((m_data[m_pos] << 8) | m_data[m_pos + 1]);
    m_pos += 2;
    return true;
}

bool
ByteReader::ReadU32(uint32_t& v)
{
    if (Remaining() < 4)
    {
        return false;
    }
    v = (uint32_t(m_data[m_pos]) << 24) | (uint32_t(m_data[m_pos + 1]) << 16) |
        (uint32_t(m_data[m_pos + 2]) << 8) | uint32_t(m_data[m_pos + 3]);
    m_pos += 4;
    return true;
}

bool
ByteReader::ReadU64(uint64_t& v)
{
    uint32_t hi = 0;
    uint32_t lo = 0;
    if (Remaining() < 8 || !ReadU32(hi) || !ReadU32(lo))
    {
        return false;
    }
    v = (uint64_t(hi) << 32) | lo;
    return true;
}

bool
ByteReader::ReadBytes(size_t n, Bytes& out)
{
    if (Remaining() < n)
    {
        return false;
    }
    out.assign(m_data + m_pos, m_data + m_pos + n);
    m_pos += n;
    return true;
}

bool
ByteReader::ReadString(size_t n, std::string& out)
{
    if (Remaining() < n)
    {
        return false;
    }
    out.assign(reinterpret_cast<const char*>(m_data + m_pos), n);
    m_pos += n;
    return true;
}

bool
ByteReader::ReadSub(size_t n, ByteReader& out)
{
    if (Remaining() < n)
    {
        return false;
    }
    out = ByteReader(m_data + m_pos, n);
    m_pos += n;
    return true;
}

bool
ByteReader::Skip(size_t n)
{
    if (Remaining() < n)
    {
        return false;
    }
    m_pos += n;
    return true;
}

bool
ByteReader::PeekU8(size_t k, uint8_t& v) const
{
    if (Remaining() < k + 1)
    {
        return false;
    }
    v = m_data[m_pos + k];
    return true;
}

bool
ByteReader::PeekU16(size_t k, uint16_t& v) const
{
    if (Remaining() < k + 2)
    {
        return false;
    }
    v = static_cast<uint16_t>((m_data[m_pos + k] << 8) | m_data[m_pos + k + 1]);
    return true;
}

void
ByteWriter::WriteU16(uint16_t v)
{
    m_buf.push_back(static_cast<uint8_t>(v >> 8));
    m_buf.push_back(static_cast<uint8_t>(v));
}

void
ByteWriter::WriteU32(uint32_t v)
{
    WriteU16(static_cast<uint16_t>(v >> 16));
    WriteU16(static_cast<uint16_t>(v));
}

void
ByteWriter::WriteU64(uint64_t v)
{
    WriteU32(static_cast<uint32_t>(v >> 32));
    WriteU32(static_cast<uint32_t>(v));
}

void
ByteWriter::PatchU16(size_t offset, uint16_t v)
{
    if (offset + 2 <= m_buf.size())
    {
        m_buf[offset] = static_cast<uint8_t>(v >> 8);
        m_buf[offset + 1] = static_cast<uint8_t>(v);
    }
}

std::string
ToHex(const Bytes& b)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(b.size() * 2);
    for (uint8_t c : b)
    {
        s.push_back(digits[c >> 4]);
        s.push_back(digits[c & 0xf]);
    }
    return s;
}

bool
FromHex(const std::string& hex, Bytes& out)
{
    out.clear();
    int hi = -1;
    for (char ch : hex)
    {
        if (std::isspace(static_cast<unsigned char>(ch)))
        {
            continue;
        }
        int v;
        if (ch >= '0' && ch <= '9')
        {
            v = ch - '0';
        }
        else if (ch >= 'a' && ch <= 'f')
        {
            v = ch - 'a' + 10;
        }
        else if (ch >= 'A' && ch <= 'F')
        {
            v = ch - 'A' + 10;
        }
        else
        {
            return false;
        }
        if (hi < 0)
        {
            hi = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>((hi << 4) | v));
            hi = -1;
        }
    }
    return hi < 0;
}

} // namespace ns3
