/**
 * \file
 * \brief ESP transforms as data (cipher and integrity rows with their sizes and every name they go
 * by: RFC, RouterOS, Wireshark), and the few OpenSSL EVP calls ESP needs (CBC without padding,
 * AES-GCM seal/open, truncated HMAC). No crypto is written by hand here.
 */
#ifndef L2TPLAB_IPSEC_ESP_CRYPTO_H
#define L2TPLAB_IPSEC_ESP_CRYPTO_H

#include "model/common/byte-buffer.h"

#include <cstdint>
#include <string>

namespace ns3
{

/** \brief ESP encryption transforms (IKEv2 "ENCR_*" naming, RFC 7296 §3.3.2 / IANA). */
enum class EspCipher : uint8_t
{
    NULL_CIPHER, //!< ENCR_NULL (RFC 2410): no confidentiality (test vectors, debugging)
    DES3_CBC,    //!< ENCR_3DES (RFC 2451)
    AES_CBC_128, //!< ENCR_AES_CBC, 128-bit key (RFC 3602)
    AES_CBC_192, //!< ENCR_AES_CBC, 192-bit key (RFC 3602)
    AES_CBC_256, //!< ENCR_AES_CBC, 256-bit key (RFC 3602)
    AES_GCM_128, //!< ENCR_AES_GCM_16, 128-bit key + 4-octet salt (RFC 4106)
    AES_GCM_192, //!< ENCR_AES_GCM_16, 192-bit key + 4-octet salt (RFC 4106)
    AES_GCM_256, //!< ENCR_AES_GCM_16, 256-bit key + 4-octet salt (RFC 4106)
};

/** \brief ESP integrity transforms. */
enum class EspIntegrity : uint8_t
{
    NONE,            //!< no separate integrity (AES-GCM carries its own ICV, or encryption-only)
    HMAC_SHA1_96,    //!< AUTH_HMAC_SHA1_96 (RFC 2404)
    HMAC_SHA256_128, //!< AUTH_HMAC_SHA2_256_128 (RFC 4868)
};

/** \brief One cipher row: sizes in octets, names as each world spells them. */
struct EspCipherInfo
{
    EspCipher id;              //!< the transform
    const char* name;          //!< RFC-level name, e.g. "AES-CBC-128"
    const char* routerOs;      //!< RouterOS `/ip ipsec proposal enc-algorithms` value
    const char* routerOsAlias; //!< other RouterOS spelling ("aes-128" in peer/profile menus), or ""
    const char* wireshark;     //!< Wireshark esp_sa "Encryption" value (4.0 names)
    const char* openssl;       //!< EVP cipher name ("" for NULL)
    uint8_t keyLen;            //!< cipher key octets (without salt)
    uint8_t saltLen;           //!< salt octets appended to the key material (RFC 4106 §8.1)
    uint8_t blockSize;         //!< alignment of payload+trailer (RFC 4303 §2.4: at least 4)
    uint8_t ivLen;             //!< explicit IV on the wire
    uint8_t aeadIcvLen;        //!< ICV produced by the cipher itself (AEAD), 0 otherwise
    const char* rfc;           //!< defining document
};

/** \brief One integrity row. */
struct EspIntegrityInfo
{
    EspIntegrity id;       //!< the transform
    const char* name;      //!< RFC-level name, e.g. "HMAC-SHA1-96"
    const char* routerOs;  //!< RouterOS `auth-algorithms` value
    const char* wireshark; //!< Wireshark esp_sa "Authentication" value
    const char* digest;    //!< EVP digest name ("" for NONE)
    uint8_t keyLen;        //!< key octets (RFC 2404 §3: 20; RFC 4868 §2.1.1: 32)
    uint8_t icvLen;        //!< truncated output on the wire
    const char* rfc;       //!< defining document
};

/** \brief Every cipher row, in EspCipher order. */
const EspCipherInfo* EspCipherTable(size_t& count);
/** \brief Every integrity row, in EspIntegrity order. */
const EspIntegrityInfo* EspIntegrityTable(size_t& count);
/** \brief The row of one cipher. */
const EspCipherInfo& GetEspCipherInfo(EspCipher c);
/** \brief The row of one integrity transform. */
const EspIntegrityInfo& GetEspIntegrityInfo(EspIntegrity i);
/** \brief Cipher from a RouterOS enc-algorithms value or the RFC-level name; false if unknown. */
bool FindEspCipher(const std::string& name, EspCipher& out);
/** \brief Integrity from a RouterOS auth-algorithms value or the RFC-level name; false if unknown.
 */
bool FindEspIntegrity(const std::string& name, EspIntegrity& out);
/** \brief Octets of key material an SA needs for the cipher (key + salt). */
size_t EspCipherKeyMaterial(EspCipher c);

/**
 * \brief CBC encryption or decryption without padding (ESP pads itself, RFC 4303 §2.4).
 * \param key exactly keyLen octets; \param iv exactly ivLen octets
 * \param in a multiple of the block size
 * \return false (out cleared) on a wrong size or an OpenSSL failure
 */
bool EspCbcCrypt(EspCipher c,
                 bool encrypt,
                 const Bytes& key,
                 const uint8_t* iv,
                 const uint8_t* in,
                 size_t n,
                 Bytes& out);

/**
 * \brief AES-GCM seal: ciphertext || tag (tagLen octets). The 12-octet nonce is built by the
 * caller (RFC 4106 §4: salt || explicit IV).
 */
bool EspGcmSeal(EspCipher c,
                const Bytes& key,
                const uint8_t nonce[12],
                const uint8_t* aad,
                size_t aadLen,
                const uint8_t* in,
                size_t n,
                size_t tagLen,
                Bytes& out);

/**
 * \brief AES-GCM open of ciphertext || tag; false when the tag does not verify (out cleared).
 */
bool EspGcmOpen(EspCipher c,
                const Bytes& key,
                const uint8_t nonce[12],
                const uint8_t* aad,
                size_t aadLen,
                const uint8_t* in,
                size_t n,
                size_t tagLen,
                Bytes& out);

/** \brief HMAC of the integrity transform over the pieces, truncated to its icvLen. */
Bytes EspIcv(EspIntegrity i, const Bytes& key, const uint8_t* data, size_t n);

/** \brief Full (untruncated) HMAC, for the test vectors of RFC 2202/4231/4868. */
Bytes EspHmacFull(EspIntegrity i, const Bytes& key, const uint8_t* data, size_t n);

/** \brief Constant-time comparison (CRYPTO_memcmp) of n octets. */
bool EspIcvEqual(const uint8_t* a, const uint8_t* b, size_t n);

} // namespace ns3

#endif
