/**
 * \file
 * \brief L2TP message records extracted from a capture by tshark, the independent oracle
 * (ARCHITECTURE.md principle 5: the conformance engine never trusts our own codecs).
 *
 * Extraction runs `tshark -T json -x` and walks the dissection TREE, not a flat field list:
 *  - `-T fields` / `-T ek` flatten every occurrence of a field into one list per frame, and the
 *    lists stop lining up as soon as one AVP lacks a field the others have. Wireshark 4.0 prints a
 *    hidden AVP with only its M/H/Length items (no Vendor ID, no Attribute Type, no value), so the
 *    k-th `l2tp.avp.type` is then NOT the type of the k-th AVP. In the tree every AVP is its own
 *    subtree, so AVP boundaries, order and flags are exact.
 *  - tshark prints repeated keys (two AVPs with the same label) as duplicate JSON object keys; they
 *    are kept, in order, by a SAX reader (`--no-duplicate-keys` would merge them into arrays and
 *    lose the relative order of AVPs, which §4.4.1 and §4.3 rules need).
 *  - `-x` adds the raw bytes and offset of every item: for a hidden AVP (whose type the dissector
 *    does not print without the shared secret) the Vendor ID and Attribute Type are read from the
 *    6-byte AVP header at the offset the dissector reported, after checking that the Length there
 *    matches the dissector's.
 *
 * Non-1701 ports: the L2TP dissector is registered on UDP 1701 only, so a peer that answers from an
 * ephemeral port, or a NAT that rewrites both ports, hides messages from a one-pass dissection.
 * Extraction therefore iterates: a cheap `-T fields` pass lists the endpoints (address, port) of
 * every message tshark already decodes as L2TP; every new non-1701 port becomes a
 * `-d udp.port==P,l2tp` on the next pass, until no new port appears (bounded). Ports 500/4500
 * (IKE / NAT-T) are never forced. A message decoded only because of a forced port is kept only if
 * one of its endpoints (address AND port) is a learned L2TP endpoint, so unrelated traffic that
 * happens to share a port number is not misread as L2TP.
 *
 * tshark is started with posix_spawn and an argument vector (no shell), so file names with spaces,
 * quotes or leading dashes are safe.
 */
#ifndef L2TPLAB_CONFORMANCE_RECORDS_H
#define L2TPLAB_CONFORMANCE_RECORDS_H

#include "conformance/interned-text.h"
#include "conformance/ipsec-records.h"
#include "conformance/ppp-records.h"
#include "model/common/time.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \brief One node of tshark's `-T json` tree, read by a SAX reader that keeps duplicate object keys
 * in order (tshark prints repeated labels, e.g. two AVPs or two ISAKMP payloads, as repeated keys).
 * Scalars are kept as their text. Shared by the L2TP, PPP and IPsec record builders.
 */
struct TsharkNode
{
    /** \brief Node kind. */
    enum Kind
    {
        SCALAR,
        OBJECT,
        ARRAY
    };

    Kind kind{SCALAR};                //!< what this node is
    std::string scalar;               //!< text of a scalar
    std::vector<std::string> keys;    //!< member names (OBJECT) or "" (ARRAY)
    std::vector<TsharkNode> children; //!< members or items

    /** \brief First member with that key, or nullptr. */
    const TsharkNode* Member(const std::string& k) const;
    /** \brief Text of the first scalar member with that key, or "". */
    std::string Text(const std::string& k) const;
    /** \brief Hex of a `-x` raw member (`[hex, offset, length, mask, type]`), or "". */
    std::string RawHex(const std::string& rawKey) const;
    /** \brief Depth-first search for the first scalar with that key, or "". */
    std::string Find(const std::string& k) const;
};

/**
 * \brief The leaf fields of one AVP ("l2tp.avp.host_name" = "lns"), in dissection order: the first
 * held in place, the others (a Result Code's error code and message, ...) in a vector. Nearly every
 * AVP has exactly one, so a control message's AVPs cost no allocation each (a capture of session
 * setups holds millions of them). Reads like a std::vector of (name, value) pairs.
 */
class AvpFields
{
public:
    using value_type = std::pair<FieldName, std::string>; //!< (field name, value text)

    /** \brief Forward iterator over the fields (by position). */
    template <typename Owner, typename Value>
    class Iter
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = AvpFields::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = Value*;
        using reference = Value&;

        Iter(Owner* o, size_t i)
            : m_o(o)
            , m_i(i)
        {
        }

        reference
        operator*() const
        {
            return (*m_o)[m_i];
        }

        pointer
        operator->() const
        {
            return &(*m_o)[m_i];
        }

        Iter&
        operator++()
        {
            ++m_i;
            return *this;
        }

        bool
        operator==(const Iter& o) const
        {
            return m_i == o.m_i;
        }

        bool
        operator!=(const Iter& o) const
        {
            return m_i != o.m_i;
        }

    private:
        Owner* m_o;
        size_t m_i;
    };

    using iterator = Iter<AvpFields, value_type>;                   //!< mutable iterator
    using const_iterator = Iter<const AvpFields, const value_type>; //!< const iterator

    AvpFields() = default;
    /** \brief From a list (tests, hand-made records). */
    AvpFields(std::initializer_list<value_type> l)
    {
        for (const value_type& v : l)
        {
            push_back(v);
        }
    }

    size_t
    size() const
    {
        return m_size;
    }

    bool
    empty() const
    {
        return m_size == 0;
    }

    value_type&
    operator[](size_t i)
    {
        return i == 0 ? m_first : m_rest[i - 1];
    }

    const value_type&
    operator[](size_t i) const
    {
        return i == 0 ? m_first : m_rest[i - 1];
    }

    value_type&
    back()
    {
        return (*this)[m_size - 1];
    }

    /** \brief Append a field built from `args` (a name and a value). */
    template <typename... A>
    value_type&
    emplace_back(A&&... args)
    {
        if (m_size == 0)
        {
            m_first = value_type(std::forward<A>(args)...);
        }
        else
        {
            m_rest.emplace_back(std::forward<A>(args)...);
        }
        ++m_size;
        return back();
    }

    /** \brief Append a field. */
    void
    push_back(value_type v)
    {
        emplace_back(std::move(v));
    }

    /** \brief Room for n fields without another allocation. */
    void
    reserve(size_t n)
    {
        if (n > 1)
        {
            m_rest.reserve(n - 1);
        }
    }

    /** \brief No fields. */
    void
    clear()
    {
        m_first = value_type();
        m_rest.clear();
        m_size = 0;
    }

    iterator
    begin()
    {
        return iterator(this, 0);
    }

    iterator
    end()
    {
        return iterator(this, m_size);
    }

    const_iterator
    begin() const
    {
        return const_iterator(this, 0);
    }

    const_iterator
    end() const
    {
        return const_iterator(this, m_size);
    }

    /** \brief Same fields, in the same order. */
    bool
    operator==(const AvpFields& o) const
    {
        return m_size == o.m_size && (m_size == 0 || m_first == o.m_first) && m_rest == o.m_rest;
    }

    /** \brief Not operator==. */
    bool
    operator!=(const AvpFields& o) const
    {
        return !(*this == o);
    }

private:
    value_type m_first;             //!< field 0 (if m_size > 0)
    std::vector<value_type> m_rest; //!< fields 1..m_size-1
    uint32_t m_size{0};             //!< fields held
};

/**
 * \brief One AVP as tshark dissected it.
 */
struct AvpRecord
{
    uint16_t vendor{0};         //!< Vendor ID (0 = IETF)
    uint16_t type{0};           //!< Attribute Type
    bool typeKnown{false};      //!< false if neither the dissector nor the raw header gave the type
    bool mandatory{false};      //!< M bit
    bool hidden{false};         //!< H bit
    uint16_t length{0};         //!< AVP Length field (header included)
    bool rawHeaderKnown{false}; //!< rawFlagsWord is valid
    uint16_t rawFlagsWord{0};   //!< first 16 bits of the AVP header (M, H, reserved, Length)
    /** \brief Every leaf field of the AVP subtree, in dissection order ("l2tp.avp.host_name",
     * "lns"); names interned (interned-text.h). */
    AvpFields fields;

    /** \brief Value of the first field with that name, or "" if absent. */
    std::string Get(std::string_view field) const;
    /** \brief The value of the first field with that name (no copy), or nullptr if absent. */
    const std::string* Value(std::string_view field) const;
    /** \brief True if a field with that name is present. */
    bool Has(std::string_view field) const;
    /** \brief True for the IETF AVP of that Attribute Type. */
    bool
    IsIetf(uint16_t t) const
    {
        return typeKnown && vendor == 0 && type == t;
    }
};

/**
 * \brief Which IETF Attribute Types below 64 a record's AVPs hold, so that the rules' many
 * lookups of absent AVPs (L2tpRecord::Find) cost one bit test instead of a walk over the AVPs.
 * Valid only for the AVP vector it was built from (same buffer, same size): a copied record, or
 * one whose AVPs were added or removed later, is not indexed and is simply walked. The engines
 * build it once a record is complete (L2tpRecord::IndexAvps); changing an AVP's type, vendor or
 * typeKnown in place afterwards needs another IndexAvps.
 */
class AvpTypeIndex
{
public:
    AvpTypeIndex() = default;
    /** \brief A copy's AVPs live elsewhere: not indexed. */
    AvpTypeIndex(const AvpTypeIndex&) {}
    /** \brief As the copy constructor. */
    AvpTypeIndex&
    operator=(const AvpTypeIndex&)
    {
        m_data = nullptr;
        return *this;
    }
    /** \brief A moved vector keeps its buffer: still valid. */
    AvpTypeIndex(AvpTypeIndex&&) = default;
    /** \brief As the move constructor. */
    AvpTypeIndex& operator=(AvpTypeIndex&&) = default;

    /** \brief Index `avps`. */
    void Build(const std::vector<AvpRecord>& avps);

    /** \brief False if `avps` certainly holds no IETF AVP of that type; true if it may. */
    bool
    MayHold(const std::vector<AvpRecord>& avps, uint16_t ietfType) const
    {
        if (ietfType >= 64 || m_data == nullptr || m_data != avps.data() || m_count != avps.size())
        {
            return true;
        }
        return ((m_mask >> ietfType) & 1u) != 0;
    }

private:
    uint64_t m_mask{0};               //!< bit t: an IETF AVP of type t (known type) is present
    const AvpRecord* m_data{nullptr}; //!< the buffer indexed
    size_t m_count{0};                //!< its size
};

/**
 * \brief One L2TP message (control or data) as tshark dissected it.
 */
struct L2tpRecord
{
    uint32_t frame{0};      //!< frame number in the capture (1-based, as Wireshark shows it)
    TimeNs time{0};         //!< ns since the first frame of the capture
    InternedText srcIp;     //!< source address (IPv4 or IPv6 text, interned)
    InternedText dstIp;     //!< destination address
    uint16_t srcPort{0};    //!< UDP source port
    uint16_t dstPort{0};    //!< UDP destination port
    bool forcedPort{false}; //!< decoded only because of a learned `-d udp.port==P,l2tp`

    uint16_t flags{0};       //!< the whole first header word (T L x x S x O P x x x x Ver)
    bool isControl{false};   //!< T bit
    bool lengthBit{false};   //!< L bit
    bool seqBit{false};      //!< S bit
    bool offsetBit{false};   //!< O bit
    bool priorityBit{false}; //!< P bit
    uint8_t version{0};      //!< Ver
    bool hasLength{false};   //!< Length field present
    uint16_t length{0};      //!< Length field
    uint16_t udpLength{0};   //!< UDP Length field of the datagram carrying it (0: unknown)
    uint16_t tunnelId{0};    //!< header Tunnel ID
    uint16_t sessionId{0};   //!< header Session ID
    bool hasSequence{false}; //!< Ns/Nr present
    uint16_t ns{0};          //!< Ns
    uint16_t nr{0};          //!< Nr

    bool hasMessageType{false};  //!< a Message Type AVP was dissected (anywhere in the message)
    uint16_t messageType{0};     //!< its value (0 when ZLB)
    std::vector<AvpRecord> avps; //!< in wire order
    AvpTypeIndex avpIndex;       //!< which IETF types `avps` holds (IndexAvps)

    bool malformed{false};                 //!< the frame carries _ws.malformed or an expert ERROR
    std::vector<std::string> expertErrors; //!< messages of expert infos with severity error

    /** \brief A control message with no AVP. */
    bool
    IsZlb() const
    {
        return isControl && avps.empty();
    }
    /** \brief "10.0.0.1:1701" ("[2001:db8::1]:1701" for IPv6). */
    std::string Src() const;
    /** \brief Destination as Src() prints it. */
    std::string Dst() const;
    /** \brief "SCCRQ", "ZLB", "DATA", "Unknown(99)". */
    std::string TypeName() const;
    /** \brief Index the AVPs for Find (the engines call it once a record is complete). */
    void
    IndexAvps()
    {
        avpIndex.Build(avps);
    }
    /** \brief First IETF AVP of that type, or nullptr. */
    const AvpRecord* Find(uint16_t ietfType) const;
    /** \brief Number of IETF AVPs of that type. */
    size_t Count(uint16_t ietfType) const;
    /**
     * \brief Numeric value of a field of the first IETF AVP of that type (not hidden).
     * \return false if absent, hidden or not a number.
     */
    bool GetUint(uint16_t ietfType, std::string_view field, uint64_t& v) const;
    /** \brief GetUint of a 16-bit field (Assigned Tunnel/Session ID, ...), truncated to 16 bits. */
    bool GetU16(uint16_t ietfType, std::string_view field, uint16_t& v) const;
};

/**
 * \brief The items tshark puts before an AVP's value: `l2tp.avp.vendor_id` and the Attribute
 * Type under its vendor's key (`l2tp.avp.type`, `.ciscotype`, `.ericssontype`, `.broadbandtype`,
 * `.cablelabstype`). Both engines keep them as AvpRecord::vendor/type, not in `fields`.
 */
bool IsAvpTypeItem(std::string_view field);

/** \brief Name of an L2TP control message type as RFC 2661 spells it ("Unknown(n)" otherwise). */
std::string L2tpMessageTypeName(uint16_t type);

struct RecordSet;

/** \brief How to run tshark. */
struct ExtractOptions
{
    /** \brief tshark executable: a path or a name searched in PATH. "" = $L2TPLAB_TSHARK, else
     * "tshark". */
    std::string tshark;
    /** \brief Extra ports to decode as L2TP from the start (besides 1701). */
    std::vector<uint16_t> extraPorts;
    /** \brief Learn non-1701 L2TP ports from the capture (see file comment). */
    bool learnPorts{true};
    /**
     * \brief Count data messages of established sessions that every rule passes instead of
     * keeping them as records (l2tp-flows.h FlowIndexBuilder::Absorb): memory then grows with
     * flows, not with data packets. false keeps every record (the record-by-record cross-check
     * and the tests that prove summarising changes no verdict).
     */
    bool summarizeData{true};
    /**
     * \brief Threads the fast engine (fast-records.h) reads a capture with: 1 = everything on
     * the calling thread; otherwise frames are read and decoded on a second thread while the
     * calling one files the records (the records are the same). The tshark engine ignores it.
     */
    unsigned threads{1};
    /** \brief Passes of port learning at most. */
    unsigned maxLearningPasses{4};
    /** \brief Tunnel shared secret, passed as `-o l2tp.shared_secret:...` so tshark can un-hide
     * AVPs. */
    std::string sharedSecret;
    /**
     * \brief Wireshark configuration directory with key files (`esp_sa`, `ikev1_decryption_table`,
     * `preferences`), given to tshark as WIRESHARK_CONFIG_DIR so it decrypts ESP and IKEv1:
     * L2TP/PPP inside ESP then become records too, and encrypted IKE payloads become visible. "" =
     * tshark's default profile.
     */
    std::string wiresharkConfigDir;
    /**
     * \brief Capture point: the addresses (IPv4 or IPv6 text) of the host on whose interface the
     * capture was taken; empty = unknown. Not used by extraction: CheckCapture() hands it to the
     * rules (RuleContext::capturePoint), which then know which messages provably ARRIVED at a
     * receiver (docs/conformance.md, "Loss before the capture point"). `l2tplab check --at`.
     */
    std::vector<std::string> capturePoint;
    /**
     * \brief Records the fast engine may hold at once, in estimated bytes (0 = no limit;
     * `l2tplab check --memory`). A capture whose records need more is judged in parts: one pass
     * counts what each pair of addresses (a PPPoE link: pair of MAC addresses) would keep, then
     * each part is a pass keeping only the records of the pairs given to it, handed to onPart.
     * No rule relates records of two address pairs, so the parts' verdicts merge into the whole
     * capture's (consequences.h MergeVerdict). Memory is then bounded by the budget (or by the
     * largest single pair), at one pass over the file per part.
     */
    uint64_t memoryBudget{0};
    /** \brief Receives each part's records (memoryBudget). Unset: a capture over the budget is an
     * error that names the budget. */
    std::function<void(RecordSet&)> onPart;
};

struct FlowIndex;

/** \brief Records of one capture plus what extraction learned. */
struct RecordSet
{
    std::string pcap;                  //!< the file read
    std::vector<L2tpRecord> records;   //!< in frame order
    std::vector<uint16_t> forcedPorts; //!< ports decoded as L2TP with -d (sorted)
    std::string tsharkVersion;         //!< first line of `tshark --version`
    /** \brief The tshark engine read a file that ends inside a frame: tshark's words for it
     * (the frames before it are records, as the fast engine's FastExtractStats::readError). */
    std::string cutShort;
    std::vector<PppRecord> ppp;   //!< PPP packets (L2TP data payloads and other PPP links)
    std::vector<EspRecord> esp;   //!< ESP packets (raw and UDP-encapsulated)
    std::vector<IkeRecord> ike;   //!< ISAKMP messages (UDP 500 and 4500)
    std::vector<NattRecord> natt; //!< UDP datagrams on port 4500
    /**
     * \brief Tunnels and sessions, built while extracting (l2tp-flows.h FlowIndexBuilder): data
     * messages of established sessions are counted there instead of kept in `records` (and their
     * network-layer PPP packets not kept in `ppp`). nullptr: nothing was summarised.
     */
    std::shared_ptr<const FlowIndex> flows;
    uint64_t summarizedPpp{0}; //!< PPP packets that rode in summarised data messages
    /** \brief L2TPv3 messages over UDP (RFC 3931) not kept as records (L2tpVersionSieve). */
    uint64_t l2tpv3Udp{0};
    /** \brief When these records are one part of a capture (ExtractOptions::memoryBudget): the
     * time of the capture's last record, for the rules that judge what is still pending at the
     * end. 0 = the records' own. */
    TimeNs captureEnd{0};
};

/**
 * \brief Which L2TP messages over UDP the RFC 2661 rules judge. tshark dissects a UDP 1701 datagram
 * with Ver 3 as L2TPv3 (RFC 3931 §4.1.2.1), another protocol with its own AVPs (Assigned Control
 * Connection ID instead of Assigned Tunnel ID, 32-bit IDs): judging an L2TPv3 deployment by RFC
 * 2661 would fail every message. A Ver 3 message is kept only when its UDP flow (the two address
 * and port pairs, either direction) has already carried an L2TPv2 control message, where it is an
 * L2TPv2 peer's fault that RFC2661-3.1-version reports. Both engines file their records through
 * one sieve, in frame order, so they keep the same ones.
 */
class L2tpVersionSieve
{
public:
    /** \brief True: a record for the rules. False: an L2TPv3 message, counted in Dropped(). */
    bool Keep(const L2tpRecord& r);

    /** \brief L2TPv3 messages not kept. */
    uint64_t
    Dropped() const
    {
        return m_dropped;
    }

private:
    /** \brief One UDP flow, its two ends in a canonical order. */
    struct Flow
    {
        const void* a{nullptr}; //!< interned address of the lower end
        const void* b{nullptr}; //!< interned address of the higher end
        uint32_t ports{0};      //!< lower end's port << 16 | higher end's port

        bool
        operator==(const Flow& o) const
        {
            return a == o.a && b == o.b && ports == o.ports;
        }
    };

    /** \brief Hash of a Flow. */
    struct FlowHash
    {
        size_t operator()(const Flow& f) const;
    };

    static Flow Of(const L2tpRecord& r);

    std::unordered_set<Flow, FlowHash> m_v2; //!< flows that carried an L2TPv2 control message
    Flow m_last{};                           //!< the last flow inserted (most are repeats)
    uint64_t m_dropped{0};                   //!< Ver 3 messages outside those flows
};

/**
 * \brief Extract every L2TP message of a capture with tshark, and in the same JSON pass every PPP
 * packet, ESP packet, ISAKMP message and port-4500 datagram (RecordSet::ppp, esp, ike, natt).
 * \param pcap capture file (pcap or pcapng)
 * \param opts how to run tshark
 * \param out filled on success
 * \param error filled on failure with a message fit for a user (missing tshark, unreadable file)
 * \return true on success
 */
bool ExtractL2tpRecords(const std::string& pcap,
                        const ExtractOptions& opts,
                        RecordSet& out,
                        std::string& error);

/**
 * \brief Is `pcap` a regular file that exists? Else error = "cannot read capture '<pcap>': <why>"
 * (both extractors check this first, so a directory or a missing file is an input error, not a
 * tool failure).
 */
bool CaptureIsReadableFile(const std::string& pcap, std::string& error);

/** \brief Result of running a child process. */
struct ProcessResult
{
    bool started{false}; //!< the program could be executed
    int exitCode{-1};    //!< exit status (-1 if killed by a signal or not started)
    std::string out;     //!< stdout
    std::string err;     //!< stderr (or why it could not start)
};

/**
 * \brief Run a program with an argument vector (argv[0] = program, found in PATH if it has no '/'),
 * no shell involved, and collect its output.
 */
ProcessResult RunProcess(const std::vector<std::string>& argv);

/**
 * \brief RunProcess with extra environment variables ("NAME=value") added to (or replacing those
 * of) the current environment.
 */
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extraEnv);

} // namespace ns3

#endif
