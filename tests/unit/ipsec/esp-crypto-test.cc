// The ESP transforms against published test vectors:
//  - AES-CBC: RFC 3602 §4, Cases #1 and #2 (raw CBC) — the ESP packet case is in esp-test.cc;
//  - HMAC-SHA1-96: RFC 2404 §3 test cases (the RFC 2202 inputs, output truncated to 96 bits);
//  - HMAC-SHA-256: RFC 4231 §4.2/§4.3 (full output), and RFC 4868 §2.7.2.1 (AUTH256-1, the
//    HMAC-SHA-256-128 that ESP carries);
//  - AES-GCM: RFC 4106 has no test vectors. The vectors below are from the IETF draft
//    draft-mcgrew-gcm-test-01 §4 ("Test Cases for the use of GCM and GMAC in IPsec ESP"), written
//    by an RFC 4106 author for exactly this use: key, salt || IV nonce, AAD = SPI || Sequence
//    Number, ESP plaintext, ciphertext || 16-octet ICV. It is an expired Internet-Draft, not an
//    RFC; that is said here on purpose.
//  - 3DES-CBC: RFC 2451 gives no vectors; NIST SP 800-20's TCBC Variable Plaintext Known Answer
//    Test (first rounds, keying option K1 = K2 = K3 = 0101...01, IV 0) is used, plus round trips.

#include "model/ipsec/esp-crypto.h"

#include <boost/test/unit_test.hpp>

#include <set>
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

Bytes
S(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

Bytes
Cbc(EspCipher c, bool enc, const Bytes& key, const Bytes& iv, const Bytes& in)
{
    Bytes out;
    BOOST_REQUIRE(EspCbcCrypt(c, enc, key, iv.data(), in.data(), in.size(), out));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ipsec_esp_crypto)

BOOST_AUTO_TEST_CASE(transform_rows_are_consistent)
{
    size_t n = 0;
    const EspCipherInfo* rows = EspCipherTable(n);
    BOOST_REQUIRE_EQUAL(n, 8u);
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i)
    {
        BOOST_CHECK_EQUAL(static_cast<size_t>(rows[i].id), i); // table order = enum order
        BOOST_CHECK(names.insert(rows[i].routerOs).second);    // RouterOS names unique
        BOOST_CHECK_GE(rows[i].blockSize, 4);                  // RFC 4303 §2.4
    }
    // RFC 3602 §2/§3: AES-CBC block 16, IV 16. RFC 2451: 3DES block 8, key 24.
    BOOST_CHECK_EQUAL(GetEspCipherInfo(EspCipher::AES_CBC_192).keyLen, 24);
    BOOST_CHECK_EQUAL(GetEspCipherInfo(EspCipher::AES_CBC_256).ivLen, 16);
    BOOST_CHECK_EQUAL(GetEspCipherInfo(EspCipher::DES3_CBC).blockSize, 8);
    BOOST_CHECK_EQUAL(GetEspCipherInfo(EspCipher::DES3_CBC).keyLen, 24);
    // RFC 4106 §3.1, §8.1: 8-octet IV, 4-octet salt, ICV 16 (ENCR_AES_GCM_16).
    for (EspCipher g : {EspCipher::AES_GCM_128, EspCipher::AES_GCM_192, EspCipher::AES_GCM_256})
    {
        BOOST_CHECK_EQUAL(GetEspCipherInfo(g).ivLen, 8);
        BOOST_CHECK_EQUAL(GetEspCipherInfo(g).saltLen, 4);
        BOOST_CHECK_EQUAL(GetEspCipherInfo(g).aeadIcvLen, 16);
    }
    BOOST_CHECK_EQUAL(EspCipherKeyMaterial(EspCipher::AES_GCM_256), 36u);
    // RFC 2404 §2-3 and RFC 4868 §2.6: ICV 12 and 16, keys 20 and 32.
    BOOST_CHECK_EQUAL(GetEspIntegrityInfo(EspIntegrity::HMAC_SHA1_96).icvLen, 12);
    BOOST_CHECK_EQUAL(GetEspIntegrityInfo(EspIntegrity::HMAC_SHA1_96).keyLen, 20);
    BOOST_CHECK_EQUAL(GetEspIntegrityInfo(EspIntegrity::HMAC_SHA256_128).icvLen, 16);
    BOOST_CHECK_EQUAL(GetEspIntegrityInfo(EspIntegrity::HMAC_SHA256_128).keyLen, 32);
}

BOOST_AUTO_TEST_CASE(routeros_and_rfc_names_resolve)
{
    EspCipher c{};
    BOOST_CHECK(FindEspCipher("aes-256-cbc", c) && c == EspCipher::AES_CBC_256);
    BOOST_CHECK(FindEspCipher("aes-128", c) && c == EspCipher::AES_CBC_128); // peer-menu alias
    BOOST_CHECK(FindEspCipher("3des", c) && c == EspCipher::DES3_CBC);
    BOOST_CHECK(FindEspCipher("aes-192-gcm", c) && c == EspCipher::AES_GCM_192);
    BOOST_CHECK(FindEspCipher("AES-GCM-128", c) && c == EspCipher::AES_GCM_128);
    BOOST_CHECK(!FindEspCipher("blowfish", c));
    EspIntegrity i{};
    BOOST_CHECK(FindEspIntegrity("sha1", i) && i == EspIntegrity::HMAC_SHA1_96);
    BOOST_CHECK(FindEspIntegrity("sha256", i) && i == EspIntegrity::HMAC_SHA256_128);
    BOOST_CHECK(!FindEspIntegrity("md5", i));
}

BOOST_AUTO_TEST_CASE(aes_cbc_rfc3602_cases_1_and_2)
{
    // Case #1: one block.
    Bytes k1 = H("06a9214036b8a15b512e03d534120006");
    Bytes iv1 = H("3dafba429d9eb430b422da802c9fac41");
    Bytes c1 = H("e353779c1079aeb82708942dbe77181a");
    BOOST_CHECK(Cbc(EspCipher::AES_CBC_128, true, k1, iv1, S("Single block msg")) == c1);
    BOOST_CHECK(Cbc(EspCipher::AES_CBC_128, false, k1, iv1, c1) == S("Single block msg"));
    // Case #2: two blocks (chaining).
    Bytes k2 = H("c286696d887c9aa0611bbb3e2025a45a");
    Bytes iv2 = H("562e17996d093d28ddb3ba695a2e6f58");
    Bytes p2 = H("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    Bytes c2 = H("d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1");
    BOOST_CHECK(Cbc(EspCipher::AES_CBC_128, true, k2, iv2, p2) == c2);
    BOOST_CHECK(Cbc(EspCipher::AES_CBC_128, false, k2, iv2, c2) == p2);
}

BOOST_AUTO_TEST_CASE(cbc_refuses_wrong_sizes)
{
    Bytes key(16, 1);
    Bytes iv(16, 2);
    Bytes out;
    Bytes notBlock(15, 0);
    BOOST_CHECK(!EspCbcCrypt(EspCipher::AES_CBC_128, true, key, iv.data(), notBlock.data(),
                             notBlock.size(), out));
    BOOST_CHECK(out.empty());
    Bytes shortKey(15, 1);
    Bytes block(16, 0);
    BOOST_CHECK(!EspCbcCrypt(EspCipher::AES_CBC_128, true, shortKey, iv.data(), block.data(),
                             block.size(), out));
    // GCM is not a CBC cipher.
    BOOST_CHECK(!EspCbcCrypt(EspCipher::AES_GCM_128, true, key, iv.data(), block.data(),
                             block.size(), out));
}

BOOST_AUTO_TEST_CASE(des3_and_aes_round_trip)
{
    for (EspCipher c : {EspCipher::DES3_CBC, EspCipher::AES_CBC_128, EspCipher::AES_CBC_192,
                        EspCipher::AES_CBC_256})
    {
        const EspCipherInfo& info = GetEspCipherInfo(c);
        Bytes key(info.keyLen);
        for (size_t i = 0; i < key.size(); ++i)
        {
            key[i] = static_cast<uint8_t>(0x11 * (i % 15) + 1);
        }
        Bytes iv(info.ivLen, 0x5a);
        Bytes plain(info.blockSize * 3);
        for (size_t i = 0; i < plain.size(); ++i)
        {
            plain[i] = static_cast<uint8_t>(i);
        }
        Bytes ct = Cbc(c, true, key, iv, plain);
        BOOST_CHECK(ct != plain);
        BOOST_CHECK(Cbc(c, false, key, iv, ct) == plain);
    }
}

BOOST_AUTO_TEST_CASE(des3_cbc_nist_sp800_20_variable_plaintext)
{
    Bytes key(24, 0x01);
    Bytes iv(8, 0);
    BOOST_CHECK_EQUAL(ToHex(Cbc(EspCipher::DES3_CBC, true, key, iv, H("8000000000000000"))),
                      "95f8a5e5dd31d900");
    BOOST_CHECK_EQUAL(ToHex(Cbc(EspCipher::DES3_CBC, true, key, iv, H("4000000000000000"))),
                      "dd7f121ca5015619");
    BOOST_CHECK_EQUAL(ToHex(Cbc(EspCipher::DES3_CBC, false, key, iv, H("95f8a5e5dd31d900"))),
                      "8000000000000000");
}

BOOST_AUTO_TEST_CASE(hmac_sha1_96_rfc2404)
{
    // RFC 2404 §3, test cases 1-3 (RFC 2202 inputs): full HMAC-SHA-1 and the 96-bit truncation.
    struct V
    {
        Bytes key;
        Bytes data;
        const char* full;
    };
    const V v[] = {
        {Bytes(20, 0x0b), S("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
        {S("Jefe"), S("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {Bytes(20, 0xaa), Bytes(50, 0xdd), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
    };
    for (const V& t : v)
    {
        Bytes full = EspHmacFull(EspIntegrity::HMAC_SHA1_96, t.key, t.data.data(), t.data.size());
        BOOST_CHECK_EQUAL(ToHex(full), t.full);
        Bytes icv = EspIcv(EspIntegrity::HMAC_SHA1_96, t.key, t.data.data(), t.data.size());
        BOOST_CHECK_EQUAL(ToHex(icv), std::string(t.full).substr(0, 24));
    }
}

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231_and_rfc4868)
{
    // RFC 4231 §4.2 (test case 1) and §4.3 (test case 2): full HMAC-SHA-256.
    Bytes k1(20, 0x0b);
    Bytes d1 = S("Hi There");
    BOOST_CHECK_EQUAL(ToHex(EspHmacFull(EspIntegrity::HMAC_SHA256_128, k1, d1.data(), d1.size())),
                      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    Bytes k2 = S("Jefe");
    Bytes d2 = S("what do ya want for nothing?");
    BOOST_CHECK_EQUAL(ToHex(EspHmacFull(EspIntegrity::HMAC_SHA256_128, k2, d2.data(), d2.size())),
                      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // RFC 4868 §2.7.2.1 AUTH256-1: 32-octet key 0x0b.., "Hi There"; ESP carries the first 128 bits.
    Bytes k3(32, 0x0b);
    BOOST_CHECK_EQUAL(ToHex(EspHmacFull(EspIntegrity::HMAC_SHA256_128, k3, d1.data(), d1.size())),
                      "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
    BOOST_CHECK_EQUAL(ToHex(EspIcv(EspIntegrity::HMAC_SHA256_128, k3, d1.data(), d1.size())),
                      "198a607eb44bfbc69903a0f1cf2bbdc5");
    BOOST_CHECK(EspIcv(EspIntegrity::NONE, k3, d1.data(), d1.size()).empty());
}

BOOST_AUTO_TEST_CASE(aes_gcm_draft_mcgrew_gcm_test_vectors)
{
    // draft-mcgrew-gcm-test-01 §4: the 128-, 192- and 256-bit key cases. Nonce = salt || IV.
    struct V
    {
        EspCipher cipher;
        const char* key;
        const char* nonce;
        const char* aad;
        const char* plain;
        const char* sealed; // ciphertext || 16-octet ICV
    };
    const V v[] = {
        {EspCipher::AES_GCM_128, "4c80cdefbb5d10da906ac73c3613a634", "2e443b684956ed7e3b244cfe",
         "000043218765432100000000",
         "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
         "00000000045f736970045f756470037369700963796265726369747902646b00"
         "0021000101020201",
         "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
         "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
         "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4"},
        {EspCipher::AES_GCM_192, "feffe9928665731c6d6a8f9467308308feffe9928665731c",
         "cafebabefacedbaddecaf888", "0000a5f80000000a",
         "45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e"
         "501016d075680001",
         "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
         "315b27452144cc7795457b9652037f5318027b5b4cd7a636"},
        {EspCipher::AES_GCM_256, "abbccddef00112233445566778899aababbccddef00112233445566778899aab",
         "112233440102030405060708", "4a2cbfe300000002",
         "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
         "7002400020bf0000020405b40101040201020201",
         "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
         "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
         "15956c96"},
    };
    for (const V& t : v)
    {
        Bytes key = H(t.key);
        Bytes nonce = H(t.nonce);
        Bytes aad = H(t.aad);
        Bytes plain = H(t.plain);
        Bytes sealed;
        BOOST_REQUIRE(EspGcmSeal(t.cipher, key, nonce.data(), aad.data(), aad.size(), plain.data(),
                                 plain.size(), 16, sealed));
        BOOST_CHECK_EQUAL(ToHex(sealed), t.sealed);
        Bytes opened;
        BOOST_CHECK(EspGcmOpen(t.cipher, key, nonce.data(), aad.data(), aad.size(), sealed.data(),
                               sealed.size(), 16, opened));
        BOOST_CHECK(opened == plain);
        // A flipped ICV bit or AAD bit is refused.
        Bytes bad = sealed;
        bad.back() ^= 0x01;
        BOOST_CHECK(!EspGcmOpen(t.cipher, key, nonce.data(), aad.data(), aad.size(), bad.data(),
                                bad.size(), 16, opened));
        BOOST_CHECK(opened.empty());
        Bytes badAad = aad;
        badAad[7] ^= 0x80;
        BOOST_CHECK(!EspGcmOpen(t.cipher, key, nonce.data(), badAad.data(), badAad.size(),
                                sealed.data(), sealed.size(), 16, opened));
    }
}

BOOST_AUTO_TEST_CASE(icv_comparison_is_exact)
{
    Bytes a = H("00112233445566778899aabb");
    Bytes b = a;
    BOOST_CHECK(EspIcvEqual(a.data(), b.data(), a.size()));
    b[11] ^= 0x01;
    BOOST_CHECK(!EspIcvEqual(a.data(), b.data(), a.size()));
}

BOOST_AUTO_TEST_SUITE_END()
