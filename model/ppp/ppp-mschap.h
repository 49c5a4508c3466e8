/**
 * \file
 * \brief MS-CHAP computations: RFC 2433 (MS-CHAPv1, Appendix A), RFC 2759 (MS-CHAPv2, §8) and the
 * MPPE key derivation of RFC 3079 §3.4 for MS-CHAPv2 (master key, asymmetric start keys, first
 * session key). Every primitive comes from OpenSSL (model/common/crypto.h); the tests
 * prove each function against the RFCs' example values (RFC 2433 App. B, RFC 2759 §9, RFC 3079
 * §3.5).
 *
 * All challenge/response values are Bytes of the sizes the RFCs give (documented per function);
 * a wrong size yields an empty result, never an out-of-bounds read.
 */
#ifndef L2TPLAB_PPP_MSCHAP_H
#define L2TPLAB_PPP_MSCHAP_H

#include "model/common/byte-buffer.h"

#include <string>

namespace ns3
{

/**
 * \brief The password as the RFCs' "0-to-256-unicode-char Password": UTF-16LE of the UTF-8 text
 * (code points above U+FFFF as surrogate pairs; an invalid UTF-8 octet counts as Latin-1).
 * At most 256 characters are used (RFC 2759 §4: the password is at most 256 characters).
 */
Bytes MsChapUnicodePassword(const std::string& password);

/** \brief NtPasswordHash (RFC 2759 §8.3, RFC 2433 App. A): MD4 of the Unicode password, 16 octets.
 */
Bytes NtPasswordHash(const std::string& password);

/** \brief HashNtPasswordHash (RFC 2759 §8.4): MD4 of the 16-octet PasswordHash. */
Bytes HashNtPasswordHash(const Bytes& passwordHash);

/**
 * \brief ChallengeHash (RFC 2759 §8.2): first 8 octets of SHA1(PeerChallenge[16] ||
 * AuthenticatorChallenge[16] || UserName), UserName without any "DOMAIN\" prefix.
 */
Bytes MsChapV2ChallengeHash(const Bytes& peerChallenge,
                            const Bytes& authenticatorChallenge,
                            const std::string& userName);

/**
 * \brief ChallengeResponse (RFC 2759 §8.5, RFC 2433 App. A): the 16-octet hash zero-padded to 21
 * octets, three DES encryptions of the 8-octet challenge, 24 octets.
 */
Bytes MsChapChallengeResponse(const Bytes& challenge8, const Bytes& passwordHash16);

/** \brief MS-CHAPv1 NT-Response (RFC 2433 App. A NtChallengeResponse), 24 octets. */
Bytes MsChapV1NtResponse(const Bytes& challenge8, const std::string& password);

/** \brief GenerateNTResponse (RFC 2759 §8.1), 24 octets. */
Bytes MsChapV2NtResponse(const Bytes& authenticatorChallenge,
                         const Bytes& peerChallenge,
                         const std::string& userName,
                         const std::string& password);

/**
 * \brief GenerateAuthenticatorResponse (RFC 2759 §8.7): "S=" and 40 upper-case hex digits (42
 * characters), or "" on a wrong input size.
 */
std::string MsChapV2AuthenticatorResponse(const std::string& password,
                                          const Bytes& ntResponse,
                                          const Bytes& peerChallenge,
                                          const Bytes& authenticatorChallenge,
                                          const std::string& userName);

/** \brief GetMasterKey (RFC 3079 §3.4): first 16 octets of SHA1(PasswordHashHash || NT-Response ||
 * Magic1). */
Bytes MppeMasterKey(const Bytes& passwordHashHash, const Bytes& ntResponse);

/**
 * \brief GetAsymmetricStartKey (RFC 3079 §3.4): keyLength (8 or 16) octets of SHA1(MasterKey ||
 * SHSpad1 || Magic || SHSpad2), Magic2 for the client's send / server's receive key, Magic3 for
 * the other direction.
 */
Bytes MppeAsymmetricStartKey(const Bytes& masterKey, size_t keyLength, bool isSend, bool isServer);

/**
 * \brief GetNewKeyFromSHA (RFC 3079 §3.4): keyLength octets of SHA1(StartKey || SHSpad1 ||
 * SessionKey || SHSpad2); the initial session key is GetNewKeyFromSHA(StartKey, StartKey).
 */
Bytes MppeNewKeyFromSha(const Bytes& startKey, const Bytes& sessionKey, size_t keyLength);

/**
 * \brief What the MS-CHAP authentications leave for MPPE (MasterKeyMaterial() of the auth
 * objects): MS-CHAPv2 PasswordHashHash[16] || NT-Response[24] (the inputs of RFC 3079 §3.4
 * GetMasterKey); MS-CHAPv1 PasswordHashHash[16] || Challenge[8] (RFC 3079 §2.4 GetStartKey).
 */
Bytes MsChapKeyMaterial(const Bytes& passwordHashHash, const Bytes& ntResponseOrChallenge);

} // namespace ns3

#endif
