// fuzz-target: L2TP codec (header, control+AVPs+hidden, data; round trip) + tshark-like dissector
/**
 * \file
 * \brief libFuzzer target "l2tp-decoder": one L2TP UDP payload (RFC 2661 §3.1, §4.1, §4.3) through
 * every decoder that reads it. Seeds: the L2TP payloads of pcaps/reference (tools/fuzz extracts
 * them) and tools/fuzz.d/seeds/l2tp-decoder/ (hidden AVPs made with kSecret).
 *
 * Besides "no crash, no sanitizer report" it asserts the codec's round trip: a control message
 * that decodes and that EncodeL2tpControl accepts must decode again, to a message that encodes to
 * the same bytes (the encoder is deterministic: no hiding padding).
 */
#include "conformance/fast-records.h"
#include "model/l2tp/l2tp-codec.h"

#include <cstdio>
#include <cstdlib>

namespace
{

/** The shared secret of pcaps/reference/xl2tpd/lac-lns-auth.pcap (pcaps/reference/README.md). */
const std::string kSecret = "l2tplab-ref-secret";

void
RoundTrip(const ns3::L2tpControlMessage& m)
{
    ns3::Bytes wire = ns3::EncodeL2tpControl(m, kSecret);
    if (wire.empty())
    {
        return; // the encoder refuses it (documented cases), nothing to compare
    }
    ns3::L2tpControlMessage again;
    std::string detail;
    if (ns3::DecodeL2tpControl(wire.data(), wire.size(), kSecret, again, &detail) !=
        ns3::L2tpDecodeError::NONE)
    {
        std::fprintf(stderr, "round trip: re-encoded message does not decode: %s\n",
                     detail.c_str());
        std::abort();
    }
    if (ns3::EncodeL2tpControl(again, kSecret) != wire)
    {
        std::fprintf(stderr, "round trip: the re-encoded message decodes to a different one\n");
        std::abort();
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ns3::L2tpHeader header;
    (void)ns3::DecodeL2tpHeader(data, size, header);

    ns3::L2tpControlMessage control;
    std::string detail;
    if (ns3::DecodeL2tpControl(data, size, kSecret, control, &detail) == ns3::L2tpDecodeError::NONE)
    {
        (void)control.Type();
        (void)ns3::FirstUnknownMandatory(control);
        RoundTrip(control);
    }

    ns3::L2tpDataMessage dataMessage;
    (void)ns3::DecodeL2tpData(data, size, dataMessage);

    ns3::L2tpRecord record;
    (void)ns3::DissectL2tpLikeTshark(data, size, record);
    return 0;
}
