/**
 * \file
 * \brief The libpcap fast path for L2TP record extraction: the same RecordSet as the tshark oracle
 * (records.h), produced in-process without running tshark.
 *
 * ARCHITECTURE.md principle 5: the conformance engine judges captures with records that come from
 * tshark's dissectors; this decoder is a fast path, and tests/unit/conformance/fast-records-test.cc
 * proves, field by field, that it agrees with tshark on every reference capture, on simulator
 * captures and on hand-made malformed captures (and that CheckRecords gives identical verdicts).
 *
 * What it reproduces (Wireshark 4.0 semantics, checked against tshark by the agreement test):
 *  - Link layers: Ethernet (802.1Q / 802.1ad tags), PPP (with or without FF 03; what ns-3
 *    point-to-point writes), raw IP (DLT_RAW, LINKTYPE_IPV4/IPV6), Linux cooked SLL and SLL2,
 *    BSD loopback (DLT_NULL, DLT_LOOP). Other link types: every frame is counted as skipped.
 *  - IPv4 with options; fragmented datagrams are REASSEMBLED as tshark does by default
 *    (ip.defragment): the record belongs to the frame that completes the datagram. IPv6 with
 *    hop-by-hop / routing / destination-options headers; IPv6 fragments are skipped and counted.
 *  - UDP, the L2TP dissector's port selection (1701, `extraPorts`, learned ports) and the SAME port
 *    learning algorithm as the tshark path (a non-1701 port is learned only from messages that
 * touch 1701, an explicit port or an endpoint already learned; forced-port messages are kept only
 * if they touch a learned endpoint; ports 500/4500/1701/0 are never forced; at most
 *    `maxLearningPasses` rounds).
 *  - The L2TP header is decoded with our codec (DecodeL2tpHeader) whenever it accepts it; headers
 * it rejects on purpose (Ver 3, control messages with wrong L/S/O/P bits, Length beyond the
 * datagram) are still dissected by tshark, so they are parsed here leniently with tshark's rules.
 *  - AVPs are walked with tshark's rules, not our strict codec's (which refuses what tshark shows):
 *    a value reader may run past its AVP into the next one (only the end of the message is a
 *    bound); AVP Length < 6 stops the walk with the expert error "AVP length must be >= 6, got N";
 *    an AVP running past the message, or a fixed-size value read past it, stops the walk with
 *    "Malformed Packet (Exception occurred)" (the AVP is then absent, as in tshark); hidden AVPs
 *    show only M/H/Length (the type comes from the raw header, as records.cc does); strings stop at
 *    the first NUL and show non-ASCII octets as U+FFFD; byte fields print as "aa:bb"; booleans of
 *    bit masks print as 0/1; Tie Breaker prints as 0x%016x; Result Code / Cause Code / Call Errors
 * / ACCM / PPP Disconnect Cause print only the parts the value holds.
 *  - Frame numbers (1-based, every frame counts), time since the first frame in ns (pcap read with
 *    nanosecond precision), addresses as text, ports.
 *
 * Known differences (documented and tested as an explicit exception list in the agreement test):
 *  - the malformed flag of DATA messages: tshark sets it when the PPP dissector throws on the
 *    payload; the fast path does not dissect PPP (no rule reads it: WellFormed skips data
 * messages);
 *  - fields of the PPP LCP option subtree inside the (Initial Received / Last Sent / Last Received)
 *    LCP CONFREQ AVPs (keys not starting with "l2tp."): not produced; the l2tp.avp.* bytes are;
 *  - value fields of vendor AVPs that tshark decodes with a vendor sub-dissector (Cisco 9,
 *    Ericsson 193, Broadband Forum 3561, CableLabs 4491): only M/H/Length/Vendor/Type are produced;
 *  - rawHeaderKnown/rawFlagsWord of a reassembled datagram: the tshark path reads the raw AVP
 *    header at the reassembled-buffer offset in the LAST fragment's frame bytes, so it usually
 * loses it; the fast path knows the header. Exposed in FastExtractStats::reassembledFrames;
 *  - L2TPv3 over UDP (Ver 3): header flags and control AVPs are produced; data messages carry no
 *    session/cookie fields;
 *  - snaplen-truncated frames: decoded up to the captured bytes, as tshark does; counted and listed
 *    (FastExtractStats::truncatedFrames/truncatedSample) so the report names them per frame.
 *
 * Besides L2TP, the same pass produces the PPP, ESP, ISAKMP and port-4500 records
 * (fast-layers.h), in tshark's dissection order: a PPP link-type frame's PPP record first, then
 * per UDP datagram the port-4500 record and the dissector of the LOWER port first (500: ISAKMP,
 * 4500: RFC 3948 classification, 1701 / learned: L2TP, whose data payload is PPP). What it does
 * not reproduce sets FastExtractStats::fallback and the engine asks tshark (engine.h).
 *
 * Memory: port learning keeps distinct endpoint rows (bounded by flows), not per-packet
 * candidates; a capture on 1701 only is read once, a capture with learned ports once per
 * learning round. The records themselves are kept for the rules (RecordSet).
 */
#ifndef L2TPLAB_CONFORMANCE_FAST_RECORDS_H
#define L2TPLAB_CONFORMANCE_FAST_RECORDS_H

#include "conformance/records.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief What the fast path saw besides the records (every skipped frame is counted with a
 * reason). */
struct FastExtractStats
{
    uint64_t frames{0};                    //!< frames read
    uint64_t unsupportedLinkFrames{0};     //!< frames of a link type the decoder does not know
    uint64_t nonIpFrames{0};               //!< frames that carry neither IPv4 nor IPv6
    uint64_t badIpFrames{0};               //!< IP header too short / inconsistent
    uint64_t nonUdpDatagrams{0};           //!< IP datagrams that are not UDP
    uint64_t fragmentsHeld{0};             //!< IPv4 fragments buffered for reassembly
    uint64_t fragmentsIncomplete{0};       //!< IPv4 fragments of datagrams never completed
    uint64_t ipv6FragmentsSkipped{0};      //!< IPv6 fragments (not reassembled)
    uint64_t udpDatagrams{0};              //!< UDP datagrams examined
    uint64_t l2tpMessages{0};              //!< records produced
    uint64_t pppoeFrames{0};               //!< PPPoE frames in a Linux cooked capture (not decoded)
    uint64_t espFragments{0};              //!< fragments of ESP packets (not reassembled)
    uint64_t greDatagrams{0};              //!< IP protocol 47 (GRE, PPTP's PPP): not decoded
    uint64_t ahDatagrams{0};               //!< IP protocol 51 (AH; ESP may follow): not decoded
    uint64_t ipInIpDatagrams{0};           //!< IP protocol 4 or 41 (IP in IP): not decoded
    uint64_t l2tpv3IpDatagrams{0};         //!< IP protocol 115 (L2TPv3 over IP): not judged
    uint64_t truncatedFrames{0};           //!< frames captured shorter than on the wire (snaplen)
    std::vector<uint32_t> truncatedSample; //!< the first of those frame numbers (at most 100)
    uint64_t bytesRead{0};                 //!< captured octets read (last pass)
    unsigned passes{0};                    //!< passes over the file (port learning may add some)
    /** Parts the capture was judged in (ExtractOptions::memoryBudget); 0 = whole. */
    unsigned parts{0};
    /** Judged in parts: the estimated bytes of records the largest part held. */
    uint64_t largestPartBytes{0};
    std::string readError; //!< "frame N: why": the file ends inside frame N (frames before it read)
    std::vector<uint32_t>
        reassembledFrames; //!< frames whose record comes from a reassembled datagram
    /** Non-empty: the capture holds something the fast engine does not decode the way tshark
     * does (MP fragments, GRE, AH, an unsupported link type, hidden AVPs with a secret, ESP/IKE
     * with keys, ...); the records are then incomplete and the engine (engine.h) judges the
     * capture with tshark, saying this reason. */
    std::string fallback;
};

/** \brief Called every few thousand frames of a pass: frames so far, bytes so far, file size. */
using FastProgress = void (*)(void* ctx, uint64_t frames, uint64_t bytes, uint64_t fileBytes);

/** \brief "2048 MiB", "65536 bytes": a memory budget (ExtractOptions::memoryBudget) as the
 * notes and errors name it. */
std::string MemoryBudgetText(uint64_t bytes);

/**
 * \brief Extract every L2TP message of a capture with libpcap and our decoder, with the field
 * semantics of ExtractL2tpRecords (see the file comment for the exact contract and exceptions).
 * \param pcap capture file (pcap or pcapng, any link type listed in the file comment)
 * \param opts extraPorts, learnPorts, maxLearningPasses are honoured; tshark and sharedSecret are
 * ignored (hidden AVPs are reported hidden, exactly as tshark without a secret does)
 * \param out filled on success; tsharkVersion is "libpcap fast path"
 * \param error filled on failure (unreadable file, not a capture)
 * \param stats optional counters
 * \return true on success
 */
bool ExtractL2tpRecordsFast(const std::string& pcap,
                            const ExtractOptions& opts,
                            RecordSet& out,
                            std::string& error,
                            FastExtractStats* stats = nullptr,
                            FastProgress progress = nullptr,
                            void* progressCtx = nullptr);

/**
 * \brief Decode one UDP payload the way tshark's L2TP dissector does (no port logic).
 * \param data UDP payload
 * \param len its length
 * \param rec filled with header, AVPs, malformed/expert errors (endpoints, frame and time left as
 * they are)
 * \return false if tshark would not show an L2TP layer at all (unknown version, header cut short)
 */
bool DissectL2tpLikeTshark(const uint8_t* data, size_t len, L2tpRecord& rec);

} // namespace ns3

#endif
