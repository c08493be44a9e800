"""Builds samples/rencana-aksi-disdagkopukm-2024.csv from seed 001 (see samples/README.md for every choice).

    python3 samples/tools/build_disdagkopukm_2024.py /work/shared/seeds/001_ecf598f1c8fc39b9.txt > samples/rencana-aksi-disdagkopukm-2024.csv
"""
import csv
import sys

import seed_quarterly
from build_buleleng_2022 import COLUMNS

OPD, YEAR = "disdagkopukm", 2024
PROGRAMS = [  # name fragment (lower case) -> inferred code
    ("stabilisasi harga", "3.30.04"), ("standarisasi dan perlindungan", "3.30.07"),
    ("pemberdayaan usaha menengah", "2.17.07"), ("pengembangan umkm", "2.17.08"),
    ("pengawasan dan pemeriksaan koperasi", "2.17.03"), ("penilaian kesehatan", "2.17.04"),
    ("pendidikan dan latihan", "2.17.05"), ("pelayanan izin usaha simpan", "2.17.02"),
    ("pemberdayaan dan perlindungan koperasi", "2.17.06"), ("perencanaan dan pembangunan industri", "3.31.02"),
    ("pengendalian izin usaha industri", "3.31.03"), ("sistem informasi industri", "3.31.04"),
    ("sarana distribusi perdagangan", "3.30.03"), ("pengembangan ekspor", "3.30.05"),
    ("penunjang urusan", "3.30.01"),
]
AVERAGE = {"% Ketersediaan barang pokok sepanjang tahun"}  # the domain's example of an average
LEVEL_UNITS = {"orang", "unit"}
UNIT_LOST = {"Pameran Dagang Nasional": "Pelaku Usaha"}  # the unit cell is empty; the sibling rows print this unit
CORRECTED = {"54.54": "54,54", "--": "-"}  # a stray English decimal point and a doubled dash


def number(t):
    try:
        return float(t.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def clean(v):
    v = (v or "").strip()
    return CORRECTED.get(v, v)


def aggregation(indicator, unit, tw):
    values = [number(v) for v in tw if v and v != "-"]
    if indicator.strip() in AVERAGE:
        return "average"
    if "%" in unit:
        return "last"
    increasing = all(b >= a for a, b in zip(values, values[1:])) and len(set(values)) > 1
    if increasing:
        return "cumulative"
    if unit.lower() in LEVEL_UNITS:
        return "last"
    return "sum"


def annual(agg, tw):
    values = [v for v in tw if v and v != "-"]
    if not values:
        return ""
    if agg == "sum":
        total = sum(number(v) for v in values)
        return (f"{total:.2f}".rstrip("0").rstrip(".")).replace(".", ",")
    return values[-1]


def main(path):
    rows_in = seed_quarterly.read(path)
    out, counters = [], {"IKU": 0, "IKP": 0, "IKK": 0, "IKSK": 0}
    ss, program, kegiatan, seq = None, None, None, {}
    ss_count = 0

    def indicator_row(level, code, parent, name, resp, group, prefix):
        uraian, ind, unit = group["cells"]
        unit = unit or UNIT_LOST.get(uraian, "")
        tw = [clean(v) for v in group["tw"]]
        agg = aggregation(ind, unit, tw)
        counters[prefix] += 1
        row = {"opd": OPD, "year": YEAR, "level": level, "node_code": code, "parent_code": parent or "",
               "node_name": name, "indicator_code": f"{prefix}-{counters[prefix]}", "indicator": ind.lstrip("· ").strip(),
               "unit": unit, "polarity": "positive", "aggregation": agg, "schedule": "quarterly",
               "annual_target": annual(agg, tw), "responsible": resp}
        row.update({f"p{i + 1}": v for i, v in enumerate(tw)})
        out.append(row)

    def child_code(parent, kind):
        seq[parent] = seq.get(parent, 0) + 1
        return f"{parent}.2.{seq[parent]:02d}" if kind == "kegiatan" else f"{parent}.{seq[parent]:04d}"

    for r in rows_in:
        groups = r["groups"]
        pj = (r["pj"] or "").strip() or None
        pj = pj[0].upper() + pj[1:] if pj else None
        levels = ["sasaran", "program", "kegiatan"][3 - len(groups):]
        for level, g in zip(levels, groups):
            uraian, ind, unit = g["cells"]
            if level == "sasaran":
                if uraian:
                    ss_count += 1
                    ss = (f"SS{ss_count}", uraian)
                elif ind.startswith("Meningkatnya"):
                    # the name sits in the indicator column and the indicator cell is empty: a new sasaran
                    ss_count += 1
                    ss = (f"SS{ss_count}", ind)
                    g = {"cells": ["", "Pertumbuhan produksi UMKM dan IKM", unit], "tw": g["tw"]}
                indicator_row("sasaran", ss[0], None, ss[1], "Kepala Dinas", g, "IKU")
            elif level == "program":
                code = next(c for k, c in PROGRAMS if k in uraian.lower())
                name = uraian if uraian.lower().startswith("program") else f"Program {uraian}"
                program = code
                indicator_row("program", code, ss[0], name, "Kepala Dinas", g, "IKP")
            else:
                is_kegiatan = len(groups) > 1 or "%" in unit
                if is_kegiatan:
                    kegiatan = child_code(program, "kegiatan")
                    indicator_row("kegiatan", kegiatan, program, uraian, pj, g, "IKK")
                else:
                    code = child_code(kegiatan, "sub")
                    indicator_row("subkegiatan", code, kegiatan, uraian, pj or out[-1]["responsible"], g, "IKSK")
    w = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in out:
        w.writerow({c: row.get(c, "") for c in COLUMNS})


if __name__ == "__main__":
    main(sys.argv[1])
