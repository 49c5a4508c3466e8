// Invariants of the RFC 2661 §4.4 AVP catalog and the §6 message spec table.

#include "model/l2tp/l2tp-avp-table.h"
#include "model/l2tp/l2tp-codec.h"
#include "model/l2tp/l2tp-message-spec.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstring>
#include <set>
#include <string>

using namespace ns3;
namespace bdata = boost::unit_test::data;

namespace
{

/** \brief The set of tshark field names, read once from `tshark -G fields` (empty if absent). */
const std::set<std::string>&
TsharkFields()
{
    static std::set<std::string> fields;
    static bool loaded = false;
    if (!loaded)
    {
        loaded = true;
        FILE* p = popen("tshark -G fields 2>/dev/null", "r");
        if (p)
        {
            char line[4096];
            while (std::fgets(line, sizeof(line), p))
            {
                // F <name> <abbrev> <type> ...
                std::string s(line);
                if (s.size() < 2 || s[0] != 'F' || s[1] != '\t')
                {
                    continue;
                }
                size_t a = s.find('\t', 2);
                size_t b = a == std::string::npos ? a : s.find('\t', a + 1);
                if (b != std::string::npos)
                {
                    fields.insert(s.substr(a + 1, b - a - 1));
                }
            }
            pclose(p);
        }
    }
    return fields;
}

} // namespace

BOOST_AUTO_TEST_SUITE(l2tp_avp_table)

// RFC 2661 §4.4: attribute types 0..39 are defined, 20 is reserved.
BOOST_AUTO_TEST_CASE(every_rfc2661_type_present_once)
{
    std::set<uint16_t> seen;
    for (const L2tpAvpInfo& row : kL2tpAvpTable)
    {
        BOOST_TEST(seen.insert(static_cast<uint16_t>(row.type)).second,
                   "duplicate type " << static_cast<uint16_t>(row.type));
    }
    for (uint16_t t = 0; t <= 39; ++t)
    {
        if (t == 20)
        {
            BOOST_TEST(!FindL2tpAvpInfo(t), "§4.4: type 20 is reserved");
            continue;
        }
        const L2tpAvpInfo* info = FindL2tpAvpInfo(t);
        BOOST_TEST_REQUIRE(info != nullptr, "type " << t << " missing from the catalog");
        BOOST_TEST(static_cast<uint16_t>(info->type) == t);
    }
    BOOST_TEST(!FindL2tpAvpInfo(uint16_t{40}));
    BOOST_TEST(!FindL2tpAvpInfo(uint16_t{0xFFFF}));
    BOOST_TEST(kL2tpAvpTableSize == 39u);
}

BOOST_DATA_TEST_CASE(row_is_consistent, bdata::xrange(kL2tpAvpTableSize), i)
{
    const L2tpAvpInfo& row = kL2tpAvpTable[i];
    BOOST_TEST_CONTEXT("AVP " << row.name)
    {
        BOOST_TEST(std::strlen(row.name) > 0);
        BOOST_TEST(std::string(row.section).rfind("4.4.", 0) == 0, "section " << row.section);
        BOOST_TEST(row.minValueLength <= row.maxValueLength);
        BOOST_TEST(row.maxValueLength <= kL2tpAvpMaxValue, "§4.1: Length is 10 bits");
        BOOST_TEST(FindL2tpAvpInfo(row.type) == &row);
        BOOST_TEST(ToString(row.type) == std::string(row.name));
        switch (row.dataType)
        {
        case L2tpAvpDataType::NONE:
            BOOST_TEST(row.maxValueLength == 0);
            break;
        case L2tpAvpDataType::U16:
        case L2tpAvpDataType::PROTOCOL_VERSION:
        case L2tpAvpDataType::PROXY_AUTHEN_ID:
            BOOST_TEST((row.minValueLength == 2 && row.maxValueLength == 2));
            break;
        case L2tpAvpDataType::U32:
            BOOST_TEST((row.minValueLength == 4 && row.maxValueLength == 4));
            break;
        case L2tpAvpDataType::U64:
            BOOST_TEST((row.minValueLength == 8 && row.maxValueLength == 8));
            break;
        case L2tpAvpDataType::CALL_ERRORS: // §4.4.6: AVP Length 32
            BOOST_TEST((row.minValueLength == 26 && row.maxValueLength == 26));
            break;
        case L2tpAvpDataType::ACCM: // §4.4.6: AVP Length 16
            BOOST_TEST((row.minValueLength == 10 && row.maxValueLength == 10));
            break;
        case L2tpAvpDataType::RESULT_CODE: // §4.4.2: Length 8, 10 or 10 + message
            BOOST_TEST((row.minValueLength == 2 && row.maxValueLength == kL2tpAvpMaxValue));
            break;
        case L2tpAvpDataType::Q931_CAUSE: // §4.4.4: Length 11 + advisory message
            BOOST_TEST(row.minValueLength == 3);
            break;
        case L2tpAvpDataType::STRING:
        case L2tpAvpDataType::BYTES:
            break;
        }
        BOOST_TEST(std::string(ToString(row.mBit)) != "?");
        BOOST_TEST(std::string(ToString(row.hide)) != "?");
        BOOST_TEST(std::string(ToString(row.dataType)) != "?");
    }
}

// The M-bit and H-bit sentences of §4.4.x, pinned: the AVPs whose "M-bit ... MUST be set to 0",
// and the AVPs that "MUST NOT be hidden". Every other AVP has M=1 and "may be hidden".
BOOST_AUTO_TEST_CASE(m_and_h_rules_match_rfc_sentences)
{
    const std::set<L2tpAvpType> mZero = {
        L2tpAvpType::TIE_BREAKER,
        L2tpAvpType::FIRMWARE_REVISION,
        L2tpAvpType::VENDOR_NAME,
        L2tpAvpType::PHYSICAL_CHANNEL_ID,
        L2tpAvpType::INITIAL_RECEIVED_LCP_CONFREQ,
        L2tpAvpType::LAST_SENT_LCP_CONFREQ,
        L2tpAvpType::LAST_RECEIVED_LCP_CONFREQ,
        L2tpAvpType::PROXY_AUTHEN_TYPE,
        L2tpAvpType::PROXY_AUTHEN_NAME,
        L2tpAvpType::PROXY_AUTHEN_CHALLENGE,
        L2tpAvpType::PROXY_AUTHEN_ID,
        L2tpAvpType::PROXY_AUTHEN_RESPONSE,
        L2tpAvpType::PRIVATE_GROUP_ID,
        L2tpAvpType::RX_CONNECT_SPEED,
    };
    const std::set<L2tpAvpType> neverHidden = {
        L2tpAvpType::MESSAGE_TYPE,     L2tpAvpType::RESULT_CODE,
        L2tpAvpType::PROTOCOL_VERSION, L2tpAvpType::TIE_BREAKER,
        L2tpAvpType::HOST_NAME,        L2tpAvpType::RECEIVE_WINDOW_SIZE,
        L2tpAvpType::RANDOM_VECTOR,    L2tpAvpType::SEQUENCING_REQUIRED,
        L2tpAvpType::Q931_CAUSE_CODE, // §4.4.4: "This AVP MUST NOT be hidden (the H-bit MUST be 0)"
    };
    for (const L2tpAvpInfo& row : kL2tpAvpTable)
    {
        BOOST_TEST_CONTEXT("AVP " << row.name << " (§" << row.section << ")")
        {
            BOOST_TEST((row.mBit == (mZero.count(row.type) ? L2tpMBitRule::MUST_NOT_SET
                                                           : L2tpMBitRule::MUST_SET)));
            BOOST_TEST((row.hide == (neverHidden.count(row.type) ? L2tpHideRule::NEVER_HIDE
                                                                 : L2tpHideRule::MAY_HIDE)));
        }
    }
}

// §4.4.1: "The Message Type AVP ... MUST be the first AVP"; Length 8; never hidden; M=1.
BOOST_AUTO_TEST_CASE(message_type_row)
{
    const L2tpAvpInfo* mt = FindL2tpAvpInfo(L2tpAvpType::MESSAGE_TYPE);
    BOOST_TEST_REQUIRE(mt != nullptr);
    BOOST_TEST(mt->minValueLength == 2);
    BOOST_TEST((mt->hide == L2tpHideRule::NEVER_HIDE));
    BOOST_TEST(mt->DefaultMandatory());
    BOOST_TEST(std::string(mt->tsharkField) == "l2tp.avp.message_type");
    const L2tpAvpInfo* at = FindL2tpAvpInfo(L2tpAvpType::ASSIGNED_TUNNEL_ID);
    BOOST_TEST(std::string(at->tsharkField) == "l2tp.avp.assigned_tunnel_id");
    BOOST_TEST(at->LengthOk(2));
    BOOST_TEST(!at->LengthOk(3));
}

// The catalog names tshark fields; check them against the installed Wireshark (independent).
BOOST_AUTO_TEST_CASE(tshark_field_names_exist)
{
    const std::set<std::string>& fields = TsharkFields();
    if (fields.empty())
    {
        BOOST_TEST_MESSAGE("tshark not available: field names not checked");
        return;
    }
    BOOST_TEST(fields.count("l2tp.avp.type") == 1u);
    for (const L2tpAvpInfo& row : kL2tpAvpTable)
    {
        if (std::strlen(row.tsharkField) == 0)
        {
            continue;
        }
        BOOST_TEST(fields.count(row.tsharkField) == 1u,
                   row.name << ": tshark has no field " << row.tsharkField);
    }
}

// §4.1: an AVP with a reserved flag bit set "MUST be treated as an unrecognized AVP".
BOOST_AUTO_TEST_CASE(reserved_bits_make_avp_unrecognized)
{
    L2tpAvp a;
    a.type = static_cast<uint16_t>(L2tpAvpType::HOST_NAME);
    BOOST_TEST(FindL2tpAvpInfo(a) != nullptr);
    a.reservedBits = 0x1;
    BOOST_TEST(FindL2tpAvpInfo(a) == nullptr);
    BOOST_TEST(!a.Is(L2tpAvpType::HOST_NAME));
    a.reservedBits = 0;
    a.vendorId = 311;
    BOOST_TEST(FindL2tpAvpInfo(a) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(l2tp_message_spec)

// RFC 2661 §6.1–§6.14: one row per message, each row's AVPs exist in the §4.4 catalog.
BOOST_DATA_TEST_CASE(spec_row_refers_to_catalog, bdata::xrange(kL2tpMessageSpecCount), i)
{
    const L2tpMessageSpec& s = kL2tpMessageSpecs[i];
    BOOST_TEST_CONTEXT("§" << s.section << " " << s.name)
    {
        BOOST_TEST(std::string(s.section).rfind("6.", 0) == 0);
        BOOST_TEST(FindL2tpMessageSpec(s.type) == &s);
        BOOST_TEST(ToString(s.type).rfind("Unknown", 0) != 0);
        std::vector<L2tpAvpType> req = s.RequiredAvps();
        BOOST_TEST_REQUIRE(!req.empty());
        BOOST_TEST((req.front() == L2tpAvpType::MESSAGE_TYPE));
        for (L2tpAvpType t : req)
        {
            BOOST_TEST(FindL2tpAvpInfo(t) != nullptr, "required type " << uint16_t(t));
            BOOST_TEST(s.Requires(t));
            BOOST_TEST(s.Allows(t));
        }
        for (L2tpAvpType t : s.OptionalAvps())
        {
            BOOST_TEST(FindL2tpAvpInfo(t) != nullptr, "optional type " << uint16_t(t));
            BOOST_TEST(!s.Requires(t));
            BOOST_TEST(s.Allows(t));
        }
        BOOST_TEST(s.Allows(L2tpAvpType::RANDOM_VECTOR), "§4.3: any message may hide AVPs");
        // §6.1-§6.5 are control-connection messages, the rest belong to a session.
        bool tunnel = s.type == L2tpMessageType::SCCRQ || s.type == L2tpMessageType::SCCRP ||
                      s.type == L2tpMessageType::SCCCN || s.type == L2tpMessageType::STOPCCN ||
                      s.type == L2tpMessageType::HELLO;
        BOOST_TEST((s.scope == (tunnel ? L2tpMessageScope::TUNNEL : L2tpMessageScope::SESSION)));
    }
}

// Every message type of the L2tpMessageType enum (except the ZLB pseudo-type) has a row.
BOOST_AUTO_TEST_CASE(every_message_type_has_a_row)
{
    for (uint16_t t = 1; t <= 16; ++t)
    {
        L2tpMessageType mt = static_cast<L2tpMessageType>(t);
        bool known = ToString(mt).rfind("Unknown", 0) != 0;
        BOOST_TEST((FindL2tpMessageSpec(mt) != nullptr) == known, "type " << t);
    }
    BOOST_TEST(!FindL2tpMessageSpec(L2tpMessageType::ZLB));
}

// §6.1: SCCRQ requires Protocol Version, Host Name, Framing Capabilities, Assigned Tunnel ID.
BOOST_AUTO_TEST_CASE(validate_reports_first_missing)
{
    L2tpControlMessage m = L2tpControlMessage::Make(L2tpMessageType::SCCRQ);
    m.AddU16(L2tpAvpType::PROTOCOL_VERSION, 0x0100)
        .AddU32(L2tpAvpType::FRAMING_CAPABILITIES, 3)
        .AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, 7);
    std::string missing = "junk";
    BOOST_TEST(!ValidateMessage(m, &missing));
    BOOST_TEST(missing == "Host Name");
    m.AddString(L2tpAvpType::HOST_NAME, "lac");
    BOOST_TEST(ValidateMessage(m, &missing));
    BOOST_TEST(missing.empty());
    BOOST_TEST(FirstUnexpectedAvp(m) == nullptr);
    m.AddU16(L2tpAvpType::ASSIGNED_SESSION_ID, 1); // not in §6.1
    BOOST_TEST_REQUIRE(FirstUnexpectedAvp(m) != nullptr);
    BOOST_TEST(FirstUnexpectedAvp(m)->Is(L2tpAvpType::ASSIGNED_SESSION_ID));
}

// §6.4 StopCCN requires Assigned Tunnel ID and Result Code; §6.12 CDN Result Code + Session ID.
BOOST_AUTO_TEST_CASE(validate_stopccn_and_cdn)
{
    L2tpControlMessage stop = L2tpControlMessage::Make(L2tpMessageType::STOPCCN);
    stop.AddU16(L2tpAvpType::ASSIGNED_TUNNEL_ID, 1);
    std::string missing;
    BOOST_TEST(!ValidateMessage(stop, &missing));
    BOOST_TEST(missing == "Result Code");
    stop.AddResult(1);
    BOOST_TEST(ValidateMessage(stop, nullptr));

    L2tpControlMessage cdn = L2tpControlMessage::Make(L2tpMessageType::CDN);
    cdn.AddResult(3);
    BOOST_TEST(!ValidateMessage(cdn, &missing));
    BOOST_TEST(missing == "Assigned Session ID");

    // A ZLB and an unknown message type have no requirements.
    BOOST_TEST(ValidateMessage(L2tpControlMessage{}, &missing));
    BOOST_TEST(ValidateMessage(L2tpControlMessage::Make(static_cast<L2tpMessageType>(99))));
}

// §6 requirement rows match the RFC text for each message (pinned).
BOOST_AUTO_TEST_CASE(required_sets_pinned)
{
    using T = L2tpAvpType;
    auto req = [](L2tpMessageType t)
    {
        return FindL2tpMessageSpec(t)->RequiredAvps();
    };
    BOOST_TEST((req(L2tpMessageType::HELLO) == std::vector<T>{T::MESSAGE_TYPE}));
    BOOST_TEST((req(L2tpMessageType::ICRQ) ==
                std::vector<T>{T::MESSAGE_TYPE, T::ASSIGNED_SESSION_ID, T::CALL_SERIAL_NUMBER}));
    BOOST_TEST((req(L2tpMessageType::ICCN) ==
                std::vector<T>{T::MESSAGE_TYPE, T::FRAMING_TYPE, T::TX_CONNECT_SPEED}));
    BOOST_TEST((req(L2tpMessageType::OCRQ) ==
                std::vector<T>{T::MESSAGE_TYPE, T::ASSIGNED_SESSION_ID, T::CALL_SERIAL_NUMBER,
                               T::MINIMUM_BPS, T::MAXIMUM_BPS, T::BEARER_TYPE, T::FRAMING_TYPE,
                               T::CALLED_NUMBER}));
    BOOST_TEST((req(L2tpMessageType::WEN) == std::vector<T>{T::MESSAGE_TYPE, T::CALL_ERRORS}));
    BOOST_TEST((req(L2tpMessageType::SLI) == std::vector<T>{T::MESSAGE_TYPE, T::ACCM}));
}

BOOST_AUTO_TEST_SUITE_END()
