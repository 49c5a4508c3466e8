#include "model/common/observables.h"

#include <algorithm>

namespace ns3
{

namespace
{

/** `pattern[pi..]` against `name[ni..]`; `<...>` consumes one or more characters. */
bool
MatchAt(const std::string& pattern, size_t pi, const std::string& name, size_t ni)
{
    while (pi < pattern.size())
    {
        if (pattern[pi] == '<')
        {
            size_t close = pattern.find('>', pi);
            if (close == std::string::npos)
            {
                break; // a lone '<' matches itself
            }
            for (size_t k = ni + 1; k <= name.size(); ++k)
            {
                if (MatchAt(pattern, close + 1, name, k))
                {
                    return true;
                }
            }
            return false;
        }
        if (ni >= name.size() || pattern[pi] != name[ni])
        {
            return false;
        }
        ++pi;
        ++ni;
    }
    return pi == pattern.size() && ni == name.size();
}

/** "a, b" -> "`a`, `b`"; "" stays "". */
std::string
CodeList(const std::string& csv)
{
    std::string out;
    size_t start = 0;
    while (start < csv.size())
    {
        size_t comma = csv.find(',', start);
        std::string item =
            csv.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        out += (out.empty() ? "`" : ", `") + item + "`";
        start = comma == std::string::npos ? csv.size() : comma + 1;
    }
    return out;
}

} // namespace

bool
ObservablePatternMatches(const std::string& pattern, const std::string& name)
{
    return MatchAt(pattern, 0, name, 0);
}

const EventKindSpec*
FindEventKind(const std::vector<ObservableTable>& tables,
              const std::string& kind,
              const std::string& object)
{
    for (const ObservableTable& t : tables)
    {
        for (size_t i = 0; i < t.eventCount; ++i)
        {
            if (kind == t.events[i].kind && ObservablePatternMatches(t.events[i].object, object))
            {
                return &t.events[i];
            }
        }
    }
    return nullptr;
}

const CounterSpec*
FindCounter(const ObservableTable& table, const std::string& name)
{
    for (size_t i = 0; i < table.counterCount; ++i)
    {
        if (ObservablePatternMatches(table.counters[i].name, name))
        {
            return &table.counters[i];
        }
    }
    return nullptr;
}

std::vector<std::string>
DeclaredEventKinds(const std::vector<ObservableTable>& tables)
{
    std::vector<std::string> out;
    for (const ObservableTable& t : tables)
    {
        for (size_t i = 0; i < t.eventCount; ++i)
        {
            out.emplace_back(t.events[i].kind);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string
RenderEventTableMarkdown(const std::vector<ObservableTable>& tables)
{
    std::string out = "| layer | `obj` | `ev` | fields | when |\n|---|---|---|---|---|\n";
    for (const ObservableTable& t : tables)
    {
        for (size_t i = 0; i < t.eventCount; ++i)
        {
            const EventKindSpec& e = t.events[i];
            std::string when = e.when;
            if (e.reach == ObservableReach::NOT_YET_REACHABLE)
            {
                when += " (declared; no input reaches it yet)";
            }
            out += std::string("| ") + t.layer + " | `" + e.object + "` | `" + e.kind + "` | " +
                   CodeList(e.fields) + " | " + when + " |\n";
        }
    }
    return out;
}

std::string
RenderCounterTableMarkdown(const std::vector<ObservableTable>& tables)
{
    std::string out = "| layer | state path | counts |\n|---|---|---|\n";
    for (const ObservableTable& t : tables)
    {
        for (size_t i = 0; i < t.counterCount; ++i)
        {
            out += std::string("| ") + t.layer + " | `" + t.counterPrefix + t.counters[i].name +
                   "` | " + t.counters[i].when + " |\n";
        }
    }
    return out;
}

} // namespace ns3
