/**
 * \file
 * \brief IKEv1 cryptography (RFC 2409), as data and a few OpenSSL calls: the phase 1 hash,
 * cipher and Diffie-Hellman group tables with their RouterOS names, the HMAC prf, MODP
 * Diffie-Hellman (groups 2 and 14: RFC 2409 §6.2 and RFC 3526 §3; primes from OpenSSL's
 * BN_get_rfc2409_prime_1024 / BN_get_rfc3526_prime_2048), the SKEYID family (§5, §5.4), key
 * expansion and IVs (Appendix B), quick mode KEYMAT (§5.5) and CBC over EspCbcCrypt.
 */
#ifndef L2TPLAB_IPSEC_IKE_CRYPTO_H
#define L2TPLAB_IPSEC_IKE_CRYPTO_H

#include "model/common/byte-buffer.h"
#include "model/common/crypto.h"
#include "model/ipsec/esp-crypto.h"

#include <cstdint>
#include <initializer_list>
#include <string>

namespace ns3
{

/** \brief Phase 1 hash algorithms; values are the RFC 2409 App. A "Hash Algorithm" codes. */
enum class IkeHash : uint8_t
{
    MD5 = 1,    //!< MD5
    SHA1 = 2,   //!< SHA
    SHA256 = 4, //!< SHA2-256 (RFC 4868 registry / IANA)
};

/** \brief One hash row. */
struct IkeHashInfo
{
    IkeHash id;           //!< the algorithm (attribute value)
    const char* routerOs; //!< RouterOS hash-algorithm value
    const char* evp;      //!< OpenSSL digest name
    uint8_t len;          //!< output octets
};

/** \brief One phase 1 cipher row (RFC 2409 App. A "Encryption Algorithm" codes). */
struct IkeCipherInfo
{
    const char* routerOs; //!< RouterOS enc-algorithm value ("3des", "aes-128", ...)
    uint16_t attr;        //!< Encryption Algorithm attribute (5 = 3DES-CBC, 7 = AES-CBC)
    uint16_t keyBits;     //!< Key Length attribute (0: none sent, fixed-size cipher)
    EspCipher cbc;        //!< the CBC transform that does the work
    uint8_t keyLen;       //!< key octets
    uint8_t blockSize;    //!< block octets
    uint8_t espTransform; //!< ESP transform ID in quick mode (ESP_3DES = 3, ESP_AES = 12)
};

/** \brief One Diffie-Hellman group row. */
struct IkeGroupInfo
{
    const char* routerOs; //!< RouterOS dh-group value
    uint16_t id;          //!< Group Description (2, 14)
    uint16_t bytes;       //!< modulus octets (public values are padded to this)
    const char* rfc;      //!< where the prime is defined
};

const IkeHashInfo* IkeHashTable(size_t& count);                  //!< every hash row
const IkeCipherInfo* IkeCipherTable(size_t& count);              //!< every cipher row
const IkeGroupInfo* IkeGroupTable(size_t& count);                //!< every group row
const IkeHashInfo* FindIkeHash(const std::string& routerOs);     //!< nullptr if unknown
const IkeHashInfo* FindIkeHashById(uint32_t attr);               //!< nullptr if unknown
const IkeCipherInfo* FindIkeCipher(const std::string& routerOs); //!< nullptr if unknown
/** \brief Row for (Encryption Algorithm, Key Length) attributes; nullptr if unknown. */
const IkeCipherInfo* FindIkeCipherByAttr(uint32_t alg, uint32_t keyBits);
/** \brief Row for an ESP transform (+ Key Length), quick mode; nullptr if unknown. */
const IkeCipherInfo* FindIkeCipherByEsp(uint32_t transformId, uint32_t keyBits);
/** \brief Row for an EspCipher (CBC ones only); nullptr otherwise. */
const IkeCipherInfo* FindIkeCipherByEspCipher(EspCipher c);
const IkeGroupInfo* FindIkeGroup(const std::string& routerOs); //!< nullptr if unknown
const IkeGroupInfo* FindIkeGroupById(uint32_t id);             //!< nullptr if unknown

/** \brief The negotiated prf: HMAC with the hash (RFC 2409 §5: no PRF attribute means HMAC). */
Bytes IkePrf(IkeHash h, const Bytes& key, std::initializer_list<ByteSpan> pieces);
/** \brief The plain hash (IV derivation, NAT-D). */
Bytes IkeHashOf(IkeHash h, std::initializer_list<ByteSpan> pieces);

/** \brief Prime of a group (big-endian, `bytes` octets); empty if unknown. */
Bytes IkeGroupPrime(uint16_t group);

/**
 * \brief MODP Diffie-Hellman with generator 2 over OpenSSL BIGNUMs. The private value comes from
 * the caller (a seeded generator in simulations: reproducible, not secret).
 */
class IkeDh
{
public:
    /** \brief `priv` is the exponent, big-endian. */
    IkeDh(uint16_t group, const Bytes& priv);
    /** \brief g^x mod p, padded to the modulus size; empty if the group is unknown. */
    const Bytes&
    PublicValue() const
    {
        return m_public;
    }
    /** \brief (peer)^x mod p, padded; false when the peer value is not in 2..p-2 or sized wrongly.
     */
    bool Shared(const Bytes& peer, Bytes& out) const;

private:
    uint16_t m_group; //!< group description
    Bytes m_priv;     //!< exponent
    Bytes m_public;   //!< g^x mod p
};

/** \brief The phase 1 key family (RFC 2409 §5 / §5.4 and App. B). */
struct IkePhase1Keys
{
    Bytes skeyid;  //!< prf(pre-shared-key, Ni_b | Nr_b)
    Bytes skeyidD; //!< prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
    Bytes skeyidA; //!< prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
    Bytes skeyidE; //!< prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
    Bytes encKey;  //!< SKEYID_e, expanded (App. B) or truncated to the cipher's key length
    Bytes iv;      //!< hash(g^xi | g^xr), truncated to the block size (App. B)
};

/** \brief Everything the derivation takes. */
struct IkePhase1Inputs
{
    IkeHash hash{IkeHash::SHA1}; //!< negotiated hash (prf = HMAC of it)
    size_t keyLen{24};           //!< cipher key octets
    size_t blockSize{8};         //!< cipher block octets
    Bytes psk;                   //!< pre-shared key
    Bytes ni;                    //!< Ni_b
    Bytes nr;                    //!< Nr_b
    Bytes gxy;                   //!< shared secret, padded to the modulus
    Bytes gxi;                   //!< initiator's public value
    Bytes gxr;                   //!< responder's public value
    Bytes ckyI;                  //!< initiator cookie (8)
    Bytes ckyR;                  //!< responder cookie (8)
};

/** \brief SKEYID, SKEYID_d/a/e, the encryption key and the first IV. */
IkePhase1Keys DeriveIkePhase1Keys(const IkePhase1Inputs& in);

/** \brief App. B: K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1), concatenated, truncated. */
Bytes IkeExpandKey(IkeHash h, const Bytes& skeyidE, size_t len);

/**
 * \brief Quick mode KEYMAT (RFC 2409 §5.5): K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI |
 * Ni_b | Nr_b), Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b), truncated.
 */
Bytes IkeQuickModeKeymat(IkeHash h,
                         const Bytes& skeyidD,
                         const Bytes& gqmxy,
                         uint8_t protocol,
                         uint32_t spi,
                         const Bytes& ni,
                         const Bytes& nr,
                         size_t len);

/** \brief Phase 2 / informational IV (App. B): hash(last phase 1 CBC block | M-ID), truncated. */
Bytes IkePhase2Iv(IkeHash h, const Bytes& lastBlock, uint32_t messageId, size_t blockSize);

/** \brief CBC of whole blocks with the phase 1 cipher; false on a size error. */
bool IkeCbc(const IkeCipherInfo& c,
            bool encrypt,
            const Bytes& key,
            const Bytes& iv,
            const uint8_t* in,
            size_t n,
            Bytes& out);

} // namespace ns3

#endif
