#include "model/common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace ns3
{

namespace
{

/**
 * MD4 and DES-ECB from OpenSSL 3's "legacy" provider, loaded once (thread-safe static) into a
 * private library context next to "default", so the process-wide default context is untouched.
 * Kept for the life of the process (reachable, so no leak report).
 */
struct LegacyCrypto
{
    OSSL_LIB_CTX* ctx{nullptr};
    EVP_MD* md4{nullptr};
    EVP_CIPHER* des{nullptr};
    EVP_CIPHER* rc4{nullptr};
    std::string error; //!< "" when usable

    LegacyCrypto()
    {
        ctx = OSSL_LIB_CTX_new();
        if (!ctx || !OSSL_PROVIDER_load(ctx, "default") || !OSSL_PROVIDER_load(ctx, "legacy"))
        {
            Fail("the provider module could not be loaded");
            return;
        }
        md4 = EVP_MD_fetch(ctx, "MD4", nullptr);
        des = EVP_CIPHER_fetch(ctx, "DES-ECB", nullptr);
        rc4 = EVP_CIPHER_fetch(ctx, "RC4", nullptr);
        if (!md4 || !des || !rc4)
        {
            Fail("MD4, DES-ECB or RC4 is not offered by it");
        }
    }

    void
    Fail(const char* what)
    {
        const char* env = std::getenv("OPENSSL_MODULES");
        std::string dir = env ? env : OPENSSL_info(OPENSSL_INFO_MODULES_DIR);
        unsigned long code = ERR_get_error();
        char text[256] = "";
        if (code != 0)
        {
            ERR_error_string_n(code, text, sizeof(text));
        }
        ERR_clear_error();
        error =
            std::string("OpenSSL legacy provider (MD4 and DES for MS-CHAP, RFC 2433/2759; RC4 for "
                        "MPPE, RFC 3078): ") +
            what + " (module directory " + dir + (env ? ", from OPENSSL_MODULES" : "") +
            "; check `openssl list -providers -provider legacy`)" +
            (code != 0 ? std::string(": ") + text : std::string());
    }
};

const LegacyCrypto&
Legacy()
{
    static const LegacyCrypto legacy;
    if (!legacy.error.empty())
    {
        throw std::runtime_error(legacy.error);
    }
    return legacy;
}

} // namespace

std::string
LegacyCryptoStatus()
{
    try
    {
        (void)Legacy();
        return "";
    }
    catch (const std::runtime_error& e)
    {
        return e.what();
    }
}

Md4Digest
Md4(std::initializer_list<ByteSpan> pieces)
{
    const LegacyCrypto& legacy = Legacy();
    Md4Digest out{};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, legacy.md4, nullptr);
    for (const ByteSpan& p : pieces)
    {
        EVP_DigestUpdate(ctx, p.data, p.size);
    }
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out.data(), &len);
    EVP_MD_CTX_free(ctx);
    return out;
}

Sha1Digest
Sha1(std::initializer_list<ByteSpan> pieces)
{
    Sha1Digest out{};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
    for (const ByteSpan& p : pieces)
    {
        EVP_DigestUpdate(ctx, p.data, p.size);
    }
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out.data(), &len);
    EVP_MD_CTX_free(ctx);
    return out;
}

DesBlock
DesExpandKey(const uint8_t key7[7])
{
    // 56 key bits, most significant first; output octet i = bits 7i..7i+6, then a parity bit.
    uint64_t bits = 0;
    for (int i = 0; i < 7; ++i)
    {
        bits = (bits << 8) | key7[i];
    }
    DesBlock key{};
    for (int i = 0; i < 8; ++i)
    {
        uint8_t seven = static_cast<uint8_t>((bits >> (49 - 7 * i)) & 0x7f);
        uint8_t octet = static_cast<uint8_t>(seven << 1);
        int ones = 0;
        for (int b = 0; b < 7; ++b)
        {
            ones += (seven >> b) & 1;
        }
        key[i] = static_cast<uint8_t>(octet | ((ones % 2 == 0) ? 1 : 0)); // odd parity
    }
    return key;
}

DesBlock
DesEncrypt7(const uint8_t key7[7], const uint8_t clear[8])
{
    const LegacyCrypto& legacy = Legacy();
    DesBlock key = DesExpandKey(key7);
    DesBlock out{};
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    bool ok = EVP_EncryptInit_ex2(ctx, legacy.des, key.data(), nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
              EVP_EncryptUpdate(ctx, out.data(), &len, clear, 8) == 1 && len == 8;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok)
    {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL DES-ECB encryption failed");
    }
    return out;
}

Md5Digest
Md5(std::initializer_list<ByteSpan> pieces)
{
    Md5Digest out{};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
    for (const ByteSpan& p : pieces)
    {
        EVP_DigestUpdate(ctx, p.data, p.size);
    }
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out.data(), &len);
    EVP_MD_CTX_free(ctx);
    return out;
}

Rc4::Rc4() = default;

Rc4::~Rc4()
{
    EVP_CIPHER_CTX_free(static_cast<EVP_CIPHER_CTX*>(m_ctx));
}

bool
Rc4::SetKey(const uint8_t* key, size_t size)
{
    m_key.clear();
    m_keyPending = false;
    m_ready = false;
    if (size == 0 || size > 256)
    {
        return false;
    }
    Legacy(); // throws now, not at the first Apply, when the legacy provider is missing
    m_key.assign(key, key + size);
    m_keyPending = true;
    m_ready = true;
    return true;
}

bool
Rc4::SetKey(const Bytes& key)
{
    return SetKey(key.data(), key.size());
}

bool
Rc4::Ready() const
{
    return m_ready;
}

void
Rc4::Schedule()
{
    // The key schedule runs at the first Apply after SetKey, not in SetKey: an OpenSSL RC4
    // context holds about 1.4 KB, and an MPPE link end keys two of them at CCP Opened whether or
    // not a packet ever flows (10,000 idle sessions: 56 MB). The keystream is the same.
    auto* ctx = static_cast<EVP_CIPHER_CTX*>(m_ctx);
    if (!ctx)
    {
        ctx = EVP_CIPHER_CTX_new();
        m_ctx = ctx;
    }
    // The key length is variable for RC4: set it before the key itself.
    bool ok = ctx && EVP_EncryptInit_ex2(ctx, Legacy().rc4, nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_set_key_length(ctx, static_cast<int>(m_key.size())) == 1 &&
              EVP_EncryptInit_ex2(ctx, nullptr, m_key.data(), nullptr, nullptr) == 1;
    m_keyPending = false;
    m_key.clear();
    if (!ok)
    {
        EVP_CIPHER_CTX_free(ctx);
        m_ctx = nullptr;
        m_ready = false;
        ERR_clear_error();
        throw std::runtime_error("OpenSSL RC4 key setup failed");
    }
}

void
Rc4::Apply(uint8_t* data, size_t size)
{
    if (size == 0 || !Ready())
    {
        return;
    }
    if (m_keyPending)
    {
        Schedule();
    }
    auto* ctx = static_cast<EVP_CIPHER_CTX*>(m_ctx);
    // A stream cipher: in place, output length = input length, in chunks that fit an int.
    size_t done = 0;
    while (done < size)
    {
        int chunk = static_cast<int>(std::min<size_t>(size - done, 1u << 30));
        int len = 0;
        if (EVP_EncryptUpdate(ctx, data + done, &len, data + done, chunk) != 1 || len != chunk)
        {
            ERR_clear_error();
            throw std::runtime_error("OpenSSL RC4 failed");
        }
        done += static_cast<size_t>(chunk);
    }
}

Bytes
Rc4::Apply(const Bytes& data)
{
    Bytes out = data;
    Apply(out.data(), out.size());
    return out;
}

uint64_t
DetRandom::Next()
{
    uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Bytes
DetRandom::NextBytes(size_t n)
{
    Bytes b;
    b.reserve(n);
    while (b.size() < n)
    {
        uint64_t v = Next();
        for (int i = 0; i < 8 && b.size() < n; ++i)
        {
            b.push_back(static_cast<uint8_t>(v >> (56 - 8 * i)));
        }
    }
    return b;
}

} // namespace ns3
