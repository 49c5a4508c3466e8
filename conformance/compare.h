/**
 * \file
 * \brief `l2tplab compare` as a library call: a flow-level diff of the L2TP control exchanges of
 * two captures, as a pure function over two RecordSets (tshark records, records.h) so it is
 * unit-testable without tshark.
 *
 * Tunnels (control connections, l2tp-flows.h) are paired by order of their SCCRQ unless the caller
 * picks one tunnel of each capture. Within a pair every comparison is per DIRECTION, and directions
 * are identified by role (who sent the SCCRQ), never by address: direction 0 is
 * initiator→responder, direction 1 is responder→initiator.
 *
 * Sections (docs/compare.md has the table of what is interop-relevant and why):
 *  - sequence: the message types each role sent (ZLBs and retransmissions left out), aligned with
 * an LCS so an extra or a missing message is one insertion or deletion;
 *  - avps: per aligned message pair, AVP presence, M/H bits, and the values that must agree;
 *  - timers: ack delay, retransmission intervals, HELLO idle interval, side by side;
 *  - data: L / S / O bits used by data messages.
 * Every finding has a level: SAME ('='), INTEROP ('!', counted), INFO ('~').
 */
#ifndef L2TPLAB_CONFORMANCE_COMPARE_H
#define L2TPLAB_CONFORMANCE_COMPARE_H

#include "conformance/records.h"
#include "model/common/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief How much a finding matters. */
enum class DiffLevel
{
    SAME,    //!< '=' the two captures agree
    INTEROP, //!< '!' a difference that matters for interoperability (counted)
    INFO,    //!< '~' a difference that legitimately varies between implementations/runs
};

/** \brief '=', '!' or '~'. */
char DiffMark(DiffLevel l);
/** \brief "same", "interop", "info". */
std::string ToString(DiffLevel l);

/** \brief Knobs of the comparison. */
struct CompareOptions
{
    /** \brief Tunnel of capture A to compare, 1-based in order of SCCRQ; 0 = pair all by order. */
    unsigned tunnelA{0};
    /** \brief Tunnel of capture B, 1-based; 0 = pair all by order (or 1 if tunnelA was given). */
    unsigned tunnelB{0};
    /** \brief A timer is flagged (INTEROP) if one value exceeds the other by more than this factor.
     */
    double timerFactor{2.0};
    /** \brief ...and by more than this absolute amount (capture-point jitter is not a difference).
     */
    TimeNs timerFloor{50 * kMs};
};

/** \brief One finding (a line of the output). */
struct CompareFinding
{
    std::string section;              //!< "tunnels", "sequence", "avps", "timers", "data"
    DiffLevel level{DiffLevel::SAME}; //!< '=', '!', '~'
    int direction{-1};   //!< 0 initiator→responder, 1 responder→initiator, -1 both/none
    std::string message; //!< message of the aligned pair ("SCCRQ"), "" if not message-bound
    std::string item;    //!< what was compared ("Receive Window Size", "ack delay")
    std::string a;       //!< value in capture A as text ("" = absent)
    std::string b;       //!< value in capture B
    uint32_t frameA{0};  //!< frame in A (0 = none)
    uint32_t frameB{0};  //!< frame in B
    std::string text;    //!< the line as printed (without the mark)
};

/** \brief Operation of an aligned sequence row. */
enum class SeqOp
{
    MATCH,  //!< same message type on both sides
    ONLY_A, //!< present in A only (a deletion going from A to B)
    ONLY_B, //!< present in B only (an insertion)
};

/** \brief One row of the aligned two-column message type listing. */
struct SequenceRow
{
    SeqOp op{SeqOp::MATCH};           //!< alignment operation
    uint16_t typeA{0};                //!< message type in A (valid unless ONLY_B)
    uint16_t typeB{0};                //!< message type in B (valid unless ONLY_A)
    uint32_t frameA{0};               //!< frame in A (0 if ONLY_B)
    uint32_t frameB{0};               //!< frame in B (0 if ONLY_A)
    DiffLevel level{DiffLevel::SAME}; //!< SAME for MATCH; INTEROP, or INFO for a HELLO
};

/** \brief The comparison of one tunnel of A with one tunnel of B. */
struct TunnelComparison
{
    unsigned tunnelA{0};        //!< 1-based index in A (order of SCCRQ)
    unsigned tunnelB{0};        //!< 1-based index in B
    std::string roleA[2];       //!< "192.0.2.1 (Tunnel ID 19797)" of A's initiator / responder
    std::string roleB[2];       //!< the same for B
    bool initiatorKnownA{true}; //!< false: A's SCCRQ was not captured (first sender assumed)
    bool initiatorKnownB{true}; //!< the same for B
    std::vector<SequenceRow> sequence[2]; //!< per direction
    uint32_t retransmissionsA[2]{0, 0};   //!< retransmitted messages per direction in A
    uint32_t retransmissionsB[2]{0, 0};   //!< ... in B
    std::vector<CompareFinding> findings; //!< every finding of this pair, in section order
    uint32_t interop{0};                  //!< INTEROP findings (sequence rows included)
};

/** \brief Everything `compare` says. */
struct CompareResult
{
    bool ok{true};        //!< false: the comparison could not be made (see error)
    std::string error;    //!< why (no L2TP tunnel in a capture, tunnel index out of range)
    std::string captureA; //!< file of A (RecordSet::pcap)
    std::string captureB; //!< file of B
    unsigned tunnelsA{0}; //!< tunnels in A
    unsigned tunnelsB{0}; //!< tunnels in B
    std::vector<TunnelComparison> pairs; //!< compared tunnel pairs
    std::vector<CompareFinding> notes;   //!< capture-level findings (unpaired tunnels)
    uint32_t interopDifferences{0};      //!< INTEROP findings in all pairs and notes
    uint32_t informational{0};           //!< INFO findings in all pairs and notes
};

/**
 * \brief Compare the L2TP control exchanges of two captures. Pure: no I/O, no tshark.
 * \return ok == false if a capture has no L2TP tunnel or a tunnel index is out of range
 */
CompareResult CompareCaptures(const RecordSet& a, const RecordSet& b, const CompareOptions& opts);

/**
 * \brief The result as text: header, sections, last line "N interop-relevant differences".
 * \param all also print INFO AVP findings and per-AVP '=' lines
 */
std::string CompareResultToText(const CompareResult& r, bool all);

/** \brief The result as JSON (every finding, whatever `all`), sorted keys, 2-space indent. */
std::string CompareResultToJson(const CompareResult& r);

} // namespace ns3

#endif
