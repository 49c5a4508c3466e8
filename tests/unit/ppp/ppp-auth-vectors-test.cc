// The crypto of PPP authentication against the RFCs' own example values: RFC 2759 §9.2 / §9.3
// (MS-CHAPv2, DES key expansion), RFC 2433 Appendix B.2 (MS-CHAPv1), RFC 3079 §3.5.3 (MPPE
// 128-bit keys from MS-CHAPv2), RFC 1994 §2/§4.1 (CHAP-MD5), plus the primitives' own vectors
// (RFC 1320 MD4, FIPS 180 SHA-1, FIPS 81 DES).

#include "model/common/crypto.h"
#include "model/ppp/ppp-auth-method.h"
#include "model/ppp/ppp-chap.h"
#include "model/ppp/ppp-mschap.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ns3;

namespace
{

Bytes
H(const std::string& hex)
{
    Bytes b;
    BOOST_REQUIRE(FromHex(hex, b));
    return b;
}

template <size_t N>
Bytes
B(const std::array<uint8_t, N>& a)
{
    return Bytes(a.begin(), a.end());
}

// RFC 2759 §9.2 (the same values open RFC 3079 §3.5.3).
const std::string kUser = "User";
const std::string kPassword = "clientPass";
const char* const kAuthChallenge = "5B5D7C7D7B3F2F3E3C2C602132262628";
const char* const kPeerChallenge = "21402324255E262A28295F2B3A337C7E";

} // namespace

BOOST_AUTO_TEST_SUITE(ppp_auth_vectors)

BOOST_AUTO_TEST_CASE(legacy_provider_loads)
{
    // MD4 and DES live in OpenSSL 3's legacy provider; the message names what to check if not.
    BOOST_CHECK_EQUAL(LegacyCryptoStatus(), "");
}

BOOST_AUTO_TEST_CASE(primitives_match_their_standards)
{
    // RFC 1320 §A.5 test suite.
    BOOST_CHECK_EQUAL(ToHex(B(Md4({std::string()}))), "31d6cfe0d16ae931b73c59d7e0c089c0");
    BOOST_CHECK_EQUAL(ToHex(B(Md4({std::string("abc")}))), "a448017aaf21d8525fc10ae87aa6729d");
    BOOST_CHECK_EQUAL(ToHex(B(Md4({std::string("message digest")}))),
                      "d9130a8164549fe818874806e1c7014b");
    // Pieces are concatenated.
    BOOST_CHECK(Md4({std::string("ab"), std::string("c")}) == Md4({std::string("abc")}));
    // FIPS 180-1 Appendix A: SHA-1("abc").
    BOOST_CHECK_EQUAL(ToHex(B(Sha1({std::string("abc")}))),
                      "a9993e364706816aba3e25717850c26c9cd0d89d");
    // RFC 1321 §A.5: MD5("abc").
    BOOST_CHECK_EQUAL(ToHex(B(Md5({std::string("abc")}))), "900150983cd24fb0d6963f7d28e17f72");
}

BOOST_AUTO_TEST_CASE(des_key_expansion_rfc2759_9_3)
{
    // RFC 2759 §9.3: password "MyPw", PasswordHash FC156AF7EDCD6C0EDDE3337D427F4EAC; the two
    // 7-octet halves become parity-corrected 8-octet DES keys.
    Bytes hash = NtPasswordHash("MyPw");
    BOOST_CHECK_EQUAL(ToHex(hash), "fc156af7edcd6c0edde3337d427f4eac");
    BOOST_CHECK_EQUAL(ToHex(B(DesExpandKey(hash.data()))), "fd0b5b5e7f6e34d9");
    BOOST_CHECK_EQUAL(ToHex(B(DesExpandKey(hash.data() + 7))), "0e6e796737ea08fe");
    // Every expanded octet has odd parity.
    for (uint8_t o : DesExpandKey(hash.data()))
    {
        BOOST_CHECK_EQUAL(__builtin_popcount(o) % 2, 1);
    }
}

BOOST_AUTO_TEST_CASE(des_ecb_known_answer)
{
    // FIPS 81 / the classic DES test: key 133457799BBCDFF1 (whose 56 key bits are the 7 octets
    // below), plaintext 0123456789ABCDEF -> 85E813540F0AB405.
    // 133457799BBCDFF1 without its parity bits, packed: take bits 7..1 of each octet.
    uint64_t bits = 0;
    Bytes key8 = H("133457799BBCDFF1");
    for (uint8_t o : key8)
    {
        bits = (bits << 7) | (o >> 1);
    }
    Bytes key7(7, 0);
    for (int i = 0; i < 7; ++i)
    {
        key7[i] = static_cast<uint8_t>(bits >> (48 - 8 * i));
    }
    Bytes clear = H("0123456789ABCDEF");
    BOOST_CHECK_EQUAL(ToHex(B(DesEncrypt7(key7.data(), clear.data()))), "85e813540f0ab405");
}

BOOST_AUTO_TEST_CASE(mschapv2_rfc2759_9_2_every_intermediate)
{
    Bytes auth = H(kAuthChallenge);
    Bytes peer = H(kPeerChallenge);
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword(kPassword)),
                      "63006c00690065006e0074005000610073007300");
    BOOST_CHECK_EQUAL(ToHex(MsChapV2ChallengeHash(peer, auth, kUser)), "d02e4386bce91226");
    Bytes passwordHash = NtPasswordHash(kPassword);
    BOOST_CHECK_EQUAL(ToHex(passwordHash), "44ebba8d5312b8d611474411f56989ae");
    Bytes nt = MsChapV2NtResponse(auth, peer, kUser, kPassword);
    BOOST_CHECK_EQUAL(ToHex(nt), "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
    BOOST_CHECK_EQUAL(ToHex(HashNtPasswordHash(passwordHash)), "41c00c584bd2d91c4017a2a12fa59f3f");
    BOOST_CHECK_EQUAL(MsChapV2AuthenticatorResponse(kPassword, nt, peer, auth, kUser),
                      "S=407A5589115FD0D6209F510FE9C04566932CDA56");
}

BOOST_AUTO_TEST_CASE(mschapv2_negative_and_domain)
{
    Bytes auth = H(kAuthChallenge);
    Bytes peer = H(kPeerChallenge);
    Bytes nt = MsChapV2NtResponse(auth, peer, kUser, kPassword);
    // A different password, user or challenge changes the NT-Response and the S= value.
    BOOST_CHECK(MsChapV2NtResponse(auth, peer, kUser, "clientPasS") != nt);
    BOOST_CHECK(MsChapV2NtResponse(auth, peer, "user", kPassword) != nt);
    BOOST_CHECK(MsChapV2AuthenticatorResponse("other", nt, peer, auth, kUser) !=
                "S=407A5589115FD0D6209F510FE9C04566932CDA56");
    // RFC 2759 §8.2: only the user name, without a prepended domain, goes into ChallengeHash.
    BOOST_CHECK(MsChapV2NtResponse(auth, peer, "EXAMPLE\\User", kPassword) == nt);
    // Wrong sizes give empty results, never a read past the input.
    BOOST_CHECK(MsChapV2ChallengeHash(Bytes(15, 0), auth, kUser).empty());
    BOOST_CHECK(MsChapChallengeResponse(Bytes(7, 0), NtPasswordHash("x")).empty());
    BOOST_CHECK(MsChapV2AuthenticatorResponse(kPassword, Bytes(23, 0), peer, auth, kUser).empty());
}

BOOST_AUTO_TEST_CASE(mschapv1_rfc2433_appendix_b2)
{
    // RFC 2433 B.2: password "MyPw", challenge 102DB5DF085D3041.
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword("MyPw")), "4d00790050007700");
    Bytes challenge = H("102DB5DF085D3041");
    BOOST_CHECK_EQUAL(ToHex(NtPasswordHash("MyPw")), "fc156af7edcd6c0edde3337d427f4eac");
    BOOST_CHECK_EQUAL(ToHex(MsChapV1NtResponse(challenge, "MyPw")),
                      "4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61");
    BOOST_CHECK(MsChapV1NtResponse(challenge, "MyPW") != MsChapV1NtResponse(challenge, "MyPw"));
}

BOOST_AUTO_TEST_CASE(mppe_keys_rfc3079_3_5_3)
{
    Bytes nt = MsChapV2NtResponse(H(kAuthChallenge), H(kPeerChallenge), kUser, kPassword);
    Bytes hashHash = HashNtPasswordHash(NtPasswordHash(kPassword));
    Bytes master = MppeMasterKey(hashHash, nt);
    BOOST_CHECK_EQUAL(ToHex(master), "fdece3717a8c838cb388e527ae3cdd31");
    // §3.5.3 derives SendStartKey128 on the server (IsSend, IsServer: Magic3); the client's
    // receive key is the same value.
    Bytes serverSend = MppeAsymmetricStartKey(master, 16, true, true);
    BOOST_CHECK_EQUAL(ToHex(serverSend), "8b7cdc149b993a1ba118cb153f56dccb");
    BOOST_CHECK(MppeAsymmetricStartKey(master, 16, false, false) == serverSend);
    BOOST_CHECK(MppeAsymmetricStartKey(master, 16, true, false) != serverSend);
    BOOST_CHECK(MppeAsymmetricStartKey(master, 16, false, true) ==
                MppeAsymmetricStartKey(master, 16, true, false));
    // §3.5.3 SendSessionKey128 = GetNewKeyFromSHA(SendStartKey, SendStartKey).
    BOOST_CHECK_EQUAL(ToHex(MppeNewKeyFromSha(serverSend, serverSend, 16)),
                      "405cb2247a7956e6e211007ae27b22d4");
    // Key material as the auth objects expose it.
    Bytes material = MsChapKeyMaterial(hashHash, nt);
    BOOST_CHECK_EQUAL(material.size(), 40u);
    BOOST_CHECK(MppeMasterKey(Bytes(material.begin(), material.begin() + 16),
                              Bytes(material.begin() + 16, material.end())) == master);
    BOOST_CHECK(MppeMasterKey(hashHash, Bytes(23, 0)).empty());
}

BOOST_AUTO_TEST_CASE(chap_md5_rfc1994)
{
    // RFC 1994 §4.1 (MD5): Response = MD5(Identifier || secret || Challenge). The expected value
    // is `printf '\x01MyPw\x10\x2d\xb5\xdf\x08\x5d\x30\x41' | openssl dgst -md5`.
    Md5Digest r = ChapMd5Response(1, "MyPw", H("102DB5DF085D3041"));
    BOOST_CHECK_EQUAL(ToHex(B(r)), "8f028814450d66d94c72331ef455a172");
    // The identifier is part of the hash: a replay under another Identifier does not match.
    BOOST_CHECK(ChapMd5Response(2, "MyPw", H("102DB5DF085D3041")) != r);
    BOOST_CHECK(ChapMd5Response(1, "MyPW", H("102DB5DF085D3041")) != r);
}

BOOST_AUTO_TEST_CASE(unicode_password_is_utf16le)
{
    // Non-ASCII: U+00E9 (2 UTF-8 octets), U+20AC (3), U+1F600 (4: a surrogate pair).
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword("\xc3\xa9")), "e900");
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword("\xe2\x82\xac")), "ac20");
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword("\xf0\x9f\x98\x80")), "3dd800de");
    // A stray continuation octet or a truncated sequence is taken as Latin-1, never over-read.
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword("\x80")), "8000");
    BOOST_CHECK_EQUAL(ToHex(MsChapUnicodePassword("a\xe2\x82")), "6100e2008200");
    // At most 256 characters (RFC 2759 §4).
    BOOST_CHECK_EQUAL(MsChapUnicodePassword(std::string(300, 'x')).size(), 512u);
}

BOOST_AUTO_TEST_SUITE_END()
