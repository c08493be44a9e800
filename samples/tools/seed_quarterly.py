"""Reads seed 001 (Rencana Aksi 2024, one table cell per line) into rows of indicator groups.

A table row prints, for each of its columns (Sasaran Strategis, Program, Kegiatan/Sub Kegiatan), the name, the
indicator, the unit and "TW 1 = x"; the next three table rows carry "TW 2 = x" .. "TW 4 = x" for the same columns
in the same order. Groups are right-aligned: the last group of a row is the kegiatan/sub kegiatan column.
"""
import re

TW = re.compile(r"^TW\s*(1|2|3|4|I|II|III|IV)\s*=\s*(.*)$")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def cells(path):
    out = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("\t"):
            out.append(line.strip())
        elif line.strip() and out:
            out[-1] = (out[-1] + " " + line.strip()).strip()
    return out


def read(path):
    tokens = [c for c in cells(path)]
    start = next(i for i, c in enumerate(tokens) if TW.match(c)) - 4
    rows, cur, pending, tw_index = [], None, [], {}
    for c in tokens[start:]:
        m = TW.match(c)
        if not m:
            pending.append(c)
            continue
        q = int(m.group(1)) if m.group(1).isdigit() else ROMAN[m.group(1)]
        value = m.group(2).strip()
        if q == 1:
            if cur is None or cur.get("closed"):
                cur = {"groups": [], "pj": None}
                rows.append(cur)
                tw_index = {}
            cur["groups"].append({"cells": (["", "", ""] + pending)[-3:], "tw": [value, None, None, None]})
        else:
            if cur is None:
                pending = []
                continue
            if not cur.get("closed"):
                cur["closed"] = True
                if any(pending):
                    cur["pj"] = next(p for p in pending if p)
            k = tw_index.get(q, 0)
            if k < len(cur["groups"]):
                cur["groups"][k]["tw"][q - 1] = value
            tw_index[q] = k + 1
        pending = []
    return rows
