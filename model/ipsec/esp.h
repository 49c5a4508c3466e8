/**
 * \file
 * \brief RFC 4303 ESP, sans-IO: outbound SA (sequence counter that never cycles, padding, IV,
 * encryption, ICV), inbound SA (anti-replay sliding window, ICV checked before the window moves,
 * padding checked), SA lifetimes in time and bytes (soft/hard events), counted drop reasons, and
 * a small SAD keyed by SPI and destination.
 *
 * Packets are the ESP header onwards (SPI, Sequence Number, IV, ciphertext, ICV), as they follow an
 * IP header (protocol 50) or a UDP header on port 4500 (RFC 3948, see udp-encap.h). Transport mode:
 * the payload is the upper-layer segment (Next Header 17 for L2TP over UDP); tunnel mode: the
 * payload is a whole inner IP packet (Next Header 4 or 41). The caller chooses; ESP framing is the
 * same (RFC 4303 §2).
 */
#ifndef L2TPLAB_IPSEC_ESP_H
#define L2TPLAB_IPSEC_ESP_H

#include "model/common/byte-buffer.h"
#include "model/common/crypto.h"
#include "model/common/time.h"
#include "model/ipsec/esp-crypto.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

constexpr uint8_t kEspProtocol = 50;           //!< IP protocol number of ESP (RFC 4303 §2)
constexpr uint8_t kEspNextHeaderIpv4 = 4;      //!< tunnel mode, inner IPv4
constexpr uint8_t kEspNextHeaderUdp = 17;      //!< transport mode, UDP (L2TP, RFC 3193)
constexpr uint8_t kEspNextHeaderIpv6 = 41;     //!< tunnel mode, inner IPv6
constexpr uint8_t kEspNextHeaderDummy = 59;    //!< "no next header": dummy packet (RFC 4303 §2.6)
constexpr size_t kEspHeaderLen = 8;            //!< SPI + Sequence Number
constexpr uint32_t kEspMaxReplayWindow = 4096; //!< largest window accepted (bits)

/** \brief Why an ESP packet was not produced or not accepted. Rows of EspReasonTable(). */
enum class EspReason : uint8_t
{
    TRUNCATED,      //!< too short for header, IV, one block and ICV
    UNKNOWN_SPI,    //!< no inbound SA for this SPI (and destination)
    SA_EXPIRED,     //!< the SA reached its hard lifetime
    BAD_LENGTH,     //!< ciphertext not a multiple of the cipher's block size
    LEFT_OF_WINDOW, //!< sequence number older than the anti-replay window
    REPLAYED,       //!< sequence number already received
    BAD_ICV,        //!< integrity check failed (HMAC, or the AES-GCM tag)
    BAD_PAD_LENGTH, //!< Pad Length larger than the decrypted payload allows
    BAD_PADDING,    //!< padding octets are not 1, 2, 3, ...
    DUMMY_PACKET,   //!< Next Header 59: a dummy packet, discarded
    SEQ_EXHAUSTED,  //!< outbound: the 32-bit counter would cycle
    CRYPTO_FAILED,  //!< OpenSSL refused an operation (bad key size...)
    COUNT_          //!< number of reasons (not a reason)
};

/** \brief One reason row: snake_case name for counters and events, RFC citation, words. */
struct EspReasonInfo
{
    EspReason reason; //!< the reason
    const char* name; //!< e.g. "replayed"
    const char* rfc;  //!< e.g. "RFC 4303 §3.4.3"
    const char* text; //!< one sentence
};

/** \brief Every reason row, in EspReason order. */
const EspReasonInfo* EspReasonTable(size_t& count);
/** \brief The row of one reason. */
const EspReasonInfo& GetEspReasonInfo(EspReason r);

/** \brief Lifetime events (RFC 4301 §4.4.2.1: soft → rekey, hard → SA deleted). */
enum class EspSaEvent : uint8_t
{
    SOFT_LIFETIME_BYTES, //!< soft byte limit reached: time to rekey
    SOFT_LIFETIME_TIME,  //!< soft time limit reached: time to rekey
    HARD_LIFETIME_BYTES, //!< hard byte limit reached: the SA is dead
    HARD_LIFETIME_TIME,  //!< hard time limit reached: the SA is dead
    SEQ_SOFT_LIMIT,      //!< outbound counter close to 2^32: time to rekey (RFC 4303 §3.3.3)
};

/** \brief Snake-case name of a lifetime event ("soft_lifetime_bytes", ...). */
const char* EspSaEventName(EspSaEvent e);

/** \brief SA lifetimes; 0 means "no limit". Times are durations from installation. */
struct EspLifetime
{
    uint64_t softBytes{0}; //!< soft limit on payload octets
    uint64_t hardBytes{0}; //!< hard limit on payload octets
    TimeNs softTime{0};    //!< soft limit on age
    TimeNs hardTime{0};    //!< hard limit on age
};

/** \brief Everything one SA needs (what IKE's quick mode will hand over). */
struct EspSaConfig
{
    uint32_t spi{0};                          //!< non-zero (1-255 reserved, RFC 4303 §2.1)
    EspCipher cipher{EspCipher::AES_CBC_128}; //!< encryption transform
    EspIntegrity integrity{EspIntegrity::HMAC_SHA1_96}; //!< NONE for AES-GCM
    Bytes encKey;                                       //!< cipher key || salt (GCM)
    Bytes authKey;                                      //!< HMAC key
    uint32_t replayWindow{64}; //!< inbound window bits; 0 = anti-replay off
    EspLifetime lifetime;      //!< soft/hard limits
    std::string src;           //!< source address (text; key export)
    std::string dst;           //!< destination address (text; SAD key)
    bool udpEncap{false};      //!< carried in UDP 4500 (RFC 3948)
    uint64_t ivSeed{0};        //!< CBC IV generator seed (0: derived from SPI)
};

/** \brief "" if the configuration is usable, otherwise why not (key sizes, SPI, window). */
std::string ValidateEspSaConfig(const EspSaConfig& c);

/** \brief An SPI as events and state paths print it: 8 lower-case hex digits ("0000c0de"). */
std::string SpiHex(uint32_t spi);

/** \brief Drop counters and traffic counters of one SA or of a SAD. */
struct EspCounters
{
    uint64_t packets{0};                                                  //!< accepted / sent
    uint64_t octets{0};                                                   //!< payload octets
    std::array<uint64_t, static_cast<size_t>(EspReason::COUNT_)> drops{}; //!< by reason

    uint64_t
    Drops(EspReason r) const
    {
        return drops[static_cast<size_t>(r)];
    }
    uint64_t TotalDrops() const;
    void
    Count(EspReason r)
    {
        ++drops[static_cast<size_t>(r)];
    }
};

/** \brief Age and byte accounting with one-shot soft/hard events. */
class EspLifetimeClock
{
public:
    EspLifetimeClock() = default;
    EspLifetimeClock(const EspLifetime& l, TimeNs installed);
    /** \brief Add payload octets at `now`; appends the events that fire. */
    void Account(uint64_t octets, TimeNs now, std::vector<EspSaEvent>& events);
    /** \brief Time-driven events only (call at NextDeadline()). */
    void Poll(TimeNs now, std::vector<EspSaEvent>& events);
    /** \brief Next time a time limit fires, or kNever. */
    TimeNs NextDeadline() const;
    bool
    HardExpired() const
    {
        return m_hard;
    }
    bool
    SoftExpired() const
    {
        return m_soft;
    }
    uint64_t
    Octets() const
    {
        return m_octets;
    }

private:
    EspLifetime m_limits;  //!< configured limits
    TimeNs m_installed{0}; //!< installation time
    uint64_t m_octets{0};  //!< octets so far
    bool m_soft{false};    //!< soft event already reported
    bool m_hard{false};    //!< hard event already reported
};

/** \brief What Protect returns. */
struct EspTxResult
{
    bool ok{false};                             //!< packet produced
    EspReason reason{EspReason::CRYPTO_FAILED}; //!< why not (when !ok)
    Bytes packet;                               //!< SPI .. ICV
    uint32_t seq{0};                            //!< sequence number used
    std::vector<EspSaEvent> events;             //!< lifetime events fired by this packet
};

/** \brief What Unprotect returns. */
struct EspRxResult
{
    bool ok{false};                         //!< payload accepted
    EspReason reason{EspReason::TRUNCATED}; //!< why not (when !ok)
    uint32_t spi{0};                        //!< SPI read (0 if too short)
    uint32_t seq{0};                        //!< sequence number read
    uint8_t nextHeader{0};                  //!< Next Header of the payload
    Bytes payload;                          //!< decrypted payload without padding and trailer
    std::vector<EspSaEvent> events;         //!< lifetime events fired by this packet
};

/**
 * \brief Sending side of one SA: sequence numbers from 1, never cycling (RFC 4303 §3.3.3), the
 * default padding 1, 2, 3, ... (§2.4), IV per cipher (CBC: pseudo-random from a seeded generator,
 * reproducible across runs; GCM: the 64-bit counter, unique per packet as RFC 4106 §3.1 requires).
 */
class EspOutboundSa
{
public:
    /** \brief installed at `now`; cfg must pass ValidateEspSaConfig. */
    EspOutboundSa(const EspSaConfig& cfg, TimeNs now);

    /** \brief Encapsulate one payload. */
    EspTxResult Protect(const Bytes& payload, uint8_t nextHeader, TimeNs now);
    /** \brief The same with a caller-chosen IV (test vectors); iv must be ivLen octets. */
    EspTxResult ProtectWithIv(const Bytes& payload,
                              uint8_t nextHeader,
                              TimeNs now,
                              const Bytes& iv);
    /** \brief Time-driven lifetime events. */
    std::vector<EspSaEvent> Poll(TimeNs now);
    /** \brief Next lifetime deadline, or kNever. */
    TimeNs
    NextDeadline() const
    {
        return m_clock.NextDeadline();
    }
    /** \brief Start the counter elsewhere (tests of §3.3.3 without 2^32 packets). */
    void
    SetLastSequence(uint32_t seq)
    {
        m_seq = seq;
    }
    uint32_t
    LastSequence() const
    {
        return m_seq;
    }
    const EspSaConfig&
    Config() const
    {
        return m_cfg;
    }
    const EspCounters&
    Counters() const
    {
        return m_counters;
    }
    const EspLifetimeClock&
    Lifetime() const
    {
        return m_clock;
    }
    /** \brief Octets Protect adds to a payload of `payloadLen` (header, IV, padding, trailer, ICV).
     */
    size_t Overhead(size_t payloadLen) const;

private:
    EspTxResult Fail(EspReason r);

    EspSaConfig m_cfg;        //!< the SA
    uint32_t m_seq{0};        //!< last sequence number sent (0: none yet)
    bool m_seqWarned{false};  //!< SEQ_SOFT_LIMIT reported
    DetRandom m_ivRng;        //!< CBC IV source
    EspLifetimeClock m_clock; //!< lifetimes
    EspCounters m_counters;   //!< packets sent, refusals
};

/**
 * \brief Receiving side of one SA: RFC 4303 §3.4 in order — length, lifetime, the anti-replay
 * pre-check (§3.4.3), integrity (§3.4.4), window update only after the ICV verified, decryption,
 * padding check (§2.4), dummy packets (§2.6).
 */
class EspInboundSa
{
public:
    EspInboundSa(const EspSaConfig& cfg, TimeNs now);

    /** \brief Check and decrypt one packet (SPI onwards). */
    EspRxResult Unprotect(const uint8_t* data, size_t size, TimeNs now);
    EspRxResult
    Unprotect(const Bytes& packet, TimeNs now)
    {
        return Unprotect(packet.data(), packet.size(), now);
    }
    std::vector<EspSaEvent> Poll(TimeNs now);
    TimeNs
    NextDeadline() const
    {
        return m_clock.NextDeadline();
    }
    const EspSaConfig&
    Config() const
    {
        return m_cfg;
    }
    const EspCounters&
    Counters() const
    {
        return m_counters;
    }
    const EspLifetimeClock&
    Lifetime() const
    {
        return m_clock;
    }
    /** \brief Highest sequence number accepted so far (right edge of the window). */
    uint32_t
    WindowTop() const
    {
        return m_top;
    }
    /** \brief Whether anti-replay is on (off for window 0 and for encryption-only SAs). */
    bool
    ReplayCheckEnabled() const
    {
        return m_window != 0;
    }

private:
    EspRxResult Drop(EspRxResult& r, EspReason why);
    EspReason ReplayPrecheck(uint32_t seq) const;
    void ReplayUpdate(uint32_t seq);
    bool Decrypt(const uint8_t* data, size_t size, Bytes& plain, EspReason& why) const;

    EspSaConfig m_cfg;              //!< the SA
    uint32_t m_window{0};           //!< window size in bits (multiple of 64), 0 = off
    uint32_t m_top{0};              //!< highest sequence number accepted
    std::vector<uint64_t> m_bitmap; //!< bit i set: m_top - i was received
    EspLifetimeClock m_clock;       //!< lifetimes
    EspCounters m_counters;         //!< accepted packets, drops by reason
};

/**
 * \brief Security Association Database (RFC 4301 §4.4.2), just what the adapter needs: inbound
 * SAs found by SPI and destination (RFC 4301 §4.1: for unicast the SPI alone may do, so an SA with
 * an empty destination matches any), outbound SAs by SPI, and drops of unknown SPIs counted.
 */
class EspSad
{
public:
    /** \brief Install; false (error set) if the config is invalid or the key is taken. */
    bool AddInbound(const EspSaConfig& cfg, TimeNs now, std::string& error);
    bool AddOutbound(const EspSaConfig& cfg, TimeNs now, std::string& error);
    /** \brief Exact (spi, dst), then (spi, any destination); nullptr if none. */
    EspInboundSa* FindInbound(uint32_t spi, const std::string& dst);
    EspOutboundSa* FindOutbound(uint32_t spi);
    bool RemoveInbound(uint32_t spi, const std::string& dst);
    bool RemoveOutbound(uint32_t spi);
    /** \brief Read the SPI, find the SA, unprotect; an unknown SPI is counted here. */
    EspRxResult Input(const std::string& dst, const uint8_t* data, size_t size, TimeNs now);
    EspRxResult
    Input(const std::string& dst, const Bytes& packet, TimeNs now)
    {
        return Input(dst, packet.data(), packet.size(), now);
    }
    /** \brief Every SA's lifetime events at `now`; hard-expired SAs are removed. */
    std::vector<std::pair<uint32_t, EspSaEvent>> Poll(TimeNs now);
    /** \brief Drops the SAD itself counted (unknown SPI, truncated before the SPI). */
    const EspCounters&
    Counters() const
    {
        return m_counters;
    }
    /** \brief Configs of every SA, inbound then outbound (key export). */
    std::vector<EspSaConfig> AllConfigs() const;
    size_t
    Size() const
    {
        return m_in.size() + m_out.size();
    }

private:
    std::map<std::pair<uint32_t, std::string>, std::unique_ptr<EspInboundSa>> m_in; //!< inbound
    std::map<uint32_t, std::unique_ptr<EspOutboundSa>> m_out;                       //!< outbound
    EspCounters m_counters; //!< SAD-level drops
};

} // namespace ns3

#endif
