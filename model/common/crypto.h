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

using Md5Digest = std::array<uint8_t, 16>;  //!< an MD5 digest
using Md4Digest = std::array<uint8_t, 16>;  //!< an MD4 digest (RFC 1320)
using Sha1Digest = std::array<uint8_t, 20>; //!< a SHA-1 digest
using DesBlock = std::array<uint8_t, 8>;    //!< one DES block (or an 8-octet DES key)

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

/** \brief SHA-1 over the concatenation of the pieces. */
Sha1Digest Sha1(std::initializer_list<ByteSpan> pieces);

/**
 * \brief MD4 over the concatenation of the pieces (MS-CHAP's NtPasswordHash, RFC 2759 §8.3).
 *
 * OpenSSL 3 keeps MD4 (and single DES) in its "legacy" provider; these functions load it once,
 * together with "default", into a private library context (EVP_MD_fetch / EVP_CIPHER_fetch: no
 * deprecated low-level API). If the provider module cannot be loaded (missing legacy.so, or
 * OPENSSL_MODULES pointing elsewhere) they throw std::runtime_error with LegacyCryptoStatus()'s
 * text.
 */
Md4Digest Md4(std::initializer_list<ByteSpan> pieces);

/**
 * \brief DES key from 7 octets (56 bits): each output octet takes the next 7 key bits, the low
 * bit is set for odd parity (RFC 2759 §8.6 DesEncrypt, example §9.3; RFC 2433 §A DesEncrypt).
 */
DesBlock DesExpandKey(const uint8_t key7[7]);

/** \brief DES-ECB of one 8-octet block with the 7-octet key expanded by DesExpandKey. */
DesBlock DesEncrypt7(const uint8_t key7[7], const uint8_t clear[8]);

/**
 * \brief "" when MD4 and DES-ECB are usable (the legacy provider loaded), otherwise why not, in
 * words a user can act on.
 */
std::string LegacyCryptoStatus();

/**
 * \brief The RC4 stream cipher (MPPE, RFC 3078 §7) from OpenSSL's legacy provider (loaded as for
 * Md4): a key schedule, then a keystream that continues across Apply calls until the next SetKey.
 * Never hand-written. The OpenSSL context is made at the first Apply after SetKey (lazy: idle
 * MPPE links hold no cipher state) and reused across SetKey calls. Throws std::runtime_error when
 * the provider is missing (LegacyCryptoStatus).
 */
class Rc4
{
public:
    Rc4();
    ~Rc4();
    Rc4(const Rc4&) = delete;
    Rc4& operator=(const Rc4&) = delete;
    /** \brief (Re)initialise with a key of 1..256 octets. \return false (and no key) otherwise. */
    bool SetKey(const uint8_t* key, size_t size);
    /** \brief As above. */
    bool SetKey(const Bytes& key);
    /** \brief A key is set. */
    bool Ready() const;
    /** \brief XOR the next keystream octets into data (encrypt = decrypt); nothing without a key.
     */
    void Apply(uint8_t* data, size_t size);
    /** \brief A copy of data through Apply. */
    Bytes Apply(const Bytes& data);

private:
    /** \brief Run the key schedule of m_key into the (reused) context. */
    void Schedule();

    void* m_ctx{nullptr};     //!< EVP_CIPHER_CTX, made at the first Apply
    Bytes m_key;              //!< key set but not yet scheduled
    bool m_keyPending{false}; //!< SetKey since the last Schedule
    bool m_ready{false};      //!< the last SetKey succeeded
};

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
