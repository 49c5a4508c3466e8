#include "model/ipsec/ike-crypto.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

namespace ns3
{

namespace
{

const IkeHashInfo kHashes[] = {
    {IkeHash::SHA1, "sha1", "SHA1", 20},
    {IkeHash::MD5, "md5", "MD5", 16},
    {IkeHash::SHA256, "sha256", "SHA256", 32},
};

// RFC 2409 App. A: 3DES-CBC = 5; RFC 3602 §5 / IANA: AES-CBC = 7 with a Key Length attribute.
// Quick mode: RFC 2407 §4.4.4 ESP_3DES = 3, RFC 3602 §5 ESP_AES = 12.
const IkeCipherInfo kCiphers[] = {
    {"3des", 5, 0, EspCipher::DES3_CBC, 24, 8, 3},
    {"aes-128", 7, 128, EspCipher::AES_CBC_128, 16, 16, 12},
    {"aes-192", 7, 192, EspCipher::AES_CBC_192, 24, 16, 12},
    {"aes-256", 7, 256, EspCipher::AES_CBC_256, 32, 16, 12},
};

const IkeGroupInfo kGroups[] = {
    {"modp1024", 2, 128, "RFC 2409 §6.2"},
    {"modp2048", 14, 256, "RFC 3526 §3"},
};

using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_clear_free)>;

BnPtr
Bn(BIGNUM* b)
{
    return BnPtr(b, &BN_clear_free);
}

BnPtr
PrimeOf(uint16_t group)
{
    if (group == 2)
    {
        return Bn(BN_get_rfc2409_prime_1024(nullptr));
    }
    if (group == 14)
    {
        return Bn(BN_get_rfc3526_prime_2048(nullptr));
    }
    return Bn(nullptr);
}

Bytes
Padded(const BIGNUM* b, size_t len)
{
    Bytes out(len, 0);
    if (BN_bn2binpad(b, out.data(), static_cast<int>(len)) < 0)
    {
        out.clear();
    }
    return out;
}

/** \brief x^e mod p, padded; empty on failure. */
Bytes
ModExp(const BIGNUM* x, const Bytes& e, const BIGNUM* p, size_t len)
{
    BnPtr eb = Bn(BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr));
    BnPtr r = Bn(BN_new());
    BN_CTX* ctx = BN_CTX_new();
    bool ok = eb && r && ctx && BN_mod_exp(r.get(), x, eb.get(), p, ctx) == 1;
    BN_CTX_free(ctx);
    if (!ok)
    {
        ERR_clear_error();
        return {};
    }
    return Padded(r.get(), len);
}

Bytes
Concat(std::initializer_list<ByteSpan> pieces)
{
    Bytes all;
    for (const ByteSpan& p : pieces)
    {
        all.insert(all.end(), p.data, p.data + p.size);
    }
    return all;
}

} // namespace

const IkeHashInfo*
IkeHashTable(size_t& count)
{
    count = sizeof(kHashes) / sizeof(kHashes[0]);
    return kHashes;
}

const IkeCipherInfo*
IkeCipherTable(size_t& count)
{
    count = sizeof(kCiphers) / sizeof(kCiphers[0]);
    return kCiphers;
}

const IkeGroupInfo*
IkeGroupTable(size_t& count)
{
    count = sizeof(kGroups) / sizeof(kGroups[0]);
    return kGroups;
}

const IkeHashInfo*
FindIkeHash(const std::string& routerOs)
{
    for (const IkeHashInfo& row : kHashes)
    {
        if (routerOs == row.routerOs)
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeHashInfo*
FindIkeHashById(uint32_t attr)
{
    for (const IkeHashInfo& row : kHashes)
    {
        if (attr == static_cast<uint32_t>(row.id))
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeCipherInfo*
FindIkeCipher(const std::string& routerOs)
{
    for (const IkeCipherInfo& row : kCiphers)
    {
        if (routerOs == row.routerOs)
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeCipherInfo*
FindIkeCipherByAttr(uint32_t alg, uint32_t keyBits)
{
    for (const IkeCipherInfo& row : kCiphers)
    {
        if (alg == row.attr && keyBits == row.keyBits)
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeCipherInfo*
FindIkeCipherByEsp(uint32_t transformId, uint32_t keyBits)
{
    for (const IkeCipherInfo& row : kCiphers)
    {
        if (transformId == row.espTransform && keyBits == row.keyBits)
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeCipherInfo*
FindIkeCipherByEspCipher(EspCipher c)
{
    for (const IkeCipherInfo& row : kCiphers)
    {
        if (row.cbc == c)
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeGroupInfo*
FindIkeGroup(const std::string& routerOs)
{
    for (const IkeGroupInfo& row : kGroups)
    {
        if (routerOs == row.routerOs)
        {
            return &row;
        }
    }
    return nullptr;
}

const IkeGroupInfo*
FindIkeGroupById(uint32_t id)
{
    for (const IkeGroupInfo& row : kGroups)
    {
        if (id == row.id)
        {
            return &row;
        }
    }
    return nullptr;
}

Bytes
IkePrf(IkeHash h, const Bytes& key, std::initializer_list<ByteSpan> pieces)
{
    const IkeHashInfo* info = FindIkeHashById(static_cast<uint32_t>(h));
    Bytes data = Concat(pieces);
    uint8_t md[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (!info || !EVP_Q_mac(nullptr, "HMAC", nullptr, info->evp, nullptr, key.data(), key.size(),
                            data.data(), data.size(), md, sizeof(md), &len))
    {
        ERR_clear_error();
        return {};
    }
    return Bytes(md, md + len);
}

Bytes
IkeHashOf(IkeHash h, std::initializer_list<ByteSpan> pieces)
{
    const IkeHashInfo* info = FindIkeHashById(static_cast<uint32_t>(h));
    Bytes data = Concat(pieces);
    uint8_t md[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (!info || !EVP_Q_digest(nullptr, info->evp, nullptr, data.data(), data.size(), md, &len))
    {
        ERR_clear_error();
        return {};
    }
    return Bytes(md, md + len);
}

Bytes
IkeGroupPrime(uint16_t group)
{
    const IkeGroupInfo* info = FindIkeGroupById(group);
    BnPtr p = PrimeOf(group);
    if (!info || !p)
    {
        return {};
    }
    return Padded(p.get(), info->bytes);
}

IkeDh::IkeDh(uint16_t group, const Bytes& priv)
    : m_group(group)
    , m_priv(priv)
{
    const IkeGroupInfo* info = FindIkeGroupById(group);
    BnPtr p = PrimeOf(group);
    BnPtr g = Bn(BN_new());
    if (info && p && g && BN_set_word(g.get(), 2) == 1)
    {
        m_public = ModExp(g.get(), m_priv, p.get(), info->bytes);
    }
}

bool
IkeDh::Shared(const Bytes& peer, Bytes& out) const
{
    out.clear();
    const IkeGroupInfo* info = FindIkeGroupById(m_group);
    BnPtr p = PrimeOf(m_group);
    if (!info || !p || peer.size() != info->bytes)
    {
        return false;
    }
    // RFC 2631 §2.1.5 style check: 1 < y < p-1 (rejects 0, 1 and p-1, the degenerate values).
    BnPtr y = Bn(BN_bin2bn(peer.data(), static_cast<int>(peer.size()), nullptr));
    BnPtr pm1 = Bn(BN_dup(p.get()));
    if (!y || !pm1 || BN_sub_word(pm1.get(), 1) != 1 || BN_cmp(y.get(), BN_value_one()) <= 0 ||
        BN_cmp(y.get(), pm1.get()) >= 0)
    {
        return false;
    }
    out = ModExp(y.get(), m_priv, p.get(), info->bytes);
    return !out.empty();
}

Bytes
IkeExpandKey(IkeHash h, const Bytes& skeyidE, size_t len)
{
    Bytes out;
    Bytes k;
    const uint8_t zero = 0;
    while (out.size() < len)
    {
        k = out.empty() ? IkePrf(h, skeyidE, {ByteSpan(&zero, 1)}) : IkePrf(h, skeyidE, {k});
        if (k.empty())
        {
            return {};
        }
        out.insert(out.end(), k.begin(), k.end());
    }
    out.resize(len);
    return out;
}

IkePhase1Keys
DeriveIkePhase1Keys(const IkePhase1Inputs& in)
{
    IkePhase1Keys k;
    const uint8_t c0 = 0;
    const uint8_t c1 = 1;
    const uint8_t c2 = 2;
    k.skeyid = IkePrf(in.hash, in.psk, {in.ni, in.nr});
    k.skeyidD = IkePrf(in.hash, k.skeyid, {in.gxy, in.ckyI, in.ckyR, ByteSpan(&c0, 1)});
    k.skeyidA = IkePrf(in.hash, k.skeyid, {k.skeyidD, in.gxy, in.ckyI, in.ckyR, ByteSpan(&c1, 1)});
    k.skeyidE = IkePrf(in.hash, k.skeyid, {k.skeyidA, in.gxy, in.ckyI, in.ckyR, ByteSpan(&c2, 1)});
    // App. B: a SKEYID_e long enough is truncated (its first octets), a short one expanded.
    if (k.skeyidE.size() >= in.keyLen)
    {
        k.encKey.assign(k.skeyidE.begin(), k.skeyidE.begin() + static_cast<long>(in.keyLen));
    }
    else
    {
        k.encKey = IkeExpandKey(in.hash, k.skeyidE, in.keyLen);
    }
    k.iv = IkeHashOf(in.hash, {in.gxi, in.gxr});
    if (k.iv.size() >= in.blockSize)
    {
        k.iv.resize(in.blockSize);
    }
    return k;
}

Bytes
IkeQuickModeKeymat(IkeHash h,
                   const Bytes& skeyidD,
                   const Bytes& gqmxy,
                   uint8_t protocol,
                   uint32_t spi,
                   const Bytes& ni,
                   const Bytes& nr,
                   size_t len)
{
    const uint8_t spiBytes[4] = {static_cast<uint8_t>(spi >> 24), static_cast<uint8_t>(spi >> 16),
                                 static_cast<uint8_t>(spi >> 8), static_cast<uint8_t>(spi)};
    Bytes out;
    Bytes k;
    while (out.size() < len)
    {
        k = IkePrf(h, skeyidD, {k, gqmxy, ByteSpan(&protocol, 1), ByteSpan(spiBytes, 4), ni, nr});
        if (k.empty())
        {
            return {};
        }
        out.insert(out.end(), k.begin(), k.end());
    }
    out.resize(len);
    return out;
}

Bytes
IkePhase2Iv(IkeHash h, const Bytes& lastBlock, uint32_t messageId, size_t blockSize)
{
    const uint8_t mid[4] = {static_cast<uint8_t>(messageId >> 24),
                            static_cast<uint8_t>(messageId >> 16),
                            static_cast<uint8_t>(messageId >> 8), static_cast<uint8_t>(messageId)};
    Bytes iv = IkeHashOf(h, {lastBlock, ByteSpan(mid, 4)});
    if (iv.size() >= blockSize)
    {
        iv.resize(blockSize);
    }
    return iv;
}

bool
IkeCbc(const IkeCipherInfo& c,
       bool encrypt,
       const Bytes& key,
       const Bytes& iv,
       const uint8_t* in,
       size_t n,
       Bytes& out)
{
    if (iv.size() != c.blockSize || n % c.blockSize != 0)
    {
        out.clear();
        return false;
    }
    return EspCbcCrypt(c.cbc, encrypt, key, iv.data(), in, n, out);
}

} // namespace ns3
