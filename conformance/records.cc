#include "conformance/records.h"

#include "conformance/port-learning.h"

#include "model/common/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <type_traits>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ns3
{

namespace
{

constexpr const char* kPiError = "8388608"; //!< Wireshark PI_ERROR (0x00800000) as tshark prints it

// ------------------------------------------------------------------------------------------------
// The JSON tree (TsharkNode, records.h) and its SAX reader.

using JNode = TsharkNode;

/** SAX handler: builds one JNode per element of the top-level array and hands it over. */
class PacketSax : public nlohmann::json_sax<nlohmann::json>
{
public:
    explicit PacketSax(std::function<void(JNode&&)> onPacket)
        : m_onPacket(std::move(onPacket))
    {
    }

    bool
    null() override
    {
        return Scalar("null");
    }
    bool
    boolean(bool v) override
    {
        return Scalar(v ? "1" : "0");
    }
    bool
    number_integer(number_integer_t v) override
    {
        return Scalar(std::to_string(v));
    }
    bool
    number_unsigned(number_unsigned_t v) override
    {
        return Scalar(std::to_string(v));
    }
    bool
    number_float(number_float_t, const string_t& s) override
    {
        return Scalar(s);
    }
    bool
    string(string_t& s) override
    {
        return Scalar(s);
    }
    bool
    binary(binary_t&) override
    {
        return Scalar("");
    }

    bool
    start_object(std::size_t) override
    {
        return Open(JNode::OBJECT);
    }
    bool
    start_array(std::size_t) override
    {
        return Open(JNode::ARRAY);
    }
    bool
    end_object() override
    {
        return Close();
    }
    bool
    end_array() override
    {
        return Close();
    }

    bool
    key(string_t& k) override
    {
        m_pendingKey.back() = k;
        return true;
    }

    bool
    parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& e) override
    {
        m_error =
            "cannot parse tshark JSON output at byte " + std::to_string(pos) + ": " + e.what();
        return false;
    }

    const std::string&
    Error() const
    {
        return m_error;
    }

private:
    bool
    Scalar(std::string text)
    {
        if (m_stack.empty())
        {
            return true;
        }
        JNode n;
        n.kind = JNode::SCALAR;
        n.scalar = std::move(text);
        Attach(std::move(n));
        return true;
    }

    bool
    Open(JNode::Kind k)
    {
        JNode n;
        n.kind = k;
        m_stack.push_back(std::move(n));
        m_pendingKey.emplace_back();
        return true;
    }

    bool
    Close()
    {
        JNode done = std::move(m_stack.back());
        m_stack.pop_back();
        m_pendingKey.pop_back();
        if (m_stack.empty())
        {
            return true; // the top-level array itself
        }
        if (m_stack.size() == 1 && m_stack.back().kind == JNode::ARRAY)
        {
            m_onPacket(std::move(done)); // one packet: hand over, do not keep
            return true;
        }
        Attach(std::move(done));
        return true;
    }

    void
    Attach(JNode&& n)
    {
        JNode& parent = m_stack.back();
        parent.keys.push_back(parent.kind == JNode::OBJECT ? m_pendingKey.back() : std::string());
        parent.children.push_back(std::move(n));
    }

    std::function<void(JNode&&)> m_onPacket;
    std::vector<JNode> m_stack;
    std::vector<std::string> m_pendingKey;
    std::string m_error;
};

// ------------------------------------------------------------------------------------------------
// Child processes (posix_spawn, argument vector, no shell).

struct Child
{
    pid_t pid{-1};
    int outFd{-1};
    std::string errPath;
};

bool
Spawn(const std::vector<std::string>& argv,
      Child& child,
      std::string& error,
      const std::vector<std::string>& extraEnv = {})
{
    char tmpl[] = "/tmp/l2tplab-tshark-XXXXXX";
    int errFd = mkstemp(tmpl);
    if (errFd < 0)
    {
        error = std::string("cannot create a temporary file: ") + std::strerror(errno);
        return false;
    }
    child.errPath = tmpl;
    int pipeFds[2];
    if (pipe(pipeFds) != 0)
    {
        error = std::string("pipe: ") + std::strerror(errno);
        close(errFd);
        unlink(tmpl);
        return false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, errFd, STDERR_FILENO);
    posix_spawn_file_actions_addclose(&fa, pipeFds[0]);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

    std::vector<char*> args;
    for (const auto& a : argv)
    {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    // Environment: the current one, with extraEnv entries added or replacing same-named ones.
    std::vector<std::string> envStore;
    for (char** e = environ; e && *e; ++e)
    {
        std::string cur(*e);
        std::string name = cur.substr(0, cur.find('='));
        bool replaced = std::any_of(extraEnv.begin(), extraEnv.end(),
                                    [&name](const std::string& x)
                                    {
                                        return x.substr(0, x.find('=')) == name;
                                    });
        if (!replaced)
        {
            envStore.push_back(cur);
        }
    }
    envStore.insert(envStore.end(), extraEnv.begin(), extraEnv.end());
    std::vector<char*> envp;
    for (auto& e : envStore)
    {
        envp.push_back(const_cast<char*>(e.c_str()));
    }
    envp.push_back(nullptr);
    int rc = posix_spawnp(&child.pid, args[0], &fa, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(pipeFds[1]);
    close(errFd);
    if (rc != 0)
    {
        close(pipeFds[0]);
        unlink(tmpl);
        child.pid = -1;
        if (rc == ENOENT)
        {
            error = "'" + argv[0] +
                    "' not found: the conformance checker needs tshark (Debian/Ubuntu: apt-get "
                    "install tshark), or set L2TPLAB_TSHARK to its path";
        }
        else
        {
            error = "cannot run '" + argv[0] + "': " + std::strerror(rc);
        }
        return false;
    }
    child.outFd = pipeFds[0];
    return true;
}

/** Wait for the child; returns its exit code (-1 on signal) and its stderr. */
int
Reap(Child& child, std::string& err)
{
    int status = 0;
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    FILE* f = std::fopen(child.errPath.c_str(), "rb");
    if (f)
    {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0)
        {
            err.append(buf, n);
        }
        std::fclose(f);
    }
    unlink(child.errPath.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/** tshark's stderr without its noise ("Running as user root ..."). */
std::string
CleanStderr(const std::string& err)
{
    std::istringstream in(err);
    std::string line;
    std::string out;
    while (std::getline(in, line))
    {
        if (line.find("Running as user") != std::string::npos || line.empty())
        {
            continue;
        }
        out += (out.empty() ? "" : "; ") + line;
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// Helpers

/** True if `protocols` (frame.protocols, "eth:ethertype:ip:icmp:ip:udp:l2tp") has ICMP before
 * L2TP: an ICMP error quoting an L2TP datagram. ICMP after L2TP is a ping inside the tunnel. */
bool
IcmpQuotesL2tp(const std::string& protocols)
{
    const std::string layers = ":" + protocols + ":";
    const size_t l2tp = layers.find(":l2tp:");
    const size_t icmp = layers.find(":icmp");
    return icmp != std::string::npos && (l2tp == std::string::npos || icmp < l2tp);
}

/** tshark's exit on a file that ends inside a frame (WTAP_ERR_SHORT_READ): it printed every
 * frame before the cut first, so those are judged, as the fast engine judges them. */
bool
CutShort(const std::string& stderrText)
{
    return stderrText.find("cut short in the middle of a packet") != std::string::npos;
}

uint16_t
U16(const std::string& s)
{
    uint64_t v = 0;
    return ParseUnsigned(s, v) ? static_cast<uint16_t>(v) : 0;
}

/** "12.345678901" seconds → ns, exactly (no floating point). */
TimeNs
ParseSeconds(const std::string& s)
{
    bool neg = !s.empty() && s[0] == '-';
    size_t i = neg ? 1 : 0;
    TimeNs sec = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
    {
        sec = sec * 10 + (s[i] - '0');
        ++i;
    }
    TimeNs frac = 0;
    int digits = 0;
    if (i < s.size() && s[i] == '.')
    {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 9)
        {
            frac = frac * 10 + (s[i] - '0');
            ++digits;
            ++i;
        }
    }
    while (digits < 9)
    {
        frac *= 10;
        ++digits;
    }
    TimeNs t = sec * kSec + frac;
    return neg ? -t : t;
}

bool
IsRawKey(const std::string& k)
{
    return k.size() > 4 && k.compare(k.size() - 4, 4, "_raw") == 0;
}

/** Collect every leaf field under n (skipping raw twins and expert items), in order. */
void
CollectLeaves(const JNode& n, std::vector<std::pair<FieldName, std::string>>& out)
{
    for (size_t i = 0; i < n.children.size(); ++i)
    {
        const std::string& k = n.keys[i];
        const JNode& c = n.children[i];
        if (IsRawKey(k) || k.rfind("_ws.", 0) == 0)
        {
            continue;
        }
        if (c.kind == JNode::SCALAR)
        {
            out.emplace_back(k, c.scalar);
        }
        else if (c.kind == JNode::OBJECT)
        {
            CollectLeaves(c, out);
        }
        else
        {
            for (const auto& item : c.children)
            {
                if (item.kind == JNode::SCALAR)
                {
                    out.emplace_back(k, item.scalar);
                }
            }
        }
    }
}

/** Find expert errors and malformed markers anywhere under n. */
void
ScanExpert(const JNode& n, bool& malformed, std::vector<std::string>& errors)
{
    for (size_t i = 0; i < n.children.size(); ++i)
    {
        const std::string& k = n.keys[i];
        const JNode& c = n.children[i];
        if (k == "_ws.malformed")
        {
            malformed = true;
        }
        if (k == "_ws.expert" && c.kind == JNode::OBJECT &&
            c.Text("_ws.expert.severity") == kPiError)
        {
            errors.push_back(c.Text("_ws.expert.message"));
        }
        if (c.kind != JNode::SCALAR)
        {
            ScanExpert(c, malformed, errors);
        }
    }
}

/** Offset of an item as `-x` reports it: ["hex", offset, length, bitmask, type]. */
bool
RawOffset(const JNode& parent, const std::string& rawKey, size_t& offset)
{
    const JNode* r = parent.Member(rawKey);
    if (!r || r->kind != JNode::ARRAY || r->children.size() < 2)
    {
        return false;
    }
    uint64_t v = 0;
    if (!ParseUnsigned(r->children[1].scalar, v))
    {
        return false;
    }
    offset = static_cast<size_t>(v);
    return true;
}

int
HexNibble(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

/** Read a 16-bit value at byte offset off of the frame's raw hex. */
bool
RawU16(const std::string& frameHex, size_t off, uint16_t& v)
{
    if ((off + 2) * 2 > frameHex.size())
    {
        return false;
    }
    uint32_t x = 0;
    for (size_t i = 0; i < 4; ++i)
    {
        int h = HexNibble(frameHex[off * 2 + i]);
        if (h < 0)
        {
            return false;
        }
        x = (x << 4) | static_cast<uint32_t>(h);
    }
    v = static_cast<uint16_t>(x);
    return true;
}

/**
 * The hex of the data source a layer was dissected from, as far as the layer reaches: its own
 * `<layer>_raw` bytes placed at their offset (unknown octets before it are 'x', which no read
 * accepts); the frame's hex if the layer has no raw item.
 */
std::string
LayerSourceHex(const JNode& layers, const std::string& rawKey, const std::string& frameHex)
{
    const JNode* r = layers.Member(rawKey);
    size_t off = 0;
    const std::string hex = layers.RawHex(rawKey);
    if (!r || hex.empty() || !RawOffset(layers, rawKey, off))
    {
        return frameHex;
    }
    return std::string(off * 2, 'x') + hex;
}

} // namespace

bool
IsAvpTypeItem(std::string_view f)
{
    return f == "l2tp.avp.vendor_id" || f == "l2tp.avp.type" || f == "l2tp.avp.ciscotype" ||
           f == "l2tp.avp.ericssontype" || f == "l2tp.avp.broadbandtype" ||
           f == "l2tp.avp.cablelabstype";
}

namespace
{

AvpRecord
ParseAvp(const JNode& n, const std::string& frameHex)
{
    AvpRecord a;
    a.mandatory = n.Text("l2tp.avp.mandatory") == "1";
    a.hidden = n.Text("l2tp.avp.hidden") == "1";
    a.length = U16(n.Text("l2tp.avp.length"));
    std::vector<std::pair<FieldName, std::string>> leaves;
    CollectLeaves(n, leaves);
    // Drop the header and type items from `fields`: they are members (the type items are read
    // from the tree below).
    for (auto& f : leaves)
    {
        if (!(f.first == "l2tp.avp.mandatory" || f.first == "l2tp.avp.hidden" ||
              f.first == "l2tp.avp.length" || IsAvpTypeItem(f.first.str())))
        {
            a.fields.push_back(std::move(f));
        }
    }

    // Type from the dissector when it printed one.
    if (const JNode* v = n.Member("l2tp.avp.vendor_id"))
    {
        a.vendor = U16(v->scalar);
    }
    static const char* kTypeFields[] = {"l2tp.avp.type", "l2tp.avp.ciscotype",
                                        "l2tp.avp.ericssontype", "l2tp.avp.broadbandtype",
                                        "l2tp.avp.cablelabstype"};
    for (const char* tf : kTypeFields)
    {
        if (const JNode* t = n.Member(tf))
        {
            a.type = U16(t->scalar);
            a.typeKnown = true;
            break;
        }
    }

    // Raw AVP header at the offset of the M bit item: needed for hidden AVPs (tshark prints no
    // type for them) and for the reserved bits (tshark has no field for them). Accepted only if
    // the Length there equals the dissector's, so a reassembled or shifted buffer is never misread.
    size_t off = 0;
    uint16_t word = 0;
    if (RawOffset(n, "l2tp.avp.mandatory_raw", off) && RawU16(frameHex, off, word) &&
        (word & 0x03FF) == a.length)
    {
        a.rawHeaderKnown = true;
        a.rawFlagsWord = word;
        uint16_t vendor = 0;
        uint16_t type = 0;
        if (!a.typeKnown && RawU16(frameHex, off + 2, vendor) && RawU16(frameHex, off + 4, type) &&
            a.length >= 6)
        {
            a.vendor = vendor;
            a.type = type;
            a.typeKnown = true;
        }
    }
    return a;
}

bool
IsAvpSubtree(const JNode& n)
{
    return n.kind == JNode::OBJECT && n.Member("l2tp.avp.mandatory") != nullptr;
}

/** One l2tp layer → record (endpoints filled by the caller). */
L2tpRecord
ParseL2tpLayer(const JNode& l2tp, const std::string& frameHex)
{
    L2tpRecord r;
    r.flags = U16(l2tp.Text("l2tp.flags"));
    const JNode* ft = l2tp.Member("l2tp.flags_tree");
    const JNode& f = ft ? *ft : l2tp;
    r.isControl = f.Text("l2tp.type") == "1";
    r.lengthBit = f.Text("l2tp.length_bit") == "1";
    r.seqBit = f.Text("l2tp.seq_bit") == "1";
    r.offsetBit = f.Text("l2tp.offset_bit") == "1";
    r.priorityBit = f.Text("l2tp.priority") == "1";
    r.version = static_cast<uint8_t>(U16(f.Text("l2tp.version")));
    if (const JNode* l = l2tp.Member("l2tp.length"))
    {
        r.hasLength = true;
        r.length = U16(l->scalar);
    }
    r.tunnelId = U16(l2tp.Text("l2tp.tunnel"));
    r.sessionId = U16(l2tp.Text("l2tp.session"));
    if (l2tp.Member("l2tp.Ns"))
    {
        r.hasSequence = true;
        r.ns = U16(l2tp.Text("l2tp.Ns"));
        r.nr = U16(l2tp.Text("l2tp.Nr"));
    }
    if (r.isControl)
    {
        for (const auto& c : l2tp.children)
        {
            if (IsAvpSubtree(c))
            {
                r.avps.push_back(ParseAvp(c, frameHex));
                const AvpRecord& a = r.avps.back();
                if (!r.hasMessageType && a.IsIetf(0) && a.Has("l2tp.avp.message_type"))
                {
                    r.hasMessageType = true;
                    r.messageType = U16(a.Get("l2tp.avp.message_type"));
                }
            }
        }
    }
    return r;
}

/** Environment for tshark: WIRESHARK_CONFIG_DIR when key files are given. */
std::vector<std::string>
ToolEnv(const ExtractOptions& opts)
{
    if (opts.wiresharkConfigDir.empty())
    {
        return {};
    }
    return {"WIRESHARK_CONFIG_DIR=" + opts.wiresharkConfigDir};
}

std::vector<std::string>
BaseArgs(const std::string& tshark,
         const std::string& pcap,
         const ExtractOptions& opts,
         const std::set<uint16_t>& ports)
{
    std::vector<std::string> a{tshark, "-n", "-r", pcap};
    for (uint16_t p : ports)
    {
        a.push_back("-d");
        a.push_back("udp.port==" + std::to_string(p) + ",l2tp");
    }
    if (!opts.sharedSecret.empty())
    {
        a.push_back("-o");
        a.push_back("l2tp.shared_secret:" + opts.sharedSecret);
    }
    if (!opts.wiresharkConfigDir.empty())
    {
        // Key files alone (esp_sa, ikev1_decryption_table, as a run or strongSwan's log gives
        // them) are enough: ESP decryption is off in tshark's defaults, so switch it on here
        // rather than demand a `preferences` file in the key directory.
        a.push_back("-o");
        a.push_back("esp.enable_encryption_decode:TRUE");
    }
    return a;
}

/** One port-learning pass: source and destination of every message tshark decodes as L2TP with
 * these ports (rows in frame order). */
bool
DecodedRows(const std::string& tshark,
            const std::string& pcap,
            const ExtractOptions& opts,
            const std::set<uint16_t>& ports,
            std::vector<L2tpEndpointRow>& rows,
            std::string& error)
{
    std::vector<std::string> a = BaseArgs(tshark, pcap, opts, ports);
    for (const char* x :
         {"-T", "fields",      "-E", "separator=/t",    "-E", "occurrence=f", "-e", "ip.src",
          "-e", "ipv6.src",    "-e", "udp.srcport",     "-e", "ip.dst",       "-e", "ipv6.dst",
          "-e", "udp.dstport", "-e", "frame.protocols", "-Y", "l2tp"})
    {
        a.push_back(x);
    }
    ProcessResult pr = RunProcess(a, ToolEnv(opts));
    if (!pr.started)
    {
        error = pr.err;
        return false;
    }
    if (pr.exitCode != 0 && !CutShort(pr.err))
    {
        error = "tshark failed on '" + pcap + "': " + CleanStderr(pr.err);
        return false;
    }
    std::istringstream in(pr.out);
    std::string line;
    while (std::getline(in, line))
    {
        std::vector<std::string> col;
        std::string cell;
        std::istringstream ls(line);
        while (std::getline(ls, cell, '\t'))
        {
            col.push_back(cell);
        }
        col.resize(7);
        if (IcmpQuotesL2tp(col[6]))
        {
            continue; // an ICMP error quoting an L2TP datagram teaches no port
        }
        L2tpEndpoint s{col[0].empty() ? col[1] : col[0], U16(col[2])};
        L2tpEndpoint d{col[3].empty() ? col[4] : col[3], U16(col[5])};
        if (!s.ip.empty() && !d.ip.empty())
        {
            rows.emplace_back(s, d);
        }
    }
    return true;
}

/** The tshark to run: ExtractOptions::tshark, else $L2TPLAB_TSHARK, else "tshark". */
std::string
TsharkProgram(const ExtractOptions& opts)
{
    if (!opts.tshark.empty())
    {
        return opts.tshark;
    }
    const char* env = std::getenv("L2TPLAB_TSHARK");
    return (env && *env) ? env : "tshark";
}

/** First line of `tshark --version`, once per executable per process (it also proves tshark can
 * be started). */
bool
TsharkVersion(const std::string& tshark, std::string& version, std::string& error)
{
    static std::mutex versionMutex;
    static std::map<std::string, std::string> versionCache;
    std::lock_guard<std::mutex> lock(versionMutex);
    auto it = versionCache.find(tshark);
    if (it == versionCache.end())
    {
        ProcessResult ver = RunProcess({tshark, "--version"});
        if (!ver.started)
        {
            error = ver.err;
            return false;
        }
        it = versionCache.emplace(tshark, ver.out.substr(0, ver.out.find('\n'))).first;
    }
    version = it->second;
    return true;
}

/** The key directory (ExtractOptions::wiresharkConfigDir), if given, must be a directory. */
bool
KeyDirectoryOk(const ExtractOptions& opts, std::string& error)
{
    if (opts.wiresharkConfigDir.empty())
    {
        return true;
    }
    struct stat cst;
    if (stat(opts.wiresharkConfigDir.c_str(), &cst) != 0 || !S_ISDIR(cst.st_mode))
    {
        error = "key directory '" + opts.wiresharkConfigDir + "' is not a readable directory";
        return false;
    }
    return true;
}

/** The arguments of the dissection-tree pass (`-T json -x`, the layers the records need). */
std::vector<std::string>
TreeArgs(const std::string& tshark,
         const std::string& pcap,
         const ExtractOptions& opts,
         const std::set<uint16_t>& ports)
{
    std::vector<std::string> a = BaseArgs(tshark, pcap, opts, ports);
    for (const char* x :
         {"-T", "json", "-x", "-J",
          "frame eth pppoes ip ipv6 udp l2tp ppp lcp pap chap ipcp ipv6cp bcp_ncp ccp mplscp "
          "mp esp isakmp udpencap _ws.malformed _ws.expert",
          "-Y", "l2tp || ppp || esp || isakmp || udpencap || udp.port == 4500"})
    {
        a.push_back(x);
    }
    return a;
}

/** Feed the child's standard output to the SAX reader (closes it). \return false on a JSON
 * error. An empty output (no frame matched) is not JSON and is accepted. */
bool
ParseTsharkJson(Child& child, PacketSax& sax)
{
    FILE* in = fdopen(child.outFd, "rb");
    if (!in)
    {
        close(child.outFd);
        return true;
    }
    bool parsed = true;
    int c = std::fgetc(in);
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t')
    {
        c = std::fgetc(in);
    }
    if (c != EOF)
    {
        std::ungetc(c, in);
        parsed = nlohmann::json::sax_parse(in, &sax);
    }
    std::fclose(in);
    return parsed;
}

// ------------------------------------------------------------------------------------------------
// One packet of the `-T json` output: its layers, outermost first, become records.

/**
 * \brief Walks the layers of one frame in dissection order. Each protocol layer that starts a
 * record has a handler (kLayerHandlers); a layer no handler takes may complete the PPP record the
 * previous layer opened (LCP, IPCP, MP, ... after "ppp"). Layers after an ICMP(v6) layer are a
 * quoted datagram and are skipped.
 */
class FrameWalker
{
public:
    FrameWalker(const JNode& layers,
                const JNode& frame,
                const L2tpPortLearner& learner,
                L2tpVersionSieve& sieve,
                RecordSet& out)
        : m_layers(layers)
        , m_learner(learner)
        , m_sieve(sieve)
        , m_out(out)
    {
        m_protocols = frame.Text("frame.protocols");
        uint64_t frameNo = 0;
        ParseUnsigned(frame.Text("frame.number"), frameNo);
        m_frame = static_cast<uint32_t>(frameNo);
        m_time = ParseSeconds(frame.Text("frame.time_relative"));
        m_truncated = frame.Text("frame.len") != frame.Text("frame.cap_len");
        m_frameHex = layers.RawHex("frame_raw");
        bool malformed = false;
        ScanExpert(layers, malformed, m_expert);
        m_bad = malformed || !m_expert.empty();
    }

    void
    Run()
    {
        for (size_t i = 0; i < m_layers.children.size(); ++i)
        {
            const std::string& k = m_layers.keys[i];
            const JNode& L = m_layers.children[i];
            m_afterIcmp = m_afterIcmp || k == "icmp" || k == "icmpv6";
            if (!m_afterIcmp && !Dispatch(k, L))
            {
                CompletePpp(k, L);
            }
        }
    }

private:
    /** A layer handler; false if it does not take this layer (CompletePpp may). */
    using Handler = bool (FrameWalker::*)(const JNode&);

    /** Which layer starts what (tshark layer key → handler). */
    struct LayerHandler
    {
        const char* key; //!< tshark layer name
        Handler handler; //!< what it does
    };

    bool
    Dispatch(const std::string& k, const JNode& L)
    {
        static const LayerHandler kLayerHandlers[] = {
            {"ip", &FrameWalker::Ip},     {"ipv6", &FrameWalker::Ipv6},
            {"udp", &FrameWalker::Udp},   {"udpencap", &FrameWalker::UdpEncap},
            {"esp", &FrameWalker::Esp},   {"isakmp", &FrameWalker::Isakmp},
            {"l2tp", &FrameWalker::L2tp}, {"ppp", &FrameWalker::Ppp},
            {"eth", &FrameWalker::Eth},   {"pppoes", &FrameWalker::Pppoes},
        };
        for (const LayerHandler& h : kLayerHandlers)
        {
            if (k == h.key)
            {
                return (this->*h.handler)(L);
            }
        }
        return false;
    }

    /** Ethernet addresses: they name the ends of a PPPoE link (PPP with no IP layer before it). */
    bool
    Eth(const JNode& L)
    {
        m_ethSrc = L.Text("eth.src");
        m_ethDst = L.Text("eth.dst");
        return true;
    }

    /** PPPoE session stage (RFC 2516 §5.4): the SESSION_ID of the PPP that follows. */
    bool
    Pppoes(const JNode& L)
    {
        m_pppoe = true;
        m_pppoeSession = U16(L.Text("pppoe.session_id"));
        return true;
    }

    bool
    Ip(const JNode& L)
    {
        m_ipSrc = L.Text("ip.src");
        m_ipDst = L.Text("ip.dst");
        m_ipV6 = false;
        return true;
    }

    bool
    Ipv6(const JNode& L)
    {
        m_ipSrc = L.Text("ipv6.src");
        m_ipDst = L.Text("ipv6.dst");
        m_ipV6 = true;
        return true;
    }

    bool
    Udp(const JNode& L)
    {
        m_sport = U16(L.Text("udp.srcport"));
        m_dport = U16(L.Text("udp.dstport"));
        m_udpLength = U16(L.Text("udp.length"));
        m_inUdpEncap = false;
        m_nonEspMarker = false;
        if (!m_outerUdpSeen && (m_sport == 4500 || m_dport == 4500))
        {
            AddNattRecord(L);
        }
        m_outerUdpSeen = true;
        return true;
    }

    /** Port-4500 datagram: the outer UDP header is in the frame's own bytes. */
    void
    AddNattRecord(const JNode& udp)
    {
        NattRecord n;
        n.frame = m_frame;
        n.time = m_time;
        n.srcIp = m_ipSrc;
        n.dstIp = m_ipDst;
        n.srcPort = m_sport;
        n.dstPort = m_dport;
        n.isIpv6 = m_ipV6;
        n.udpLength = U16(udp.Text("udp.length"));
        n.udpChecksum = U16(udp.Text("udp.checksum"));
        size_t off = 0;
        if (RawOffset(m_layers, "udp_raw", off))
        {
            size_t from = (off + 8) * 2;
            size_t want = std::min<size_t>(16, n.PayloadLength());
            if (from < m_frameHex.size())
            {
                n.head = HexToBytes(m_frameHex.substr(from, want * 2));
            }
        }
        n.kind = UdpEncapKind::OTHER;
        m_out.natt.push_back(std::move(n));
    }

    /** The NAT-T record of this frame, or nullptr. */
    NattRecord*
    ThisFrameNatt()
    {
        return !m_out.natt.empty() && m_out.natt.back().frame == m_frame ? &m_out.natt.back()
                                                                         : nullptr;
    }

    bool
    UdpEncap(const JNode& L)
    {
        m_inUdpEncap = true;
        NattRecord* n = ThisFrameNatt();
        if (L.kind == JNode::OBJECT && L.Member("udpencap.nat_keepalive"))
        {
            if (n)
            {
                n->kind = UdpEncapKind::NAT_KEEPALIVE;
            }
        }
        else if (L.kind == JNode::OBJECT && L.Member("udpencap.non_esp_marker"))
        {
            m_nonEspMarker = true;
            if (n)
            {
                n->kind = UdpEncapKind::NON_ESP_MARKER;
            }
        }
        return true;
    }

    bool
    Esp(const JNode& L)
    {
        if (L.kind != JNode::OBJECT)
        {
            return false;
        }
        EspRecord e;
        e.frame = m_frame;
        e.time = m_time;
        e.srcIp = m_ipSrc;
        e.dstIp = m_ipDst;
        e.udpEncapsulated = m_inUdpEncap;
        if (m_inUdpEncap)
        {
            e.srcPort = m_sport;
            e.dstPort = m_dport;
            NattRecord* n = ThisFrameNatt();
            if (n && n->kind == UdpEncapKind::OTHER)
            {
                n->kind = UdpEncapKind::ESP;
            }
        }
        e.malformed = m_bad;
        FillEspRecord(L, e);
        m_out.esp.push_back(std::move(e));
        m_inUdpEncap = false;
        return true;
    }

    bool
    Isakmp(const JNode& L)
    {
        if (L.kind != JNode::OBJECT)
        {
            return false;
        }
        IkeRecord r;
        r.frame = m_frame;
        r.time = m_time;
        r.srcIp = m_ipSrc;
        r.dstIp = m_ipDst;
        r.srcPort = m_sport;
        r.dstPort = m_dport;
        r.nonEspMarker = m_nonEspMarker;
        r.malformed = m_bad;
        FillIkeRecord(L, r);
        m_out.ike.push_back(std::move(r));
        return true;
    }

    bool
    L2tp(const JNode& L)
    {
        if (L.kind != JNode::OBJECT || !L.Member("l2tp.flags"))
        {
            return false;
        }
        if (m_protocols.find("icmp") != std::string::npos &&
            m_protocols.find("icmp") < m_protocols.find("l2tp"))
        {
            return true; // an ICMP error quoting an L2TP datagram is not an L2TP message
        }
        // The offsets `-x` prints are into the data source the layer was dissected from: the
        // frame, or ESP's decrypted data (--keys). The layer's own bytes at its own offset are
        // right in both cases; the frame's bytes at a decrypted offset are ciphertext.
        L2tpRecord r = ParseL2tpLayer(L, LayerSourceHex(m_layers, "l2tp_raw", m_frameHex));
        r.frame = m_frame;
        r.time = m_time;
        r.srcIp = m_ipSrc;
        r.dstIp = m_ipDst;
        r.srcPort = m_sport;
        r.dstPort = m_dport;
        r.udpLength = m_udpLength;
        r.malformed = m_bad;
        r.expertErrors = m_expert;
        if (!m_learner.Keep(r))
        {
            return true; // shares a learned port number only: not L2TP
        }
        if (!m_sieve.Keep(r))
        {
            return true; // L2TPv3 (RFC 3931): counted, not judged by RFC 2661
        }
        m_l2tpData = !r.isControl;
        m_l2tpTid = r.tunnelId;
        m_l2tpSid = r.sessionId;
        r.IndexAvps();
        m_out.records.push_back(std::move(r));
        m_l2tpDataIndex = m_l2tpData ? static_cast<int>(m_out.records.size() - 1) : -1;
        return true;
    }

    bool
    Ppp(const JNode& L)
    {
        if (L.kind != JNode::OBJECT)
        {
            return false;
        }
        PppRecord r;
        r.frame = m_frame;
        r.time = m_time;
        r.srcIp = m_ipSrc;
        r.dstIp = m_ipDst;
        r.srcPort = m_sport;
        r.dstPort = m_dport;
        r.inL2tp = m_l2tpData;
        r.l2tpIndex = m_l2tpDataIndex;
        r.l2tpTunnelId = m_l2tpTid;
        r.l2tpSessionId = m_l2tpSid;
        r.insideMp = m_afterMp;
        if (m_ipSrc.empty() && m_ipDst.empty())
        {
            r.srcLink = m_ethSrc; // PPPoE: the link's ends are Ethernet addresses
            r.dstLink = m_ethDst;
            r.inPppoe = m_pppoe;
            r.pppoeSession = m_pppoeSession;
        }
        r.frameTruncated = m_truncated;
        r.malformed = m_bad;
        r.expertErrors = m_expert;
        FillPppRecordFromLayer("ppp", L, m_layers.RawHex("ppp_raw"), r);
        m_out.ppp.push_back(std::move(r));
        m_ppp = &m_out.ppp.back();
        return true;
    }

    /** The layer after "ppp" (LCP, PAP, IPCP, MP, ...) completes the PPP record it opened. */
    void
    CompletePpp(const std::string& k, const JNode& L)
    {
        if (m_ppp && L.kind == JNode::OBJECT &&
            FillPppRecordFromLayer(k, L, m_layers.RawHex(k + "_raw"), *m_ppp))
        {
            m_afterMp = m_afterMp || k == "mp";
            m_ppp = nullptr;
        }
    }

    const JNode& m_layers;
    const L2tpPortLearner& m_learner;
    L2tpVersionSieve& m_sieve;
    RecordSet& m_out;
    // the frame
    std::string m_protocols;           //!< frame.protocols
    uint32_t m_frame{0};               //!< frame number
    TimeNs m_time{0};                  //!< frame.time_relative
    bool m_truncated{false};           //!< captured shorter than on the wire
    std::string m_frameHex;            //!< the frame's bytes (hex)
    std::vector<std::string> m_expert; //!< expert errors of the frame
    bool m_bad{false};                 //!< malformed or with an expert error
    // the walk so far
    std::string m_ethSrc;       //!< latest Ethernet source so far
    std::string m_ethDst;       //!< latest Ethernet destination so far
    bool m_pppoe{false};        //!< a PPPoE session header was seen
    uint16_t m_pppoeSession{0}; //!< its SESSION_ID
    std::string m_ipSrc;        //!< innermost IP source so far
    std::string m_ipDst;        //!< innermost IP destination so far
    bool m_ipV6{false};         //!< that IP layer is IPv6
    uint16_t m_sport{0};        //!< innermost UDP source port so far
    uint16_t m_dport{0};        //!< innermost UDP destination port so far
    uint16_t m_udpLength{0};    //!< innermost UDP Length field so far
    bool m_afterIcmp{false};    //!< later layers are a quoted datagram
    bool m_nonEspMarker{false}; //!< the udpencap layer saw a non-ESP marker
    bool m_inUdpEncap{false};   //!< ESP follows a udpencap layer
    bool m_outerUdpSeen{false}; //!< the outermost UDP layer was seen
    int m_l2tpDataIndex{-1};    //!< index in m_out.records of this frame's L2TP data message
    bool m_l2tpData{false};     //!< an L2TP data message was dissected (kept or not)
    uint16_t m_l2tpTid{0};      //!< its Tunnel ID
    uint16_t m_l2tpSid{0};      //!< its Session ID
    bool m_afterMp{false};      //!< an MP header was seen: later PPP is inside MP
    PppRecord* m_ppp{nullptr};  //!< PPP record being completed by the next layer
};

/** One element of tshark's top-level array: its records go to `out`. */
void
WalkPacket(const JNode& pkt,
           const L2tpPortLearner& learner,
           L2tpVersionSieve& sieve,
           RecordSet& out)
{
    const JNode* source = pkt.Member("_source");
    const JNode* layers = source ? source->Member("layers") : nullptr;
    const JNode* frame = layers ? layers->Member("frame") : nullptr;
    if (frame)
    {
        FrameWalker(*layers, *frame, learner, sieve, out).Run();
    }
}

std::string
FormatEndpoint(const std::string& ip, uint16_t port)
{
    if (ip.find(':') != std::string::npos)
    {
        return "[" + ip + "]:" + std::to_string(port);
    }
    return ip + ":" + std::to_string(port);
}

} // namespace

// ------------------------------------------------------------------------------------------------

const TsharkNode*
TsharkNode::Member(const std::string& k) const
{
    for (size_t i = 0; i < keys.size(); ++i)
    {
        if (keys[i] == k)
        {
            return &children[i];
        }
    }
    return nullptr;
}

std::string
TsharkNode::Text(const std::string& k) const
{
    const TsharkNode* n = Member(k);
    return (n && n->kind == SCALAR) ? n->scalar : std::string();
}

std::string
TsharkNode::RawHex(const std::string& rawKey) const
{
    const TsharkNode* r = Member(rawKey);
    if (!r || r->kind != ARRAY || r->children.empty() || r->children[0].kind != SCALAR)
    {
        return "";
    }
    return r->children[0].scalar;
}

std::string
TsharkNode::Find(const std::string& k) const
{
    for (size_t i = 0; i < children.size(); ++i)
    {
        if (keys[i] == k && children[i].kind == SCALAR)
        {
            return children[i].scalar;
        }
    }
    for (const auto& c : children)
    {
        if (c.kind != SCALAR)
        {
            std::string v = c.Find(k);
            if (!v.empty())
            {
                return v;
            }
        }
    }
    return "";
}

const std::string*
AvpRecord::Value(std::string_view field) const
{
    for (const auto& f : fields)
    {
        if (f.first == field)
        {
            return &f.second;
        }
    }
    return nullptr;
}

std::string
AvpRecord::Get(std::string_view field) const
{
    const std::string* v = Value(field);
    return v ? *v : std::string();
}

bool
AvpRecord::Has(std::string_view field) const
{
    return Value(field) != nullptr;
}

std::string
L2tpRecord::Src() const
{
    return FormatEndpoint(srcIp, srcPort);
}

std::string
L2tpRecord::Dst() const
{
    return FormatEndpoint(dstIp, dstPort);
}

std::string
L2tpRecord::TypeName() const
{
    if (!isControl)
    {
        return "DATA";
    }
    if (IsZlb())
    {
        return "ZLB";
    }
    if (!hasMessageType)
    {
        return "NoMessageType";
    }
    return L2tpMessageTypeName(messageType);
}

L2tpVersionSieve::Flow
L2tpVersionSieve::Of(const L2tpRecord& r)
{
    const void* src = r.srcIp.Key();
    const void* dst = r.dstIp.Key();
    const bool srcLow =
        std::less<const void*>()(src, dst) || (src == dst && r.srcPort <= r.dstPort);
    Flow f;
    f.a = srcLow ? src : dst;
    f.b = srcLow ? dst : src;
    f.ports =
        srcLow ? (uint32_t{r.srcPort} << 16 | r.dstPort) : (uint32_t{r.dstPort} << 16 | r.srcPort);
    return f;
}

size_t
L2tpVersionSieve::FlowHash::operator()(const Flow& f) const
{
    const size_t a = std::hash<const void*>()(f.a);
    const size_t b = std::hash<const void*>()(f.b);
    return a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2)) ^ (size_t{f.ports} * 0x9e3779b1u);
}

bool
L2tpVersionSieve::Keep(const L2tpRecord& r)
{
    if (r.version == 2)
    {
        if (r.isControl)
        {
            const Flow f = Of(r);
            if (!(f == m_last))
            {
                m_v2.insert(f);
                m_last = f;
            }
        }
        return true;
    }
    if (r.version != 3 || m_v2.count(Of(r)) > 0)
    {
        return true;
    }
    ++m_dropped;
    return false;
}

// Record vectors grow by moving their records; a copy would drop the AVP index (AvpTypeIndex).
static_assert(std::is_nothrow_move_constructible<L2tpRecord>::value,
              "L2tpRecord must move without throwing");

void
AvpTypeIndex::Build(const std::vector<AvpRecord>& avps)
{
    m_mask = 0;
    for (const AvpRecord& a : avps)
    {
        if (a.typeKnown && a.vendor == 0 && a.type < 64)
        {
            m_mask |= uint64_t{1} << a.type;
        }
    }
    m_data = avps.data();
    m_count = avps.size();
}

const AvpRecord*
L2tpRecord::Find(uint16_t ietfType) const
{
    if (!avpIndex.MayHold(avps, ietfType))
    {
        return nullptr;
    }
    for (const auto& a : avps)
    {
        if (a.IsIetf(ietfType))
        {
            return &a;
        }
    }
    return nullptr;
}

size_t
L2tpRecord::Count(uint16_t ietfType) const
{
    if (!avpIndex.MayHold(avps, ietfType))
    {
        return 0;
    }
    return static_cast<size_t>(std::count_if(avps.begin(), avps.end(),
                                             [ietfType](const AvpRecord& a)
                                             {
                                                 return a.IsIetf(ietfType);
                                             }));
}

bool
L2tpRecord::GetUint(uint16_t ietfType, std::string_view field, uint64_t& v) const
{
    const AvpRecord* a = Find(ietfType);
    if (!a || a->hidden)
    {
        return false;
    }
    const std::string* text = a->Value(field);
    return text && ParseUnsigned(*text, v);
}

bool
L2tpRecord::GetU16(uint16_t ietfType, std::string_view field, uint16_t& v) const
{
    uint64_t x = 0;
    if (!GetUint(ietfType, field, x))
    {
        return false;
    }
    v = static_cast<uint16_t>(x);
    return true;
}

std::string
L2tpMessageTypeName(uint16_t type)
{
    static const std::map<uint16_t, const char*> kNames = {
        {1, "SCCRQ"}, {2, "SCCRP"}, {3, "SCCCN"}, {4, "StopCCN"}, {6, "HELLO"},
        {7, "OCRQ"},  {8, "OCRP"},  {9, "OCCN"},  {10, "ICRQ"},   {11, "ICRP"},
        {12, "ICCN"}, {14, "CDN"},  {15, "WEN"},  {16, "SLI"},
    };
    auto it = kNames.find(type);
    return it == kNames.end() ? "Unknown(" + std::to_string(type) + ")" : it->second;
}

ProcessResult
RunProcess(const std::vector<std::string>& argv)
{
    return RunProcess(argv, {});
}

ProcessResult
RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv)
{
    ProcessResult r;
    Child child;
    std::string error;
    if (argv.empty() || !Spawn(argv, child, error, extraEnv))
    {
        r.err = argv.empty() ? "no program" : error;
        return r;
    }
    r.started = true;
    char buf[65536];
    ssize_t n;
    while ((n = read(child.outFd, buf, sizeof(buf))) != 0)
    {
        if (n < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            break;
        }
        r.out.append(buf, static_cast<size_t>(n));
    }
    close(child.outFd);
    r.exitCode = Reap(child, r.err);
    return r;
}

bool
CaptureIsReadableFile(const std::string& pcap, std::string& error)
{
    struct stat st;
    if (stat(pcap.c_str(), &st) != 0)
    {
        error = "cannot read capture '" + pcap + "': " + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode))
    {
        error = "cannot read capture '" + pcap + "': not a regular file";
        return false;
    }
    return true;
}

bool
ExtractL2tpRecords(const std::string& pcap,
                   const ExtractOptions& opts,
                   RecordSet& out,
                   std::string& error)
{
    out = RecordSet();
    out.pcap = pcap;
    std::string tshark = TsharkProgram(opts);
    if (!CaptureIsReadableFile(pcap, error) || !TsharkVersion(tshark, out.tsharkVersion, error))
    {
        return false;
    }

    L2tpPortLearner learner(opts.extraPorts);
    if (!learner.Run(opts,
                     [&](const std::set<uint16_t>& ports, std::vector<L2tpEndpointRow>& rows)
                     {
                         return DecodedRows(tshark, pcap, opts, ports, rows, error);
                     }))
    {
        return false;
    }
    const std::set<uint16_t>& ports = learner.Ports();
    out.forcedPorts.assign(ports.begin(), ports.end());
    if (!KeyDirectoryOk(opts, error))
    {
        return false;
    }
    Child child;
    if (!Spawn(TreeArgs(tshark, pcap, opts, ports), child, error, ToolEnv(opts)))
    {
        return false;
    }
    L2tpVersionSieve sieve;
    PacketSax sax(
        [&](JNode&& pkt)
        {
            WalkPacket(pkt, learner, sieve, out);
        });
    bool parsed = ParseTsharkJson(child, sax);
    out.l2tpv3Udp = sieve.Dropped();
    std::string err;
    int rc = Reap(child, err);
    if (!parsed)
    {
        error = sax.Error().empty() ? "cannot parse tshark output" : sax.Error();
        return false;
    }
    if (rc != 0 && !CutShort(err))
    {
        error = "tshark failed on '" + pcap + "': " + CleanStderr(err);
        return false;
    }
    if (rc != 0)
    {
        out.cutShort = CleanStderr(err); // the frames before the cut were printed: judge them
    }
    std::stable_sort(out.records.begin(), out.records.end(),
                     [](const L2tpRecord& x, const L2tpRecord& y)
                     {
                         return x.frame < y.frame;
                     });
    // tshark prints frames in order, so the other kinds are in frame order already (and
    // PppRecord::l2tpIndex stays valid: the stable sort above does not move anything then).
    return true;
}

} // namespace ns3
