/**
 * \file
 * \brief Thin wrappers over OpenSSL libcrypto (the only crypto the project uses).
 */
#ifndef L2TPLAB_COMMON_CRYPTO_H
#define L2TPLAB_COMMON_CRYPTO_H

#include "model/common/byte-buffer.h"

#include <array>
#include <initializer_list>
#include <string>

namespace ns3
{

using Md5Digest = std::array<uint8_t, 16>; //!< an MD5 digest

/** \brief One contiguous input piece for a digest. */
struct ByteSpan
{
    const uint8_t* data; //!< first byte
    size_t size;         //!< length
    ByteSpan(const Bytes& b)
        : data(b.data())
        , size(b.size())
    {
    }
    ByteSpan(const std::string& s)
        : data(reinterpret_cast<const uint8_t*>(s.data()))
        , size(s.size())
    {
    }
    ByteSpan(const uint8_t* d, size_t n)
        : data(d)
        , size(n)
    {
    }
};

/** \brief MD5 over the concatenation of the pieces. */
Md5Digest Md5(std::initializer_list<ByteSpan> pieces);

/**
 * \brief Deterministic pseudo-random bytes for protocol values (Random Vector, Tie Breaker,
 * challenges). A simulation must be reproducible, so these come from a seeded generator owned by
 * the caller, never from the OS. SplitMix64 — not for secrets on a real network.
 */
class DetRandom
{
public:
    explicit DetRandom(uint64_t seed = 1)
        : m_state(seed)
    {
    }
    uint64_t Next();
    Bytes NextBytes(size_t n);
    uint32_t
    NextU32()
    {
        return static_cast<uint32_t>(Next() >> 32);
    }

private:
    uint64_t m_state; //!< generator state
};

} // namespace ns3

#endif
