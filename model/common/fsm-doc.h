/**
 * \file
 * \brief Markdown for a transition table (model/common/fsm.h): the rows grouped by state with
 * their kind and RFC section, and a Mermaid state diagram. Used to generate docs/fsm.md.
 */
#ifndef L2TPLAB_COMMON_FSM_DOC_H
#define L2TPLAB_COMMON_FSM_DOC_H

#include "model/common/fsm.h"

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/** \brief `text` with the characters that break a Markdown table cell escaped. */
inline std::string
FsmDocCell(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '|')
        {
            out += "\\|";
        }
        else
        {
            out += c;
        }
    }
    return out;
}

/** \brief A bullet list of every declared value of Enum with its description. */
template <typename Enum>
std::string
FsmDocValueList(const std::vector<Enum>& values)
{
    std::ostringstream o;
    for (Enum v : values)
    {
        o << "- `" << FsmName(v) << "`: " << FsmDescription(v) << "\n";
    }
    return o.str();
}

/**
 * \brief The rows of `table` as one Markdown table, grouped by state (states in declaration
 * order, rows in table order within a state); `refColumn` heads the RFC section column.
 */
template <typename Row>
std::string
FsmDocTable(const FsmTable<Row>& table, const char* refColumn = "RFC 2661")
{
    using State = decltype(Row::from);
    std::ostringstream o;
    o << "| State | Event | Action | Next state | Kind | " << refColumn << " | Note |\n";
    o << "|---|---|---|---|---|---|---|\n";
    for (State st : FsmAllValues<State>())
    {
        for (const Row& r : table)
        {
            if (r.from != st)
            {
                continue;
            }
            const std::string ref = r.ref[0] != '\0' ? std::string("§") + r.ref : "";
            const std::string act =
                r.actionName[0] != '\0' ? "`" + std::string(r.actionName) + "`" : "-";
            o << "| " << FsmName(r.from) << " | " << FsmName(r.event) << " | " << act << " | "
              << FsmName(r.to) << " | " << ToString(r.kind) << " | " << ref << " | "
              << FsmDocCell(r.note) << " |\n";
        }
    }
    return o.str();
}

/**
 * \brief A Mermaid stateDiagram-v2 of `table`: one edge per (from, to, action) with its events,
 * for every row that changes state or runs an action; ignore rows are left out.
 */
template <typename Row>
std::string
FsmDocMermaid(const FsmTable<Row>& table, decltype(Row::from) initial)
{
    using State = decltype(Row::from);
    using Key = std::pair<std::pair<size_t, size_t>, std::string>;
    std::map<Key, std::vector<std::string>> edges; // (from, to), action -> events
    std::vector<Key> order;
    std::set<size_t> sources;
    for (const Row& r : table)
    {
        if (r.from == r.to && r.action == nullptr)
        {
            continue;
        }
        sources.insert(static_cast<size_t>(r.from));
        Key k{{static_cast<size_t>(r.from), static_cast<size_t>(r.to)}, r.actionName};
        if (edges.find(k) == edges.end())
        {
            order.push_back(k);
        }
        edges[k].push_back(FsmName(r.event));
    }
    std::ostringstream o;
    o << "```mermaid\nstateDiagram-v2\n";
    o << "    [*] --> " << FsmName(initial) << "\n";
    for (const Key& k : order)
    {
        o << "    " << FsmName(static_cast<State>(k.first.first)) << " --> "
          << FsmName(static_cast<State>(k.first.second)) << " : ";
        const std::vector<std::string>& evs = edges[k];
        for (size_t i = 0; i < evs.size(); ++i)
        {
            o << (i ? ", " : "") << evs[i];
        }
        if (!k.second.empty())
        {
            o << " / " << k.second;
        }
        o << "\n";
    }
    // States no row leaves are terminal.
    for (State st : FsmAllValues<State>())
    {
        bool present = false;
        for (const Row& r : table)
        {
            present = present || r.from == st;
        }
        if (present && sources.find(static_cast<size_t>(st)) == sources.end())
        {
            o << "    " << FsmName(st) << " --> [*]\n";
        }
    }
    o << "```\n";
    return o.str();
}

/** \brief "N rows: R RFC cells, D defensive rows." */
template <typename Row>
std::string
FsmDocCounts(const FsmTable<Row>& table)
{
    size_t rfc = 0;
    for (const Row& r : table)
    {
        rfc += r.kind == FsmRowKind::RFC ? 1 : 0;
    }
    std::ostringstream o;
    o << table.size << " rows: " << rfc << " RFC cells, " << table.size - rfc
      << " defensive rows of ours.\n";
    return o.str();
}

} // namespace ns3

#endif
