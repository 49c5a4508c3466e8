#include "model/common/events.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <stdexcept>

namespace ns3
{

namespace
{

/** \brief Interned counter names (a few hundred per process). */
struct CounterNames
{
    std::mutex lock;
    std::map<std::string, uint32_t, std::less<>> ids;
    std::deque<std::string> names; //!< by id; a deque never moves its elements
};

CounterNames&
Names()
{
    static CounterNames n;
    return n;
}

} // namespace

namespace
{

/** \brief The id of `name`, interning it if `intern`; UINT32_MAX if unknown and not interned. */
uint32_t
NameId(const std::string& name, bool intern)
{
    CounterNames& n = Names();
    std::lock_guard<std::mutex> g(n.lock);
    auto it = n.ids.find(name);
    if (it != n.ids.end())
    {
        return it->second;
    }
    if (!intern)
    {
        return UINT32_MAX;
    }
    const uint32_t id = static_cast<uint32_t>(n.names.size());
    n.names.push_back(name);
    n.ids.emplace(name, id);
    return id;
}

} // namespace

uint32_t
CounterNameId(const std::string& name)
{
    return NameId(name, true);
}

const std::string&
CounterName(uint32_t id)
{
    CounterNames& n = Names();
    std::lock_guard<std::mutex> g(n.lock);
    return n.names.at(id);
}

namespace
{

/** \brief Where `id` is or would go in a by-id sorted (id, value) vector (const or not). */
template <typename Vector>
auto
SlotIn(Vector& v, uint32_t id)
{
    return std::lower_bound(v.begin(), v.end(), id,
                            [](const std::pair<uint32_t, uint64_t>& a, uint32_t b)
                            {
                                return a.first < b;
                            });
}

} // namespace

void
Counters::AddId(uint32_t id, uint64_t n)
{
    auto it = SlotIn(m_values, id);
    if (it != m_values.end() && it->first == id)
    {
        it->second += n;
    }
    else
    {
        m_values.insert(it, {id, n});
    }
}

void
Counters::Add(const std::string& name, uint64_t n)
{
    AddId(CounterNameId(name), n);
}

uint64_t
Counters::Get(const std::string& name) const
{
    const uint32_t id = NameId(name, false);
    auto it = SlotIn(m_values, id);
    return it != m_values.end() && it->first == id ? it->second : 0;
}

std::map<std::string, uint64_t>
Counters::All() const
{
    std::map<std::string, uint64_t> out;
    for (const auto& [id, v] : m_values)
    {
        out[CounterName(id)] += v;
    }
    return out;
}

void
Counters::Merge(const Counters& o)
{
    for (const auto& [id, v] : o.m_values)
    {
        AddId(id, v);
    }
}

void
EventLog::Emit(const LabEvent& e)
{
    m_records.push_back(Record{e.time, m_strings.Intern(e.node), m_strings.Intern(e.object),
                               m_strings.Intern(e.kind), static_cast<uint32_t>(m_fields.size())});
    for (const auto& [key, value] : e.fields)
    {
        m_fields.push_back(Field{m_strings.Intern(key), m_strings.Intern(value)});
    }
}

size_t
EventLog::Size() const
{
    return m_records.size();
}

LabEvent
EventLog::At(size_t i) const
{
    if (i >= m_records.size())
    {
        throw std::out_of_range("EventLog::At");
    }
    const Record r = m_records.Get(i);
    const size_t end = i + 1 < m_records.size() ? m_records.Get(i + 1).firstField : m_fields.size();
    LabEvent e;
    e.time = r.time;
    e.node = m_strings.Get(r.node);
    e.object = m_strings.Get(r.object);
    e.kind = m_strings.Get(r.kind);
    e.fields.reserve(end - r.firstField);
    for (size_t f = r.firstField; f < end; ++f)
    {
        const Field fd = m_fields.Get(f);
        e.fields.emplace_back(m_strings.Get(fd.key), m_strings.Get(fd.value));
    }
    return e;
}

std::vector<LabEvent>
EventLog::Events() const
{
    std::vector<LabEvent> out;
    out.reserve(m_records.size());
    for (size_t i = 0; i < m_records.size(); ++i)
    {
        out.push_back(At(i));
    }
    return out;
}

void
EventLog::Clear()
{
    m_records.clear();
    m_fields.clear();
    m_strings.clear();
}

std::string
JsonQuote(const std::string& s)
{
    std::string o = "\"";
    for (unsigned char c : s)
    {
        switch (c)
        {
        case '"':
            o += "\\\"";
            break;
        case '\\':
            o += "\\\\";
            break;
        case '\n':
            o += "\\n";
            break;
        case '\r':
            o += "\\r";
            break;
        case '\t':
            o += "\\t";
            break;
        default:
            if (c < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                o += buf;
            }
            else
            {
                o.push_back(static_cast<char>(c));
            }
        }
    }
    o += "\"";
    return o;
}

std::string
EventToJson(const LabEvent& e)
{
    char t[64];
    std::snprintf(t, sizeof(t), "%lld.%09lld", static_cast<long long>(e.time / kSec),
                  static_cast<long long>(e.time % kSec));
    std::string o = "{\"t\":";
    o += t;
    o += ",\"node\":" + JsonQuote(e.node);
    o += ",\"obj\":" + JsonQuote(e.object);
    o += ",\"ev\":" + JsonQuote(e.kind);
    for (const auto& kv : e.fields)
    {
        o += "," + JsonQuote(kv.first) + ":" + JsonQuote(kv.second);
    }
    o += "}";
    return o;
}

} // namespace ns3
