/**
 * \file
 * \brief Strict scenario loader: YAML text -> Scenario, or a list of `file:line:col` errors.
 *
 * The loader never stops at the first problem: it collects up to kMaxScenarioErrors errors
 * (then one "too many errors" line), sorted by position. Unknown keys get a did-you-mean over
 * the keys valid at that place (schema.h). YAML syntax errors are reported in the same format.
 */
#ifndef L2TPLAB_RUNNER_SCENARIO_LOADER_H
#define L2TPLAB_RUNNER_SCENARIO_LOADER_H

#include "runner/scenario.h"
#include "runner/schema.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief One problem in a scenario file. line/col are 1-based; line 0 = a problem with the whole
 *        file (cannot open it), printed without a position.
 */
struct ScenarioError
{
    std::string file;    //!< path or virtual file name
    int line{0};         //!< 1-based line
    int col{0};          //!< 1-based column
    std::string message; //!< what was expected, e.g. "unknown key 'conect-to' in ..."

    /** \brief "file:line:col: error: message" (the format compilers use; editors jump to it). */
    std::string ToString() const;
};

/** \brief At most this many errors are reported (plus one "too many errors" line). */
constexpr size_t kMaxScenarioErrors = 50;

/**
 * \brief Load and validate a scenario file.
 * \param path file to read; used as the file name in errors and in Scenario::file
 * \param out filled on success (partially filled on failure: do not use it then)
 * \param errors receives every problem found (appended)
 * \return true if the file is valid (no errors)
 */
bool LoadScenario(const std::string& path, Scenario& out, std::vector<ScenarioError>& errors);

/**
 * \brief A whole-scenario check run after loading (e.g. CheckSupported): it appends errors,
 *        which are then sorted and capped together with the loader's own.
 *
 * It also runs when loading failed, on the partially filled Scenario, so every problem is
 * reported at once; it must only look at what was filled in.
 */
using ScenarioCheck = std::function<void(const Scenario&, std::vector<ScenarioError>&)>;

/** \brief LoadScenario, then `extraCheck`; all errors sorted by position together. */
bool LoadScenario(const std::string& path,
                  Scenario& out,
                  std::vector<ScenarioError>& errors,
                  const ScenarioCheck& extraCheck);

/** \brief LoadScenarioFromString, then `extraCheck`; all errors sorted together. */
bool LoadScenarioFromString(const std::string& text,
                            const std::string& virtualFileName,
                            Scenario& out,
                            std::vector<ScenarioError>& errors,
                            const ScenarioCheck& extraCheck);

/**
 * \brief Like LoadScenario, from text (tests, Python bindings, stdin).
 * \param text YAML text
 * \param virtualFileName file name used in errors
 * \param out filled on success
 * \param errors receives every problem found (appended)
 * \return true if valid
 */
bool LoadScenarioFromString(const std::string& text,
                            const std::string& virtualFileName,
                            Scenario& out,
                            std::vector<ScenarioError>& errors);

/** \brief Every error's ToString(), one per line (each line ends with '\n'). */
std::string FormatScenarioErrors(const std::vector<ScenarioError>& errors);

/**
 * \brief Parse a count constraint ("3", ">=1", "<=2", ">0", "<5", "2~4").
 * \return false if malformed
 */
bool ParseCountSpec(const std::string& text, CountSpec& out);

/**
 * \brief Parse a time window ("0s~5s", "10s~", "~5s"); each bound is a duration.
 * \return false if malformed or from > to
 */
bool ParseTimeWindow(const std::string& text, TimeWindow& out);

/**
 * \brief Parse a schema default (KeySpec::defaultValue) the way a written value is parsed.
 * \return false if the key has no default or the default does not parse (a schema bug; a unit
 *         test checks every row)
 */
bool ParseSchemaDefault(const KeySpec& key, ConfigValue& out);

} // namespace ns3

#endif
