"""Builds samples/rencana-aksi-buleleng-2022.csv from seed 000 (see samples/README.md for every choice made here).

    python3 samples/tools/build_buleleng_2022.py /work/shared/seeds/000_e75f51d2278e989e.txt > samples/rencana-aksi-buleleng-2022.csv

Values are copied as printed (Indonesian number format, '-', '55,00%', grades); only the tree (codes, parents) and
the aggregation are decided here. The CSV committed is the contract; this script is how it was made.
"""
import csv
import re
import sys

import seed_blocks

OPD, YEAR = "disdagperinkop", 2022
COLUMNS = (["opd", "year", "level", "node_code", "parent_code", "node_name", "indicator_code", "indicator", "unit",
            "polarity", "aggregation", "schedule", "annual_target"] + [f"p{i}" for i in range(1, 13)] + ["budget"] +
           [f"b{i}" for i in range(1, 13)] + ["responsible", "responsible_name", "formula", "data_source"])

SASARAN = [
    ("SS0", "Meningkatnya Akuntabilitas Kinerja SKPD"),
    ("SS1", "Meningkatnya Koperasi yang Berkualitas"),
    ("SS2", "Terwujudnya UMKM yang Mandiri"),
    ("SS3", "Meningkatnya Sektor Perdagangan yang Berkualitas"),
    ("SS4", "Meningkatnya Sektor Perindustrian yang Mandiri"),
    ("SS5", "Meningkatnya Industri Berbasis Komoditas Unggulan Daerah"),
]

# Eselon II: seed line of the block -> (program code, sasaran, program name, indicator code).
# 2.17.01 prints no Eselon II line; its kegiatan (Eselon III, Sekretariat) carry SS0.
PROGRAMS = {
    None: ("2.17.01", "SS0", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", None),
    196: ("2.17.02", "SS1", "Program Pelayanan Izin Usaha Simpan Pinjam", "IKU-1"),
    208: ("2.17.03", "SS1", "Program Pengawasan dan Pemeriksaan Koperasi", None),  # name lost in the conversion
    230: ("2.17.04", "SS1", "Program Penilaian Kesehatan KSP/USP Koperasi", None),
    242: ("2.17.05", "SS1", "Program Pendidikan dan Latihan Perkoperasian", None),
    264: ("2.17.06", "SS1", "Program Pemberdayaan dan Perlindungan Koperasi", None),
    277: ("2.17.07", "SS2", "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)", "IKU-2"),
    299: ("2.17.07-2", "SS2", "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)", "IKU-7"),
    311: ("2.17.08", "SS2", "Program Pengembangan UMKM", None),
    334: ("3.30.02", "SS3", "Program Perizinan dan Pendaftaran Perusahaan", "IKU-3"),
    346: ("3.30.03", "SS3", "Program Peningkatan Sarana Distribusi Perdagangan", None),
    368: ("3.30.04", "SS3", "Program Stabilisasi Harga Barang Kebutuhan Pokok dan Barang Penting", None),
    380: ("3.30.06", "SS3", "Program Penggunaan dan Pemasaran Produk Dalam Negeri", None),
    402: ("3.30.07", "SS3", "Program Standardisasi dan Perlindungan Konsumen", "IKU-4"),
    415: ("3.31.03", "SS4", "Program Pengendalian Izin Usaha Industri Kabupaten/Kota", "IKU-5"),
    437: ("3.31.02", "SS5", "Program Perencanaan dan Pembangunan Industri", "IKU-6"),
}

# Eselon III: seed line of a block that names a kegiatan (or prints its budget) -> (kegiatan code, program code).
# Blocks without a kegiatan of their own belong to the kegiatan above them (a merged cell).
KEGIATAN = {
    471: ("2.17.01.2.01", "2.17.01"), 483: ("2.17.01.2.02", "2.17.01"), 505: ("2.17.01.2.06", "2.17.01"),
    517: ("2.17.01.2.08", "2.17.01"), 539: ("2.17.01.2.09", "2.17.01"), 551: ("2.17.01.2.05", "2.17.01"),
    573: ("2.17.02.2.01", "2.17.02"), 585: ("2.17.05.2.01", "2.17.05"), 607: ("2.17.06.2.01", "2.17.06"),
    619: ("2.17.03.2.01", "2.17.03"), 641: ("2.17.04.2.01", "2.17.04"),
    653: ("2.17.07.2.01", "2.17.07"), 675: ("2.17.07.2.01-2", "2.17.07-2"),
    721: ("2.17.08.2.01", "2.17.08"), 755: ("3.30.02.2.01", "3.30.02"), 777: ("3.30.03.2.01", "3.30.03"),
    789: ("3.30.07.2.01", "3.30.07"), 857: ("3.30.07.2.01-2", "3.30.07"),
    879: ("3.30.04.2.01", "3.30.04"), 891: ("3.30.04.2.01-2", "3.30.04"),
    913: ("3.30.06.2.01", "3.30.06"), 947: ("3.31.03.2.01", "3.31.03"), 981: ("3.31.02.2.01", "3.31.02"),
}
# The second budget line of Menjamin Ketersediaan lost its name in the conversion (a merged cell): same kegiatan.
LOST_KEGIATAN_NAME = {891: "Menjamin Ketersediaan Barang Kebutuhan Pokok dan Barang Penting di Tingkat Daerah Kabupaten/Kota"}

# Eselon IV: seed line of a block that names a sub kegiatan -> parent kegiatan (matched by budget, see README).
SUBKEGIATAN = {
    1058: "2.17.01.2.01", 1160: "2.17.01.2.01", 1182: "2.17.01.2.02", 1204: "2.17.01.2.02", 1294: "2.17.01.2.05",
    1306: "2.17.01.2.06", 1328: "2.17.01.2.06", 1340: "2.17.01.2.06", 1362: "2.17.01.2.06", 1374: "2.17.01.2.06",
    1396: "2.17.01.2.06", 1408: "2.17.01.2.08", 1430: "2.17.01.2.08", 1442: "2.17.01.2.08", 1464: "2.17.01.2.08",
    1476: "2.17.01.2.09", 1498: "2.17.01.2.09", 1510: "2.17.01.2.09", 1532: "2.17.02.2.01", 1634: "2.17.03.2.01",
    1724: "2.17.04.2.01", 1768: "2.17.05.2.01", 1790: "2.17.06.2.01", 1812: "2.17.07.2.01", 1824: "2.17.08.2.01",
    1858: "2.17.07.2.01-2", 1880: "2.17.07.2.01-2", 1902: "2.17.07.2.01-2", 1914: "2.17.07.2.01-2",
    1936: "2.17.07.2.01-2", 1948: "3.30.02.2.01", 1982: "3.30.03.2.01", 2016: "3.30.07.2.01",
    2072: "3.30.07.2.01-2", 2094: "3.30.04.2.01", 2128: "3.30.04.2.01-2", 2184: "3.30.06.2.01",
    2218: "3.31.03.2.01", 2296: "3.31.02.2.01", 2364: "3.31.02.2.01",
}

# Staff tables: position (section heading) -> parent node, by the unit the position works in (see README).
STAFF_PARENT = [
    ("ANALIS PERENCANAAN", "2.17.01.2.01"),
    ("PENYUSUN KEBUTUHAN BARANG INVENTARIS", "2.17.01.2.09"),
    ("PENGADMINISTRASI SARANA DAN PRASARANA PADA SUB. BAGIAN UMUM", "2.17.01.2.09"),
    ("PENGADMINISTRASI KEPEGAWAIAN", "2.17.01.2.05"),
    ("PADA SUB. BAGIAN UMUM", "2.17.01.2.06"),
    ("KEUANGAN", "2.17.01.2.02"),
    ("SUBSTANSI PENGAWASAN", "sub:Pengawasan/ Penyuluhan Metrologi Legal"),
    ("SUBSTANSI PEMERIKSAAN DAN PENGAWASAN", "sub:Pengawasan Kekuatan"),
    ("SUBSTANSI FASILITASI USAHA MIKRO", "sub:Fasilitasi Kemudahan Perizinan Usaha Mikro"),
    ("SUBSTANSI PENINGKATAN KUALITAS KEWIRAUSAHAAN", "sub:Pendataan Potensi"),
    ("SUBSTANSI SARANA DAN PRASARANA INDUSTRI", "sub:Fasilitasi Pemenuhan Komitmen"),
    ("Substansi Pengembangan Sumber Daya Industri", "sub:Koordinasi, Sinkronisasi, dan Pelaksanaan Pembangunan Sumber"),
]

# Indicator codes of the first transcription are kept (re-imports match on them).
KEPT_CODES = {471: "IKK-1", 483: "IKK-2", 505: "IKK-3", 517: "IKK-4", 573: "IKK-5", 641: "IKK-6", 675: "IKK-7",
              551: "IKK-8", 755: "IKK-9", 777: "IKK-10", 879: "IKK-11", 789: "IKK-12", 857: "IKK-13",
              585: "IKK-14", 721: "IKK-15"}
# Levels, not running totals: the first transcription's choices, and targets that repeat one value.
LAST = {"IKK-1", "IKK-4", "IKK-6", "IKK-15"}
SUM = {"IKK-8"}


def number(text):
    t = text.replace("%", "").replace(".", "").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def aggregation(code, annual, periods):
    if code in LAST:
        return "last"
    if code in SUM:
        return "sum"
    values = [number(p) for p in periods if p and p != "-"]
    if any(v is None for v in values) or number(annual) is None:
        return "last"  # grades
    if len(values) > 1 and len(set(values)) == 1:
        return "last"
    return "cumulative"


def title(name):
    return name if not name.isupper() else name.title()


def main(path):
    blocks = seed_blocks.read(path)
    rows, nodes, children = [], {}, {}

    def node(code, level, parent, name, resp, budget_block=None):
        nodes[code] = {"code": code, "level": level, "parent": parent, "name": name, "resp": resp,
                       "budget": budget_block, "indicators": []}
        children.setdefault(parent, []).append(code)

    for code, name in SASARAN:
        node(code, "sasaran", None, name, "KEPALA DINAS")
    for line, (code, ss, name, _) in PROGRAMS.items():
        block = next((b for b in blocks if b["line"] == line), None)
        node(code, "program", ss, name, "KEPALA DINAS", block if block and block["budget"] else None)
        if block and block["indicator"]:
            nodes[code]["indicators"].append((PROGRAMS[line][3], block))

    counters = {"IKK": 15, "IKSK": 0, "IKI": 0}
    sub_seq, current, resp = {}, None, ""
    staff_nodes = {}
    for b in blocks:
        if b["level"] == "II":
            continue
        if b["level"] == "III":
            if b["line"] in KEGIATAN:
                code, program = KEGIATAN[b["line"]]
                name = b["name"] or LOST_KEGIATAN_NAME[b["line"]]
                node(code, "kegiatan", program, name, b["resp"], b if b["budget"] else None)
                current = code
            if b["indicator"]:
                ic = KEPT_CODES.get(b["line"])
                if ic is None:
                    counters["IKK"] += 1
                    ic = f"IKK-{counters['IKK']}"
                nodes[current]["indicators"].append((ic, b))
        elif b["level"] == "IV":
            resp = b["resp"] or resp
            if b["line"] in SUBKEGIATAN:
                parent = SUBKEGIATAN[b["line"]]
                base = parent.split("-")[0]
                sub_seq[base] = sub_seq.get(base, 0) + 1
                current = f"{base}.{sub_seq[base]:02d}"
                node(current, "subkegiatan", parent, b["name"], resp, b if b["budget"] and b["budget"] != "-" else None)
            elif b["name"]:
                raise SystemExit(f"unmapped sub kegiatan on line {b['line']}: {b['name']}")
            if b["indicator"]:
                counters["IKSK"] += 1
                nodes[current]["indicators"].append((f"IKSK-{counters['IKSK']}", b))
        elif b["level"] == "STAFF":
            key = (b["section"], b["section_seq"])
            if key not in staff_nodes:
                parent = next(p for k, p in STAFF_PARENT if k in b["section"])
                if parent.startswith("sub:"):
                    parent = next(c for c, n in nodes.items() if n["level"] == "subkegiatan" and n["name"].startswith(parent[4:]))
                code = f"IND-{len(staff_nodes) + 1:02d}"
                staff_nodes[key] = code
                node(code, "individu", parent, title(b["section"]), b["section"])
            counters["IKI"] += 1
            nodes[staff_nodes[key]]["indicators"].append((f"IKI-{counters['IKI']}", b))

    def emit(code):
        n = nodes[code]
        base = {"opd": OPD, "year": YEAR, "level": n["level"], "node_code": code, "parent_code": n["parent"] or "",
                "node_name": n["name"], "responsible": n["resp"]}
        budget = n["budget"]
        indicators = n["indicators"]
        # the budget goes on the node's primary indicator: the indicator printed on the budget's own line, first
        if budget is not None:
            indicators = sorted(indicators, key=lambda i: i[1] is not budget)
        if not indicators:
            row = dict(base)
            if budget is not None:
                row["budget"] = budget["budget"]
                row.update({f"b{m + 1}": v for m, v in enumerate(budget["b"])})
            rows.append(row)
        for k, (ic, b) in enumerate(indicators):
            row = dict(base)
            row.update({"indicator_code": ic, "indicator": b["indicator"], "unit": b["unit"], "polarity": "positive",
                        "aggregation": aggregation(ic, b["annual"], b["p"]), "schedule": "monthly",
                        "annual_target": b["annual"]})
            row.update({f"p{m + 1}": v for m, v in enumerate(b["p"])})
            if k == 0 and budget is not None:
                row["budget"] = budget["budget"]
                row.update({f"b{m + 1}": v for m, v in enumerate(budget["b"])})
            if n["level"] != "individu" and b["resp"]:
                row["responsible"] = b["resp"] if n["level"] != "subkegiatan" else n["resp"]
            rows.append(row)
        for child in children.get(code, []):
            emit(child)

    for code, _ in SASARAN:
        emit(code)
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    for row in rows:
        out.writerow({c: row.get(c, "") for c in COLUMNS})


if __name__ == "__main__":
    main(sys.argv[1])
