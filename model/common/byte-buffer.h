/**
 * \file
 * \brief Bounds-checked byte reader and writer: the only place raw wire bytes are read or written.
 *
 * Every read returns false (and consumes nothing) when fewer bytes remain than requested, so a
 * malformed packet can never cause an out-of-bounds read. All multi-byte values are network order.
 */
#ifndef L2TPLAB_COMMON_BYTE_BUFFER_H
#define L2TPLAB_COMMON_BYTE_BUFFER_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

using Bytes = std::vector<uint8_t>; //!< an owned byte string

/**
 * \brief Reads network-order values from a borrowed byte range, never past its end.
 */
class ByteReader
{
public:
    ByteReader() = default;
    ByteReader(const uint8_t* data, size_t size);
    explicit ByteReader(const Bytes& bytes);

    [[nodiscard]] bool ReadU8(uint8_t& v);
    [[nodiscard]] bool ReadU16(uint16_t& v);
    [[nodiscard]] bool ReadU32(uint32_t& v);
    [[nodiscard]] bool ReadU64(uint64_t& v);
    /** \brief Copy n bytes into out (replacing its contents). */
    [[nodiscard]] bool ReadBytes(size_t n, Bytes& out);
    /** \brief Copy n bytes into a string. */
    [[nodiscard]] bool ReadString(size_t n, std::string& out);
    /** \brief Borrow the next n bytes as a sub-reader and advance past them. */
    [[nodiscard]] bool ReadSub(size_t n, ByteReader& out);
    [[nodiscard]] bool Skip(size_t n);
    /** \brief Look at the byte at offset k from the read position without consuming it. */
    [[nodiscard]] bool PeekU8(size_t k, uint8_t& v) const;
    /** \brief Look at a 16-bit value at offset k from the read position without consuming it. */
    [[nodiscard]] bool PeekU16(size_t k, uint16_t& v) const;

    size_t
    Remaining() const
    {
        return m_size - m_pos;
    }
    size_t
    Offset() const
    {
        return m_pos;
    }
    bool
    Empty() const
    {
        return m_pos == m_size;
    }
    /** \brief Pointer to the unread bytes (valid for Remaining() bytes). */
    const uint8_t*
    Current() const
    {
        return m_data + m_pos;
    }
    /** \brief Copy of the unread bytes. */
    Bytes
    Rest() const
    {
        return Bytes(m_data + m_pos, m_data + m_size);
    }

private:
    const uint8_t* m_data{nullptr}; //!< borrowed bytes
    size_t m_size{0};               //!< size of the borrowed range
    size_t m_pos{0};                //!< read position
};

/**
 * \brief Appends network-order values to an owned buffer.
 */
class ByteWriter
{
public:
    void
    WriteU8(uint8_t v)
    {
        m_buf.push_back(v);
    }
    void WriteU16(uint16_t v);
    void WriteU32(uint32_t v);
    void WriteU64(uint64_t v);
    void
    WriteBytes(const Bytes& b)
    {
        m_buf.insert(m_buf.end(), b.begin(), b.end());
    }
    void
    WriteBytes(const uint8_t* p, size_t n)
    {
        m_buf.insert(m_buf.end(), p, p + n);
    }
    void
    WriteString(const std::string& s)
    {
        m_buf.insert(m_buf.end(), s.begin(), s.end());
    }
    /** \brief Overwrite a 16-bit value already written at offset (e.g. a length field). */
    void PatchU16(size_t offset, uint16_t v);
    size_t
    Size() const
    {
        return m_buf.size();
    }
    const Bytes&
    Data() const
    {
        return m_buf;
    }
    Bytes
    Take()
    {
        return std::move(m_buf);
    }

private:
    Bytes m_buf; //!< the bytes written so far
};

/** \brief Lower-case hex of a byte string ("0a1b..."), for logs, events and golden tests. */
std::string ToHex(const Bytes& b);
/** \brief Parse hex (whitespace ignored); returns false on odd length or a non-hex digit. */
bool FromHex(const std::string& hex, Bytes& out);

} // namespace ns3

#endif
