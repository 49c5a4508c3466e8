/**
 * \file
 * \brief Groups the L2TP records of one capture into tunnels (control connections), directions and
 * sessions, so FLOW/TUNNEL/SESSION rules and capture comparison share one view of the exchange.
 *
 * Identification follows RFC 2661 itself, not UDP ports (a server may answer from another port,
 * RFC 2661 §8.1): each side of a tunnel is (address, the Tunnel ID it assigned, §4.4.3). A message
 * to Y with header Tunnel ID T belongs to the tunnel in which Y assigned T; an SCCRQ (T = 0) opens
 * a new tunnel keyed by its own Assigned Tunnel ID. Sessions are (tunnel, side, Assigned Session
 * ID) likewise (§4.4.4). When a capture starts mid-tunnel, or an Assigned Tunnel ID is hidden, the
 * side is bound from header IDs as they appear.
 */
#ifndef L2TPLAB_CONFORMANCE_L2TP_FLOWS_H
#define L2TPLAB_CONFORMANCE_L2TP_FLOWS_H

#include "conformance/records.h"
#include "model/l2tp/l2tp-types.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief RFC 2661 §3.2 message type values the engine refers to (the model's enum).
 */
namespace l2tpmsg
{
constexpr uint16_t SCCRQ = static_cast<uint16_t>(L2tpMessageType::SCCRQ);
constexpr uint16_t SCCRP = static_cast<uint16_t>(L2tpMessageType::SCCRP);
constexpr uint16_t SCCCN = static_cast<uint16_t>(L2tpMessageType::SCCCN);
constexpr uint16_t STOPCCN = static_cast<uint16_t>(L2tpMessageType::STOPCCN);
constexpr uint16_t HELLO = static_cast<uint16_t>(L2tpMessageType::HELLO);
constexpr uint16_t OCRQ = static_cast<uint16_t>(L2tpMessageType::OCRQ);
constexpr uint16_t OCRP = static_cast<uint16_t>(L2tpMessageType::OCRP);
constexpr uint16_t OCCN = static_cast<uint16_t>(L2tpMessageType::OCCN);
constexpr uint16_t ICRQ = static_cast<uint16_t>(L2tpMessageType::ICRQ);
constexpr uint16_t ICRP = static_cast<uint16_t>(L2tpMessageType::ICRP);
constexpr uint16_t ICCN = static_cast<uint16_t>(L2tpMessageType::ICCN);
constexpr uint16_t CDN = static_cast<uint16_t>(L2tpMessageType::CDN);
constexpr uint16_t WEN = static_cast<uint16_t>(L2tpMessageType::WEN);
constexpr uint16_t SLI = static_cast<uint16_t>(L2tpMessageType::SLI);
} // namespace l2tpmsg

/** \brief RFC 2661 §4.4 AVP attribute types the engine refers to. */
namespace l2tpavp
{
constexpr uint16_t MESSAGE_TYPE = static_cast<uint16_t>(L2tpAvpType::MESSAGE_TYPE);
constexpr uint16_t RESULT_CODE = static_cast<uint16_t>(L2tpAvpType::RESULT_CODE);
constexpr uint16_t PROTOCOL_VERSION = static_cast<uint16_t>(L2tpAvpType::PROTOCOL_VERSION);
constexpr uint16_t FRAMING_CAPABILITIES = static_cast<uint16_t>(L2tpAvpType::FRAMING_CAPABILITIES);
constexpr uint16_t HOST_NAME = static_cast<uint16_t>(L2tpAvpType::HOST_NAME);
constexpr uint16_t ASSIGNED_TUNNEL_ID = static_cast<uint16_t>(L2tpAvpType::ASSIGNED_TUNNEL_ID);
constexpr uint16_t RECEIVE_WINDOW_SIZE = static_cast<uint16_t>(L2tpAvpType::RECEIVE_WINDOW_SIZE);
constexpr uint16_t CHALLENGE = static_cast<uint16_t>(L2tpAvpType::CHALLENGE);
constexpr uint16_t CHALLENGE_RESPONSE = static_cast<uint16_t>(L2tpAvpType::CHALLENGE_RESPONSE);
constexpr uint16_t ASSIGNED_SESSION_ID = static_cast<uint16_t>(L2tpAvpType::ASSIGNED_SESSION_ID);
constexpr uint16_t RANDOM_VECTOR = static_cast<uint16_t>(L2tpAvpType::RANDOM_VECTOR);
} // namespace l2tpavp

/** \brief One end of a control connection. */
struct TunnelSide
{
    std::string ip;      //!< address of that end
    uint16_t id{0};      //!< the Tunnel ID it assigned (valid if idKnown)
    bool idKnown{false}; //!< the capture showed that ID (AVP or header)
    uint32_t idFrame{0}; //!< frame where the Assigned Tunnel ID AVP announced it (0: never seen)
};

/**
 * \brief Data messages of one sender that were COUNTED, not kept (issue 10, streaming): a data
 * message of an established session whose header every rule passes and whose PPP payload is a
 * network-layer packet is summarised here instead of becoming a record (FlowIndexBuilder::Absorb),
 * so memory grows with flows, not with data packets.
 */
struct DataSummary
{
    uint64_t n{0};             //!< data messages summarised
    uint64_t lengthChecked{0}; //!< of those, with a Length field and a UDP Length (§3.1 rule)
    uint64_t lengthBit{0};     //!< with L=1
    uint64_t seqBit{0};        //!< with S=1
    uint64_t offsetBit{0};     //!< with O=1
    uint32_t firstFrame{0};    //!< the first one (0: none)
    /**
     * \brief Pareto frontier of (frame, time): ascending frames, descending times; every
     * summarised message has a frontier point with a larger-or-equal frame and time. Answers
     * "did this sender send anything after frame f, at or after time t?" exactly, in a few
     * entries (one while capture time only grows).
     */
    std::vector<std::pair<uint32_t, TimeNs>> frontier;

    /** \brief Count one message. */
    void Add(const L2tpRecord& r, bool lengthIsChecked);
    /** \brief A summarised message with frame > f and time >= t exists. */
    bool SentAfter(uint32_t f, TimeNs t) const;
};

/** \brief One control connection seen in the capture. */
struct TunnelFlow
{
    TunnelSide side[2];             //!< side 0 = the one whose first message was seen first
    std::vector<size_t> control[2]; //!< indices of control records SENT by each side, in order
    std::vector<size_t> data[2];    //!< indices of data records sent by each side
    uint64_t summarized[2]{0, 0};   //!< data messages of each side counted, not kept
    /** \brief Data messages of calls whose setup the capture does not hold (it began mid-call),
     * counted, not kept. */
    DataSummary loose[2];
    bool startSeen{false};        //!< the SCCRQ was captured (side 0 sent it)
    std::vector<size_t> sessions; //!< indices into FlowIndex::sessions
};

/** \brief One call (session) seen in the capture. */
struct SessionFlow
{
    size_t tunnel{0};              //!< index into FlowIndex::tunnels
    int initiator{-1};             //!< tunnel side that sent ICRQ/OCRQ (-1: not captured)
    uint16_t requestType{0};       //!< ICRQ or OCRQ (0: not captured)
    uint16_t id[2]{0, 0};          //!< Assigned Session ID of each tunnel side
    bool idKnown[2]{false, false}; //!< whether it was seen
    uint32_t idFrame[2]{0, 0};     //!< frame of the Assigned Session ID AVP (0: never seen)
    uint32_t establishedFrame{0};  //!< frame of the ICCN/OCCN (0: not captured)
    std::vector<size_t> control;   //!< session control records
    std::vector<size_t> data;      //!< data records
    DataSummary summary[2];        //!< data messages each side sent that were counted, not kept
};

/** \brief Tunnels and sessions of one capture. */
struct FlowIndex
{
    const std::vector<L2tpRecord>* records{nullptr}; //!< the records indexed (not owned)
    std::vector<TunnelFlow> tunnels;                 //!< in order of first message
    std::vector<SessionFlow> sessions;               //!< in order of first message
    std::vector<int> tunnelOf;                       //!< per record: tunnel index or -1
    std::vector<int> senderSide;  //!< per record: side (0/1) of the sender in its tunnel or -1
    std::vector<int> sessionOf;   //!< per record: session index or -1
    TimeNs captureEnd{0};         //!< time of the last record
    uint64_t summarizedData{0};   //!< data messages counted in sessions, not kept as records
    uint64_t summarizedLength{0}; //!< of those, judged by the §3.1 Length rule
    uint64_t summarizedTunnelIdChecked{0};  //!< of those, judged by the §4.4.3 Tunnel ID rule
    uint64_t summarizedSessionIdChecked{0}; //!< of those, judged by the §4.4.4 Session ID rule
    /** \brief Counted packets of PPP links not attributed to a session (PppEndpointLink name),
     * per direction: the PPP rules' proofs that a receiver kept sending. */
    struct LinkSummary
    {
        DataSummary dir[2]; //!< by PppEndpointLink direction
    };
    std::map<std::string, LinkSummary> pppLinks; //!< PppEndpointLink name → its counts

    const L2tpRecord&
    Rec(size_t i) const
    {
        return (*records)[i];
    }
};

/** \brief Build the index (records must be in frame order). */
FlowIndex BuildFlowIndex(const std::vector<L2tpRecord>& records);

/**
 * \brief The index of a record set: the one built while the records were extracted (data
 * messages summarised, RecordSet::flows) — in place when it points at rs.records (the set was
 * not moved since), else a copy pointed at them in `storage` — or BuildFlowIndex(rs.records) in
 * `storage`. The result lives as long as rs and storage.
 */
const FlowIndex& FlowIndexOf(const RecordSet& rs, FlowIndex& storage);

/**
 * \brief Builds a FlowIndex one record at a time, in frame order, as records are extracted, and
 * decides which data messages need no record (Absorb). Holds a pointer to the growing vector the
 * kept records are appended to.
 */
class FlowIndexBuilder
{
public:
    /** \param records the vector kept records are appended to (not owned) */
    explicit FlowIndexBuilder(std::vector<L2tpRecord>& records);
    ~FlowIndexBuilder();
    FlowIndexBuilder(const FlowIndexBuilder&) = delete;
    FlowIndexBuilder& operator=(const FlowIndexBuilder&) = delete;

    /** \brief Index records[i], which the caller has just appended. */
    void Added(size_t i);
    /**
     * \brief A data message not (yet) appended, with its PPP packet (nullptr if none): true if no
     * rule needs its record, and it was counted instead (the caller drops it); otherwise false (the
     * caller appends it and calls Added). Counted: a header every RFC 2661 rule passes (Ver 2,
     * reserved bits 0, Length = the datagram, Tunnel and Session ID not 0) carrying one PPP packet:
     *  - a network-layer packet (IsSummarizablePpp), either in a session established in the
     *    capture (ICRQ/OCRQ and ICCN/OCCN seen; both Assigned Session IDs and the receiver's
     *    Assigned Tunnel ID announced in visible AVPs) or in a call set up before the capture began
     *    whose IDs no rule can judge: the PPP packet is dropped too;
     *  - a PPP control packet (LCP, authentication, an NCP: IsKeptPppRider) in such an established
     *    session only: the PPP rules still need the packet, so the caller keeps its PppRecord,
     *    with l2tpIndex -1 and `ppp->l2tpSession` / `l2tpSender` set here (the builder writes them
     *    through the pointer).
     * docs/conformance.md, "Streaming".
     */
    bool Absorb(const L2tpRecord& r, PppRecord* ppp);
    /** \brief The index (the builder is spent afterwards). */
    FlowIndex Finish();

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

/**
 * \brief Summarise a record set built without the streaming builder (the tshark engine): the same
 * decisions FlowIndexBuilder makes during a fast extraction, so both engines keep the same records
 * and judge the same counts. Fills rs.flows; drops absorbed L2TP records and their PPP records.
 */
void SummarizeDataMessages(RecordSet& rs);

/**
 * \brief A PPP record that can ride in an absorbed data message: one network-layer packet (not a
 * control protocol, not MP), with no Code/Identifier/Length dissected.
 */
bool IsSummarizablePpp(const PppRecord& p);

/**
 * \brief A PPP record the rules need that can still ride in an absorbed data message of an
 * established session: a control packet (LCP, PAP, CHAP, an NCP, CCP) carried in L2TP, not MP.
 * Its data message is counted; the PPP record is kept.
 */
bool IsKeptPppRider(const PppRecord& p);

/**
 * \brief Which side of a control connection is the LAC: the sender of ICRQ is the LAC and of OCRQ
 * the LNS (RFC 2661 §6.6/§6.9, first call of the tunnel); without a call, the SCCRQ sender (side 0
 * when startSeen) is taken as the LAC. -1 if neither tells, or tunnel is out of range.
 */
int LacSide(const FlowIndex& flows, size_t tunnel);

} // namespace ns3

#endif
