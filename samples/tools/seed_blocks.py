"""Reads the 12-line month blocks of seed 000 (Rencana Aksi 2022 Buleleng) into raw records.

Each indicator or budget line of the converted document is a block of 12 lines (Januari..Desember) with the
performance target and the cumulative budget plan side by side; cells shift between pages. This reader only
collects what is printed; build_buleleng_2022.py decides the tree.
"""
import re

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
MONEY = re.compile(r"^\d{1,3}(\.\d{3}){2,}$")
ROLE = re.compile(r"^[A-Z][A-Z .,/()]+$")


def is_money(v):
    return bool(MONEY.match(v))


def read(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, level, section, cur, seen = [], None, None, None, {}
    for ln, line in enumerate(lines, 1):
        s = line.strip().strip("*").strip()
        if s.startswith("ESELON "):
            level = s.split()[1]
            continue
        if s.startswith("Capaian Kinerja Atas Perjanjian Kinerja Staff"):
            level = "STAFF"
            continue
        if level is None:
            continue
        cells = [c.strip() for c in line.split("\t")]
        occ = [i for i, c in enumerate(cells) if c in MONTHS]
        if not occ:
            texts = [c for c in cells if c]
            if (len(texts) == 1 and texts[0] == cells[0] and len(cells) > 3 and not texts[0].startswith("TOTAL")
                    and (texts[0].isupper() or level == "STAFF")):
                section = texts[0]
                seen[section] = seen.get(section, 0) + 1
            if s.startswith("TOTAL"):
                cur = None
            continue
        month = MONTHS.index(cells[occ[0]])
        if cells[occ[0]] == "Januari":
            cur = {"line": ln, "level": level, "section": section, "section_seq": seen.get(section, 0), "no": cells[0],
                   "sasaran": cells[1] if len(cells) > 1 else "", "indicator": cells[2] if len(cells) > 2 else "",
                   "unit": cells[3] if len(cells) > 3 else "", "annual": cells[4] if len(cells) > 4 else "",
                   "name": "", "budget": "", "resp": "", "p": [""] * 12, "b": [""] * 12, "raw": [cells]}
            blocks.append(cur)
            money = [i for i, c in enumerate(cells) if i > 4 and is_money(c)]
            if money:
                cur["budget"] = cells[money[0]]
                names = [c for c in cells[5:money[0]] if c and c not in MONTHS and c != "-" and not re.match(r"^[\d.,%]+$", c)]
                cur["name"] = names[-1] if names else ""
            tail = cells[money[0] + 1:] if money else cells[7:]
            roles = [c for c in tail if c and c not in MONTHS and c != "-" and not is_money(c) and c.isupper()]
            cur["resp"] = roles[-1] if roles else ""
            if not money:
                names = [c for c in cells[7:] if c and c not in MONTHS and not ROLE.match(c) and c != "-"]
                if names:
                    cur["name"] = names[0]
        elif cur is None:
            continue
        else:
            cur["raw"].append(cells)
            # a node name printed on a later line (a merged cell the conversion moved)
            for c in cells:
                if c and c not in MONTHS and not is_money(c) and len(c) > 20 and not cur["name"]:
                    cur["name"] = c
                if is_money(c) and not cur["budget"] and c != cells[occ[0] + 1]:
                    cur["budget"] = c
        has_indicator = bool(cur["indicator"])
        vals = []
        for i in occ:
            m = MONTHS.index(cells[i])
            v = ""
            for j in (i + 1, i + 2, i + 3):
                if j < len(cells) and cells[j] in MONTHS:
                    break
                if j < len(cells) and cells[j]:
                    v = cells[j] if (j == i + 1 or is_money(cells[j])) else ""
                    break
            vals.append((m, i, v))
        for k, (m, i, v) in enumerate(vals):
            if not v:
                continue
            if is_money(v):
                cur["b"][m] = v
            elif len(vals) == 2 and k == 1:
                cur["b"][m] = v
            elif v == "-" and not has_indicator:
                cur["b"][m] = v
            else:
                cur["p"][m] = v
    return blocks
