#include "files/modelimport.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "data/dataset.h"
#include "core/timeutil.h"

namespace ff {

using nlohmann::json;

namespace {

std::string billions(double x)
{
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(3);
    s << x / 1e9 << " B";
    return s.str();
}

std::string count(double x)
{
    std::ostringstream s;
    s.precision(15);
    s << x;
    return s.str();
}

// The fields of a config: the text model's (text_config of a multimodal config), then the top level,
// then a documented default of the model type (each default taken is noted).
class ConfigReader {
public:
    ConfigReader(const json &top, std::string file, std::vector<std::string> &notes) : mTop(top), mFile(std::move(file)), mNotes(notes)
    {
        if (!mTop.is_object())
            throw DataError(mFile, "(top level)", "expected a config.json object");
        if (mTop.contains("text_config") && mTop.at("text_config").is_object()) {
            mText = &mTop.at("text_config");
            mTextPath = "text_config.";
        }
    }
    std::string where(const std::string &key) const
    {
        if (mText && mText->contains(key))
            return mTextPath + key;
        return key;
    }
    const json *find(const std::string &key) const
    {
        if (mText && mText->contains(key) && !mText->at(key).is_null())
            return &mText->at(key);
        if (mTop.contains(key) && !mTop.at(key).is_null())
            return &mTop.at(key);
        return nullptr;
    }
    bool has(const std::string &key) const { return find(key) != nullptr; }
    double num(const std::string &key, double lo, double hi) const
    {
        const json *v = find(key);
        if (!v)
            throw DataError(mFile, where(key), "missing field");
        if (!v->is_number())
            throw DataError(mFile, where(key), "expected a number");
        const double x = v->get<double>();
        if (!std::isfinite(x) || x < lo || x > hi)
            throw DataError(mFile, where(key), "value " + count(x) + " out of range [" + count(lo) + ", " + count(hi) + "]");
        return x;
    }
    double num(const std::string &key, double lo, double hi, double def, const std::string &why) const
    {
        if (has(key))
            return num(key, lo, hi);
        mNotes.push_back(where(key) + " not given: " + count(def) + " (" + why + ")");
        return def;
    }
    std::optional<double> optNum(const std::string &key, double lo, double hi) const
    {
        if (!has(key))
            return std::nullopt;
        return num(key, lo, hi);
    }
    bool flag(const std::string &key, bool def) const
    {
        const json *v = find(key);
        if (!v)
            return def;
        if (!v->is_boolean())
            throw DataError(mFile, where(key), "expected true or false");
        return v->get<bool>();
    }
    std::string str(const std::string &key) const
    {
        const json *v = find(key);
        if (!v || !v->is_string())
            return {};
        return v->get<std::string>();
    }
    const json *array(const std::string &key) const
    {
        const json *v = find(key);
        if (v && !v->is_array())
            throw DataError(mFile, where(key), "expected an array");
        return v;
    }
    const std::string &file() const { return mFile; }

private:
    const json &mTop;
    const json *mText = nullptr;
    std::string mTextPath;
    std::string mFile;
    std::vector<std::string> &mNotes;
};

enum class LayerKind { Full, Window, Linear };

// One config counted, in three steps that read their fields in this order (the first problem found
// is the one reported): the shapes every count needs, then the parameters, then the KV cache.
class ConfigCounter {
public:
    ConfigCounter(const json &config, const std::string &file) : mConfig(config), mC(config, file, mM.notes) {}
    ConfigModel read()
    {
        readShapes();
        readLayerLayout();
        countParameters();
        kvFields();
        return std::move(mM);
    }

private:
    void readShapes();
    void readLayerLayout();
    double attentionParams(std::string &how) const;
    double linearAttentionParams();
    double indexerParams();
    double minimaxIndexerParams();
    int moeLayerCount(double nExperts) const;
    void v4Layout();
    double v4AttentionParams(std::string &how) const;
    double v4LayerExtras();
    void countParameters();
    void kvFields();

    const json &mConfig;
    ConfigModel mM;
    const ConfigReader mC;
    // The shapes (readShapes; the model type is mM.modelType): hidden size, layers, vocabulary, heads, head size, MLP size.
    bool mGemma = false, mGemma3 = false, mQwen35 = false, mTie = false;
    bool mMla = false; // multi-head latent attention (countParameters): its KV cache is the latent
    double H = 0, V = 0, nh = 0, kvh = 0, hd = 0, I = 0;
    int L = 0;
    // The layer layout (readLayerLayout), and the state a linear-attention layer keeps (linearAttentionParams).
    int mWindowLayers = 0, mLinearLayers = 0, mFullLayers = 0;
    std::string mLayout;
    double mLinearState = 0;
    int mIndexedLayers = 0; // sparse attention (DSA): the layers that run their own indexer
    // DeepSeek V4 (v4Layout): every layer keeps a sliding window; CSA layers add a compressed cache
    // at 1/csaRate with an indexer, HCA layers one at 1/hcaRate.
    int mCsaLayers = 0, mHcaLayers = 0;
    double mCsaRate = 4, mHcaRate = 128, mRope = 0;
};

void ConfigCounter::readShapes()
{
    const ConfigReader &c = mC;
    mM.modelType = c.str("model_type");
    const std::string &type = mM.modelType;
    static const char *known[] = {"llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen3_moe", "qwen3_next", "gemma", "gemma2",
                                  "gemma3_text", "gemma3", "deepseek_v3", "deepseek_v2", "kimi_k2", "gpt_oss", "phi3", "glm4_moe",
                                  "glm_moe_dsa", "qwen3_5", "qwen3_5_text", "qwen3_5_moe", "qwen3_5_moe_text", "deepseek_v4", "minimax_m2"};
    if (std::find_if(std::begin(known), std::end(known), [&](const char *k) { return type == k; }) == std::end(known))
        throw DataError(c.file(), c.where("model_type"),
                        type.empty() ? "missing field (the architecture to count)"
                                     : "\"" + type + "\" is not an architecture this importer counts (llama, mistral, mixtral, qwen2/3, "
                                                     "qwen3_moe, qwen3_next, qwen3_5(_moe), gemma/2/3, deepseek_v2/v3/v4, gpt_oss, phi3, glm4_moe, glm_moe_dsa, minimax_m2)");
    mGemma = type.rfind("gemma", 0) == 0;
    mGemma3 = type == "gemma3_text" || type == "gemma3";
    mQwen35 = type.rfind("qwen3_5", 0) == 0;

    H = c.num("hidden_size", 1, 1e6);
    L = static_cast<int>(c.num("num_hidden_layers", 1, 1000));
    V = mGemma3 ? c.num("vocab_size", 1, 1e8, 262208, "Gemma3TextConfig's default") : c.num("vocab_size", 1, 1e8);
    nh = c.num("num_attention_heads", 1, 1e5);
    kvh = c.has("num_key_value_heads") ? c.num("num_key_value_heads", 1, 1e5) : nh;
    hd = c.has("head_dim") ? c.num("head_dim", 1, 1e5) : H / nh;
    mTie = c.flag("tie_word_embeddings", mGemma);
    I = c.optNum("intermediate_size", 1, 1e7).value_or(0.0);
    if (mConfig.contains("vision_config"))
        mM.notes.push_back("vision_config: the vision tower is not counted (language model only)");
    for (const char *key : {"num_nextn_predict_layers", "mtp_num_hidden_layers"})
        if (const auto mtp = c.optNum(key, 0, 100); mtp && *mtp > 0)
            mM.notes.push_back(c.where(key) + " " + count(*mtp) + ": the multi-token-prediction layer is not counted (a draft head)");
}

// Which layers are full attention, sliding window or linear attention.
void ConfigCounter::readLayerLayout()
{
    const ConfigReader &c = mC;
    const std::string &type = mM.modelType;
    std::vector<LayerKind> kinds(static_cast<std::size_t>(L), LayerKind::Full);
    std::string &layout = mLayout;
    if (type == "deepseek_v4") {
        v4Layout();
        return;
    }
    if (const json *lt = c.array("layer_types")) {
        if (lt->size() != static_cast<std::size_t>(L))
            throw DataError(c.file(), c.where("layer_types"), std::to_string(lt->size()) + " entries for " + std::to_string(L) + " layers");
        for (std::size_t i = 0; i < lt->size(); ++i) {
            const std::string k = (*lt)[i].is_string() ? (*lt)[i].get<std::string>() : "";
            if (k == "sliding_attention" || k == "chunked_attention")
                kinds[i] = LayerKind::Window;
            else if (k == "linear_attention")
                kinds[i] = LayerKind::Linear;
            else if (k != "full_attention" && k != "deepseek_sparse_attention") // DSA: a full layer with an indexer
                throw DataError(c.file(), c.where("layer_types") + "[" + std::to_string(i) + "]", "unknown layer type \"" + k + "\"");
        }
        layout = "layer_types";
    } else if (type == "qwen3_next") {
        const int every = static_cast<int>(c.num("full_attention_interval", 1, 1000));
        for (int i = 0; i < L; ++i)
            kinds[static_cast<std::size_t>(i)] = (i + 1) % every == 0 ? LayerKind::Full : LayerKind::Linear;
        layout = "every " + std::to_string(every) + "th layer full attention, the others Gated DeltaNet (full_attention_interval)";
    } else if (mGemma3) {
        const int pattern = static_cast<int>(c.num("sliding_window_pattern", 1, 1000, 6, "Gemma3TextConfig's default: 5 local layers to 1 global"));
        for (int i = 0; i < L; ++i)
            kinds[static_cast<std::size_t>(i)] = (i + 1) % pattern == 0 ? LayerKind::Full : LayerKind::Window;
        layout = "every " + std::to_string(pattern) + "th layer global, the others sliding-window (sliding_window_pattern)";
    } else if (type == "gemma2") {
        for (int i = 0; i < L; ++i)
            kinds[static_cast<std::size_t>(i)] = i % 2 == 0 ? LayerKind::Window : LayerKind::Full;
        layout = "alternate layers sliding-window (Gemma 2)";
    } else if (c.has("sliding_window") && (type == "mistral" || type == "mixtral" || c.flag("use_sliding_window", false))) {
        std::fill(kinds.begin(), kinds.end(), LayerKind::Window);
        layout = "every layer sliding-window";
    }
    mWindowLayers = static_cast<int>(std::count(kinds.begin(), kinds.end(), LayerKind::Window));
    mLinearLayers = static_cast<int>(std::count(kinds.begin(), kinds.end(), LayerKind::Linear));
    mFullLayers = L - mWindowLayers - mLinearLayers;
}

// DeepSeek V4: which layers compress their cache and at what rate, from compress_ratios (one per
// layer, 0/4/128; the entries past num_hidden_layers are the MTP layers') or layer_types with
// compress_rates (DeepseekV4Config); every layer also keeps a sliding window.
void ConfigCounter::v4Layout()
{
    const ConfigReader &c = mC;
    mCsaLayers = mHcaLayers = 0;
    if (const json *rates = c.find("compress_rates"); rates && rates->is_object()) {
        if (rates->contains("compressed_sparse_attention") && rates->at("compressed_sparse_attention").is_number())
            mCsaRate = rates->at("compressed_sparse_attention").get<double>();
        if (rates->contains("heavily_compressed_attention") && rates->at("heavily_compressed_attention").is_number())
            mHcaRate = rates->at("heavily_compressed_attention").get<double>();
    }
    const json *ratios = c.array("compress_ratios");
    const json *types = ratios ? nullptr : c.array("layer_types");
    const json *list = ratios ? ratios : types;
    const std::string key = ratios ? "compress_ratios" : "layer_types";
    if (!list)
        throw DataError(c.file(), c.where("compress_ratios"), "missing field (which layers compress their cache: compress_ratios or layer_types)");
    if (list->size() < static_cast<std::size_t>(L))
        throw DataError(c.file(), c.where(key), std::to_string(list->size()) + " entries for " + std::to_string(L) + " layers");
    for (int i = 0; i < L; ++i) {
        const json &e = (*list)[static_cast<std::size_t>(i)];
        const std::string t = e.is_string() ? e.get<std::string>() : "";
        const double r = e.is_number() ? e.get<double>() : -1;
        if (t == "compressed_sparse_attention" || (ratios && r == mCsaRate))
            ++mCsaLayers;
        else if (t == "heavily_compressed_attention" || (ratios && r == mHcaRate))
            ++mHcaLayers;
        else if (t != "sliding_attention" && r != 0)
            throw DataError(c.file(), c.where(key) + "[" + std::to_string(i) + "]", "expected 0, " + count(mCsaRate) + " or " + count(mHcaRate) +
                                                                                       " (or a DeepSeek V4 layer type)");
    }
    mWindowLayers = L;
    mLinearLayers = 0;
    mFullLayers = 0;
    mLayout = "every layer a " + count(c.num("sliding_window", 1, 1e9, 128, "DeepseekV4Config's default")) + "-token window; " +
              std::to_string(mCsaLayers) + " also compressed at 1/" + count(mCsaRate) + " with an indexer (CSA), " + std::to_string(mHcaLayers) +
              " at 1/" + count(mHcaRate) + " (HCA) (" + key + ")";
    mRope = c.has("qk_rope_head_dim") ? c.num("qk_rope_head_dim", 1, hd)
                                      : c.num("partial_rotary_factor", 0, 1, 64 / 512.0, "DeepseekV4Config's default: 64 of 512 dims") * hd;
}

// DeepSeek V4's attention (DeepseekV4Attention): q through a LoRA, one shared K=V head, a grouped
// low-rank output projection, per-head sinks.
double ConfigCounter::v4AttentionParams(std::string &how) const
{
    const ConfigReader &c = mC;
    const double qLora = c.num("q_lora_rank", 1, 1e6);
    const double groups = c.num("o_groups", 1, 1e4, 8, "DeepseekV4Config's default");
    const double oLora = c.num("o_lora_rank", 1, 1e6, 1024, "DeepseekV4Config's default");
    const double attn = H * qLora + qLora + qLora * nh * hd + H * hd + hd + (nh * hd / groups) * (groups * oLora) + groups * oLora * H + nh;
    how = "q via a " + count(qLora) + " LoRA, one shared K=V head of " + count(hd) + ", output in " + count(groups) + " groups via " + count(oLora) +
          ", " + count(nh) + " heads: " + count(attn) + " per layer";
    return attn;
}

// DeepSeek V4 beyond attention and the MLP: the compressors (CSA: two series of 2 x head_dim, and the
// indexer's own compressor, query and weights; HCA: one series), the hyper-connections (two sites a
// layer, hc_mult streams); and the compressors' fixed state, FP32 as vLLM keeps it (overlap 2 on CSA).
double ConfigCounter::v4LayerExtras()
{
    const ConfigReader &c = mC;
    const double idim = c.num("index_head_dim", 1, 1e5, 128, "DeepseekV4Config's default");
    const double iheads = c.num("index_n_heads", 1, 1e5, 64, "DeepseekV4Config's default");
    const double qLora = c.num("q_lora_rank", 1, 1e6);
    const double hc = c.num("hc_mult", 1, 64, 4, "DeepseekV4Config's default");
    const double csa = 2 * H * 2 * hd + mCsaRate * 2 * hd + hd + 2 * H * 2 * idim + mCsaRate * 2 * idim + idim + qLora * iheads * idim + H * iheads;
    const double hca = 2 * H * hd + mHcaRate * hd + hd;
    const double hyper = 2 * ((2 + hc) * hc * hc * H + (2 + hc) * hc + 3);
    if (mCsaLayers > 0)
        mM.kvSparse.compressed.push_back({mCsaLayers, mCsaRate, static_cast<int>(idim)});
    if (mHcaLayers > 0)
        mM.kvSparse.compressed.push_back({mHcaLayers, mHcaRate, 0});
    mM.kvSparse.stateBytes = (mCsaLayers * 2 * mCsaRate * (2 * 2 * hd + 2 * 2 * idim) + mHcaLayers * mHcaRate * 2 * hd) * 4;
    return mCsaLayers * csa + mHcaLayers * hca + L * hyper;
}

// Attention parameters of one softmax-attention layer, and how they were counted.
double ConfigCounter::attentionParams(std::string &how) const
{
    const ConfigReader &c = mC;
    const std::string &type = mM.modelType;
    double attn = 0;
    if (type == "deepseek_v4")
        return v4AttentionParams(how);
    if (mMla) {
        const double qLora = c.optNum("q_lora_rank", 1, 1e6).value_or(0.0);
        const double nope = c.num("qk_nope_head_dim", 1, 1e5), rope = c.num("qk_rope_head_dim", 0, 1e5);
        const double vhd = c.num("v_head_dim", 1, 1e5), kvLora = c.num("kv_lora_rank", 1, 1e6);
        const double q = qLora > 0 ? H * qLora + qLora + qLora * nh * (nope + rope) : H * nh * (nope + rope);
        attn = q + H * (kvLora + rope) + kvLora + kvLora * nh * (nope + vhd) + nh * vhd * H;
        how = "MLA (q" + std::string(qLora > 0 ? " via a " + count(qLora) + " LoRA" : "") + ", kv latent " + count(kvLora) + " + RoPE " +
              count(rope) + ", " + count(nh) + " heads) " + count(attn) + " per layer";
    } else {
        // Gated attention: q_proj also gives the output gate (Qwen3-Next; Qwen3.5's attn_output_gate).
        const bool gated = type == "qwen3_next" || (mQwen35 && c.flag("attn_output_gate", true));
        attn = H * nh * hd * (gated ? 2 : 1) + 2 * H * kvh * hd + nh * hd * H;
        if (c.flag("attention_bias", false))
            attn += nh * hd + 2 * kvh * hd + H;
        else if (type == "qwen2")
            attn += nh * hd + 2 * kvh * hd; // q, k, v biases
        if (type == "gpt_oss")
            attn += nh; // attention sinks
        if (type == "minimax_m2")
            attn += nh * hd + kvh * hd; // per-layer q and k norms over all heads
        if (type == "qwen3" || type == "qwen3_moe" || type == "qwen3_next" || mQwen35 || mGemma3)
            attn += 2 * hd; // q and k norms
        how = count(nh) + " query heads, " + count(kvh) + " KV heads x " + count(hd) + (gated ? " (gated query)" : "") + ": " +
              count(attn) + " per layer";
    }
    return attn;
}

// Linear-attention (Gated DeltaNet) layers: the parameters of one, and the state it keeps.
double ConfigCounter::linearAttentionParams()
{
    const ConfigReader &c = mC;
    const double nk = c.num("linear_num_key_heads", 1, 1e5), nv = c.num("linear_num_value_heads", 1, 1e5);
    const double dk = c.num("linear_key_head_dim", 1, 1e5), dv = c.num("linear_value_head_dim", 1, 1e5);
    const double kernel = c.num("linear_conv_kernel_dim", 1, 1000);
    const double keyDim = nk * dk, valueDim = nv * dv, convDim = 2 * keyDim + valueDim;
    // The state a layer keeps whatever the context: the recurrent state (value heads x key dim x
    // value dim) and the convolution's last kernel-1 inputs, in F32 as llama.cpp keeps them.
    mLinearState = (nv * dk * dv + convDim * (kernel - 1)) * 4;
    return H * (2 * keyDim + 2 * valueDim) + H * 2 * nv + convDim * kernel + 2 * nv + dv + valueDim * H;
}

// DeepSeek Sparse Attention (glm_moe_dsa): the indexer a layer runs beside its MLA, the key it caches
// per token, and which layers run their own (indexer_types, else index_topk_freq and
// index_skip_topk_offset as GlmMoeDsaConfig derives them; "shared" layers reuse another's top-k).
double ConfigCounter::indexerParams()
{
    const ConfigReader &c = mC;
    const double dim = c.num("index_head_dim", 1, 1e5, 128, "GlmMoeDsaConfig's default");
    const double heads = c.num("index_n_heads", 1, 1e5, 32, "GlmMoeDsaConfig's default");
    mIndexedLayers = 0;
    if (const json *types = c.array("indexer_types")) {
        if (types->size() != static_cast<std::size_t>(L))
            throw DataError(c.file(), c.where("indexer_types"), std::to_string(types->size()) + " entries for " + std::to_string(L) + " layers");
        for (const auto &t : *types)
            mIndexedLayers += t.is_string() && t.get<std::string>() == "full";
    } else {
        const int freq = static_cast<int>(c.num("index_topk_freq", 1, 1000, 1, "GlmMoeDsaConfig's default: every layer runs its indexer"));
        const int offset = static_cast<int>(c.optNum("index_skip_topk_offset", 0, 1000).value_or(2.0));
        for (int i = 0; i < L; ++i)
            mIndexedLayers += std::max(i - offset + 1, 0) % freq == 0;
    }
    mM.kvSparse.indexDim = static_cast<int>(dim);
    mM.kvSparse.indexLayers = mIndexedLayers;
    // wq_b (q LoRA to heads x dim), wk (hidden to dim), k_norm (a LayerNorm: weight and bias), weights_proj (hidden to heads).
    const double qLora = c.num("q_lora_rank", 1, 1e6);
    return qLora * heads * dim + H * dim + 2 * dim + H * heads;
}

// MiniMax's lightning indexer (minimax_m2 text configs with sparse_attention_config, as MiniMax M3
// ships them): a key of sparse_index_dim (default head_dim) cached per token on the layers
// sparse_attention_freq marks; its query and key projections are counted.
double ConfigCounter::minimaxIndexerParams()
{
    const ConfigReader &c = mC;
    const json *cfg = c.find("sparse_attention_config");
    if (!cfg || !cfg->is_object() || !cfg->contains("sparse_attention_freq"))
        return 0.0;
    const json &freq = cfg->at("sparse_attention_freq");
    const std::string field = c.where("sparse_attention_config") + ".sparse_attention_freq";
    if (!freq.is_array() || freq.size() != static_cast<std::size_t>(L))
        throw DataError(c.file(), field, "expected one 0/1 flag per layer (" + std::to_string(L) + ")");
    mIndexedLayers = 0;
    for (const auto &f : freq)
        mIndexedLayers += (f.is_number() && f.get<double>() != 0) || (f.is_boolean() && f.get<bool>());
    const auto dims = [&](const char *key, double def) {
        const json *v = cfg->contains(key) ? &cfg->at(key) : nullptr;
        if (v && !(v->is_number() && v->get<double>() >= 1 && v->get<double>() <= 1e5))
            throw DataError(c.file(), c.where("sparse_attention_config") + "." + key, "expected a whole number from 1 to 100,000");
        if (!v)
            mM.notes.push_back(c.where("sparse_attention_config") + "." + key + " not given: " + count(def) + " (MiniMax M3's default)");
        return v ? v->get<double>() : def;
    };
    const double dim = dims("sparse_index_dim", hd), heads = dims("sparse_num_index_heads", 4);
    mM.kvSparse.indexDim = static_cast<int>(dim);
    mM.kvSparse.indexLayers = mIndexedLayers;
    return H * heads * dim + H * dim;
}

// How many layers carry experts: first_k_dense_replace, moe_layer_freq (a step, or one 0/1 flag per
// layer as MiniMax writes it), decoder_sparse_step and mlp_only_layers.
int ConfigCounter::moeLayerCount(double nExperts) const
{
    const ConfigReader &c = mC;
    if (!(nExperts > 0))
        return 0;
    const int firstDense = static_cast<int>(c.optNum("first_k_dense_replace", 0, 1000).value_or(0.0));
    const json *flags = c.find("moe_layer_freq");
    if (flags && !flags->is_array())
        flags = nullptr;
    if (flags && flags->size() != static_cast<std::size_t>(L))
        throw DataError(c.file(), c.where("moe_layer_freq"), std::to_string(flags->size()) + " entries for " + std::to_string(L) + " layers");
    const int moeFreq = flags ? 1 : static_cast<int>(c.optNum("moe_layer_freq", 1, 1000).value_or(1.0));
    const int sparseStep = static_cast<int>(c.optNum("decoder_sparse_step", 1, 1000).value_or(1.0));
    std::vector<int> mlpOnly;
    if (const json *a = c.array("mlp_only_layers"))
        for (const auto &x : *a)
            if (x.is_number_integer())
                mlpOnly.push_back(x.get<int>());
    int moeLayers = 0;
    for (int i = 0; i < L; ++i) {
        const bool flagged = !flags || ((*flags)[static_cast<std::size_t>(i)].is_number() && (*flags)[static_cast<std::size_t>(i)].get<double>() != 0);
        moeLayers += flagged && i >= firstDense && i % moeFreq == 0 && (i + 1) % sparseStep == 0 &&
                     std::find(mlpOnly.begin(), mlpOnly.end(), i) == mlpOnly.end();
    }
    return moeLayers;
}

// Total and active parameters: attention, linear attention, the MLP (dense or experts), embeddings.
void ConfigCounter::countParameters()
{
    const ConfigReader &c = mC;
    const std::string &type = mM.modelType;
    const bool tie = mTie;
    ConfigModel &m = mM;
    mMla = c.has("kv_lora_rank");
    std::string attnHow;
    const double attn = attentionParams(attnHow);
    const double linear = mLinearLayers > 0 ? linearAttentionParams() : 0.0;
    const double indexer = type == "glm_moe_dsa" ? indexerParams() : type == "minimax_m2" ? minimaxIndexerParams() : 0.0;
    const double v4Extras = type == "deepseek_v4" ? v4LayerExtras() : 0.0;
    // MLP: dense, or experts with a router (and shared experts).
    const double nExperts = c.optNum("num_experts", 0, 1e5).value_or(
        c.optNum("num_local_experts", 0, 1e5).value_or(c.optNum("n_routed_experts", 0, 1e5).value_or(0.0)));
    const double topK = nExperts > 0 ? c.optNum("num_experts_per_tok", 1, 1e4).value_or(c.optNum("experts_per_token", 1, 1e4).value_or(0.0)) : 0.0;
    if (nExperts > 0 && !(topK > 0))
        throw DataError(c.file(), c.where("num_experts_per_tok"), "missing field (experts per token of an MoE model)");
    const double Ie = nExperts > 0 ? c.optNum("moe_intermediate_size", 1, 1e7).value_or(I) : 0.0;
    if (!(I > 0) && !(nExperts > 0 && Ie > 0))
        throw DataError(c.file(), c.where("intermediate_size"), "missing field");
    double expert = 3 * H * Ie;
    if (type == "gpt_oss")
        expert += 2 * Ie + H; // gate/up and down biases
    double shared = 0, router = nExperts * H;
    if (type == "gpt_oss")
        router += nExperts;
    if (type == "deepseek_v3" || type == "kimi_k2" || type == "glm4_moe" || type == "glm_moe_dsa" || type == "minimax_m2")
        router += nExperts; // the routing bias (e_score_correction_bias)
    if (const auto s = c.optNum("shared_expert_intermediate_size", 0, 1e7); s && *s > 0)
        shared = 3 * H * *s + H; // with its gate
    if (const auto s = c.optNum("n_shared_experts", 0, 1000); s && *s > 0) // MiniMax: each shared_intermediate_size wide
        shared = *s * 3 * H * c.optNum("shared_intermediate_size", 0, 1e7).value_or(Ie);
    // A dense layer's MLP (MiniMax M3 sizes it apart from the experts' intermediate_size).
    const double dense = 3 * H * c.optNum("dense_intermediate_size", 1, 1e7).value_or(I);
    const int moeLayers = moeLayerCount(nExperts);
    const int denseLayers = L - moeLayers;
    const double norms = (mGemma ? (type == "gemma" ? 2 : 4) : 2) * H;

    const double emb = V * H, head = tie ? 0.0 : V * H;
    const double attnAll = (mFullLayers + mWindowLayers) * attn + mLinearLayers * linear + mIndexedLayers * indexer + v4Extras;
    const double moeAll = moeLayers * (nExperts * expert + router + shared);
    const double denseAll = denseLayers * dense;
    m.totalParams = emb + head + attnAll + moeAll + denseAll + L * norms + H;
    const double unrouted = moeLayers * (nExperts - topK) * expert;
    m.activeParams = m.totalParams - unrouted;
    m.activeParamsNoEmbedding = m.activeParams - (tie ? 0.0 : emb);

    std::string totalHow = "embeddings " + count(V) + " x " + count(H) + (tie ? " (tied to the output head)" : " + output head the same") +
                           "; attention " + attnHow + " x " + std::to_string(mFullLayers + mWindowLayers) + " layers";
    if (v4Extras > 0)
        totalHow += "; compressors, indexers and hyper-connections " + count(v4Extras);
    if (mIndexedLayers > 0)
        totalHow += "; sparse-attention indexer " + count(indexer) + " per layer x " + std::to_string(mIndexedLayers);
    if (mLinearLayers > 0)
        totalHow += "; Gated DeltaNet " + count(linear) + " per layer x " + std::to_string(mLinearLayers);
    if (denseLayers > 0)
        totalHow += "; dense MLP 3 x " + count(H) + " x " + count(I) + " x " + std::to_string(denseLayers) + " layers";
    if (moeLayers > 0)
        totalHow += "; experts " + count(nExperts) + " x " + count(expert) + " (3 x " + count(H) + " x " + count(Ie) +
                    (type == "gpt_oss" ? " + biases" : "") + ") + router" + (shared > 0 ? " + shared expert " + count(shared) : "") + " x " +
                    std::to_string(moeLayers) + " MoE layers";
    totalHow += "; norms";
    m.figures.push_back({"total parameters", m.totalParams / 1e9, "B", totalHow + " = " + billions(m.totalParams)});
    m.figures.push_back({"active parameters", m.activeParams / 1e9, "B",
                         moeLayers > 0 ? "total minus the " + count(nExperts - topK) + " of " + count(nExperts) + " experts a token skips x " +
                                             std::to_string(moeLayers) + " layers = " + billions(m.activeParams) + " (" +
                                             billions(m.activeParamsNoEmbedding) + " without the input embedding table)"
                                       : "dense: all of them"});
}

// The KV cache, by the catalog's own function, and the context limit.
void ConfigCounter::kvFields()
{
    const ConfigReader &c = mC;
    ConfigModel &m = mM;
    KvArchitectureSpec &k = m.kvSpec;
    k.layers = L;
    k.windowLayers = mWindowLayers;
    if (mM.modelType == "deepseek_v4")
        k.windowTokens = c.optNum("sliding_window", 1, 1e9).value_or(128.0); // its default noted by v4Layout
    else if (mWindowLayers > 0)
        k.windowTokens = c.has("sliding_window") ? c.num("sliding_window", 1, 1e9) : c.num("attention_chunk_size", 1, 1e9);
    k.linearLayers = mLinearLayers;
    k.linearStateBytes = mLinearState;
    if (mM.modelType == "deepseek_v4") { // one K=V row per token: as the catalog writes it, a latent with its RoPE part
        k.latentDim = static_cast<int>(hd - mRope);
        k.ropeDim = static_cast<int>(mRope);
    } else if (mMla) {
        k.latentDim = static_cast<int>(c.num("kv_lora_rank", 1, 1e6));
        k.ropeDim = static_cast<int>(c.num("qk_rope_head_dim", 0, 1e5));
    } else {
        k.kvHeads = static_cast<int>(kvh);
        k.headDim = static_cast<int>(hd);
    }
    try {
        m.kv = kvCost(k, m.kvSparse);
    } catch (const std::invalid_argument &e) {
        throw DataError(c.file(), "(attention)", e.what());
    }
    m.figures.push_back({"KV cache", m.kv.bytesPerToken, "bytes per token (FP16)",
                         (mLayout.empty() ? "" : mLayout + "; ") + m.kv.how + " (" + attentionKindName(m.kv.kind) + ")"});
    m.contextLimitTokens = mGemma3 ? c.num("max_position_embeddings", 512, 1e9, 131072, "Gemma3TextConfig's default")
                                   : c.num("max_position_embeddings", 512, 1e9);
    m.figures.push_back({"context limit", m.contextLimitTokens, "tokens", "max_position_embeddings"});
}

// The row's kv_architecture, in models.json's fields (kvparse.cpp reads it back to the same cost).
json kvArchitectureJson(const ConfigModel &m)
{
    json kv = {{"layers", m.kvSpec.layers}};
    if (m.kvSpec.windowLayers > 0) {
        kv["window_layers"] = m.kvSpec.windowLayers;
        kv["window_tokens"] = m.kvSpec.windowTokens;
    }
    if (m.kvSpec.linearLayers > 0) {
        kv["linear_layers"] = m.kvSpec.linearLayers;
        kv["linear_state_bytes"] = m.kvSpec.linearStateBytes;
    }
    if (m.kvSpec.latentDim > 0) {
        kv["latent_dim"] = m.kvSpec.latentDim;
        kv["rope_dim"] = m.kvSpec.ropeDim;
    } else {
        kv["kv_heads"] = m.kvSpec.kvHeads;
        kv["head_dim"] = m.kvSpec.headDim;
    }
    if (!m.kvSparse.compressed.empty()) {
        json groups = json::array();
        for (const auto &g : m.kvSparse.compressed) {
            json e = {{"layers", g.layers}, {"ratio", g.ratio}};
            if (g.indexDim > 0)
                e["index_dim"] = g.indexDim;
            groups.push_back(e);
        }
        kv["compressed_layers"] = groups;
    }
    if (m.kvSparse.stateBytes > 0)
        kv["state_bytes"] = m.kvSparse.stateBytes;
    if (m.kvSparse.indexDim > 0) {
        kv["index_dim"] = m.kvSparse.indexDim;
        if (m.kvSparse.indexLayers != m.kvSpec.fullLayers())
            kv["index_layers"] = m.kvSparse.indexLayers;
    }
    return kv;
}

} // namespace

ConfigModel readModelConfig(const json &config, const std::string &file) { return ConfigCounter(config, file).read(); }

ImportPreview previewModelConfig(const DataSet &d, const std::string &text, const std::string &file, const ModelImportOptions &o)
{
    ImportPreview p;
    p.kind = "model";
    p.file = file;
    p.format = "config.json";
    const auto problem = [&](const std::string &field, const std::string &msg) { p.errors.push_back({0, field, msg}); };
    json config;
    try {
        config = json::parse(text);
    } catch (const json::parse_error &e) {
        problem("(file)", std::string("not JSON: ") + e.what());
        return p;
    }
    ConfigModel m;
    try {
        m = readModelConfig(config, file);
    } catch (const DataError &e) {
        const std::string what = e.what(), prefix = e.field() + ": ";
        const auto at = what.find(prefix);
        problem(e.field(), at == std::string::npos ? what : what.substr(at + prefix.size()));
        return p;
    }
    std::string name = o.name;
    if (name.empty() && config.is_object() && config.contains("_name_or_path") && config["_name_or_path"].is_string()) {
        name = config["_name_or_path"].get<std::string>();
        name = name.substr(name.find_last_of('/') + 1);
    }
    // An open model added without parameter counts (import index) is completed by its config.
    const OpenModel *waiting = name.empty() ? nullptr : d.openModel(name);
    if (waiting && waiting->paramsTotalB > 0)
        waiting = nullptr;
    if (name.empty())
        problem("--name", "the config does not name the model: give --name");
    else if (d.openModel(name) && !waiting)
        problem("--name", "\"" + name + "\" is already in the catalog");
    if (o.released.empty())
        problem("--released", "a config.json has no release date: give --released YYYY-MM (public weights)");
    else if (!parseDate(o.released))
        problem("--released", "expected YYYY-MM or YYYY-MM-DD, got \"" + o.released + "\"");
    else if (!o.today.empty() && (o.released.size() == 7 ? o.released + "-01" : o.released) > o.today)
        problem("--released", o.released + " is after today (" + o.today + "): weights cannot be public before they are released");
    if (o.source.empty())
        problem("--source", "give --source URL: where a reader can open this config.json");
    if (o.score && !(*o.score >= 0 && *o.score <= 1000)) // NaN too: the window passes a score that is not a number as NaN
        problem("--score", "expected an index score, a number in [0, 1000]");
    for (const auto &f : m.figures)
        p.notes.push_back(f.name + ": " + (f.unit == "B" ? billions(f.value * 1e9) : count(f.value) + " " + f.unit) + " = " + f.how);
    for (const auto &n : m.notes)
        p.notes.push_back(n);
    if (!p.errors.empty())
        return p;
    json kv = kvArchitectureJson(m);
    kv["source"] = o.source + " (config.json: " + m.kv.how + ")";
    json row = {{"name", name},
                {"released", o.released},
                {"params_total_b", std::round(m.totalParams / 1e6) / 1e3},
                {"params_active_b", std::round(m.activeParams / 1e6) / 1e3}};
    if (o.score)
        row["quality"] = *o.score;
    else if (waiting && waiting->quality)
        row["quality"] = *waiting->quality; // the score it was waiting with
    row["kv_architecture"] = kv;
    row["context_limit_tokens"] = m.contextLimitTokens;
    row["context_source"] = o.source + " (config.json max_position_embeddings)";
    row["source"] = o.source + " (config.json; parameters counted from its shapes by import model" +
                    (o.score ? std::string(", score given by the user") : std::string()) + ")";
    p.import.kind = "model";
    p.import.file = file;
    p.import.date = o.today;
    p.import.openModels.push_back(row);
    const std::optional<double> score = o.score ? o.score : waiting ? waiting->quality : std::nullopt;
    p.newModels.push_back(name + " (open, " + billions(m.totalParams) + " total, " + billions(m.activeParams) + " active, released " +
                          o.released + (score ? ", score " + count(*score) : ", no score: left out of the quality law") + ")" +
                          (waiting ? "; completes the catalog's row, which was waiting for its parameter counts" : ""));
    return p;
}

} // namespace ff
