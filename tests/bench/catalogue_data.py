"""A deterministic 10,000-item county catalogue for the benchmarks, written as a real .xlsx."""

from __future__ import annotations

import random
from pathlib import Path

from villagedesk.core.catalogue import COLUMNS, template_rows

VERBS = ["协助开展", "组织", "配合做好", "办理", "宣传", "登记", "调查", "核实", "统计", "上报"]
TOPICS = ["最低生活保障", "居住情况", "人口普查", "森林防火", "征兵", "医疗保险", "养老保险", "退役军人", "殡葬改革",
          "禁毒", "防汛抗旱", "农村危房", "耕地保护", "疫情防控", "集体资产", "土地承包", "宅基地", "困难群众", "留守儿童",
          "高龄津贴", "残疾人补贴", "危险化学品", "环境卫生", "文明实践", "民间纠纷", "村规民约", "公益事业", "水利设施"]
NOUNS = ["工作", "事项", "证明", "申请受理", "入户调查", "信息采集", "动员", "摸底排查"]
LISTS = ["依法自治事项", "协助政府工作事项", "负面清单", "保留出具证明事项", "不应出具证明事项", "机制牌子保留目录"]
BASES = ["《中华人民共和国村民委员会组织法》", "《社会救助暂行办法》", "《中华人民共和国兵役法》", "厅字〔2022〕28号",
         "民发〔2020〕20号", "《中华人民共和国传染病防治法》", "《森林防火条例》"]


def write_catalogue(path: Path, n: int = 10_000, seed: int = 7) -> Path:
    from openpyxl import Workbook

    rng = random.Random(seed)
    meta, header, _ = template_rows()
    meta = [[k, "2030.1" if k == "目录版本" else v] for k, v in meta]
    col = {c.header: i for i, c in enumerate(COLUMNS)}
    wb = Workbook(write_only=True)
    ws_meta = wb.create_sheet("目录信息")
    for row in meta:
        ws_meta.append(row)
    ws = wb.create_sheet("事项")
    ws.append(header)
    for i in range(n):
        lst = LISTS[i % len(LISTS)]
        row = [None] * len(header)
        row[col["清单"]] = lst
        row[col["编码"]] = f"B-{i:05d}"
        row[col["标题"]] = f"{rng.choice(VERBS)}{rng.choice(TOPICS)}{rng.choice(NOUNS)}（第{i}项）"
        row[col["设定依据"]] = rng.choice(BASES)
        row[col["依据条款"]] = f"第{rng.randint(1, 60)}条"
        row[col["来源"]] = "示范"
        row[col["关键词"]] = "、".join(rng.sample(TOPICS, 2))
        row[col["备注"]] = "基准测试数据"
        if lst == "协助政府工作事项":
            row[col["责任部门"]] = "县民政局"
        if lst == "保留出具证明事项":
            row[col["办理时限"]] = "当场"
        if lst == "机制牌子保留目录":
            row[col["牌子类型"]] = "方牌"
            row[col["悬挂位置"]] = "内部"
        ws.append(row)
    wb.save(path)
    return path
