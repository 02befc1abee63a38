#include "data/presets.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "data/jsonread.h"

namespace ff {

namespace {
const char *const kPresetOrder[] = {"base", "upside", "downside"};
// A preset is a small scenario file; its header needs no more than this.
constexpr std::size_t kMaxPresetBytes = 1u << 20;
} // namespace

std::vector<PresetInfo> listPresets(const std::string &dataDir)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(dataDir) / "presets";
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path &p = it->path();
        std::error_code typeError;
        if (p.extension() == ".json" && it->is_regular_file(typeError))
            files.push_back(p.filename().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> ordered;
    for (const char *name : kPresetOrder) {
        const auto found = std::find(files.begin(), files.end(), std::string(name) + ".json");
        if (found != files.end()) {
            ordered.push_back(*found);
            files.erase(found);
        }
    }
    ordered.insert(ordered.end(), files.begin(), files.end());

    std::vector<PresetInfo> out;
    for (const std::string &f : ordered) {
        PresetInfo p;
        p.id = fs::path(f).stem().string();
        p.path = (dir / f).string();
        p.name = p.id;
        try {
            // The same reader and checks as a scenario file (it is one): a name with control
            // characters is refused here as it would be when the preset is applied.
            const nlohmann::json j = readJsonFile(p.path, kMaxPresetBytes);
            const JsonObject o(j, p.path, ""); // refers to j
            p.name = o.optStr("name", p.id);
            p.description = o.optStr("description");
        } catch (const std::exception &e) {
            p.error = e.what();
        }
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace ff
