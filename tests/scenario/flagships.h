/**
 * \file
 * \brief The flagship scenarios: every scenarios/NAME.yaml, sorted (one list for every
 * scenario-level test, so a new flagship is covered by all of them the moment it is added).
 */
#ifndef L2TPLAB_TESTS_FLAGSHIPS_H
#define L2TPLAB_TESTS_FLAGSHIPS_H

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

/** \brief File names (no directory) of every scenarios/NAME.yaml under \p sourceDir, sorted. */
inline std::vector<std::string>
FlagshipFiles(const std::string& sourceDir)
{
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(sourceDir + "/scenarios"))
    {
        if (e.path().extension() == ".yaml")
        {
            files.push_back(e.path().filename().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

#endif
