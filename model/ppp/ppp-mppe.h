/**
 * \file
 * \brief Microsoft Point-to-Point Encryption: the key derivation of RFC 3079 (from MS-CHAPv2,
 * §3; from MS-CHAPv1, §2, 128-bit only), the key changes of RFC 3078 §7 and the packet format of
 * RFC 3078 §3 (PPP protocol 0x00FD: A/B/C/D bits, 12-bit coherency count, RC4-encrypted protocol
 * and information fields). RC4 is OpenSSL's (model/common/crypto.h Rc4), never hand-written.
 *
 * Sans-IO: Mppe turns a (protocol, payload) into the Information field of a 0x00FD frame and back;
 * the link (ppp-link.h) decides when it is in force (CCP Opened with MPPE agreed, ppp-ccp.h).
 *
 * Key schedule, per direction (RFC 3078 §7, RFC 3079 §3.1-3.3):
 * - the start key comes from the authentication (MppeStartKeysFromMsChapV2/V1);
 * - the initial session key is GetNewKeyFromSHA(StartKey, StartKey), reduced for 40/56 bits, and
 *   RC4 is keyed with it;
 * - a key change (§7.3) is InterimKey = GetNewKeyFromSHA(StartKey, SessionKey), SessionKey =
 *   RC4(InterimKey, InterimKey), reduced, and RC4 is keyed again;
 * - stateless mode (H bit): the key changes before every packet and every packet carries the
 *   flushed bit A (§7.1); stateful: the key changes before the packet whose coherency count ends
 *   in 0xFF (§7.2), and a lost packet makes the receiver discard until a flushed packet, asking
 *   for one with a CCP Reset-Request (§8; RFC 1962 §5.1).
 *
 * The sender's first packet has coherency count 0; the receiver steps its key schedule through
 * every count from the last one it saw to the received one (a packet more than half the count
 * space behind is late and dropped). Every refusal is a counted drop reason (MppeDrop), never an
 * out-of-bounds read.
 */
#ifndef L2TPLAB_PPP_MPPE_H
#define L2TPLAB_PPP_MPPE_H

#include "model/common/byte-buffer.h"
#include "model/common/crypto.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

constexpr uint16_t kPppMppe = 0x00fd; //!< compressed/encrypted datagram (RFC 1962 §1, RFC 3078 §3)

// ---- RFC 3078 §2.1: the Supported Bits of CCP option 18, as a 32-bit value (network order)

constexpr uint32_t kMppeBitC = 0x00000001; //!< C: MPPC compression (RFC 2118); never offered
constexpr uint32_t kMppeBitD = 0x00000010; //!< D: obsolete, never offered
constexpr uint32_t kMppeBitL = 0x00000020; //!< L: 40-bit keys
constexpr uint32_t kMppeBitS = 0x00000040; //!< S: 128-bit keys
constexpr uint32_t kMppeBitM = 0x00000080; //!< M: 56-bit keys
constexpr uint32_t kMppeBitH = 0x01000000; //!< H: stateless mode
/** \brief The three key-strength bits. */
constexpr uint32_t kMppeStrengthBits = kMppeBitL | kMppeBitS | kMppeBitM;

/** \brief Key strength. */
enum class MppeStrength : uint8_t
{
    BITS_40,  //!< L bit, 8-octet keys reduced to 40 bits
    BITS_56,  //!< M bit, 8-octet keys reduced to 56 bits
    BITS_128, //!< S bit, 16-octet keys
};

/** \brief "40", "56", "128". */
const char* ToString(MppeStrength s);
/** \brief 8 (40, 56) or 16 (128): SessionKeyLength of RFC 3079. */
size_t MppeKeyLength(MppeStrength s);
/** \brief The Supported Bit of a strength (L, M or S). */
uint32_t MppeStrengthBit(MppeStrength s);
/**
 * \brief The strongest strength among `bits` (S over M over L); false if none is set.
 */
bool MppeStrongest(uint32_t bits, MppeStrength& out);
/** \brief RouterOS's monitor text: "MPPE128 stateless", "MPPE40 stateful". */
std::string MppeEncodingName(MppeStrength s, bool stateless);
/** \brief "S H" style list of the set bits (for logs and events), e.g. "H S". */
std::string MppeBitsText(uint32_t bits);

// ---- RFC 3079 key derivation

/**
 * \brief ReduceSessionKey (RFC 3079 §3.1, §3.2; §2.1, §2.2): 40 bits: the first three octets
 * become D1 26 9E; 56 bits: the first octet becomes D1; 128 bits: unchanged. The key keeps its
 * length (8 octets for 40/56).
 */
Bytes MppeReduceSessionKey(const Bytes& key, MppeStrength s);

/** \brief Start keys of both directions of one end. */
struct MppeStartKeys
{
    Bytes send; //!< MasterSendKey (this end encrypts with keys derived from it)
    Bytes recv; //!< MasterReceiveKey
};

/**
 * \brief RFC 3079 §3.1-3.3: from MS-CHAPv2 key material (PasswordHashHash[16] || NT-Response[24],
 * MsChapKeyMaterial) GetMasterKey, then GetAsymmetricStartKey for both directions, 8 octets for
 * 40/56 bits, 16 for 128. The client's send key is the server's receive key. Empty keys on a
 * wrong material size.
 */
MppeStartKeys MppeStartKeysFromMsChapV2(const Bytes& material, MppeStrength s, bool isServer);

/**
 * \brief RFC 3079 §2.3 (128-bit keys from MS-CHAPv1): material PasswordHashHash[16] ||
 * Challenge[8]; GetStartKey = first 16 octets of SHA1(PasswordHashHash || PasswordHashHash ||
 * Challenge), the same in both directions. 40/56-bit MS-CHAPv1 keys (§2.1, §2.2) need the LAN
 * Manager hash, which is not modelled: empty keys.
 */
MppeStartKeys MppeStartKeysFromMsChapV1(const Bytes& material, MppeStrength s);

/**
 * \brief The initial session key (RFC 3079 §3.1-3.3 step "GetNewKeyFromSHA(StartKey, StartKey)",
 * then ReduceSessionKey).
 */
Bytes MppeInitialSessionKey(const Bytes& startKey, MppeStrength s);

/** \brief A key change (RFC 3078 §7.3): the next session key after `sessionKey`. */
Bytes MppeChangeKey(const Bytes& startKey, const Bytes& sessionKey, MppeStrength s);

// ---- RFC 3078 §3 packet format

constexpr uint8_t kMppeFlagA = 0x80;       //!< A: flushed (RC4 re-initialised before this packet)
constexpr uint8_t kMppeFlagB = 0x40;       //!< B: MPPC, packet at the front of the history
constexpr uint8_t kMppeFlagC = 0x20;       //!< C: MPPC compressed
constexpr uint8_t kMppeFlagD = 0x10;       //!< D: encrypted (always set by MPPE)
constexpr uint16_t kMppeCountSpace = 4096; //!< 12-bit coherency count
constexpr size_t kMppeOverhead = 4;        //!< 0x00FD + the 2-octet header replace nothing (§3)

/** \brief The two header octets of a 0x00FD Information field. */
struct MppeHeader
{
    bool flushed{false};    //!< A
    bool front{false};      //!< B
    bool compressed{false}; //!< C
    bool encrypted{false};  //!< D
    uint16_t count{0};      //!< coherency count, 0..4095
};

/** \brief Decode the header; false if fewer than 2 octets. */
bool DecodeMppeHeader(const Bytes& info, MppeHeader& out);

/** \brief Why a received 0x00FD packet was dropped. */
enum class MppeDrop : uint8_t
{
    NONE,               //!< decrypted
    SHORT,              //!< fewer than 2 header octets
    NOT_ENCRYPTED,      //!< D bit clear: not an MPPE packet
    COMPRESSED,         //!< B or C set: MPPC, never negotiated
    NOT_FLUSHED,        //!< stateless mode without the A bit (RFC 3078 §7.1)
    LATE,               //!< stateless: repeated or more than half the count space behind
    COHERENCY_GAP,      //!< stateful: a count was skipped; a Reset-Request is due
    AWAITING_FLUSH,     //!< stateful: discarding until a flushed packet
    BAD_INNER_PROTOCOL, //!< the decrypted protocol field is not a valid PPP protocol
    NO_KEY,             //!< no key (the cipher could not be set up)
};

/** \brief "short", "not-encrypted", ... (the counter name after `mppe/drop/`). */
const char* ToString(MppeDrop d);

/** \brief One end's MPPE parameters (both directions). */
struct MppeConfig
{
    MppeStrength strength{MppeStrength::BITS_128}; //!< negotiated strength
    bool stateless{true};                          //!< H bit agreed
    Bytes sendStartKey;                            //!< MasterSendKey
    Bytes recvStartKey;                            //!< MasterReceiveKey
};

/** \brief The encryptor and decryptor of one link end (see the file comment). */
class Mppe
{
public:
    explicit Mppe(const MppeConfig& cfg);

    /**
     * \brief Encrypt one datagram: the Information field of a 0x00FD frame (header, then RC4 of
     * the 2-octet protocol and the payload).
     */
    Bytes Encrypt(uint16_t protocol, const Bytes& payload);

    /**
     * \brief Decrypt the Information field of a received 0x00FD frame.
     * \return NONE with protocol and payload set, or why the packet was dropped (counted).
     */
    MppeDrop Decrypt(const Bytes& info, uint16_t& protocol, Bytes& payload);

    /** \brief Stateful: the peer sent a CCP Reset-Request; the next packet is flushed (§8). */
    void ResetRequested();

    /** \brief Stateful: a Reset-Request should be sent (once per gap); clears the flag. */
    bool TakeResetRequest();

    /** \brief Counters: mppe/tx, mppe/rx, mppe/rekey/tx|rx, mppe/drop/<reason>, ... */
    const std::map<std::string, uint64_t>&
    Counters() const
    {
        return m_counters;
    }

    /** \brief The configuration. */
    const MppeConfig&
    Config() const
    {
        return m_cfg;
    }

    /** \brief "MPPE128 stateless". */
    std::string EncodingName() const;

private:
    /** \brief One direction's key state. */
    struct Direction
    {
        Bytes startKey;        //!< MasterSendKey or MasterReceiveKey
        Bytes sessionKey;      //!< current session key
        Rc4 rc4;               //!< keyed with sessionKey
        uint16_t count{0xfff}; //!< last coherency count (4095: the next one is 0)
    };

    void ChangeKey(Direction& d, const char* counter);
    bool StepsToKeyChange(uint16_t count) const;
    void StepTo(Direction& d, uint16_t count);
    MppeDrop DecryptStateful(const MppeHeader& h, uint16_t delta);
    MppeDrop Open(const Bytes& info, uint16_t& protocol, Bytes& payload);
    MppeDrop Count(MppeDrop d);

    MppeConfig m_cfg;                           //!< parameters
    Direction m_tx;                             //!< our sending direction
    Direction m_rx;                             //!< the peer's sending direction
    bool m_flushNext{false};                    //!< stateful: flush the next packet we send
    bool m_discarding{false};                   //!< stateful: waiting for a flushed packet
    bool m_resetDue{false};                     //!< stateful: a Reset-Request should be sent
    std::map<std::string, uint64_t> m_counters; //!< counters
};

} // namespace ns3

#endif
