#include "model/ppp/ppp-mschap.h"

#include "model/common/crypto.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

namespace
{

/** RFC 2759 §8.7 Magic1 and Magic2 (39 and 41 octets, no terminating zero). */
const std::string kAuthMagic1 = "Magic server to client signing constant";
const std::string kAuthMagic2 = "Pad to make it do more than one iteration";
/** RFC 3079 §3.4 Magic1 (27 octets), Magic2 and Magic3 (84 octets each). */
const std::string kMppeMagic1 = "This is the MPPE Master Key";
const std::string kMppeMagic2 =
    "On the client side, this is the send key; on the server side, it is the receive key.";
const std::string kMppeMagic3 =
    "On the client side, this is the receive key; on the server side, it is the send key.";

/** Decode one UTF-8 code point at s[i] (advancing i); an invalid octet is taken as Latin-1. */
uint32_t
NextCodePoint(const std::string& s, size_t& i)
{
    auto byte = [&](size_t k)
    {
        return static_cast<uint8_t>(s[k]);
    };
    uint8_t c = byte(i);
    size_t extra = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    if (c >= 0xf8 || (c >= 0x80 && c < 0xc0) || i + extra >= s.size() + (extra ? 0 : 1))
    {
        ++i;
        return c;
    }
    uint32_t cp = extra == 0 ? c : (c & (0x3f >> extra));
    for (size_t k = 1; k <= extra; ++k)
    {
        if ((byte(i + k) & 0xc0) != 0x80)
        {
            ++i;
            return c;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3f);
    }
    i += extra + 1;
    return cp;
}

void
PutUtf16(Bytes& out, uint32_t unit)
{
    out.push_back(static_cast<uint8_t>(unit & 0xff));
    out.push_back(static_cast<uint8_t>(unit >> 8));
}

Bytes
Take(const uint8_t* p, size_t n)
{
    return Bytes(p, p + n);
}

std::string
UpperHex(const uint8_t* p, size_t n)
{
    static const char kDigits[] = "0123456789ABCDEF";
    std::string s;
    for (size_t i = 0; i < n; ++i)
    {
        s.push_back(kDigits[p[i] >> 4]);
        s.push_back(kDigits[p[i] & 0x0f]);
    }
    return s;
}

} // namespace

Bytes
MsChapUnicodePassword(const std::string& password)
{
    Bytes out;
    size_t chars = 0;
    for (size_t i = 0; i < password.size() && chars < 256; ++chars)
    {
        uint32_t cp = NextCodePoint(password, i);
        if (cp > 0xffff)
        {
            cp -= 0x10000;
            PutUtf16(out, 0xd800 + (cp >> 10));
            PutUtf16(out, 0xdc00 + (cp & 0x3ff));
        }
        else
        {
            PutUtf16(out, cp);
        }
    }
    return out;
}

Bytes
NtPasswordHash(const std::string& password)
{
    Md4Digest d = Md4({MsChapUnicodePassword(password)});
    return Take(d.data(), d.size());
}

Bytes
HashNtPasswordHash(const Bytes& passwordHash)
{
    Md4Digest d = Md4({passwordHash});
    return Take(d.data(), d.size());
}

Bytes
MsChapV2ChallengeHash(const Bytes& peerChallenge,
                      const Bytes& authenticatorChallenge,
                      const std::string& userName)
{
    if (peerChallenge.size() != 16 || authenticatorChallenge.size() != 16)
    {
        return {};
    }
    size_t slash = userName.rfind('\\');
    std::string user = slash == std::string::npos ? userName : userName.substr(slash + 1);
    Sha1Digest d = Sha1({peerChallenge, authenticatorChallenge, user});
    return Take(d.data(), 8);
}

Bytes
MsChapChallengeResponse(const Bytes& challenge8, const Bytes& passwordHash16)
{
    if (challenge8.size() != 8 || passwordHash16.size() != 16)
    {
        return {};
    }
    uint8_t zHash[21] = {};
    std::memcpy(zHash, passwordHash16.data(), 16);
    Bytes out;
    for (int k = 0; k < 3; ++k)
    {
        DesBlock b = DesEncrypt7(zHash + 7 * k, challenge8.data());
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

Bytes
MsChapV1NtResponse(const Bytes& challenge8, const std::string& password)
{
    return MsChapChallengeResponse(challenge8, NtPasswordHash(password));
}

Bytes
MsChapV2NtResponse(const Bytes& authenticatorChallenge,
                   const Bytes& peerChallenge,
                   const std::string& userName,
                   const std::string& password)
{
    Bytes challenge = MsChapV2ChallengeHash(peerChallenge, authenticatorChallenge, userName);
    if (challenge.empty())
    {
        return {};
    }
    return MsChapChallengeResponse(challenge, NtPasswordHash(password));
}

std::string
MsChapV2AuthenticatorResponse(const std::string& password,
                              const Bytes& ntResponse,
                              const Bytes& peerChallenge,
                              const Bytes& authenticatorChallenge,
                              const std::string& userName)
{
    Bytes challenge = MsChapV2ChallengeHash(peerChallenge, authenticatorChallenge, userName);
    if (challenge.empty() || ntResponse.size() != 24)
    {
        return "";
    }
    Bytes hashHash = HashNtPasswordHash(NtPasswordHash(password));
    Sha1Digest digest = Sha1({hashHash, ntResponse, kAuthMagic1});
    Bytes d(digest.begin(), digest.end());
    Sha1Digest response = Sha1({d, challenge, kAuthMagic2});
    return "S=" + UpperHex(response.data(), response.size());
}

Bytes
MppeMasterKey(const Bytes& passwordHashHash, const Bytes& ntResponse)
{
    if (passwordHashHash.size() != 16 || ntResponse.size() != 24)
    {
        return {};
    }
    Sha1Digest d = Sha1({passwordHashHash, ntResponse, kMppeMagic1});
    return Take(d.data(), 16);
}

Bytes
MppeAsymmetricStartKey(const Bytes& masterKey, size_t keyLength, bool isSend, bool isServer)
{
    if (masterKey.size() != 16 || keyLength == 0 || keyLength > 16)
    {
        return {};
    }
    const std::string& magic = (isSend != isServer) ? kMppeMagic2 : kMppeMagic3;
    Bytes pad1(40, 0x00);
    Bytes pad2(40, 0xf2);
    Sha1Digest d = Sha1({masterKey, pad1, magic, pad2});
    return Take(d.data(), keyLength);
}

Bytes
MppeNewKeyFromSha(const Bytes& startKey, const Bytes& sessionKey, size_t keyLength)
{
    if (keyLength == 0 || keyLength > 16 || startKey.size() < keyLength ||
        sessionKey.size() < keyLength)
    {
        return {};
    }
    Bytes pad1(40, 0x00);
    Bytes pad2(40, 0xf2);
    Sha1Digest d = Sha1(
        {ByteSpan(startKey.data(), keyLength), pad1, ByteSpan(sessionKey.data(), keyLength), pad2});
    return Take(d.data(), keyLength);
}

Bytes
MsChapKeyMaterial(const Bytes& passwordHashHash, const Bytes& ntResponseOrChallenge)
{
    Bytes out = passwordHashHash;
    out.insert(out.end(), ntResponseOrChallenge.begin(), ntResponseOrChallenge.end());
    return out;
}

} // namespace ns3
