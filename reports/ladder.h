/**
 * \file
 * \brief Ladder (sequence) diagrams as inline SVG for report.html.
 *
 * Two layers:
 *  - a protocol-neutral model: lanes (vertical lifelines) and LadderEvent arrows between them, at
 *    capture times, with a style (dashed for a retransmission, red for a message that failed a
 *    rule, muted for acknowledgements) and a tooltip; RenderLadderSvg() draws any such list;
 *  - adapters: L2tpLadderLanes() / L2tpLadder() turn the records of ONE control connection
 *    (grouped by FlowIndex) into lanes and events, with the PPP control packets its sessions carry
 *    (LCP, PAP, CHAP, IPCP, IPV6CP, BCP, CCP) drawn as labelled arrows; IkeLadderLanes() /
 *    IkeLadder() draw one IKE SA as grouped by BuildIkeSaFlows() (conformance/ike-sa-flows.h).
 *
 * Red marks are taken only from the rule family that judges what an arrow stands for: RFC 2661 and
 * PPP rules on L2TP/PPP arrows, IPsec rules on IKE/ESP/keepalive arrows (a rule id the catalog does
 * not know marks any arrow of its frame). So a decrypted ESP packet whose inner SCCRQ fails an
 * RFC 2661 rule turns the SCCRQ red, not the ESP run.
 *
 * Vertical scale: every arrow gets at least one row; time between consecutive events adds space in
 * proportion up to LadderOptions::gapThreshold; a longer idle gap is drawn as a fixed-height break
 * ("… 59.9 s …") so a 60 s HELLO interval does not push the rest of the exchange off the page.
 *
 * Output is deterministic (no clock, no randomness, fixed number formatting) and every text that
 * came from a capture is HTML-escaped.
 */
#ifndef L2TPLAB_REPORTS_LADDER_H
#define L2TPLAB_REPORTS_LADDER_H

#include "conformance/check.h"
#include "conformance/ike-sa-flows.h"
#include "conformance/l2tp-flows.h"
#include "conformance/ipsec-records.h"
#include "conformance/ppp-records.h"
#include "conformance/records.h"

#include "model/common/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Style bits of a LadderEvent (combine with |). */
namespace ladderstyle
{
constexpr uint32_t NORMAL = 0;  //!< solid dark arrow
constexpr uint32_t DASHED = 1;  //!< dashed stroke (retransmission)
constexpr uint32_t ERROR = 2;   //!< red: a MUST / MUST NOT rule failed on this message
constexpr uint32_t WARNING = 4; //!< amber: a SHOULD rule failed on this message
constexpr uint32_t MUTED = 8;   //!< grey: acknowledgement-only traffic (ZLB)
constexpr uint32_t DATA = 16;   //!< blue: payload (a collapsed run of data messages)
constexpr uint32_t PPP = 32;    //!< purple: a PPP control packet (LCP, authentication, NCP)
constexpr uint32_t ESP = 64;    //!< teal: a collapsed run of ESP packets
} // namespace ladderstyle

/** \brief One vertical lifeline. */
struct LadderLane
{
    std::string label;    //!< first line, e.g. "192.0.2.1:1701"
    std::string sublabel; //!< second line, e.g. "LAC · lac.example" (may be empty)
};

/** \brief One arrow (fromLane == toLane draws a self-note at that lane). */
struct LadderEvent
{
    TimeNs time{0};    //!< time of the (first) message, ns since the capture's first frame
    TimeNs timeEnd{0}; //!< time of the last message of a collapsed run (== time otherwise)
    int fromLane{0};   //!< sender lane
    int toLane{1};     //!< receiver lane
    std::string label; //!< text above the arrow, e.g. "SCCRQ Ns=0 Nr=0"
    uint32_t style{ladderstyle::NORMAL}; //!< ladderstyle bits
    uint32_t frame{0};                   //!< capture frame number of the (first) message (0 = none)
    uint32_t frameEnd{0};                //!< last frame of a collapsed run (== frame otherwise)
    std::string tooltip;                 //!< <title> text (plain text; escaped when drawn)
    /** \brief Every frame of a collapsed run, in order (empty: just `frame`). Lets links to a
     * frame in the middle of a run find the run's arrow. */
    std::vector<uint32_t> frames;
};

/** \brief Drawing parameters. */
struct LadderOptions
{
    std::string idPrefix;     //!< prefix for element ids ("" = no ids); arrows get <prefix>f<frame>
    int width{980};           //!< total width in px
    int marginLeft{150};      //!< room for frame numbers and times
    int rowHeight{26};        //!< minimum distance between two arrows
    double pxPerSecond{18.0}; //!< extra distance per second of time between arrows
    TimeNs gapThreshold{2 * kSec}; //!< a longer gap is drawn as a break
    int gapHeight{34};             //!< height of a break
    size_t maxEvents{600};         //!< events drawn at most (a note says how many were left out)
};

/**
 * \brief Draw a ladder diagram.
 * \param title accessible name of the figure (escaped)
 * \param lanes lifelines, left to right
 * \param events arrows, in time order
 * \param opts drawing parameters
 * \return an `<svg>` element (no XML declaration), self-contained
 */
std::string RenderLadderSvg(const std::string& title,
                            const std::vector<LadderLane>& lanes,
                            const std::vector<LadderEvent>& events,
                            const LadderOptions& opts = LadderOptions());

/**
 * \brief The two lanes of a control connection: side 0 left, side 1 right; label "IP:port" (port
 * of the side's first message), sublabel its role and Host Name. Role: the sender of ICRQ is the
 * LAC and of OCRQ the LNS (RFC 2661 §6.6/§6.7); without a call, the SCCRQ sender is taken as the
 * LAC.
 */
std::vector<LadderLane> L2tpLadderLanes(const RecordSet& records,
                                        const FlowIndex& flows,
                                        size_t tunnel);

/**
 * \brief The events of one control connection, in capture order.
 *
 * One arrow per control message ("SCCRQ Ns=0 Nr=0", "ZLB Nr=2", "CDN Ns=4 Nr=2 (result 1)"); a
 * message repeating the Ns and type of an earlier one in the same direction is a retransmission
 * (dashed, "(retransmit)"). A data message carrying a PPP control packet (RecordSet::ppp, PPP
 * protocol >= 0x8000: LCP, PAP, CHAP, IPCP, IPV6CP, BCP, CCP, ...) is one arrow in the PPP style
 * labelled by PppLadderLabel(); other data messages (IP, bridged Ethernet, MP fragments, or no PPP
 * record) are collapsed into one arrow per direction ("PPP data ×N"); a control message or a PPP
 * control packet ends the open runs. With forRedMarks, a message whose frame is listed as failing
 * by a FAIL verdict of an RFC 2661 or PPP rule is drawn red (MUST) or amber (SHOULD), and its
 * tooltip names the rule ids and details.
 *
 * \param records the capture's records (FlowIndex indices refer to them)
 * \param flows BuildFlowIndex(records.records)
 * \param tunnel index into flows.tunnels
 * \param forRedMarks verdicts on the same capture, or nullptr
 */
std::vector<LadderEvent> L2tpLadder(const RecordSet& records,
                                    const FlowIndex& flows,
                                    size_t tunnel,
                                    const CheckReport* forRedMarks);

/**
 * \brief Arrow label of a PPP control packet: "LCP Conf-Req id=1 [MRU 1460, Auth CHAP/MD5, Magic
 * 0x1234abcd]", "CHAP Challenge id=7", "CHAP Response id=7 name=alice", "PAP Auth-Req id=1
 * peer=alice" (never the password), "IPCP Conf-Nak id=2 [IP 10.99.0.10]", "LCP Proto-Rej id=3
 * [CCP]". Not escaped.
 */
std::string PppLadderLabel(const PppRecord& p);

/** \brief Lanes of one SA: "203.0.113.1:500→4500" (ports in order of use, so the NAT-T float is
 * visible), sublabel "initiator · CKY-I 1a2b3c4d…". */
std::vector<LadderLane> IkeLadderLanes(const RecordSet& records, const IkeSaFlow& sa);

/**
 * \brief The events of one SA in frame order: one arrow per ISAKMP message ("MM1 SA", "MM3 KE Ni
 * NAT-D×2", "MM5 (encrypted) ID HASH", "QM1 (encrypted) HASH SA Ni ID×2", "Informational
 * Delete"; vendor IDs only in the tooltip; a second message in a row from the same side of a main,
 * aggressive or quick mode exchange is a retransmission, dashed), one muted arrow per
 * NAT-keepalive, and ESP packets collapsed per direction and SPI into runs ("ESP SPI 0xc1a2b3c4 seq
 * 1–12 ×12", ESP style) that end at the next ISAKMP message or keepalive. forRedMarks as in
 * L2tpLadder(), with IPsec rules.
 */
std::vector<LadderEvent> IkeLadder(const RecordSet& records,
                                   const IkeSaFlow& sa,
                                   const CheckReport* forRedMarks);

/** \brief "0.008 s", "60.058 s" (three decimals, fixed). */
std::string FormatLadderTime(TimeNs t);

/** \brief Human gap length: "59.9 s", "2 min 5 s", "1 h 3 min". */
std::string FormatLadderGap(TimeNs dt);

} // namespace ns3

#endif
