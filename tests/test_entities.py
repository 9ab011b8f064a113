import pytest

from landscape import paths
from landscape.checks import Collector
from landscape.entities import load_entities


@pytest.fixture(scope="module")
def table():
    collector = Collector()
    table = load_entities(paths.entities_csv(paths.ROOT / "data"), paths.aliases_csv(paths.ROOT / "data"), collector)
    assert not collector.violations
    return table


@pytest.mark.parametrize("name, entity_id", [
    ("豆包", "doubao"), ("Doubao", "doubao"), ("文小言", "wenxiaoyan"), ("ERNIE Bot", "wenxiaoyan"),
    ("文心一言", "wenxiaoyan"), ("字节跳动", "bytedance"), ("Tongyi Qianwen", "qwen"), ("Qwen", "qwen"),
    ("01.ai", "01-ai"), ("Baichuan AI", "baichuan"), ("Nvidia Hopper (H100/H200/H20)", "hopper"),
    ("bytedance", "bytedance"), ("KIMI", "kimi"),
])
def test_aliases_resolve_in_english_and_chinese(table, name, entity_id):
    assert table.resolve(name) == entity_id


def test_unknown_names_do_not_resolve(table):
    assert table.resolve("Acme Robotics") is None


def test_required_players_and_chips_are_covered(table):
    required = ["bytedance", "doubao", "cici-ai", "douyin", "tiktok", "volcano-engine", "baidu", "alibaba",
                "qwen", "quark", "tencent", "yuanbao", "hunyuan", "moonshot-ai", "kimi", "zhipu-ai", "01-ai",
                "minimax", "baichuan", "deepseek", "iflytek", "stepfun", "openai", "chatgpt", "anthropic",
                "google", "meta", "microsoft", "amazon", "xai", "mistral-ai", "nvidia", "h20", "h100", "h200",
                "h800", "a100", "blackwell", "b200", "gb200", "ascend-910b", "mi300"]
    assert set(required) <= table.ids
    parents = {e["entity_id"]: e["parent_id"] for e in table.entities}
    assert parents["doubao"] == "bytedance" and parents["wenxiaoyan"] == "baidu" and parents["h20"] == "nvidia"


def test_bad_alias_and_parent_rows_name_file_and_line(tmp_path):
    entities = tmp_path / "entities.csv"
    aliases = tmp_path / "aliases.csv"
    entities.write_text("entity_id,name,kind,parent_id,country,color,family\n"
                        "a,A,company,,X,#000000,\nb,B,product,zzz,X,#000000,\nc,C,planet,,X,#000000,\n")
    aliases.write_text("alias,entity_id\nAy,a\nBee,nope\n")
    collector = Collector()
    load_entities(entities, aliases, collector)
    found = {(v.file.rsplit("/", 1)[-1], v.line) for v in collector.violations}
    assert found == {("entities.csv", 3), ("entities.csv", 4), ("aliases.csv", 3)}
