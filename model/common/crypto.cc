#include "model/common/crypto.h"

#include <openssl/evp.h>

namespace ns3
{

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
