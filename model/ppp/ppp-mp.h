/**
 * \file
 * \brief The PPP Multilink Protocol (RFC 1990): the MP header codec (protocol 0x003D, long and
 * short sequence number formats, §3), the sender's fragmenter and the receiver's reassembler
 * (§4.1).
 *
 * Wire formats (§3), the B(eginning) and E(nding) bits first:
 *
 *     long  (default): B E 0 0 0 0 0 0 | 24-bit sequence number     (4 octets)
 *     short (§5.1.2):  B E 0 0 | 12-bit sequence number              (2 octets)
 *
 * The fragments of one packet carry consecutive sequence numbers; the first has B, the last E
 * (a packet sent whole has both). The reassembled octets are the packet's PPP Protocol field (1
 * or 2 octets, §3: compressed as PFC allows) followed by its Information field, whose length the
 * MRRU bounds (§5.1.1).
 *
 * Reassembly (§4.1): the receiver keeps, per member link, the most recent sequence number
 * received (here the highest: links are assumed in order, a tolerance of `reorderWindow`
 * sequence numbers absorbs reordering below the link) and M, the minimum of those over the
 * bundle. A sequence number below M that never arrived is lost: the packet it belongs to is
 * discarded (reason `lost-fragment`) and so are fragments whose packet lost its beginning
 * (reason `no-begin`). Buffering is bounded (`maxFragments`); a packet longer than the MRRU is
 * refused (reason `over-mrru`). Sans-IO: no timers (a packet whose end never arrives waits until
 * M passes it or the buffer bound pushes it out).
 */
#ifndef L2TPLAB_PPP_MP_H
#define L2TPLAB_PPP_MP_H

#include "model/common/byte-buffer.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief Sequence number format (RFC 1990 §3; short one negotiated by LCP option 18, §5.1.2). */
enum class PppMpFormat : uint8_t
{
    LONG,  //!< 24-bit sequence numbers, 4-octet header
    SHORT, //!< 12-bit sequence numbers, 2-octet header
};

/** \brief "long" or "short". */
const char* ToString(PppMpFormat f);

/** \brief Header octets: 4 (long) or 2 (short). */
size_t PppMpHeaderSize(PppMpFormat f);

/** \brief Size of the sequence number space: 2^24 (long) or 2^12 (short). */
uint32_t PppMpSequenceModulus(PppMpFormat f);

/** \brief One MP fragment (the Information field of a protocol 0x003D frame). */
struct PppMpFragment
{
    bool begin{false};    //!< B: first fragment of a packet
    bool end{false};      //!< E: last fragment of a packet
    uint32_t sequence{0}; //!< sequence number (below PppMpSequenceModulus)
    uint8_t reserved{0};  //!< the reserved bits as received (must be sent as zero)
    Bytes data;           //!< the fragment's octets
};

/** \brief Why an MP header did not decode. */
enum class PppMpDecodeError : uint8_t
{
    NONE,      //!< decoded
    TRUNCATED, //!< shorter than the header
};

/** \brief "none", "truncated". */
const char* ToString(PppMpDecodeError e);

/** \brief Decode the Information field of an MP frame. Never reads past `size`. */
PppMpDecodeError DecodePppMpFragment(const uint8_t* data,
                                     size_t size,
                                     PppMpFormat format,
                                     PppMpFragment& out);

/** \brief Encode header + data (reserved bits zero; the sequence number is taken modulo). */
Bytes EncodePppMpFragment(const PppMpFragment& f, PppMpFormat format);

/**
 * \brief The PPP Protocol field at the start of a reassembled packet (§3: 1 octet when its value
 * allows and PFC applies, else 2). \return octets of the field, 0 if it is invalid (RFC 1661 §2:
 * low octet odd, high octet even) or truncated.
 */
size_t DecodePppMpProtocol(const Bytes& packet, uint16_t& protocol);

/** \brief The sender side of a bundle: sequence numbers and fragmentation (§3, §4). */
class PppMpSender
{
public:
    explicit PppMpSender(PppMpFormat format, uint32_t firstSequence = 0);

    /**
     * \brief Split `packet` (Protocol field + Information) into fragments whose Information field
     * (MP header included) fits `maxInfo` octets (the peer's MRU), in as few fragments as
     * possible and of balanced sizes; B on the first, E on the last, consecutive sequence
     * numbers. \return false (nothing sent, no sequence number used) if `packet` is empty or
     * `maxInfo` leaves no room after the header.
     */
    bool Fragment(const Bytes& packet, size_t maxInfo, std::vector<Bytes>& out);

    /** \brief Sequence number of the next fragment. */
    uint32_t
    NextSequence() const
    {
        return m_next;
    }

    /** \brief The format in use. */
    PppMpFormat
    Format() const
    {
        return m_format;
    }

private:
    PppMpFormat m_format;
    uint32_t m_next;
};

/** \brief Reassembler settings. */
struct PppMpReassemblerConfig
{
    PppMpFormat format{PppMpFormat::LONG}; //!< what the peer sends us
    uint32_t mrru{1600};                   //!< our MRRU: largest Information field reassembled
    uint32_t links{1};                     //!< member links in the bundle (M is their minimum)
    uint32_t reorderWindow{0}; //!< sequence numbers M must pass a gap by before it is lost
    size_t maxFragments{64};   //!< fragments buffered at most
};

/** \brief Receive counters; the discards by reason. */
struct PppMpRxCounters
{
    uint64_t fragmentsIn{0};   //!< fragments offered
    uint64_t packetsOut{0};    //!< packets reassembled and delivered
    uint64_t lostFragment{0};  //!< packets discarded: a fragment of theirs was lost (§4.1)
    uint64_t noBegin{0};       //!< fragments discarded: their packet's beginning was lost
    uint64_t overMrru{0};      //!< packets refused: Information field above the MRRU
    uint64_t bufferFull{0};    //!< packets discarded to keep buffering bounded
    uint64_t duplicate{0};     //!< fragments whose sequence number was already buffered
    uint64_t late{0};          //!< fragments behind the reassembly point (already resolved)
    uint64_t missing{0};       //!< sequence numbers never received (declared lost)
    uint64_t badProtocol{0};   //!< reassembled packets whose Protocol field is invalid
    uint64_t nullFragments{0}; //!< B+E fragments without data (they only advance M)
};

/** \brief (reason, count) of every discard counter, in a fixed order (for reports). */
std::vector<std::pair<std::string, uint64_t>> PppMpDiscards(const PppMpRxCounters& c);

/** \brief The receiver side of a bundle (§4.1). */
class PppMpReassembler
{
public:
    explicit PppMpReassembler(const PppMpReassemblerConfig& cfg);

    /**
     * \brief A fragment received on member link `link` (below cfg.links). Packets it completes
     * (Protocol field + Information, in sequence order) are appended to `out`.
     */
    void Input(uint32_t link, const PppMpFragment& f, std::vector<Bytes>& out);

    /** \brief Counters. */
    const PppMpRxCounters&
    Counters() const
    {
        return m_counters;
    }

    /** \brief Fragments buffered now. */
    size_t
    Buffered() const
    {
        return m_buffer.size();
    }

private:
    struct Held
    {
        bool begin;
        bool end;
        Bytes data;
    };

    uint64_t Unwrap(uint32_t sequence) const;
    int64_t M() const;
    bool Lost(uint64_t sequence) const;
    void Process(std::vector<Bytes>& out);
    bool TryPacket(std::vector<Bytes>& out);
    void DropRange(uint64_t from, uint64_t to);
    void Deliver(uint64_t from, uint64_t to, size_t octets, std::vector<Bytes>& out);
    void Shed();

    PppMpReassemblerConfig m_cfg;
    uint32_t m_mod;
    bool m_synced{false};
    bool m_discardTail{false};         //!< the packet at the reassembly point was refused
    uint64_t m_highest{0};             //!< highest unwrapped sequence number received
    uint64_t m_next{0};                //!< unwrapped sequence number of the reassembly point
    std::vector<int64_t> m_linkLatest; //!< per link: highest unwrapped sequence (-1: none)
    std::map<uint64_t, Held> m_buffer; //!< by unwrapped sequence number
    PppMpRxCounters m_counters;
};

} // namespace ns3

#endif
