"""A seeded generator of realistic California DOJ research files (95 fields, header row).

    python benchmarks/ca_doj_generate.py --rows 1000000 --out /tmp/doj-1m.dat --seed 1

Shape (docs/ca-doj.md, "Benchmark data"): about 93 rows per person (arrest and court steps,
one row per count and sentence part); about 3.5% of rows are cannabis convictions; a quarter
of cases are in other counties; each conviction has 1-3 sentence parts; cannabis charges use
the spellings seen in DOJ data (lettered subdivisions, ``SEE COMMENT FOR CHARGE``, the four
spellings of attempts); a few registrations and deaths; about 1 row in 40,000 is malformed
(a dropped field) and 1 in 40,000 has an unparseable date.  Fabricated names and numbers.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clearlaw.ca_doj.format import COLUMNS

IDX = {c: i for i, c in enumerate(COLUMNS)}
CANNABIS = [
    "11357(A) HS-POSSESS CONCENTRATED CANNABIS",
    "11357(B) HS-POSSESS MARIJUANA",
    "11357(C) HS-POSS MARIJUANA OVER 1 OZ/28.5 GRAM",
    "11357 HS-POSSESSION OF MARIJUANA",
    "11358 HS-PLANT/CULTIVATE/ETC MARIJUANA/HASH",
    "11358(C) HS-CULTIVATE MARIJUANA 6+ PLANTS",
    "11359 HS-MARIJUANA POSSESS FOR SALE",
    "11359(B) HS-POSSESS MARIJUANA FOR SALE",
    "11359B HS-MARIJUANA POSSESS FOR SALE",
    "11360(A) HS-GIVE/ETC MARIJ OVER 1 OZ/28.5 GRM",
    "11360A2 HS-SELL/FURNISH/ETC MARIJUANA/HASH",
    "11360 HS-SELL/TRANSPORT/ETC MARIJUANA/HASH",
    "664/11357 HS-ATTEMPT POSSESS MARIJUANA",
    "664.11359 HS-ATTEMPT POSSESS FOR SALE",
    "66411360 HS-ATTEMPT SELL MARIJUANA",
    "664-11358 HS-ATTEMPT CULTIVATE",
    "SEE COMMENT FOR CHARGE",
]
OTHER = [
    "459 PC-BURGLARY",
    "484(A) PC-THEFT",
    "488 PC-PETTY THEFT",
    "647(F) PC-DISORDERLY CONDUCT:INTOX",
    "23152(A) VC-DUI ALCOHOL/DRUGS",
    "23152(B) VC-DUI 0.08 PERCENT",
    "11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE",
    "11377(A) HS-POSSESS CONTROLLED SUBSTANCE",
    "11364 HS-POSSESS CONTROLLED SUBSTANCE PARAPHERNALIA",
    "10851(A) VC-TAKE VEHICLE W/O OWNER CONSENT",
    "245(A)(1) PC-FORCE/ADW NOT FIREARM:GBI LIKELY",
    "273.5(A) PC-INFLICT CORPORAL INJ SPOUSE/COHAB",
    "12500(A) VC-DRIVE WITHOUT LICENSE",
    "14601.1(A) VC-DRIVE WHILE LIC SUSPENDED",
    "496(A) PC-RECEIVE/ETC KNOWN STOLEN PROPERTY",
    "211 PC-ROBBERY",
    "148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER",
    "288(A) PC-LEWD OR LASCIV ACTS W/CHILD UNDER 14",
    "187 PC-MURDER",
]
OTHER_WEIGHTS = [12, 10, 8, 8, 9, 6, 7, 7, 6, 4, 4, 4, 5, 5, 3, 2, 5, 0.3, 0.1]
COUNTIES = ["SAN BERNARDINO", "ORANGE", "RIVERSIDE", "SAN DIEGO", "KERN", "VENTURA", "ALAMEDA"]
FIRST = [
    "JAMES",
    "MARIA",
    "ROBERT",
    "LINDA",
    "JOSE",
    "PATRICIA",
    "MICHAEL",
    "ANA",
    "DAVID",
    "KAREN",
]
LAST = ["GARCIA", "SMITH", "NGUYEN", "JOHNSON", "LOPEZ", "BROWN", "KIM", "DAVIS", "MARTINEZ", "LEE"]
SENTENCES = [("JAIL", "D"), ("PROBATION", "Y"), ("FINE", ""), ("PRISON", "Y"), ("JAIL", "M")]


def _date(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randint(lo, hi):04d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


class Generator:
    def __init__(self, seed: int, county: str, cannabis_share: float = 0.11) -> None:
        self.rng = random.Random(seed)
        self.county = county
        self.cannabis_share = cannabis_share
        self.stats = {
            "rows": 0,
            "people": 0,
            "cannabis_conviction_rows": 0,
            "malformed": 0,
            "bad_dates": 0,
        }

    def person(self, subject: int) -> list[list[str]]:
        rng = self.rng
        base = ["  -  "] * len(COLUMNS)  # the DOJ extract's unused-cell filler
        base[IDX["SUBJECT_ID"]] = str(subject)
        base[IDX["CII_NUMBER"]] = f"{rng.randint(10**9, 10**10 - 1)}"
        base[IDX["PRI_NAME"]] = (
            f"{rng.choice(LAST)},{rng.choice(FIRST)} {chr(65 + rng.randint(0, 25))}"
        )
        birth_year = rng.randint(1945, 1998)
        base[IDX["PRI_DOB"]] = _date(rng, birth_year, birth_year)
        base[IDX["GENDER"]] = rng.choice("MF")
        base[IDX["END_OF_REC"]] = "#"
        for sep in ("REQ_SEG_SEP", "CNT_SEG_SEP", "SENT_SEG_SEP"):
            base[IDX[sep]] = "#"
        rows: list[list[str]] = []
        target = max(3, int(rng.gauss(93, 25)))
        cycle = 100
        while len(rows) < target:
            cycle += 1
            year = rng.randint(max(birth_year + 16, 1975), 2019)
            arrest = _date(rng, year, year)
            court = arrest[:4] + f"{min(12, int(arrest[4:6]) + 1):02d}" + arrest[6:]
            county = self.county if rng.random() < 0.75 else rng.choice(COUNTIES)
            n_counts = rng.choice((1, 1, 2, 2, 3, 4))
            offenses = []
            for _ in range(n_counts):
                if rng.random() < self.cannabis_share:
                    offenses.append((rng.choice(CANNABIS), True))
                else:
                    offenses.append((rng.choices(OTHER, OTHER_WEIGHTS)[0], False))
            for step, (when, kind) in enumerate(
                ((arrest, "ARREST/DETAINED/CITED"), (court, "COURT ACTION")), 1
            ):
                ofn = (
                    f"{rng.randint(10**7, 10**8 - 1)}"
                    if kind == "COURT ACTION" and rng.random() < 0.9
                    else "NULL"
                )
                for k, (descr, cannabis) in enumerate(offenses, 1):
                    row = list(base)
                    row[IDX["CYC_ORDER"]] = str(cycle)
                    row[IDX["CYC_DATE"]] = arrest
                    row[IDX["STP_ORDER"]] = str(step)
                    row[IDX["STP_EVENT_DATE"]] = when
                    row[IDX["STP_TYPE_DESCR"]] = kind
                    row[IDX["STP_ORI_CNTY_NAME"]] = county
                    row[IDX["CNT_ORDER"]] = f"{cycle:03d}{step:03d}{k:03d}000"
                    row[IDX["OFN"]] = ofn
                    row[IDX["OFFENSE_DESCR"]] = descr.ljust(48)  # fixed-width in the extract
                    row[IDX["COMMENT_TEXT"]] = " " * 40
                    if descr.startswith("SEE COMMENT"):
                        row[IDX["COMMENT_TEXT"]] = (
                            f"CHRG {rng.choice(('11357', '11358', '11359', '11360'))} HS".ljust(40)
                        )
                    felony = rng.random() < (0.45 if cannabis else 0.3)
                    row[IDX["OFFENSE_TOC"]] = "F" if felony else "M"
                    row[IDX["CYC_AGE"]] = str(int(arrest[:4]) - birth_year)
                    if kind == "ARREST/DETAINED/CITED":
                        rows.append(row)
                        continue
                    if rng.random() < 0.55:
                        row[IDX["DISP_DESCR"]] = rng.choice(
                            ("CONVICTED-JAIL", "CONVICTED-PROBATION", "CONVICTED")
                        )
                        row[IDX["CONV_STAT_DESCR"]] = (
                            "FELONY" if felony else rng.choice(("MISDEMEANOR", ""))
                        )
                        for part in range(rng.choice((1, 1, 2, 3))):
                            loc, unit = rng.choice(SENTENCES)
                            sentenced = list(row)
                            sentenced[IDX["SENT_ORDER"]] = str(part + 1)
                            sentenced[IDX["SENT_LOC_DESCR"]] = loc
                            sentenced[IDX["SENT_LENGTH"]] = str(rng.randint(1, 36)) if unit else ""
                            sentenced[IDX["SENT_TIME_CODE"]] = unit
                            rows.append(sentenced)
                            if cannabis and county == self.county:
                                self.stats["cannabis_conviction_rows"] += 1
                    else:
                        row[IDX["DISP_DESCR"]] = rng.choice(
                            ("DISMISSED/CHARGE DROPPED", "DISMISSED-FURTHERANCE OF JUSTICE")
                        )
                        rows.append(row)
            if rng.random() < 0.004:
                reg = list(base)
                reg[IDX["STP_TYPE_DESCR"]] = "REGISTRATION"
                reg[IDX["STP_EVENT_DATE"]] = court
                reg[IDX["CNT_ORDER"]] = f"{cycle:03d}003001000"
                reg[IDX["OFFENSE_DESCR"]] = "290 PC-REGISTRATION OF SEX OFFENDER"
                rows.append(reg)
        if rng.random() < 0.01:
            dead = list(base)
            dead[IDX["STP_TYPE_DESCR"]] = "DECEASED"
            dead[IDX["STP_EVENT_DATE"]] = _date(rng, 2019, 2020)
            dead[IDX["CNT_ORDER"]] = f"{cycle + 1:03d}001001000"
            rows.append(dead)
        return rows

    def write(self, path: Path, n_rows: int) -> dict[str, int]:
        rng = self.rng
        subject = 10_000_000
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(COLUMNS)
            while self.stats["rows"] < n_rows:
                subject += 1
                self.stats["people"] += 1
                for row in self.person(subject):
                    if self.stats["rows"] >= n_rows:
                        break
                    r = rng.random()
                    if r < 1 / 40_000:
                        row = row[:30] + row[31:]  # a dropped field
                        self.stats["malformed"] += 1
                    elif r < 2 / 40_000:
                        row[IDX["STP_EVENT_DATE"]] = row[IDX["STP_EVENT_DATE"]][:6] + "45"
                        self.stats["bad_dates"] += 1
                    w.writerow(row)
                    self.stats["rows"] += 1
        return self.stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--county", default="LOS ANGELES")
    args = p.parse_args(argv)
    stats = Generator(args.seed, args.county).write(Path(args.out), args.rows)
    share = stats["cannabis_conviction_rows"] / max(1, stats["rows"])
    print(
        f"{args.out}: {stats['rows']:,} rows, {stats['people']:,} people "
        f"({stats['rows'] / max(1, stats['people']):.1f} rows/person), "
        f"{share:.1%} cannabis conviction rows in the county, "
        f"{stats['malformed']} malformed rows, {stats['bad_dates']} bad dates"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
