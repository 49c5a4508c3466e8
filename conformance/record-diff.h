/**
 * \file
 * \brief Record-by-record comparison of two RecordSets of one capture: the tshark oracle's and
 * the fast engine's. `l2tplab check --cross-check` and the agreement tests use it; a difference is
 * "frame N: <kind>[i].<field>: tshark 'x' vs fast 'y'".
 *
 * Known differences the comparison does not count (each is a quirk of tshark the fast engine does
 * not reproduce, and no rule reads the field; fast-records.h lists them):
 *  - the malformed flag / expert errors of L2TP DATA messages (tshark's come from the PPP
 *    dissector) and of PPP, ESP and ISAKMP records (a frame-level flag the reports show);
 *  - AVP fields outside "l2tp." (LCP option subtrees inside proxy-LCP AVPs) and value fields of
 *    vendor AVPs tshark hands to a vendor sub-dissector (Cisco, Ericsson, BBF, CableLabs);
 *  - the raw AVP header of a reassembled datagram (the tshark path reads it at the wrong offset).
 */
#ifndef L2TPLAB_CONFORMANCE_RECORD_DIFF_H
#define L2TPLAB_CONFORMANCE_RECORD_DIFF_H

#include "conformance/records.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/** \brief Which known differences (record-diff.h file comment) a comparison met. */
enum class KnownDifference
{
    DATA_MALFORMED,      //!< malformed flag of an L2TP data message
    NON_L2TP_FIELDS,     //!< AVP fields outside "l2tp."
    VENDOR_SUBDISSECTOR, //!< vendor AVP value fields
    REASSEMBLED_RAW,     //!< raw AVP header of a reassembled datagram
    FRAME_MALFORMED,     //!< malformed flag of a PPP / ESP / ISAKMP record
};

/**
 * \brief Compare two record sets of the same capture.
 * \param tshark the oracle's records
 * \param fast the fast engine's records
 * \param reassembled frames whose L2TP record comes from a reassembled IPv4 datagram
 * \param maxDifferences stop after that many differences
 * \param hit optional: the known differences met
 * \return the differences, empty when the sets agree
 */
std::vector<std::string> DiffRecordSets(const RecordSet& tshark,
                                        const RecordSet& fast,
                                        const std::set<uint32_t>& reassembled,
                                        size_t maxDifferences = 20,
                                        std::set<KnownDifference>* hit = nullptr);

} // namespace ns3

#endif
