#include "conformance/interned-text.h"

#include <memory>
#include <mutex>
#include <unordered_map>

namespace ns3
{

namespace
{

/** The interned names, keyed by views of their own text (a lookup builds no string). Each text
 * lives in its own allocation, so its address never changes. Never shrinks. */
struct NameTable
{
    std::mutex lock;
    std::unordered_map<std::string_view, std::unique_ptr<const std::string>> names;
};

NameTable&
Table()
{
    // Leaked on purpose: InternedTexts in static records may outlive any destruction order.
    static NameTable* t = new NameTable();
    return *t;
}

const std::string*
Intern(std::string_view s)
{
    NameTable& t = Table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.names.find(s);
    if (it != t.names.end())
    {
        return it->second.get();
    }
    auto text = std::make_unique<const std::string>(s);
    const std::string* p = text.get();
    t.names.emplace(std::string_view(*p), std::move(text));
    return p;
}

} // namespace

InternedText::InternedText()
{
    static const std::string* const kEmpty = Intern(std::string_view());
    m_s = kEmpty;
}

InternedText::InternedText(std::string_view s)
    : m_s(Intern(s))
{
}

size_t
InternedTextCount()
{
    NameTable& t = Table();
    std::lock_guard<std::mutex> g(t.lock);
    return t.names.size();
}

} // namespace ns3
