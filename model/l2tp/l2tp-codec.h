/**
 * \file
 * \brief L2TP header and message codec (RFC 2661 §3.1, §4.1, §4.3). Never asserts on input:
 * every malformed case is an L2tpDecodeError.
 */
#ifndef L2TPLAB_L2TP_CODEC_H
#define L2TPLAB_L2TP_CODEC_H

#include "model/l2tp/l2tp-types.h"

#include <string>

namespace ns3
{

/** \brief The fixed part of an L2TP header, as on the wire. */
struct L2tpHeader
{
    bool isControl{false};   //!< T
    bool hasLength{false};   //!< L
    bool hasSequence{false}; //!< S
    bool hasOffset{false};   //!< O
    bool priority{false};    //!< P
    uint8_t version{2};      //!< Ver
    uint16_t length{0};      //!< Length (valid if hasLength)
    uint16_t tunnelId{0};
    uint16_t sessionId{0};
    uint16_t ns{0};         //!< valid if hasSequence
    uint16_t nr{0};         //!< valid if hasSequence
    uint16_t offsetSize{0}; //!< valid if hasOffset
    size_t headerSize{0};   //!< bytes up to the first payload byte (incl. offset padding)
};

/**
 * \brief Parse the header of any L2TP datagram (for demultiplexing).
 * \return NONE or the reason it is malformed.
 */
L2tpDecodeError DecodeL2tpHeader(const uint8_t* data, size_t len, L2tpHeader& out);

/**
 * \brief Decode a control message. Hidden AVPs (§4.3) are un-hidden with `secret` and the nearest
 * preceding Random Vector AVP. Unknown AVPs (any vendor) are kept opaquely with their M bit: the
 * tunnel/session layer decides what §4.1 demands (see FirstUnknownMandatory).
 * Hiding does not depend on the attribute, so hidden unrecognized AVPs are un-hidden too. Known
 * IETF AVPs must satisfy their catalog length rule (l2tp-avp-table.h). Reserved header bits are
 * ignored (§3.1); an AVP with reserved flag bits is kept as unrecognized (§4.1). `detail`, if
 * given, receives a human-readable reason on failure.
 */
L2tpDecodeError DecodeL2tpControl(const uint8_t* data,
                                  size_t len,
                                  const std::string& secret,
                                  L2tpControlMessage& out,
                                  std::string* detail = nullptr);

/**
 * \brief Encode a control message with L=1, S=1, Ver=2. AVPs with hidden=true are hidden with
 * `secret` and the nearest preceding Random Vector AVP in `m.avps`; returns an empty buffer if a
 * hidden AVP has no preceding Random Vector or the secret is empty (caller bug, logged by caller).
 * Also empty if an AVP the catalog says "MUST NOT be hidden" is marked hidden, or an AVP exceeds
 * the 10-bit AVP Length (§4.1). No hiding padding is added (deterministic output); reservedBits of
 * opaque AVPs are written back as decoded.
 */
Bytes EncodeL2tpControl(const L2tpControlMessage& m, const std::string& secret);

/** \brief Decode a data message (T=0). */
L2tpDecodeError DecodeL2tpData(const uint8_t* data, size_t len, L2tpDataMessage& out);

/** \brief Encode a data message. */
Bytes EncodeL2tpData(const L2tpDataMessage& m);

/**
 * \brief Hide / un-hide one AVP value (RFC 2661 §4.3): the hidden value is
 * (2-byte Original Length | value | padding) XOR'd with the MD5 chain
 * b1 = MD5(Attribute Type (2 octets) | secret | Random Vector), bi = MD5(secret | c(i-1)).
 * `padding` is appended clear-text before hiding (may be empty).
 */
Bytes HideAvpValue(uint16_t attributeType,
                   const Bytes& value,
                   const std::string& secret,
                   const Bytes& randomVector,
                   const Bytes& padding = {});
/** \brief Inverse of HideAvpValue; false if the Original Length does not fit. */
bool UnhideAvpValue(uint16_t attributeType,
                    const Bytes& hidden,
                    const std::string& secret,
                    const Bytes& randomVector,
                    Bytes& value);

/**
 * \brief Tunnel authentication (RFC 2661 §4.2 / §5.1.1): response = MD5(Message-Type-ID-byte |
 * secret | challenge), where the ID byte is the type of the message carrying the response
 * (2 for SCCRP, 3 for SCCCN), as in CHAP (RFC 1994).
 */
Bytes ChallengeResponse(uint8_t messageType, const std::string& secret, const Bytes& challenge);

/** \brief The first unknown AVP with the M bit set, or nullptr (RFC 2661 §4.1). */
const L2tpAvp* FirstUnknownMandatory(const L2tpControlMessage& m);

} // namespace ns3

#endif
