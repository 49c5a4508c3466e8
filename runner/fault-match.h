/**
 * \file
 * \brief The message kinds a `drop` fault can select (`faults[].match`), declared as data, and the
 * classifier that recognises them in a frame arriving on a link: outer IPv4, ICMP, UDP 1701 L2TP
 * control messages by Message Type (RFC 2661 §3.1, §4.4.1, header through model/l2tp's codec),
 * PPP frames carried in L2TP data messages (RFC 2661 §3.1; RFC 1661 §2, §5: address/control,
 * protocol, LCP code), ESP (RFC 4303) and IKE (RFC 7296, UDP 500/4500 with the RFC 3948 non-ESP
 * marker). Plain C++ without ns-3: the ns-3 error model (runner/ns3/fault-error-model.h) hands it
 * the frame bytes.
 */
#ifndef L2TPLAB_RUNNER_FAULT_MATCH_H
#define L2TPLAB_RUNNER_FAULT_MATCH_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/** \brief What the classifier found in one frame (fields valid when their flag is set). */
struct PacketClass
{
    bool ipv4{false};         //!< an IPv4 header was found
    uint8_t ipProtocol{0};    //!< IPv4 Protocol
    bool firstFragment{true}; //!< fragment offset 0 (upper headers are present)
    bool icmp{false};         //!< ICMP header present
    uint8_t icmpType{0};      //!< ICMP Type
    bool udp{false};          //!< UDP header present
    uint16_t srcPort{0};      //!< UDP source port
    uint16_t dstPort{0};      //!< UDP destination port
    bool l2tp{false};         //!< UDP 1701 with a valid L2TP header
    bool l2tpControl{false};  //!< T bit set
    int l2tpMessageType{-1};  //!< control: Message Type (0 = ZLB), -1 unknown
    bool ppp{false};          //!< data message carrying a PPP frame
    uint16_t pppProtocol{0};  //!< PPP Protocol field
    int pppCode{-1};          //!< control protocols (LCP, IPCP, PAP, CHAP): Code, -1 if none
    bool esp{false};          //!< ESP (IP protocol 50, or UDP 4500 with a non-zero SPI)
    bool ike{false};          //!< IKE (UDP 500, or UDP 4500 with the non-ESP marker)
};

/** \brief Classify an IPv4 datagram (`data` starts at the IPv4 header). Never reads past `size`. */
PacketClass ClassifyIpv4(const uint8_t* data, size_t size);

/**
 * \brief Classify a frame as a link delivers it: PPP-framed (ns-3 point-to-point: protocol
 * 0x0021 first), Ethernet II (type 0x0800 at offset 12) or a bare IPv4 datagram.
 */
PacketClass ClassifyFrame(const uint8_t* data, size_t size);

/** \brief How a match row tests a PacketClass. */
enum class FaultMatchOn : uint8_t
{
    L2TP_CONTROL,      //!< any L2TP control message (ZLB included)
    L2TP_MESSAGE_TYPE, //!< L2TP control message with Message Type `value`
    L2TP_DATA,         //!< any L2TP data message
    PPP_PROTOCOL,      //!< PPP frame (in L2TP data) with Protocol `value`
    PPP_CODE,          //!< PPP frame with Protocol `value` and Code `code`
    ICMP_TYPE,         //!< outer ICMP with Type `value`
    ESP,               //!< ESP
    IKE,               //!< IKE
};

/** \brief One `match:` name. */
struct FaultMatchSpec
{
    const char* name; //!< as written in YAML ("lcp-echo-reply")
    FaultMatchOn on;  //!< test
    uint16_t value;   //!< Message Type / PPP Protocol / ICMP Type
    int code;         //!< PPP_CODE: the Code
    const char* what; //!< for the docs (cites the RFC)
};

/** \brief Every match name, in documentation order. */
const std::vector<FaultMatchSpec>& FaultMatchTable();

/** \brief The row named `name`, or nullptr. */
const FaultMatchSpec* FindFaultMatch(const std::string& name);

/** \brief Does the classified frame match the row? */
bool FaultMatches(const FaultMatchSpec& spec, const PacketClass& c);

/** \brief "name|name|..." (the schema's enum choices for `match`). */
const char* FaultMatchChoices();

/** \brief The markdown table of docs/scenario-reference.md (§ Drop matches). */
std::string FaultMatchMarkdown();

} // namespace ns3

#endif
