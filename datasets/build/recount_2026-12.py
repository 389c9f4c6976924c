"""Recount total (and active) parameters from config dimensions.

Reads recount_dims_2026-12.csv (next to this file): one row per recount, with the
dimensions copied from a config.json (or from a report's architecture table) and the
source they were copied from. Prints, for every row, the total, the active count and
the arithmetic. Nothing is fetched: every number comes from the CSV.

    python datasets/build/recount_2026-12.py            # every row
    python datasets/build/recount_2026-12.py --check    # only the validation rows
    python datasets/build/recount_2026-12.py KEY ...    # the named rows

Dimension names are those of the Hugging Face config.json (hidden_size, vocab_size,
num_hidden_layers, ...). A few flags name what the config implies for a model type
(qkv_bias, qk_norm, router_bias, ...); the CSV row states them explicitly.

Rows with an `expected` value are checks of a formula against a published exact count
(a checkpoint's safetensors total, a report's exact table): the script prints the
difference. Checks done so far (see the CSV): Gemma 2 report Table 2 non-embedding
counts (gemma family, exact), MiniMax-M2.5 safetensors (moe family, exact after the FP8
scale tensors), Nex-N2-Pro safetensors (qwen_next family + Qwen3-VL-style vision
encoder, exact).

Conventions (as in datasets/README.md): the total counts the language model with its
embeddings (and an untied output head once more); vision/audio encoders and
multi-token-prediction (MTP) layers are not counted. The active count includes the
embedding, the output head, attention, dense MLPs, shared experts, routers and the
top-k routed experts of every MoE layer.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIMS = HERE / "recount_dims_2026-12.csv"


def _num(v):
    v = v.strip()
    if v.lower() in ("true", "false"):
        return v.lower() == "true"
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


def parse_dims(s):
    d = {}
    for part in s.split(";"):
        part = part.strip()
        if part:
            k, v = part.split("=", 1)
            d[k.strip()] = _num(v)
    return d


def glu(h, i):
    """gate, up and down projections without bias"""
    return 3 * h * i


def attn_gqa(d, h):
    """q, k, v, o projections (GQA); optional biases, q/k norms, output gate, k=v sharing."""
    nh = d["num_attention_heads"]
    nkv = d.get("num_key_value_heads") or nh
    hd = d.get("head_dim") or h // nh
    qmul = 2 if d.get("q_gate") else 1  # gated attention: q_proj also emits the output gate
    q = h * nh * hd * qmul
    k = h * nkv * hd
    v = 0 if d.get("k_eq_v") else h * nkv * hd
    o = nh * hd * h
    if d.get("qkv_bias"):
        q += nh * hd * qmul
        k += nkv * hd
        v += 0 if d.get("k_eq_v") else nkv * hd
    if d.get("o_bias"):
        o += h
    qkn = {"head": 2 * hd, "full": nh * hd + nkv * hd}.get(d.get("qk_norm"), 0)
    return q + k + v + o + qkn


def _emb_head(d, h):
    V = d["vocab_size"]
    emb = V * h
    head = 0 if d.get("tie_word_embeddings") else V * h
    txt = f"embedding {V}x{h} = {emb:,}; output head " + ("tied" if not head else f"{V}x{h} = {head:,}")
    return emb, head, txt


# --------------------------------------------------------------------------- families
def fam_dense(d):
    """Decoder with GQA attention and a GLU MLP (Llama, Mistral, Qwen2/3, InternLM2, OLMo 2, Baichuan2 ...).
    mlp_type=mlp: two-matrix MLP (GPT-2/J/NeoX, OPT, Falcon, MPT); mlp_bias; norm_bias (LayerNorm with
    bias); norms_per_layer (default 2); pos_emb (learned absolute positions); head_bias."""
    h = d["hidden_size"]; L = d["num_hidden_layers"]; inter = d["intermediate_size"]
    a = attn_gqa(d, h)
    if d.get("mlp_type") == "mlp":
        m = 2 * h * inter + ((inter + h) if d.get("mlp_bias") else 0)
    else:
        m = glu(h, inter) + ((2 * inter + h) if d.get("mlp_bias") else 0)
    nw = 2 if d.get("norm_bias") else 1
    norms = d.get("norms_per_layer", 2) * nw * h
    emb, head, txt = _emb_head(d, h)
    head_bias = d["vocab_size"] if d.get("head_bias") else 0
    pos = d.get("pos_emb", 0) * h
    final = d.get("final_norms", 1) * nw * h
    per_layer = a + m + norms
    total = emb + head + head_bias + pos + L * per_layer + final
    ar = (txt + (f" + bias {head_bias:,}" if head_bias else "")
          + (f"; learned positions {d['pos_emb']}x{h} = {pos:,}" if pos else "")
          + f"; {L} layers x (attention {a:,} + MLP {m:,} + norms {norms:,}) = {L * per_layer:,}"
          + f"; final norm {final:,}; total {total:,}")
    return total, total, ar


def fam_gemma(d):
    """Gemma 2 / Gemma 3 text decoder: tied embedding, GQA attention (Gemma 3: q/k norms of head_dim,
    qk_norm=head), GLU MLP, four RMSNorms per layer (input, post-attention, pre- and post-feedforward)."""
    h = d["hidden_size"]; V = d["vocab_size"]; L = d["num_hidden_layers"]; inter = d["intermediate_size"]
    a = attn_gqa(d, h)
    m = glu(h, inter)
    norms = 4 * h
    emb = V * h
    nonemb = L * (a + m + norms) + h
    total = emb + nonemb
    ar = (f"embedding {V}x{h} = {emb:,} (tied); {L} layers x (attention {a:,} + MLP {m:,} + 4 norms {norms:,}) "
          f"+ final norm {h} = {nonemb:,} non-embedding; total {total:,}")
    return total, total, ar


def fam_moe(d):
    """GQA attention + MoE MLP (Qwen3-MoE, Mixtral, MiniMax-M2, GLM-4.5, Hunyuan, ...).
    first_k_dense leading dense layers of intermediate_size; n_experts / top_k / moe_intermediate_size;
    n_shared / shared_intermediate_size; shared_gate (sigmoid gate h->1 on the shared expert);
    router_bias (expert score-correction bias)."""
    h = d["hidden_size"]; L = d["num_hidden_layers"]
    E = d["n_experts"]; k = d["top_k"]; mi = d["moe_intermediate_size"]
    ns = d.get("n_shared", 0); si = d.get("shared_intermediate_size") or mi
    fk = d.get("first_k_dense", 0); inter = d.get("intermediate_size", 0)
    a = attn_gqa(d, h)
    router = E * h + (E if d.get("router_bias") else 0)
    shared = ns * glu(h, si) + (h if d.get("shared_gate") else 0)
    moe = E * glu(h, mi) + shared + router
    dense = glu(h, inter)
    norms = 2 * h
    emb, head, txt = _emb_head(d, h)
    base = emb + head + h + L * (a + norms) + fk * dense
    total = base + (L - fk) * moe
    active = base + (L - fk) * (k * glu(h, mi) + shared + router)
    ar = (txt + f"; {L} layers x (attention {a:,} + norms {norms:,})"
          + (f"; {fk} dense MLP x 3x{h}x{inter} = {dense:,} each" if fk else "")
          + f"; {L - fk} MoE layers x ({E} experts x 3x{h}x{mi}"
          + (f" + {ns} shared x 3x{h}x{si}" if ns else "")
          + (" + shared-expert gate" if d.get("shared_gate") else "")
          + f" + router {router:,}) = {moe:,} each; final norm {h}; total {total:,}")
    return total, active, ar


def fam_mla_moe(d):
    """DeepSeek-V2/V3 layout (deepseek-ai/DeepSeek-V3 inference/model.py): MLA attention (wq_a, q_norm,
    wq_b, wkv_a, kv_norm, wkv_b, wo; q_lora_rank=0: a single wq), first_k_dense dense MLPs, then MoE layers
    with n_shared shared experts, router weight and (router_bias) score-correction bias. index_n_heads:
    DeepSeek-V3.2 lightning indexer per layer (wq_b, wk, k_norm LayerNorm with bias, weights_proj);
    indexer_layers: how many layers carry one (default all)."""
    h = d["hidden_size"]; L = d["num_hidden_layers"]; nh = d["num_attention_heads"]
    E = d["n_experts"]; k = d["top_k"]; mi = d["moe_intermediate_size"]; ns = d.get("n_shared", 0)
    fk = d.get("first_k_dense", 0); inter = d["intermediate_size"]
    qr = d.get("q_lora_rank", 0); kvr = d["kv_lora_rank"]
    nope = d["qk_nope_head_dim"]; rope = d["qk_rope_head_dim"]; vd = d["v_head_dim"]
    q = (h * qr + qr + qr * nh * (nope + rope)) if qr else h * nh * (nope + rope)
    a = q + h * (kvr + rope) + kvr + kvr * nh * (nope + vd) + nh * vd * h
    idx = 0
    if d.get("index_n_heads"):
        ih = d["index_n_heads"]; ihd = d["index_head_dim"]
        idx = qr * ih * ihd + h * ihd + 2 * ihd + h * ih
    n_idx = d.get("indexer_layers", L) if idx else 0
    router = E * h + (E if d.get("router_bias") else 0)
    moe = (E + ns) * glu(h, mi) + router
    dense = glu(h, inter)
    norms = 2 * h
    emb, head, txt = _emb_head(d, h)
    base = emb + head + h + L * (a + norms) + n_idx * idx + fk * dense
    total = base + (L - fk) * moe
    active = base + (L - fk) * ((ns + k) * glu(h, mi) + router)
    ar = (txt + f"; {L} layers x (MLA attention {a:,} + norms {norms:,})"
          + (f" + {n_idx} indexers x {idx:,}" if idx else "")
          + f" + {fk} dense MLP x 3x{h}x{inter} = {dense:,} each + {L - fk} MoE layers x (({E} routed + {ns} shared)"
          f" experts x 3x{h}x{mi} + router {router:,}) = {moe:,} each; final norm {h}; total {total:,}")
    return total, active, ar


def fam_qwen_next(d):
    """Qwen3-Next / Qwen3.5 hybrid: gated-DeltaNet linear-attention layers (in_proj_qkvz, in_proj_ba,
    depthwise conv1d without bias, dt_bias, A_log, gated RMSNorm of the value head dim, out_proj) and,
    every full_attention_interval-th layer, gated full attention (q_proj doubled for the gate, q/k norms);
    MLP either dense GLU or MoE with a gated shared expert. Vision encoder and MTP layer not counted."""
    h = d["hidden_size"]; L = d["num_hidden_layers"]
    full = attn_gqa(dict(d, q_gate=True, qk_norm="head"), h)
    nk = d["linear_num_key_heads"]; dk = d["linear_key_head_dim"]
    nv = d["linear_num_value_heads"]; dv = d["linear_value_head_dim"]; kk = d["linear_conv_kernel_dim"]
    conv = 2 * nk * dk + nv * dv
    lin = h * (2 * nk * dk + 2 * nv * dv) + h * 2 * nv + conv * kk + 2 * nv + dv + nv * dv * h
    if d.get("n_experts"):
        E = d["n_experts"]; mi = d["moe_intermediate_size"]; si = d["shared_intermediate_size"]; k = d["top_k"]
        mlp = E * glu(h, mi) + glu(h, si) + h + E * h
        mlp_act = k * glu(h, mi) + glu(h, si) + h + E * h
        mtxt = f"MoE ({E} experts x 3x{h}x{mi} + shared 3x{h}x{si} + shared gate {h} + router {E}x{h}) = {mlp:,}"
    else:
        mlp = mlp_act = glu(h, d["intermediate_size"])
        mtxt = f"MLP 3x{h}x{d['intermediate_size']} = {mlp:,}"
    nf = L // d["full_attention_interval"]; nl = L - nf
    emb, head, txt = _emb_head(d, h)
    base = emb + head + h + nf * full + nl * lin
    total = base + L * (mlp + 2 * h)
    active = base + L * (mlp_act + 2 * h)
    ar = (txt + f"; {nl} linear-attention layers x {lin:,} + {nf} full-attention layers x {full:,}; "
          f"{L} layers x ({mtxt} + 2 norms {2 * h}); final norm {h}; total {total:,}")
    return total, active, ar


def fam_vit_qwen3vl(d):
    """Qwen3-VL / Qwen3.5 vision encoder (for checks of whole-checkpoint counts): Conv3d patch embedding with
    bias, learned position embedding, depth x (2 LayerNorms with bias, qkv and proj with bias, 2-layer MLP with
    bias), patch merger (LayerNorm, two linears with bias)."""
    vh = d["hidden_size"]; vi = d["intermediate_size"]; p = d["patch_size"]; tp = d["temporal_patch_size"]
    ic = d["in_channels"]; m = d["spatial_merge_size"]; out = d["out_hidden_size"]
    patch = ic * tp * p * p * vh + vh
    pos = d["num_position_embeddings"] * vh
    block = 2 * vh + vh * 3 * vh + 3 * vh + vh * vh + vh + 2 * vh + vh * vi + vi + vi * vh + vh
    mh = vh * m * m
    merger = 2 * vh + mh * mh + mh + mh * out + out
    total = patch + pos + d["depth"] * block + merger
    ar = (f"patch embed {patch:,} + positions {pos:,} + {d['depth']} blocks x {block:,} + merger {merger:,} = {total:,}")
    return total, total, ar


def fam_nemotron_h(d):
    """NVIDIA Nemotron-H hybrid (pattern: M = Mamba-2 mixer, * = attention, E = MoE, - = MLP; one RMSNorm per
    block). Mamba-2: in_proj h -> 2*d_inner + 2*n_groups*d_state + n_heads, conv1d (with bias), dt_bias, A_log,
    D, gated norm d_inner, out_proj. MoE: router E x h + score bias, routed experts (2-matrix ReLU^2 MLP on
    moe_latent_size if set, with fc1/fc2 latent projections h<->latent), shared expert on h. MTP not counted."""
    h = d["hidden_size"]; pat = d["pattern"]
    nhm = d["mamba_num_heads"]; di = nhm * d["mamba_head_dim"]; ng = d["n_groups"]; ds = d["ssm_state_size"]
    kk = d["conv_kernel"]
    conv = di + 2 * ng * ds
    mamba = h * (2 * di + 2 * ng * ds + nhm) + conv * kk + (conv if d.get("use_conv_bias") else 0) + 3 * nhm + di + di * h
    attn = attn_gqa(d, h)
    E = d.get("n_experts", 0); mi = d.get("moe_intermediate_size", 0); si = d.get("shared_intermediate_size", 0)
    k = d.get("top_k", 0); lat = d.get("moe_latent_size") or 0
    ed = lat or h
    router = E * h + E
    extra = 2 * h * lat if lat else 0
    moe = E * 2 * ed * mi + 2 * h * si + router + extra
    moe_act = k * 2 * ed * mi + 2 * h * si + router + extra
    mlp = 2 * h * d.get("intermediate_size", 0)
    cost = {"M": (mamba, mamba), "*": (attn, attn), "E": (moe, moe_act), "-": (mlp, mlp)}
    emb, head, txt = _emb_head(d, h)
    total = active = emb + head + h
    counts = {}
    for ch in pat:
        counts[ch] = counts.get(ch, 0) + 1
        total += cost[ch][0] + h
        active += cost[ch][1] + h
    ar = (txt + f"; {counts.get('M', 0)} Mamba-2 blocks x {mamba:,}; {counts.get('*', 0)} attention blocks x {attn:,}"
          + (f"; {counts.get('E', 0)} MoE blocks x {moe:,} ({E} experts x 2x{ed}x{mi}"
             + (f" + latent projections 2x{h}x{lat}" if lat else "") + f" + shared 2x{h}x{si} + router {router:,})"
             if counts.get("E") else "")
          + (f"; {counts.get('-', 0)} MLP blocks x {mlp:,}" if counts.get("-") else "")
          + f"; one norm per block; final norm {h}; total {total:,}")
    return total, active, ar


def fam_minimax_lightning(d):
    """MiniMax-Text-01 / MiniMax-M1: n_linear lightning-attention layers (qkv_proj h -> 3 x heads x head_dim,
    output_gate h -> heads x head_dim, norm of heads x head_dim, out_proj) and n_full softmax-attention layers
    (GQA), every layer an MoE (n_experts x GLU of moe_intermediate_size, router n_experts x h), 2 norms per layer."""
    h = d["hidden_size"]; L = d["num_hidden_layers"]; nh = d["num_attention_heads"]; hd = d["head_dim"]
    nlin = d["n_linear"]; nfull = L - nlin
    lin = h * 3 * nh * hd + h * nh * hd + nh * hd + nh * hd * h
    full = attn_gqa(d, h)
    E = d["n_experts"]; k = d["top_k"]; mi = d["moe_intermediate_size"]
    moe = E * glu(h, mi) + E * h
    emb, head, txt = _emb_head(d, h)
    base = emb + head + h + nlin * lin + nfull * full + L * 2 * h
    total = base + L * moe
    active = base + L * (k * glu(h, mi) + E * h)
    ar = (txt + f"; {nlin} lightning-attention layers x {lin:,} + {nfull} softmax-attention layers x {full:,}; "
          f"{L} MoE layers x ({E} experts x 3x{h}x{mi} + router {E}x{h}) = {moe:,} each; 2 norms per layer; "
          f"final norm {h}; total {total:,}")
    return total, active, ar


def fam_dsv4(d):
    """DeepSeek-V4 layout, parameter shapes as in AI-Hypercomputer/maxtext (layers/attention_compressed.py,
    layers/moe.py, checkpoint_conversion/utils/hf_shape.py DEEPSEEKV4_HF_WEIGHTS_TO_SHAPE), generalised to the
    config's dimensions: per layer 2 RMSNorms; attention q_a (h -> q_lora_rank), q_a_norm, q_b (q_lora_rank ->
    heads x head_dim), single-head kv_proj (h -> kv_lora_rank, default head_dim) + kv_norm, attention sinks
    (one per head), grouped output o_a (heads x head_dim -> o_groups x o_lora_rank) and o_b (-> h); a compressor
    chosen by the layer's compress_ratio (`ratios`, colon-separated, one per layer, MTP entry dropped):
    4 = CSA (kv_proj and gate_proj h -> 2 x head_dim, position_bias 4 x 2 head_dim, kv_norm head_dim, plus an
    indexer: q_b q_lora_rank -> index_n_heads x index_head_dim, kv_proj and gate_proj h -> 2 x index_head_dim,
    position_bias 4 x 2 index_head_dim, kv_norm index_head_dim, weights_proj h -> index_n_heads), 128 = HCA
    (kv_proj and gate_proj h -> head_dim, position_bias 128 x head_dim, kv_norm head_dim), 0 = none; two
    manifold hyper-connections (attn_hc, ffn_hc: fn (2m+m^2) x m h, base 2m+m^2, scale 3, m = hc_mult); MoE
    router E x h (+ E score-correction bias except on the num_hash_layers hash-routed layers), 1 shared expert
    and E routed experts of 3 x h x moe_intermediate_size. Global: embedding, untied head, final norm, hc_head
    (fn m x m h, base m, scale 1). Not counted: the MTP layer and the hash layers' integer token-to-expert
    tables (tid2eid, vocab x top_k, not trainable)."""
    h = d["hidden_size"]; V = d["vocab_size"]; L = d["num_hidden_layers"]; nh = d["num_attention_heads"]
    hd = d["head_dim"]; qr = d["q_lora_rank"]; kvr = d.get("kv_lora_rank") or hd
    og = d["o_groups"]; olr = d["o_lora_rank"]; ih = d["index_n_heads"]; ihd = d["index_head_dim"]
    E = d["n_experts"]; k = d["top_k"]; mi = d["moe_intermediate_size"]; ns = d.get("n_shared", 1)
    m = d["hc_mult"]; nhash = d.get("num_hash_layers", 0)
    ratios = [int(x) for x in str(d["ratios"]).split(":")]
    assert len(ratios) == L, (len(ratios), L)
    attn = h * qr + qr + qr * nh * hd + h * kvr + kvr + nh + nh * hd * olr + og * olr * h
    csa = 2 * (h * 2 * hd) + 4 * 2 * hd + hd
    indexer = qr * ih * ihd + 2 * (h * 2 * ihd) + 4 * 2 * ihd + ihd + h * ih
    hca = 2 * (h * hd) + 128 * hd + hd
    comp = {0: 0, 4: csa + indexer, 128: hca}
    hcd = 2 * m + m * m
    hc = 2 * (hcd * m * h + hcd + 3)
    experts = E * glu(h, mi)
    shared = ns * glu(h, mi)
    router = E * h
    emb, head, txt = _emb_head(d, h)
    glob = emb + head + h + m * m * h + m + 1
    n4 = ratios.count(4); n128 = ratios.count(128); n0 = ratios.count(0)
    per_layer_fixed = 2 * h + attn + hc + shared + router
    total = glob + L * per_layer_fixed + n4 * comp[4] + n128 * comp[128] + (L - nhash) * E + L * experts
    active = total - L * experts + L * k * glu(h, mi)
    extra_txt = ""
    if d.get("with_mtp_and_tables"):  # for checks of whole-checkpoint counts only
        mtp_layer = 2 * h + attn + hc + shared + router + E + experts  # compress_ratio 0, not hash-routed
        mtp = 2 * h + 2 * h * h + mtp_layer + h + (m * m * h + m + 1)  # enorm, hnorm, eh_proj, layer, norm, hc_head
        tables = nhash * V * k
        total += mtp + tables
        extra_txt = f"; + MTP layer {mtp:,} (enorm, hnorm, eh_proj 2x{h}x{h}, layer, norm, hc_head) + tid2eid tables {nhash}x{V}x{k} = {tables:,}"
    ar = (txt + f"; final norm {h} + hc_head {m * m * h + m + 1:,}; {L} layers x (2 norms {2 * h:,} + attention "
          f"{attn:,} + 2 hyper-connections {hc:,} + shared expert 3x{h}x{mi} = {shared:,} + router {E}x{h} = "
          f"{router:,} + {E} routed experts x 3x{h}x{mi} = {experts:,}); {n4} CSA layers x (compressor {csa:,} + "
          f"indexer {indexer:,}); {n128} HCA layers x {hca:,}; {n0} layers without compressor; score-correction "
          f"bias {E} on {L - nhash} non-hash layers" + extra_txt + f"; total {total:,}")
    return total, active, ar


def fam_gemma4(d):
    """Gemma 4 text decoder (26B-A4B, 31B), parameter shapes as in AI-Hypercomputer/maxtext
    checkpoint_conversion/utils/hf_shape.py GEMMA4_HF_WEIGHTS_TO_SHAPE: tied embedding; every full_every-th layer
    is a global (full-attention) layer with global_head_dim and num_global_key_value_heads, the others sliding
    layers with head_dim and num_key_value_heads; q, k, v, o projections (attention_k_eq_v=true: global layers
    have no separate v_proj), q_norm and k_norm of the layer's head dim (v_norm has no weight, not counted), four
    RMSNorms and a layer_scalar per layer; dense GLU MLP of intermediate_size; with n_experts (26B-A4B) each layer
    also carries a router (scale h, proj E x h, per_expert_scale E), three extra norms and E experts of
    3 x h x moe_intermediate_size. Vision encoder not counted."""
    h = d["hidden_size"]; V = d["vocab_size"]; L = d["num_hidden_layers"]; inter = d["intermediate_size"]
    nh = d["num_attention_heads"]; nkv = d["num_key_value_heads"]; hd = d["head_dim"]
    ghd = d["global_head_dim"]; ngkv = d["num_global_key_value_heads"]; per = d["full_every"]
    kev = d.get("attention_k_eq_v"); E = d.get("n_experts") or 0; mi = d.get("moe_intermediate_size") or 0
    k = d.get("top_k") or 0
    def attn(glob):
        dd = ghd if glob else hd; kv = ngkv if glob else nkv
        v = 0 if (glob and kev) else kv * dd * h
        return 2 * nh * dd * h + kv * dd * h + v + 2 * dd
    a_loc = attn(False); a_glob = attn(True)
    n_glob = sum(1 for i in range(L) if i % per == per - 1); n_loc = L - n_glob
    mlp = glu(h, inter)
    moe = (3 * h + h + E * h + E + E * glu(h, mi)) if E else 0
    per_layer = mlp + 4 * h + 1 + moe
    emb = V * h
    total = emb + h + n_loc * a_loc + n_glob * a_glob + L * per_layer
    active = total - (L * (E - k) * glu(h, mi) if E else 0)
    ar = (f"embedding {V}x{h} = {emb:,} (tied); {n_loc} sliding layers x attention {a_loc:,} + {n_glob} global layers "
          f"x attention {a_glob:,}" + (" (k=v: no v_proj)" if kev else "")
          + f"; {L} layers x (MLP 3x{h}x{inter} = {mlp:,} + 4 norms + layer_scalar {4 * h + 1:,}"
          + (f" + MoE ({E} experts x 3x{h}x{mi} + router and 3 norms {3 * h + h + E * h + E:,}) = {moe:,}" if E else "")
          + f"); final norm {h}; total {total:,}")
    return total, active, ar


def fam_afmoe(d):
    """Arcee AFMoE (Trinity): as fam_moe (GQA attention with q/k norms of head_dim, first_k_dense dense GLU layers,
    then MoE layers with n_shared shared experts, router E x h and expert_bias E), plus the gated attention output
    (gate_proj h -> heads x head_dim, set q_gate=true) and four RMSNorms per layer (input, post-attention, pre- and
    post-MLP) instead of two, per Hugging Face transformers' AFMoE modeling code."""
    total, active, ar = fam_moe(d)
    extra = d["num_hidden_layers"] * 2 * d["hidden_size"]
    return total + extra, active + extra, ar.replace("; total ", f"; + 2 more norms per layer {extra:,}; total ").rsplit("; total ", 1)[0] + f"; total {total + extra:,}"


def fam_gemma4_small(d):
    """Gemma 4 small text decoder (E2B, E4B), parameter shapes as in AI-Hypercomputer/maxtext
    checkpoint_conversion/utils/hf_shape.py GEMMA4_SMALL_HF_WEIGHTS_TO_SHAPE: tied embedding; Per-Layer Embeddings
    (embed_tokens_per_layer vocab_ple x (L x ple), per_layer_model_projection (L x ple) x h, per_layer_projection_norm
    ple; per layer per_layer_input_gate ple x h, per_layer_projection h x ple, post_per_layer_input_norm h); every
    full_every-th layer is global (global_head_dim); the last num_kv_shared_layers layers share KV and carry no
    k_proj, v_proj or k_norm; use_double_wide_mlp doubles intermediate_size on those shared layers; q_norm (and k_norm
    where present) of the layer's head dim, v_norm has no weight (not counted); four RMSNorms and a layer_scalar per
    layer. Vision and audio encoders not counted."""
    h = d["hidden_size"]; V = d["vocab_size"]; L = d["num_hidden_layers"]; inter = d["intermediate_size"]
    nh = d["num_attention_heads"]; nkv = d["num_key_value_heads"]; hd = d["head_dim"]; ghd = d["global_head_dim"]
    ngkv = d.get("num_global_key_value_heads") or nkv; per = d["full_every"]
    ple = d.get("hidden_size_per_layer_input") or 0; Vp = d.get("vocab_size_per_layer_input") or 0
    nsh = d.get("num_kv_shared_layers") or 0; dw = d.get("use_double_wide_mlp")
    first_shared = L - nsh
    emb = V * h
    ple_emb = (Vp * L * ple + L * ple * h + ple) if ple else 0
    att = mlp = rest = 0
    for i in range(L):
        glob = (i % per) == per - 1
        shared = i >= first_shared
        dd = ghd if glob else hd
        kv = (ngkv if glob else nkv) * dd
        att += 2 * nh * dd * h + dd + (0 if shared else 2 * kv * h + dd)
        mlp += glu(h, 2 * inter if (shared and dw) else inter)
        rest += 4 * h + 1 + ((2 * ple * h + h) if ple else 0)
    total = emb + h + ple_emb + att + mlp + rest
    ar = (f"embedding {V}x{h} = {emb:,} (tied); per-layer embeddings {Vp}x({L}x{ple}) + projection ({L}x{ple})x{h} + "
          f"norm {ple} = {ple_emb:,}; attention over {L} layers ({L // per} global, last {nsh} KV-shared without k/v) "
          f"= {att:,}; MLPs (GLU {inter}" + (", doubled on shared layers" if dw else "") + f") = {mlp:,}; "
          f"norms, layer_scalars and per-layer gates/projections = {rest:,}; final norm {h}; total {total:,}")
    return total, total, ar


FAMILIES = {"dense": fam_dense, "gemma": fam_gemma, "moe": fam_moe, "mla_moe": fam_mla_moe,
            "qwen_next": fam_qwen_next, "vit_qwen3vl": fam_vit_qwen3vl, "nemotron_h": fam_nemotron_h,
            "minimax_lightning": fam_minimax_lightning,
            "dsv4": fam_dsv4, "gemma4": fam_gemma4, "afmoe": fam_afmoe,
            "gemma4_small": fam_gemma4_small}


def recount(family, dims):
    return FAMILIES[family](dims)


def load_rows():
    return list(csv.DictReader(open(DIMS, encoding="utf-8")))


def results():
    """{key: (total, active, arithmetic)} for every row of the dims CSV."""
    out = {}
    for r in load_rows():
        out[r["key"]] = recount(r["family"], parse_dims(r["dims"]))
    return out


def main(argv):
    check_only = "--check" in argv
    keys = [a for a in argv if not a.startswith("--")]
    rows = load_rows()
    res = {}
    bad = 0
    for r in rows:
        total, active, ar = recount(r["family"], parse_dims(r["dims"]))
        res[r["key"]] = total
        if keys and r["key"] not in keys:
            continue
        if check_only and not r.get("expected"):
            continue
        line = f"{r['key']}: total {total:,} ({total / 1e9:.3f}B); active {active:,} ({active / 1e9:.3f}B)"
        if r.get("expected"):
            exp = int(r["expected"].replace(",", ""))
            got = total
            if r.get("expected_plus"):  # the check compares a sum of rows with the published count
                got = total + sum(res[k] for k in r["expected_plus"].split("+"))
            diff = got - exp
            line += f"; compared {got:,} with published {exp:,}: diff {diff:+,} ({diff / exp:+.5%})"
            if abs(diff) / exp > float(r.get("tolerance") or 0):
                bad += 1
                line += "  <-- OUTSIDE TOLERANCE"
        print(line)
        print("    " + ar)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
