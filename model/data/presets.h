#pragma once
// Presets: scenario files in <data>/presets, listed in the order the menu shows them (the
// reference page's base, upside and downside first, then any others by file name).
#include <string>
#include <vector>

namespace ff {

struct PresetInfo
{
    std::string id;          // the file's base name ("base")
    std::string path;        // the file
    std::string name;        // the scenario's "name" (the id when the file has none)
    std::string description; // its "description" (may be empty)
    std::string error;       // why the file could not be read (name and description then stay the id and empty)
};

// Lists <dataDir>/presets/*.json with each file's name and description, read with the same
// parser as every other data file (readJsonFile). A missing folder lists nothing. Never throws
// for a bad preset: its error is kept with it, and applying it (loadScenarioFile) says the same.
std::vector<PresetInfo> listPresets(const std::string &dataDir);

} // namespace ff
