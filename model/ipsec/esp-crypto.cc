#include "model/ipsec/esp-crypto.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <cstring>
#include <string>
#include <unordered_map>

namespace ns3
{

namespace
{

// Sizes: RFC 3602 §2 (AES-CBC: 16-octet block and IV, keys 128/192/256 bits), RFC 2451 §2.2
// (3DES: 8-octet block and IV, 192-bit key), RFC 4106 §3.1/§8.1 (GCM: 8-octet explicit IV,
// 4-octet salt after the key, ICV 16 for ENCR_AES_GCM_16; payload aligned to 4, RFC 4303 §2.4).
// Wireshark names: the "Encryption" values of its ESP SA table (packet-ipsec.c, 4.0).
const EspCipherInfo kCiphers[] = {
    {EspCipher::NULL_CIPHER, "NULL", "null", "", "NULL", "", 0, 0, 4, 0, 0, "RFC 2410"},
    {EspCipher::DES3_CBC, "3DES-CBC", "3des", "", "TripleDES-CBC [RFC2451]", "DES-EDE3-CBC", 24, 0,
     8, 8, 0, "RFC 2451"},
    {EspCipher::AES_CBC_128, "AES-CBC-128", "aes-128-cbc", "aes-128", "AES-CBC [RFC3602]",
     "AES-128-CBC", 16, 0, 16, 16, 0, "RFC 3602"},
    {EspCipher::AES_CBC_192, "AES-CBC-192", "aes-192-cbc", "aes-192", "AES-CBC [RFC3602]",
     "AES-192-CBC", 24, 0, 16, 16, 0, "RFC 3602"},
    {EspCipher::AES_CBC_256, "AES-CBC-256", "aes-256-cbc", "aes-256", "AES-CBC [RFC3602]",
     "AES-256-CBC", 32, 0, 16, 16, 0, "RFC 3602"},
    {EspCipher::AES_GCM_128, "AES-GCM-128", "aes-128-gcm", "",
     "AES-GCM with 16 octet ICV [RFC4106]", "AES-128-GCM", 16, 4, 4, 8, 16, "RFC 4106"},
    {EspCipher::AES_GCM_192, "AES-GCM-192", "aes-192-gcm", "",
     "AES-GCM with 16 octet ICV [RFC4106]", "AES-192-GCM", 24, 4, 4, 8, 16, "RFC 4106"},
    {EspCipher::AES_GCM_256, "AES-GCM-256", "aes-256-gcm", "",
     "AES-GCM with 16 octet ICV [RFC4106]", "AES-256-GCM", 32, 4, 4, 8, 16, "RFC 4106"},
};

// RFC 2404 §2-3 (key 160 bits, ICV 96 bits), RFC 4868 §2.1.1/§2.6 (key 256 bits, ICV 128 bits).
const EspIntegrityInfo kIntegrities[] = {
    {EspIntegrity::NONE, "NONE", "null", "NULL", "", 0, 0, "RFC 4303 §3.2.2"},
    {EspIntegrity::HMAC_SHA1_96, "HMAC-SHA1-96", "sha1", "HMAC-SHA-1-96 [RFC2404]", "SHA1", 20, 12,
     "RFC 2404"},
    {EspIntegrity::HMAC_SHA256_128, "HMAC-SHA256-128", "sha256", "HMAC-SHA-256-128 [RFC4868]",
     "SHA256", 32, 16, "RFC 4868"},
};

/** \brief The EVP ciphers, fetched once per process (thread-safe static; reachable for the life
 * of the process, so no leak report). */
struct CipherCache
{
    EVP_CIPHER* cipher[sizeof(kCiphers) / sizeof(kCiphers[0])] = {};

    CipherCache()
    {
        for (size_t i = 0; i < sizeof(kCiphers) / sizeof(kCiphers[0]); ++i)
        {
            if (kCiphers[i].openssl[0] != '\0')
            {
                cipher[i] = EVP_CIPHER_fetch(nullptr, kCiphers[i].openssl, nullptr);
            }
        }
        ERR_clear_error();
    }
};

EVP_CIPHER*
FetchCipher(EspCipher c)
{
    static const CipherCache cache;
    return cache.cipher[static_cast<size_t>(c)];
}

bool
IsGcm(EspCipher c)
{
    return GetEspCipherInfo(c).aeadIcvLen != 0;
}

/**
 * \brief Contexts keyed once per SA and reused for every packet: the key schedule (AES key
 * expansion, HMAC's inner and outer pads) belongs to the SA, not to the packet. Per thread, keyed
 * by (algorithm, direction, key octets); a full cache is emptied (keys of SAs long gone).
 */
class KeyedContexts
{
public:
    ~KeyedContexts() { Clear(); }

    /** \brief The cipher context for this key (nullptr if OpenSSL refuses it). */
    EVP_CIPHER_CTX*
    Cipher(EVP_CIPHER* cipher, int id, bool encrypt, const Bytes& key)
    {
        std::string k = Key('c', id, encrypt, key);
        auto it = m_ciphers.find(k);
        if (it != m_ciphers.end())
        {
            return it->second;
        }
        Bound();
        EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
        const int enc = encrypt ? 1 : 0;
        bool gcm = EVP_CIPHER_get_mode(cipher) == EVP_CIPH_GCM_MODE;
        bool ok = ctx && EVP_CipherInit_ex2(ctx, cipher, nullptr, nullptr, enc, nullptr) == 1 &&
                  (!gcm || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) == 1) &&
                  EVP_CipherInit_ex2(ctx, nullptr, key.data(), nullptr, enc, nullptr) == 1 &&
                  (gcm || EVP_CIPHER_CTX_set_padding(ctx, 0) == 1);
        if (!ok)
        {
            EVP_CIPHER_CTX_free(ctx);
            ERR_clear_error();
            return nullptr;
        }
        m_ciphers.emplace(k, ctx);
        return ctx;
    }

    /** \brief The HMAC context for this key and digest (nullptr if OpenSSL refuses it). */
    EVP_MAC_CTX*
    Hmac(EVP_MAC* hmac, int id, const char* digest, const Bytes& key)
    {
        std::string k = Key('h', id, true, key);
        auto it = m_macs.find(k);
        if (it != m_macs.end())
        {
            return it->second;
        }
        Bound();
        EVP_MAC_CTX* ctx = hmac ? EVP_MAC_CTX_new(hmac) : nullptr;
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
            OSSL_PARAM_construct_end()};
        if (!ctx || EVP_MAC_init(ctx, key.data(), key.size(), params) != 1)
        {
            EVP_MAC_CTX_free(ctx);
            ERR_clear_error();
            return nullptr;
        }
        m_macs.emplace(k, ctx);
        return ctx;
    }

private:
    static constexpr size_t kMaxEntries = 1024;

    static std::string
    Key(char kind, int id, bool encrypt, const Bytes& key)
    {
        std::string k{kind, static_cast<char>(id), static_cast<char>(encrypt ? 1 : 0)};
        k.append(key.begin(), key.end());
        return k;
    }

    void
    Bound()
    {
        if (m_ciphers.size() + m_macs.size() >= kMaxEntries)
        {
            Clear();
        }
    }

    void
    Clear()
    {
        for (auto& kv : m_ciphers)
        {
            EVP_CIPHER_CTX_free(kv.second);
        }
        for (auto& kv : m_macs)
        {
            EVP_MAC_CTX_free(kv.second);
        }
        m_ciphers.clear();
        m_macs.clear();
    }

    std::unordered_map<std::string, EVP_CIPHER_CTX*> m_ciphers; //!< by Key()
    std::unordered_map<std::string, EVP_MAC_CTX*> m_macs;       //!< by Key()
};

KeyedContexts&
Contexts()
{
    thread_local KeyedContexts contexts;
    return contexts;
}

/** \brief One AES-GCM pass; tag is written (encrypt) or checked (decrypt). */
bool
GcmRun(EspCipher c,
       bool encrypt,
       const Bytes& key,
       const uint8_t nonce[12],
       const uint8_t* aad,
       size_t aadLen,
       const uint8_t* in,
       size_t n,
       uint8_t* tag,
       size_t tagLen,
       Bytes& out)
{
    const EspCipherInfo& info = GetEspCipherInfo(c);
    EVP_CIPHER* cipher = FetchCipher(c);
    out.assign(n, 0);
    if (!IsGcm(c) || !cipher || key.size() != info.keyLen || tagLen == 0 || tagLen > 16)
    {
        out.clear();
        return false;
    }
    EVP_CIPHER_CTX* ctx = Contexts().Cipher(cipher, static_cast<int>(c), encrypt, key);
    int len = 0;
    bool ok =
        ctx && EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce, encrypt ? 1 : 0, nullptr) == 1;
    ok = ok &&
         (aadLen == 0 || EVP_CipherUpdate(ctx, nullptr, &len, aad, static_cast<int>(aadLen)) == 1);
    ok = ok && (n == 0 || EVP_CipherUpdate(ctx, out.data(), &len, in, static_cast<int>(n)) == 1);
    if (ok && !encrypt)
    {
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tagLen), tag) == 1;
    }
    uint8_t scratch[16];
    ok = ok && EVP_CipherFinal_ex(ctx, scratch, &len) == 1;
    if (ok && encrypt)
    {
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tagLen), tag) == 1;
    }
    if (!ok)
    {
        ERR_clear_error();
        out.clear();
    }
    return ok;
}

} // namespace

const EspCipherInfo*
EspCipherTable(size_t& count)
{
    count = sizeof(kCiphers) / sizeof(kCiphers[0]);
    return kCiphers;
}

const EspIntegrityInfo*
EspIntegrityTable(size_t& count)
{
    count = sizeof(kIntegrities) / sizeof(kIntegrities[0]);
    return kIntegrities;
}

const EspCipherInfo&
GetEspCipherInfo(EspCipher c)
{
    return kCiphers[static_cast<size_t>(c)];
}

const EspIntegrityInfo&
GetEspIntegrityInfo(EspIntegrity i)
{
    return kIntegrities[static_cast<size_t>(i)];
}

bool
FindEspCipher(const std::string& name, EspCipher& out)
{
    for (const EspCipherInfo& row : kCiphers)
    {
        if (name == row.routerOs || name == row.name ||
            (row.routerOsAlias[0] != '\0' && name == row.routerOsAlias))
        {
            out = row.id;
            return true;
        }
    }
    return false;
}

bool
FindEspIntegrity(const std::string& name, EspIntegrity& out)
{
    for (const EspIntegrityInfo& row : kIntegrities)
    {
        if (name == row.routerOs || name == row.name)
        {
            out = row.id;
            return true;
        }
    }
    return false;
}

size_t
EspCipherKeyMaterial(EspCipher c)
{
    const EspCipherInfo& info = GetEspCipherInfo(c);
    return static_cast<size_t>(info.keyLen) + info.saltLen;
}

bool
EspCbcCrypt(EspCipher c,
            bool encrypt,
            const Bytes& key,
            const uint8_t* iv,
            const uint8_t* in,
            size_t n,
            Bytes& out)
{
    const EspCipherInfo& info = GetEspCipherInfo(c);
    EVP_CIPHER* cipher = FetchCipher(c);
    out.assign(n, 0);
    if (IsGcm(c) || !cipher || key.size() != info.keyLen || n % info.blockSize != 0)
    {
        out.clear();
        return false;
    }
    if (n == 0)
    {
        return true;
    }
    EVP_CIPHER_CTX* ctx = Contexts().Cipher(cipher, static_cast<int>(c), encrypt, key);
    int len = 0;
    int fin = 0;
    bool ok = ctx && EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv, encrypt ? 1 : 0, nullptr) == 1 &&
              EVP_CipherUpdate(ctx, out.data(), &len, in, static_cast<int>(n)) == 1 &&
              EVP_CipherFinal_ex(ctx, out.data() + len, &fin) == 1 &&
              static_cast<size_t>(len + fin) == n;
    if (!ok)
    {
        ERR_clear_error();
        out.clear();
    }
    return ok;
}

bool
EspGcmSeal(EspCipher c,
           const Bytes& key,
           const uint8_t nonce[12],
           const uint8_t* aad,
           size_t aadLen,
           const uint8_t* in,
           size_t n,
           size_t tagLen,
           Bytes& out)
{
    uint8_t tag[16] = {};
    if (!GcmRun(c, true, key, nonce, aad, aadLen, in, n, tag, tagLen, out))
    {
        return false;
    }
    out.insert(out.end(), tag, tag + tagLen);
    return true;
}

bool
EspGcmOpen(EspCipher c,
           const Bytes& key,
           const uint8_t nonce[12],
           const uint8_t* aad,
           size_t aadLen,
           const uint8_t* in,
           size_t n,
           size_t tagLen,
           Bytes& out)
{
    if (n < tagLen || tagLen == 0 || tagLen > 16)
    {
        out.clear();
        return false;
    }
    uint8_t tag[16] = {};
    std::memcpy(tag, in + (n - tagLen), tagLen);
    return GcmRun(c, false, key, nonce, aad, aadLen, in, n - tagLen, tag, tagLen, out);
}

Bytes
EspHmacFull(EspIntegrity i, const Bytes& key, const uint8_t* data, size_t n)
{
    const EspIntegrityInfo& info = GetEspIntegrityInfo(i);
    if (info.digest[0] == '\0')
    {
        return {};
    }
    // The HMAC implementation is fetched once (thread-safe static, reachable for the life of the
    // process); the context keyed for this SA is reused: EVP_MAC_init with no key starts a new
    // MAC from the pads computed when the key was set.
    static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    uint8_t md[EVP_MAX_MD_SIZE];
    size_t mdLen = 0;
    EVP_MAC_CTX* ctx = Contexts().Hmac(hmac, static_cast<int>(i), info.digest, key);
    bool ok = ctx && EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1 &&
              EVP_MAC_update(ctx, data, n) == 1 && EVP_MAC_final(ctx, md, &mdLen, sizeof(md)) == 1;
    if (!ok)
    {
        ERR_clear_error();
        return {};
    }
    return Bytes(md, md + mdLen);
}

Bytes
EspIcv(EspIntegrity i, const Bytes& key, const uint8_t* data, size_t n)
{
    Bytes full = EspHmacFull(i, key, data, n);
    size_t keep = GetEspIntegrityInfo(i).icvLen;
    if (full.size() > keep)
    {
        full.resize(keep);
    }
    return full;
}

bool
EspIcvEqual(const uint8_t* a, const uint8_t* b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

} // namespace ns3
